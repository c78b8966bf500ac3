"""The docs site in a real browser: Debian's headless chromium, driven through chromedriver.

`.ci/run` installs chromium and chromium-driver when they are missing; this test does not
skip without them, it fails. A screenshot of the event page is kept in test-artifacts/.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from alfred_contracts.docs import pages as docsgen
from alfred_contracts.schema.catalog import Catalog

from conftest import ROOT
from sitebuild import serve

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    assert Path(CHROMIUM).exists(), "chromium is missing: apt-get install chromium chromium-driver"
    assert Path(CHROMEDRIVER).exists(), "chromedriver is missing: apt-get install chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1800",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _severe(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _open(driver: webdriver.Chrome, url: str) -> None:
    driver.get_log("browser")  # drop entries from earlier pages
    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def test_event_page_shows_every_field_and_no_console_error(
    browser: webdriver.Chrome, base_url: str, catalog: Catalog
) -> None:
    _open(browser, base_url + "reference/job_start_event/")
    assert browser.title.startswith("JobStartEvent")
    table = browser.find_element(By.XPATH, "//h2[@id='fields']/following::table[1]")
    shown = [cell.text for cell in table.find_elements(By.CSS_SELECTOR, "tbody tr td:first-child")]
    expected = [item.path for item in docsgen.fields(catalog, "job_start_event")]
    assert shown == expected
    assert browser.find_elements(
        By.CSS_SELECTOR, "button.md-code__button[data-clipboard-target]"
    ), "copy buttons"
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "docs-job_start_event.png"))
    assert _severe(browser) == []


def test_search_finds_job_id(browser: webdriver.Chrome, base_url: str) -> None:
    _open(browser, base_url + "reference/job_start_event/")
    browser.find_element(By.TAG_NAME, "body").send_keys("/")  # the site's search shortcut

    def search_box(driver: webdriver.Chrome) -> Any:
        active = driver.switch_to.active_element
        return active if "md-search__input" in (active.get_attribute("class") or "") else False

    box = WebDriverWait(browser, 10).until(search_box)
    box.send_keys("job_id")
    results = WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item a") or False
    )
    targets = [r.get_attribute("href") or "" for r in results]
    assert any("reference/job_start_event/" in t for t in targets), targets
    box.send_keys(Keys.ESCAPE)
    assert _severe(browser) == []


def test_schema_download_link_returns_the_schema(browser: webdriver.Chrome, base_url: str) -> None:
    _open(browser, base_url + "reference/job_start_event/")
    link = browser.find_element(By.LINK_TEXT, "schema")
    href = link.get_attribute("href") or ""
    assert href.endswith("/schemas/job_start_event.schema.json")
    with urllib.request.urlopen(href) as response:  # the link the reader would follow
        served = json.loads(response.read())
    assert served == json.loads((ROOT / "schemas" / "job_start_event.schema.json").read_text())
    browser.get(href)
    assert json.loads(browser.find_element(By.TAG_NAME, "body").text)["$id"] == served["$id"]


def test_home_page_renders_the_flow_diagram_without_a_cdn(
    browser: webdriver.Chrome, base_url: str
) -> None:
    _open(browser, base_url)
    WebDriverWait(browser, 30).until(
        lambda d: d.execute_script(
            # the diagram renders into a closed shadow root: judge it by the space it takes
            "const el = document.querySelector('div.mermaid');"
            "return !!el && el.getBoundingClientRect().height > 100;"
        )
    )
    assert _severe(browser) == []


def test_dark_mode_toggle_switches_the_palette(browser: webdriver.Chrome, base_url: str) -> None:
    _open(browser, base_url + "guides/profiles/")
    before = browser.execute_script("return document.body.getAttribute('data-md-color-scheme')")
    browser.find_element(
        By.CSS_SELECTOR, "form[data-md-component='palette'] label:not([hidden])"
    ).click()
    after = browser.execute_script("return document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}

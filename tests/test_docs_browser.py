"""The docs site in a real browser: Debian's headless chromium, driven through chromedriver.

`.ci/run` installs chromium and chromium-driver when they are missing; this test does not
skip without them, it fails. Only ``ALFRED_CONTRACTS_NO_BROWSER=1`` (``make test
NO_BROWSER=1``, for a machine where chromium cannot be installed) skips it, with the
reason shown, and never under CI: there, asking to skip fails the suite. A screenshot of
the event page is kept in test-artifacts/.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from alfred_contracts.docs import lifecycle, reference
from alfred_contracts.docs import pages as docsgen
from alfred_contracts.schema.catalog import Catalog

from conftest import ROOT
from sitebuild import serve

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
#: set (to anything but 0/false/no) to skip the browser tests, outside CI
NO_BROWSER = "ALFRED_CONTRACTS_NO_BROWSER"


def _set(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def no_browser(environ: Mapping[str, str]) -> str | None:
    """Why the browser tests are skipped, or None when they run.

    Under CI (``CI`` set, as CI services set it) asking to skip them fails instead: CI
    always runs them."""
    if not _set(environ, NO_BROWSER):
        return None
    if _set(environ, "CI"):
        pytest.fail(
            f"{NO_BROWSER} is set under CI (CI={environ['CI']}): CI must run the docs browser "
            f"tests, so it may not skip them; unset {NO_BROWSER} (or NO_BROWSER for make)",
            pytrace=False,
        )
    return (
        f"{NO_BROWSER} is set (make test NO_BROWSER=1): the docs browser tests, which need "
        "Debian's chromium and chromium-driver, are skipped"
    )


def _skip_without_browser() -> None:
    reason = no_browser(os.environ)
    if reason is not None:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def base_url(request: pytest.FixtureRequest) -> Iterator[str]:
    _skip_without_browser()  # before the site is built
    site: Path = request.getfixturevalue("site")
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    _skip_without_browser()
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
    # every job event and several file events carry job_id: any event page will do
    assert any("/reference/" in t and "_event/" in t for t in targets), targets
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


LAPTOP = (1366, 768)
#: where each reference page's opening, field table and example are, and how its paths render
_LAYOUT = """
const rect = (el) => el && el.getBoundingClientRect().toJSON();
const example = document.querySelector('.acx-opening .acx-example pre');
const fields = document.querySelector('.acx-opening .acx-fields table');
const paths = [...document.querySelectorAll('.acx-fields tbody td:first-child')].map((td) => {
  const code = td.querySelector('code');
  const style = getComputedStyle(code);
  return {
    text: code.textContent,
    lines: code.getClientRects().length,
    height: code.getBoundingClientRect().height,
    lineHeight: parseFloat(style.lineHeight) || 1.4 * parseFloat(style.fontSize),
    overflows: code.getBoundingClientRect().right > td.getBoundingClientRect().right + 1,
  };
});
const wrap = fields && fields.closest('.md-typeset__scrollwrap');
return {
  example: rect(example), fields: rect(fields), paths: paths,
  clipped: !!wrap && wrap.scrollWidth > wrap.clientWidth + 1,
  width: window.innerWidth, height: window.innerHeight,
  pageWidth: document.documentElement.scrollWidth,
};
"""


def _layout(driver: webdriver.Chrome, url: str) -> dict[str, Any]:
    _open(driver, url)
    layout: dict[str, Any] = driver.execute_script(_LAYOUT)
    return layout


@pytest.fixture
def laptop(browser: webdriver.Chrome) -> Iterator[webdriver.Chrome]:
    """The browser with a 1366 x 768 viewport (a common laptop screen), restored after."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": LAPTOP[0], "height": LAPTOP[1], "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        yield browser
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_at_laptop_width_the_example_sits_beside_the_fields_and_no_path_wraps(
    laptop: webdriver.Chrome, base_url: str, catalog: Catalog
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    # every page has the same layout: the worst cases are the pages with the longest paths
    longest = sorted(
        catalog.names, key=lambda name: -max(len(f.path) for f in docsgen.fields(catalog, name))
    )
    names = [*longest[:3], "job_start_event", *(m.name for m in reference.messages(catalog))]
    problems = []
    for name in names:
        layout = _layout(laptop, f"{base_url}reference/{name}/")
        assert layout["width"] == LAPTOP[0]
        example, table = layout["example"], layout["fields"]
        if example["right"] > table["left"] or abs(example["top"] - table["top"]) > 120:
            problems.append(f"{name}: the example is not beside the field table")
        if example["top"] > layout["height"]:
            problems.append(f"{name}: the page does not open with its example")
        if layout["clipped"] or table["right"] > layout["width"]:
            problems.append(f"{name}: the field table does not fit beside the example")
        if layout["pageWidth"] > layout["width"]:
            problems.append(f"{name}: the page is {layout['pageWidth']}px wide")
        for path in layout["paths"]:
            one_line = path["lines"] == 1 and path["height"] <= 1.5 * path["lineHeight"]
            if not one_line or path["overflows"]:
                problems.append(f"{name}: {path['text']} does not fit on one line of its cell")
        laptop.save_screenshot(str(ARTIFACTS / f"docs-{name}-1366.png"))
    assert not problems, "\n".join(problems)


def test_on_a_narrow_screen_the_example_comes_above_the_fields(
    browser: webdriver.Chrome, base_url: str
) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 600, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        layout = _layout(browser, base_url + "reference/job_start_event/")
        assert layout["example"]["bottom"] <= layout["fields"]["top"]
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "docs-job_start_event-600.png"))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


_RENDER = """
const [sources, done] = arguments;
Promise.all(sources.map((source, i) => mermaid.render('acx-check-' + i, source)))
  .then((results) => done(results.map((result) => result.svg)))
  .catch((error) => done('error: ' + error));
"""


def test_the_reference_index_renders_both_life_diagrams(
    laptop: webdriver.Chrome, base_url: str, catalog: Catalog
) -> None:
    _open(laptop, base_url + "reference/")
    WebDriverWait(laptop, 30).until(
        lambda d: d.execute_script(
            "const all = [...document.querySelectorAll('div.mermaid')];"
            "return all.length === 2 && all.every((el) => el.getBoundingClientRect().height > 100);"
        )
    )
    families = ("job_event_type", "file_event_type")
    sources = [lifecycle.diagram(catalog, family) for family in families]
    laptop.set_script_timeout(30)
    svgs = laptop.execute_async_script(_RENDER, sources)
    assert isinstance(svgs, list), svgs  # the vendored mermaid parses and draws both
    for family, svg in zip(families, svgs, strict=True):
        for event in lifecycle.members(catalog, family):
            assert f">{event.title}<" in svg, event.title
    ARTIFACTS.mkdir(exist_ok=True)
    laptop.save_screenshot(str(ARTIFACTS / "docs-reference-index-1366.png"))
    assert _severe(laptop) == []


@pytest.mark.parametrize(
    ("environ", "skips"),
    [
        ({}, False),
        ({NO_BROWSER: ""}, False),
        ({NO_BROWSER: "0"}, False),
        ({NO_BROWSER: "1"}, True),
        ({NO_BROWSER: "yes", "CI": ""}, True),
        ({NO_BROWSER: "1", "CI": "false"}, True),
        ({"CI": "true"}, False),
    ],
)
def test_no_browser_skips_only_when_asked(environ: dict[str, str], skips: bool) -> None:
    reason = no_browser(environ)
    assert (reason is not None) == skips
    if reason is not None:
        assert "NO_BROWSER=1" in reason
        assert "skipped" in reason


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_no_browser_is_refused_under_ci(ci: str) -> None:
    with pytest.raises(pytest.fail.Exception, match="CI must run the docs browser tests"):
        no_browser({NO_BROWSER: "1", "CI": ci})

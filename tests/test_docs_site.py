"""The docs site: built strictly, complete, with no broken internal link."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest

from alfred_contracts.docs import pages as docsgen
from alfred_contracts.schema.catalog import Catalog

from conftest import ROOT
from sitebuild import build


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for key in ("href", "src"):
            if values.get(key):
                self.links.append(str(values[key]))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def _target(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    parsed = urlparse(link)
    if parsed.scheme or link.startswith(("//", "mailto:", "javascript:")):
        return None
    page_url = "/" + page.relative_to(site).as_posix()
    absolute, fragment = urldefrag(urljoin(page_url, link))
    path = site / unquote(absolute).lstrip("/")
    if absolute.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, fragment


def test_no_broken_internal_links_or_anchors(site: Path) -> None:
    pages = {page: _parse(page) for page in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            target = _target(site, page, link)
            if target is None:
                continue
            path, fragment = target
            if not path.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif fragment and path.suffix == ".html" and fragment not in pages[path].ids:
                broken.append(f"{page.relative_to(site)} -> {link} (no #{fragment})")
    assert not broken, "\n".join(broken)
    assert len(pages) >= 8


def test_every_schema_is_published_at_the_path_its_id_names(site: Path, catalog: Catalog) -> None:
    for uri, path in catalog.paths.items():
        published = site / urlparse(uri).path.lstrip("/")
        assert published.read_bytes() == path.read_bytes(), uri


def test_bundled_schemas_are_published_and_self_contained(site: Path, catalog: Catalog) -> None:
    for name, event in catalog.events.items():
        for profile in ("strict", "lenient"):
            bundled = json.loads((site / docsgen.bundled_file(event, profile)).read_text())
            assert bundled["$id"].startswith(
                "https://alfred-event-contracts.github.io/schemas/bundled/"
            )
            refs = json.dumps(bundled).split('"$ref": ')[1:]
            assert all(ref.startswith('"#') for ref in refs), name


def test_every_event_has_a_page_in_the_navigation(site: Path, catalog: Catalog) -> None:
    home = (site / "index.html").read_text("utf-8")
    for name, event in catalog.events.items():
        assert (site / "reference" / name / "index.html").is_file()
        assert f'href="reference/{name}/"' in home, f"{event.title} missing from the navigation"


def test_search_index_knows_every_field(site: Path, catalog: Catalog) -> None:
    index = (site / "search" / "search_index.json").read_text("utf-8")
    for item in docsgen.fields(catalog, "job_start_event"):
        assert item.path.split(".")[-1] in index


def test_site_has_a_404_page_dark_mode_and_copy_buttons(site: Path) -> None:
    assert "404" in (site / "404.html").read_text("utf-8")
    page = (site / "reference" / "job_start_event" / "index.html").read_text("utf-8")
    assert 'data-md-color-scheme="slate"' in page  # the dark palette
    assert "content.code.copy" in page  # the feature flag; the browser test sees the buttons


def test_the_reference_page_holds_every_section(site: Path) -> None:
    page = (site / "reference" / "job_start_event" / "index.html").read_text("utf-8")
    for anchor in (
        "when-it-fires",
        "fields",
        "examples",
        "vendor-discrepancies",
        "python-model",
        "schema",
        "version-and-changelog",
    ):
        assert f'id="{anchor}"' in page, anchor
    model = page.split('id="python-model"', 1)[1].split('id="schema"', 1)[0]
    code = html.unescape(re.sub(r"<[^>]*>", "", model))  # the highlighted code, as text
    assert "from alfred_events import JobStartEvent\n" in code
    assert "assert isinstance(event, JobStartEvent)\n" in code
    assert "JSE-2" in page


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Path:
    for item in ("mkdocs.yml", "docs", "schemas", "contracts", "tools"):
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, tmp_path / item)
        else:
            shutil.copy(source, tmp_path / item)
    return tmp_path


def test_an_invalid_example_fails_the_build(scratch_repo: Path) -> None:
    example = scratch_repo / "contracts" / "examples" / "job_start_event" / "leap_day.json"
    example.write_text(
        example.read_text().replace('"event_time": 1709251200', '"event_time": "soon"')
    )
    done = build(scratch_repo / "site", scratch_repo / "mkdocs.yml")
    assert done.returncode != 0
    assert (
        "leap_day.json: example for job_start_event breaks the contract"
        in done.stderr + done.stdout
    )


def test_a_schema_description_edit_shows_on_the_page_with_no_other_step(scratch_repo: Path) -> None:
    schema_path = scratch_repo / "schemas" / "job_start_event.schema.json"
    schema = json.loads(schema_path.read_text())
    schema["properties"]["event"]["properties"]["company_name"]["description"] = (
        "A freshly edited sentence."
    )
    schema_path.write_text(json.dumps(schema, indent=2))
    done = build(scratch_repo / "site", scratch_repo / "mkdocs.yml")
    assert done.returncode == 0, done.stderr
    page = (scratch_repo / "site" / "reference" / "job_start_event" / "index.html").read_text()
    assert "A freshly edited sentence." in page

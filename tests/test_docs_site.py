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

from alfred_contracts.docs import lifecycle, publish, reference, tables
from alfred_contracts.docs import pages as docsgen
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.fields import schema_fields

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


def _sections(page: str) -> dict[str, str]:
    """The HTML of a page cut at its ``<h2>`` headings, by heading id."""
    parts = re.split(r'<h2 id="([^"]+)"', page)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", fragment)).split())


def test_the_index_lists_every_event_in_its_family_group_with_its_one_liner(
    site: Path, catalog: Catalog
) -> None:
    sections = _sections((site / "reference" / "index.html").read_text("utf-8"))
    for name, event in catalog.events.items():
        family = lifecycle.family_of(event)
        anchor = {"job_event_type": "job-events", "file_event_type": "file-events"}[family]
        rows = {
            _text(row.split("</td>", 1)[0]): _text(row)
            for row in sections[anchor].split("<tr>")[2:]
        }
        assert event.title in rows, f"{name} is not listed under #{anchor}"
        one_liner = tables.one_liner(str(event.schema["description"]))
        assert one_liner in rows[event.title], name
        assert f'href="{name}/"' in sections[anchor], name
        assert (site / "reference" / name / "index.html").is_file()


def test_the_handshake_has_its_own_group_and_page(site: Path, catalog: Catalog) -> None:
    found = reference.messages(catalog)
    assert [m.name for m in found] == ["url_verification"]
    sections = _sections((site / "reference" / "index.html").read_text("utf-8"))
    page = (site / "reference" / "url_verification" / "index.html").read_text("utf-8")
    assert 'href="url_verification/"' in sections["the-handshake"]
    assert tables.one_liner(str(found[0].schema["description"])) in _text(sections["the-handshake"])
    for item in schema_fields(catalog, found[0].uri):
        assert f"<code>{item.path}</code>" in page
    assert "../../guides/protocol/#the-handshake" in page


def test_every_event_is_drawn_in_its_family_life(site: Path, catalog: Catalog) -> None:
    index = html.unescape((site / "reference" / "index.html").read_text("utf-8"))
    titles = {event.title for event in catalog.events.values()}
    for family, life in lifecycle.LIVES.items():
        named = {title for step in life for title in (step.source, step.target)}
        assert named <= titles, f"steps name events the catalog lacks: {named - titles}"
        source = lifecycle.diagram(catalog, family)
        assert source in index
        for event in lifecycle.members(catalog, family):
            assert f'{event.title}["{event.title}"]' in source
    assert "a dotted arrow is our reading" in _text(index)


def test_event_pages_open_with_one_example_beside_the_field_table(
    site: Path, catalog: Catalog
) -> None:
    for name in catalog.names:
        page = (site / "reference" / name / "index.html").read_text("utf-8")
        opening = page.split('<div class="acx-opening">', 1)[1].split('id="examples"', 1)[0]
        example, table = opening.split('<div class="acx-fields">', 1)
        assert example.count("<pre") == 1, name  # one example, before the table
        code = example.split("<code", 1)[1].split(">", 1)[1].split("</code>", 1)[0]
        shown = json.loads(html.unescape(re.sub(r"<[^>]*>", "", code)))
        assert shown["event"]["event_name"] == name
        assert 'id="fields"' in table
        assert "<table>" in table
        headers = re.findall(r"<th>(.*?)</th>", table)
        assert headers == ["Path", "Type", "Description"], name
        for _, anchor in docsgen.SECTIONS:
            assert f'id="{anchor}"' in page, (name, anchor)


def test_the_protocol_page_links_the_openapi_document_served_byte_identical(site: Path) -> None:
    protocol = site / "guides" / "protocol" / "index.html"
    text = protocol.read_text("utf-8")
    for anchor in ("the-handshake", "retries-and-ordering", "authenticity", "a-secret-in-the-url"):
        assert f'id="{anchor}"' in text, anchor
    for page in (protocol, site / "guides" / "receiver" / "index.html"):
        links = [link for link in _parse(page).links if link.endswith("receiver.openapi.json")]
        assert links, f"{page.relative_to(site)} does not link the OpenAPI document"
        for link in links:
            target = _target(site, page, link)
            assert target is not None
            served = target[0].read_bytes()
            assert served == (ROOT / "contracts" / "receiver.openapi.json").read_bytes()
    assert 'href="guides/protocol/"' in (site / "index.html").read_text("utf-8")


def test_every_contract_document_is_published(site: Path) -> None:
    for path, data in publish.published_documents(ROOT / "contracts").items():
        assert (site / path).read_bytes() == data, path
    assert publish.OPENAPI in publish.published_documents(ROOT / "contracts")

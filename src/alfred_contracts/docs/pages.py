"""The docs site's generated part: reference pages and published schemas, from the catalog.

Nothing here is committed: the mkdocs hook (:mod:`alfred_contracts.docs.site`) calls these
functions on every build, so the reference can never be stale. Every example shown on a
page is validated while the page is built; an invalid example fails the build.

An event page opens with one example delivery beside the field table, then lists every
example, the vendor's discrepancies, the Python model, the schema and the changelog.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from alfred_contracts.docs import reference
from alfred_contracts.docs.changelog import changelog
from alfred_contracts.docs.errors import DocsError
from alfred_contracts.docs.lifecycle import family_of
from alfred_contracts.docs.publish import (
    REFERENCE_DIR,
    SCHEMAS_DIR,
    bundled_file,
    published_files,
    published_path,
)
from alfred_contracts.docs.tables import indent, opening
from alfred_contracts.docs.types import field_types
from alfred_contracts.parsing import ParseFailure
from alfred_contracts.schema import ledger as ledgers
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.fields import fields
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import read_document

__all__ = [
    "REFERENCE_DIR",
    "SCHEMAS_DIR",
    "DocsError",
    "bundled_file",
    "event_page",
    "examples",
    "fields",
    "nav_entries",
    "published_files",
    "published_path",
    "reference_pages",
]


def examples(contracts: Path, name: str) -> list[Path]:
    return sorted((contracts / "examples" / name).glob("*.json"))


def _check(checker: Checker, value: Any, where: str, name: str) -> None:
    result = checker.check(value, where)
    if isinstance(value, ParseFailure) or result.violations or result.event != name:
        problems = "; ".join(v.message for v in result.violations) or "routed elsewhere"
        raise DocsError(f"{where}: example for {name} breaks the contract: {problems}")


def _title_of(path: Path) -> str:
    return path.stem.replace("_", " ").capitalize()


def _opening_example(schema: dict[str, Any], paths: list[Path]) -> tuple[str, str, Any]:
    """The example the page opens with: the schema's first ``examples`` entry, or else the
    first example file; as (JSON text, a note saying where it comes from, the value)."""
    shown = schema.get("examples")
    if isinstance(shown, list) and shown:
        text = json.dumps(shown[0], indent=2, ensure_ascii=False)
        return text, "A typical delivery (the schema's own example):", shown[0]
    if paths:
        note = f"A delivery, from the example `{paths[0].name}`:"
        return paths[0].read_text("utf-8"), note, read_document(paths[0])
    return "", "", None


def _ledger_intro(book: ledgers.Ledger) -> str:
    page = f"The vendor's [documentation page]({book.page})"
    if book.documented_example is None:
        return (
            f"{page} shows no example of this event, so nothing can be checked against one. "
            "The records below are decisions taken where the page is silent or unclear."
        )
    common = (
        "We keep the example verbatim and decide each point once; the lenient profile "
        "tolerates the points marked *tolerated*."
    )
    if book.cut_off:
        return (
            f"{page} shows an example that stops mid-document (every stored copy of the page "
            "ends there), so it does not parse and both profiles can only say so. Every other "
            "record is about its visible part, the members complete before the cut: under the "
            f"strict profile that part fails with exactly the violations below. {common}"
        )
    return (
        f"{page} contradicts itself: its example does not follow its own field descriptions. "
        "Under the strict profile the documented example fails with exactly the violations "
        f"below. {common}"
    )


def _ledger_section(book: ledgers.Ledger | None) -> list[str]:
    if book is None:
        return ["The vendor documents no example of this event: nothing to compare."]
    lines = [_ledger_intro(book), ""]
    for item in book.discrepancies:
        strict = f"rejects (`{item.strict}`)" if item.strict else "accepts"
        tolerated = "tolerated" if item.strict else "accepts"
        lenient = f"rejects (`{item.lenient}`)" if item.lenient else tolerated
        lines += [
            f"### {item.id}: `{item.path or '/'}`",
            "",
            f"- **The description says:** {item.description_says}",
            f"- **The example shows:** {item.example_shows}",
            f"- **Decision:** {item.decision}",
        ]
        if book.documented_example is not None:
            lines.append(f"- **Strict profile:** {strict}. **Lenient profile:** {lenient}.")
        lines.append("")
    if book.documented_example is not None:
        example = book.documented_example.read_text("utf-8").strip()
        cut = ", cut off where the page's copies end" if book.cut_off else ""
        lines += [
            f'??? quote "The vendor\'s documented example, verbatim{cut}"',
            "",
            "    ```text" if book.cut_off else "    ```json",
            indent(example),
            "    ```",
            "",
        ]
    return lines


def _model_section(title: str) -> list[str]:
    return [
        "## Python model",
        "",
        "```python",
        "from alfred_contracts import ContractViolation, parse",
        f"from alfred_events import {title}",
        "",
        "try:",
        "    event = parse(body)  # body: the raw request bytes",
        "except ContractViolation as error:",
        "    ...  # error.violations says what is wrong",
        "else:",
        f"    assert isinstance(event, {title})",
        "    print(event.event_id, event.event_time, event.event.model_extra)",
        "```",
        "",
        "`parse` checks the payload against this schema before it builds the model; the model "
        "alone accepts more than the contract does.",
        "",
    ]


#: the sections below the opening, as the row of links under the title names them
SECTIONS = (
    ("Fields", "fields"),
    ("Examples", "examples"),
    ("Vendor discrepancies", "vendor-discrepancies"),
    ("Python model", "python-model"),
    ("Schema", "schema"),
    ("Version and changelog", "version-and-changelog"),
)


def event_page(catalog: Catalog, name: str, contracts: Path, checker: Checker) -> str:
    """The reference page of one event (Markdown)."""
    event = catalog.event(name)
    schema = event.schema
    example_paths = examples(contracts, name)
    for path in example_paths:
        _check(checker, read_document(path), str(path), name)
    shown, note, value = _opening_example(schema, example_paths)
    if shown:
        _check(checker, value, f"{event.path.name} (examples[0])", name)
    book = ledgers.load_all(contracts / "vendor").get(name)
    family = family_of(event)
    jumps = " · ".join(f"[{label}](#{anchor})" for label, anchor in SECTIONS)
    lines = [
        "---",
        "hide:",
        "  - toc",
        "---",
        "",
        f"# {event.title}",
        "",
        f'`event.event_name = "{name}"` · {reference.family_link(family)} · '
        f"schema version **{event.version}** · "
        f"[schema](../{published_path(catalog, event.id)}) · "
        f"[bundled schema](../{bundled_file(event)})",
        "",
        "## When it fires",
        "",
        str(schema.get("description", "")),
        "",
        f"On this page: {jumps}",
        "{: .acx-jumps }",
        "",
        *opening(shown, note, fields(catalog, name), field_types(catalog, event.id)),
        "## Examples",
        "",
        f"Each example below is checked against the contract every time this site is built. "
        f"They live in `contracts/examples/{name}/`.",
        "",
    ]
    for path in example_paths:
        text = path.read_text("utf-8").strip()
        lines += [f"### {_title_of(path)}", "", "```json", text, "```", ""]
    lines += ["## Vendor discrepancies", "", *_ledger_section(book), ""]
    lines += [
        *_model_section(event.title),
        "## Schema",
        "",
        f'??? abstract "{event.path.name}"',
        "",
        "    ```json",
        indent(event.path.read_text("utf-8").strip()),
        "    ```",
        "",
        "## Version and changelog",
        "",
        *changelog(catalog, event, contracts),
        "",
    ]
    return "\n".join(lines)


def reference_pages(catalog: Catalog, contracts: Path) -> dict[str, str]:
    """Every generated page: path below the docs folder -> Markdown."""
    checker = Checker(catalog)
    pages = {f"{REFERENCE_DIR}/index.md": reference.index_page(catalog, contracts)}
    for name in catalog.names:
        pages[f"{REFERENCE_DIR}/{name}.md"] = event_page(catalog, name, contracts, checker)
    for message in reference.messages(catalog):
        pages[f"{REFERENCE_DIR}/{message.name}.md"] = reference.message_page(
            catalog, message, contracts
        )
    return pages


def nav_entries(catalog: Catalog) -> list[Any]:
    """Navigation entries for the reference section: one group per family, then the
    handshake."""
    return reference.nav_entries(catalog)

"""The docs site's generated part: reference pages and published schemas, from the catalog.

Nothing here is committed: the mkdocs hook (:mod:`alfred_contracts.docs.site`) calls these
functions on every build, so the reference can never be stale. Every example shown on a
page is validated while the page is built; an invalid example fails the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from alfred_contracts.errors import AlfredContractsError
from alfred_contracts.escaping import markdown_cell, markdown_code
from alfred_contracts.parsing import ParseFailure
from alfred_contracts.schema import ledger as ledgers
from alfred_contracts.schema.bundle import BUNDLED_DIR, bundle
from alfred_contracts.schema.catalog import Catalog, EventSchema
from alfred_contracts.schema.fields import fields
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import read_document

REFERENCE_DIR = "reference"
SCHEMAS_DIR = "schemas"


class DocsError(AlfredContractsError):
    """The docs cannot be built truthfully (an example that breaks its own contract)."""


def published_path(catalog: Catalog, uri: str) -> str:
    """Where a schema is published in the site: the part of its ``$id`` after the host."""
    relative = catalog.paths[uri].relative_to(catalog.root).as_posix()
    return f"{SCHEMAS_DIR}/{relative}"


def published_files(catalog: Catalog) -> dict[str, bytes]:
    """Every schema file as it is (at the path its ``$id`` names), plus bundled schemas."""
    files = {published_path(catalog, uri): path.read_bytes() for uri, path in catalog.paths.items()}
    for name, event in catalog.events.items():
        for profile in ("strict", "lenient"):
            bundled = bundle(catalog, name, profile)
            if profile == "lenient":
                here = f"/{BUNDLED_DIR}/"
                bundled["$id"] = bundled["$id"].replace(here, f"{here}lenient/")
            files[bundled_file(event, profile)] = _pretty(bundled)
    return files


def bundled_file(event: EventSchema, profile: str = "strict") -> str:
    folder = f"{SCHEMAS_DIR}/{BUNDLED_DIR}" + ("/lenient" if profile == "lenient" else "")
    return f"{folder}/{event.path.name}"


def _pretty(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n"


def _cell_with_code(text: str) -> str:
    """A table cell for text that marks values as code spans, as ``fields`` writes its
    constraints (``one of `a`, `b` ``): the spans stay code, the rest is plain text."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no span can be trusted
        return markdown_cell(text)
    return "".join(
        markdown_code(part) if index % 2 else markdown_cell(part)
        for index, part in enumerate(parts)
    )


def _change_note(change: Any) -> str:
    """One changelog entry: rule and path as code, the message as plain text."""
    where = markdown_code(change.path or "/", table=False)
    return f"{markdown_code(change.rule, table=False)} at {where}: {markdown_cell(change.message)}"


def examples(contracts: Path, name: str) -> list[Path]:
    return sorted((contracts / "examples" / name).glob("*.json"))


def _check_examples(checker: Checker, paths: list[Path], name: str) -> None:
    for path in paths:
        value = read_document(path)
        result = checker.check(value, str(path))
        if isinstance(value, ParseFailure) or result.violations or result.event != name:
            problems = "; ".join(v.message for v in result.violations) or "routed elsewhere"
            raise DocsError(f"{path}: example for {name} breaks the contract: {problems}")


def _title_of(path: Path) -> str:
    return path.stem.replace("_", " ").capitalize()


def _first_sentence(text: str) -> str:
    sentence = text.split(". ")[0].strip()
    return sentence if sentence.endswith(".") else sentence + "."


def _indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + line if line else line for line in text.splitlines())


def _ledger_section(book: ledgers.Ledger | None) -> list[str]:
    if book is None:
        return ["The vendor documents no complete example of this event: nothing to compare."]
    lines = [
        f"The vendor's [documentation page]({book.page}) contradicts itself: its example does "
        "not follow its own field descriptions. We keep the example verbatim and decide each "
        "point once. Under the strict profile the documented example fails with exactly the "
        "violations below; the lenient profile tolerates the ones marked *tolerated*.",
        "",
    ]
    for item in book.discrepancies:
        strict = f"rejects (`{item.strict}`)" if item.strict else "accepts"
        tolerated = "tolerated" if item.strict else "accepts"
        lenient = f"rejects (`{item.lenient}`)" if item.lenient else tolerated
        lines += [
            f"### {item.id}: `{item.path}`",
            "",
            f"- **The description says:** {item.description_says}",
            f"- **The example shows:** {item.example_shows}",
            f"- **Decision:** {item.decision}",
            f"- **Strict profile:** {strict}. **Lenient profile:** {lenient}.",
            "",
        ]
    example = book.documented_example.read_text("utf-8").strip()
    lines += [
        '??? quote "The vendor\'s documented example, verbatim"',
        "",
        "    ```json",
        _indent(example),
        "    ```",
        "",
    ]
    return lines


def _effects(verdict: Any) -> str:
    words = {True: "compatible", False: "breaking", None: "unknown"}
    return f"backward {words[verdict.backward]}, forward {words[verdict.forward]}"


def _changelog(catalog: Catalog, event: EventSchema, contracts: Path) -> list[str]:
    """Versions from the release snapshots, each described by its diff to the one before."""
    from alfred_contracts.compat import releases
    from alfred_contracts.compat.diff import diff as describe
    from alfred_contracts.compat.witness import prove

    def diff(old: Any, new: Any) -> Any:  # the same proven verdicts as the gate's
        return prove(describe(old, new), old, new)

    history = releases.released(contracts.parent, event.name)
    lines = [f"Current version: **{event.version}**.", ""]
    if not history:
        return [*lines, "No version of this schema has been released yet."]
    working = releases.snapshot(catalog, event)
    latest = history[-1].schema()
    pending = diff(releases.side(latest), releases.side(working))
    entries: list[tuple[str, list[str], str]] = []
    if pending.changes:
        label = f"{event.version} (not yet released)"
        entries.append(
            (
                label,
                [_change_note(c) for c in pending.changes],
                _effects(pending),
            )
        )
    previous = None
    chronological = []
    for release in history:
        schema = release.schema()
        if previous is None:
            chronological.append((releases.shown(release.version), ["first release"], ""))
        else:
            verdict = diff(releases.side(previous), releases.side(schema))
            notes = [_change_note(c) for c in verdict.changes]
            chronological.append(
                (releases.shown(release.version), notes or ["no change"], _effects(verdict))
            )
        previous = schema
    entries += list(reversed(chronological))
    for version, notes, effects in entries:
        lines.append(f"### {version}" + (f" ({effects})" if effects else ""))
        lines.append("")
        lines += [f"- {note}" for note in notes]
        lines.append("")
    return lines


def event_page(catalog: Catalog, name: str, contracts: Path, checker: Checker) -> str:
    """The reference page of one event (Markdown)."""
    event = catalog.event(name)
    schema = event.schema
    example_paths = examples(contracts, name)
    _check_examples(checker, example_paths, name)
    book = ledgers.load_all(contracts / "vendor").get(name)
    family = schema["properties"]["event_type"].get("const", "")
    schema_link = f"../{published_path(catalog, event.id)}"
    bundled_link = f"../{bundled_file(event)}"
    lines = [
        f"# {event.title}",
        "",
        f'`event.event_name = "{name}"` · family `{family}` · '
        f"schema version **{event.version}** · "
        f"[schema]({schema_link}) · [bundled schema]({bundled_link})",
        "",
        "## When it fires",
        "",
        str(schema.get("description", "")),
        "",
        "## Fields",
        "",
        "| Path | Type | Format | Required | Constraints | Description |",
        "|---|---|---|---|---|---|",
    ]
    for item in fields(catalog, name):
        lines.append(
            f"| {markdown_code(item.path)} | {markdown_cell(item.type)} "
            f"| {markdown_cell(item.format)} | {'yes' if item.required else 'no'} "
            f"| {_cell_with_code(item.constraints)} | {markdown_cell(item.description)} |"
        )
    lines += ["", "## Examples", ""]
    lines.append(
        f"Each example below is checked against the contract every time this site is built. "
        f"They live in `contracts/examples/{name}/`."
    )
    lines.append("")
    for path in example_paths:
        text = path.read_text("utf-8").strip()
        lines += [f"### {_title_of(path)}", "", "```json", text, "```", ""]
    lines += ["## Vendor discrepancies", "", *_ledger_section(book), ""]
    lines += [
        "## Python model",
        "",
        "```python",
        "from alfred_contracts import ContractViolation, parse",
        f"from alfred_events import {event.title}",
        "",
        "try:",
        "    event = parse(body)  # body: the raw request bytes",
        "except ContractViolation as error:",
        "    ...  # error.violations says what is wrong",
        "else:",
        f"    assert isinstance(event, {event.title})",
        "    print(event.event_id, event.event_time, event.event.model_extra)",
        "```",
        "",
        "`parse` checks the payload against this schema before it builds the model; the model "
        "alone accepts more than the contract does.",
        "",
        "## Schema",
        "",
        f'??? abstract "{event.path.name}"',
        "",
        "    ```json",
        _indent(event.path.read_text("utf-8").strip()),
        "    ```",
        "",
        "## Version and changelog",
        "",
        *_changelog(catalog, event, contracts),
        "",
    ]
    return "\n".join(lines)


def index_page(catalog: Catalog) -> str:
    lines = [
        "# Event reference",
        "",
        "Every event Alfred's webhook sends, one canonical JSON Schema each. Pick the schema by "
        "`event.event_name`.",
        "",
        "| Event | `event_name` | Family | Version | What it means |",
        "|---|---|---|---|---|",
    ]
    for name, event in catalog.events.items():
        family = event.schema["properties"]["event_type"].get("const", "")
        summary = _first_sentence(str(event.schema.get("description", "")))
        link = f"[{event.title}]({name}.md)"
        shown = markdown_cell(summary)
        lines.append(f"| {link} | `{name}` | `{family}` | {event.version} | {shown} |")
    lines += [
        "",
        "Shared definitions (published with every event schema):",
        "",
    ]
    for uri, path in catalog.paths.items():
        if uri in {e.id for e in catalog.events.values()}:
            continue
        title = catalog.resources()[uri].get("title", path.name)
        lines.append(f"- [{title}](../{published_path(catalog, uri)}): `{uri}`")
    return "\n".join(lines) + "\n"


def reference_pages(catalog: Catalog, contracts: Path) -> dict[str, str]:
    """Every generated page: path below the docs folder -> Markdown."""
    checker = Checker(catalog)
    pages = {f"{REFERENCE_DIR}/index.md": index_page(catalog)}
    for name in catalog.names:
        pages[f"{REFERENCE_DIR}/{name}.md"] = event_page(catalog, name, contracts, checker)
    return pages


def nav_entries(catalog: Catalog) -> list[dict[str, str]]:
    """Navigation entries for the reference section, one per event."""
    return [{event.title: f"{REFERENCE_DIR}/{name}.md"} for name, event in catalog.events.items()]

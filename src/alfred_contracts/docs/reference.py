"""The reference index (events grouped by family, with the life of a job and of a file)
and the pages of the messages that are not events (the URL-verification handshake).

Families come from each schema's envelope ``event_type`` constant and one-liners from the
first sentence of its ``description``, so a new schema file shows up in the right group
with no other step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alfred_contracts import engines
from alfred_contracts.docs.errors import DocsError
from alfred_contracts.docs.lifecycle import diagram, family_of, members, unplaced
from alfred_contracts.docs.publish import (
    OPENAPI,
    REFERENCE_DIR,
    published_documents,
    published_path,
)
from alfred_contracts.docs.tables import indent, one_liner, opening
from alfred_contracts.docs.types import field_types
from alfred_contracts.escaping import markdown_cell, markdown_code
from alfred_contracts.parsing import ParseFailure
from alfred_contracts.refs import JSON
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.fields import schema_fields
from alfred_contracts.validation.loader import read_document

#: family constant -> (section heading, what its events follow, the life's heading)
FAMILIES = {
    "job_event_type": ("Job events", "a job", "A job's life"),
    "file_event_type": ("File events", "a single file", "A file's life"),
}
HANDSHAKE_HEADING = "The handshake"
#: opens an index table (the stylesheet keeps its names whole); a "</div>" closes it
INDEX_TABLE = '<div class="acx-index" markdown>'
PROTOCOL_PAGE = "guides/protocol.md"


@dataclass(frozen=True, slots=True)
class Message:
    """A top-level schema that is not an event: told apart by a constant ``type``."""

    name: str  #: the ``type`` constant, e.g. ``url_verification``
    title: str
    uri: str
    path: Path
    schema: JSON


def messages(catalog: Catalog) -> list[Message]:
    """Every message schema (the handshake) beside the events, in ``type`` order."""
    events = {event.id for event in catalog.events.values()}
    found = []
    for uri, path in catalog.paths.items():
        schema = catalog.resources()[uri]
        node = schema.get("properties", {}).get("type", {})
        name = node.get("const") if isinstance(node, dict) else None
        top = path.parent == catalog.root
        if uri not in events and top and isinstance(name, str):
            found.append(Message(name, str(schema.get("title", name)), uri, path, schema))
    return sorted(found, key=lambda message: message.name)


def _families(catalog: Catalog) -> list[str]:
    present = {family_of(event) for event in catalog.events.values()}
    return [f for f in FAMILIES if f in present] + sorted(present - set(FAMILIES))


def _heading(family: str) -> str:
    return FAMILIES[family][0] if family in FAMILIES else f"Other events ({family or 'none'})"


def _anchor(heading: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in heading.lower())
    return "-".join(words.split())


def family_link(family: str, prefix: str = "") -> str:
    """A link to the family's group on the index, for an event page's header line."""
    label = family.removesuffix("_type").replace("_", " ") if family else "no family"
    return f"[{label}]({prefix}index.md#{_anchor(_heading(family))})"


def _version(schema: JSON) -> str:
    return str(schema.get("x-version", "0.0.0"))


def _legend(subject: str) -> str:
    return (
        f"Which events can follow which for {subject}. A solid arrow means the vendor's "
        "description of one of the two events places it after the other (a retry comes "
        "*after a recoverable problem*); a dotted arrow is our reading of what the two "
        "events mean. Neither is a promise about the order in which deliveries arrive: "
        f"the vendor makes none (see [ordering]({_protocol()}#retries-and-ordering))."
    )


def _protocol(prefix: str = "../") -> str:
    return prefix + PROTOCOL_PAGE


def _document_kind(path: str) -> str:
    if ".openapi." in path:
        return "the receiver's endpoint as an OpenAPI 3.1 document"
    if ".asyncapi." in path:
        return "the whole catalog as an AsyncAPI document"
    return "generated from the schemas"


def index_page(catalog: Catalog, contracts: Path | None = None) -> str:
    found = messages(catalog)
    documents = published_documents(contracts) if contracts is not None else {}
    handshake = f"(#{_anchor(HANDSHAKE_HEADING)})" if found else f"({_protocol()}#the-handshake)"
    openapi = (
        f"; the receiver's [OpenAPI document](../{OPENAPI}) describes the endpoint for your "
        "own tools"
        if OPENAPI in documents
        else ""
    )
    lines = [
        "---",
        "hide:",
        "  - toc",
        "---",
        "",
        "# Event reference",
        "",
        "Alfred sends every event below to the webhook URL registered for an account; a "
        "receiver cannot pick which, so it should expect all of them. Each delivery is one "
        "JSON object, and its `event.event_name` says which event it is and so which schema "
        f"applies. Before the first event, Alfred checks the URL once with [the handshake]"
        f"{handshake}. How deliveries travel (method, content type, TLS, retries, ordering, "
        f"authenticity) is on [the delivery protocol]({_protocol()}) page{openapi}.",
        "",
    ]
    for family in _families(catalog):
        events = members(catalog, family)
        heading = _heading(family)
        count = f"{len(events)} event" + ("s" if len(events) != 1 else "")
        lines += [f"## {heading}", "", f"`event_type` is `{family}` · {count}", ""]
        lines += [INDEX_TABLE, "", "| Event | `event_name` | When it fires | Version |"]
        lines.append("|---|---|---|---|")
        for event in sorted(events, key=lambda e: e.title):
            summary = markdown_cell(one_liner(str(event.schema.get("description", ""))))
            link = f"[{event.title}]({event.name}.md)"
            code = markdown_code(event.name)
            lines.append(f"| {link} | {code} | {summary} | {event.version} |")
        lines += ["", "</div>", ""]
        flowchart = diagram(catalog, family)
        if flowchart and family in FAMILIES:
            lines += [
                f"### {FAMILIES[family][2]}",
                "",
                _legend(FAMILIES[family][1]),
                "",
                "```mermaid",
                flowchart,
                "```",
                "",
            ]
            lost = unplaced(catalog, family)
            if lost:
                names = ", ".join(f"`{title}`" for title in lost)
                lines += [f"Not placed in this diagram yet (dashed border): {names}.", ""]
            if family == "file_event_type":
                lines += [
                    "A file's events happen inside its job's life: `FileAddToJobEvent` names "
                    "the job the file joins (`job_id`), and a job finishes or fails after "
                    "its files have been through their own pipeline (our reading).",
                    "",
                ]
    if found:
        lines += [f"## {HANDSHAKE_HEADING}", "", "Not an event: it has no `event` object.", ""]
        lines += [INDEX_TABLE, "", "| Message | `type` | When it is sent | Version |"]
        lines.append("|---|---|---|---|")
        for message in found:
            summary = markdown_cell(one_liner(str(message.schema.get("description", ""))))
            link = f"[{message.title}]({message.name}.md)"
            code = markdown_code(message.name)
            lines.append(f"| {link} | {code} | {summary} | {_version(message.schema)} |")
        lines += ["", "</div>", ""]
    if documents:
        lines += ["## Machine-readable descriptions", ""]
        for path in documents:
            lines.append(f"- [`{path.rsplit('/', 1)[-1]}`](../{path}): {_document_kind(path)}")
        lines.append("")
    lines += ["## Shared definitions", "", "Published with every event schema:", ""]
    tops = {e.id for e in catalog.events.values()} | {m.uri for m in found}
    for uri in catalog.paths:
        if uri in tops:
            continue
        title = catalog.resources()[uri].get("title", catalog.paths[uri].name)
        lines.append(f"- [{title}](../{published_path(catalog, uri)}): `{uri}`")
    return "\n".join(lines) + "\n"


def _message_examples(catalog: Catalog, message: Message, contracts: Path) -> list[Path]:
    paths = sorted((contracts / "examples" / message.name).glob("*.json"))
    check = engines.compile_check(catalog.resources(), message.uri)
    shown = message.schema.get("examples")
    values: list[tuple[str, Any]] = [(str(p), read_document(p)) for p in paths]
    if isinstance(shown, list):
        values += [(f"{message.path.name} (examples[{i}])", v) for i, v in enumerate(shown)]
    for where, value in values:
        if isinstance(value, ParseFailure) or not check(value):
            raise DocsError(f"{where}: example for {message.name} breaks the contract")
    return paths


def message_page(catalog: Catalog, message: Message, contracts: Path) -> str:
    """The reference page of a message that is not an event (the handshake)."""
    paths = _message_examples(catalog, message, contracts)
    shown = message.schema.get("examples")
    if isinstance(shown, list) and shown:
        example = json.dumps(shown[0], indent=2, ensure_ascii=False)
        note = "As Alfred sends it (the schema's own example):"
    elif paths:
        example, note = paths[0].read_text("utf-8"), f"From the example `{paths[0].name}`:"
    else:
        example, note = "{}", "No example yet."
    lines = [
        "---",
        "hide:",
        "  - toc",
        "---",
        "",
        f"# {message.title}",
        "",
        f'`type = "{message.name}"` · [handshake](index.md#{_anchor(HANDSHAKE_HEADING)}) · '
        f"schema version **{_version(message.schema)}** · "
        f"[schema](../{published_path(catalog, message.uri)})",
        "",
        "## When it is sent",
        "",
        str(message.schema.get("description", "")),
        "",
        f"How to answer it, and what its `token` is (and is not) good for: "
        f"[the delivery protocol]({_protocol()}#the-handshake).",
        "",
        *opening(
            example, note, schema_fields(catalog, message.uri), field_types(catalog, message.uri)
        ),
    ]
    if paths:
        lines += ["## Examples", "", f"They live in `contracts/examples/{message.name}/`.", ""]
        for path in paths:
            title = path.stem.replace("_", " ").capitalize()
            text = path.read_text("utf-8").strip()
            lines += [f"### {title}", "", "```json", text, "```", ""]
    lines += [
        "## Schema",
        "",
        f'??? abstract "{message.path.name}"',
        "",
        "    ```json",
        indent(message.path.read_text("utf-8").strip()),
        "    ```",
        "",
    ]
    return "\n".join(lines)


def nav_entries(catalog: Catalog) -> list[Any]:
    """Navigation under "Reference": one group per family, then the handshake."""
    entries: list[Any] = []
    for family in _families(catalog):
        events = sorted(members(catalog, family), key=lambda e: e.title)
        group = [{e.title: f"{REFERENCE_DIR}/{e.name}.md"} for e in events]
        entries.append({_heading(family): group})
    found = messages(catalog)
    if found:
        group = [{m.title: f"{REFERENCE_DIR}/{m.name}.md"} for m in found]
        entries.append({"Handshake": group})
    return entries

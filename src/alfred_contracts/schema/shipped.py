"""What the package ships, by message name: each schema and its examples, from any folder.

The schemas and the example corpus are package data of the wheel (``resources``), so
these work wherever the package is installed, with no checkout and no network::

    from alfred_contracts import example, examples, schema_for

    schema = schema_for("job_start_event", profile="lenient", bundled=True)
    payload = example("job_start_event")                  # the first example, by name
    for name, payload in examples("job_start_event").items():
        ...

A message name is an event name (``job_start_event``) or ``url_verification``, the
handshake. An unknown name raises :class:`UnknownEventError` (also a ``KeyError``) whose
one-line message suggests the closest name.

The examples of an event are the files of ``contracts/examples/<event>/``, named by their
stem (``offset_dates``) and ordered by name; a message without such a folder (the
handshake) has the examples its schema lists under ``examples``, named ``example_1``,
``example_2``... Every example is valid under the strict profile.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass
from typing import Any

import orjson

from alfred_contracts.errors import SchemaError, UnknownEventError, UsageError
from alfred_contracts.parsing import ParseFailure, parse
from alfred_contracts.resources import contracts_dir
from alfred_contracts.schema.bundle import BUNDLED_DIR, bundle
from alfred_contracts.schema.catalog import HANDSHAKE, Catalog, EventSchema
from alfred_contracts.schema.profiles import check_profile

#: the vendor's documented example of an event, kept verbatim under contracts/vendor/<event>/
VENDOR_EXAMPLE = "documented_example.json"
#: insignificant whitespace of a JSON text (strings are matched whole, and kept)
_WHITESPACE = re.compile(rb'("(?:[^"\\]|\\.)*")|[ \t\r\n]+', re.DOTALL)


@dataclass(frozen=True, slots=True)
class Example:
    """One shipped example: its name and its JSON text, byte for byte as shipped."""

    name: str  #: the file's stem (``offset_dates``), or ``example_N`` for a schema's own
    raw: bytes  #: the JSON text, as the file holds it (it may be pretty-printed)

    @property
    def line(self) -> bytes:
        """The same document on one line (insignificant whitespace dropped, every value,
        number literals included, exactly as written): one NDJSON line, no newline."""
        return _WHITESPACE.sub(lambda found: found[1] or b"", self.raw)

    def value(self) -> dict[str, Any]:
        """The example, parsed."""
        value = parse(self.raw)
        if isinstance(value, ParseFailure) or not isinstance(value, dict):
            raise SchemaError(f"the shipped example {self.name!r} is not a JSON object")
        return value


def message_names(catalog: Catalog | None = None) -> list[str]:
    """Every message name: the events, sorted, then the handshake (``url_verification``)."""
    catalog = catalog or Catalog.load()
    return [*catalog.names, *([HANDSHAKE] if catalog.handshake is not None else [])]


def lookup(catalog: Catalog, event: str) -> EventSchema:
    """The schema of an event or of the handshake; :class:`UnknownEventError` otherwise,
    in one line that suggests the closest name."""
    found = catalog.messages.get(event)
    if found is not None:
        return found
    known = message_names(catalog)
    shown = event if len(event) <= 60 else event[:57] + "..."
    hint = difflib.get_close_matches(event, known, n=1)
    suggestion = f" (did you mean {hint[0]}?)" if hint else ""
    error = UnknownEventError(event, known)
    error.args = (f"unknown event {shown!r}{suggestion}; known events: {', '.join(known)}",)
    raise error


def schema_for(event: str, profile: str = "strict", *, bundled: bool = False) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of ``event`` (an event name, or
    ``url_verification``), as a new dict the caller may change.

    ``profile`` is ``"strict"`` (the contract) or ``"lenient"`` (the tolerant reader
    derived from it). Without ``bundled``, the schema is the event's file as written:
    its ``$ref``s name the shared definitions (``common/*.schema.json``) by their ``$id``.
    With ``bundled=True`` it is one self-contained document: every referenced definition
    is embedded under ``$defs`` and every ``$ref`` points inside it, so any Draft
    2020-12 validator can use it alone; its ``$id`` is the one the documentation site
    publishes it at (``.../schemas/bundled/[lenient/]<event>.schema.json``).

    Raises :class:`UnknownEventError` for an unknown name and :class:`UsageError` for an
    unknown profile.
    """
    checked = check_profile(profile)
    catalog = Catalog.load()
    message = lookup(catalog, event)
    if not bundled:
        return copy.deepcopy(dict(catalog.resources(checked)[message.id]))
    view = catalog
    if message.name not in catalog.events:  # the handshake: bundled the same way
        view = copy.copy(catalog)
        view.events = dict(catalog.messages)
    result = bundle(view, message.name, checked)
    if checked == "lenient":  # where the site publishes it
        here = f"/{BUNDLED_DIR}/"
        result["$id"] = str(result["$id"]).replace(here, f"{here}lenient/")
    return copy.deepcopy(result)


def shipped_examples(event: str, catalog: Catalog | None = None) -> list[Example]:
    """Every shipped example of ``event``, ordered by name (see the module's docstring)."""
    catalog = catalog or Catalog.load()
    message = lookup(catalog, event)
    folder = contracts_dir() / "examples" / message.name
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if files:
        return [Example(path.stem, path.read_bytes()) for path in files]
    listed = message.schema.get("examples") if isinstance(message.schema, dict) else None
    return [
        Example(f"example_{number}", orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n")
        for number, value in enumerate(listed if isinstance(listed, list) else [], start=1)
        if isinstance(value, dict)
    ]


def shipped_example(event: str, name: str | None = None) -> Example:
    """One shipped example of ``event``: the one called ``name`` (a stem such as
    ``offset_dates``; a trailing ``.json`` is allowed), or the first by name."""
    found = shipped_examples(event)
    if not found:
        raise UsageError(f"{event} has no shipped example")
    if name is None:
        return found[0]
    wanted = name.removesuffix(".json")
    for candidate in found:
        if candidate.name == wanted:
            return candidate
    names = [candidate.name for candidate in found]
    hint = difflib.get_close_matches(wanted, names, n=1)
    suggestion = f" (did you mean {hint[0]}?)" if hint else ""
    raise UsageError(
        f"{event} has no example {name!r}{suggestion}; its examples: {', '.join(names)}"
    )


def vendor_example(event: str) -> bytes:
    """The vendor's documented example of ``event``, byte for byte as published. It breaks
    the contract on purpose (its ids are placeholders; its ledger lists each discrepancy).
    :class:`UsageError` when the vendor documents none."""
    message = lookup(Catalog.load(), event)
    path = contracts_dir() / "vendor" / message.name / VENDOR_EXAMPLE
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"the vendor documents no example of {message.name}") from None


def examples(event: str) -> dict[str, dict[str, Any]]:
    """Every shipped example of ``event`` (an event name, or ``url_verification``), parsed,
    by name in name order: ``{"compact_one_line": {...}, "empty_company_name": {...}}``.

    Each is valid under the strict profile. The dicts are new: the caller may change them.
    Raises :class:`UnknownEventError` for an unknown name.
    """
    return {found.name: found.value() for found in shipped_examples(event)}


def example(event: str, name: str | None = None) -> dict[str, Any]:
    """One shipped example of ``event``, parsed: the one called ``name`` (such as
    ``"offset_dates"``), or without ``name`` the first by name.

    Raises :class:`UnknownEventError` for an unknown event and :class:`UsageError` (a
    ``ValueError``) for an unknown example name; both say, in one line, which names exist.
    """
    return shipped_example(event, name).value()

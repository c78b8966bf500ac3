"""``alfred-contracts schema`` and ``alfred-contracts example``: what the package ships.

Both read the installed package's own data, never the current folder, so they work in any
folder. Without EVENT, both list the message names (the events, then
``url_verification``), one a line. An unknown name is one line and exit 2.
"""

from __future__ import annotations

import argparse
from typing import TextIO

import orjson

from alfred_contracts.cli import EXIT_OK
from alfred_contracts.cli.output import check_writable, destination
from alfred_contracts.errors import UsageError
from alfred_contracts.schema.shipped import (
    message_names,
    schema_for,
    shipped_example,
    shipped_examples,
    vendor_example,
)


def schema(options: argparse.Namespace) -> int:
    """Print EVENT's schema as JSON: as written (with ``$ref``s) or ``--bundled``."""
    check_writable("--output", options.output)
    if options.event is None:
        if options.bundled:
            raise UsageError("--bundled needs an EVENT; `alfred-contracts schema` lists them")
        return _names(options.output)
    document = schema_for(options.event, options.profile, bundled=options.bundled)
    with destination(options.output) as out:
        _write(out, orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    return EXIT_OK


def example(options: argparse.Namespace) -> int:
    """Print one of EVENT's examples (JSON, as shipped), ``--all`` of them (NDJSON, one a
    line: a capture ``validate`` reads), ``--list`` their names, or ``--vendor`` the
    vendor's documented example (verbatim; it breaks the contract)."""
    check_writable("--output", options.output)
    if options.event is None:
        chosen = [
            flag
            for flag, given in (
                ("--name", options.name is not None),
                ("--all", options.all),
                ("--list", options.list),
                ("--vendor", options.vendor),
            )
            if given
        ]
        if chosen:
            raise UsageError(f"{chosen[0]} needs an EVENT; `alfred-contracts example` lists them")
        return _names(options.output)
    if options.all or options.list:
        found = shipped_examples(options.event)
        if options.all:
            data = b"".join(item.line + b"\n" for item in found)
        else:
            data = b"".join(item.name.encode("utf-8") + b"\n" for item in found)
    elif options.vendor:
        data = vendor_example(options.event)
    else:
        data = shipped_example(options.event, options.name).raw
    if data and not data.endswith(b"\n"):
        data += b"\n"
    with destination(options.output) as out:
        _write(out, data)
    return EXIT_OK


def _names(output: str | None) -> int:
    with destination(output) as out:
        _write(out, "".join(f"{name}\n" for name in message_names()).encode("utf-8"))
    return EXIT_OK


def _write(out: TextIO, data: bytes) -> None:
    """Write ``data`` byte for byte (UTF-8 whatever the locale's encoding is)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(data.decode("utf-8"))
        return
    out.flush()
    buffer.write(data)
    buffer.flush()

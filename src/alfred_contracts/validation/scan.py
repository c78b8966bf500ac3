"""The fast path for NDJSON: parse, route and check a stream of lines in one tight loop.

For each line the loop tries the cheapest proof that it is valid: orjson parses it, its
``event.event_name`` picks a compiled validator, the validator accepts it, and no key was
repeated. orjson keeps the last of two equal keys silently, so the last step needs a
proof, and the loop uses the cheapest one that applies:

* when the event's schema fixes the document's shape (closed objects, every property
  required, scalar leaves), a valid document always holds the same number of strings,
  keys included. Each string in the line brings two ``"``, a dropped duplicate brings at
  least its key's two more, and an escaped ``\"`` one more: so a line with exactly
  twice that many ``"`` has lost nothing;
* otherwise, ``orjson.dumps`` of the parsed value gives back exactly the line's bytes only
  if nothing was dropped.

Any line that fails any step goes through the general path
(:func:`alfred_contracts.parsing.parse` and :meth:`Checker.check`), so the verdicts and
violations are exactly those of the general path; valid lines are only counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import orjson

from alfred_contracts.parsing import parse, too_large, without_duplicates
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import blocks
from alfred_contracts.validation.walker import Repeat, fixed_quotes_at
from alfred_contracts.violations import DocumentResult, Violation


@dataclass
class ScanResult:
    """What one stream (or one chunk of it) held."""

    lines: int = 0  #: lines numbered, blank ones included
    documents: int = 0
    valid: int = 0
    invalid: list[DocumentResult] = field(default_factory=list)
    #: the invalid documents as a reporter rendered them in the process that found them
    #: (parallel.py), instead of ``invalid``
    rendered: Any = None


def scan(
    batches: Iterable[tuple[int, list[bytes | int]]],
    checker: Checker,
    source: str,
    on_invalid: Callable[[DocumentResult], None] | None = None,
) -> ScanResult:
    """Check every line of ``batches`` (from :func:`loader.blocks`)."""
    result = ScanResult()
    report = result.invalid.append if on_invalid is None else on_invalid
    loads, dumps, decode_error = orjson.loads, orjson.dumps, orjson.JSONDecodeError
    table = checker.fast_table()
    forced_name = checker.forced
    forced = table.get(forced_name) if forced_name is not None else None
    general, violations = checker.check, checker.violations
    recall = checker.repeat_for() or _forget
    streak = None  # the event whose last line the remembered failure explained
    valid = blank = 0
    number = 0
    seen = 0
    for first, batch in batches:
        number = first - 1
        seen += len(batch)
        for line in batch:
            number += 1
            if type(line) is not bytes:
                report(general(too_large(line), source, number))  # type: ignore[arg-type]
                continue
            try:
                value = loads(line)
            except decode_error:
                if not line.strip():
                    blank += 1
                    continue
                report(general(parse(line), source, number))
                continue
            if forced_name is None:
                try:  # route by event.event_name (anything else raises: the general path)
                    name = value["event"]["event_name"]
                    entry = table[name]
                except (KeyError, TypeError, IndexError):
                    entry = None
            else:
                name, entry = forced_name, forced
            if entry is None:  # not routable: the general path says why
                outcome = general(without_duplicates(line, value), source, number)
                if outcome.violations:
                    report(outcome)
                else:
                    valid += 1
                continue
            check, expected = entry
            # known: None when valid, else (violations or None if not yet built, quotes)
            known: tuple[tuple[Violation, ...] | None, int | None] | None = None
            if streak != name and check(value):  # the common case: valid
                pass
            elif streak == name:  # a run of one failure: its masked schema answers first
                repeat = recall(name)
                explained = repeat.explain(value, source, number, name, expected)  # type: ignore[union-attr]
                if explained is None:  # the masked schema refused it: invalid elsewhere
                    known = (None, None)
                elif explained[0]:
                    known = explained
                else:  # nothing failed: valid
                    streak = None
            else:  # invalid
                repeat = recall(name)
                explained = (
                    None
                    if repeat is None
                    else repeat.explain(value, source, number, name, expected)
                )
                known = explained if explained is not None and explained[0] else (None, None)
            if known is None:  # valid: prove that no key was repeated
                if line.count(b'"') == expected if expected is not None else dumps(value) == line:
                    valid += 1
                    continue
                checked = without_duplicates(line, value)
                if checked is value:  # the quick proof failed, the exact search found none
                    valid += 1
                    continue
            else:
                found, quotes = known
                if found is not None and (
                    line.count(b'"') == quotes if quotes is not None else dumps(value) == line
                ):
                    streak = name
                    report(DocumentResult(source, number, name, found))
                    continue
                checked = without_duplicates(line, value)
                if checked is value:
                    if found is None:
                        found = violations(name, value, source, number)
                    report(DocumentResult(source, number, name, found))
                    streak = name if recall(name) is not None else None
                    continue
                streak = None
            report(general(checked, source, number))  # repeated keys: only they are reported
    result.lines, result.documents, result.valid = number, seen - blank, valid
    return result


def _forget(name: str) -> Repeat | None:
    return None


def scan_file(
    handle: BinaryIO, checker: Checker, source: str, first: int = 1, **kwargs: object
) -> ScanResult:
    return scan(blocks(handle, first), checker, source, **kwargs)  # type: ignore[arg-type]


def fixed_quotes(checker: Checker, name: str) -> int | None:
    """How many ``"`` a valid, escape-free document of ``name`` holds, if that is fixed."""
    return fixed_quotes_at(
        checker.catalog.resources(checker.profile), checker.catalog.events[name].id
    )

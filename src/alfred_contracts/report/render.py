"""One line per violation, and the pieces of a report rendered where they were found.

``--jobs`` workers render the violations of the pieces of a capture they checked
(:func:`render_text`, :func:`render_json`); the main process only writes them, in order,
and merges their groups: the report is the one a single process writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from alfred_contracts.escaping import one_line
from alfred_contracts.report.groups import Grouping
from alfred_contracts.violations import DocumentResult, Violation


def text_line(violation: Violation) -> str:
    """``source[:line][:pointer]: message``, always one line with no control characters.

    Source, pointer and message can quote event content (an object key, a string value):
    :func:`.escaping.one_line` makes line breaks and escape sequences in them visible.
    """
    where = violation.location
    if violation.instance_path:
        where += ":" + violation.instance_path
    return one_line(f"{where}: {violation.message}")


#: what a worker process hands back for a piece of a capture: the rendered violations, the
#: piece's groups, how many documents were invalid and how many violations they held
Piece = tuple[Any, Grouping, int, int]
#: how a reporter takes pieces: the function a worker renders them with, and what takes them
Pieces = tuple[Callable[[list[DocumentResult]], Piece], Callable[[Piece], None]]


def render_text(results: list[DocumentResult]) -> Piece:
    """The text report's lines for ``results`` (no colour), rendered where they were found."""
    grouping = Grouping()
    lines = []
    count = 0
    for result in results:
        grouping.add(result)
        for violation in result.violations:
            lines.append(text_line(violation) + "\n")
            count += 1
    return "".join(lines), grouping, len(results), count


def render_json(results: list[DocumentResult]) -> Piece:
    """The JSON report's violation objects for ``results``, each after a comma."""
    grouping = Grouping()
    parts = []
    for result in results:
        grouping.add(result)
        for violation in result.violations:
            parts.append(b",\n    " + orjson.dumps(violation.as_dict()))
    return b"".join(parts), grouping, len(results), len(parts)

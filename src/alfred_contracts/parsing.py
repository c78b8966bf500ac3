"""Bytes to a JSON value, or a :class:`ParseFailure` that says exactly what is wrong.

orjson does the parsing. It refuses by itself what JSON forbids (NaN, Infinity, invalid
UTF-8, a byte-order mark, trailing content, nesting beyond 1024 levels), and this module
turns each refusal into a sentence with a line and column (the column in characters,
from 1; a one-line document, such as an NDJSON record whose line the report already
names, gets the column alone). What orjson silently accepts,
a key repeated inside one object, is caught here: a cheap exact test clears almost every
document, and only the rest is parsed a second time to find the repeated keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import orjson

from alfred_contracts.refs import pointer
from alfred_contracts.violations import KEYWORD_DUPLICATE_KEY, KEYWORD_JSON

#: largest document (one .json file or one NDJSON line) that is parsed at all
MAX_DOCUMENT_BYTES = 128 * 1024 * 1024
#: deepest nesting orjson accepts; deeper input is refused, never recursed into
MAX_DEPTH = 1024

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """Why a document is not usable JSON: one or more (instance_path, keyword, message)."""

    problems: tuple[tuple[str, str, str], ...]

    @classmethod
    def of(cls, message: str, keyword: str = KEYWORD_JSON, path: str = "") -> ParseFailure:
        return cls(((path, keyword, message),))


def parse(raw: bytes) -> object:
    """Parse one JSON document; return its value, or a :class:`ParseFailure`."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        return _explain(raw, error)
    return without_duplicates(raw, value)


def without_duplicates(raw: bytes, value: object) -> object:
    """``value`` when ``raw`` repeats no key in one object, else the :class:`ParseFailure`."""
    if _clear_of_duplicates(raw, value):
        return value
    return _find_duplicates(raw, value)


def too_large(size: int, *, stopped: bool = False) -> ParseFailure:
    """The verdict on a document over the size limit (``stopped``: reading ended inside it,
    so ``size`` is only how much was read)."""
    limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
    if stopped:
        return ParseFailure.of(
            f"document is over the {limit} MiB limit; not parsed, and the rest of the "
            "input was not read"
        )
    return ParseFailure.of(
        f"document is {size / (1024 * 1024):.1f} MiB, over the {limit} MiB limit; not parsed"
    )


def _position(raw: bytes, offset: int) -> str:
    """Where byte ``offset`` is (see :func:`_where`)."""
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return _where(raw, line, column)


def _where(raw: bytes, line: int, column: int) -> str:
    """``line L, column C`` (C in characters, from 1) in a document of several lines;
    ``column C`` in a one-line document: an NDJSON record is one line, and the report's
    location (``capture.ndjson:2:``) names that line already."""
    if b"\n" in raw.rstrip():
        return f"line {line}, column {column}"
    return f"column {column}"


def _explain(raw: bytes, error: orjson.JSONDecodeError) -> ParseFailure:
    message = str(error.msg)
    if not raw.strip():
        return ParseFailure.of("empty document: expected one JSON object (an Alfred event)")
    if raw.startswith(_BOM):
        return ParseFailure.of(
            "starts with a UTF-8 byte-order mark (BOM); JSON text must not carry one"
        )
    if "UTF-8" in message:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            byte = raw[bad.start]
            return ParseFailure.of(
                f"not valid UTF-8: byte 0x{byte:02X} at {_position(raw, bad.start)}"
            )
        return ParseFailure.of(f"not valid UTF-8 text ({message})")
    offset = _char_to_byte_offset(raw, error.pos)
    where = _where(raw, error.lineno, error.colno)
    rest = raw[offset : offset + 9].lstrip(b"-")
    if rest.startswith((b"NaN", b"Infinity")):
        return ParseFailure.of(f"NaN and Infinity are not JSON numbers ({where})")
    if "depth" in message or "recursion" in message:
        return ParseFailure.of(f"nested deeper than {MAX_DEPTH} levels ({where}); not parsed")
    if "after document" in message:
        return ParseFailure.of(f"unexpected content after the JSON document at {where}")
    if "end of data" in message or "EOF" in message:
        return ParseFailure.of(f"truncated JSON: the document ends too early at {where}")
    if "infinity when parsed" in message:
        return ParseFailure.of(f"number too large for a 64-bit float at {where}")
    if "surrogate" in message:
        return ParseFailure.of(f"invalid JSON at {where}: an unpaired UTF-16 surrogate escape")
    return ParseFailure.of(f"invalid JSON at {where}: {message}")


def _char_to_byte_offset(raw: bytes, pos: int) -> int:
    # orjson reports positions in characters; raw is valid UTF-8 at this point.
    if raw.isascii():
        return pos
    return len(raw.decode("utf-8", "replace")[:pos].encode("utf-8"))


def _clear_of_duplicates(raw: bytes, value: object) -> bool:
    """Prove cheaply that no object in ``raw`` repeats a key.

    Every string of the text, keys included, is written between two ``"``; a quote inside
    a string must be escaped (``\\"``) and adds one more. So ``raw`` holds at least twice
    as many ``"`` as the parsed value has strings and keys, and exactly twice as many only
    when nothing was dropped: a repeated key that orjson overwrote would have left its two
    quotes (at least) in the text. When the counts differ, the slow, exact search decides.
    """
    return raw.count(b'"') == 2 * strings(value)


def strings(value: object) -> int:
    """How many strings ``value`` holds, object keys included."""
    if type(value) is str:
        return 1
    total = 0
    stack = [value]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            total += len(node)
            children = node.values()
        elif type(node) is list:
            children = node  # type: ignore[assignment]
        else:
            continue
        for child in children:
            kind = type(child)
            if kind is str:
                total += 1
            elif kind is dict or kind is list:
                stack.append(child)
    return total


class _Repeated(dict[str, object]):
    """A parsed object that had repeated keys (their names kept in ``repeated``)."""

    repeated: list[str]


def _pairs_hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    repeated: list[str] = []
    for key, item in pairs:
        if key in result and key not in repeated:
            repeated.append(key)
        result[key] = item
    if not repeated:
        return result
    marked = _Repeated(result)
    marked.repeated = repeated
    return marked


def _find_duplicates(raw: bytes, value: object) -> object:
    try:
        tree = json.loads(raw, object_pairs_hook=_pairs_hook)
    except RecursionError:
        return ParseFailure.of(f"nested too deeply to check for repeated keys (limit {MAX_DEPTH})")
    problems: list[tuple[str, str, str]] = []
    stack: list[tuple[tuple[str, ...], object]] = [((), tree)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, _Repeated):
            for key in node.repeated:
                problems.append(
                    (
                        pointer((*path, key)),
                        KEYWORD_DUPLICATE_KEY,
                        f"key {orjson.dumps(key).decode()} appears more than once in one object; "
                        "parsers disagree on which value wins",
                    )
                )
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, str(i)), v) for i, v in enumerate(node))
    if not problems:
        return value
    return ParseFailure(tuple(sorted(problems)))

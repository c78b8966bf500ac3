"""The vendor ledger: where the vendor's documented examples contradict its descriptions.

Each event with vendor material has a folder ``contracts/vendor/<event>/`` holding
``ledger.toml``, one record per discrepancy with the decision taken and the violation each
profile must report for it (design policy 4), and, when the vendor shows an example, that
example byte for byte. The ``[source]`` table says which of three cases applies:

* ``documented_example = "documented_example.json"``: the example is complete. Under each
  profile it must fail with exactly the ledgered ``(path, keyword)`` pairs.
* the same plus ``cut_off = true``: the example stops mid-document (the stored copies of the
  page end there), so the file does not parse and both profiles can only report
  ``("", "json")``, which the ledger must hold. Every other record is about the *visible
  part*: the members that are complete before the cut, with the open objects closed (see
  :func:`visible_part`). Under each profile the visible part must fail with exactly those
  records' pairs, so the vendor's quirks in a cut-off example are still held to account.
  A record that expects nothing may name a field past the cut (a decision about it).
* no ``documented_example``: the vendor shows no example of this event. The records are
  decisions taken where the vendor is silent, and no profile can report anything for them
  (``strict`` and ``lenient`` are both "").

Without ``cut_off``, a documented example that does not parse can still be ledgered with
the single record ``("", "json")``; ``cut_off`` is what lets its visible part be checked too.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from alfred_contracts.errors import SchemaError
from alfred_contracts.parsing import ParseFailure, parse
from alfred_contracts.resources import contracts_dir

#: what both profiles report for a documented example that does not parse
PARSE_FAILURE = ("", "json")


@dataclass(frozen=True, slots=True)
class Discrepancy:
    id: str
    path: str  #: JSON Pointer into the documented example (or its visible part)
    description_says: str
    example_shows: str
    decision: str
    strict: str  #: keyword the strict profile reports at ``path``, "" for none
    lenient: str  #: keyword the lenient profile reports at ``path``, "" for none


@dataclass(frozen=True, slots=True)
class Ledger:
    event: str
    folder: Path
    page: str
    documented_example: Path | None  #: None: the vendor shows no example of this event
    discrepancies: tuple[Discrepancy, ...]
    cut_off: bool = False  #: the documented example stops mid-document

    def expected(self, profile: str) -> set[tuple[str, str]]:
        """(instance_path, keyword) of every violation ``profile`` must report."""
        return {(d.path, getattr(d, profile)) for d in self.discrepancies if getattr(d, profile)}


def load(folder: Path) -> Ledger:
    """Read one event's ledger folder."""
    path = folder / "ledger.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        source = data["source"]
        example = source.get("documented_example")
        cut_off = source.get("cut_off", False)
        if not isinstance(cut_off, bool) or (cut_off and example is None):
            raise TypeError("cut_off must be true or false, and needs a documented_example")
        return Ledger(
            event=data["event"],
            folder=folder,
            page=source["page"],
            documented_example=None if example is None else folder / example,
            discrepancies=tuple(Discrepancy(**row) for row in data.get("discrepancy", [])),
            cut_off=cut_off,
        )
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as error:
        raise SchemaError(f"{path}: not a usable ledger ({error})") from None


def load_all(root: Path | None = None) -> dict[str, Ledger]:
    """Every ledger below ``contracts/vendor/``, by event name."""
    base = root if root is not None else contracts_dir() / "vendor"
    ledgers = [load(path.parent) for path in sorted(base.glob("*/ledger.toml"))]
    return {ledger.event: ledger for ledger in ledgers}


def visible_part(raw: bytes) -> object:
    """The complete part of a JSON document that stops mid-way.

    Every object member whose value ends before the cut is kept; the member the cut falls
    in is dropped whole (a half-shown string or array is not evidence of anything), and the
    objects and arrays still open are closed. A document that parses is returned as is; a
    :class:`ParseFailure` when not even the opening of an object is visible.
    """
    whole = parse(raw)
    if not isinstance(whole, ParseFailure):
        return whole
    text = raw.decode("utf-8", errors="replace")
    cuts: list[tuple[int, str]] = []  # (end of the kept text, closers for what is open there)
    stack: list[str] = []
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "{[":
            member = not stack or stack[-1] == "}"  # the top level, or an object member
            stack.append("}" if char == "{" else "]")
            if char == "{" and member:
                cuts.append((index + 1, "".join(reversed(stack))))
        elif char in "}]" and stack:
            stack.pop()
        elif char == "," and stack and stack[-1] == "}":
            cuts.append((index, "".join(reversed(stack))))
    for end, closers in reversed(cuts):
        value = parse((text[:end] + closers).encode("utf-8"))
        if not isinstance(value, ParseFailure):
            return value
    return whole

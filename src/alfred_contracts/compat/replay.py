"""Replay recorded deliveries: real events as witnesses of a schema change.

A corpus is what a receiver has seen: an NDJSON capture (one event a line), a ``.json``
file (one event), either also compressed (``.gz``; ``.zst`` with the ``[archive]`` extra), a
folder of such files (searched recursively, in sorted order), a URL of any fsspec filesystem
naming one, a "directory" or a glob of them (the ``[archive]`` extra; see
:mod:`alfred_contracts.validation.loader`), or the SQLite database that
``alfred-contracts listen --db FILE`` writes (its ``deliveries`` table, opened read-only; a
local file). Deliveries are streamed, never all held in memory.

Each delivery goes to its event by ``event.event_name``, as the checker routes it. For an
event that changed, a delivery the released schema accepts and the candidate refuses is a
*real-world witness* that the change is not backward compatible: Alfred (or whoever
produced the capture) sends such events today. Both engines must agree on a witness: the
fast one finds it, the reference one confirms it. Deliveries that are not JSON, are cut
(the store keeps at most 1 MiB of a body), or name no changed event are counted, not judged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote

import orjson

from alfred_contracts import engines
from alfred_contracts.errors import SourceError
from alfred_contracts.parsing import ParseFailure, without_duplicates
from alfred_contracts.refs import JSON
from alfred_contracts.validation import loader, messages
from alfred_contracts.violations import Violation

Side = tuple[Mapping[str, JSON], str]
SQLITE_HEADER = b"SQLite format 3\x00"
#: the columns of ``deliveries`` (see consumer/store.py) that a replay reads
_QUERY = "SELECT id, body, body_bytes FROM deliveries ORDER BY id"


@dataclass(frozen=True)
class CorpusSource:
    """One readable part of a corpus."""

    label: str  #: how reports name it: the path as given (below a folder: joined to it)
    path: Path | None  #: the local file (None: an object behind a URL)
    kind: Literal["json", "ndjson", "sqlite"]
    #: how the loader reads a capture (json, ndjson): compressed or not, local or not
    capture: loader.Source | None = None


@dataclass(frozen=True)
class Recorded:
    """One recorded delivery: where it is, and its body (parsed, or why it is unusable)."""

    source: str
    line: int | None  #: 1-based line in an NDJSON capture
    delivery: int | None  #: ``deliveries.id`` in a SQLite store
    value: object  #: the parsed body, or a ParseFailure
    raw: bytes | None  #: the body's bytes, when known (for the repeated-key check)

    def where(self) -> str:
        if self.line is not None:
            return f"{self.source}:{self.line}"
        if self.delivery is not None:
            return f"{self.source} (delivery id {self.delivery})"
        return self.source


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError as error:
        raise SourceError(f"cannot read {str(path)!r}: {error.strerror or error}") from None


def _connect(path: Path, label: str) -> sqlite3.Connection:
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True)
        db.execute(_QUERY + " LIMIT 0").fetchall()
    except sqlite3.Error as error:
        raise SourceError(
            f"{label}: not a delivery store written by `alfred-contracts listen` ({error})"
        ) from None
    return db


def sources(argument: str) -> list[CorpusSource]:
    """The parts of the corpus at ``argument``; :class:`SourceError` when it is unusable."""
    if argument == loader.STDIN:
        raise SourceError(f"{argument}: not a corpus: {_CORPUS_FORMS}")
    found = loader.discover([argument])  # the loader's one-line SourceError when unusable
    if len(found) != 1 or found[0].label != loader.without_credentials(argument):
        return [_capture(part) for part in found]  # a folder's or a URL's listing: captures
    (part,) = found  # one file, named as it is
    if part.plain and part.path is not None and _is_sqlite(part.path):
        _connect(part.path, part.label).close()
        return [CorpusSource(part.label, part.path, "sqlite")]
    if not loader.is_capture_name(part.path.name if part.path else part.label):
        raise SourceError(f"{part.label}: not a corpus: {_CORPUS_FORMS}")
    return [_capture(part)]


_CORPUS_FORMS = (
    "give a .json, .ndjson or .jsonl file (or one compressed: .gz, .zst), a folder or URL "
    "of them, or the SQLite file `alfred-contracts listen --db` writes"
)


def _capture(part: loader.Source) -> CorpusSource:
    kind: Literal["json", "ndjson"] = "ndjson" if part.kind == "ndjson" else "json"
    return CorpusSource(part.label, part.path, kind, part)


def _loads(raw: bytes) -> object:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return ParseFailure.of("not JSON")


def recorded(source: CorpusSource) -> Iterator[Recorded]:
    """Every delivery of one source, streamed."""
    try:
        if source.kind == "sqlite":
            assert source.path is not None
            db = _connect(source.path, source.label)
            try:
                for row, body, size in db.execute(_QUERY):
                    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body or b"")
                    cut = size is not None and len(raw) < size
                    value = ParseFailure.of("cut by the store") if cut else _loads(raw)
                    yield Recorded(source.label, None, row, value, raw)
            except sqlite3.Error as error:
                raise SourceError(f"{source.label}: cannot read the deliveries ({error})") from None
            finally:
                db.close()
        elif source.kind == "ndjson":
            assert source.capture is not None
            with loader.opened(source.capture) as handle:
                for number, line in loader.lines(handle):
                    if type(line) is int:
                        yield Recorded(
                            source.label, number, None, ParseFailure.of("too large"), None
                        )
                    elif isinstance(line, bytes) and line.strip():
                        yield Recorded(source.label, number, None, _loads(line), line)
        else:
            assert source.capture is not None
            for _line, value in loader.records(source.capture):
                yield Recorded(source.label, None, None, value, None)
    except OSError as error:
        raise SourceError(f"cannot read {source.label!r}: {error.strerror or error}") from None


def event_name(value: object) -> str | None:
    """The payload's ``event.event_name``, as the checker routes it (None: unroutable)."""
    if type(value) is not dict:
        return None
    body = value.get("event")
    name = body.get("event_name") if type(body) is dict else None
    return name if type(name) is str else None


class Pair:
    """One changed event: its released schema and the candidate, compiled once."""

    def __init__(self, event: str, released: Side, candidate: Side) -> None:
        self.event, self.released, self.candidate = event, released, candidate
        self.accepted = self._engine(released, "rs")
        self.refused = self._engine(candidate, "rs")
        self._confirm: tuple[engines.Engine, engines.Engine] | None = None
        self._build = messages.Builder(candidate[0], candidate[1])

    def _engine(self, side: Side, engine: engines.EngineName) -> engines.Engine:
        return engines.create(side[0], {self.event: side[1]}, engine)

    def confirmed(self, value: object) -> bool:
        """Whether the reference engine agrees: released accepts, candidate refuses."""
        if self._confirm is None:
            self._confirm = (
                self._engine(self.released, "reference"),
                self._engine(self.candidate, "reference"),
            )
        old, new = self._confirm
        return old.is_valid_for(self.event)(value) and not new.is_valid_for(self.event)(value)

    def violations(self, value: object, source: str, line: int | None) -> tuple[Violation, ...]:
        return self._build(self.refused.errors(self.event, value), source, line, self.event)


@dataclass(frozen=True)
class Found:
    """A real-world witness: a recorded delivery the release accepts and the candidate refuses."""

    delivery: Recorded
    event: str
    event_id: object  #: the payload's ``event_id`` as sent (any JSON value; None if absent)
    violations: tuple[Violation, ...]  #: why the candidate refuses it


@dataclass
class Replay:
    """What a replay saw."""

    read: int = 0  #: deliveries read
    unusable: int = 0  #: not JSON, cut, or too large
    replayed: dict[str, int] = field(default_factory=dict)  #: event -> deliveries judged
    accepted: dict[str, int] = field(default_factory=dict)  #: event -> accepted by the release
    unconfirmed: int = 0  #: witnesses the reference engine did not confirm (not reported)
    witnesses: list[Found] = field(default_factory=list)  #: the first ``keep`` witnesses
    more: int = 0  #: further witnesses, counted only (the fast engine's verdict)

    @property
    def total(self) -> int:
        """How many witnesses were found."""
        return len(self.witnesses) + self.more


def replay(corpus: list[CorpusSource], pairs: Mapping[str, Pair], keep: int = 100) -> Replay:
    """Judge every delivery of ``corpus`` whose event is one of ``pairs``.

    The first ``keep`` witnesses are confirmed by the reference engine and kept with the
    candidate's violations; later ones are only counted, so memory stays bounded."""
    result = Replay(replayed=dict.fromkeys(pairs, 0), accepted=dict.fromkeys(pairs, 0))
    checks = {
        name: (pair.accepted.is_valid_for(name), pair.refused.is_valid_for(name))
        for name, pair in pairs.items()
    }
    for source in corpus:
        for delivery in recorded(source):
            result.read += 1
            value = delivery.value
            if type(value) is ParseFailure:
                result.unusable += 1
                continue
            name = event_name(value)
            if name is None or name not in checks:
                continue
            result.replayed[name] += 1
            accepts, keeps = checks[name]
            if not accepts(value):
                continue
            result.accepted[name] += 1
            if keeps(value):
                continue
            if delivery.raw is not None and without_duplicates(delivery.raw, value) is not value:
                result.accepted[name] -= 1
                continue  # a key repeated: not an event the release accepts after all
            if len(result.witnesses) >= keep:
                result.more += 1
                continue
            pair = pairs[name]
            if not pair.confirmed(value):
                result.unconfirmed += 1
                continue
            event_id = value.get("event_id") if isinstance(value, dict) else None
            found = pair.violations(value, delivery.source, delivery.line)
            result.witnesses.append(Found(delivery, name, event_id, found))
    return result

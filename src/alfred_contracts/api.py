"""Library entry points: check a payload, or check it and build its typed model; check a
Dask bag of NDJSON lines (:func:`validate_bag`, with the ``[archive]`` extra)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, overload

from alfred_contracts.errors import ContractViolation
from alfred_contracts.extras import require
from alfred_contracts.parsing import MAX_DOCUMENT_BYTES
from alfred_contracts.parsing import parse as parse_json
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.profiles import check_profile
from alfred_contracts.validation.checker import Checker
from alfred_contracts.violations import DocumentResult, Reporter, Summary, Violation

if TYPE_CHECKING:
    import dask.bag

    from alfred_contracts.modeltypes import AlfredModel
    from alfred_contracts.validation.archive import CheckerSpec
    from alfred_contracts.validation.scan import ScanResult
    from alfred_events import AlfredEvent, UrlVerification, lenient

Body = bytes | bytearray | str | object


@functools.lru_cache(maxsize=4)
def _checker(profile: str) -> Checker:
    return Checker(Catalog.load(), profile=check_profile(profile))


def _value(payload: Body) -> object:
    if isinstance(payload, str):
        payload = payload.encode("utf-8", "surrogatepass")
    if isinstance(payload, bytes | bytearray):
        return parse_json(bytes(payload))
    return payload


def validate(
    payload: Body, event: str | None = None, profile: str = "strict"
) -> tuple[Violation, ...]:
    """Check one payload and return its violations (empty when it conforms).

    ``payload`` is the raw body (``bytes`` or ``str``, parsed with the same strict rules
    as the command line: duplicate keys, NaN and the like are violations) or an
    already-parsed value. ``event`` checks the payload as that event instead of routing
    by ``event.event_name`` (``url_verification`` names the handshake, which a payload's
    ``type`` also routes to); an unknown name raises :class:`UnknownEventError`.
    """
    checker = _checker(profile)
    value = payload if type(payload) is dict else _value(payload)
    if event is None:  # the common case, valid: route and one compiled check, nothing else
        name = checker.catalog.route(value)
        if type(name) is str and checker.is_valid(name, value):
            return ()
    else:
        name = checker.catalog.message(event).name
        if not isinstance(value, dict):
            return checker.check(value).violations
        return checker.violations(name, value)
    return checker.check(value).violations


@overload
def parse(body: Body, profile: Literal["strict"] = "strict") -> AlfredEvent | UrlVerification: ...
@overload
def parse(
    body: Body, profile: Literal["lenient"]
) -> lenient.AlfredEvent | lenient.UrlVerification: ...
@overload
def parse(body: Body, profile: str) -> AlfredModel: ...


def parse(body: Body, profile: str = "strict") -> AlfredModel:
    """Validate ``body`` against the contract, then build its typed model.

    Returns the model of the event that ``event.event_name`` names, or ``UrlVerification``
    for the handshake: from ``alfred_events`` under the strict profile, from
    ``alfred_events.lenient`` under the lenient one (unknown fields are kept there, in
    ``model.model_extra``, and the vendor's quoted values are read as numbers and booleans).
    The models hold the contract themselves; the schema is checked first anyway, because
    its violations say exactly what is wrong, field by field.

    Raises :class:`ContractViolation`, carrying every violation, when the payload breaks
    the contract.
    """
    import importlib

    checker = _checker(profile)
    value = _value(body)
    result = checker.check(value)
    if result.violations:
        raise ContractViolation(result.violations, result.event)
    assert result.event is not None
    package = "alfred_events" if checker.profile == "strict" else "alfred_events.lenient"
    model = importlib.import_module(package).MODELS[result.event]
    from pydantic import ValidationError

    try:
        built: AlfredModel = model.model_validate(value)
    except ValidationError as error:  # valid, but beyond what Python's types can hold
        problems = [
            Violation(
                source="<payload>",
                line=None,
                event=result.event,
                instance_path="".join(f"/{part}" for part in issue["loc"]),
                schema_path="",
                keyword="model",
                message=f"valid under the contract but not representable in Python: {issue['msg']}",
            )
            for issue in error.errors()
        ]
        raise ContractViolation(problems, result.event) from None
    return built


@dataclass
class BagReport:
    """What :func:`validate_bag` found: the counts, and the invalid lines in bag order."""

    summary: Summary
    invalid: list[DocumentResult]

    @property
    def ok(self) -> bool:
        return self.summary.ok

    def __iter__(self) -> Iterator[DocumentResult]:
        return iter(self.invalid)

    def __len__(self) -> int:
        return len(self.invalid)


def validate_bag(
    bag: dask.bag.Bag,
    *,
    profile: str = "strict",
    event: str | None = None,
    source: str = "<bag>",
    reporter: Reporter | None = None,
    **compute: Any,
) -> BagReport:
    """Check a Dask bag of NDJSON lines; return the counts and the invalid lines in order.

    Each element is one line, ``str`` or ``bytes``, as ``dask.bag.read_text`` gives them
    (one trailing newline is dropped). Lines are numbered across partitions in bag order,
    as if the bag were one file named ``source``, and the verdicts are those of
    ``alfred-contracts validate`` on that file (a bag without a single event is one "empty
    input" violation, as an empty file is). The bag is computed as
    ``bag.compute(**compute)`` would be: on the distributed ``Client`` you made, if any.
    ``reporter`` (:func:`alfred_contracts.report.validation.create`) is fed the results
    too. Needs the ``[archive]`` extra (:class:`MissingExtra` otherwise).
    """
    from alfred_contracts.validation import archive

    require("archive", "dask", what="validate_bag")
    catalog = Catalog.load()
    checked = check_profile(profile)
    forced = catalog.message(event).name if event is not None else None
    spec = archive.CheckerSpec.of(catalog, checked, "rs", forced)
    checking = bag.map_partitions(_bag_partition, spec, source)  # type: ignore[no-untyped-call]
    parts: list[ScanResult] = checking.compute(**compute)
    summary = Summary(profile=checked, sources=1)
    collect = _Collect(reporter)
    archive.merge(parts, source, summary, collect)
    collect.finish(summary)
    return BagReport(summary, collect.found)


class _Collect:
    def __init__(self, reporter: Reporter | None) -> None:
        self.found: list[DocumentResult] = []
        self.reporter = reporter

    def document(self, result: DocumentResult) -> None:
        self.found.append(result)
        if self.reporter is not None:
            self.reporter.document(result)

    def passed(self, source: str, count: int) -> None:
        if self.reporter is not None:
            self.reporter.passed(source, count)

    def finish(self, summary: Summary) -> None:
        if self.reporter is not None:
            self.reporter.finish(summary)


def _bag_partition(lines: Iterable[object], spec: CheckerSpec, source: str) -> list[ScanResult]:
    """Runs on a worker: one partition of the bag, scanned (lines numbered from 1)."""
    from alfred_contracts.validation.archive import checker_for
    from alfred_contracts.validation.scan import scan

    return [scan(_batches(lines), checker_for(spec), source)]


def _batches(lines: Iterable[object], size: int = 8192) -> Iterator[tuple[int, list[bytes | int]]]:
    first, batch = 1, []
    for item in lines:
        batch.append(_line(item))
        if len(batch) == size:
            yield first, batch
            first, batch = first + size, []
    if batch:
        yield first, batch


def _line(item: object) -> bytes | int:
    """One bag element as the fast path takes a line (an over-long one is its size)."""
    if isinstance(item, str):
        try:
            data = item.encode("utf-8")
        except UnicodeEncodeError:  # read_text(errors="surrogateescape") keeps raw bytes so;
            try:  # a lone surrogate otherwise: the parser reports the bad UTF-8
                data = item.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:
                data = item.encode("utf-8", "surrogatepass")
    elif isinstance(item, bytes | bytearray | memoryview):
        data = bytes(item)
    else:
        raise TypeError(
            f"validate_bag takes a bag of NDJSON lines (str or bytes), not {type(item).__name__}"
        )
    if data.endswith(b"\n"):
        data = data[:-1]
    return len(data) if len(data) > MAX_DOCUMENT_BYTES else data

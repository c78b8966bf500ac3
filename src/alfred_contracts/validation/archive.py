"""``validate --dask ADDRESS`` (and ``validate_bag``): archives checked on a Dask cluster.

Each plain NDJSON file is cut into byte ranges that end just after a newline (about
:data:`PARTITION_BYTES` each); a Dask worker opens the file itself, scans its range with
the fast path (:mod:`alfred_contracts.validation.scan`) and sends back counts and the
invalid documents, numbered from the range's first line. The client takes the results in
file order and renumbers them, so the report is byte for byte that of one process. Other
sources (``.json`` documents, standard input, compressed captures) are checked in the
client by the one-process pipeline, in their place in the order.

The workers read the files, not the client: an archive is usually far larger than what one
client should read and push through its own network link, so only (path, start, end)
travels. A path must therefore name the same file on every worker (a shared filesystem,
the same mount point); a worker that cannot read it, or finds a file of another size,
stops the run with a one-line error. URLs (fsspec) fit the same plan: a worker opens the
URL (``_open``) and reads its range.

A :class:`~alfred_contracts.validation.checker.Checker` holds compiled validators that do
not pickle, so the workers get a :class:`CheckerSpec` (profile, engine, forced event and
the catalog's identity) and build the checker once per worker process.

Dask is imported only when a run starts: ``import alfred_contracts`` never imports it.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from alfred_contracts._version import __version__
from alfred_contracts.errors import AlfredContractsError, SourceError, UsageError
from alfred_contracts.extras import require
from alfred_contracts.resources import data_root
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation import loader, pipeline
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.parallel import Bounded, _renumber, ranges
from alfred_contracts.validation.scan import ScanResult, scan
from alfred_contracts.violations import KEYWORD_JSON, DocumentResult, Reporter, Summary, Violation

if TYPE_CHECKING:
    from distributed import Client, Future

#: the size of one partition of a file (a task); ``$ALFRED_CONTRACTS_DASK_PARTITION_BYTES``
PARTITION_BYTES = 64 * 1024 * 1024
PARTITION_ENV = "ALFRED_CONTRACTS_DASK_PARTITION_BYTES"
#: seconds to wait for the scheduler to answer; ``$ALFRED_CONTRACTS_DASK_TIMEOUT``
CONNECT_TIMEOUT = 10.0
TIMEOUT_ENV = "ALFRED_CONTRACTS_DASK_TIMEOUT"
#: seconds a run waits on a cluster without workers; ``$ALFRED_CONTRACTS_DASK_NO_WORKERS``
NO_WORKERS_TIMEOUT = 60.0
NO_WORKERS_ENV = "ALFRED_CONTRACTS_DASK_NO_WORKERS"
POLL = 1.0  #: seconds between two looks at the cluster while a result is awaited


class ClusterError(AlfredContractsError):
    """The Dask cluster cannot be reached, has no workers left, or its workers died."""


def _require(what: str) -> None:
    require("archive", "dask", "distributed", what=what)


# -- what a worker needs to build the checker --------------------------------------------


@dataclass(frozen=True)
class CheckerSpec:
    """A picklable recipe for a :class:`Checker`; equal specs build equal checkers.

    The bundled catalog travels as its digest (a worker loads its own copy and refuses one
    with other schemas); any other catalog (a project's schemas) travels whole.
    """

    profile: str
    engine: str
    event: str | None
    schemas: str  #: sha256 of the catalog's schemas
    version: str = __version__
    root: str | None = None  #: None for the bundled catalog, else the folder it came from
    resources: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)
    paths: Mapping[str, str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, catalog: Catalog, profile: str, engine: str, event: str | None) -> CheckerSpec:
        strict = catalog.resources("strict")
        digest = _digest(strict)
        if catalog.root == (data_root() / "schemas").resolve():
            return cls(profile, engine, event, digest)
        paths = {uri: str(path) for uri, path in catalog.paths.items()}
        root = str(catalog.root)
        return cls(profile, engine, event, digest, root=root, resources=strict, paths=paths)

    def build(self) -> Checker:
        if self.resources is None:
            catalog = Catalog.load(data_root() / "schemas")
            if _digest(catalog.resources("strict")) != self.schemas:
                raise ClusterError(
                    f"the Dask worker on {socket.gethostname()} bundles other schemas "
                    f"(alfred-event-contracts {__version__}) than the client "
                    f"({self.version}): install the same version on the workers"
                )
        else:
            assert self.root is not None
            assert self.paths is not None
            paths = {uri: Path(path) for uri, path in self.paths.items()}
            catalog = Catalog(Path(self.root), dict(self.resources), paths)
        return Checker(catalog, profile=self.profile, engine=self.engine, event=self.event)  # type: ignore[arg-type]


def _digest(resources: Mapping[str, Any]) -> str:
    return sha256(json.dumps(resources, sort_keys=True).encode()).hexdigest()


_CHECKERS: dict[CheckerSpec, Checker] = {}
_LOCK = threading.Lock()


def checker_for(spec: CheckerSpec) -> Checker:
    """The checker ``spec`` describes, built once per process (workers run threads)."""
    with _LOCK:
        found = _CHECKERS.get(spec)
        if found is None:
            found = _CHECKERS[spec] = spec.build()
        return found


# -- the worker's side: one byte range of one file ----------------------------------------


def _open(location: str) -> BinaryIO:
    return open(location, "rb")


def _check_range(
    location: str, start: int, end: int, size: int, label: str, *, spec: CheckerSpec
) -> ScanResult:
    """Scan bytes ``start:end`` of the file; lines are numbered from 1 at ``start``."""
    checker = checker_for(spec)
    where = f"on the Dask worker on {socket.gethostname()}"
    try:
        with _open(location) as handle:
            found = os.fstat(handle.fileno()).st_size
            if found != size:
                raise SourceError(
                    f"cannot read {label!r} {where}: {location} there holds {found} bytes, "
                    f"not {size}: the workers must see the client's files at the same path"
                )
            handle.seek(start)
            return scan(loader.blocks(Bounded(handle, end - start)), checker, label)  # type: ignore[arg-type]
    except OSError as error:
        raise SourceError(
            f"cannot read {label!r} {where} ({location}: {error.strerror or error}); "
            "the workers must see the client's files at the same path"
        ) from None


# -- the client's side ---------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """How the workers share one file: its byte ranges."""

    location: str  #: what a worker opens (an absolute path)
    label: str
    size: int
    ranges: list[tuple[int, int]]


def _plan(source: loader.Source, step: int) -> Plan | None:
    """How a source is split over the workers; None: the client checks it itself."""
    path = source.path
    if source.kind != "ndjson" or not source.plain or path is None:
        return None  # one document, standard input, a compressed stream or a URL
    try:
        cut = [piece for piece in ranges(path, 1, step) if piece[0] < piece[1]]
        return Plan(str(path.absolute()), source.label, path.stat().st_size, cut)
    except OSError as error:
        raise SourceError(f"cannot read {source.label!r}: {error.strerror or error}") from None


def _setting(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = 0.0
    if value <= 0:
        raise UsageError(f"${name} must be a positive number, not {raw!r}")
    return value


def _connect(address: str, timeout: float) -> Client:
    from distributed import Client
    from distributed.comm.addressing import get_address_host_port

    try:
        get_address_host_port(address)
    except ValueError as error:
        raise ClusterError(
            f"{address!r} is not a Dask scheduler address ({error}); e.g. tcp://host:8786"
        ) from None
    try:
        return Client(address, timeout=timeout, set_as_default=False)  # type: ignore[no-untyped-call]
    except Exception:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address} (no answer within {timeout:g} s)"
        ) from None


def _wait(client: Client, future: Future[ScanResult], address: str, what: str) -> ScanResult:
    """The future's result; a :class:`ClusterError` when the cluster cannot deliver it."""
    from distributed import KilledWorker

    patience = _setting(NO_WORKERS_ENV, NO_WORKERS_TIMEOUT)
    alone_since: float | None = None
    while True:
        try:
            return future.result(timeout=POLL)
        except KilledWorker:
            raise ClusterError(
                f"Dask workers died while checking {what} (the task was retried, then given "
                f"up); see the workers' logs, or try smaller partitions (${PARTITION_ENV})"
            ) from None
        except Exception as error:
            if future.status == "error":  # the task itself failed: its own error, as is
                raise
            if not isinstance(error, TimeoutError):
                raise ClusterError(f"lost the Dask scheduler at {address}: {error}") from None
        try:
            workers = len(client.nthreads())  # type: ignore[no-untyped-call]
        except Exception as error:
            raise ClusterError(f"lost the Dask scheduler at {address}: {error}") from None
        now = time.monotonic()
        if workers:
            alone_since = None
        elif alone_since is None:
            alone_since = now
        elif now - alone_since > patience:
            raise ClusterError(
                f"the Dask cluster at {address} has had no workers for {patience:g} s "
                f"(${NO_WORKERS_ENV})"
            )


class _Forward:
    """Passes documents on, keeps the final summary for the caller to write."""

    def __init__(self, reporter: Reporter) -> None:
        self.document, self.passed = reporter.document, reporter.passed

    def finish(self, summary: Summary) -> None:
        return None


def run(
    sources: Iterable[loader.Source], checker: Checker, reporter: Reporter, *, address: str
) -> Summary:
    """Like :func:`pipeline.run`, with the NDJSON files checked by the cluster at ``address``."""
    _require("validate --dask")
    sources = list(sources)
    step = int(_setting(PARTITION_ENV, PARTITION_BYTES))
    plans = [_plan(source, step) for source in sources]
    summary = Summary(profile=checker.profile)
    timeout = _setting(TIMEOUT_ENV, CONNECT_TIMEOUT)
    client = _connect(address, timeout)
    try:
        spec = CheckerSpec.of(checker.catalog, checker.profile, checker.engine.name, checker.forced)
        pending = _submit(client, spec, plans)

        def results(plan: Plan) -> Iterator[ScanResult]:
            for start, end in plan.ranges:
                what = f"{plan.label} (bytes {start}-{end})"
                yield _wait(client, pending.popleft(), address, what)  # then released

        for source, plan in zip(sources, plans, strict=True):
            if plan is None:
                _add(summary, pipeline.run([source], checker, _Forward(reporter), jobs=1))
            else:
                summary.sources += 1
                merge(results(plan), plan.label, summary, reporter)
    finally:
        with contextlib.suppress(Exception):  # a scheduler already gone: nothing to close
            client.close(timeout=timeout)  # type: ignore[no-untyped-call]
    reporter.finish(summary)
    return summary


def _submit(
    client: Client, spec: CheckerSpec, plans: list[Plan | None]
) -> deque[Future[ScanResult]]:
    """Every range of every file as one task, in file order, sent in one message."""
    tasks = [
        (plan.location, start, end, plan.size, plan.label)
        for plan in plans
        if plan is not None
        for start, end in plan.ranges
    ]
    if not tasks:
        return deque()
    run = uuid.uuid4().hex[:12]
    shipped: object = spec
    if spec.resources is not None:  # a project's schemas: sent once, not with every task
        shipped = client.submit(_same, spec, key=f"alfred-contracts-spec-{run}", pure=False)
    futures = client.map(
        _check_range,
        *zip(*tasks, strict=True),
        spec=shipped,
        key=[f"alfred-contracts-check-{run}-{n}" for n in range(len(tasks))],
        pure=False,
    )
    return deque(futures)


def _same(value: CheckerSpec) -> CheckerSpec:
    return value


def _add(summary: Summary, part: Summary) -> None:
    summary.checked += part.checked
    summary.valid += part.valid
    summary.invalid += part.invalid
    summary.violations += part.violations
    summary.sources += part.sources


def merge(parts: Iterable[ScanResult], label: str, summary: Summary, reporter: Reporter) -> None:
    """Report the partitions of one source, in order, as one scan of it would be reported."""
    offset = documents = valid = 0
    for part in parts:
        for document in part.invalid:
            result = _renumber(document, offset)
            summary.add(result)
            reporter.document(result)
        offset += part.lines
        documents += part.documents
        valid += part.valid
    summary.add_valid(valid)
    reporter.passed(label, valid)
    if not documents:  # as pipeline.run says it
        empty = Violation(label, None, None, "", "", KEYWORD_JSON, "empty input: no events")
        result = DocumentResult(label, None, None, (empty,))
        summary.add(result)
        reporter.document(result)

"""``validate --dask`` and ``validate_bag``: on a local Dask cluster, the one-process report."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dask
import dask.bag as db
import distributed
import pytest

from alfred_contracts import validate_bag
from alfred_contracts.cli import main
from alfred_contracts.errors import MissingExtra, SourceError
from alfred_contracts.report import validation as report
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation import archive, loader, pipeline
from alfred_contracts.validation.checker import Checker
from alfred_contracts.violations import DocumentResult, Summary

from conftest import COUNTEREXAMPLES, EXAMPLES, ROOT, SCHEMAS

sys.path.insert(0, str(ROOT / "benchmarks"))
import make_corpus

CLI = shutil.which("alfred-contracts", path=str(Path(sys.executable).parent)) or "alfred-contracts"
GOOD = json.loads((EXAMPLES / "job_start_event" / "integer_event_time.json").read_text())
TRICKY = [
    b"",
    b"   ",
    json.dumps(GOOD).encode() + b"\r",
    json.dumps(GOOD, separators=(",", ":")).replace('"job_id"', '"job_id":"x","job_id"').encode(),
    b"\xef\xbb\xbf" + json.dumps(GOOD).encode(),
    b'{"event": {"event_name": "job_teleport_event"}}',
    b"\xff\xfe not UTF-8",
    b"{broken",
]
PARTITION = 20_000  # bytes: the capture below is cut into some 40 partitions


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    # a worker that dies fails its task at once (the default retries it on 3 more workers)
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            scheduler_port=0,
            dashboard_address=None,
        ) as local,
    ):
        yield local


@pytest.fixture(scope="module")
def captures(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("captures")
    capture = folder / "capture.ndjson"
    make_corpus.write(capture, 3000, seed=5, invalid=0.1)
    data = capture.read_bytes().split(b"\n")
    # tricky lines spread over the file, so that partitions start and end on them
    for at in range(len(data) - 1, 0, -len(data) // 7):
        data[at:at] = TRICKY
    capture.write_bytes(b"\n".join(data))  # the last line has no newline
    other = folder / "other.jsonl"
    make_corpus.write(other, 400, seed=6, invalid=0.3)
    empty = folder / "empty.ndjson"
    empty.write_bytes(b"\n\n")
    bad = sorted((COUNTEREXAMPLES / "job_start_event").glob("*.json"))[0]
    assert capture.stat().st_size > 30 * PARTITION
    return [capture, bad, empty, other]


def _cli(
    *arguments: str, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "NO_COLOR": "1", **env}
    command = [CLI, "validate", *arguments]
    return subprocess.run(command, capture_output=True, env=environment, cwd=cwd)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_dask_gives_the_one_process_report(
    cluster: distributed.LocalCluster, captures: list[Path], fmt: str
) -> None:
    paths = [str(path) for path in captures]
    one = _cli("--format", fmt, "--jobs", "1", *paths)
    spread = _cli(
        "--format", fmt, "--dask", cluster.scheduler_address, *paths,
        ALFRED_CONTRACTS_DASK_PARTITION_BYTES=str(PARTITION),
    )  # fmt: skip
    assert one.returncode == spread.returncode == 1, spread.stderr
    assert spread.stderr == one.stderr == b""
    assert spread.stdout == one.stdout
    assert one.stdout.count(b"capture.ndjson") > 300


def test_a_projects_schemas_travel_to_the_workers(
    cluster: distributed.LocalCluster, captures: list[Path], tmp_path: Path
) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)  # not the bundled catalog: the workers get its schemas
    env = {"ALFRED_CONTRACTS_SCHEMAS": str(schemas)}
    one = _cli("--profile", "lenient", str(captures[0]), **env)
    spread = _cli(
        "--profile", "lenient", "--dask", cluster.scheduler_address, str(captures[0]),
        ALFRED_CONTRACTS_DASK_PARTITION_BYTES=str(PARTITION), **env,
    )  # fmt: skip
    assert spread.returncode == one.returncode == 1, spread.stderr
    assert spread.stdout == one.stdout


class _Collect:
    def __init__(self) -> None:
        self.found: list[DocumentResult] = []

    def document(self, result: DocumentResult) -> None:
        self.found.append(result)

    def passed(self, source: str, count: int) -> None:
        return None

    def finish(self, summary: Summary) -> None:
        return None


@pytest.mark.parametrize("as_text", [False, True])
def test_validate_bag_gives_the_one_process_verdicts(
    cluster: distributed.LocalCluster, captures: list[Path], as_text: bool
) -> None:
    capture = captures[0]
    lines: list[bytes] | list[str] = capture.read_bytes().splitlines(keepends=True)
    if as_text:
        lines = [line.decode("utf-8", "surrogateescape") for line in lines]
    collect = _Collect()
    source = loader.Source("<bag>", capture, "ndjson")
    expected = pipeline.run([source], Checker(Catalog.load()), collect, jobs=1)
    with distributed.Client(cluster, set_as_default=False) as client:
        found = validate_bag(db.from_sequence(lines, npartitions=4), scheduler=client)
    assert found.summary == expected
    assert found.invalid == collect.found
    assert list(found) == collect.found
    assert not found.ok
    numbers = [r.line for r in found if r.line is not None]
    assert min(numbers) < 100
    assert max(numbers) > 3000  # from every partition, numbered across them


def test_validate_bag_feeds_a_reporter_and_reads_text_files(
    captures: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    other = captures[3]
    bag = db.read_text(str(other), blocksize=4096)
    assert bag.npartitions > 4
    found = validate_bag(bag, source=other.name, reporter=report.create("text", sys.stdout),
                         scheduler="sync")  # fmt: skip
    printed = capsys.readouterr().out
    one = _cli(other.name, cwd=other.parent)
    assert one.returncode == 1
    assert printed.encode() == one.stdout
    assert found.summary.checked == 400
    assert len(found) == found.summary.invalid > 50


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_scheduler_is_one_line_naming_it(captures: list[Path]) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    done = _cli("--dask", address, str(captures[0]), ALFRED_CONTRACTS_DASK_TIMEOUT="2")
    assert time.monotonic() - started < 15
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode().count("\n") == 1, done.stderr
    assert address in done.stderr.decode()


def test_not_an_address(captures: list[Path]) -> None:
    done = _cli("--dask", "scheduler-without-port", str(captures[0]))
    assert done.returncode == 2
    assert done.stderr.decode().count("\n") == 1, done.stderr
    assert "not a Dask scheduler address" in done.stderr.decode()


def test_without_the_archive_extra(
    captures: list[Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert main(["validate", "--dask", "tcp://127.0.0.1:8786", str(captures[0])]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "validate --dask needs the [archive] extra" in err
    assert "pip install 'alfred-event-contracts[archive]'" in err
    with pytest.raises(MissingExtra, match=r"validate_bag needs the \[archive\] extra"):
        validate_bag(object())  # type: ignore[arg-type]


def test_a_worker_that_sees_another_file_stops_the_run(captures: list[Path]) -> None:
    spec = archive.CheckerSpec.of(Catalog.load(), "strict", "rs", None)
    capture = captures[0]
    size = capture.stat().st_size
    with pytest.raises(SourceError, match="the workers must see the client's files"):
        archive._check_range(str(capture), 0, size, size + 1, "capture.ndjson", spec=spec)
    with pytest.raises(SourceError, match="No such file"):
        archive._check_range(str(capture) + ".gone", 0, size, size, "x.ndjson", spec=spec)


def test_a_dying_worker_is_a_tool_error_not_a_hang(cluster: distributed.LocalCluster) -> None:
    with distributed.Client(cluster, set_as_default=False) as client:
        doomed = client.submit(os._exit, 1, pure=False)
        with pytest.raises(archive.ClusterError, match="Dask workers died while checking x"):
            archive._wait(client, doomed, cluster.scheduler_address, "x")
        client.wait_for_workers(2, timeout=60)  # the nanny restarts it

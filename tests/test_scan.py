"""The fast NDJSON path gives the general path's verdicts; --jobs N gives the same report."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation import loader, parallel
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.scan import fixed_quotes, scan

from conftest import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import itertools

import make_corpus

GOOD = json.loads((EXAMPLES / "job_start_event" / "integer_event_time.json").read_text())
TRICKY = [
    b"",
    b"   ",
    json.dumps(GOOD).encode(),  # spaces after separators: not orjson's form
    json.dumps(GOOD, separators=(",", ":")).encode() + b"\r",
    json.dumps(dict(GOOD, event=dict(GOOD["event"], company_name='Say "hi"'))).encode(),
    json.dumps(dict(GOOD, event=dict(GOOD["event"], company_name="\u00e9"))).encode(),  # \u escape
    json.dumps(GOOD, separators=(",", ":")).replace('"job_id"', '"job_id":"x","job_id"').encode(),
    json.dumps(GOOD, separators=(",", ":"))
    .replace('"event_type"', '"event_type":"y","event_type"', 1)
    .encode(),
    json.dumps(GOOD, separators=(",", ":"))
    .replace('"job_id"', '"j\\u006fb_id":"x","job_id"')
    .encode(),
    b'{"event":{"event_name":"job_start_event","event_name":"job_start_event"}}',
    b"\xef\xbb\xbf" + json.dumps(GOOD).encode(),
    b"[1, 2]",
    b'{"event": {"event_name": "job_teleport_event"}}',
    b'{"event_id": NaN}',
    b"{broken",
]


def _general(lines: list[bytes], checker: Checker) -> tuple[int, list[object]]:
    """The reference: every line through parse() and Checker.check(), with the engine's
    own error lists (no walker, no remembered failure)."""
    checker = Checker(checker.catalog, profile=checker.profile, event=checker.forced)
    checker._walker = None
    valid, invalid = 0, []
    for number, value in loader._ndjson_records(loader.lines(io.BytesIO(b"\n".join(lines)))):
        result = checker.check(value, "x", number)
        if result.violations:
            invalid.append(result)
        else:
            valid += 1
    return valid, invalid


def _repeated() -> list[bytes]:
    """Runs of one broken rule (the cheap invalid path remembers the last failure), with
    repeated keys, escaped quotes and other kinds of value in among them."""
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    out: list[bytes] = []
    times: list[object] = ["1700000000.5", "17", None, True, -1, 2.5, [], {}, "x" * 80, 3]
    for index in range(400):
        event = dict(GOOD, event_time=times[index // 40] if index % 7 else "1700000000.25")
        if index % 13 == 0:
            event["event"] = dict(GOOD["event"], company_name='Say "hi"')
        if index % 17 == 0:
            event["event"] = dict(GOOD["event"], job_id="not-a-uuid")
        text = json.dumps(event, **compact)  # type: ignore[arg-type]
        if index % 11 == 0:
            text = text.replace('"job_id"', '"job_id":"x","job_id"')
        if index % 19 == 0:
            text = text.replace('"event_time"', '"event_time":1,"event_time"')
        if index % 23 == 0:
            text = json.dumps(event)  # spaces: not orjson's form
        out.append(text.encode())
    return out


def _corpus(tmp_path: Path, events: int = 3000) -> list[bytes]:
    path = tmp_path / "corpus.ndjson"
    make_corpus.write(path, events, seed=3, invalid=0.2)
    return path.read_bytes().split(b"\n")[:-1] + TRICKY + _repeated()


@pytest.mark.parametrize(
    ("profile", "event"), [("strict", None), ("lenient", None), ("strict", "job_start_event")]
)
def test_the_fast_path_gives_the_general_paths_verdicts(
    tmp_path: Path, profile: str, event: str | None
) -> None:
    checker = Checker(Catalog.load(), profile=profile, event=event)
    lines = _corpus(tmp_path)
    fast = scan([(1, list(lines))], checker, "x")
    valid, invalid = _general(lines, checker)
    assert fast.valid == valid
    assert fast.invalid == invalid
    assert fast.documents == valid + len(invalid)
    assert len(invalid) > 400


def test_duplicates_are_caught_on_the_fast_path() -> None:
    checker = Checker(Catalog.load())
    fast = scan([(1, TRICKY[6:10])], checker, "x")
    assert [r.violations[0].keyword for r in fast.invalid] == ["duplicate-key"] * 4


def test_the_shape_of_a_strict_event_is_fixed_and_a_lenient_one_is_not() -> None:
    assert fixed_quotes(Checker(Catalog.load()), "job_start_event") == 40
    assert fixed_quotes(Checker(Catalog.load(), profile="lenient"), "job_start_event") is None


def test_byte_ranges_end_on_newlines_and_cover_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.ndjson"
    path.write_bytes(
        b"".join(b'{"n": %d, "pad": "%s"}\n' % (i, b"x" * (i % 97)) for i in range(5000))
    )
    monkeypatch.setattr(parallel, "MIN_CHUNK", 10_000)
    cuts = parallel.ranges(path, 2)
    data = path.read_bytes()
    assert cuts[0][0] == 0
    assert cuts[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cuts))
    assert all(data[end - 1 : end] == b"\n" for _start, end in cuts)
    assert len(cuts) == 8


CLI = shutil.which("alfred-contracts", path=str(Path(sys.executable).parent)) or "alfred-contracts"


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_jobs_2_gives_the_same_report_as_one_process(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "capture.ndjson"
    make_corpus.write(path, 24_000, seed=11, invalid=0.08)  # over the parallel threshold
    with path.open("ab") as handle:
        handle.write(b"\n".join(TRICKY) + b"\n")
    assert path.stat().st_size > 8 * 1024 * 1024
    one = subprocess.run(
        [CLI, "validate", "--format", fmt, "--jobs", "1", str(path)], capture_output=True
    )
    two = subprocess.run(
        [CLI, "validate", "--format", fmt, "--jobs", "2", str(path)], capture_output=True
    )
    default = subprocess.run([CLI, "validate", "--format", fmt, str(path)], capture_output=True)
    assert one.returncode == two.returncode == default.returncode == 1
    assert one.stdout == two.stdout == default.stdout
    assert one.stdout.count(b"\n") > 1000


@pytest.mark.parametrize(
    ("fmt", "suffix", "invalid"),
    [
        ("text", ".ndjson.gz", 0.1),
        ("json", ".ndjson.gz", 0.1),
        ("text", ".ndjson", 0.1),
        ("json", ".ndjson.gz", 0.9),  # mostly invalid: the workers render their violations
        ("text", ".ndjson", 0.9),  # mostly invalid: the workers render their violations
        ("json", ".ndjson", 0.9),
        ("markdown", ".ndjson", 0.9),  # no rendering elsewhere: one process after all
        ("markdown", ".ndjson.gz", 0.9),
    ],
)
def test_a_capture_in_parallel_gives_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, suffix: str, invalid: float
) -> None:
    """Byte ranges, or lines read (and decompressed) by the parent, checked by the workers
    in small pieces so that results come back out of order and are put back in order."""
    import gzip

    from alfred_contracts.report import validation as report
    from alfred_contracts.validation import pipeline

    plain = tmp_path / "plain.ndjson"
    make_corpus.write(plain, 4000, seed=5, invalid=invalid)
    lines = plain.read_bytes().split(b"\n")[:-1] + TRICKY + _repeated() + [b"z" * 5000]
    path = tmp_path / f"capture{suffix}"
    data = b"\n".join(lines) + b"\n"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    monkeypatch.setattr(pipeline, "STREAM_FROM", 1)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel, "CHUNK", 40_000)
    monkeypatch.setattr(parallel, "MIN_CHUNK", 40_000)
    monkeypatch.setattr(loader, "MAX_DOCUMENT_BYTES", 4096)
    rendered: list[int] = []
    real = parallel._rendered
    monkeypatch.setattr(parallel, "_rendered", lambda *args: rendered.append(1) or real(*args))
    streamed: list[bool] = []
    real_in_order = parallel._in_order

    def in_order(jobs: int, work: Any, tasks: Any) -> Any:
        streamed.append(work is parallel._work_lines_rendered)
        return real_in_order(jobs, work, tasks)

    monkeypatch.setattr(parallel, "_in_order", in_order)
    outputs = []
    for jobs in (1, 2):
        out = io.StringIO()
        checker = Checker(Catalog.load())
        summary = pipeline.run(
            loader.discover([str(path)]),
            checker,
            report.create(fmt, out),
            jobs=jobs,  # type: ignore[arg-type]
        )
        outputs.append((summary, out.getvalue()))
    assert outputs[0] == outputs[1]
    assert outputs[0][0].checked == len([line for line in lines if line.strip()])
    assert outputs[0][0].invalid > 400
    if suffix == ".ndjson":
        assert len(parallel.ranges(path, 2)) > 8  # many pieces, whatever the shape
    assert rendered == ([1] if (suffix, fmt, invalid) in _RENDERED else [])
    assert any(streamed) == ((suffix, fmt, invalid) in _RENDERED_STREAM)


#: the runs whose workers render their own violations (plain file, mostly invalid, a format
#: that renders pieces)
_RENDERED = {(".ndjson", "text", 0.9), (".ndjson", "json", 0.9)}
#: the same for compressed captures, whose lines the main process reads
_RENDERED_STREAM = {(".ndjson.gz", "json", 0.9)}


def test_over_long_lines_on_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_DOCUMENT_BYTES", 600)
    monkeypatch.setattr(loader, "BLOCK", 256)
    checker = Checker(Catalog.load())
    compact = json.dumps(GOOD, separators=(",", ":")).encode()
    data = b"\n".join([compact, b"x" * 5000, compact, b'{"a": "' + b"y" * 3000 + b'"}', compact])
    fast = scan(loader.blocks(io.BytesIO(data)), checker, "x")
    assert (fast.lines, fast.documents, fast.valid) == (5, 5, 3)
    assert [r.line for r in fast.invalid] == [2, 4]
    assert all("over the" in r.violations[0].message for r in fast.invalid)

"""Measure validation against the floor (reading lines + orjson.loads), all in one run.

    .venv/bin/python benchmarks/run.py --write benchmarks/RESULTS.md     (or: make bench)

Every rate is compared with the floor measured in the same run, so a busy machine moves
both. Each measurement is repeated (--repeats, default 3) and the median is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
CLI = str(Path(sys.executable).parent / "alfred-contracts")
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402

START, END = "<!-- corpus:start -->", "<!-- corpus:end -->"
TARGETS = {
    "validate, one process": 0.5,
    "library call (one parsed payload)": 0.6,
}


def median(values: list[float]) -> float:
    return statistics.median(values)


def floor(path: Path) -> float:
    """Events per second: read every line and orjson.loads it, nothing else."""
    started = time.perf_counter()
    count = 0
    with path.open("rb") as handle:
        for line in handle:
            try:  # noqa: SIM105 (contextlib.suppress would slow the floor down)
                orjson.loads(line)
            except orjson.JSONDecodeError:
                pass
            count += 1
    return count / (time.perf_counter() - started)


def _peak_kib(pid: int) -> int:
    """The process's peak resident set so far (VmHWM), 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_cli(*args: str) -> tuple[float, int, bytes]:
    """Wall seconds, peak resident KiB of the command's own process, and a digest of stdout.

    The peak is read from /proc while the command runs (VmHWM, which starts afresh at
    exec, unlike the rusage of a forked child, which counts this large harness process).
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen([CLI, *args], stdout=out, stderr=subprocess.DEVNULL)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _peak_kib(process.pid))
            time.sleep(0.005)
        wall = time.perf_counter() - started
        out.seek(0)
        digest = hashlib.sha256(out.read()).digest()
    return wall, peak, digest


def per_event(rate: Callable[[], float], repeats: int) -> float:
    return median([rate() for _ in range(repeats)])


def timed(action: Callable[[], Any], count: int) -> float:
    started = time.perf_counter()
    action()
    return count / (time.perf_counter() - started)


def components(path: Path, limit: int = 100_000) -> list[tuple[str, float]]:
    """Microseconds per line of each step of the fast path (valid lines only)."""
    from alfred_contracts.validation.checker import Checker

    checker = Checker()
    check = checker.validators()["job_start_event"]
    lines = path.read_bytes().split(b"\n")[:limit]
    parsed = []
    for line in lines:
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if type(value) is dict and check(value) and line.count(b'"') == 40:
            parsed.append((line, value))
    only = [line for line, _ in parsed]
    values = [value for _, value in parsed]
    count = len(parsed)

    def us(action: Callable[[], Any]) -> float:
        best = min(timeit_once(action) for _ in range(3))
        return best / count * 1e6

    def timeit_once(action: Callable[[], Any]) -> float:
        started = time.perf_counter()
        action()
        return time.perf_counter() - started

    data = b"\n".join(only)
    return [
        ("split the block into lines", us(lambda: data.split(b"\n"))),
        ("orjson.loads", us(lambda: _each(orjson.loads, only))),
        ("route by event.event_name", us(lambda: [v["event"]["event_name"] for v in values])),
        ("jsonschema-rs is_valid (formats on)", us(lambda: _each(check, values))),
        ('duplicate-key proof (count of ")', us(lambda: _each(_quotes, only))),
        ("whole fast path (scan)", us(lambda: _scan(only, checker))),
    ]


def _each(function: Callable[[Any], Any], items: list[Any]) -> None:
    for item in items:
        function(item)


def _quotes(line: bytes) -> int:
    return line.count(b'"')


def _scan(lines: list[bytes], checker: Any) -> None:
    from alfred_contracts.validation.scan import scan

    scan([(1, lines)], checker, "bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--big-gib", type=float, default=1.0, help="size of the memory test file (0: skip)"
    )
    parser.add_argument("--write", type=Path, help="write the results (markdown) to this file")
    options = parser.parse_args()

    from alfred_contracts import validate
    from alfred_contracts.schema.catalog import Catalog
    from alfred_contracts.validation.checker import Checker

    corpus = DATA / f"corpus-{options.events}.ndjson"
    if not corpus.exists():
        make_corpus.write(corpus, options.events)
    events = options.events
    small = ROOT / "contracts" / "examples" / "job_start_event" / "compact_one_line.json"

    values = []
    with corpus.open("rb") as handle:
        for line in handle:
            try:  # noqa: SIM105
                values.append(orjson.loads(line))
            except orjson.JSONDecodeError:
                pass
    catalog = Catalog.load()
    rs = Checker(catalog).validators()["job_start_event"]
    from jsonschema import Draft202012Validator

    from alfred_contracts.engines.reference import ReferenceEngine

    reference = ReferenceEngine(catalog, "strict")._validators["job_start_event"]
    assert isinstance(reference, Draft202012Validator)
    sample = values[:5000]

    rows: dict[str, list[float]] = {}
    memory: dict[str, int] = {}
    digests: dict[str, bytes] = {}
    for _ in range(options.repeats):
        rows.setdefault("floor", []).append(floor(corpus))
        wall, rss, digest = run_cli("validate", "--format", "json", str(corpus))
        rows.setdefault("validate, one process", []).append(events / wall)
        memory["validate, one process"] = max(memory.get("validate, one process", 0), rss)
        digests["1"] = digest
        wall, rss, digest = run_cli("validate", "--format", "json", "--jobs", "2", str(corpus))
        rows.setdefault("validate --jobs 2", []).append(events / wall)
        memory["validate --jobs 2 (parent)"] = max(memory.get("validate --jobs 2 (parent)", 0), rss)
        digests["2"] = digest
        rows.setdefault("library call (one parsed payload)", []).append(
            timed(lambda: [validate(v) for v in values], len(values))
        )
        rows.setdefault("engine alone: jsonschema-rs", []).append(
            timed(lambda: [rs(v) for v in values], len(values))
        )
        rows.setdefault("engine alone: python-jsonschema (reference)", []).append(
            timed(lambda: [reference.is_valid(v) for v in sample], len(sample))
        )
    identical = digests["1"] == digests["2"]

    starts: dict[str, float] = {}
    for label, args in (
        ("alfred-contracts --version", ["--version"]),
        ("validate one small file", ["validate", str(small)]),
    ):
        starts[label] = median([run_cli(*args)[0] for _ in range(15)])

    big_line = ""
    if options.big_gib > 0:
        big = DATA / f"big-{options.big_gib:g}GiB.ndjson"
        target = int(options.big_gib * 1024**3)
        if not big.exists() or big.stat().st_size < target:
            block = corpus.read_bytes()
            with big.open("wb") as out:
                written = 0
                while written < target:
                    out.write(block)
                    written += len(block)
        lines = sum(1 for _ in big.open("rb"))
        wall, rss, _ = run_cli("validate", "--format", "json", str(big))
        big_line = (
            f"| {big.stat().st_size / 1024**3:.2f} GiB NDJSON ({lines:,} events), one process | "
            f"{wall:.1f} s | {rss / 1024:.0f} MiB | {lines / wall:,.0f} events/s |"
        )

    parts = components(corpus)
    floor_rate = median(rows["floor"])
    one = median(rows["validate, one process"])
    two = median(rows["validate --jobs 2"])
    report = render(options, rows, floor_rate, one, two, identical, memory, starts, big_line, parts)
    if options.write:
        from shapes import write_section

        write_section(options.write, START, END, report)
    print(report)


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0))
    return f"{cpu}, {cores} cores, {platform.system()} {platform.release()}"


def render(options: Any, rows: dict[str, list[float]], floor_rate: float, one: float, two: float,
           identical: bool, memory: dict[str, int], starts: dict[str, float], big_line: str,
           parts: list[tuple[str, float]]) -> str:  # fmt: skip
    versions = ", ".join(
        f"{name} {version(name)}"
        for name in ("alfred-event-contracts", "orjson", "jsonschema-rs", "jsonschema")
    )
    lines = [
        START,
        "## The benchmark corpus (`benchmarks/run.py`)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {_machine()}; Python "
        f"{platform.python_version()}; {versions}.",
        "",
        f"Command: `.venv/bin/python benchmarks/run.py --events {options.events} "
        f"--repeats {options.repeats} --big-gib {options.big_gib:g} --write benchmarks/RESULTS.md` "
        "(`make bench`).",
        "",
        f"Corpus: {options.events:,} JobStartEvents as NDJSON, about 5% invalid in ten ways "
        "(`benchmarks/make_corpus.py`). Rates are medians of "
        f"{options.repeats} runs; *ratio* is the rate divided by the floor's rate in the same run.",
        "",
        "| measurement | events/s | ratio to floor | target |",
        "|---|---:|---:|---|",
    ]
    for name, values in rows.items():
        rate = median(values)
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"≥ {target} — {'met' if rate / floor_rate >= target else 'missed'}"
        lines.append(f"| {name} | {rate:,.0f} | {rate / floor_rate:.2f} | {verdict} |")
    speedup = two / one
    lines += [
        "",
        f"`--jobs 2` against one process: **{speedup:.2f} times** (target ≥ 1.7 — "
        f"{'met' if speedup >= 1.7 else 'missed'}); "
        f"output identical: **{'yes' if identical else 'NO'}**.",
        "",
        "| start-up (median of 15) | wall | target |",
        "|---|---:|---|",
    ]
    for label, seconds in starts.items():
        lines.append(
            f"| `{label}` | {seconds:.3f} s | < 0.3 s — {'met' if seconds < 0.3 else 'missed'} |"
        )
    lines += ["", "| peak resident memory | |", "|---|---:|"]
    for label, kib in memory.items():
        lines.append(f"| {label}, {options.events:,} events | {kib / 1024:.0f} MiB |")
    if big_line:
        lines += ["", "| memory test | wall | peak RSS | rate |", "|---|---:|---:|---:|", big_line]
    lines += ["", "## Where the time goes (µs per valid line)", "", "| step | µs |", "|---|---:|"]
    lines += [f"| {name} | {value:.2f} |" for name, value in parts]
    costs = dict(parts)
    proof = costs['duplicate-key proof (count of ")']
    engine = costs["jsonschema-rs is_valid (formats on)"]
    floor_us = 1e6 / floor_rate
    path_us = costs["whole fast path (scan)"] + costs["split the block into lines"]
    lines += [
        "",
        f"The floor spends {floor_us:.2f} µs on a line (read it, parse it). A valid line "
        f"on the fast path costs about {path_us:.2f} µs: the same read and parse, plus "
        f"{engine:.2f} µs in jsonschema-rs and "
        f"{proof:.2f} µs for the duplicate-key proof, plus "
        "the interpreter's loop and routing. So even a capture with no invalid line "
        f"cannot pass about {floor_us / path_us:.2f} of the floor in one CPython process. "
        "Most of jsonschema-rs's share is turning the parsed dict into its own values "
        "before it checks them; no option of jsonschema-rs 0.60 skips that. An invalid "
        "line costs a few µs more: the cheap invalid path (`validation/walker.py`, see "
        "the capture-shape section) explains it from yes/no answers instead of the "
        "engine's error objects, and building the record and writing the report take the "
        "rest. `--jobs` (one process per CPU by default) recovers the difference on "
        "several cores.",
        "",
        "## What the profile changed",
        "",
        "Measured while developing (2026-11-28, 200,000-event corpus, one process):",
        "",
        "| change | why (from the profile) | effect |",
        "|---|---|---|",
        "| one tight loop for NDJSON that counts valid lines instead of building a record per "
        "line (`scan.py`) | a frozen-dataclass result per document cost ~2 µs | 2.18 s → 1.24 s |",
        '| exact duplicate-key proof by counting `"` against the strings of the parsed '
        "value, a constant for closed fixed-shape events | five substring scans and a key walk "
        "cost ~3 µs a line | the proof went from ~3 µs to 0.3 µs |",
        "| violations and results as named tuples | a frozen dataclass with seven fields takes "
        "~1.5 µs to build | ~15% of the invalid path |",
        "| schema lookups per failed rule cached; no `urljoin` per error | `follow` and URL "
        "parsing were 40% of building a violation | invalid path 41 µs → ~25 µs |",
        '| "did you mean" and format explanations cached | difflib cost ~20 µs per unknown '
        "event name | unknown-event lines 24 µs → 4 µs |",
        "| `validate()` answers a valid payload with a route and one compiled check | the "
        "library call built a result record per call | 0.50 → 0.66 of the floor |",
        "| `--jobs N`: byte ranges cut at newlines, forked workers, results renumbered in "
        "order | one core idle | 1.7 times on 2 cores, identical output |",
        "| JUnit's XML escaping and multiprocessing imported only when used | `xml.sax` pulls "
        "in `urllib.request` (18 ms), multiprocessing 11 ms | `validate` of one file 0.09 s "
        "→ 0.08 s |",
    ]
    return "\n".join([*lines, END])


if __name__ == "__main__":
    main()

"""Validation speed by capture shape, before and after, plus parallel speed-up and memory.

    .venv/bin/python benchmarks/shapes.py --baseline 0a296d1 --write benchmarks/RESULTS.md

Three captures of --events JobStartEvents (NDJSON): every event valid; 5% invalid in ten
ways (make_corpus.py); every event with the vendor's quirk, ``event_time`` as a quoted
string, checked strict (so every line is invalid). For each, in one process:

* **ratio to the floor**: the floor (read every line, ``orjson.loads`` it) and the check
  (``pipeline.run`` with ``--jobs 1`` and the JSON reporter, start-up excluded) are timed in
  the same process, alternately, in CPU seconds of that process (this machine is shared:
  CPU time is steadier than wall time); the median over --repeats is reported. With
  --baseline REF the same is measured for that git revision (checked out in a temporary
  worktree), in the same run;
* **the command end to end**: ``alfred-contracts validate --format json`` with ``--jobs 1``,
  ``--jobs 2`` and the default (one process per CPU), wall time, and whether the reports are
  byte-identical;
* **memory**: peak resident set (VmHWM, every process of the command) on a capture of
  --big-gib GiB, valid and all-invalid, with ``--jobs 1`` and the default.

It replaces the part of RESULTS.md between its markers, or prints when --write is not given.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
CLI = str(Path(sys.executable).parent / "alfred-contracts")
START, END = "<!-- shapes:start -->", "<!-- shapes:end -->"
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402

SHAPES = {
    "every event valid": "valid",
    "5% invalid in ten ways": "mixed",
    "every event_time quoted, strict": "quoted",
}
TARGETS = {"valid": 0.55, "mixed": 0.50, "quoted": 0.30}

# Run in a child process with the tree under test first on sys.path.
_CHILD = r"""
import json, os, statistics, sys, time
import orjson
path, repeats = sys.argv[1], int(sys.argv[2])
from alfred_contracts.report import validation as report
from alfred_contracts.validation import loader, pipeline
from alfred_contracts.validation.checker import Checker
checker = Checker()

def floor():
    started = time.process_time()
    with open(path, "rb") as handle:
        for line in handle:
            try:
                orjson.loads(line)
            except orjson.JSONDecodeError:
                pass
    return time.process_time() - started

def check():
    started = time.process_time()
    with open(os.devnull, "w") as out:
        pipeline.run(loader.discover([path]), checker, report.create("json", out), jobs=1)
    return time.process_time() - started

check()  # warm: compiled validators, caches
ratios, seconds = [], []
for _ in range(repeats):
    f = floor()
    c = check()
    ratios.append(f / c)
    seconds.append(c)
print(json.dumps({"ratio": statistics.median(ratios), "seconds": statistics.median(seconds),
                  "floor": f}))
"""


def corpus(shape: str, events: int) -> Path:
    path = DATA / f"shape-{shape}-{events}.ndjson"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    if shape == "valid":
        make_corpus.write(path, events, invalid=0.0)
    elif shape == "mixed":
        make_corpus.write(path, events)
    else:
        rng = random.Random(3)
        with path.open("w", encoding="utf-8") as out:
            for _ in range(events):
                event = make_corpus.event(rng)
                event["event_time"] = str(event["event_time"])
                out.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path


@contextlib.contextmanager
def worktree(ref: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="alfred-baseline-") as folder:
        target = Path(folder) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(target), ref],
            check=True,
        )
        try:
            yield target
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(target)], check=True
            )


def in_process(tree: Path, path: Path, repeats: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(repeats)],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _peak_kib(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total = max(total, int(line.split()[1]))
        except (OSError, ValueError):
            pass
    return total


def _family(pid: int) -> set[int]:
    found = {pid}
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            children = (task / "children").read_text().split()
            for child in children:
                found |= _family(int(child))
    except OSError:
        pass
    return found


def command(*args: str) -> tuple[float, int, bytes]:
    """Wall seconds, the largest peak RSS (KiB) of any of its processes, digest of stdout."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen([CLI, *args], stdout=out, stderr=subprocess.DEVNULL)
        peaks: dict[int, int] = {}
        while process.poll() is None:
            for pid in _family(process.pid):
                peaks[pid] = max(peaks.get(pid, 0), _peak_kib({pid}))
            time.sleep(0.01)
        wall = time.perf_counter() - started
        out.seek(0)
        digest = hashlib.sha256(out.read()).digest()
    return wall, max(peaks.values(), default=0), digest


def wall_floor(path: Path) -> float:
    import orjson

    started = time.perf_counter()
    with path.open("rb") as handle:
        for line in handle:
            with contextlib.suppress(orjson.JSONDecodeError):
                orjson.loads(line)
    return time.perf_counter() - started


def big(shape: str, gib: float) -> Path:
    source = corpus(shape, 200_000)
    path = DATA / f"big-{shape}-{gib:g}GiB.ndjson"
    target = int(gib * 1024**3)
    if not path.exists() or path.stat().st_size < target:
        block = source.read_bytes()
        with path.open("wb") as out:
            written = 0
            while written < target:
                out.write(block)
                written += len(block)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=150_000)
    parser.add_argument(
        "--cli-events", type=int, default=1_000_000, help="capture size for the end-to-end runs"
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--baseline", metavar="REF", help="git revision to compare with")
    parser.add_argument("--big-gib", type=float, default=1.0, help="memory test size (0: skip)")
    parser.add_argument("--write", type=Path, help="replace the shapes section of this file")
    options = parser.parse_args()

    paths = {shape: corpus(shape, options.events) for shape in SHAPES.values()}
    rows: dict[str, dict[str, float]] = {}
    before: dict[str, dict[str, float]] = {}
    with contextlib.ExitStack() as stack:
        base = stack.enter_context(worktree(options.baseline)) if options.baseline else None
        for shape, path in paths.items():
            if base is not None:
                before[shape] = in_process(base, path, options.repeats)
            rows[shape] = in_process(ROOT, path, options.repeats)

    cli: dict[str, dict[str, float | bool]] = {}
    for shape in paths:
        path = corpus(shape, options.cli_events)
        floor = statistics.median(wall_floor(path) for _ in range(3))
        runs: dict[str, list[float]] = {"1": [], "2": [], "default": []}
        digests = set()
        for _ in range(3):
            for jobs in runs:
                extra = [] if jobs == "default" else ["--jobs", jobs]
                wall, _peak, digest = command("validate", "--format", "json", *extra, str(path))
                runs[jobs].append(wall)
                digests.add(digest)
        one, two = statistics.median(runs["1"]), statistics.median(runs["2"])
        cli[shape] = {
            "ratio1": floor / one,
            "ratio2": floor / two,
            "speedup": one / two,
            "default": one / statistics.median(runs["default"]),
            "identical": len(digests) == 1,
        }

    memory: list[tuple[str, float, float, float]] = []
    if options.big_gib > 0:
        for shape, fmt in (("mixed", "json"), ("quoted", "text")):
            path = big(shape, options.big_gib)
            for jobs in ("1", "default"):
                extra = [] if jobs == "default" else ["--jobs", jobs]
                wall, peak, _digest = command("validate", "--format", fmt, *extra, str(path))
                label = f"{path.stat().st_size / 1024**3:.2f} GiB, {shape}, --format {fmt}, " + (
                    "--jobs 1" if jobs == "1" else "default jobs"
                )
                memory.append((label, wall, peak / 1024, path.stat().st_size / wall / 1e6))

    text = render(options, rows, before, cli, memory)
    if options.write:
        write_section(options.write, START, END, text)
    print(text)


def write_section(path: Path, start: str, end: str, text: str) -> None:
    """Replace what lies between ``start`` and ``end`` in ``path`` (``text`` holds both
    markers), or append ``text`` when the file has no such section yet."""
    old = path.read_text() if path.exists() else ""
    if start in old and end in old:
        head, rest = old.split(start, 1)
        new = head + text + rest.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(new)


def render(
    options: argparse.Namespace,
    rows: dict[str, dict[str, float]],
    before: dict[str, dict[str, float]],
    cli: dict[str, dict[str, float | bool]],
    memory: list[tuple[str, float, float, float]],
) -> str:
    cores = len(os.sched_getaffinity(0))
    lines = [
        START,
        "## Validation by capture shape (`benchmarks/shapes.py`)",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {cores} cores, Python "
        f"{platform.python_version()}. Command: `.venv/bin/python benchmarks/shapes.py "
        f"--events {options.events} --cli-events {options.cli_events} --repeats {options.repeats}"
        + (f" --baseline {options.baseline}" if options.baseline else "")
        + f" --big-gib {options.big_gib:g} --write benchmarks/RESULTS.md`.",
        "",
        f"{options.events:,} JobStartEvents per capture. *Ratio*: the floor's time (read and "
        "`orjson.loads` every line) over the check's time (`--jobs 1`, JSON report), both in "
        "the same process, in CPU seconds, median of "
        f"{options.repeats}.",
        "",
        "| capture | before | after | target |",
        "|---|---:|---:|---|",
    ]
    for label, shape in SHAPES.items():
        old = f"{before[shape]['ratio']:.2f}" if shape in before else "—"
        new = rows[shape]["ratio"]
        target = TARGETS[shape]
        verdict = "met" if new >= target else "missed"
        lines.append(f"| {label} | {old} | {new:.2f} | ≥ {target:.2f} — {verdict} |")
    lines += [
        "",
        f"End to end on captures of {options.cli_events:,} events (`alfred-contracts validate "
        "--format json`, wall time, median of 3, start-up included; ratio to the floor's wall "
        "time):",
        "",
        "| capture | `--jobs 1` ratio | `--jobs 2` ratio | `--jobs 2` speed-up | default "
        "(one per CPU) speed-up | reports identical |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for label, shape in SHAPES.items():
        row = cli[shape]
        lines.append(
            f"| {label} | {row['ratio1']:.2f} | {row['ratio2']:.2f} | {row['speedup']:.2f} times | "
            f"{row['default']:.2f} times | {'yes' if row['identical'] else 'NO'} |"
        )
    if memory:
        lines += [
            "",
            "| memory test | wall | peak RSS (largest process) | MB/s |",
            "|---|---:|---:|---:|",
        ]
        lines += [
            f"| {label} | {wall:.1f} s | {peak:.0f} MiB | {rate:.0f} |"
            for label, wall, peak, rate in memory
        ]
    lines.append(END)
    return "\n".join(lines)


if __name__ == "__main__":
    main()

"""How `diff` scales with schema size: a change in an enum of N values, and a property
renamed in a closed object of N properties, N from 1,000 to 100,000.

Each size is compared whole (description, proof, witness search) in one process; the
report gives seconds and the ratio to the smallest size, so a near-linear comparison shows
ratios close to the size ratios. Run:

    .venv/bin/python benchmarks/diff_scale.py [--sizes 1000,10000,100000] [--write FILE]
"""

from __future__ import annotations

import argparse
import resource
import time
from typing import Any

from alfred_contracts.compat.diff import diff
from alfred_contracts.compat.witness import prove


def side(schema: dict[str, Any], name: str) -> tuple[dict[str, Any], str]:
    uri = f"https://bench.test/{name}.json"
    return {uri: {"$id": uri, **schema}}, uri


def pair(kind: str, size: int) -> tuple[dict[str, Any], dict[str, Any]]:
    if kind == "enum":
        values = [f"value-{i}" for i in range(size + 1)]
        return (
            {"type": "object", "required": ["v"], "properties": {"v": {"enum": values[:-1]}}},
            {"type": "object", "required": ["v"], "properties": {"v": {"enum": values[1:]}}},
        )
    names = [f"p{i}" for i in range(size + 1)]
    return (
        {"type": "object", "additionalProperties": False,
         "properties": {n: {"type": "string"} for n in names[:-1]}},
        {"type": "object", "additionalProperties": False,
         "properties": {n: {"type": "string"} for n in names[1:]}},
    )  # fmt: skip


def measure(kind: str, size: int) -> tuple[float, str]:
    old, new = pair(kind, size)
    started = time.perf_counter()
    a, b = side(old, "old"), side(new, "new")
    verdict = prove(diff(a, b), a, b)
    seconds = time.perf_counter() - started
    return seconds, f"backward {verdict.backward}, forward {verdict.forward}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--write", help="append the table to this markdown file")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    lines = [
        "| schema | N | seconds | time ratio | size ratio | verdict |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for kind, label in (("enum", "enum of N values, one replaced"),
                        ("properties", "closed object of N properties, one renamed")):  # fmt: skip
        first = None
        for size in sizes:
            seconds, verdict = measure(kind, size)
            first = first or seconds
            lines.append(f"| {label} | {size:,} | {seconds:.2f} | {seconds / first:.1f} | "
                         f"{size / sizes[0]:.0f} | {verdict} |")  # fmt: skip
            print(lines[-1], flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(f"\nPeak resident memory of the whole run: {peak:.0f} MiB.")
    if options.write:
        with open(options.write, "a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

"""``verify-consumer``: build the suite, run it against a client, return the report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from alfred_contracts.consumer.clients import Client
from alfred_contracts.consumer.fuzz import fuzz
from alfred_contracts.consumer.probes import Probe
from alfred_contracts.consumer.runner import Progress, Report, run
from alfred_contracts.consumer.suite import Suite
from alfred_contracts.resources import contracts_dir
from alfred_contracts.schema.catalog import Catalog

DEFAULT_MAX_EXAMPLES = 50


def verify(
    client: Client,
    *,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    seed: int = 0,
    catalog: Catalog | None = None,
    contracts: Path | None = None,
    progress: Progress | None = None,
) -> Report:
    """Run every probe against ``client``'s receiver (``max_examples`` per fuzzing mode)."""
    suite = Suite(catalog or Catalog.load(), contracts or contracts_dir(), seed=seed)

    def probes() -> Iterator[Probe]:
        for group in suite.deterministic():
            yield from group()
        if max_examples > 0:
            yield from fuzz(suite.checker, "positive", max_examples, seed)
            yield from fuzz(suite.checker, "negative", max_examples, seed)

    report = run(client, probes(), suite.liveness(), progress)
    report.settings = {"seed": seed, "max-examples": max_examples}
    return report

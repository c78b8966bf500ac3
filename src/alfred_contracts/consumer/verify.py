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
#: seconds a whole run may take (a run against a quick receiver takes a few)
DEFAULT_BUDGET = 300.0


def verify(
    client: Client,
    *,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    seed: int = 0,
    catalog: Catalog | None = None,
    contracts: Path | None = None,
    progress: Progress | None = None,
    budget: float | None = DEFAULT_BUDGET,
    strict: bool = False,
) -> Report:
    """Run every probe against ``client``'s receiver (``max_examples`` per fuzzing mode).

    The run stops after ``budget`` seconds (None: no limit) with a finding; with
    ``strict``, advice fails the report too.
    """
    suite = Suite(catalog or Catalog.load(), contracts or contracts_dir(), seed=seed)

    def probes() -> Iterator[Probe]:
        for group in suite.deterministic():
            yield from group()
        if max_examples > 0:
            yield from fuzz(suite.checker, "positive", max_examples, seed)
            yield from fuzz(suite.checker, "negative", max_examples, seed)

    report = run(client, probes(), suite.liveness(), progress, budget=budget, strict=strict)
    report.settings = {"seed": seed, "max-examples": max_examples}
    return report

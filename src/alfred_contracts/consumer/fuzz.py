"""Property-based probes from Schemathesis, over the receiver's OpenAPI document.

Positive mode draws bodies the document allows (events under the lenient profile and the
handshake); negative mode draws bodies it forbids. Every drawn body is then judged by
:func:`~alfred_contracts.consumer.probes.expect_for`, from the bytes actually sent, so a
generator's imprecision (a lone surrogate in a "valid" string, a "negative" body that
happens to be valid) never becomes a false failure.
"""

from __future__ import annotations

import json
import random
import warnings
from collections.abc import Iterator
from typing import Any

from alfred_contracts.codegen.openapi import receiver_document
from alfred_contracts.consumer.probes import JSON_TYPE, Probe, probe
from alfred_contracts.resources import WEBHOOK_PATH
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker


def _body(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if type(value).__name__ == "NotSet":
        return b""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:  # NaN or Infinity: send what a sloppy encoder would
        text = json.dumps(value, ensure_ascii=False)
    except TypeError:
        text = json.dumps(value, ensure_ascii=False, default=str)
    return text.encode("utf-8", "surrogatepass")


def cases(catalog: Catalog, mode: str, max_examples: int, seed: int) -> list[Any]:
    """Draw up to ``max_examples`` Schemathesis cases, reproducibly for a given seed."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from schemathesis.generation.modes import GenerationMode

    schema = schemathesis.openapi.from_dict(receiver_document(catalog))
    operation = schema[WEBHOOK_PATH]["POST"]
    drawn: list[Any] = []

    @settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(seed)
    @given(operation.as_strategy(generation_mode=GenerationMode(mode)))
    def collect(case: Any) -> None:
        drawn.append(case)

    state = random.getstate()  # a generator that reads the global random stays reproducible
    random.seed(seed)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            collect()
    finally:
        random.setstate(state)
    return drawn[:max_examples]


def fuzz(checker: Checker, mode: str, max_examples: int, seed: int) -> Iterator[Probe]:
    """Probes for ``mode`` (``positive`` or ``negative``)."""
    for index, case in enumerate(cases(checker.catalog, mode, max_examples, seed), 1):
        content_type = case.media_type or JSON_TYPE
        yield probe(
            checker,
            f"fuzzing ({mode})",
            f"{mode} case #{index}",
            _body(case.body),
            content_type=content_type,
        )

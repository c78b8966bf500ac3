"""Property-based probes from Schemathesis, over the receiver's OpenAPI document.

Positive mode draws bodies the document allows (events under the lenient profile and the
handshake); negative mode draws bodies it forbids. Every drawn body is then judged by
:func:`~alfred_contracts.consumer.probes.classify`, from the bytes actually sent, so a
generator's imprecision (a lone surrogate in a "valid" string, a "negative" body that
happens to be valid) never becomes a false failure, and a drawn body Alfred never sends
(a handshake with extra keys, an object naming no event) is judged as advice.

The document's handshake is narrowed to the one Alfred sends (exactly ``token``,
``challenge`` and ``type``, a non-empty challenge), so that positive mode draws
deliveries Alfred can make and negative mode the malformed handshakes around them.
A body drawn twice (with the same content type) is sent once.
"""

from __future__ import annotations

import copy
import json
import random
import warnings
from collections.abc import Iterator
from typing import Any

from alfred_contracts.codegen.openapi import receiver_document
from alfred_contracts.consumer.probes import HANDSHAKE_KEYS, JSON_TYPE, Probe, probe
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


def _document(catalog: Catalog) -> dict[str, Any]:
    """The receiver's OpenAPI document, its handshake narrowed to what Alfred sends."""
    document = copy.deepcopy(receiver_document(catalog))
    handshake = document["components"]["schemas"]["UrlVerification"]
    handshake["required"] = sorted(HANDSHAKE_KEYS)
    handshake["additionalProperties"] = False
    handshake["properties"]["challenge"] = {"type": "string", "minLength": 1}
    return dict(document)


def cases(catalog: Catalog, mode: str, max_examples: int, seed: int) -> list[Any]:
    """Draw up to ``max_examples`` Schemathesis cases, reproducibly for a given seed."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from schemathesis.generation.modes import GenerationMode

    schema = schemathesis.openapi.from_dict(_document(catalog))
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
    """Probes for ``mode`` (``positive`` or ``negative``), each body once."""
    seen: set[tuple[bytes, str]] = set()
    for index, case in enumerate(cases(checker.catalog, mode, max_examples, seed), 1):
        content_type = case.media_type or JSON_TYPE
        body = _body(case.body)
        if (body, content_type) in seen:
            continue
        seen.add((body, content_type))
        yield probe(
            checker, f"fuzzing ({mode})", f"{mode} case #{index}", body, content_type=content_type
        )

"""Library entry points: check a payload, or check it and build its typed model."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from alfred_contracts.errors import ContractViolation
from alfred_contracts.parsing import parse as parse_json
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.profiles import check_profile
from alfred_contracts.validation.checker import Checker
from alfred_contracts.violations import Violation

if TYPE_CHECKING:
    from alfred_events import AnyEvent

Body = bytes | bytearray | str | object


@functools.lru_cache(maxsize=4)
def _checker(profile: str) -> Checker:
    return Checker(Catalog.load(), profile=check_profile(profile))


def _value(payload: Body) -> object:
    if isinstance(payload, str):
        payload = payload.encode("utf-8", "surrogatepass")
    if isinstance(payload, bytes | bytearray):
        return parse_json(bytes(payload))
    return payload


def validate(
    payload: Body, event: str | None = None, profile: str = "strict"
) -> tuple[Violation, ...]:
    """Check one payload and return its violations (empty when it conforms).

    ``payload`` is the raw body (``bytes`` or ``str``, parsed with the same strict rules
    as the command line: duplicate keys, NaN and the like are violations) or an
    already-parsed value. ``event`` checks the payload as that event instead of routing
    by ``event.event_name``; an unknown name raises :class:`UnknownEventError`.
    """
    checker = _checker(profile)
    value = payload if type(payload) is dict else _value(payload)
    if event is None:  # the common case, valid: route and one compiled check, nothing else
        name = checker.catalog.route(value)
        if type(name) is str and checker.is_valid(name, value):
            return ()
    else:
        name = checker.catalog.event(event).name
        if not isinstance(value, dict):
            return checker.check(value).violations
        return checker.violations(name, value)
    return checker.check(value).violations


def parse(body: Body, profile: str = "strict") -> AnyEvent:
    """Validate ``body`` against the contract, then build its typed model.

    The schema is the judge and the model only the reader: the generated models accept
    more than the contract (an unhyphenated UUID, a number where a date belongs), so the
    payload is checked against its event's schema first, under ``profile``, and only a
    conforming payload becomes a model. Unknown fields (possible under the lenient
    profile) are kept on the model, in ``model.model_extra``.

    Raises :class:`ContractViolation`, carrying every violation, when the payload breaks
    the contract.
    """
    from alfred_events import EVENTS

    checker = _checker(profile)
    value = _value(body)
    result = checker.check(value)
    if result.violations:
        raise ContractViolation(result.violations, result.event)
    assert result.event is not None
    model = EVENTS[result.event]
    from pydantic import ValidationError

    try:
        return model.model_validate(value)  # type: ignore[return-value]
    except ValidationError as error:  # valid, but beyond what Python's types can hold
        problems = [
            Violation(
                source="<payload>",
                line=None,
                event=result.event,
                instance_path="".join(f"/{part}" for part in issue["loc"]),
                schema_path="",
                keyword="model",
                message=f"valid under the contract but not representable in Python: {issue['msg']}",
            )
            for issue in error.errors()
        ]
        raise ContractViolation(problems, result.event) from None

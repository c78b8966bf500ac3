"""Library entry points: check a payload, or check it and build its typed model."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Literal, overload

from alfred_contracts.errors import ContractViolation
from alfred_contracts.parsing import parse as parse_json
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.profiles import check_profile
from alfred_contracts.validation.checker import Checker
from alfred_contracts.violations import Violation

if TYPE_CHECKING:
    from alfred_contracts.modeltypes import AlfredModel
    from alfred_events import AlfredEvent, UrlVerification, lenient

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
    by ``event.event_name`` (``url_verification`` names the handshake, which a payload's
    ``type`` also routes to); an unknown name raises :class:`UnknownEventError`.
    """
    checker = _checker(profile)
    value = payload if type(payload) is dict else _value(payload)
    if event is None:  # the common case, valid: route and one compiled check, nothing else
        name = checker.catalog.route(value)
        if type(name) is str and checker.is_valid(name, value):
            return ()
    else:
        name = checker.catalog.message(event).name
        if not isinstance(value, dict):
            return checker.check(value).violations
        return checker.violations(name, value)
    return checker.check(value).violations


@overload
def parse(body: Body, profile: Literal["strict"] = "strict") -> AlfredEvent | UrlVerification: ...
@overload
def parse(
    body: Body, profile: Literal["lenient"]
) -> lenient.AlfredEvent | lenient.UrlVerification: ...
@overload
def parse(body: Body, profile: str) -> AlfredModel: ...


def parse(body: Body, profile: str = "strict") -> AlfredModel:
    """Validate ``body`` against the contract, then build its typed model.

    Returns the model of the event that ``event.event_name`` names, or ``UrlVerification``
    for the handshake: from ``alfred_events`` under the strict profile, from
    ``alfred_events.lenient`` under the lenient one (unknown fields are kept there, in
    ``model.model_extra``, and the vendor's quoted values are read as numbers and booleans).
    The models hold the contract themselves; the schema is checked first anyway, because
    its violations say exactly what is wrong, field by field.

    Raises :class:`ContractViolation`, carrying every violation, when the payload breaks
    the contract.
    """
    import importlib

    checker = _checker(profile)
    value = _value(body)
    result = checker.check(value)
    if result.violations:
        raise ContractViolation(result.violations, result.event)
    assert result.event is not None
    package = "alfred_events" if checker.profile == "strict" else "alfred_events.lenient"
    model = importlib.import_module(package).MODELS[result.event]
    from pydantic import ValidationError

    try:
        built: AlfredModel = model.model_validate(value)
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
    return built

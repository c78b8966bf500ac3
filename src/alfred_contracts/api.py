"""Library entry points for checking payloads in code."""

from __future__ import annotations

import functools

from .catalog import Catalog
from .checker import Checker
from .parsing import parse
from .profiles import check_profile
from .violations import Violation


@functools.lru_cache(maxsize=4)
def _checker(profile: str) -> Checker:
    return Checker(Catalog.load(), profile=check_profile(profile))


def validate(
    payload: bytes | str | object, event: str | None = None, profile: str = "strict"
) -> tuple[Violation, ...]:
    """Check one payload and return its violations (empty when it conforms).

    ``payload`` is the raw body (``bytes`` or ``str``, parsed with the same strict rules
    as the command line: duplicate keys, NaN and the like are violations) or an
    already-parsed value. ``event`` checks the payload as that event instead of routing
    by ``event.event_name``; an unknown name raises :class:`UnknownEventError`.
    """
    checker = _checker(profile)
    if isinstance(payload, str):
        payload = payload.encode("utf-8", "surrogatepass")
    value = parse(bytes(payload)) if isinstance(payload, bytes | bytearray) else payload
    if event is not None:
        name = checker.catalog.event(event).name
        if not isinstance(value, dict):
            return checker.check(value).violations
        return checker.violations(name, value)
    return checker.check(value).violations

"""Helpers for testing your own code against the contract (pytest or not).

``assert_conforms`` raises ``AssertionError`` listing every violation with its JSON
Pointer, so a failing test says exactly what is wrong::

    from alfred_contracts.testing import assert_conforms

    def test_relay_emits_conforming_events():
        assert_conforms(relay.last_body())                  # routed by event.event_name
        assert_conforms(body, event="job_start_event", profile="lenient")

With the pytest plugin (installed with the package) the same helper is a fixture that
follows ``--alfred-profile``.
"""

from __future__ import annotations

from .api import Body, validate


def conformance_message(violations: tuple[object, ...], event: str | None, profile: str) -> str:
    count = len(violations)
    what = f"{event} payload" if event else "payload"
    lines = [f"{what} does not conform (profile {profile}): {count} violation{'s' * (count != 1)}"]
    for violation in violations:
        where = getattr(violation, "instance_path", "") or "(document)"
        lines.append(f"  {where}: {getattr(violation, 'message', violation)}")
    return "\n".join(lines)


def assert_conforms(payload: Body, event: str | None = None, profile: str = "strict") -> None:
    """Fail with every violation (pointer and message) unless ``payload`` conforms."""
    __tracebackhide__ = True
    violations = validate(payload, event=event, profile=profile)
    if violations:
        name = event or next((v.event for v in violations if v.event), None)
        raise AssertionError(conformance_message(violations, name, profile))

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

from typing import TYPE_CHECKING, Any, Literal

from alfred_contracts.resources import WEBHOOK_PATH

if TYPE_CHECKING:  # imported when used: the pytest plugin imports this package at start-up
    from alfred_contracts.api import Body
    from alfred_contracts.consumer.runner import Report

__all__ = ["assert_conforms", "conformance_message", "verify_consumer"]


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
    from alfred_contracts.api import validate

    violations = validate(payload, event=event, profile=profile)
    if violations:
        name = event or next((v.event for v in violations if v.event), None)
        raise AssertionError(conformance_message(violations, name, profile))


def verify_consumer(
    app: Any,
    *,
    path: str = WEBHOOK_PATH,
    kind: Literal["auto", "asgi", "wsgi"] = "auto",
    max_examples: int = 25,
    seed: int = 0,
    strict: bool = False,
    budget: float | None = None,
) -> Report:
    """Run the consumer contract against an ASGI or WSGI app in-process (no socket).

    The same probes as ``alfred-contracts verify-consumer``: the handshake, the edge-case
    suite, redelivery, invalid events, bad deliveries, unknown events and Schemathesis
    fuzzing (``max_examples`` per mode). Raises ``AssertionError`` listing every
    contract failure (a wrong answer to what Alfred can send, any 5xx) with its request
    (as a curl command) and the answer; returns the report otherwise::

        def test_my_receiver_honours_the_contract():
            report = verify_consumer(my_app)     # a Starlette/FastAPI or Flask/Django app
            assert not report.advice             # optional: no advice either

    Answers to what Alfred never sends (another content type, a malformed handshake,
    an oversized body) are advice: listed in ``report.advice``, failing only with
    ``strict=True``. ``budget`` bounds the run in seconds (None: no bound).

    Needs the ``[consumer]`` extra; without it, raises
    :class:`~alfred_contracts.errors.MissingExtra` saying what to install.
    """
    __tracebackhide__ = True
    import io

    from alfred_contracts.extras import require

    require("consumer", what="verify_consumer")
    from alfred_contracts.consumer import clients
    from alfred_contracts.consumer.verify import verify
    from alfred_contracts.report import consumer as reporting

    client = clients.for_app(app, path=path, kind=kind)
    try:
        report = verify(client, max_examples=max_examples, seed=seed, strict=strict, budget=budget)
    finally:
        client.close()
    if not report.ok:
        text = io.StringIO()
        reporting.text(report, text)
        raise AssertionError(text.getvalue())
    return report

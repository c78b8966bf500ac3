"""verify-consumer passes correct receivers written the usual way, with any seed.

Each receiver (tests/receivers.py) answers the handshake, validates with the lenient
profile and refuses violations with 422, and otherwise does what its framework makes
easy with bodies Alfred never sends: those answers are advice, never a failure. The
planted bugs (tests/test_consumer.py) show that the same runs still fail real bugs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from alfred_contracts.consumer import clients
from alfred_contracts.consumer.probes import Scope
from alfred_contracts.consumer.runner import Finding, Report
from alfred_contracts.consumer.verify import verify
from alfred_contracts.testing import verify_consumer
from receivers import flask_app, guide_wsgi_app, starlette_app

RECEIVERS: dict[str, Callable[[], Any]] = {
    "starlette": starlette_app,
    "flask": flask_app,
    "guide's wsgi": guide_wsgi_app,
}
#: seeds that draw malformed handshakes, non-JSON bodies and objects naming no event
SEEDS = [0, 1, 3, 13, 23]


def _advice_groups(report: Report) -> set[str]:
    return {o.probe.group for o in report.advice}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", list(RECEIVERS))
def test_a_correct_receiver_passes_with_any_seed(name: str, seed: int) -> None:
    report = verify_consumer(RECEIVERS[name](), max_examples=50, seed=seed)
    assert report.ok
    assert not [o for o in report.findings if o.kind is not Finding.ADVICE]
    for outcome in report.advice:  # advice only for what Alfred never sends, with why
        assert outcome.probe.scope is Scope.ADVICE
        assert outcome.probe.reason
        assert outcome.probe.reason in outcome.message


def test_what_each_framework_makes_easy_is_advice() -> None:
    starlette = verify_consumer(starlette_app(), max_examples=0)
    names = {o.probe.name for o in starlette.advice}
    assert {"a text/plain content type", "no content type"} <= names
    assert any("MiB" in name for name in names)  # no size limit: advice, not a failure
    # the usual Flask receiver passes (verify_consumer raises on any contract failure)
    verify_consumer(flask_app(), max_examples=0)
    guide = verify_consumer(guide_wsgi_app(), max_examples=0)
    assert not guide.advice


def test_strict_makes_advice_fail() -> None:
    with pytest.raises(AssertionError, match=r"FAILED  \[advice\] bad deliveries"):
        verify_consumer(starlette_app(), max_examples=0, strict=True)


@contextmanager
def _wsgi_served(app: Any) -> Iterator[str]:
    """``app`` behind Werkzeug's threaded server on a port it holds."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}/webhook"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.mark.parametrize("name", ["flask", "guide's wsgi"])
def test_wsgi_receivers_pass_over_a_real_socket(name: str) -> None:
    with _wsgi_served(RECEIVERS[name]()) as url:
        client = clients.for_url(url, timeout=10)
        try:
            report = verify(client, max_examples=20, seed=7)
        finally:
            client.close()
    assert report.ok, [(o.probe.name, o.message) for o in report.failures]
    assert _advice_groups(report) <= {"bad deliveries", "fuzzing (negative)"}

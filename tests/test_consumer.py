"""verify-consumer: it passes a correct receiver and catches each planted bug, over real sockets."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from alfred_contracts.consumer import clients
from alfred_contracts.consumer.clients import Response, Unreachable
from alfred_contracts.consumer.probes import Expect, Request, Scope, classify, expect_for
from alfred_contracts.consumer.receiver import create_app
from alfred_contracts.consumer.runner import Finding, Report, run
from alfred_contracts.consumer.suite import Suite
from alfred_contracts.consumer.verify import verify
from alfred_contracts.report import consumer as reporting
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker
from planted import planted
from servers import running

from conftest import ROOT

FAST = {"max_examples": 15, "seed": 3}


def _verify_url(url: str, **options: int) -> Report:
    client = clients.for_url(url, timeout=10)
    try:
        return verify(client, **{**FAST, **options})
    finally:
        client.close()


def test_the_reference_receiver_passes_over_a_real_socket() -> None:
    with running(create_app()) as url:
        report = _verify_url(url, max_examples=50, seed=0)
    assert report.ok, [(o.probe.name, o.message) for o in report.failures]
    # it refuses every bad delivery; fuzzing may draw a handshake it echoes all the same
    assert all(o.probe.group.startswith("fuzzing") for o in report.advice), report.advice
    groups = {o.probe.group for o in report.outcomes}
    assert groups == {
        "handshake", "examples", "edge cases", "redelivery", "invalid events",
        "bad deliveries", "liveness", "unknown events", "fuzzing (positive)", "fuzzing (negative)",
    }  # fmt: skip
    assert len(report.outcomes) > 200


PLANTED = [
    ("500 on non-ASCII names", "event.company_name with non-ASCII text", "answered 500", "crash"),
    ("500 on an integer event_time", "event_time as an integer", "answered 500", "crash"),
    (
        "accepts anything",
        "/event_id must be a UUID",
        "but the contract refuses this body",
        "contract",
    ),
    (
        "wrong handshake",
        "url_verification #1: challenge echoed",
        "does not carry the challenge",
        "contract",
    ),
    (
        "refuses unknown fields",
        "an unknown top-level field",
        "refused 422, but the contract accepts",
        "contract",
    ),
    (
        "chokes on a +02:00 offset",
        "event.creation_date with a +02:00 offset",
        "answered 500",
        "crash",
    ),
    ("500 on NaN", "NaN in a number", "answered 500", "crash"),
]


@pytest.mark.parametrize(
    ("bug", "probe_name", "reason", "kind"), PLANTED, ids=[p[0] for p in PLANTED]
)
def test_each_planted_bug_fails_for_the_right_reason(
    bug: str, probe_name: str, reason: str, kind: str
) -> None:
    with running(planted(bug)) as url:
        report = _verify_url(url)
    assert not report.ok
    named = [o for o in report.failures if probe_name in o.probe.name]
    assert named, (
        f"{bug}: no failure named {probe_name!r}; got {[o.probe.name for o in report.failures][:8]}"
    )
    assert reason in named[0].message
    assert named[0].kind is Finding(kind)


def test_in_process_asgi_and_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from alfred_contracts.consumer.receiver import create_app

        def test_reference(verify_consumer):
            report = verify_consumer(create_app(), max_examples=10)
            assert report.ok and len(report.outcomes) > 140

        def test_broken(verify_consumer):
            from planted import planted
            with pytest.raises(AssertionError, match="with a \\\\+02:00 offset"):
                verify_consumer(planted("chokes on a +02:00 offset"), max_examples=5)
        """
    )
    pytester.syspathinsert(str(ROOT / "tests"))
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def _wsgi_receiver(environ: dict[str, object], start_response: object) -> Iterator[bytes]:
    """A minimal WSGI receiver written with the library, the way a Flask user would."""
    from alfred_contracts import ContractViolation, parse
    from alfred_contracts.parsing import ParseFailure
    from alfred_contracts.parsing import parse as parse_json

    length = int(str(environ.get("CONTENT_LENGTH") or 0))
    body = environ["wsgi.input"].read(length) if length else b""  # type: ignore[attr-defined]
    kind = str(environ.get("CONTENT_TYPE", "")).split(";")[0]

    def answer(status: str, payload: object) -> Iterator[bytes]:
        start_response(status, [("Content-Type", "application/json")])  # type: ignore[operator]
        yield json.dumps(payload).encode()

    if kind != "application/json" or length > 1_000_000:
        return answer("415 Unsupported Media Type", {"status": "refused"})
    value = parse_json(body)
    if isinstance(value, ParseFailure):
        return answer("400 Bad Request", {"status": "refused"})
    if isinstance(value, dict) and value.get("type") == "url_verification":
        if not isinstance(value.get("challenge"), str):
            return answer("400 Bad Request", {"status": "refused"})
        return answer("200 OK", {"challenge": value["challenge"]})
    try:
        parse(body, profile="lenient")
    except ContractViolation as error:
        if all(v.keyword == "event_name" for v in error.violations) and error.event is None:
            event = value.get("event") if isinstance(value, dict) else None
            if isinstance(event, dict) and isinstance(event.get("event_name"), str):
                return answer("202 Accepted", {"status": "ignored"})
        return answer("422 Unprocessable Entity", {"status": "refused"})
    return answer("200 OK", {"status": "accepted"})


def test_in_process_wsgi() -> None:
    from alfred_contracts.testing import verify_consumer

    report = verify_consumer(_wsgi_receiver, max_examples=10)
    assert report.ok


def test_an_unreachable_receiver_is_a_tool_error() -> None:
    from servers import closed_port

    with closed_port() as port:
        client = clients.for_url(f"http://127.0.0.1:{port}/webhook", timeout=2)
        with pytest.raises(Unreachable, match="connection refused"):
            verify(client, max_examples=0)


class _Flaky:
    """A client whose receiver dies after a few answers."""

    def __init__(self, answers: int) -> None:
        self.left = answers
        self.url = "http://flaky/webhook"

    def send(self, request: Request, until: float | None = None) -> Response:
        if self.left <= 0:
            raise Unreachable("cannot reach http://flaky/webhook: connection reset")
        self.left -= 1
        body = json.loads(request.body) if request.body.startswith(b"{") else {}
        challenge = body.get("challenge") if isinstance(body, dict) else None
        return Response(200, {}, json.dumps({"challenge": challenge}).encode(), 1.0)


def test_a_receiver_that_stops_answering_is_a_finding_not_a_crash() -> None:
    suite = Suite(Catalog.load(), ROOT / "contracts")
    probes = [p for group in suite.deterministic() for p in group()]
    report = run(_Flaky(5), probes, suite.liveness())  # type: ignore[arg-type]
    assert report.aborted is not None
    assert "stopped answering" in report.aborted
    assert len(report.outcomes) == 8
    assert [o.kind for o in report.outcomes[-3:]] == [Finding.CRASH] * 3
    assert not report.ok


def test_failure_reports_carry_the_request_and_the_response() -> None:
    with running(planted("500 on non-ASCII names")) as url:
        report = _verify_url(url, max_examples=0)
    text, js, junit = io.StringIO(), io.StringIO(), io.StringIO()
    reporting.write(report, "text", text)
    reporting.write(report, "json", js)
    reporting.write(report, "junit", junit)
    assert (
        "FAILED  [crash] edge cases: job_start_event: event.company_name with non-ASCII text"
        in text.getvalue()
    )
    assert (
        f"curl -sS -i -X POST {url} -H 'Content-Type: application/json' --data-binary"
        in text.getvalue()
    )
    assert "response: 500 Internal Server Error" in text.getvalue()
    data = json.loads(js.getvalue())
    assert data["status"] == "fail"
    failure = next(f for f in data["findings"] if "non-ASCII" in f["name"])
    assert (failure["class"], failure["crash"], failure["fails"]) == ("contract", True, True)
    assert failure["response"]["status"] == 500
    assert "Müller" in failure["request"]["body"]
    assert failure["request"]["curl"].startswith("curl ")
    suites = ET.fromstring(junit.getvalue())
    assert sum(int(s.get("failures", 0)) for s in suites.iter("testsuite")) == data["failed"]


def test_oversized_body_probe_gives_a_replayable_recipe() -> None:
    suite = Suite(Catalog.load(), ROOT / "contracts")
    (big,) = [p for p in suite.bad_deliveries() if "MiB" in p.name]
    command = big.request.curl("http://127.0.0.1:8000/webhook")
    assert command.startswith("python3 -c ")
    assert command.endswith("--data-binary @-")
    assert big.expect is Expect.REFUSE
    assert big.scope is Scope.ADVICE


HANDSHAKE = b'{"token": "t", "challenge": "c", "type": "url_verification"}'
EVENT = (ROOT / "contracts/examples/job_start_event/compact_one_line.json").read_bytes().strip()


JSON, CONTRACT, ADVICE = "application/json", Scope.CONTRACT, Scope.ADVICE
UNKNOWN = b'{"event": {"event_name": "job_teleport_event"}}'


@pytest.mark.parametrize(
    ("body", "content_type", "expected", "scope"),
    [
        (HANDSHAKE, JSON, Expect.HANDSHAKE, CONTRACT),
        (HANDSHAKE, "application/json; charset=utf-8", Expect.HANDSHAKE, CONTRACT),
        (EVENT, JSON, Expect.ACCEPT, CONTRACT),
        (EVENT.replace(b'"job_event_type"', b'"x"', 1), JSON, Expect.REFUSE, CONTRACT),
        (b'{"event": {"event_name": "job_start_event"}}', JSON, Expect.REFUSE, CONTRACT),
        # what Alfred never sends: advice, whatever the answer short of a 5xx
        (EVENT, "text/plain", Expect.REFUSE, ADVICE),
        (EVENT, None, Expect.REFUSE, ADVICE),
        (b'{"type": "url_verification"}', JSON, Expect.REFUSE, ADVICE),
        (b'{"type": "url_verification", "challenge": "c"}', JSON, Expect.REFUSE, ADVICE),
        (HANDSHAKE[:-1] + b', "x": 1}', JSON, Expect.REFUSE, ADVICE),
        (HANDSHAKE.replace(b'"c"', b'""'), JSON, Expect.REFUSE, ADVICE),
        (HANDSHAKE.replace(b'"c"', b"5"), JSON, Expect.REFUSE, ADVICE),
        (HANDSHAKE.replace(b'"t"', b"true"), JSON, Expect.REFUSE, ADVICE),
        (UNKNOWN, JSON, Expect.TOLERATE, ADVICE),
        (b'{"event": {}}', JSON, Expect.REFUSE, ADVICE),
        (b"{", JSON, Expect.REFUSE, ADVICE),
        (b'{"event_time": NaN}', JSON, Expect.REFUSE, ADVICE),
        (b"[" + EVENT + b"]", JSON, Expect.REFUSE, ADVICE),
        (b"{}", "text/plain", Expect.REFUSE, ADVICE),
        (b"{}", None, Expect.REFUSE, ADVICE),
    ],
)
def test_expectations_and_classes_come_from_the_bytes_sent(
    body: bytes, content_type: str | None, expected: Expect, scope: Scope
) -> None:
    checker = Checker(Catalog.load(), profile="lenient")
    found = classify(checker, body, content_type)
    assert (found.expect, found.scope) == (expected, scope)
    assert expect_for(checker, body, content_type)[0] is expected
    assert (found.reason is None) is (scope is Scope.CONTRACT)


def test_a_body_over_the_delivery_limit_is_advice() -> None:
    checker = Checker(Catalog.load(), profile="lenient")
    padded = EVENT[:-1] + b', "padding": "' + b"x" * (1024 * 1024) + b'"}'
    found = classify(checker, padded, "application/json")
    assert (found.expect, found.scope) == (Expect.REFUSE, Scope.ADVICE)
    assert found.reason is not None
    assert "1 MiB" in found.reason


def test_every_example_is_expected_to_be_accepted() -> None:
    checker = Checker(Catalog.load(), profile="lenient")
    for path in (ROOT / "contracts" / "examples").rglob("*.json"):
        assert expect_for(checker, path.read_bytes(), "application/json")[0] is Expect.ACCEPT

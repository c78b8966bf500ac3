"""Send probes to a receiver and judge each answer."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from alfred_contracts.consumer.clients import Client, Response, Unreachable
from alfred_contracts.consumer.probes import Expect, Probe

SHOWN_BODY = 2000
#: consecutive unanswered probes after which a run stops: the receiver is gone
GIVE_UP_AFTER = 3


@dataclass(frozen=True)
class Outcome:
    probe: Probe
    passed: bool
    message: str
    status: int | None = None
    response_body: str = ""
    response_headers: dict[str, str] = field(default_factory=dict)
    elapsed_ms: float = 0.0
    #: for a liveness check: the probe after which it was sent
    after: str | None = None


@dataclass
class Report:
    url: str
    outcomes: list[Outcome] = field(default_factory=list)
    #: why the run stopped early, when it did
    aborted: str | None = None
    seconds: float = 0.0
    settings: dict[str, object] = field(default_factory=dict)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed]

    @property
    def ok(self) -> bool:
        return not self.failures and self.aborted is None


def _text(body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    return text if len(text) <= SHOWN_BODY else text[:SHOWN_BODY] + f"... ({len(body)} bytes)"


def handshake_echoed(response: Response, challenge: str) -> bool:
    if response.body.decode("utf-8", "replace").strip() == challenge:
        return True
    try:
        value = json.loads(response.body)
    except ValueError:
        return False
    return isinstance(value, dict) and value.get("challenge") == challenge


def judge(probe: Probe, response: Response) -> tuple[bool, str]:
    """Whether ``response`` is what the contract requires for ``probe``, and why not."""
    status = response.status
    if status >= 500:
        return (
            False,
            f"answered {status}: a receiver must never fail with 5xx "
            f"(expected {probe.expect.value})",
        )
    if probe.expect is Expect.HANDSHAKE:
        if status != 200:
            return False, f"the handshake must be answered 200, got {status}"
        if probe.challenge is None or not handshake_echoed(response, probe.challenge):
            return False, (
                f"the answer does not carry the challenge {probe.challenge!r} "
                '(as plain text or as {"challenge": ...})'
            )
        return True, "challenge echoed"
    accepted, refused = 200 <= status < 300, 400 <= status < 500
    if probe.expect is Expect.ACCEPT and not accepted:
        why = "refused" if refused else "answered"
        return False, f"{why} {status}, but the contract accepts this body (expected 2xx)"
    if probe.expect is Expect.REFUSE and not refused:
        why = "accepted" if accepted else "answered"
        return False, f"{why} {status}, but the contract refuses this body (expected 4xx)"
    if probe.expect is Expect.TOLERATE and not (accepted or refused):
        return False, f"answered {status}; expected 2xx (acknowledge and ignore) or 4xx"
    return True, f"{status} as expected ({probe.expect.value})"


Progress = Callable[[Outcome, int], None]


def run(
    client: Client,
    probes: Iterable[Probe],
    liveness: Probe,
    progress: Progress | None = None,
) -> Report:
    """Send every probe; stop early only when the receiver stops answering."""
    report = Report(client.url)
    started = time.monotonic()
    unanswered = 0

    def record(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome, len(report.outcomes))

    def send(probe: Probe, after: str | None = None) -> bool:
        nonlocal unanswered
        try:
            response = client.send(probe.request)
        except Unreachable as error:
            if not report.outcomes:  # nothing ever answered: a tool error, not a finding
                raise
            unanswered += 1
            record(Outcome(probe, False, f"no answer: {error}", after=after))
            return False
        unanswered = 0
        passed, message = judge(probe, response)
        record(
            Outcome(
                probe,
                passed,
                message,
                response.status,
                _text(response.body),
                response.headers,
                response.elapsed_ms,
                after,
            )
        )
        return True

    for probe in probes:
        answered = send(probe)
        if answered and probe.check_alive:
            send(liveness, after=probe.name)
        if unanswered >= GIVE_UP_AFTER:
            report.aborted = f"the receiver stopped answering (last probe: {probe.name})"
            break
    report.seconds = time.monotonic() - started
    return report

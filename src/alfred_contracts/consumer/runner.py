"""Send probes to a receiver and judge each answer.

Every answer that is not what the probe asks for is a finding of one class:

* ``crash``: a 5xx answer, or none (refused, reset, or not complete before the deadline),
  whatever the probe; a contract failure;
* ``contract``: a wrong answer to a body Alfred can send (or to a known event that
  breaks its schema);
* ``advice``: a different answer than the recommended one, to a body Alfred never sends.
  It fails the run only with ``strict``.

An answer longer than :data:`~.clients.MAX_ANSWER` is cut there; when the status was
right, that is advice. A run stops early when the receiver stops answering
(:data:`GIVE_UP_AFTER` probes in a row) or when its time ``budget`` runs out.
"""

from __future__ import annotations

import enum
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from alfred_contracts.consumer.clients import MAX_ANSWER, Client, Response, Unreachable
from alfred_contracts.consumer.probes import Expect, Probe, Scope

SHOWN_BODY = 2000
#: consecutive unanswered probes after which a run stops: the receiver is gone
GIVE_UP_AFTER = 3


class Finding(enum.Enum):
    """The class of a finding: ``crash`` and ``contract`` fail a run; ``advice`` does not."""

    CRASH = "crash"
    CONTRACT = "contract"
    ADVICE = "advice"

    @property
    def fails(self) -> bool:
        return self is not Finding.ADVICE


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
    #: the class of the finding (None for a passed probe: see :attr:`kind`)
    finding: Finding | None = None

    @property
    def kind(self) -> Finding | None:
        """None when the probe passed; else the class of its finding (a failure made
        without one is a crash when it had no answer or a 5xx, else a contract failure)."""
        if self.passed:
            return None
        if self.finding is not None:
            return self.finding
        if self.status is None or self.status >= 500:
            return Finding.CRASH
        return Finding.CONTRACT


@dataclass
class Report:
    url: str
    outcomes: list[Outcome] = field(default_factory=list)
    #: why the run stopped early, when it did (a contract failure of the run)
    aborted: str | None = None
    seconds: float = 0.0
    settings: dict[str, object] = field(default_factory=dict)
    #: advice fails the run too
    strict: bool = False
    #: the class of :attr:`aborted`: a crash (the receiver stopped answering) or a
    #: contract failure (the budget ran out before every probe was answered)
    aborted_as: Finding = Finding.CRASH

    @property
    def findings(self) -> list[Outcome]:
        """Every outcome that is not a pass, of any class, in the order sent."""
        return [o for o in self.outcomes if not o.passed]

    @property
    def advice(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind is Finding.ADVICE]

    @property
    def failures(self) -> list[Outcome]:
        """The findings that fail the run: crashes and contract failures, and advice
        when ``strict``."""
        return [o for o in self.findings if self.strict or (o.kind and o.kind.fails)]

    @property
    def ok(self) -> bool:
        return not self.failures and self.aborted is None


def _text(body: bytes, truncated: bool = False) -> str:
    text = body.decode("utf-8", "replace")
    if truncated:
        return text[:SHOWN_BODY] + f"... (cut: longer than {MAX_ANSWER} bytes)"
    return text if len(text) <= SHOWN_BODY else text[:SHOWN_BODY] + f"... ({len(body)} bytes)"


def handshake_echoed(response: Response, challenge: str) -> bool:
    text = response.body.decode("utf-8", "replace")
    if text == challenge or text.strip() == challenge:
        return True
    try:
        value = json.loads(response.body)
    except ValueError:
        return False
    return isinstance(value, dict) and value.get("challenge") == challenge


def judge(probe: Probe, response: Response) -> tuple[bool, str]:
    """Whether ``response`` is the answer ``probe`` asks for, and why not."""
    status = response.status
    if status >= 500:
        return False, f"answered {status}: a receiver must never answer 5xx, whatever it is sent"
    if probe.scope is Scope.ADVICE:
        wanted = {
            Expect.ACCEPT: 200 <= status < 300,
            Expect.REFUSE: 400 <= status < 500,
            Expect.TOLERATE: 200 <= status < 300 or 400 <= status < 500,
        }.get(probe.expect, False)
        if wanted:
            return True, f"{status} (advice: {probe.expect.value})"
        return False, f"answered {status} ({probe.expect.value} recommended): {probe.reason}"
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


def assess(probe: Probe, response: Response) -> tuple[Finding | None, str]:
    """The class of the finding ``response`` makes for ``probe`` (None: passed), and why."""
    right, message = judge(probe, response)
    if response.status >= 500:
        return Finding.CRASH, message
    cut = f"the answer is longer than {MAX_ANSWER // 1024} KiB and was cut there"
    if right:
        if response.truncated:
            return Finding.ADVICE, f"{message}, but {cut} (Alfred reads no more than that)"
        return None, message
    if response.truncated:
        message += f" ({cut})"
    return (Finding.ADVICE if probe.scope is Scope.ADVICE else Finding.CONTRACT), message


Progress = Callable[[Outcome, int], None]


def run(
    client: Client,
    probes: Iterable[Probe],
    liveness: Probe,
    progress: Progress | None = None,
    *,
    budget: float | None = None,
    strict: bool = False,
) -> Report:
    """Send every probe; stop early when the receiver stops answering or ``budget``
    seconds have passed (the deadline of the request in flight too)."""
    report = Report(client.url, strict=strict)
    started = time.monotonic()
    until = None if budget is None else started + budget
    unanswered = 0
    spent = False  # the budget ran out before every probe had its answer

    def out_of_time() -> bool:
        nonlocal spent
        spent = spent or (until is not None and time.monotonic() >= until)
        return spent

    def record(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome, len(report.outcomes))

    def send(probe: Probe, after: str | None = None) -> bool:
        nonlocal unanswered
        try:
            response = client.send(probe.request, until)
        except Unreachable as error:
            if out_of_time():  # cut by the budget, not by the receiver
                return False
            if not report.outcomes:  # nothing ever answered: a tool error, not a finding
                raise
            unanswered += 1
            message = f"no answer: {error}"
            record(Outcome(probe, False, message, after=after, finding=Finding.CRASH))
            return False
        unanswered = 0
        finding, message = assess(probe, response)
        record(
            Outcome(
                probe,
                finding is None,
                message,
                response.status,
                _text(response.body, response.truncated),
                response.headers,
                response.elapsed_ms,
                after,
                finding,
            )
        )
        return True

    for probe in probes:
        if out_of_time():
            break
        answered = send(probe)
        if answered and probe.check_alive and not out_of_time():
            send(liveness, after=probe.name)
        if spent:
            break
        if unanswered >= GIVE_UP_AFTER:
            report.aborted = f"the receiver stopped answering (last probe: {probe.name})"
            break
    if spent:
        report.aborted_as = Finding.CONTRACT
        report.aborted = (
            f"the run's budget of {budget:g} s (--budget) ran out after "
            f"{len(report.outcomes)} answers; the remaining probes were not sent"
        )
    report.seconds = time.monotonic() - started
    return report

"""A probe: one request to a receiver, and what the answer must (or should) be.

What a receiver must do with a body is decided by one function, :func:`classify`, from
the bytes actually sent, so a probe's expectation never depends on how it was made.
Policy 6 of the design judges receivers on what Alfred can send, so every body falls in
one of two classes:

**contract**: Alfred can send it, or it names an event Alfred sends but breaks its
lenient schema. The contract decides the answer:

* the handshake as Alfred sends it (``token``, ``challenge`` and ``"type":
  "url_verification"``, nothing else) → 200 and the challenge back;
* a body the lenient profile accepts → 2xx;
* a body that names a known event but breaks its lenient schema → 4xx.

**advice**: Alfred never sends it: another content type, a body over
:data:`MAX_DELIVERY`, bytes that are not JSON (NaN included), a value that is not an
object (a batch), a malformed handshake, an unknown or missing event name. Any answer
but a 5xx is allowed; the expectation is what we recommend, and a different answer is
advice, printed with its reason, not a failure (``--strict`` makes it one).

Whatever the class, a 5xx answer, or no answer, is a contract failure: a crash.
"""

from __future__ import annotations

import base64
import enum
import json
import zlib
from dataclasses import dataclass
from typing import Any

from alfred_contracts.escaping import shell_printf, shell_quote
from alfred_contracts.parsing import ParseFailure, parse
from alfred_contracts.validation.checker import Checker

JSON_TYPE = "application/json"
#: the largest body verify-consumer treats as a possible delivery (one event is a few KiB)
MAX_DELIVERY = 1024 * 1024
#: the keys of the handshake Alfred sends, and no others
HANDSHAKE_KEYS = frozenset({"token", "challenge", "type"})


class Expect(enum.Enum):
    ACCEPT = "2xx"
    REFUSE = "4xx"
    TOLERATE = "2xx or 4xx"
    HANDSHAKE = "200 with the challenge"


class Scope(enum.Enum):
    """The class of a probe: does the contract decide its answer, or is it advice?"""

    CONTRACT = "contract"
    ADVICE = "advice"


@dataclass(frozen=True)
class Expectation:
    """What :func:`classify` says about a body: the answer, the class, and why."""

    expect: Expect
    challenge: str | None = None
    scope: Scope = Scope.CONTRACT
    #: for advice: why Alfred never sends this body
    reason: str | None = None


@dataclass(frozen=True)
class Request:
    """What is sent: always a POST to the receiver's URL."""

    body: bytes
    content_type: str | None = JSON_TYPE
    #: how to recreate a body too large to print (a shell command writing it to stdout)
    recipe: str | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"content-type": self.content_type} if self.content_type else {}

    def curl(self, url: str, shown_limit: int = 4096) -> str:
        """A one-line shell command that sends exactly this request (see
        :func:`.escaping.shell_quote`: a body with control characters or bytes that are not
        UTF-8 is written ``$'...'``, for bash or zsh). A body no argument can carry (one
        holding a NUL byte, or starting with ``@``, which curl reads as a file name) is
        piped in from ``printf``; a body over ``shown_limit`` bytes from its recipe, or
        else from a ``python3`` one-liner that inflates it from base64. A request without
        a content type is sent without one (``-H 'Content-Type:'``)."""
        parts = ["curl", "-sS", "-i", "-X", "POST", url]
        # without a value, -H removes the header curl would add (a form's content type)
        parts += [
            "-H",
            f"Content-Type: {self.content_type}" if self.content_type else "Content-Type:",
        ]
        # NUL cannot be sent in a header, nor shown in a word: keep the line printable
        command = " ".join(shell_quote(p.replace("\0", "\\x00")) for p in parts)
        if len(self.body) <= shown_limit:
            if b"\0" in self.body or self.body.startswith(b"@"):
                return f"{shell_printf(self.body)} | {command} --data-binary @-"
            return f"{command} --data-binary {shell_quote(self.body)}"
        return f"{self.recipe or inflate_recipe(self.body)} | {command} --data-binary @-"


def inflate_recipe(body: bytes) -> str:
    """A printable shell command writing exactly ``body`` (zlib, then base64, inflated by
    ``python3``): short for the repetitive bodies that make a probe long."""
    packed = base64.b64encode(zlib.compress(body, 9)).decode("ascii")
    program = (
        "import sys,zlib,base64; "
        "sys.stdout.buffer.write(zlib.decompress(base64.b64decode(sys.argv[1])))"
    )
    return f"python3 -c '{program}' {packed}"


@dataclass(frozen=True)
class Probe:
    """One check: a request, the group it belongs to, and the answer it needs."""

    group: str
    name: str
    request: Request
    expect: Expect
    challenge: str | None = None  #: for handshakes
    #: after this probe, also check that the receiver still accepts a valid event
    check_alive: bool = False
    #: contract (the answer is required) or advice (the answer is recommended)
    scope: Scope = Scope.CONTRACT
    #: for advice: why Alfred never sends this body
    reason: str | None = None


def _media_type(content_type: str | None) -> str | None:
    return None if content_type is None else content_type.split(";")[0].strip().lower()


def _advice(expect: Expect, reason: str) -> Expectation:
    return Expectation(expect, None, Scope.ADVICE, reason)


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "a JSON array"
    if isinstance(value, str):
        return "a JSON string"
    if isinstance(value, bool) or value is None:
        return f"JSON {json.dumps(value)}"
    return "a JSON number"


def _handshake(value: dict[str, Any]) -> Expectation:
    challenge, token = value.get("challenge"), value.get("token")
    shaped = set(value) == HANDSHAKE_KEYS and isinstance(token, str)
    if shaped and isinstance(challenge, str) and challenge:
        return Expectation(Expect.HANDSHAKE, challenge)
    return _advice(
        Expect.REFUSE,
        "a malformed handshake, but Alfred's has exactly token, challenge and type, each a "
        "string, and the challenge is never empty",
    )


def classify(checker: Checker, body: bytes, content_type: str | None) -> Expectation:
    """What a receiver must (contract) or should (advice) answer to ``body``."""
    media = _media_type(content_type)
    if media != JSON_TYPE:
        sent = "no content type" if media is None else f"Content-Type: {content_type}"
        return _advice(
            Expect.REFUSE, f"sent with {sent}, but Alfred always sends Content-Type: {JSON_TYPE}"
        )
    if len(body) > MAX_DELIVERY:
        return _advice(
            Expect.REFUSE,
            f"a body of {len(body) / (1024 * 1024):.0f} MiB, but Alfred sends one event per "
            f"request, far below {MAX_DELIVERY // (1024 * 1024)} MiB",
        )
    value = parse(body)
    if isinstance(value, ParseFailure):
        why = value.problems[0][2]
        return _advice(Expect.REFUSE, f"not JSON ({why}), but Alfred always sends valid JSON")
    if not isinstance(value, dict):
        return _advice(
            Expect.REFUSE,
            f"{_json_kind(value)}, not an object, but Alfred sends one event object a request",
        )
    if value.get("type") == "url_verification":
        return _handshake(value)
    routed = checker.catalog.route(value)
    if isinstance(routed, str):  # names a known event: the contract decides
        valid = not checker.check(value).violations
        return Expectation(Expect.ACCEPT if valid else Expect.REFUSE)
    body_obj = value.get("event")
    name = body_obj.get("event_name") if isinstance(body_obj, dict) else None
    if isinstance(name, str):
        return _advice(
            Expect.TOLERATE,
            "an event_name this catalog does not know (Alfred may add events: acknowledge "
            "it with 2xx and ignore it, or refuse it with 4xx)",
        )
    return _advice(
        Expect.REFUSE, "an object that names no event, but every Alfred event has event.event_name"
    )


def expect_for(
    checker: Checker, body: bytes, content_type: str | None
) -> tuple[Expect, str | None]:
    """The answer :func:`classify` asks for ``body`` (and the challenge, for a handshake)."""
    found = classify(checker, body, content_type)
    return found.expect, found.challenge


def probe(
    checker: Checker,
    group: str,
    name: str,
    body: bytes,
    content_type: str | None = JSON_TYPE,
    **extra: Any,
) -> Probe:
    """A probe whose expectation and class are computed from its body."""
    found = classify(checker, body, content_type)
    recipe = extra.pop("recipe", None)
    return Probe(
        group,
        name,
        Request(body, content_type, recipe),
        found.expect,
        found.challenge,
        scope=found.scope,
        reason=found.reason,
        **extra,
    )


def encode(value: Any) -> bytes:
    """JSON for a request body; lone surrogates are kept as escapes, as a fuzzer makes them."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8", "surrogatepass")

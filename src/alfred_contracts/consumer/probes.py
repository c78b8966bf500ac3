"""A probe: one request to a receiver, and what the contract says the answer must be.

What a receiver must do with a body is decided by one function, :func:`expect_for`,
from the bytes actually sent, so a probe's expectation never depends on how it was made:

* a handshake (``"type": "url_verification"``) → 200 and the challenge back;
* a body the lenient profile accepts → 2xx;
* an event whose ``event_name`` the catalog does not know → 2xx or 4xx (Alfred may add
  events: acknowledging and ignoring is as good as refusing), never 5xx;
* anything else (not JSON, wrong content type, a contract violation) → 4xx.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any

from alfred_contracts.escaping import shell_printf, shell_quote
from alfred_contracts.parsing import ParseFailure, parse
from alfred_contracts.validation.checker import Checker

JSON_TYPE = "application/json"


class Expect(enum.Enum):
    ACCEPT = "2xx"
    REFUSE = "4xx"
    TOLERATE = "2xx or 4xx"
    HANDSHAKE = "200 with the challenge"


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
        piped in from ``printf``; a body over ``shown_limit`` bytes from its recipe."""
        parts = ["curl", "-sS", "-i", "-X", "POST", url]
        if self.content_type:
            parts += ["-H", f"Content-Type: {self.content_type}"]
        # NUL cannot be sent in a header, nor shown in a word: keep the line printable
        command = " ".join(shell_quote(p.replace("\0", "\\x00")) for p in parts)
        if len(self.body) <= shown_limit:
            if b"\0" in self.body or self.body.startswith(b"@"):
                return f"{shell_printf(self.body)} | {command} --data-binary @-"
            return f"{command} --data-binary {shell_quote(self.body)}"
        command += " --data-binary @-"
        return f"{self.recipe} | {command}" if self.recipe else command + "  # body not shown"


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


def expect_for(
    checker: Checker, body: bytes, content_type: str | None
) -> tuple[Expect, str | None]:
    """What the contract says a receiver must answer to ``body`` (and the challenge)."""
    if content_type is None or content_type.split(";")[0].strip().lower() != JSON_TYPE:
        return Expect.REFUSE, None
    value = parse(body)
    if isinstance(value, ParseFailure):
        return Expect.REFUSE, None
    if isinstance(value, dict) and value.get("type") == "url_verification":
        challenge = value.get("challenge")
        if isinstance(challenge, str):  # the token is opaque: a receiver need not read it
            return Expect.HANDSHAKE, challenge
        return Expect.REFUSE, None
    result = checker.check(value)
    if not result.violations:
        return Expect.ACCEPT, None
    if result.event is None and all(v.keyword == "event_name" for v in result.violations):
        body_obj = value.get("event") if isinstance(value, dict) else None
        name = body_obj.get("event_name") if isinstance(body_obj, dict) else None
        if isinstance(name, str):  # a name this catalog does not know: maybe a newer event
            return Expect.TOLERATE, None
    return Expect.REFUSE, None


def probe(
    checker: Checker,
    group: str,
    name: str,
    body: bytes,
    content_type: str | None = JSON_TYPE,
    **extra: Any,
) -> Probe:
    """A probe whose expectation is computed from its body."""
    expect, challenge = expect_for(checker, body, content_type)
    recipe = extra.pop("recipe", None)
    return Probe(group, name, Request(body, content_type, recipe), expect, challenge, **extra)


def encode(value: Any) -> bytes:
    """JSON for a request body; lone surrogates are kept as escapes, as a fuzzer makes them."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8", "surrogatepass")

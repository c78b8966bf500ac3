"""Option values: every bad value is refused before any work, in one line.

The line names the option, the value and what is accepted:
``--port 99999: not a port (a whole number from 0 to 65535; ...)``. The checks that need
nothing but the value are argparse ``type=`` functions here; those that look at the
machine (files, folders, names that must resolve) run first in each handler.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from alfred_contracts.compat import CHECK_NAMES

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from alfred_contracts.cli import EXIT_ERROR, PROG

#: the longest timeout or budget accepted (a day): sockets cannot wait much longer
MAX_SECONDS = 86400.0
_URL_ACCEPTED = "give an http:// or https:// URL with a host, such as http://127.0.0.1:8000/webhook"


def shown(value: str) -> str:
    """``value`` as an error message shows it: as given when plain, else quoted and escaped."""
    if len(value) > 300:  # a path is shown whole; a flood of text is not
        value = value[:297] + "..."
    plain = value.isprintable() and not any(c.isspace() or c in "'\"" for c in value)
    return value if value and plain else repr(value)


def refusal(option: str, value: str, why: str) -> str:
    """The one line for a bad option value: ``--port 99999: not a port (0-65535)``."""
    return f"{option} {shown(value)}: {why}"


def unknown_event(option: str, name: str, known: Sequence[str]) -> str:
    """The one line for an event name no schema declares, with a guess at the one meant."""
    import difflib

    hint = difflib.get_close_matches(name, known, n=1)
    guess = f" (did you mean {hint[0]}?)" if hint else ""
    return refusal(option, name, f"unknown event{guess}; known events: {', '.join(known)}")


def _refuse(option: str, value: str, why: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(refusal(option, value, why))


def _whole(option: str, minimum: int | None = None, note: str = "") -> Callable[[str], int]:
    """A ``type=`` for a whole number of at least ``minimum``."""
    wanted = "a whole number" + (f" of {minimum} or more" if minimum is not None else "")

    def whole(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or (minimum is not None and number < minimum):
            raise _refuse(option, value, f"not {wanted}{f' ({note})' if note else ''}")
        return number

    return whole


def _seconds(option: str) -> Callable[[str], float]:
    """A ``type=`` for a duration: a finite number of seconds over 0, a day at most."""

    def seconds(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not 0 < number <= MAX_SECONDS:  # also refuses NaN and infinities
            raise _refuse(
                option, value, f"not a number of seconds over 0 and at most {MAX_SECONDS:g} "
                "(such as 10 or 0.5)",
            )  # fmt: skip
        return number

    return seconds


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise _refuse(
            "--port", value, "not a port (a whole number from 0 to 65535; 0 picks a free one)"
        )
    return number


def _host(value: str) -> str:
    # whether the name resolves is checked by listen itself, before it binds
    if not value or not value.isprintable() or any(c.isspace() for c in value):
        raise _refuse(
            "--host", value, "not an address (an IP address such as 127.0.0.1, 0.0.0.0 or ::1, "
            "or a host name)",
        )  # fmt: skip
    return value


def _webhook_path(value: str) -> str:
    bad = (
        not value.startswith("/")
        or not value.isprintable()
        or any(c.isspace() or c in "?#{}" for c in value)
    )
    if bad:
        raise _refuse(
            "--path", value, "not a webhook path (one that starts with /, such as /webhook, "
            "without spaces, control characters, ?, # or braces)",
        )  # fmt: skip
    return value


def _receiver_url(value: str) -> str:
    """A ``type=`` for a receiver's URL: http(s), a host, a port that parses, ASCII only."""
    from urllib.parse import urlsplit

    def bad(why: str) -> argparse.ArgumentTypeError:
        return _refuse("URL", value, f"{why}; {_URL_ACCEPTED}")

    if not value.isascii() or not value.isprintable() or any(c.isspace() for c in value):
        raise bad(
            "spaces, control characters and non-ASCII characters must be percent-encoded "
            "(a host in punycode)"
        )
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:  # "Port out of range 0-65535", "Invalid IPv6 URL"
        if str(error).startswith("Port"):
            given = urlsplit(value).netloc.rpartition(":")[2]
            raise bad(f"port {shown(given)} is not a number from 1 to 65535") from None
        raise bad(f"not a URL ({str(error)[:80]})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise bad("not an http:// or https:// URL")
    if not parts.hostname:
        raise bad("no host")
    if port == 0:
        raise bad("port 0 cannot be connected to")
    return value


def _check_name(value: str) -> str:
    if value not in CHECK_NAMES:
        listed = ", ".join(f"'{name}'" for name in CHECK_NAMES)
        raise _refuse("--skip", value, f"not a check (the checks are: {listed})")
    return value


def _plain(message: str) -> str:
    """argparse's ``argument --x: ...`` said the way the checks above say it."""
    found = re.fullmatch(r"argument (?P<name>[^:]+): (?P<rest>.*)", message, re.DOTALL)
    if found is None:
        return message
    name, rest = found["name"], found["rest"]
    if rest.startswith(name + " "):  # a type= check above: it names the option itself
        return rest
    choice = re.fullmatch(r"invalid choice: (.*) \(choose from (.*)\)", rest, re.DOTALL)
    if choice is not None:
        choices = ", ".join(_unquoted(c) for c in choice[2].split(", "))
        return refusal(name, _unquoted(choice[1]), f"not one of {choices}")
    return f"{name}: {rest}"


def _unquoted(text: str) -> str:
    """``'json'`` → ``json`` (argparse quotes the values it shows with repr)."""
    import ast

    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


class _Parser(argparse.ArgumentParser):
    """argparse, with every usage error in one line: ``alfred-contracts: error: ...``."""

    def error(self, message: str) -> NoReturn:
        from alfred_contracts.escaping import one_line

        self.exit(EXIT_ERROR, f"{PROG}: error: {one_line(_plain(message))}\n")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse ignores a failed write: --help and --version into a closed standard
        # output must end as every command does (main)
        if message:
            (file or sys.stderr).write(message)

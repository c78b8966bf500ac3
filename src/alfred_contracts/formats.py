"""The project's own format checks, exactly as design policy 2 defines them.

* ``uuid``: the RFC 4122 text form: 36 characters, 8-4-4-4-12 hexadecimal digits joined
  by hyphens, any case. No braces, no ``urn:uuid:`` prefix, no whitespace, no missing
  hyphens. Version and variant bits are not checked (the nil UUID is a UUID).
* ``date-time``: RFC 3339 ``date-time``: ``T``/``Z`` in either case, a zone offset is
  required, fractional seconds optional, the date must exist (no 30 February), hours 0-23,
  minutes 0-59, seconds 0-60 where 60 (a leap second) is allowed only when the time,
  moved to UTC, is 23:59. Nothing may follow the offset, not even a newline.

These functions are the reference engine's format checkers, the source of the human
explanation attached to a format violation, and what the generated models' field types
(:mod:`alfred_contracts.modeltypes`) check, so that a model refuses exactly the values the
contract refuses. The default engine (jsonschema-rs) has its own implementation; a test
proves both agree.
"""

from __future__ import annotations

import functools
import re

_HEX = "[0-9A-Fa-f]"
_UUID = re.compile(f"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}")
_DATE_TIME = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"[Tt](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]+))?"
    r"(?:[Zz]|(?P<sign>[+-])(?P<off_hour>[0-9]{2}):(?P<off_minute>[0-9]{2}))"
)
_HEX32 = re.compile(f"{_HEX}{{32}}")
_UUID_CHARACTERS = frozenset("0123456789abcdefABCDEF-")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def is_uuid(value: object) -> bool:
    """True for a string in the RFC 4122 hyphenated form (non-strings pass, as in JSON Schema)."""
    if not isinstance(value, str):
        return True
    return len(value) == 36 and _UUID.fullmatch(value) is not None


def is_date_time(value: object) -> bool:
    """True for an RFC 3339 date-time string (non-strings pass, as in JSON Schema)."""
    if not isinstance(value, str):
        return True
    return explain_date_time(value) is None


def date_time_fields(value: str) -> tuple[int, int, int, int, int, int, str, int] | None:
    """The parts of an RFC 3339 date-time, or None when ``value`` is not one.

    (year, month, day, hour, minute, second, fraction digits, offset in minutes east of
    UTC); a second of 60 is returned as it is written.
    """
    if explain_date_time(value) is not None:
        return None
    match = _DATE_TIME.fullmatch(value)
    assert match is not None  # explain_date_time accepted it
    offset = 0
    if match["sign"] is not None:
        offset = int(match["off_hour"]) * 60 + int(match["off_minute"])
        offset = -offset if match["sign"] == "-" else offset
    parts = ("year", "month", "day", "hour", "minute", "second")
    year, month, day, hour, minute, second = (int(match[name]) for name in parts)
    return year, month, day, hour, minute, second, match["fraction"] or "", offset


def _leap_year(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@functools.lru_cache(maxsize=4096)  # a broken producer repeats the same bad value
def explain_date_time(value: str) -> str | None:
    """Why ``value`` is not an RFC 3339 date-time, or None when it is one."""
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        return _shape_problem(value)
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
    if not 1 <= month <= 12:
        return f"month {month:02d} does not exist"
    last = 29 if month == 2 and _leap_year(year) else _DAYS[month - 1]
    if not 1 <= day <= last:
        return f"{_MONTHS[month - 1]} {year:04d} has no day {day:02d}"
    if hour > 23:
        return f"hour {hour:02d} is out of range (00-23)"
    if minute > 59:
        return f"minute {minute:02d} is out of range (00-59)"
    offset = 0
    if match["sign"] is not None:
        off_hour, off_minute = int(match["off_hour"]), int(match["off_minute"])
        if off_hour > 23 or off_minute > 59:
            return (
                f"offset {match['sign']}{match['off_hour']}:{match['off_minute']} is out of range"
            )
        offset = (off_hour * 60 + off_minute) * (1 if match["sign"] == "+" else -1)
    if second > 60:
        return f"second {second:02d} is out of range (00-60)"
    if second == 60 and (hour * 60 + minute - offset) % 1440 != 23 * 60 + 59:
        return "a leap second (second 60) can only fall at 23:59:60 UTC"
    return None


def _shape_problem(value: str) -> str:
    stripped = value.strip()
    if stripped != value:
        return "surrounding whitespace or a line break is not allowed"
    if _DATE_TIME.fullmatch(value + "Z"):
        return "the time-zone offset is missing (add Z for UTC or an offset such as +02:00)"
    if len(value) >= 11 and value[10] == " ":
        return "date and time must be separated by T, not a space"
    if _DATE_TIME.match(value):
        return "unexpected characters after the time-zone offset"
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return "a date alone is not a date-time (expected e.g. 2023-05-26T23:20:00Z)"
    return "expected the RFC 3339 form YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm)"


@functools.lru_cache(maxsize=4096)
def explain_uuid(value: str) -> str | None:
    """Why ``value`` is not a UUID in the RFC 4122 text form, or None when it is one."""
    if is_uuid(value):
        return None
    if value.strip() != value:
        return "surrounding whitespace or a line break is not allowed"
    inner = value
    if inner.lower().startswith("urn:uuid:"):
        return "the urn:uuid: prefix is not allowed; send the bare 36-character form"
    if inner.startswith("{") or inner.endswith("}"):
        return "braces are not allowed; send the bare 36-character form"
    if len(inner) == 32 and _HEX32.fullmatch(inner):
        return "the hyphens are missing (expected 8-4-4-4-12 groups)"
    bad = sorted(set(inner) - _UUID_CHARACTERS)
    if bad:
        shown = "".join(bad[:16]) + ("..." if len(bad) > 16 else "")
        return f"contains characters that are not hexadecimal digits: {shown!r}"
    return "expected 32 hexadecimal digits in 8-4-4-4-12 groups joined by hyphens"


#: format name -> checker, for the reference engine
CHECKERS = {"uuid": is_uuid, "date-time": is_date_time}

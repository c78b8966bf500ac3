"""The field types and the base class that the generated models (``alfred_events``) use.

The models hold the contract: a model accepts exactly the JSON values that its schema
accepts under its profile. Pydantic's stock types are laxer than the contract (its UUID
takes 32 bare digits, braces and a ``urn:uuid:`` prefix; its datetime a space for ``T``, a
leap second at any minute and a Unix number; its float ``"12"`` and ``true``), so the
generator (:mod:`alfred_contracts.codegen.models`) types every leaf of a schema with one of
these instead:

* :data:`Uuid` for ``format: uuid`` and :data:`DateTime` for ``format: date-time``, checked
  by :mod:`alfred_contracts.formats`, the same checks the reference engine applies;
* :data:`Number` and :data:`Integer` for ``type: number`` / ``integer``: no strings, no
  booleans, no NaN or infinity, and ``2.0`` is an integer, as JSON Schema says;
* the lenient profile's readers of the vendor's quoted values (``x-lenient-also``):
  :data:`LenientNumber`, :data:`LenientUnitNumber`, :data:`LenientInteger` and
  :data:`LenientBoolean` accept the quoted form and give the plain value
  (``"1653645300.00"`` is read as ``1653645300.0``). :data:`LENIENT_READERS` says which
  quoted form each one reads; any other ``x-lenient-also`` gives the model a union that
  keeps the quoted value as a string.

Strings and booleans are pydantic's ``StrictStr`` and ``StrictBool``; constants and enums
are ``Literal``; closed objects are ``extra="forbid"`` and open ones keep unknown members
(``model.model_extra``), the :class:`AlfredModel` default.

A model reads a value into Python, which normalises a few things without changing what is
accepted: a UUID becomes :class:`uuid.UUID` (written back in lower case), a date-time an
aware :class:`~datetime.datetime` (fractions beyond microseconds are cut, and a leap second
``23:59:60`` is read as ``23:59:59.999999``, the last instant Python can hold). Two kinds of
valid value are beyond Python's types, and a model refuses them: a date-time in year 0000
(``datetime`` starts at year 1) and a number beyond the float range (about 1.8e308).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any
from uuid import UUID

import pydantic
from pydantic import AllowInfNan, BaseModel, BeforeValidator, ConfigDict, Strict
from pydantic_core import PydanticCustomError

from alfred_contracts._text import kind
from alfred_contracts.formats import date_time_fields, explain_date_time, explain_uuid

#: the schema of the quoted forms that the lenient readers accept, as ``x-lenient-also``
#: writes them (title and description aside; the generator compares the patterns by what
#: they mean, so ``$`` and ``(?![\s\S])`` are the same end); it uses a reader only for these
NUMERIC_STRING = {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?(?![\\s\\S])"}
UNIT_STRING = {"type": "string", "pattern": "^(0(\\.[0-9]+)?|1(\\.0+)?)(?![\\s\\S])"}
DIGITS_STRING = {"type": "string", "pattern": "^[0-9]+(?![\\s\\S])"}
BOOLEAN_STRING = {"type": "string", "enum": ["true", "false"]}


class AlfredModel(BaseModel):
    """The base of every generated model.

    Objects that the schema leaves open keep unknown members (``model.model_extra``); the
    generated closed objects say ``extra="forbid"``. Dumps use the JSON names.
    """

    model_config = ConfigDict(extra="allow", serialize_by_alias=True)


def read_uuid(value: object) -> object:
    """A UUID string in the RFC 4122 text form becomes a :class:`UUID`; nothing else does."""
    if isinstance(value, UUID):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "uuid_type", "expected a UUID string, got {kind}", {"kind": kind(value)}
        )
    problem = explain_uuid(value)
    if problem is not None:
        raise PydanticCustomError("uuid_format", "not a UUID: {problem}", {"problem": problem})
    return UUID(value)


def read_date_time(value: object) -> object:
    """An RFC 3339 date-time string becomes an aware :class:`datetime`; nothing else does."""
    if isinstance(value, datetime):
        return value  # the aware-datetime check that follows refuses a naive one
    if not isinstance(value, str):
        raise PydanticCustomError(
            "date_time_type",
            "expected an RFC 3339 date-time string, got {kind}",
            {"kind": kind(value)},
        )
    fields = date_time_fields(value)
    if fields is None:
        problem = explain_date_time(value)
        raise PydanticCustomError(
            "date_time_format", "not an RFC 3339 date-time: {problem}", {"problem": problem}
        )
    year, month, day, hour, minute, second, fraction, offset = fields
    micro = int((fraction + "000000")[:6])
    if second == 60:  # a leap second: the last instant Python can represent
        second, micro = 59, 999_999
    if year == 0:
        raise PydanticCustomError(
            "date_time_range",
            "year 0000 is a valid RFC 3339 year, but Python's datetime starts at year 1",
        )
    zone = timezone(timedelta(minutes=offset))
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)


def _integral(value: object) -> object:
    """JSON Schema's integer includes ``2.0``: a whole float becomes an int."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


#: the quoted forms above, read whole (``fullmatch``: ECMA-262's ``$``, unlike Python's, does
#: not match before a final newline)
_NUMERIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_UNIT = re.compile(r"0(?:\.[0-9]+)?|1(?:\.0+)?")
_DIGITS = re.compile(r"[0-9]+")


def _quoted_number(value: object) -> object:
    if isinstance(value, str) and _NUMERIC.fullmatch(value):
        return float(value)
    return value


def _quoted_unit(value: object) -> object:
    if isinstance(value, str) and _UNIT.fullmatch(value):
        return float(value)
    return value


def _quoted_integer(value: object) -> object:
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    return _integral(value)


def _quoted_boolean(value: object) -> object:
    if value in ("true", "false"):
        return value == "true"
    return value


Uuid = Annotated[UUID, BeforeValidator(read_uuid)]
"""``format: uuid``: exactly the RFC 4122 text form (36 characters, any case)."""

DateTime = Annotated[pydantic.AwareDatetime, BeforeValidator(read_date_time)]
"""``format: date-time``: exactly RFC 3339 (``T``/``Z`` in any case, an offset required,
second 60 only at 23:59:60 UTC)."""

Number = Annotated[float, Strict(), AllowInfNan(False)]
"""``type: number``: an int or a float, never a string or a boolean."""

Integer = Annotated[int, BeforeValidator(_integral), Strict()]
"""``type: integer``: a whole number (``2.0`` included), never a string or a boolean."""

LenientNumber = Annotated[
    float,
    BeforeValidator(_quoted_number, json_schema_input_type=float | str),
    Strict(),
    AllowInfNan(False),
]
"""A number, or (lenient profile) the same number quoted: ``"1653645300.00"``."""

LenientUnitNumber = Annotated[
    float,
    BeforeValidator(_quoted_unit, json_schema_input_type=float | str),
    Strict(),
    AllowInfNan(False),
]
"""A number, or (lenient profile) a plain decimal from 0 to 1 quoted: ``"0.95"``."""

LenientInteger = Annotated[
    int, BeforeValidator(_quoted_integer, json_schema_input_type=int | str), Strict()
]
"""A whole number, or (lenient profile) its decimal digits quoted: ``"150"``."""

LenientBoolean = Annotated[
    bool, BeforeValidator(_quoted_boolean, json_schema_input_type=bool | str), Strict()
]
"""A boolean, or (lenient profile) the word quoted: ``"true"`` or ``"false"``."""

#: (``x-lenient-also`` form, the plain type it stands for, the reader that takes both, the
#: lowest and highest value the quoted form can denote); the generator uses a reader only
#: where every quoted value meets the plain type's bounds, so that reading the quoted value
#: as a number accepts exactly what the schema's ``anyOf`` does
LENIENT_READERS: tuple[tuple[dict[str, Any], str, str, tuple[float, float]], ...] = (
    (NUMERIC_STRING, "number", "LenientNumber", (0, float("inf"))),
    (UNIT_STRING, "number", "LenientUnitNumber", (0, 1)),
    (DIGITS_STRING, "integer", "LenientInteger", (0, float("inf"))),
    (BOOLEAN_STRING, "boolean", "LenientBoolean", (0, 0)),
)


def event_name(value: Any) -> str | None:
    """The union's discriminator: ``event.event_name`` of a payload or of a model."""
    if isinstance(value, dict):
        body = value.get("event")
        name = body.get("event_name") if isinstance(body, dict) else None
    else:
        name = getattr(getattr(value, "event", None), "event_name", None)
    return name if isinstance(name, str) else None


__all__ = [
    "LENIENT_READERS",
    "AlfredModel",
    "DateTime",
    "Integer",
    "LenientBoolean",
    "LenientInteger",
    "LenientNumber",
    "LenientUnitNumber",
    "Number",
    "Uuid",
    "event_name",
    "read_date_time",
    "read_uuid",
]

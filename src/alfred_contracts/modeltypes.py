"""Field types that the generated models (``alfred_events``) import.

The generator maps every ``format: date-time`` to :data:`AwareDatetime`. It is pydantic's
``AwareDatetime`` (a zone is required) that also reads the leap second the contract allows:
Python's ``datetime`` has no second 60, so ``23:59:60`` is read as ``23:59:59.999999``, the
last instant it can represent. That is a normalisation, like ``+00:00`` becoming ``Z``:
parsing the dumped value again gives the same model.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import pydantic
from pydantic import BeforeValidator

_LEAP = re.compile(r"(.{10}[Tt][0-9]{2}:[0-9]{2}:)60(?:\.[0-9]+)?(.*)", re.DOTALL)


def read_leap_second(value: Any) -> Any:
    """Map a leap second (``hh:mm:60``) to ``hh:mm:59.999999``; leave everything else."""
    if isinstance(value, str):
        match = _LEAP.fullmatch(value)
        if match is not None:
            return f"{match[1]}59.999999{match[2]}"
    return value


AwareDatetime = Annotated[pydantic.AwareDatetime, BeforeValidator(read_leap_second)]
"""A timezone-aware ``datetime`` that accepts RFC 3339 leap seconds."""

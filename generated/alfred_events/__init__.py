# DO NOT EDIT: written by `alfred-contracts generate` from schemas/.
# Change the schema instead, then run `alfred-contracts generate`.

"""Typed models of Alfred's webhook events (pydantic v2).

Generated from the canonical JSON Schemas of alfred-event-contracts. The models are
readers: they accept more than the contract does (unhyphenated UUIDs, numbers as
dates), so validate with the schema first, which ``alfred_contracts.parse`` does.
Unknown fields are kept (``model.model_extra``), as a tolerant reader should.
"""

from __future__ import annotations

from typing import Union

from pydantic import BaseModel

from .common.envelope import AlfredEventEnvelope
from .job_start_event import JobStartEvent

AnyEvent = Union[JobStartEvent]
"""Any event in the catalog."""

EVENTS: dict[str, type[BaseModel]] = {
    "job_start_event": JobStartEvent,
}
"""The model class of every event, by ``event.event_name``."""

__all__ = [
    "AlfredEventEnvelope",
    "AnyEvent",
    "EVENTS",
    "JobStartEvent",
]

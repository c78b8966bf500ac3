# DO NOT EDIT: written by `alfred-contracts generate` from schemas/common/envelope.schema.json.
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from enum import Enum
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class EventType(Enum):
    """
    Whether the event concerns a job or a file. The same value appears on the envelope and inside the event object.
    """

    job_event_type = 'job_event_type'
    file_event_type = 'file_event_type'


class Event(BaseModel):
    """
    The event-specific part of the delivery. Its event_name picks the schema that applies to the whole delivery.
    """

    model_config = ConfigDict(
        extra='allow',
    )
    event_name: Annotated[str, Field(title='Event name')]
    """
    The snake_case name of the concrete event, for example job_start_event.
    """
    event_type: EventType


class AlfredEventEnvelope(BaseModel):
    """
    The wrapper shared by every Alfred webhook event: an id, a family, a timestamp, and an event object whose event_name says which event this is. Each event's own schema fixes the family and the name and closes both objects; this schema only describes what all of them have in common.
    """

    model_config = ConfigDict(
        extra='allow',
    )
    event_id: Annotated[
        UUID, Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Event id')
    ]
    """
    Identifies this delivery of this event. A receiver can use it to recognise an event it has already handled.
    """
    event_type: EventType
    event_time: Annotated[
        float, Field(examples=[1685143200, 1685143200.25], ge=0.0, title='Event time')
    ]
    """
    When Alfred raised the event, in seconds since the Unix epoch.
    """
    event: Annotated[Event, Field(title='Event body')]
    """
    The event-specific part of the delivery. Its event_name picks the schema that applies to the whole delivery.
    """

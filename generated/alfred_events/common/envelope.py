# DO NOT EDIT: written by `alfred-contracts generate` from schemas/common/envelope.schema.json.
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, Number, Uuid
from pydantic import ConfigDict, Field, StrictStr
from typing_extensions import TypeAliasType


class Event(AlfredModel):
    """
    The event-specific part of the delivery. Its event_name picks the schema that applies to the whole delivery.
    """

    event_name: Annotated[StrictStr, Field(title='Event name')]
    """
    The snake_case name of the concrete event, for example job_start_event.
    """
    event_type: Annotated[
        Literal['job_event_type', 'file_event_type'], Field(title='Event family')
    ]
    """
    Whether the event concerns a job or a file. The same value appears on the envelope and inside the event object.
    """


class AlfredEventEnvelope(AlfredModel):
    """
    The wrapper shared by every Alfred webhook event: an id, a family, a timestamp, and an event object whose event_name says which event this is. Each event's own schema fixes the family and the name and closes both objects; this schema only describes what all of them have in common.
    """

    model_config = ConfigDict(
        arbitrary_types_allowed=True,
    )
    event_id: Annotated[
        Uuid, Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Event id')
    ]
    """
    Identifies this delivery of this event. A receiver can use it to recognise an event it has already handled.
    """
    event_type: Annotated[
        Literal['job_event_type', 'file_event_type'], Field(title='Event family')
    ]
    """
    Whether the event concerns a job or a file. The same value appears on the envelope and inside the event object.
    """
    event_time: Annotated[
        Number, Field(examples=[1685143200, 1685143200.25], ge=0, title='Event time')
    ]
    """
    When Alfred raised the event, in seconds since the Unix epoch.
    """
    event: Annotated[Event, Field(title='Event body')]
    """
    The event-specific part of the delivery. Its event_name picks the schema that applies to the whole delivery.
    """


EventId = TypeAliasType(
    "EventId",
    Annotated[
        Uuid, Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Event id')
    ],
)
"""
Identifies this delivery of this event. A receiver can use it to recognise an event it has already handled.
"""


EventType = TypeAliasType(
    "EventType",
    Annotated[
        Literal['job_event_type', 'file_event_type'], Field(title='Event family')
    ],
)
"""
Whether the event concerns a job or a file. The same value appears on the envelope and inside the event object.
"""


EventTime = TypeAliasType(
    "EventTime",
    Annotated[
        Number, Field(examples=[1685143200, 1685143200.25], ge=0, title='Event time')
    ],
)
"""
When Alfred raised the event, in seconds since the Unix epoch.
"""

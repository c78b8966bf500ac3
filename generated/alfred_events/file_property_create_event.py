# DO NOT EDIT: written by `alfred-contracts generate` from schemas/file_property_create_event.schema.json.
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, DateTime, Number, Uuid
from pydantic import ConfigDict, Field, StrictStr


class Event(AlfredModel):
    """
    The property that was added, its value, and the file-log entry that records it.
    """

    model_config = ConfigDict(
        extra='forbid',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[
        Literal['file_property_create_event'], Field(title='Event name')
    ]
    """
    Always file_property_create_event. Receivers route on this value.
    """
    event_type: Annotated[
        Literal['file_event_type'], Field(title='Event family (inner)')
    ]
    """
    Repeats the envelope's family; always file_event_type for this event.
    """
    company_id: Annotated[
        Uuid,
        Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Company id'),
    ]
    """
    The Alfred account (company) that owns the file.
    """
    company_name: Annotated[StrictStr, Field(title='Company name')]
    """
    The display name of that company, free text in any script. It can change over time; use company_id to identify the company.
    """
    file_log_id: Annotated[
        Uuid,
        Field(
            examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='File log entry id'
        ),
    ]
    """
    The entry in the file's history that records this new property. The vendor documents no file id for this event, so this entry is the link back to the file.
    """
    name: Annotated[StrictStr, Field(title='Property name')]
    """
    The name of the new property, free text such as Document Type or Número de factura.
    """
    value: Annotated[StrictStr, Field(title='Property value')]
    """
    The value the property was given, as text (for example Confidential Report). The vendor shows a string and declares no other type, so a number, boolean or object breaks the contract.
    """
    creation_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Property creation date',
        ),
    ]
    """
    When the property was first created on the file.
    """
    update_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Property update date',
        ),
    ]
    """
    When the property last changed, which for a new property is usually its creation.
    """


class FilePropertyCreateEvent(AlfredModel):
    """
    Alfred sends this event when an update to a file's binary content produces a new property: a named value attached to the file, such as its document type. It carries the property's name and value and the file-log entry that recorded it; the vendor documents no file id for this event.
    """

    model_config = ConfigDict(
        extra='forbid',
        arbitrary_types_allowed=True,
    )
    event_id: Annotated[
        Uuid, Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Event id')
    ]
    """
    Identifies this delivery of this event. A receiver can use it to recognise an event it has already handled.
    """
    event_type: Annotated[Literal['file_event_type'], Field(title='Event family')]
    """
    Always file_event_type for this event: it concerns one file, not a job.
    """
    event_time: Annotated[
        Number, Field(examples=[1685143200, 1685143200.25], ge=0, title='Event time')
    ]
    """
    When Alfred raised the event, in seconds since the Unix epoch.
    """
    event: Annotated[Event, Field(title='New property details')]
    """
    The property that was added, its value, and the file-log entry that records it.
    """

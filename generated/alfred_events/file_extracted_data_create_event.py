# DO NOT EDIT: written by `alfred-contracts generate` from schemas/file_extracted_data_create_event.schema.json.
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, DateTime, Number, Uuid
from pydantic import ConfigDict, Field, StrictStr


class Event(AlfredModel):
    """
    The company, the file-log entry, the extracted content, its provider and its dates.
    """

    model_config = ConfigDict(
        extra='forbid',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[
        Literal['file_extracted_data_create_event'], Field(title='Event name')
    ]
    """
    Always file_extracted_data_create_event. Receivers route on this value.
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
    The entry Alfred wrote in the file's history when the content was stored. The event carries no file id, so this entry is the only way back to the file.
    """
    content: Annotated[StrictStr, Field(title='Extracted content')]
    """
    The content taken out of the file, as one string: plain text, or data serialised as text. It can be long and in any script.
    """
    provider: Annotated[StrictStr, Field(title='Extraction provider')]
    """
    The name of the service that extracted the content, as Alfred reports it.
    """
    creation_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Creation date',
        ),
    ]
    """
    When the extracted content was first stored.
    """
    update_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Update date',
        ),
    ]
    """
    When the extracted content last changed.
    """


class FileExtractedDataCreateEvent(AlfredModel):
    """
    Alfred sends this event when it has taken the content (text or data) out of a file and stored it. The event carries the extracted content itself, the service that produced it and the file-log entry of the extraction; like the category events it refers to a file-log entry, not to the file.
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
    Always file_event_type for this event: it concerns a file, not a whole job.
    """
    event_time: Annotated[
        Number, Field(examples=[1685143200, 1685143200.25], ge=0, title='Event time')
    ]
    """
    When Alfred raised the event, in seconds since the Unix epoch.
    """
    event: Annotated[Event, Field(title='Extraction details')]
    """
    The company, the file-log entry, the extracted content, its provider and its dates.
    """

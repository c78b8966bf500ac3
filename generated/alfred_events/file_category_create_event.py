# DO NOT EDIT: written by `alfred-contracts generate` from schemas/file_category_create_event.schema.json.
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, DateTime, Number, Uuid
from pydantic import ConfigDict, Field, StrictStr


class Event(AlfredModel):
    """
    The company, the file-log entry of the classification, a note about it, its confidence and the entry's dates.
    """

    model_config = ConfigDict(
        extra='forbid',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[
        Literal['file_category_create_event'], Field(title='Event name')
    ]
    """
    Always file_category_create_event. Receivers route on this value.
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
    The entry Alfred wrote in the file's history for this classification. The event carries no file id, so this entry is the only way back to the file.
    """
    description: Annotated[StrictStr, Field(title='Classification note')]
    """
    Free text about the classification. The vendor says the tag the file was filed under appears here, while its own sample holds a generic phrase; treat it as text to display, never as a tag identifier.
    """
    confidence: Annotated[Number, Field(ge=0, le=1, title='Classification confidence')]
    """
    How sure the classifier is of the tag it chose, from 0 (a guess) to 1 (certain). The lenient profile also accepts the number written as a decimal string, as in the vendor's sample.
    """
    creation_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Creation date',
        ),
    ]
    """
    When the classification record was first written.
    """
    update_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Update date',
        ),
    ]
    """
    When the classification record last changed; equal to the creation date when it has not changed since.
    """


class FileCategoryCreateEvent(AlfredModel):
    """
    Alfred sends this event when it has classified a file, that is, filed it under one of the company's tags (document classes such as invoice or receipt); the file then carries on through its pipeline. The event points at the file-log entry written for the classification rather than at the file, and says how confident the classification was.
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
    event: Annotated[Event, Field(title='Classification details')]
    """
    The company, the file-log entry of the classification, a note about it, its confidence and the entry's dates.
    """

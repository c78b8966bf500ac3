# DO NOT EDIT: written by `alfred-contracts generate` from schemas/file_category_delete_event.schema.json (lenient profile).
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import (
    AlfredModel,
    DateTime,
    LenientNumber,
    LenientUnitNumber,
    Uuid,
)
from pydantic import ConfigDict, Field, StrictStr


class Event(AlfredModel):
    """
    The company, the file-log entry recording that no tag was kept, a note about it, a confidence and the entry's dates.
    """

    model_config = ConfigDict(
        extra='allow',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[
        Literal['file_category_delete_event'], Field(title='Event name')
    ]
    """
    Always file_category_delete_event. Receivers route on this value.
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
    The entry Alfred wrote in the file's history when the file was left untagged. The event carries no file id, so this entry is the only way back to the file.
    """
    description: Annotated[StrictStr, Field(title='Note')]
    """
    Free text about why the file has no tag. The vendor does not say what it holds; treat it as text to display.
    """
    confidence: Annotated[LenientUnitNumber, Field(ge=0, le=1, title='Confidence')]
    """
    A score from 0 to 1 that comes with the outcome. The vendor does not say whether it rates the best tag that was turned down or the decision to leave the file untagged. The lenient profile also accepts the number written as a decimal string, as in the vendor's sample.
    """
    creation_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Creation date',
        ),
    ]
    """
    When the record behind this event was first written. The vendor reuses the category-create wording here, so the exact record is not stated.
    """
    update_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Update date',
        ),
    ]
    """
    When that record last changed.
    """


class FileCategoryDeleteEvent(AlfredModel):
    """
    Alfred sends this event when a file is left without a tag because none of the company's tags fits its content. Such a file is neither classified nor indexed, and the data points that a tag would define are not extracted from it. The vendor's page shows no sample of this event, so its event_name (file_category_delete_event) follows the pattern of the sibling category-create event and is not confirmed by the vendor.
    """

    model_config = ConfigDict(
        extra='allow',
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
        LenientNumber,
        Field(examples=[1685143200, 1685143200.25], ge=0, title='Event time'),
    ]
    """
    When Alfred raised the event, in seconds since the Unix epoch.
    """
    event: Annotated[Event, Field(title='Untagged-file details')]
    """
    The company, the file-log entry recording that no tag was kept, a note about it, a confidence and the entry's dates.
    """

# DO NOT EDIT: written by `alfred-contracts generate` from schemas/file_remove_tag_event.schema.json.
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, Number, Uuid
from pydantic import ConfigDict, Field, StrictStr


class Event(AlfredModel):
    """
    Which file lost which tag, and the score that went with that tag.
    """

    model_config = ConfigDict(
        extra='forbid',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[Literal['file_remove_tag_event'], Field(title='Event name')]
    """
    Always file_remove_tag_event. Receivers route on this value.
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
    file_id: Annotated[
        Uuid, Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='File id')
    ]
    """
    The file whose tag was removed. Every other event about this file carries the same id.
    """
    tag_being_removed_id: Annotated[
        Uuid,
        Field(
            examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Removed tag id'
        ),
    ]
    """
    The tag that was taken off the file.
    """
    tag_being_removed_name: Annotated[StrictStr, Field(title='Removed tag name')]
    """
    The display name of that tag when it was removed, in any script.
    """
    classification_score: Annotated[
        Number, Field(ge=0, le=1, title='Classification score')
    ]
    """
    The score that went with the removed tag, from 0 (no confidence) to 1 (certain).
    """


class FileRemoveTagEvent(AlfredModel):
    """
    Alfred sends this event when the tag assigned to a file is taken off. The file is kept for audits but leaves the history, model training and search results. The event names the tag that was removed and the classification score that went with it. Unlike most file events it carries no creation or update date.
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
    event: Annotated[Event, Field(title='Tag removal details')]
    """
    Which file lost which tag, and the score that went with that tag.
    """

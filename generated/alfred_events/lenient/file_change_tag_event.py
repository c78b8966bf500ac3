# DO NOT EDIT: written by `alfred-contracts generate` from schemas/file_change_tag_event.schema.json (lenient profile).
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, LenientNumber, Number, Uuid
from pydantic import ConfigDict, Field, StrictStr


class Event(AlfredModel):
    """
    The file, its previous, proposed and new tags, and the classification score.
    """

    model_config = ConfigDict(
        extra='allow',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[Literal['file_change_tag_event'], Field(title='Event name')]
    """
    Always file_change_tag_event. Receivers route on this value.
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
    The file whose tag changed.
    """
    previous_tag_id: Annotated[Uuid | None, Field(title='Previous tag id')]
    """
    The tag the file carried before the change, or null when it had none.
    """
    previous_tag_name: Annotated[StrictStr | None, Field(title='Previous tag name')]
    """
    The display name of the previous tag, or null when the file had none. The vendor writes that the value is 'null' in that case without saying whether it means JSON null or the text null; both are accepted (the text is an ordinary string), and a receiver should read either as no previous tag.
    """
    proposed_tag_id: Annotated[
        Uuid,
        Field(
            examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Proposed tag id'
        ),
    ]
    """
    The tag the classifier suggested for the file. It can differ from the new tag when a reviewer overrides the suggestion.
    """
    classification_score: Annotated[
        Number, Field(ge=0, le=1, title='Classification score')
    ]
    """
    How sure the classifier is about the new tag, from 0 (a guess) to 1 (certain).
    """
    new_tag_id: Annotated[
        Uuid,
        Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='New tag id'),
    ]
    """
    The tag the file carries now.
    """
    new_tag_name: Annotated[StrictStr, Field(title='New tag name')]
    """
    The display name of the tag the file carries now.
    """


class FileChangeTagEvent(AlfredModel):
    """
    Alfred sends this event when the tag of a file changes, either because a rule of the pipeline reassigned it or because a reviewer with the validator role chose another tag while verifying the file. It names the tag the file had before (if any), the tag the classifier proposed, the tag the file has now, and the classifier's score. Unlike most file events it carries no creation or update date.
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
    event: Annotated[Event, Field(title='Tag change details')]
    """
    The file, its previous, proposed and new tags, and the classification score.
    """

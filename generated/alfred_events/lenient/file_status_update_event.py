# DO NOT EDIT: written by `alfred-contracts generate` from schemas/file_status_update_event.schema.json (lenient profile).
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import (
    AlfredModel,
    DateTime,
    LenientNumber,
    Number,
    Uuid,
)
from pydantic import ConfigDict, Field, StrictBool, StrictStr


class Event(AlfredModel):
    """
    The file, its new status, and its classification when the status changed.
    """

    model_config = ConfigDict(
        extra='allow',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[
        Literal['file_status_update_event'], Field(title='Event name')
    ]
    """
    Always file_status_update_event. Receivers route on this value.
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
    The file whose status changed. Every other event about this file carries the same id.
    """
    blob_name: Annotated[StrictStr, Field(title='Stored object name')]
    """
    The name of the stored copy. Treat it as an opaque string.
    """
    blob_url: Annotated[
        StrictStr,
        Field(
            examples=['https://alfredstorage.blob.core.windows.net/files/2023/05/26/invoice-0042.pdf'],
            pattern='^[Hh][Tt][Tt][Pp][Ss]?://[^\\x00-\\x20\\x7f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff/?#]+[^\\x00-\\x20\\x7f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*$',
            title='Stored object address',
        ),
    ]
    """
    Where the file can be fetched, over http or https.
    """
    tag_id: Annotated[
        Uuid, Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Tag id')
    ]
    """
    The tag the file carries when its status changes.
    """
    tag_name: Annotated[StrictStr, Field(title='Tag name')]
    """
    The display name of that tag, in any script.
    """
    manual_classification: Annotated[StrictBool, Field(title='Classified by a person')]
    """
    true when a person chose the file's tag, false when Alfred's classifier did.
    """
    classification_score: Annotated[
        Number, Field(ge=0, le=1, title='Classification score')
    ]
    """
    How sure the classifier is that the tag fits, from 0 (not at all) to 1 (certain).
    """
    classification_status: Annotated[StrictStr, Field(title='Classification status')]
    """
    Where the file's classification stands, as a short word; the vendor mentions complete, pending and in progress. It gives no closed list, so any string is accepted.
    """
    file_status: Annotated[StrictStr, Field(title='File status')]
    """
    The file's status after the change, as a word; the vendor mentions active and archived here, and its list of file statuses was never published in full, so any string is accepted.
    """
    creation_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='File creation date',
        ),
    ]
    """
    When the file was first stored in Alfred.
    """
    update_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='File update date',
        ),
    ]
    """
    When the file last changed. For this event that change is the new status.
    """


class FileStatusUpdateEvent(AlfredModel):
    """
    Alfred sends this event every time a file's status changes. Besides the new status it reports the file's classification at that moment: the tag, how sure the classifier is, where the classification stands and whether a person made it, and where the stored file can be fetched.
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
    Always file_event_type for this event: it concerns one file, not a job.
    """
    event_time: Annotated[
        LenientNumber,
        Field(examples=[1685143200, 1685143200.25], ge=0, title='Event time'),
    ]
    """
    When Alfred raised the event, in seconds since the Unix epoch.
    """
    event: Annotated[Event, Field(title='File status details')]
    """
    The file, its new status, and its classification when the status changed.
    """

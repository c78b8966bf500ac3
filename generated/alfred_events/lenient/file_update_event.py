# DO NOT EDIT: written by `alfred-contracts generate` from schemas/file_update_event.schema.json (lenient profile).
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, DateTime, LenientNumber, Uuid
from pydantic import ConfigDict, Field, StrictStr


class Event(AlfredModel):
    """
    The updated file, the file-log entry of the change, and where the file is stored.
    """

    model_config = ConfigDict(
        extra='allow',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[Literal['file_update_event'], Field(title='Event name')]
    """
    Always file_update_event. Receivers route on this value.
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
    The file that changed. Every other event about this file carries the same id.
    """
    file_log_id: Annotated[
        Uuid,
        Field(
            examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='File log entry id'
        ),
    ]
    """
    The entry in the file's history that records this change.
    """
    file_name: Annotated[StrictStr, Field(title='File name')]
    """
    The file's name with its extension, as it was uploaded, in any script.
    """
    file_name_without_extension: Annotated[
        StrictStr, Field(title='File name without extension')
    ]
    """
    The same name with its last extension removed.
    """
    blob_name: Annotated[StrictStr, Field(title='Stored object name')]
    """
    The name of the stored copy, often with its folder (for example docs/project_outline.docx). Treat it as an opaque string.
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
    When the file last changed. For this event that change is the new classification state.
    """


class FileUpdateEvent(AlfredModel):
    """
    Alfred sends this event when a file's classification state changes, whether Alfred changed it on its own or a person changed it by hand. It identifies the file and the file-log entry of the change and tells where the stored file is; it does not carry the new classification itself, so a receiver that needs the tag asks Alfred's API for it.
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
    event: Annotated[Event, Field(title='File update details')]
    """
    The updated file, the file-log entry of the change, and where the file is stored.
    """

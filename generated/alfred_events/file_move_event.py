# DO NOT EDIT: written by `alfred-contracts generate` from schemas/file_move_event.schema.json.
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, DateTime, Number, Uuid
from pydantic import ConfigDict, Field, StrictStr


class Event(AlfredModel):
    """
    Which file moved, between which folders, and where it is stored now.
    """

    model_config = ConfigDict(
        extra='forbid',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[Literal['file_move_event'], Field(title='Event name')]
    """
    Always file_move_event. Receivers route on this value.
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
    The file that moved. Every other event about this file carries the same id.
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
    The name of the stored copy after the move. It usually shows the new folder, but treat it as an opaque string.
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
    Where the moved file can be fetched now, over http or https. An address kept from before the move may no longer work.
    """
    previous_file_directory: Annotated[StrictStr, Field(title='Previous folder')]
    """
    The folder the file was in before the move, as Alfred names it, for example Invoices/2023 or No Tag. The vendor calls it a path but does not say which separator it uses or whether it starts at a root, so compare it as a plain string.
    """
    new_file_directory: Annotated[StrictStr, Field(title='New folder')]
    """
    The folder the file is in after the move, written the same way as the previous folder: the folder of its new tag, No Tag, Recycle Bin or another folder.
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
    When the file last changed. For this event that change is the move.
    """


class FileMoveEvent(AlfredModel):
    """
    Alfred sends this event whenever a file changes place in its storage. A file moves into the folder of its tag once it is classified, into the No Tag folder when no tag could be given, out of the way when its processing pipeline fails, and into the Recycle Bin when a user puts it there. The event names the file, the folder it left, the folder it is in now, and where the stored copy can be fetched after the move.
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
    event: Annotated[Event, Field(title='File move details')]
    """
    Which file moved, between which folders, and where it is stored now.
    """

# DO NOT EDIT: written by `alfred-contracts generate` from schemas/file_done_event.schema.json.
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, DateTime, Number, Uuid
from pydantic import ConfigDict, Field, StrictStr


class Event(AlfredModel):
    """
    The file, where it is stored, its tag, its status and its dates.
    """

    model_config = ConfigDict(
        extra='forbid',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[Literal['file_done_event'], Field(title='Event name')]
    """
    Always file_done_event. Receivers route on this value.
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
    blob_name: Annotated[StrictStr, Field(title='Stored object name')]
    """
    The name under which Alfred stores the file: a bare file name or a path with folders. Treat it as an opaque string.
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
    The http or https address of the stored file, often a signed address that expires.
    """
    file_id: Annotated[
        Uuid, Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='File id')
    ]
    """
    The file that has finished processing.
    """
    tag_id: Annotated[Uuid | None, Field(title='Tag id')]
    """
    The tag the file finished with, or null when it finished without one (a file that no tag fits goes on without classification).
    """
    tag_name: Annotated[StrictStr | None, Field(title='Tag name')]
    """
    The display name of that tag, or null when the file has no tag.
    """
    file_status: Annotated[StrictStr, Field(title='File status')]
    """
    The file's status as a short word, for example completed. The vendor gives samples, not a closed list, so any string is accepted.
    """
    creation_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Creation date',
        ),
    ]
    """
    When the file was first created in Alfred.
    """
    update_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Update date',
        ),
    ]
    """
    When the file last changed; for this event, usually the end of its processing.
    """


class FileDoneEvent(AlfredModel):
    """
    Alfred sends this event when a file has come through every stage of its pipeline without error; which stages those are depends on the file's tag and on the company's settings. The event locates the stored file, names its tag and gives its final status and dates.
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
    event: Annotated[Event, Field(title='Finished-file details')]
    """
    The file, where it is stored, its tag, its status and its dates.
    """

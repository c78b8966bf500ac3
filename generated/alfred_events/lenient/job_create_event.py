# DO NOT EDIT: written by `alfred-contracts generate` from schemas/job_create_event.schema.json (lenient profile).
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import (
    AlfredModel,
    DateTime,
    LenientBoolean,
    LenientInteger,
    LenientNumber,
    Uuid,
)
from pydantic import ConfigDict, Field, StrictStr
from typing_extensions import TypeAliasType

FileUrl = TypeAliasType(
    "FileUrl",
    Annotated[
        StrictStr,
        Field(
            examples=['https://alfredstorage.blob.core.windows.net/files/2023/05/26/invoice-0042.pdf'],
            pattern='^[Hh][Tt][Tt][Pp][Ss]?://[^\\x00-\\x20\\x7f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff/?#]+[^\\x00-\\x20\\x7f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*$',
            title='File URL',
        ),
    ],
)
"""
The address of one of the job's files.
"""


class Event(AlfredModel):
    """
    The new job, who created it and how, its files, its company, and its creation and last-update dates.
    """

    model_config = ConfigDict(
        extra='allow',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[Literal['job_create_event'], Field(title='Event name')]
    """
    Always job_create_event. Receivers route on this value.
    """
    event_type: Annotated[
        Literal['job_event_type'], Field(title='Event family (inner)')
    ]
    """
    Repeats the envelope's family; always job_event_type for this event.
    """
    job_id: Annotated[
        Uuid, Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Job id')
    ]
    """
    The job that has just been created. Every later event about this job carries the same id.
    """
    user_name: Annotated[StrictStr, Field(title='User name')]
    """
    The Alfred user who created the job, as a login name.
    """
    merge: Annotated[LenientBoolean, Field(title='Merge')]
    """
    Whether the job combines its files into one document instead of processing each file on its own.
    """
    metadata: Annotated[StrictStr | None, Field(title='Job metadata')]
    """
    The free text given with the job when it was created, such as what the batch is for; null when none was given. Alfred passes it on without interpreting it.
    """
    file_count: Annotated[LenientInteger, Field(ge=0, title='File count')]
    """
    How many files the new job holds.
    """
    company_id: Annotated[
        Uuid,
        Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Company id'),
    ]
    """
    The Alfred account (company) that owns the job.
    """
    company_name: Annotated[StrictStr, Field(title='Company name')]
    """
    The display name of that company, free text in any script. It can change over time; use company_id to identify the company.
    """
    file_urls: Annotated[list[FileUrl], Field(title='File URLs')]
    """
    Where the job's files can be fetched, one absolute http or https address per file; may be empty.
    """
    creation_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Job creation date',
        ),
    ]
    """
    When the job was created, which is the moment this event reports.
    """
    update_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Job update date',
        ),
    ]
    """
    When the job last changed; for a job that has just been created, usually the same as creation_date.
    """


class JobCreateEvent(AlfredModel):
    """
    Alfred sends this event when it opens a new job: one or more files have been handed to Alfred to be classified, have their data extracted and be indexed, and a job now exists to carry that work. A bulk upload of scanned invoices and a single file sent for immediate processing both start this way. Besides the job and its company it says how the job was set up: who asked for it, whether its files are merged into one document, the free-text metadata given with it, how many files it holds and where they can be fetched. Later events about the job (its start, stage changes, retries, and its end) carry the same job_id.
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
    event_type: Annotated[Literal['job_event_type'], Field(title='Event family')]
    """
    Always job_event_type for this event: it concerns a job, not a single file.
    """
    event_time: Annotated[
        LenientNumber,
        Field(examples=[1685143200, 1685143200.25], ge=0, title='Event time'),
    ]
    """
    When Alfred raised the event, in seconds since the Unix epoch.
    """
    event: Annotated[Event, Field(title='Job creation details')]
    """
    The new job, who created it and how, its files, its company, and its creation and last-update dates.
    """

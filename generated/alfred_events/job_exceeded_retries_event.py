# DO NOT EDIT: written by `alfred-contracts generate` from schemas/job_exceeded_retries_event.schema.json.
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, DateTime, Integer, Number, Uuid
from pydantic import ConfigDict, Field, StrictBool, StrictStr
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
    The job that ran out of retries, how it was set up, the retry count and errors, its files, its company, and its creation and last-update dates.
    """

    model_config = ConfigDict(
        extra='forbid',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[
        Literal['job_exceeded_retries_event'], Field(title='Event name')
    ]
    """
    Always job_exceeded_retries_event. Receivers route on this value.
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
    The job that has used up its retries.
    """
    user_name: Annotated[StrictStr, Field(title='User name')]
    """
    The Alfred user the job belongs to, as a login name.
    """
    merge: Annotated[StrictBool, Field(title='Merge')]
    """
    Whether the job combines its files into one document instead of processing each file on its own.
    """
    metadata: Annotated[StrictStr | None, Field(title='Job metadata')]
    """
    The free text given with the job when it was created (a batch label, a note on urgency); null when none was given.
    """
    file_count: Annotated[Integer, Field(ge=0, title='File count')]
    """
    How many files the job holds.
    """
    retries: Annotated[Integer, Field(ge=0, title='Retries')]
    """
    How many times Alfred retried the job before giving up.
    """
    exceeded_retries: Annotated[StrictBool, Field(title='Retry limit exceeded')]
    """
    Whether the retry limit has been passed. The event exists because it has, so expect true; the vendor declares a plain boolean and shows no example, so false is not refused.
    """
    error_messages: Annotated[list[StrictStr], Field(title='Error messages')]
    """
    The problems met in the attempts, one message each; may be empty.
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
    When the job was first created.
    """
    update_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Job update date',
        ),
    ]
    """
    When the job last changed, which for this event is when Alfred gave up on it. Inferred: the vendor's field list is cut off before it.
    """


class JobExceededRetriesEvent(AlfredModel):
    """
    Alfred sends this event when a job has failed to get past its current stage again and again and has now used up the retries its account allows, so Alfred stops trying it. Scans too poor for OCR, or documents whose structure keeps breaking extraction, are typical causes. It carries the job's settings, the number of retries made, the error messages gathered on the way, the job's files and its dates. The vendor's page shows no example payload and its field list stops after creation_date, so the event name and update_date are inferred; the vendor ledger gives the evidence.
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
    event_type: Annotated[Literal['job_event_type'], Field(title='Event family')]
    """
    Always job_event_type for this event: it concerns a job, not a single file.
    """
    event_time: Annotated[
        Number, Field(examples=[1685143200, 1685143200.25], ge=0, title='Event time')
    ]
    """
    When Alfred raised the event, in seconds since the Unix epoch.
    """
    event: Annotated[Event, Field(title='Retries exhausted details')]
    """
    The job that ran out of retries, how it was set up, the retry count and errors, its files, its company, and its creation and last-update dates.
    """

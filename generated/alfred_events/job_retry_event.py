# DO NOT EDIT: written by `alfred-contracts generate` from schemas/job_retry_event.schema.json.
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
    The job being retried, how it was set up, the retry count, the errors so far, its files, its company, and its creation and last-update dates.
    """

    model_config = ConfigDict(
        extra='forbid',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[Literal['job_retry_event'], Field(title='Event name')]
    """
    Always job_retry_event. Receivers route on this value.
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
    The job being tried again.
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
    The free text given with the job when it was created (for instance why it is being reprocessed); null when none was given.
    """
    file_count: Annotated[Integer, Field(ge=0, title='File count')]
    """
    How many files the job holds.
    """
    retries: Annotated[Integer, Field(ge=0, title='Retries')]
    """
    How many times the job has been retried, this retry included.
    """
    exceeded_retries: Annotated[StrictBool, Field(title='Retry limit exceeded')]
    """
    Whether the retries have passed the limit the account allows; normally false while Alfred is still retrying.
    """
    error_messages: Annotated[list[StrictStr], Field(title='Error messages')]
    """
    The problems that made the retry necessary, one message each; may be empty. Inferred: the vendor's field list is cut off before it.
    """
    company_id: Annotated[
        Uuid,
        Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Company id'),
    ]
    """
    The Alfred account (company) that owns the job. Inferred: the vendor's field list is cut off before it.
    """
    company_name: Annotated[StrictStr, Field(title='Company name')]
    """
    The display name of that company, free text in any script; use company_id to identify it. Inferred: the vendor's field list is cut off before it.
    """
    file_urls: Annotated[list[FileUrl], Field(title='File URLs')]
    """
    Where the job's files can be fetched, one absolute http or https address per file; may be empty. Inferred: the vendor's field list is cut off before it.
    """
    creation_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Job creation date',
        ),
    ]
    """
    When the job was first created. Inferred: the vendor's field list is cut off before it.
    """
    update_date: Annotated[
        DateTime,
        Field(
            examples=['2023-05-26T23:20:00Z', '2023-05-27T02:50:00.250+02:00'],
            title='Job update date',
        ),
    ]
    """
    When the job last changed, which for this event is the retry. Inferred: the vendor's field list is cut off before it.
    """


class JobRetryEvent(AlfredModel):
    """
    Alfred sends this event when a job tries again to move on to its next stage after a problem expected to pass, such as a temporary lack of resources, a network interruption during an upload, or a model that was briefly unavailable. It carries the job's settings, how many retries have been made and whether the limit is reached; a job that runs out of retries is reported by job_exceeded_retries_event. The vendor's page shows no example and its field list stops after exceeded_retries, so the event name and the fields after that point are inferred; the vendor ledger gives the evidence.
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
    event: Annotated[Event, Field(title='Job retry details')]
    """
    The job being retried, how it was set up, the retry count, the errors so far, its files, its company, and its creation and last-update dates.
    """

# DO NOT EDIT: written by `alfred-contracts generate` from schemas/job_invalid_event.schema.json (lenient profile).
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


class Event(AlfredModel):
    """
    The job judged invalid, its company, the attempt count, whether the limit is reached, the reasons, and the job's creation and last-update dates.
    """

    model_config = ConfigDict(
        extra='allow',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[Literal['job_invalid_event'], Field(title='Event name')]
    """
    Always job_invalid_event. Receivers route on this value.
    """
    event_type: Annotated[
        Literal['job_event_type'], Field(title='Event family (inner)')
    ]
    """
    Repeats the envelope's family; always job_event_type for this event.
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
    job_id: Annotated[
        Uuid, Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Job id')
    ]
    """
    The job that was judged invalid.
    """
    retries: Annotated[LenientInteger, Field(ge=0, title='Retries')]
    """
    How many attempts to run the job have been made.
    """
    exceeded_retries: Annotated[LenientBoolean, Field(title='Retry limit exceeded')]
    """
    Whether the attempts have passed the limit the account allows. The vendor describes it as true for an invalid job (no further attempt), but declares a plain boolean, so false is not refused.
    """
    error_messages: Annotated[list[StrictStr], Field(title='Error messages')]
    """
    Why the job is invalid, one message per problem (a missing file, a wrong setting); may be empty.
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
    When the job last changed, which for this event is when it was judged invalid.
    """


class JobInvalidEvent(AlfredModel):
    """
    Alfred sends this event when a job fails the check of its input files or parameters that comes before any processing, for instance when metadata needed for classification is missing, a file is of a type that cannot be extracted, or a PDF is encrypted and no key was supplied. An invalid job cannot go on until the cause is fixed. The event carries the number of attempts made, whether the attempt limit has been reached, and the error messages that say what was wrong.
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
    event: Annotated[Event, Field(title='Invalid job details')]
    """
    The job judged invalid, its company, the attempt count, whether the limit is reached, the reasons, and the job's creation and last-update dates.
    """

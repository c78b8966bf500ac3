# DO NOT EDIT: written by `alfred-contracts generate` from schemas/job_failed_event.schema.json (lenient profile).
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
    The failed job, its company, the retry count, whether the limit is reached, the errors, and the job's creation and last-update dates.
    """

    model_config = ConfigDict(
        extra='allow',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[Literal['job_failed_event'], Field(title='Event name')]
    """
    Always job_failed_event. Receivers route on this value.
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
    The job that failed.
    """
    retries: Annotated[LenientInteger, Field(ge=0, title='Retries')]
    """
    How many attempts to complete the job have been made so far.
    """
    exceeded_retries: Annotated[LenientBoolean, Field(title='Retry limit exceeded')]
    """
    Whether the attempts have passed the limit the account allows. false means Alfred may still try again.
    """
    error_messages: Annotated[list[StrictStr], Field(title='Error messages')]
    """
    Why the job failed, one message per problem (a lost connection, a timeout); may be empty.
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
    When the job last changed, which for this event is the failure.
    """


class JobFailedEvent(AlfredModel):
    """
    Alfred sends this event when a job cannot go on with its workflow and stops at the stage it had reached, for example because a document lacks the data needed to classify it or extraction hit an error it cannot recover from. It says how many retries were made, whether the retry limit has been reached (when it has not, more attempts may follow), and the error messages that explain the failure.
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
    event: Annotated[Event, Field(title='Job failure details')]
    """
    The failed job, its company, the retry count, whether the limit is reached, the errors, and the job's creation and last-update dates.
    """

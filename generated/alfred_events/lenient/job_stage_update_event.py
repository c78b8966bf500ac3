# DO NOT EDIT: written by `alfred-contracts generate` from schemas/job_stage_update_event.schema.json (lenient profile).
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, DateTime, LenientNumber, Uuid
from pydantic import ConfigDict, Field, StrictStr


class Event(AlfredModel):
    """
    The job whose stage changed, its company, the new stage, and the job's creation and last-update dates.
    """

    model_config = ConfigDict(
        extra='allow',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[Literal['job_stage_update_event'], Field(title='Event name')]
    """
    Always job_stage_update_event. Receivers route on this value.
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
    The job whose stage has changed.
    """
    stage: Annotated[
        StrictStr,
        Field(
            examples=['queued', 'started', 'in_progress', 'completed', 'sent_to_third_party', 'processing'],
            min_length=1,
            title='Job stage',
        ),
    ]
    """
    The stage the job has just entered, as a lower-case word such as in_progress or completed. Not a closed list: the vendor's own example sends processing, which its list of stages lacks, so expect values you do not know.
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
    When the job last changed, which for this event is the change of stage.
    """


class JobStageUpdateEvent(AlfredModel):
    """
    Alfred sends this event each time a job moves from one stage of its workflow to the next, for example when classification is done and extraction begins, or when extraction is done and indexing begins. stage names the stage the job is in now and update_date says when it got there. A job usually produces several of these between job_start_event and its end.
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
    event: Annotated[Event, Field(title='Stage change details')]
    """
    The job whose stage changed, its company, the new stage, and the job's creation and last-update dates.
    """

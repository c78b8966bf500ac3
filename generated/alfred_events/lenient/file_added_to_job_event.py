# DO NOT EDIT: written by `alfred-contracts generate` from schemas/file_added_to_job_event.schema.json (lenient profile).
# Change the schema instead, then run `alfred-contracts generate`.

from __future__ import annotations

from typing import Annotated, Literal

from alfred_contracts.modeltypes import AlfredModel, LenientNumber, Uuid
from pydantic import ConfigDict, Field, StrictStr


class Event(AlfredModel):
    """
    Which file joined which job, and the company both belong to.
    """

    model_config = ConfigDict(
        extra='allow',
        arbitrary_types_allowed=True,
    )
    event_name: Annotated[Literal['file_added_to_job_event'], Field(title='Event name')]
    """
    Always file_added_to_job_event. Receivers route on this value.
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
    The Alfred account (company) that owns the file and the job.
    """
    company_name: Annotated[StrictStr, Field(title='Company name')]
    """
    The display name of that company, free text in any script. It can change over time; use company_id to identify the company.
    """
    file_id: Annotated[
        Uuid, Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='File id')
    ]
    """
    The file that has just been attached. Later file events about it carry the same id.
    """
    job_id: Annotated[
        Uuid, Field(examples=['3f2b8c1e-6d4a-4f0b-9a7e-2c5d8e1f0a93'], title='Job id')
    ]
    """
    The job the file now belongs to. The job events of that job carry the same id.
    """


class FileAddToJobEvent(AlfredModel):
    """
    Alfred sends this event when an uploaded file is attached to a job, whichever channel brought the file in (a desktop client, an e-mail intake, a direct API upload and so on). From then on the file follows the pipeline of that job. The event links the file, the job and the company. Its event_name is file_added_to_job_event, not file_add_to_job_event as the class name would suggest; the vendor's own sample spells it that way.
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
    Always file_event_type for this event: it concerns a file, not a whole job.
    """
    event_time: Annotated[
        LenientNumber,
        Field(examples=[1685143200, 1685143200.25], ge=0, title='Event time'),
    ]
    """
    When Alfred raised the event, in seconds since the Unix epoch.
    """
    event: Annotated[Event, Field(title='File-to-job link')]
    """
    Which file joined which job, and the company both belong to.
    """

# DO NOT EDIT: written by `alfred-contracts generate` from schemas/.
# Change the schema instead, then run `alfred-contracts generate`.

"""Typed models of Alfred's webhook messages (pydantic v2), lenient profile (a tolerant reader).

Each model accepts exactly what its schema accepts under the lenient profile: the
contract, plus unknown members (kept in ``model.model_extra``) and the vendor's
ledgered quirks. A quoted number, count or yes/no is read as the value it stands
for (``"1653645300.00"`` becomes ``1653645300.0``). The strict classes are in
``alfred_events``.

    from alfred_events.lenient import AlfredEvent, UrlVerification

    body: AlfredEvent | UrlVerification  # a FastAPI or pydantic body type
"""

from __future__ import annotations

from typing import Annotated, Union

from alfred_contracts.modeltypes import AlfredModel, event_name
from pydantic import Discriminator, Tag

from .common.envelope import AlfredEventEnvelope
from .file_added_to_job_event import FileAddToJobEvent
from .file_category_create_event import FileCategoryCreateEvent
from .file_category_delete_event import FileCategoryDeleteEvent
from .file_change_tag_event import FileChangeTagEvent
from .file_done_event import FileDoneEvent
from .file_extracted_data_create_event import FileExtractedDataCreateEvent
from .file_extracted_data_delete_event import FileExtractedDataDeleteEvent
from .file_failed_event import FileFailedEvent
from .file_move_event import FileMoveEvent
from .file_move_to_pending_event import FileMoveToPendingEvent
from .file_move_to_recycle_bin_event import FileMoveToRecycleBinEvent
from .file_property_create_event import FilePropertyCreateEvent
from .file_property_delete_event import FilePropertyDeleteEvent
from .file_remove_tag_event import FileRemoveTagEvent
from .file_status_update_event import FileStatusUpdateEvent
from .file_update_event import FileUpdateEvent
from .job_create_event import JobCreateEvent
from .job_exceeded_retries_event import JobExceededRetriesEvent
from .job_failed_event import JobFailedEvent
from .job_finished_event import JobFinishedEvent
from .job_invalid_event import JobInvalidEvent
from .job_retry_event import JobRetryEvent
from .job_stage_update_event import JobStageUpdateEvent
from .job_start_event import JobStartEvent
from .url_verification import UrlVerification

PROFILE = "lenient"
"""The profile these models hold, as ``alfred_contracts.validate`` names it."""

AlfredEvent = Annotated[
    Union[
        Annotated[FileAddToJobEvent, Tag("file_added_to_job_event")],
        Annotated[FileCategoryCreateEvent, Tag("file_category_create_event")],
        Annotated[FileCategoryDeleteEvent, Tag("file_category_delete_event")],
        Annotated[FileChangeTagEvent, Tag("file_change_tag_event")],
        Annotated[FileDoneEvent, Tag("file_done_event")],
        Annotated[FileExtractedDataCreateEvent, Tag("file_extracted_data_create_event")],
        Annotated[FileExtractedDataDeleteEvent, Tag("file_extracted_data_delete_event")],
        Annotated[FileFailedEvent, Tag("file_failed_event")],
        Annotated[FileMoveEvent, Tag("file_move_event")],
        Annotated[FileMoveToPendingEvent, Tag("file_move_to_pending_event")],
        Annotated[FileMoveToRecycleBinEvent, Tag("file_move_to_recycle_bin_event")],
        Annotated[FilePropertyCreateEvent, Tag("file_property_create_event")],
        Annotated[FilePropertyDeleteEvent, Tag("file_property_delete_event")],
        Annotated[FileRemoveTagEvent, Tag("file_remove_tag_event")],
        Annotated[FileStatusUpdateEvent, Tag("file_status_update_event")],
        Annotated[FileUpdateEvent, Tag("file_update_event")],
        Annotated[JobCreateEvent, Tag("job_create_event")],
        Annotated[JobExceededRetriesEvent, Tag("job_exceeded_retries_event")],
        Annotated[JobFailedEvent, Tag("job_failed_event")],
        Annotated[JobFinishedEvent, Tag("job_finished_event")],
        Annotated[JobInvalidEvent, Tag("job_invalid_event")],
        Annotated[JobRetryEvent, Tag("job_retry_event")],
        Annotated[JobStageUpdateEvent, Tag("job_stage_update_event")],
        Annotated[JobStartEvent, Tag("job_start_event")],
    ],
    Discriminator(event_name),
]
"""Any event of the catalog: ``event.event_name`` picks the model."""

EVENTS: dict[str, type[AlfredModel]] = {
    "file_added_to_job_event": FileAddToJobEvent,
    "file_category_create_event": FileCategoryCreateEvent,
    "file_category_delete_event": FileCategoryDeleteEvent,
    "file_change_tag_event": FileChangeTagEvent,
    "file_done_event": FileDoneEvent,
    "file_extracted_data_create_event": FileExtractedDataCreateEvent,
    "file_extracted_data_delete_event": FileExtractedDataDeleteEvent,
    "file_failed_event": FileFailedEvent,
    "file_move_event": FileMoveEvent,
    "file_move_to_pending_event": FileMoveToPendingEvent,
    "file_move_to_recycle_bin_event": FileMoveToRecycleBinEvent,
    "file_property_create_event": FilePropertyCreateEvent,
    "file_property_delete_event": FilePropertyDeleteEvent,
    "file_remove_tag_event": FileRemoveTagEvent,
    "file_status_update_event": FileStatusUpdateEvent,
    "file_update_event": FileUpdateEvent,
    "job_create_event": JobCreateEvent,
    "job_exceeded_retries_event": JobExceededRetriesEvent,
    "job_failed_event": JobFailedEvent,
    "job_finished_event": JobFinishedEvent,
    "job_invalid_event": JobInvalidEvent,
    "job_retry_event": JobRetryEvent,
    "job_stage_update_event": JobStageUpdateEvent,
    "job_start_event": JobStartEvent,
}
"""The model of every event, by ``event.event_name``."""

MODELS: dict[str, type[AlfredModel]] = {**EVENTS, "url_verification": UrlVerification}
"""The model of every message Alfred sends (the events and the handshake), by the
name ``alfred_contracts`` routes it by."""

__all__ = [
    "AlfredEvent",
    "AlfredEventEnvelope",
    "EVENTS",
    "FileAddToJobEvent",
    "FileCategoryCreateEvent",
    "FileCategoryDeleteEvent",
    "FileChangeTagEvent",
    "FileDoneEvent",
    "FileExtractedDataCreateEvent",
    "FileExtractedDataDeleteEvent",
    "FileFailedEvent",
    "FileMoveEvent",
    "FileMoveToPendingEvent",
    "FileMoveToRecycleBinEvent",
    "FilePropertyCreateEvent",
    "FilePropertyDeleteEvent",
    "FileRemoveTagEvent",
    "FileStatusUpdateEvent",
    "FileUpdateEvent",
    "JobCreateEvent",
    "JobExceededRetriesEvent",
    "JobFailedEvent",
    "JobFinishedEvent",
    "JobInvalidEvent",
    "JobRetryEvent",
    "JobStageUpdateEvent",
    "JobStartEvent",
    "MODELS",
    "PROFILE",
    "UrlVerification",
]

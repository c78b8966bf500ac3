"""Which events follow which: the life of a job and of a file, as Mermaid flowcharts.

The vendor documents each event on its own page and never states an order of delivery.
What it does state is, for many events, what has happened before one fires ("after a
recoverable problem", "has passed through every stage", "moved to its tag's folder after
classification"). Each step below says whether it rests on such a statement (drawn as a
solid arrow) or on our reading of the two events' meanings (a dotted arrow).

Steps name events by their class-style title (``JobRetryEvent``), the one name the
vendor gives every event; the diagram draws the events the catalog holds, and flags any
event of the family that no step mentions, so a new event cannot go unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass

from alfred_contracts.schema.catalog import Catalog, EventSchema


@dataclass(frozen=True, slots=True)
class Step:
    """One arrow: ``target`` can follow ``source`` for the same job or file."""

    source: str
    target: str
    stated: bool  #: the vendor's description of one of the two events implies the order
    label: str = ""


#: A job: created, started, moved from stage to stage, retried, and ended one of four ways.
JOB_LIFE = (
    Step("JobCreateEvent", "JobStartEvent", stated=False),
    Step("JobCreateEvent", "JobInvalidEvent", stated=False, label="input check fails"),
    Step("JobStartEvent", "JobStageUpdateEvent", stated=True),
    Step("JobStageUpdateEvent", "JobStageUpdateEvent", stated=True, label="next stage"),
    Step("JobStageUpdateEvent", "JobRetryEvent", stated=True, label="recoverable problem"),
    Step("JobRetryEvent", "JobRetryEvent", stated=True, label="again"),
    Step("JobRetryEvent", "JobStageUpdateEvent", stated=False, label="moves on"),
    Step("JobRetryEvent", "JobExceededRetriesEvent", stated=True, label="limit used up"),
    Step("JobStageUpdateEvent", "JobFinishedEvent", stated=True, label="every stage done"),
    Step("JobStageUpdateEvent", "JobFailedEvent", stated=True, label="cannot continue"),
    Step("JobExceededRetriesEvent", "JobFailedEvent", stated=False),
)

#: A file: added to a job, read, classified, changed, and ended (done, failed or moved).
FILE_LIFE = (
    Step("FileAddToJobEvent", "FileStatusUpdateEvent", stated=False, label="any status change"),
    Step("FileAddToJobEvent", "FilePropertyCreateEvent", stated=False),
    Step("FilePropertyCreateEvent", "FilePropertyDeleteEvent", stated=False),
    Step("FileAddToJobEvent", "FileMoveToPendingEvent", stated=False, label="pipeline unfinished"),
    Step("FileAddToJobEvent", "FileExtractedDataCreateEvent", stated=False, label="pipeline"),
    Step("FileAddToJobEvent", "FileFailedEvent", stated=True, label="a stage fails"),
    Step("FileExtractedDataCreateEvent", "FileExtractedDataDeleteEvent", stated=False),
    Step("FileExtractedDataCreateEvent", "FileCategoryCreateEvent", stated=True, label="tag found"),
    Step(
        "FileExtractedDataCreateEvent", "FileCategoryDeleteEvent", stated=True, label="no tag fits"
    ),
    Step("FileCategoryCreateEvent", "FileChangeTagEvent", stated=False, label="rules or validator"),
    Step("FileChangeTagEvent", "FileUpdateEvent", stated=False),
    Step("FileCategoryCreateEvent", "FileRemoveTagEvent", stated=False),
    Step("FileCategoryCreateEvent", "FileDoneEvent", stated=True, label="every stage done"),
    Step("FileCategoryCreateEvent", "FileMoveEvent", stated=True, label="to the tag's folder"),
    Step("FileCategoryDeleteEvent", "FileMoveEvent", stated=True, label="to No Tag"),
    Step("FileFailedEvent", "FileMoveEvent", stated=True, label="after a failure"),
    Step("FileDoneEvent", "FileMoveToRecycleBinEvent", stated=False, label="a user deletes it"),
)

LIVES = {"job_event_type": JOB_LIFE, "file_event_type": FILE_LIFE}
#: which way each life flows: a file's fans out widely, so its branches stack downwards
DIRECTIONS = {"job_event_type": "TD", "file_event_type": "LR"}


def family_of(event: EventSchema) -> str:
    """The event's family: the ``const`` of its envelope ``event_type``."""
    node = event.schema.get("properties", {}).get("event_type", {})
    family = node.get("const") if isinstance(node, dict) else None
    return family if isinstance(family, str) else ""


def members(catalog: Catalog, family: str) -> list[EventSchema]:
    return [event for event in catalog.events.values() if family_of(event) == family]


def unplaced(catalog: Catalog, family: str) -> list[str]:
    """The family's events that no step mentions (a new event nobody has placed yet)."""
    named = {title for step in LIVES.get(family, ()) for title in (step.source, step.target)}
    return sorted(e.title for e in members(catalog, family) if e.title not in named)


def diagram(catalog: Catalog, family: str) -> str:
    """A Mermaid flowchart of the family's life (empty when the family has no event).

    Only steps between events the catalog holds are drawn; an event left without a step
    is drawn alone, and one that no step mentions gets a dashed border.
    """
    titles = {event.title for event in members(catalog, family)}
    if not titles:
        return ""
    steps = [s for s in LIVES.get(family, ()) if s.source in titles and s.target in titles]
    lines = [f"flowchart {DIRECTIONS.get(family, 'TD')}"]
    seen: set[str] = set()
    for step in steps:
        ends = []
        for title in (step.source, step.target):
            ends.append(title if title in seen else f'{title}["{title}"]')
            seen.add(title)
        arrow = "-->" if step.stated else "-.->"
        label = f'|"{step.label}"|' if step.label else ""
        lines.append(f"    {ends[0]} {arrow}{label} {ends[1]}")
    lines += [f'    {title}["{title}"]' for title in sorted(titles - seen)]
    lost = unplaced(catalog, family)
    if lost:
        lines.append("    classDef unplaced stroke-dasharray: 4 3")
        lines.append(f"    class {','.join(lost)} unplaced")
    return "\n".join(lines)

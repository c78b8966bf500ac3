"""The catalog: every bundled schema, checked once, and routing by ``event_name``.

Loading reads each ``*.schema.json`` below the schema folder, refuses anything that is not
a usable Draft 2020-12 schema, and proves that every ``$ref`` resolves inside the bundle:
a reference to anything else is a :class:`SchemaError`, never a network fetch (policy 7).
An event schema is any schema whose ``event.event_name`` is a ``const``; adding an event
means adding one file.

The URL-verification handshake is not an event (it has no ``event`` object, and the tools
that exercise every event leave it out), but it is a message Alfred sends and it has a
schema: a schema whose top-level ``type`` is the ``const`` ``url_verification`` is the
:attr:`Catalog.handshake`. :meth:`Catalog.route` sends a payload with that ``type`` and no
``event`` member to it, so ``validate`` and ``parse`` judge a handshake by its schema, and
a captured handshake line in an NDJSON capture counts as a checked, valid (or invalid)
message named ``url_verification``, never as an unroutable event.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag

from alfred_contracts._text import kind
from alfred_contracts.engines import metaschema_problem
from alfred_contracts.errors import SchemaError, UnknownEventError
from alfred_contracts.parsing import ParseFailure, parse
from alfred_contracts.refs import DRAFT_2020_12, JSON, RefError, references, refs_for
from alfred_contracts.resources import schemas_dir
from alfred_contracts.schema import profiles
from alfred_contracts.violations import KEYWORD_EVENT_NAME

#: the name the handshake is routed, reported and modelled by (its ``type``)
HANDSHAKE = "url_verification"


@dataclass(frozen=True, slots=True)
class EventSchema:
    """One event's canonical schema."""

    name: str  #: the ``event.event_name`` value, e.g. ``job_start_event``
    title: str  #: the class-style title, e.g. ``JobStartEvent``
    id: str  #: the schema's ``$id``
    version: str  #: the schema's semantic version (``x-version``)
    path: Path  #: the file it was read from
    schema: JSON  #: the canonical (strict) schema


class Catalog:
    """All bundled schemas and the events they define."""

    def __init__(self, root: Path, resources: dict[str, JSON], paths: dict[str, Path]) -> None:
        self.root = root
        self.paths = paths
        self._resources = {"strict": resources}
        self.events: dict[str, EventSchema] = {}
        for uri, schema in sorted(resources.items()):
            name = event_name_of(schema)
            if name is None:
                continue
            if name in self.events:
                other = self.events[name].path
                raise SchemaError(f"{paths[uri]}: event {name!r} is also defined by {other}")
            self.events[name] = EventSchema(
                name=name,
                title=str(schema.get("title", name)),
                id=uri,
                version=str(schema.get("x-version", "0.0.0")),
                path=paths[uri],
                schema=schema,
            )
        if not self.events:
            raise SchemaError(f"{root}: no event schemas found")
        self.names = sorted(self.events)
        #: the URL-verification handshake's schema, when the bundle has one
        self.handshake: EventSchema | None = None
        for uri, schema in sorted(resources.items()):
            if handshake_type_of(schema) != HANDSHAKE:
                continue
            if self.handshake is not None:
                other = self.handshake.path
                raise SchemaError(f"{paths[uri]}: the handshake is also defined by {other}")
            self.handshake = EventSchema(
                name=HANDSHAKE,
                title=str(schema.get("title", HANDSHAKE)),
                id=uri,
                version=str(schema.get("x-version", "0.0.0")),
                path=paths[uri],
                schema=schema,
            )
        #: every message schema by routing name: the events and the handshake
        self.messages: dict[str, EventSchema] = dict(self.events)
        if self.handshake is not None:
            self.messages[HANDSHAKE] = self.handshake

    @classmethod
    def load(cls, root: Path | None = None) -> Catalog:
        """Load and check every schema below ``root`` (default: the bundled schemas).

        Loaded catalogs are cached until a schema file changes (``mkdocs serve`` and
        long-lived processes see edits).
        """
        folder = (Path(root) if root is not None else schemas_dir()).resolve()
        return _load(folder, _signature(folder))

    def resources(self, profile: profiles.Profile = "strict") -> Mapping[str, JSON]:
        """Every schema resource by ``$id``, as the given profile sees it."""
        if profile not in self._resources:
            self._resources[profile] = {
                uri: profiles.apply(profile, schema)
                for uri, schema in self._resources["strict"].items()
            }
        return self._resources[profile]

    def event(self, name: str) -> EventSchema:
        """The event schema for ``name``; :class:`UnknownEventError` when there is none."""
        try:
            return self.events[name]
        except KeyError:
            raise UnknownEventError(name, self.names) from None

    def message(self, name: str) -> EventSchema:
        """Like :meth:`event`, and also the handshake by its name, ``url_verification``."""
        found = self.messages.get(name)
        return found if found is not None else self.event(name)

    def route(self, payload: object) -> str | tuple[str, str, str]:
        """The event name of ``payload``, or why it has none: (instance_path, keyword, message)."""
        if type(payload) is not dict:
            return ("", "type", f"expected a JSON object (one Alfred event), got {kind(payload)}")
        body = payload.get("event")
        if type(body) is not dict:
            if "event" not in payload and payload.get("type") == HANDSHAKE and self.handshake:
                return HANDSHAKE
            if body is None and "event" not in payload:
                return ("", KEYWORD_EVENT_NAME, self._unroutable("there is no event object"))
            return ("/event", "type", f"expected the event object, got {kind(body)}")
        name = body.get("event_name")
        if type(name) is str and name in self.events:
            return name
        if "event_name" not in body:
            return ("/event", KEYWORD_EVENT_NAME, self._unroutable("event.event_name is missing"))
        if type(name) is not str:
            what = f"event.event_name is {kind(name)}, not a string"
            return ("/event/event_name", KEYWORD_EVENT_NAME, self._unroutable(what))
        return ("/event/event_name", KEYWORD_EVENT_NAME, self._unknown(name))

    def _unroutable(self, why: str) -> str:
        return f"cannot tell which event this is: {why}; known events: {', '.join(self.names)}"

    @functools.lru_cache(maxsize=256)  # noqa: B019 (catalogs live as long as the process)
    def _unknown(self, name: str) -> str:
        import difflib

        shown = name if len(name) <= 60 else name[:57] + "..."
        hint = difflib.get_close_matches(name, self.names, n=1)
        suggestion = f" (did you mean {hint[0]}?)" if hint else ""
        return f"unknown event {shown!r}{suggestion}; known events: {', '.join(self.names)}"


def event_name_of(schema: JSON) -> str | None:
    """The event a schema defines: its ``properties.event.properties.event_name`` const."""
    node = schema
    for key in ("properties", "event", "properties", "event_name"):
        node = node.get(key) if isinstance(node, dict) else None
    name = node.get("const") if isinstance(node, dict) else None
    return name if isinstance(name, str) else None


def handshake_type_of(schema: JSON) -> str | None:
    """The message a non-event schema defines: its top-level ``properties.type`` const."""
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict) or "event" in properties:
        return None
    node = properties.get("type")
    name = node.get("const") if isinstance(node, dict) else None
    return name if isinstance(name, str) else None


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What identifies the folder's content cheaply: each schema's path, mtime and size."""
    found = []
    for path in sorted(folder.rglob("*.schema.json")) if folder.is_dir() else ():
        stat = path.stat()
        found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


@functools.lru_cache(maxsize=8)
def _load(folder: Path, signature: tuple[tuple[str, int, int], ...]) -> Catalog:
    if not folder.is_dir():
        raise SchemaError(f"{folder}: schema folder not found")
    resources: dict[str, JSON] = {}
    paths: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.schema.json")):
        schema = _read(path)
        uri = schema["$id"]
        if uri in resources:
            raise SchemaError(f"{path}: $id {uri} is also used by {paths[uri]}")
        resources[uri] = schema
        paths[uri] = path
    _check_refs(resources, paths)
    return Catalog(folder, resources, paths)


def _read(path: Path) -> JSON:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SchemaError(f"{path}: cannot read: {error.strerror}") from None
    schema = parse(raw)
    if isinstance(schema, ParseFailure):
        raise SchemaError(f"{path}: {schema.problems[0][2]}")
    if not isinstance(schema, dict):
        raise SchemaError(f"{path}: a schema must be a JSON object")
    if schema.get("$schema") != DRAFT_2020_12:
        raise SchemaError(f"{path}: $schema must be {DRAFT_2020_12}")
    uri = schema.get("$id")
    if not isinstance(uri, str) or urldefrag(uri)[1] or "://" not in uri:
        raise SchemaError(f"{path}: $id must be an absolute URI without a fragment")
    problem = metaschema_problem(schema)
    if problem is not None:
        where, why = problem
        if where == "$schema":
            raise SchemaError(f"{path}: {why}")
        raise SchemaError(f"{path}: not a valid 2020-12 schema at {where}: {why}")
    return schema


def _check_refs(resources: dict[str, JSON], paths: dict[str, Path]) -> None:
    """Prove that every ``$ref`` resolves inside the bundle, the way every tool resolves it."""
    refs = refs_for(resources)  # the same resolver messages and fields use later
    for uri, schema in resources.items():
        for keyword, ref, base in references(schema, uri):
            try:
                refs.lookup(base, ref)
            except RefError as error:
                raise SchemaError(f"{paths[uri]}: {keyword} {ref!r}: {error}") from None

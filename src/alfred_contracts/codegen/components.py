"""The catalog as one document's ``components``: what the OpenAPI and AsyncAPI documents share.

Every schema resource an event or the handshake needs becomes one named component, and
every ``$ref`` becomes a pointer inside the document (``#/components/schemas/uuid``):
events are named by their ``title`` (``JobStartEvent``), the handshake ``UrlVerification``,
shared definitions by their file name (``common/date-time.schema.json`` -> ``date-time``).
A resource keeps its own ``$defs``, so two events may each define a local ``stage``
without clashing. The result validates exactly like the catalog under the same profile.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin

from alfred_contracts.errors import SchemaError
from alfred_contracts.refs import JSON, fragment_pointer, references, rewrite_refs
from alfred_contracts.schema.catalog import HANDSHAKE as CATALOG_HANDSHAKE
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.profiles import Profile

SCHEMAS = "#/components/schemas/"
HANDSHAKE = "UrlVerification"
#: the value of ``type`` that marks the URL-verification handshake (it has no ``event``)
HANDSHAKE_TYPE = CATALOG_HANDSHAKE
#: keys that make no sense inside a bigger document (every reference becomes a pointer)
_DROP = frozenset({"$id", "$schema", "$anchor"})


@dataclass(frozen=True)
class Components:
    """The named schemas of one profile, and which component is which message."""

    schemas: dict[str, Any]  #: component name -> schema, sorted by name
    events: dict[str, str]  #: event name -> component name, in catalog order
    handshake: str  #: the handshake's component name


def handshake_uri(catalog: Catalog) -> str | None:
    """The ``$id`` of the handshake's schema in the catalog, when there is one."""
    return catalog.handshake.id if catalog.handshake is not None else None


def builtin_handshake() -> dict[str, Any]:
    """The handshake, for a catalog without a schema of its own for it."""
    return {
        "title": "URL verification handshake",
        "description": "Sent once before any event: the receiver must answer 200 with the "
        'challenge, as plain text or as {"challenge": ...}.',
        "type": "object",
        "required": ["challenge", "type"],
        "properties": {
            "token": {
                "type": "string",
                "description": "An opaque token; Alfred always sends one, and a receiver "
                "need not read it.",
            },
            "challenge": {"type": "string", "description": "The value to send back."},
            "type": {"const": HANDSHAKE_TYPE},
        },
    }


def components(catalog: Catalog, profile: Profile) -> Components:
    """Every event and the handshake as components, with what they reference."""
    resources = catalog.resources(profile)
    handshake = handshake_uri(catalog)
    roots = [event.id for event in catalog.events.values()]
    if handshake is not None:
        roots.append(handshake)
    names = _names(catalog, _reachable(resources, roots))
    if handshake is not None:
        names[handshake] = HANDSHAKE

    def local(target: str, fragment: str) -> str:
        return SCHEMAS + names[target] + fragment_pointer(resources, target, fragment)

    schemas: dict[str, Any] = {}
    for uri, name in names.items():
        schemas[name] = rewrite_refs(resources[uri], uri, local, _DROP)
    if handshake is None:
        schemas[HANDSHAKE] = builtin_handshake()
    events = {name: names[event.id] for name, event in catalog.events.items()}
    return Components(dict(sorted(schemas.items())), events, HANDSHAKE)


def _reachable(resources: Any, roots: list[str]) -> list[str]:
    """``roots`` and every resource they reach through ``$ref``, roots first."""
    order = list(roots)
    pending = list(roots)
    while pending:
        uri = pending.pop()
        for _keyword, ref, base in references(resources[uri], uri):
            target = urldefrag(urljoin(base, ref))[0]
            if target not in order:
                order.append(target)
                pending.append(target)
    return order


def _names(catalog: Catalog, uris: list[str]) -> dict[str, str]:
    """A unique component name per resource: an event's title, else its file name."""
    titles = {event.id: event.title for event in catalog.events.values()}
    names: dict[str, str] = {}
    for uri in uris:
        relative = catalog.paths[uri].relative_to(catalog.root).as_posix()
        name = titles.get(uri) or posixpath.basename(relative).removesuffix(".schema.json")
        if name in names.values() or name == HANDSHAKE:
            if uri in titles:
                raise SchemaError(f"{relative}: the title {name!r} is already taken")
            name = relative.removesuffix(".schema.json").replace("/", "-")
        names[uri] = name
    return names


def first_sentence(text: str) -> str:
    """The first sentence of a description (a summary line)."""
    head, dot, _rest = text.partition(". ")
    return head + "." if dot else text


def family(schema: JSON) -> str:
    """An event's family word from its ``event_type`` constant (``job_event_type`` -> job)."""
    node = schema.get("properties", {}).get("event_type", {}) if isinstance(schema, dict) else {}
    const = node.get("const") if isinstance(node, dict) else None
    return str(const).removesuffix("_event_type") if isinstance(const, str) else "other"

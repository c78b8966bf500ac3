"""Bundle an event's schema into one self-contained file.

Every resource the event references (the shared definitions in ``common/``) is embedded
under ``$defs`` with a readable name, and every ``$ref`` is rewritten to point inside the
document (``#/$defs/uuid``), so a bundled schema needs no registry and no network. The
bundle validates exactly like the event's schema in the catalog (a test proves it).
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import urldefrag, urljoin

from alfred_contracts.refs import JSON, fragment_pointer, references, rewrite_refs
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.profiles import Profile

BUNDLED_DIR = "bundled"


def bundled_id(catalog: Catalog, name: str) -> str:
    """The ``$id`` of an event's bundled schema: ``.../schemas/bundled/<file>``."""
    event = catalog.event(name)
    return urljoin(event.id, f"{BUNDLED_DIR}/{event.path.name}")


def bundle(catalog: Catalog, name: str, profile: Profile = "strict") -> dict[str, Any]:
    """The event's schema with every referenced resource embedded under ``$defs``."""
    event = catalog.event(name)
    resources = catalog.resources(profile)
    needed = _referenced(resources, event.id)
    names = _def_names(catalog, [uri for uri in needed if uri != event.id])

    def local(target: str, fragment: str) -> str:
        inside = fragment_pointer(resources, target, fragment)
        return ("#" if target == event.id else f"#/$defs/{names[target]}") + inside

    no_anchors = frozenset({"$anchor"})  # every reference becomes a pointer
    root: dict[str, Any] = rewrite_refs(resources[event.id], event.id, local, no_anchors)
    root["$id"] = bundled_id(catalog, name)
    definitions = dict(root.get("$defs", {}))
    for uri in needed:
        if uri == event.id:
            continue
        embedded = rewrite_refs(resources[uri], uri, local, no_anchors)
        for key in ("$id", "$schema"):
            embedded.pop(key, None)
        definitions[names[uri]] = embedded
    if definitions:
        root["$defs"] = dict(sorted(definitions.items()))
    return root


def _referenced(resources: Any, start: str) -> list[str]:
    """Every resource reachable from ``start`` through ``$ref``, ``start`` first."""
    order = [start]
    pending = [start]
    while pending:
        uri = pending.pop()
        for target in _refs(resources[uri], uri):
            if target not in order:
                order.append(target)
                pending.append(target)
    return order


def _refs(node: JSON, base: str) -> list[str]:
    return [urldefrag(urljoin(ref_base, ref))[0] for _k, ref, ref_base in references(node, base)]


def _def_names(catalog: Catalog, uris: list[str]) -> dict[str, str]:
    """Readable, unique ``$defs`` names: ``common/date-time.schema.json`` -> ``date-time``."""
    names: dict[str, str] = {}
    for uri in sorted(uris):
        relative = catalog.paths[uri].relative_to(catalog.root).as_posix()
        stem = posixpath.basename(relative).removesuffix(".schema.json")
        candidate = stem
        if candidate in names.values():
            candidate = relative.removesuffix(".schema.json").replace("/", "-")
        names[uri] = candidate
    return names

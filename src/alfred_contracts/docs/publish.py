"""What the site publishes besides pages: the schemas and the contract's documents.

Every schema is published at the path its ``$id`` names, next to a bundled single-file
version of each event (strict and lenient). The generated documents at the top of
``contracts/`` (the receiver's OpenAPI document, and any other description of the whole
catalog written there) are published byte for byte under ``contracts/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from alfred_contracts.schema.bundle import BUNDLED_DIR, bundle
from alfred_contracts.schema.catalog import Catalog, EventSchema

REFERENCE_DIR = "reference"
SCHEMAS_DIR = "schemas"
DOCUMENTS_DIR = "contracts"
#: the receiver's OpenAPI document, as ``generate`` writes it and the site serves it
OPENAPI = f"{DOCUMENTS_DIR}/receiver.openapi.json"
_DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml")


def published_path(catalog: Catalog, uri: str) -> str:
    """Where a schema is published in the site: the part of its ``$id`` after the host."""
    relative = catalog.paths[uri].relative_to(catalog.root).as_posix()
    return f"{SCHEMAS_DIR}/{relative}"


def bundled_file(event: EventSchema, profile: str = "strict") -> str:
    folder = f"{SCHEMAS_DIR}/{BUNDLED_DIR}" + ("/lenient" if profile == "lenient" else "")
    return f"{folder}/{event.path.name}"


def published_files(catalog: Catalog) -> dict[str, bytes]:
    """Every schema file as it is (at the path its ``$id`` names), plus bundled schemas."""
    files = {published_path(catalog, uri): path.read_bytes() for uri, path in catalog.paths.items()}
    for name, event in catalog.events.items():
        for profile in ("strict", "lenient"):
            bundled = bundle(catalog, name, profile)
            if profile == "lenient":
                here = f"/{BUNDLED_DIR}/"
                bundled["$id"] = bundled["$id"].replace(here, f"{here}lenient/")
            files[bundled_file(event, profile)] = _pretty(bundled)
    return files


def published_documents(contracts: Path) -> dict[str, bytes]:
    """The documents at the top of ``contracts/``, byte for byte, by their site path."""
    found = sorted(contracts.glob("*")) if contracts.is_dir() else []
    return {
        f"{DOCUMENTS_DIR}/{path.name}": path.read_bytes()
        for path in found
        if path.is_file() and path.name.endswith(_DOCUMENT_SUFFIXES)
    }


def _pretty(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n"

"""``alfred-contracts generate``: every generated artefact, from the canonical schemas.

One command writes them all (design policy 9); ``--check`` compares what the schemas
produce with what is committed and names every stale file. Output is deterministic: the
same schemas give the same bytes on every machine (the code generator is pinned, and the
files carry no timestamps).

Artefacts:

* ``generated/alfred_events/``: pydantic v2 models that hold the contract, one module per
  schema, for each profile (``alfred_events`` strict, ``alfred_events.lenient``), written by
  datamodel-code-generator (:mod:`alfred_contracts.codegen.models`).
* ``contracts/receiver.openapi.json``: the receiver contract (OpenAPI 3.1), used by
  ``verify-consumer``.
* ``contracts/alfred.asyncapi.json``: the catalog as an AsyncAPI 3.0 document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from alfred_contracts.codegen import models
from alfred_contracts.schema.catalog import Catalog

COMMAND = "alfred-contracts generate"
CODEGEN, CODEGEN_VERSION, MODELS_DIR = models.CODEGEN, models.CODEGEN_VERSION, models.MODELS_DIR
RECEIVER_OPENAPI = "contracts/receiver.openapi.json"
ASYNCAPI = "contracts/alfred.asyncapi.json"


@dataclass
class Plan:
    """Every generated file (path relative to the repository root -> bytes)."""

    files: dict[str, bytes] = field(default_factory=dict)
    #: folders wholly owned by the generator: any other file in them is stale
    owned: list[str] = field(default_factory=list)


def header(source: str, comment: str = "#") -> str:
    return (
        f"{comment} DO NOT EDIT: written by `{COMMAND}` from {source}.\n"
        f"{comment} Change the schema instead, then run `{COMMAND}`.\n\n"
    )


def plan(root: Path) -> Plan:
    """Compute every artefact for the repository at ``root``."""
    catalog = Catalog.load(root / "schemas")
    result = Plan()
    for build in ARTEFACTS:
        build(root, catalog, result)
    return result


def write(root: Path, planned: Plan) -> list[tuple[str, str]]:
    """Write ``planned`` under ``root``; return (``wrote``/``removed``, path) per change."""
    changed = []
    for relative, content in sorted(planned.files.items()):
        target = root / relative
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        changed.append(("wrote", relative))
    for relative in _extra(root, planned):
        (root / relative).unlink()
        changed.append(("removed", relative))
    return changed


def stale(root: Path, planned: Plan) -> list[str]:
    """Paths whose committed content differs from what the schemas produce."""
    found = [
        relative
        for relative, content in sorted(planned.files.items())
        if not (root / relative).is_file() or (root / relative).read_bytes() != content
    ]
    return found + _extra(root, planned)


def _extra(root: Path, planned: Plan) -> list[str]:
    extra = []
    for folder in planned.owned:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            if relative not in planned.files:
                extra.append(relative)
    return extra


# -- models -----------------------------------------------------------------------------


def _models(root: Path, catalog: Catalog, result: Plan) -> None:
    result.owned.append(MODELS_DIR)
    result.files.update(models.model_files(catalog, header))


def _receiver_openapi(root: Path, catalog: Catalog, result: Plan) -> None:
    from alfred_contracts.codegen.openapi import receiver_document

    document = receiver_document(catalog)
    result.files[RECEIVER_OPENAPI] = orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def _asyncapi(root: Path, catalog: Catalog, result: Plan) -> None:
    from alfred_contracts.codegen.asyncapi import asyncapi_document

    document = asyncapi_document(catalog)
    result.files[ASYNCAPI] = orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


ARTEFACTS: list[Callable[[Path, Catalog, Plan], None]] = [_models, _receiver_openapi, _asyncapi]

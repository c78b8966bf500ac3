"""``alfred-contracts generate``: every generated artefact, from the canonical schemas.

One command writes them all (design policy 9); ``--check`` compares what the schemas
produce with what is committed and names every stale file. Output is deterministic: the
same schemas give the same bytes on every machine (the code generator is pinned, and the
files carry no timestamps).

Artefacts:

* ``generated/alfred_events/``: pydantic v2 models, one module per event plus the shared
  envelope, written by datamodel-code-generator from a scratch copy of the schemas whose
  files are renamed into module names.
* ``contracts/receiver.openapi.json``: the receiver contract (OpenAPI 3.1), used by
  ``verify-consumer``.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from alfred_contracts.errors import SchemaError, UsageError
from alfred_contracts.refs import fragment_pointer, rewrite_refs
from alfred_contracts.schema.catalog import Catalog

COMMAND = "alfred-contracts generate"
CODEGEN = "datamodel-code-generator"
CODEGEN_VERSION = "0.89.0"
MODELS_DIR = "generated/alfred_events"
RECEIVER_OPENAPI = "contracts/receiver.openapi.json"


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


def _module_path(schema_path: str) -> str:
    """``common/date-time.schema.json`` -> ``common/date_time.json`` (a module-safe name)."""
    stem = schema_path.removesuffix(".schema.json").replace("-", "_").replace(".", "_")
    return stem + ".json"


def _scratch_schemas(catalog: Catalog, folder: Path) -> dict[str, str]:
    """Write generator input into ``folder``; return module file -> canonical schema path."""
    relative = {
        uri: path.relative_to(catalog.root).as_posix() for uri, path in catalog.paths.items()
    }
    renamed = {uri: _module_path(rel) for uri, rel in relative.items()}
    sources = {}
    resources = catalog.resources("strict")
    for uri, schema in resources.items():
        here = posixpath.dirname(renamed[uri])

        def module_ref(target: str, fragment: str, here: str = here) -> str:
            path = posixpath.relpath(renamed[target], here or ".")
            pointer = fragment_pointer(resources, target, fragment)
            return path + (f"#{pointer}" if pointer else "")

        localised = rewrite_refs(
            schema, uri, module_ref, drop=frozenset({"$id", "$anchor", "x-lenient-also"})
        )
        destination = folder / renamed[uri]
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(orjson.dumps(localised, option=orjson.OPT_INDENT_2))
        sources[renamed[uri].removesuffix(".json") + ".py"] = f"schemas/{relative[uri]}"
    return sources


def _codegen_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(CODEGEN)
    except PackageNotFoundError:
        raise UsageError(
            f"generate needs {CODEGEN}=={CODEGEN_VERSION}: "
            "pip install 'alfred-event-contracts[generate]'"
        ) from None


def _run_codegen(source: Path, output: Path) -> None:
    found = _codegen_version()
    if found != CODEGEN_VERSION:
        raise UsageError(
            f"generate needs {CODEGEN}=={CODEGEN_VERSION} (found {found}), so that the "
            "output is byte-identical on every machine"
        )
    arguments = [
        sys.executable, "-m", "datamodel_code_generator",
        "--input", str(source),
        "--input-file-type", "jsonschema",
        "--output", str(output),
        "--output-model-type", "pydantic_v2.BaseModel",
        "--target-python-version", "3.11",
        "--disable-timestamp",
        "--use-annotated",
        "--use-schema-description",
        "--use-field-description",
        "--enum-field-as-literal", "one",
        "--extra-fields", "allow",
        "--collapse-root-models",
        "--use-exact-imports",
        "--strict-refs",
        "--output-datetime-class", "AwareDatetime",
        "--import-overrides", '{"AwareDatetime": "alfred_contracts.modeltypes"}',
        "--formatters", "builtin",
        "--custom-file-header", "#",
    ]  # fmt: skip
    done = subprocess.run(
        arguments, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}
    )
    if done.returncode != 0:
        tail = " ".join(done.stderr.strip().splitlines()[-3:])
        raise SchemaError(f"{CODEGEN} failed: {tail}")


def _strip_header(text: str) -> str:
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    while lines and not lines[0].strip():
        lines.pop(0)
    return "".join(lines)


def _package_init(catalog: Catalog) -> str:
    events = [
        (
            event.name,
            event.title,
            _module_path(event.path.relative_to(catalog.root).as_posix())
            .removesuffix(".json")
            .replace("/", "."),
        )
        for event in catalog.events.values()
    ]
    imports = "\n".join(f"from .{module} import {title}" for _name, title, module in events)
    mapping = "\n".join(f'    "{name}": {title},' for name, title, _module in events)
    union = ", ".join(title for _name, title, _module in events)
    exported = sorted(["EVENTS", "AlfredEventEnvelope", "AnyEvent", *(t for _n, t, _m in events)])
    names = "\n".join(f'    "{name}",' for name in exported)
    return (
        header("schemas/") + '"""Typed models of Alfred\'s webhook events (pydantic v2).\n\n'
        "Generated from the canonical JSON Schemas of alfred-event-contracts. The models are\n"
        "readers: they accept more than the contract does (unhyphenated UUIDs, numbers as\n"
        "dates), so validate with the schema first, which ``alfred_contracts.parse`` does.\n"
        "Unknown fields are kept (``model.model_extra``), as a tolerant reader should.\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        "from typing import Union\n\n"
        "from pydantic import BaseModel\n\n"
        "from .common.envelope import AlfredEventEnvelope\n"
        f"{imports}\n\n"
        f"AnyEvent = Union[{union}]\n"
        '"""Any event in the catalog."""\n\n'
        "EVENTS: dict[str, type[BaseModel]] = {\n"
        f"{mapping}\n"
        "}\n"
        '"""The model class of every event, by ``event.event_name``."""\n\n'
        f"__all__ = [\n{names}\n]\n"
    )


def _models(root: Path, catalog: Catalog, result: Plan) -> None:
    result.owned.append(MODELS_DIR)
    with tempfile.TemporaryDirectory(prefix="alfred-generate-") as scratch:
        source, output = Path(scratch, "schemas"), Path(scratch, "models")
        sources = _scratch_schemas(catalog, source)
        _run_codegen(source, output)
        for path in sorted(output.rglob("*.py")):
            relative = path.relative_to(output).as_posix()
            if relative == "__init__.py":
                continue
            body = _strip_header(path.read_text("utf-8"))
            origin = sources.get(relative, "schemas/" + posixpath.dirname(relative) + "/")
            result.files[f"{MODELS_DIR}/{relative}"] = (header(origin) + body).encode()
    result.files[f"{MODELS_DIR}/__init__.py"] = _package_init(catalog).encode()
    result.files[f"{MODELS_DIR}/py.typed"] = b""


def _receiver_openapi(root: Path, catalog: Catalog, result: Plan) -> None:
    from alfred_contracts.codegen.openapi import receiver_document

    document = receiver_document(catalog)
    result.files[RECEIVER_OPENAPI] = orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


ARTEFACTS: list[Callable[[Path, Catalog, Plan], None]] = [_models, _receiver_openapi]

"""The pydantic models in ``generated/alfred_events/``: one set per profile.

The models hold the contract: each accepts exactly the JSON values its schema accepts under
its profile. ``alfred_events`` holds the strict models (the contract), and
``alfred_events.lenient`` the same classes for the lenient profile (unknown members kept,
the vendor's ledgered quirks read). Both are written by the pinned
datamodel-code-generator from a scratch copy of the schemas, in which

* files are renamed into module names and ``$ref``s follow them;
* every leaf is typed with an exact type of :mod:`alfred_contracts.modeltypes` through the
  generator's ``customTypePath`` (``format: uuid``, ``format: date-time``, numbers,
  integers, and under the lenient profile the readers of the quoted forms that
  ``x-lenient-also`` allows); strings and booleans are strict, constants and enums
  ``Literal``; patterns are rewritten for pydantic's engine (:mod:`.patterns`);
* the lenient copy is :func:`alfred_contracts.schema.profiles.lenient` of that, so its
  objects are open and any other ``x-lenient-also`` becomes a union.

A keyword the models cannot hold exactly stops the generator with a :class:`SchemaError`
that names it, rather than giving a model that accepts more or less than its schema.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import orjson

from alfred_contracts.codegen import package
from alfred_contracts.codegen.patterns import portable
from alfred_contracts.errors import SchemaError, UsageError
from alfred_contracts.modeltypes import LENIENT_READERS
from alfred_contracts.refs import (
    JSON,
    LISTS,
    MAPS,
    SINGLE,
    Refs,
    fragment_pointer,
    references,
    refs_for,
    rewrite_refs,
    transform,
)
from alfred_contracts.schema import profiles
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.profiles import PROFILES, Profile

CODEGEN = "datamodel-code-generator"
CODEGEN_VERSION = "0.89.0"
MODELS_DIR = "generated/alfred_events"
#: where each profile's models go, below MODELS_DIR
SUBPACKAGE: dict[Profile, str] = {"strict": "", "lenient": "lenient"}

TYPES = "alfred_contracts.modeltypes"
#: keywords that only describe; they never change what is accepted
_ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment"})
#: keywords the models hold exactly (the generator maps them, or the types below do)
_SUPPORTED = _ANNOTATIONS | {
    "$schema", "$id", "$defs", "$ref", "$anchor", "type", "const", "enum", "anyOf",
    "properties", "required", "additionalProperties", "format", "pattern", "minLength",
    "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "items",
    "minItems", "maxItems", profiles.LENIENT_KEY,
}  # fmt: skip
_FORMATS = {"uuid": "Uuid", "date-time": "DateTime"}
_NUMBERS = {"number": "Number", "integer": "Integer"}
#: keywords that apply to values of each JSON type (a type list is split along them)
_FOR_TYPE = {
    "string": {"format", "pattern", "minLength", "maxLength"},
    "number": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"},
    "array": {"items", "minItems", "maxItems"},
    "object": {"properties", "required", "additionalProperties"},
}
_FOR_TYPE["integer"] = _FOR_TYPE["number"]


def model_files(catalog: Catalog, header: Callable[[str], str]) -> dict[str, bytes]:
    """Every file of ``generated/alfred_events/`` (path from the repository root -> bytes)."""
    files: dict[str, bytes] = {}
    for profile in PROFILES:
        folder = posixpath.join(MODELS_DIR, SUBPACKAGE[profile]).rstrip("/")
        with tempfile.TemporaryDirectory(prefix="alfred-generate-") as scratch:
            source, output = Path(scratch, "schemas"), Path(scratch, "models")
            sources = _scratch_schemas(catalog, profile, source)
            _run_codegen(source, output, profile)
            for path in sorted(output.rglob("*.py")):
                relative = path.relative_to(output).as_posix()
                if relative == "__init__.py":
                    continue
                body = _strip_header(path.read_text("utf-8"))
                origin = sources.get(relative, "schemas/" + posixpath.dirname(relative) + "/")
                if profile != "strict":
                    origin += f" ({profile} profile)"
                files[f"{folder}/{relative}"] = (header(origin) + body).encode()
        init = package.render(catalog, profile, module_path)
        files[f"{folder}/__init__.py"] = (header("schemas/") + init).encode()
    files[f"{MODELS_DIR}/py.typed"] = b""
    return files


# -- the scratch schemas ----------------------------------------------------------------


def module_path(schema_path: str) -> str:
    """``common/date-time.schema.json`` -> ``common/date_time.json`` (a module-safe name)."""
    stem = schema_path.removesuffix(".schema.json").replace("-", "_").replace(".", "_")
    return stem + ".json"


def typed_resources(catalog: Catalog, profile: Profile) -> dict[str, JSON]:
    """Every schema resource as the generator should read it under ``profile``: leaves
    typed (see the module doc), the lenient profile applied, and every ``$ref`` to a leaf
    (anything but an object with properties) replaced by a copy of its target, so that a
    field holds the leaf's type itself, never a wrapper class of it."""
    resources: dict[str, JSON] = {}
    for uri, schema in catalog.resources("strict").items():
        try:
            node = transform(schema, lambda inner: _leaf(inner, profile))
        except NotImplementedError as error:
            raise SchemaError(f"{catalog.paths[uri]}: {error}") from None
        resources[uri] = profiles.lenient(node) if profile == "lenient" else node
    refs = refs_for(resources)
    inlined = {}
    for uri, schema in resources.items():
        try:
            inlined[uri] = _inline(refs, uri, schema, ())
        except NotImplementedError as error:
            raise SchemaError(f"{catalog.paths[uri]}: {error}") from None
    return inlined


def _leaf(node: dict[str, JSON], profile: Profile) -> dict[str, JSON]:
    unknown = sorted(key for key in node if key not in _SUPPORTED and not key.startswith("x-"))
    if unknown:
        raise NotImplementedError(f"no exact model for the keyword(s) {', '.join(unknown)}")
    also = node.pop(profiles.LENIENT_KEY, None)
    if also is not None and profile == "lenient":
        reader = _lenient_reader(node, also)
        if reader is not None:
            return reader
        node[profiles.LENIENT_KEY] = also  # already typed: transform works bottom-up
    for keyword in ("const", "enum"):
        values = node.get(keyword)
        values = [values] if keyword == "const" else values
        if isinstance(values, list) and any(not isinstance(v, str | None) for v in values):
            raise NotImplementedError(f"no exact model for a non-string {keyword}")
    if node.get("additionalProperties", True) not in (True, False):
        raise NotImplementedError("no exact model for additionalProperties as a schema")
    kinds = node.get("type")
    if isinstance(kinds, list):
        return _split(node, [str(kind) for kind in kinds])
    if "format" in node:
        name = _FORMATS.get(str(node["format"]))
        if name is None:
            raise NotImplementedError(f"no model type for format {node['format']!r}")
        return {**node, "customTypePath": f"{TYPES}.{name}"}
    if isinstance(kinds, str) and kinds in _NUMBERS:
        return {**node, "customTypePath": f"{TYPES}.{_NUMBERS[kinds]}"}
    if isinstance(node.get("pattern"), str):
        return {**node, "pattern": portable(str(node["pattern"]))}
    return node


def _split(node: dict[str, JSON], kinds: list[str]) -> dict[str, JSON]:
    """``type: [a, b]`` as ``anyOf`` of one node per type, each with its own keywords."""
    specific = set().union(*_FOR_TYPE.values())
    shared = {k: v for k, v in node.items() if k not in specific and k != "type"}
    outer = {k: shared.pop(k) for k in _ANNOTATIONS if k in shared}
    branches = []
    for kind in kinds:
        own = {k: v for k, v in node.items() if k in _FOR_TYPE.get(kind, set())}
        branches.append(_leaf({**shared, **own, "type": kind}, "strict"))
    return {**outer, "anyOf": branches}


def _lenient_reader(node: dict[str, JSON], also: JSON) -> dict[str, JSON] | None:
    """The node typed with a reader of :mod:`modeltypes` that accepts the plain value and
    its quoted form, when one accepts exactly what ``anyOf: [node, also]`` does; None
    otherwise (then the lenient model holds the union)."""
    if not isinstance(also, dict):
        return None
    form = {k: v for k, v in also.items() if k not in _ANNOTATIONS}
    rules = {
        k: v
        for k, v in node.items()
        if k not in _ANNOTATIONS and k != "type" and not k.startswith(("$", "x-"))
    }
    if "$ref" in node:
        return None
    low, high = rules.pop("minimum", None), rules.pop("maximum", None)
    for quoted, kind, reader, (lowest, highest) in LENIENT_READERS:
        if form != _leaf(dict(quoted), "strict") or node.get("type") != kind or rules:
            continue
        # every quoted value must meet the bounds, which the model checks after reading it
        if isinstance(low, int | float) and low > lowest:
            return None
        if isinstance(high, int | float) and high < highest:
            return None
        if (low is not None and not isinstance(low, int | float)) or (
            high is not None and not isinstance(high, int | float)
        ):
            return None
        return {**node, "customTypePath": f"{TYPES}.{reader}"}
    return None


def _is_leaf(node: JSON) -> bool:
    return not (isinstance(node, dict) and ("properties" in node or node.get("type") == "object"))


def _inline(refs: Refs, base: str, node: JSON, seen: tuple[str, ...]) -> JSON:
    """``node`` with every ``$ref`` to a leaf replaced by the leaf (its annotations kept)."""
    if not isinstance(node, dict):
        return node
    if isinstance(node.get("$id"), str):
        base = urljoin(base, str(node["$id"]))
    out: dict[str, JSON] = {}
    for key, value in node.items():
        if key in SINGLE:
            out[key] = _inline(refs, base, value, seen)
        elif key in LISTS and isinstance(value, list):
            out[key] = [_inline(refs, base, item, seen) for item in value]
        elif key in MAPS and isinstance(value, dict):
            out[key] = {name: _inline(refs, base, item, seen) for name, item in value.items()}
        else:
            out[key] = value
    ref = out.get("$ref")
    if not isinstance(ref, str):
        return out
    target_base, target = refs.lookup(base, ref)
    if not _is_leaf(target):
        return out
    where = urljoin(base, ref)
    if where in seen:
        raise NotImplementedError(f"no exact model for the recursive reference {ref!r}")
    leaf = _inline(refs, target_base, target, (*seen, where))
    assert isinstance(leaf, dict)
    siblings = {k: v for k, v in out.items() if k != "$ref"}
    clash = sorted((set(leaf) & set(siblings)) - _ANNOTATIONS)
    if clash:
        raise NotImplementedError(f"$ref {ref!r} beside {', '.join(clash)}: no exact model")
    own = {k: v for k, v in leaf.items() if k not in ("$schema", "$id", "$defs", "$anchor")}
    return {**own, **siblings}


def _scratch_schemas(catalog: Catalog, profile: Profile, folder: Path) -> dict[str, str]:
    """Write generator input into ``folder``; return module file -> canonical schema path.

    A file that holds no object (a leaf such as ``uuid``, or only leaf definitions) gives
    no module: every reference to it has been inlined.
    """
    relative = {
        uri: path.relative_to(catalog.root).as_posix() for uri, path in catalog.paths.items()
    }
    renamed = {uri: module_path(rel) for uri, rel in relative.items()}
    resources = typed_resources(catalog, profile)
    needed = {
        urldefrag(urljoin(uri, ref))[0]
        for uri in resources
        for _k, ref, _b in references(resources[uri], uri)
    }
    sources = {}
    for uri, schema in resources.items():
        if _is_leaf(schema) and uri not in needed:
            continue
        here = posixpath.dirname(renamed[uri])

        def module_ref(target: str, fragment: str, here: str = here) -> str:
            path = posixpath.relpath(renamed[target], here or ".")
            pointer = fragment_pointer(resources, target, fragment)
            return path + (f"#{pointer}" if pointer else "")

        localised = rewrite_refs(schema, uri, module_ref, drop=frozenset({"$id", "$anchor"}))
        destination = folder / renamed[uri]
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(orjson.dumps(localised, option=orjson.OPT_INDENT_2))
        sources[renamed[uri].removesuffix(".json") + ".py"] = f"schemas/{relative[uri]}"
    return sources


# -- the generator ----------------------------------------------------------------------


def _codegen_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(CODEGEN)
    except PackageNotFoundError:
        raise UsageError(
            f"generate needs {CODEGEN}=={CODEGEN_VERSION}: "
            "pip install 'alfred-event-contracts[generate]'"
        ) from None


def codegen_arguments(source: Path, output: Path, profile: Profile) -> list[str]:
    """The generator's command line for one profile."""
    arguments = [
        sys.executable, "-m", "datamodel_code_generator",
        "--input", str(source),
        "--input-file-type", "jsonschema",
        "--output", str(output),
        "--output-model-type", "pydantic_v2.BaseModel",
        "--target-python-version", "3.11",
        "--base-class", f"{TYPES}.AlfredModel",
        "--disable-timestamp",
        "--use-annotated",
        "--use-schema-description",
        "--use-field-description",
        "--enum-field-as-literal", "all",
        "--strict-types", "str", "bool",
        "--use-missing-sentinel",
        "--import-overrides", '{"MISSING": "pydantic"}',
        "--collapse-root-models",
        "--use-type-alias",  # a constrained list item: an alias, not a wrapper class
        "--use-exact-imports",
        "--strict-refs",
        "--formatters", "builtin",
        "--custom-file-header", "#",
    ]  # fmt: skip
    if profile == "lenient":  # every object is open (closed ones are forbid by themselves)
        arguments += ["--extra-fields", "allow"]
    return arguments


def _run_codegen(source: Path, output: Path, profile: Profile) -> None:
    found = _codegen_version()
    if found != CODEGEN_VERSION:
        raise UsageError(
            f"generate needs {CODEGEN}=={CODEGEN_VERSION} (found {found}), so that the "
            "output is byte-identical on every machine"
        )
    done = subprocess.run(
        codegen_arguments(source, output, profile),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
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


__all__ = [
    "CODEGEN",
    "CODEGEN_VERSION",
    "MODELS_DIR",
    "model_files",
    "module_path",
    "typed_resources",
]

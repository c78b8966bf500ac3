"""Every canonical schema is a valid 2020-12 schema that follows the project's conventions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

from alfred_contracts.refs import deref, walk
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker
from alfred_contracts.validation.loader import read_document

from conftest import SCHEMAS

ID_BASE = "https://alfred-event-contracts.github.io/schemas/"
SCHEMA_FILES = sorted(SCHEMAS.rglob("*.schema.json"))
SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


def _id(path: Path) -> str:
    return str(path.relative_to(SCHEMAS))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_id)
def test_schema_is_valid_against_the_2020_12_metaschema(path: Path) -> None:
    schema = read_document(path)
    assert jsonschema_rs.meta.is_valid(schema)
    jsonschema.Draft202012Validator.check_schema(schema)  # raises when invalid


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_id)
def test_id_follows_the_convention(path: Path) -> None:
    schema: Any = read_document(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == ID_BASE + path.relative_to(SCHEMAS).as_posix()
    assert schema.get("title")
    assert schema.get("description")


def _properties(catalog: Catalog, uri: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(schema location, property name, dereferenced property schema) for one resource."""
    resources = catalog.resources()
    found = []
    for path, node, base in walk(resources[uri], uri):
        if isinstance(node, dict) and isinstance(node.get("properties"), dict):
            for name, prop in node["properties"].items():
                _base, merged = deref(resources, base, prop)
                found.append(("/".join(path), name, merged))
    return found


def test_every_property_has_a_title_and_a_description(catalog: Catalog) -> None:
    missing = [
        f"{uri} {where}/{name}"
        for uri in catalog.resources()
        for where, name, prop in _properties(catalog, uri)
        if not (prop.get("title") and prop.get("description"))
    ]
    assert not missing


def _unless_null(node: Any) -> Any:
    """The other branch of a nullable field (``anyOf: [X, {"type": "null"}]``), else ``node``.

    A nullable id is still an id: when it is not null it must be a UUID.
    """
    branches = node.get("anyOf") if isinstance(node, dict) else None
    null = {"type": "null"}
    if isinstance(branches, list) and len(branches) == 2 and null in branches:
        return next(branch for branch in branches if branch != null)
    return node


@pytest.mark.parametrize("name", Catalog.load().names)
def test_event_schema_is_strict_as_policy_1_says(name: str, catalog: Catalog) -> None:
    event = catalog.event(name)
    assert event.path.name == f"{name}.schema.json"
    assert SEMVER.fullmatch(event.version)
    resources = catalog.resources()
    for _path, node, _base in walk(event.schema, event.id):
        if isinstance(node, dict) and "properties" in node:
            assert node.get("additionalProperties") is False, "objects are closed"
            assert sorted(node["required"]) == sorted(node["properties"]), "all required"
    root = event.schema["properties"]
    body = root["event"]["properties"]
    assert body["event_name"]["const"] == name
    assert root["event_type"]["const"] == body["event_type"]["const"]
    _b, event_time = deref(resources, event.id, root["event_time"])
    assert event_time["type"] == "number"
    for field, prop in [("event_id", root["event_id"]), *body.items()]:
        _b, merged = deref(resources, event.id, _unless_null(prop))
        if field.endswith("_id"):
            assert merged.get("format") == "uuid", field
        if field.endswith("_date"):
            assert merged.get("format") == "date-time", field


@pytest.mark.parametrize("name", Catalog.load().names)
def test_schema_examples_are_valid(name: str, catalog: Catalog, strict: Checker) -> None:
    examples = catalog.event(name).schema.get("examples")
    assert examples, "every event schema carries examples"
    for example in examples:
        assert strict.check(example).violations == ()


COMMON_WITH_EXAMPLES = [
    p
    for p in SCHEMA_FILES
    if "common" in p.parts and "examples" in read_document(p)  # type: ignore[operator]
]


def test_common_definitions_have_examples() -> None:
    assert len(COMMON_WITH_EXAMPLES) >= 3


@pytest.mark.parametrize("path", COMMON_WITH_EXAMPLES, ids=_id)
def test_common_definitions_carry_examples_that_fit_them(path: Path) -> None:
    schema: Any = read_document(path)
    validator = jsonschema_rs.validator_for(
        {k: v for k, v in schema.items() if k != "x-lenient-also"}, validate_formats=True
    )
    for example in schema["examples"]:
        assert validator.is_valid(example), example

"""The catalog in the ecosystem's formats: the AsyncAPI 3.0 and OpenAPI 3.1 documents.

Both are valid against the official specification schemas (vendored in ``tests/specs``,
no network), every reference in them resolves inside them, every event and the handshake
is a message (AsyncAPI) and a webhook (OpenAPI), and their payload schemas, read the way
those tools read them (draft 07 for AsyncAPI, 2020-12 for OpenAPI), accept and refuse
exactly what the catalog does on every case of the contract corpus.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import orjson
import pytest
from jsonschema_specifications import REGISTRY as METASCHEMAS
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7, DRAFT202012

from alfred_contracts.codegen import generate
from alfred_contracts.codegen.asyncapi import CHANNEL, asyncapi_document
from alfred_contracts.codegen.components import HANDSHAKE, HANDSHAKE_TYPE, handshake_uri
from alfred_contracts.codegen.draft07 import draft07
from alfred_contracts.codegen.openapi import receiver_document
from alfred_contracts.engines import compile_check, formats
from alfred_contracts.errors import SchemaError
from alfred_contracts.refs import resolve_pointer
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker
from contract_cases import cases, named_event

from conftest import ROOT

SPECS = ROOT / "tests" / "specs"
ASYNCAPI = ROOT / generate.ASYNCAPI
OPENAPI = ROOT / generate.RECEIVER_OPENAPI
#: the specification's ``schema-base``: the document schema, with every Schema Object
#: checked against the OpenAPI dialect (https://spec.openapis.org/oas/3.1/schema-base)
SCHEMA_BASE = {
    "$id": "https://spec.openapis.org/oas/3.1/schema-base/2022-10-07",
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$ref": "https://spec.openapis.org/oas/3.1/schema/2022-10-07",
    "properties": {"jsonSchemaDialect": {"$ref": "#/$defs/dialect"}},
    "$defs": {
        "dialect": {"const": "https://spec.openapis.org/oas/3.1/dialect/base"},
        "schema": {
            "$dynamicAnchor": "meta",
            "$ref": "https://spec.openapis.org/oas/3.1/dialect/base",
            "properties": {"$schema": {"$ref": "#/$defs/dialect"}},
        },
    },
}


def _spec(name: str) -> Any:
    return json.loads((SPECS / name).read_text("utf-8"))


@cache
def asyncapi_validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(_spec("asyncapi-3.0.0.schema.json"), registry=METASCHEMAS)


@cache
def openapi_validator() -> jsonschema.Draft202012Validator:
    parts = [
        _spec(name)
        for name in (
            "openapi-3.1.schema.json",
            "openapi-3.1.dialect-base.json",
            "openapi-3.1.meta-base.json",
        )
    ]
    resources = [(d["$id"], DRAFT202012.create_resource(d)) for d in [*parts, SCHEMA_BASE]]
    registry = METASCHEMAS.with_resources(resources)
    return jsonschema.Draft202012Validator(SCHEMA_BASE, registry=registry)


def _problems(validator: Any, document: Any) -> list[str]:
    found = []
    for error in validator.iter_errors(document):
        deepest = min(error.context or [error], key=lambda e: -len(e.absolute_path))
        found.append(f"{'/'.join(map(str, deepest.absolute_path))}: {deepest.message[:200]}")
    return found


@pytest.fixture(scope="module")
def asyncapi(catalog: Catalog) -> Any:
    return asyncapi_document(catalog)


@pytest.fixture(scope="module")
def openapi(catalog: Catalog) -> Any:
    return receiver_document(catalog)


# -- the committed files, and the specifications ------------------------------------------


def test_the_committed_documents_are_what_generate_writes(asyncapi: Any, openapi: Any) -> None:
    for path, document in ((ASYNCAPI, asyncapi), (OPENAPI, openapi)):
        written = orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"
        assert path.read_bytes() == written, (
            f"{path.name} is stale: run `alfred-contracts generate`"
        )


def test_the_vendored_specifications_are_unchanged() -> None:
    listed = re.findall(r"^([0-9a-f]{64})  (\S+)$", (SPECS / "README.md").read_text(), re.M)
    assert len(listed) == 4
    for digest, name in listed:
        assert hashlib.sha256((SPECS / name).read_bytes()).hexdigest() == digest, name


def test_the_asyncapi_document_is_valid_asyncapi_3(asyncapi: Any) -> None:
    assert asyncapi["asyncapi"] == "3.0.0"
    assert _problems(asyncapi_validator(), asyncapi) == []
    assert _problems(asyncapi_validator(), json.loads(ASYNCAPI.read_text("utf-8"))) == []


def test_the_openapi_document_is_valid_openapi_3_1(openapi: Any) -> None:
    assert openapi["openapi"].startswith("3.1.")
    assert _problems(openapi_validator(), openapi) == []
    assert _problems(openapi_validator(), json.loads(OPENAPI.read_text("utf-8"))) == []


@pytest.mark.parametrize(
    ("which", "path", "value"),
    [
        ("asyncapi", ["operations", "deliverEvent", "action"], "publish"),
        ("asyncapi", ["channels", CHANNEL, "address"], 5),
        ("asyncapi", ["components", "schemas", "uuid", "type"], "text"),
        ("openapi", ["webhooks", "job_start_event", "post", "responses"], []),
        ("openapi", ["components", "schemas", "uuid", "type"], "text"),
        ("openapi", ["components", "schemas", "uuid", "minLength"], -1),
    ],
)
def test_the_specification_checks_bite(
    asyncapi: Any, openapi: Any, which: str, path: list[str], value: Any
) -> None:
    """A broken document is refused: the validators really look, into schemas too."""
    document = copy.deepcopy(asyncapi if which == "asyncapi" else openapi)
    node = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    validator = asyncapi_validator() if which == "asyncapi" else openapi_validator()
    assert _problems(validator, document)


# -- what JSON Schema cannot say about them -----------------------------------------------


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [
            ref
            for key, value in node.items()
            if key not in ("examples", "const", "enum")
            for ref in _refs(value)
        ]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


@pytest.mark.parametrize("which", ["asyncapi", "openapi"])
def test_every_reference_resolves_inside_the_document(
    asyncapi: Any, openapi: Any, which: str
) -> None:
    document = asyncapi if which == "asyncapi" else openapi
    refs = set(_refs(document))
    assert refs
    for ref in sorted(refs):
        assert ref.startswith("#/"), ref
        resolve_pointer(document, ref[1:])  # raises when it does not resolve


def test_asyncapi_has_every_event_and_the_handshake_as_a_message(
    asyncapi: Any, catalog: Catalog
) -> None:
    messages = asyncapi["components"]["messages"]
    channel = asyncapi["channels"][CHANNEL]
    assert set(catalog.names) | {HANDSHAKE_TYPE} <= set(messages)
    assert set(channel["messages"]) == set(messages)
    for name, event in catalog.events.items():
        message = messages[name]
        assert message["payload"] == {"$ref": f"#/components/schemas/{event.title}"}
        assert message["examples"], name
    assert messages[HANDSHAKE_TYPE]["payload"] == {"$ref": f"#/components/schemas/{HANDSHAKE}"}
    deliver = asyncapi["operations"]["deliverEvent"]
    assert [m["$ref"].rsplit("/", 1)[1] for m in deliver["messages"]] == catalog.names
    for operation in asyncapi["operations"].values():  # AsyncAPI: a subset of the channel's
        for group in (operation, operation.get("reply", {})):
            for message in group.get("messages", []):
                assert message["$ref"].startswith(f"#/channels/{CHANNEL}/messages/")
                assert message["$ref"].rsplit("/", 1)[1] in channel["messages"]


def test_openapi_has_a_webhook_per_event_and_the_handshake(openapi: Any, catalog: Catalog) -> None:
    webhooks = openapi["webhooks"]
    assert list(webhooks) == [*catalog.names, HANDSHAKE_TYPE]
    for name, event in catalog.events.items():
        media = webhooks[name]["post"]["requestBody"]["content"]["application/json"]
        assert media["schema"] == {"$ref": f"#/components/schemas/{event.title}"}
        assert media["examples"], name
    ids = [hook["post"]["operationId"] for hook in webhooks.values()]
    ids.append(openapi["paths"]["/webhook"]["post"]["operationId"])
    assert len(ids) == len(set(ids))  # operationIds are unique in a document


# -- the payload schemas mean what the catalog means --------------------------------------


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())
    for name, check in formats.CHECKERS.items():
        checker.checks(name)(check)
    return checker


def _document_validators(document: Any, spec: Any, cls: Any) -> Any:
    registry = Registry().with_resource("urn:document", Resource(document, specification=spec))
    registry = registry.combine(METASCHEMAS)

    def validator(component: str) -> Any:
        schema = {"$ref": f"urn:document#/components/schemas/{component}"}
        return cls(schema, registry=registry, format_checker=_format_checker())

    return validator


@pytest.mark.parametrize("which", ["asyncapi", "openapi"])
def test_the_payload_schemas_agree_with_the_catalog(
    asyncapi: Any, openapi: Any, catalog: Catalog, which: str
) -> None:
    """AsyncAPI payloads (read as draft 07) are the strict contract; OpenAPI's (2020-12)
    the lenient one. Each case is judged against the event it names, and every
    handshake-like case against the handshake."""
    if which == "asyncapi":
        profile, validators = (
            "strict",
            _document_validators(asyncapi, DRAFT7, jsonschema.Draft7Validator),
        )
    else:
        profile, validators = (
            "lenient",
            _document_validators(openapi, DRAFT202012, jsonschema.Draft202012Validator),
        )
    checker = Checker(catalog, profile=profile)
    handshake = compile_check(catalog.resources(profile), _handshake_id(catalog))
    compiled = {name: validators(event.title) for name, event in catalog.events.items()}
    compiled[HANDSHAKE_TYPE] = validators(HANDSHAKE)
    checked, disagreements = 0, []
    for label, value in cases(catalog):
        name = named_event(value)
        if name in catalog.events:
            ours = checker.is_valid(name, value)
        elif isinstance(value, dict) and value.get("type") == HANDSHAKE_TYPE:
            name, ours = HANDSHAKE_TYPE, handshake(value)
        else:
            continue
        theirs = compiled[name].is_valid(value)
        checked += 1
        if theirs != ours:
            disagreements.append(f"{label} as {name}: document says {theirs}, catalog {ours}")
    assert not disagreements, "\n".join(disagreements[:30])
    assert checked >= 1000


def _handshake_id(catalog: Catalog) -> str:
    found = handshake_uri(catalog)
    assert found is not None
    return found


def test_every_example_in_the_documents_is_valid(
    asyncapi: Any, openapi: Any, catalog: Catalog
) -> None:
    strict, lenient = Checker(catalog), Checker(catalog, profile="lenient")
    for name in catalog.names:
        for example in asyncapi["components"]["messages"][name]["examples"]:
            assert strict.is_valid(name, example["payload"]), name
        media = openapi["webhooks"][name]["post"]["requestBody"]["content"]["application/json"]
        for example in media["examples"].values():
            assert lenient.is_valid(name, example["value"]), name
    handshake = compile_check(catalog.resources(), _handshake_id(catalog))
    for example in asyncapi["components"]["messages"][HANDSHAKE_TYPE]["examples"]:
        assert handshake(example["payload"])


# -- the draft-07 translation ---------------------------------------------------------


def test_draft07_keeps_asserting_siblings_of_a_ref() -> None:
    schema = {
        "$defs": {"id": {"type": "string"}},
        "properties": {
            "a": {"$ref": "#/$defs/id", "title": "A", "description": "kept in place"},
            "b": {"$ref": "#/$defs/id", "title": "B", "minLength": 3},
        },
        "dependentRequired": {"a": ["b"]},
    }
    assert draft07(schema) == {
        "definitions": {"id": {"type": "string"}},
        "properties": {
            "a": {"$ref": "#/definitions/id", "title": "A", "description": "kept in place"},
            "b": {"title": "B", "minLength": 3, "allOf": [{"$ref": "#/definitions/id"}]},
        },
        "dependencies": {"a": ["b"]},
    }
    assert draft07({"prefixItems": [{"type": "string"}], "items": False}) == {
        "items": [{"type": "string"}],
        "additionalItems": False,
    }


def test_draft07_refuses_what_it_cannot_express() -> None:
    with pytest.raises(SchemaError, match="unevaluatedProperties"):
        draft07({"properties": {"a": {"unevaluatedProperties": False}}})


# -- published on the site ------------------------------------------------------------


def test_the_site_publishes_the_documents_and_the_javascript_files(site: Any) -> None:
    assert (site / "contracts" / "alfred.asyncapi.json").read_bytes() == ASYNCAPI.read_bytes()
    assert (site / "contracts" / "receiver.openapi.json").read_bytes() == OPENAPI.read_bytes()
    module = ROOT / "docs" / "js" / "alfred-ajv.mjs"
    assert (site / "js" / "alfred-ajv.mjs").read_bytes() == module.read_bytes()
    for profile in ("strict", "lenient"):
        schemas = json.loads((site / "js" / f"alfred-schemas.{profile}.json").read_text("utf-8"))
        assert isinstance(schemas, list)
    guide = (site / "guides" / "javascript" / "index.html").read_text("utf-8")
    for target in ("alfred.asyncapi.json", "receiver.openapi.json", "alfred-ajv.mjs"):
        assert target in guide


# -- adding an event is a data change ----------------------------------------------------


def test_a_new_event_appears_in_both_documents(tmp_path: Path) -> None:
    """A throwaway event with a local ``$defs`` (two events defining the same local name)
    and a ``$ref`` beside an assertion: both documents take it, and stay valid."""
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    base = json.loads((ROOT / "schemas" / "job_start_event.schema.json").read_text("utf-8"))
    for name, title in (
        ("job_pause_event", "JobPauseEvent"),
        ("job_resume_event", "JobResumeEvent"),
    ):
        schema = copy.deepcopy(base)
        schema["$id"] = schema["$id"].replace("job_start_event", name)
        schema["title"] = title
        schema["examples"] = []
        inner = schema["properties"]["event"]
        inner["properties"]["event_name"]["const"] = name
        inner["properties"]["reason"] = {"$ref": "#/$defs/reason", "maxLength": 40}
        inner["required"].append("reason")
        schema["$defs"] = {"reason": {"type": "string", "minLength": 1}}
        path = tmp_path / "schemas" / f"{name}.schema.json"
        path.write_text(json.dumps(schema), "utf-8")
    catalog = Catalog.load(tmp_path / "schemas")
    asyncapi, openapi = asyncapi_document(catalog), receiver_document(catalog)
    assert _problems(asyncapi_validator(), asyncapi) == []
    assert _problems(openapi_validator(), openapi) == []
    assert "job_pause_event" in asyncapi["components"]["messages"]
    assert "job_pause_event" in openapi["webhooks"]
    reason = asyncapi["components"]["schemas"]["JobPauseEvent"]["properties"]["event"]
    assert reason["properties"]["reason"] == {
        "maxLength": 40,
        "allOf": [{"$ref": "#/components/schemas/JobPauseEvent/definitions/reason"}],
    }
    validate = _document_validators(asyncapi, DRAFT7, jsonschema.Draft7Validator)("JobPauseEvent")
    event = json.loads(
        (ROOT / "contracts" / "examples" / "job_start_event" / "compact_one_line.json").read_text()
    )
    event["event"].update(event_name="job_pause_event", reason="maintenance")
    assert validate.is_valid(event)
    for too_long_or_empty in ("x" * 41, ""):
        event["event"]["reason"] = too_long_or_empty
        assert not validate.is_valid(event)

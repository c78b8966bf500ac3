"""The receiver contract as an OpenAPI 3.1 document (``contracts/receiver.openapi.json``).

The document says the same thing twice, for two kinds of tools:

* ``paths``: one operation, ``POST /webhook``, whose request body is any Alfred event or
  the URL-verification handshake: what ``verify-consumer`` fuzzes and what a server
  framework mounts;
* ``webhooks`` (OpenAPI 3.1): one entry per event and one for the handshake, each with
  its payload and examples: what documentation and code generators list message by
  message.

Events use the **lenient** profile (a receiver must be a tolerant reader), so a fuzzer
does not punish a receiver for accepting unknown fields. Every schema is a component
(:mod:`.components`), referenced as ``#/components/schemas/...``.
"""

from __future__ import annotations

from typing import Any

from alfred_contracts._version import __version__
from alfred_contracts.codegen.components import (
    HANDSHAKE_TYPE,
    Components,
    components,
    family,
    first_sentence,
)
from alfred_contracts.resources import WEBHOOK_PATH
from alfred_contracts.schema.catalog import Catalog

__all__ = ["receiver_document"]

_REFUSED = {
    "description": "Refused: the body is not an Alfred event the receiver accepts "
    "(malformed JSON, a contract violation, wrong content type, too large)."
}
_CHALLENGE_REPLY = {
    "description": "The challenge, echoed.",
    "content": {
        "text/plain": {"schema": {"type": "string", "description": "The challenge itself."}},
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["challenge"],
                "properties": {"challenge": {"type": "string"}},
            }
        },
    },
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _examples(schema: Any, label: str) -> dict[str, Any]:
    values = schema.get("examples", []) if isinstance(schema, dict) else []
    return {
        f"example-{index}": {"summary": f"{label} (example {index})", "value": value}
        for index, value in enumerate(values, 1)
    }


def _event_webhook(name: str, component: str, schema: Any) -> dict[str, Any]:
    description = str(schema.get("description", ""))
    media: dict[str, Any] = {"schema": _ref(component)}
    examples = _examples(schema, component)
    if examples:
        media["examples"] = examples
    return {
        "post": {
            "operationId": f"receive{component}",
            "summary": f"{component} (event_name {name})",
            "description": description,
            "tags": [f"{family(schema)} events"],
            "requestBody": {"required": True, "content": {"application/json": media}},
            "responses": {
                "2XX": {"description": "Accepted (a redelivery with the same event_id too)."},
                "4XX": {"description": "Refused: the body breaks the event's lenient schema."},
            },
        }
    }


def _webhooks(parts: Components) -> dict[str, Any]:
    hooks = {
        name: _event_webhook(name, component, parts.schemas[component])
        for name, component in parts.events.items()
    }
    handshake = parts.schemas[parts.handshake]
    media: dict[str, Any] = {"schema": _ref(parts.handshake)}
    examples = _examples(handshake, parts.handshake)
    if examples:
        media["examples"] = examples
    hooks[HANDSHAKE_TYPE] = {
        "post": {
            "operationId": f"receive{parts.handshake}",
            "summary": "The URL-verification handshake",
            "description": str(handshake.get("description", "")),
            "tags": ["handshake"],
            "requestBody": {"required": True, "content": {"application/json": media}},
            "responses": {"200": _CHALLENGE_REPLY},
        }
    }
    return hooks


def _tags(parts: Components) -> list[dict[str, str]]:
    families = sorted({family(parts.schemas[c]) for c in parts.events.values()})
    tags = [
        {"name": f"{word} events", "description": f"Events of the {word}_event_type family."}
        for word in families
    ]
    summary = first_sentence(str(parts.schemas[parts.handshake].get("description", "")))
    return [*tags, {"name": "handshake", "description": summary}]


def receiver_document(catalog: Catalog) -> dict[str, Any]:
    """The OpenAPI 3.1 description of an Alfred webhook receiver."""
    parts = components(catalog, "lenient")
    body_schema = {
        "anyOf": [_ref(component) for component in parts.events.values()] + [_ref(parts.handshake)]
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Alfred webhook receiver",
            "version": __version__,
            "description": "What an Alfred webhook receiver must accept and refuse. DO NOT "
            "EDIT: written by `alfred-contracts generate` from schemas/.",
        },
        "x-generated-by": "alfred-contracts generate",
        "tags": _tags(parts),
        "paths": {
            WEBHOOK_PATH: {
                "post": {
                    "operationId": "receiveAlfredEvent",
                    "summary": "Receive one Alfred event (or the URL-verification handshake)",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": body_schema}},
                    },
                    "responses": {
                        "200": {
                            "description": "Accepted (for the handshake: the challenge, as "
                            'plain text or as {"challenge": ...}).'
                        },
                        "2XX": {"description": "Accepted."},
                        "400": _REFUSED,
                        "413": _REFUSED,
                        "415": _REFUSED,
                        "422": _REFUSED,
                    },
                }
            }
        },
        "webhooks": _webhooks(parts),
        "components": {"schemas": parts.schemas},
    }

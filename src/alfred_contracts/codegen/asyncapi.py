"""The catalog as an AsyncAPI 3.0 document (``contracts/alfred.asyncapi.json``).

The application it describes is Alfred: it *sends* on one channel, the webhook URL a
customer registers, over HTTPS. Two operations use that channel:

* ``deliverEvent``: one POST per event, any message of the catalog;
* ``verifyUrl``: the URL-verification handshake, whose reply (the challenge, as plain
  text or as ``{"challenge": ...}``) is modelled with AsyncAPI's request/reply.

Every message carries its payload schema and the schema's examples. Payloads are the
**strict** profile (the contract Alfred is held to; a tolerant receiver reads with the
lenient one, which the OpenAPI document and the bundled lenient schemas describe). An
AsyncAPI Schema Object is a superset of JSON Schema draft 07, so the catalog's 2020-12
schemas are translated exactly (:mod:`.draft07`); a test proves that the translated
payloads accept and refuse exactly what the catalog does.
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
from alfred_contracts.codegen.draft07 import draft07
from alfred_contracts.resources import WEBHOOK_PATH
from alfred_contracts.schema.catalog import Catalog

__all__ = ["CHANNEL", "asyncapi_document"]

CHANNEL = "webhook"
_REPLY_JSON = f"{HANDSHAKE_TYPE}_reply"
_REPLY_TEXT = f"{HANDSHAKE_TYPE}_reply_text"
_HTTP = "0.3.0"  # the AsyncAPI HTTP bindings version
_OWN_EXAMPLE = {
    "token": "c3VwcG9ydHMtb3BhcXVlLXRva2Vu",
    "challenge": "Q2hhbGxlbmdlLXZhbHVlLXRvLWVjaG8tYmFjaw",
    "type": HANDSHAKE_TYPE,
}


def _ref(pointer: str) -> dict[str, str]:
    return {"$ref": pointer}


def _examples(schema: Any, name: str) -> list[dict[str, Any]]:
    values = schema.get("examples", []) if isinstance(schema, dict) else []
    return [
        {"name": f"{name}_{index}", "summary": f"A valid {name} payload", "payload": value}
        for index, value in enumerate(values, 1)
    ]


def _event_message(name: str, component: str, schema: Any) -> dict[str, Any]:
    description = str(schema.get("description", ""))
    return {
        "name": name,
        "title": component,
        "summary": first_sentence(description),
        "description": description,
        "contentType": "application/json",
        "payload": _ref(f"#/components/schemas/{component}"),
        "correlationId": {
            "description": "event_id names the event; a redelivery carries the same id.",
            "location": "$message.payload#/event_id",
        },
        "tags": [{"name": f"{family(schema)} events"}],
        "examples": _examples(schema, name),
    }


def _handshake_messages(parts: Components) -> dict[str, Any]:
    schema = parts.schemas[parts.handshake]
    examples = _examples(schema, HANDSHAKE_TYPE) or [
        {"name": HANDSHAKE_TYPE, "summary": "A handshake", "payload": _OWN_EXAMPLE}
    ]
    first = examples[0]["payload"]
    challenge = first.get("challenge") if isinstance(first, dict) else None
    challenge = challenge if isinstance(challenge, str) else _OWN_EXAMPLE["challenge"]
    reply_binding = {"http": {"statusCode": 200, "bindingVersion": _HTTP}}
    return {
        HANDSHAKE_TYPE: {
            "name": HANDSHAKE_TYPE,
            "title": "URL verification handshake",
            "summary": "Alfred checks a newly registered URL before it sends any event.",
            "description": str(schema.get("description", "")),
            "contentType": "application/json",
            "payload": _ref(f"#/components/schemas/{parts.handshake}"),
            "tags": [{"name": "handshake"}],
            "examples": examples,
        },
        _REPLY_JSON: {
            "name": _REPLY_JSON,
            "title": "Handshake answer (JSON)",
            "summary": "The receiver's 200 answer: the challenge in a JSON object.",
            "contentType": "application/json",
            "payload": {
                "type": "object",
                "required": ["challenge"],
                "properties": {
                    "challenge": {"type": "string", "description": "The challenge, unchanged."}
                },
            },
            "bindings": reply_binding,
            "tags": [{"name": "handshake"}],
            "examples": [{"name": _REPLY_JSON, "payload": {"challenge": challenge}}],
        },
        _REPLY_TEXT: {
            "name": _REPLY_TEXT,
            "title": "Handshake answer (plain text)",
            "summary": "The receiver's 200 answer: the challenge as the whole body.",
            "contentType": "text/plain",
            "payload": {"type": "string", "description": "The challenge, unchanged."},
            "bindings": reply_binding,
            "tags": [{"name": "handshake"}],
            "examples": [{"name": _REPLY_TEXT, "payload": challenge}],
        },
    }


def _operations(parts: Components) -> dict[str, Any]:
    channel = _ref(f"#/channels/{CHANNEL}")
    post = {"http": {"method": "POST", "bindingVersion": _HTTP}}

    def messages(*names: str) -> list[dict[str, str]]:
        return [_ref(f"#/channels/{CHANNEL}/messages/{name}") for name in names]

    return {
        "deliverEvent": {
            "action": "send",
            "channel": channel,
            "title": "Deliver an event",
            "summary": "Alfred POSTs one event per request to the registered URL.",
            "description": "The receiver answers 2xx to accept (a redelivery too: "
            "de-duplicate by event_id), 4xx to refuse a body that breaks the contract, and "
            "never 5xx. Alfred signs nothing and documents no retries and no ordering.",
            "messages": messages(*parts.events),
            "bindings": post,
        },
        "verifyUrl": {
            "action": "send",
            "channel": channel,
            "title": "Verify the URL",
            "summary": "Before any event, Alfred checks the URL with a challenge to echo.",
            "messages": messages(HANDSHAKE_TYPE),
            "reply": {"channel": channel, "messages": messages(_REPLY_JSON, _REPLY_TEXT)},
            "bindings": post,
        },
    }


def _tags(parts: Components) -> list[dict[str, str]]:
    families = sorted({family(parts.schemas[c]) for c in parts.events.values()})
    return [
        *(
            {"name": f"{word} events", "description": f"Events of the {word}_event_type family."}
            for word in families
        ),
        {"name": "handshake", "description": "The URL-verification handshake and its answers."},
    ]


def asyncapi_document(catalog: Catalog) -> dict[str, Any]:
    """The AsyncAPI 3.0 description of everything Alfred sends to a webhook."""
    parts = components(catalog, "strict")
    messages: dict[str, Any] = {
        name: _event_message(name, component, parts.schemas[component])
        for name, component in parts.events.items()
    }
    messages.update(_handshake_messages(parts))
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Alfred Event API",
            "version": __version__,
            "description": "Every webhook event Alfred (Tagshelf) sends, with the "
            "URL-verification handshake. Payloads are the strict contract. DO NOT EDIT: "
            "written by `alfred-contracts generate` from schemas/.",
            "tags": _tags(parts),
            "x-generated-by": "alfred-contracts generate",
        },
        "defaultContentType": "application/json",
        "servers": {
            "receiver": {
                "host": "{receiver}",
                "protocol": "https",
                "title": "Your webhook receiver",
                "description": "The host of the URL registered with Alfred; it must serve "
                "HTTPS with a valid certificate.",
                "variables": {
                    "receiver": {
                        "description": "Host (and port) of the registered URL.",
                        "examples": ["hooks.example.com"],
                    }
                },
            }
        },
        "channels": {
            CHANNEL: {
                "address": WEBHOOK_PATH,
                "title": "The registered webhook URL",
                "description": "The path of the URL registered with Alfred (the reference "
                f"receiver serves {WEBHOOK_PATH}). Every message arrives here as a POST.",
                "servers": [_ref("#/servers/receiver")],
                "messages": {name: _ref(f"#/components/messages/{name}") for name in messages},
            }
        },
        "operations": _operations(parts),
        "components": {
            "schemas": {name: draft07(schema) for name, schema in parts.schemas.items()},
            "messages": messages,
        },
    }

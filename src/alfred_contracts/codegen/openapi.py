"""The receiver contract as an OpenAPI 3.1 document (``contracts/receiver.openapi.json``).

A receiver is described as one operation, ``POST /webhook``, whose request body is any
Alfred event or the URL-verification handshake. Events use the **lenient** profile (a
receiver must be a tolerant reader), so a fuzzer does not punish a receiver for accepting
unknown fields. Each event's bundled schema becomes a component; its embedded ``$defs``
(the shared definitions) become components of their own, referenced as
``#/components/schemas/...``.
"""

from __future__ import annotations

from typing import Any

from alfred_contracts._version import __version__
from alfred_contracts.refs import rewrite_refs
from alfred_contracts.resources import WEBHOOK_PATH
from alfred_contracts.schema.bundle import bundle
from alfred_contracts.schema.catalog import Catalog

HANDSHAKE = "UrlVerification"

_BASE = "urn:alfred:bundle"


def _rewrite(node: Any) -> Any:
    """A bundle's ``#/$defs/...`` references, pointed at ``#/components/schemas/...``."""

    def component(_target: str, fragment: str) -> str:
        return "#/components/schemas/" + fragment.removeprefix("/$defs/")

    return rewrite_refs(node, _BASE, component)


def handshake_schema() -> dict[str, Any]:
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
            "type": {"const": "url_verification"},
        },
    }


def receiver_document(catalog: Catalog) -> dict[str, Any]:
    """The OpenAPI 3.1 description of an Alfred webhook receiver."""
    components: dict[str, Any] = {}
    events = []
    for name, event in catalog.events.items():
        bundled = bundle(catalog, name, "lenient")
        for def_name, definition in bundled.pop("$defs", {}).items():
            rewritten = _rewrite(definition)
            if components.setdefault(def_name, rewritten) != rewritten:
                raise ValueError(f"two different shared definitions are named {def_name!r}")
        for key in ("$schema", "$id"):
            bundled.pop(key, None)
        components[event.title] = _rewrite(bundled)
        events.append(event.title)
    components[HANDSHAKE] = handshake_schema()
    body_schema = {
        "anyOf": [{"$ref": f"#/components/schemas/{title}"} for title in events]
        + [{"$ref": f"#/components/schemas/{HANDSHAKE}"}]
    }
    refused = {
        "description": "Refused: the body is not an Alfred event the receiver accepts "
        "(malformed JSON, a contract violation, wrong content type, too large)."
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
                        "400": refused,
                        "413": refused,
                        "415": refused,
                        "422": refused,
                    },
                }
            }
        },
        "components": {"schemas": dict(sorted(components.items()))},
    }

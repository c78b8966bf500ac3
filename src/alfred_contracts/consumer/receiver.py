"""The reference receiver: what a correct Alfred webhook endpoint does (Starlette).

For every POST to its webhook path it:

1. refuses bodies over the size limit (413, after reading and discarding the rest) and
   anything that is not ``application/json`` (415);
2. parses with the toolkit's strict JSON rules (malformed JSON, NaN, duplicate keys,
   invalid UTF-8: 400);
3. answers the URL-verification handshake with ``{"challenge": ...}`` (200);
4. acknowledges an event whose name it does not know with 202 and ignores it (Alfred may
   add events);
5. validates with the **lenient** profile (a tolerant reader): a violation is 422 with
   the violations in the body;
6. de-duplicates by ``event_id``: a redelivery is acknowledged (200, ``duplicate``), not
   processed twice;
7. stores every delivery, accepted or refused, with its verdict and raw body, in SQLite.

Nothing a client sends can make it answer 5xx. ``GET /deliveries`` lists what it stored;
``GET /health`` says it is up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from alfred_contracts.consumer.store import Delivery, Store
from alfred_contracts.parsing import ParseFailure, parse
from alfred_contracts.resources import WEBHOOK_PATH
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker

MAX_BODY = 1024 * 1024

OnDelivery = Callable[[Delivery, str], None]


def create_app(
    store: Store | None = None,
    *,
    path: str = WEBHOOK_PATH,
    max_body: int = MAX_BODY,
    catalog: Catalog | None = None,
    on_delivery: OnDelivery | None = None,
) -> Starlette:
    """The reference receiver as an ASGI application."""
    store = store if store is not None else Store()
    checker = Checker(catalog or Catalog.load(), profile="lenient")

    def finish(delivery: Delivery, payload: dict[str, Any], summary: str) -> Response:
        store.record(delivery)
        if on_delivery is not None:
            on_delivery(delivery, summary)
        return JSONResponse(payload, status_code=delivery.status)

    async def webhook(request: Request) -> Response:
        content_type = request.headers.get("content-type")
        body = bytearray()
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size <= max_body:
                body.extend(chunk)
        raw = bytes(body)

        def refuse(
            status: int, why: str, violations: list[dict[str, Any]] | None = None
        ) -> Response:
            delivery = Delivery(
                status, "refused", raw, size, content_type, violations=json.dumps(violations or [])
            )
            return finish(
                delivery, {"status": "refused", "reason": why, "violations": violations or []}, why
            )

        if size > max_body:
            return refuse(413, f"body of {size} bytes is over the {max_body}-byte limit")
        media = (content_type or "").split(";")[0].strip().lower()
        if media != "application/json":
            return refuse(415, f"content type {content_type!r} is not application/json")
        value = parse(raw)
        if isinstance(value, ParseFailure):
            return refuse(400, "not valid JSON: " + value.problems[0][2])
        if isinstance(value, dict) and value.get("type") == "url_verification":
            challenge = value.get("challenge")
            if not isinstance(challenge, str):
                return refuse(400, "a url_verification request without a challenge")
            delivery = Delivery(200, "handshake", raw, size, content_type)
            return finish(delivery, {"challenge": challenge}, f"challenge {challenge[:20]}")
        result = checker.check(value)
        event = value.get("event") if isinstance(value, dict) else None
        name = event.get("event_name") if isinstance(event, dict) else None
        if result.violations:
            if (
                result.event is None
                and isinstance(name, str)
                and all(v.keyword == "event_name" for v in result.violations)
            ):
                delivery = Delivery(202, "ignored", raw, size, content_type, event_name=name)
                return finish(
                    delivery,
                    {"status": "ignored", "reason": f"unknown event {name!r}"},
                    f"unknown event {name}",
                )
            found = [v.as_dict() for v in result.violations]
            first = result.violations[0]
            return refuse(422, f"{first.instance_path or '/'}: {first.message}", found)
        assert isinstance(value, dict)
        assert result.event is not None
        event_id = str(value.get("event_id")).lower()  # one UUID, whatever its case
        first_time = store.first_delivery(event_id, result.event)
        verdict = "accepted" if first_time else "duplicate"
        delivery = Delivery(200, verdict, raw, size, content_type, result.event, event_id)
        return finish(
            delivery, {"status": verdict, "event_id": event_id}, f"{result.event} {event_id}"
        )

    async def deliveries(request: Request) -> Response:
        try:
            limit = max(1, min(1000, int(request.query_params.get("limit", "100"))))
        except ValueError:
            limit = 100
        return JSONResponse({"counts": store.counts(), "deliveries": store.deliveries(limit)})

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    app = Starlette(
        routes=[
            Route(path, webhook, methods=["POST"]),
            Route("/deliveries", deliveries, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ],
    )
    app.state.store = store
    return app

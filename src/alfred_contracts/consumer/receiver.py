"""The reference receiver: what a correct Alfred webhook endpoint does (Starlette).

For every POST to its webhook path (with or without a trailing slash) it:

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
7. stores every delivery, accepted or refused, with its verdict and raw body, in SQLite,
   in one transaction with the de-duplication, and answers only once that is committed.

Nothing a client sends can make it answer 5xx; only a store that cannot write answers
503 (nothing was stored: the sender retries). ``GET /deliveries`` streams what it stored,
newest first, a page at a time (``?limit=N``, at most 1000; ``?before=ID`` for older
ones; bodies over 64 KiB shown cut, ``body_truncated`` says so); ``GET /health`` says it
is up. No answer is ever a redirect.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from alfred_contracts.consumer.store import PAGE_ROWS, Delivery, Store
from alfred_contracts.escaping import one_line
from alfred_contracts.parsing import ParseFailure, parse
from alfred_contracts.resources import WEBHOOK_PATH
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.validation.checker import Checker

__all__ = ["MAX_BODY", "MAX_LIMIT", "OnDelivery", "create_app"]

MAX_BODY = 1024 * 1024
#: ``GET /deliveries?limit=N`` lists at most this many
MAX_LIMIT = 1000

OnDelivery = Callable[[Delivery, str], None]

logger = logging.getLogger(__name__)


def _number(text: str | None, default: int | None, low: int, high: int) -> int | None:
    try:
        return max(low, min(high, int(text))) if text is not None else default
    except ValueError:
        return default


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

    async def finish(delivery: Delivery, payload: dict[str, Any], summary: str) -> Response:
        try:
            stored = await store.save(delivery)
        except sqlite3.Error as error:
            logger.warning("delivery not stored, answered 503: %s", error)
            return JSONResponse(
                {"status": "unavailable", "reason": "the delivery could not be stored"},
                status_code=503,
                headers={"retry-after": "1"},
            )
        if stored.verdict != delivery.verdict:  # the store found a redelivery
            payload = {**payload, "status": stored.verdict}
        if on_delivery is not None:
            on_delivery(stored, summary)
        return JSONResponse(payload, status_code=stored.status)

    async def webhook(request: Request) -> Response:
        content_type = request.headers.get("content-type")
        body = bytearray()
        size = 0
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size <= max_body:
                    body.extend(chunk)
        except ClientDisconnect:  # gone, or cut by a deadline: nothing to store or answer
            logger.info(
                "%s: the request ended after %d bytes of its body (the client went away or "
                "was too slow); not stored",
                _peer(request),
                size,
            )
            return Response(status_code=400)
        raw = bytes(body)

        async def refuse(
            status: int, why: str, violations: list[dict[str, Any]] | None = None
        ) -> Response:
            delivery = Delivery(
                status, "refused", raw, size, content_type, violations=json.dumps(violations or [])
            )
            answer = {"status": "refused", "reason": why, "violations": violations or []}
            return await finish(delivery, answer, why)

        if size > max_body:
            return await refuse(413, f"body of {size} bytes is over the {max_body}-byte limit")
        media = (content_type or "").split(";")[0].strip().lower()
        if media != "application/json":
            return await refuse(415, f"content type {content_type!r} is not application/json")
        value = parse(raw)
        if isinstance(value, ParseFailure):
            return await refuse(400, "not valid JSON: " + value.problems[0][2])
        if isinstance(value, dict) and value.get("type") == "url_verification":
            challenge, token = value.get("challenge"), value.get("token")
            if not (isinstance(challenge, str) and challenge and isinstance(token, str)):
                return await refuse(
                    400, "a url_verification request needs a non-empty challenge and a token"
                )
            delivery = Delivery(200, "handshake", raw, size, content_type)
            return await finish(delivery, {"challenge": challenge}, f"challenge {challenge[:20]}")
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
                answer = {"status": "ignored", "reason": f"unknown event {name!r}"}
                return await finish(delivery, answer, f"unknown event {name}")
            found = [v.as_dict() for v in result.violations]
            first = result.violations[0]
            return await refuse(422, f"{first.instance_path or '/'}: {first.message}", found)
        assert isinstance(value, dict)
        assert result.event is not None
        event_id = str(value.get("event_id")).lower()  # one UUID, whatever its case
        # "accepted" unless the store, in the same transaction, finds the id seen before
        delivery = Delivery(200, "accepted", raw, size, content_type, result.event, event_id)
        answer = {"status": "accepted", "event_id": event_id}
        return await finish(delivery, answer, f"{result.event} {event_id}")

    async def deliveries(request: Request) -> Response:
        limit = _number(request.query_params.get("limit"), 100, 1, MAX_LIMIT) or 100
        before = _number(request.query_params.get("before"), None, 0, 2**62)
        counts = await store.count()
        return StreamingResponse(
            _listing(store, counts, limit, before), media_type="application/json"
        )

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    hook = path.rstrip("/") or "/"
    routes = [Route(hook, webhook, methods=["POST"])]
    if hook != "/":
        routes.append(Route(hook + "/", webhook, methods=["POST"]))
    app = Starlette(
        routes=[
            *routes,
            Route("/deliveries", deliveries, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ],
    )
    app.router.redirect_slashes = False  # a redirect would be built from the Host header
    app.state.store = store
    return app


async def _listing(
    store: Store, counts: dict[str, int], limit: int, before: int | None
) -> AsyncIterator[bytes]:
    """``{"counts": ..., "deliveries": [...], "next": ...}``, one page of rows at a time."""
    yield b'{"counts":' + orjson.dumps(counts) + b',"deliveries":['
    left, separator, last = limit, b"", before
    while left > 0:
        want = min(left, PAGE_ROWS)
        rows = await store.page(last, want)
        if rows:
            yield separator + b",".join(orjson.dumps(row) for row in rows)
            separator, last = b",", rows[-1]["id"]
        left -= len(rows)
        if len(rows) < want:
            break
    more = left == 0 and last is not None and await store.older_exists(last)
    following = f"/deliveries?before={last}&limit={limit}" if more else None
    yield b'],"next":' + orjson.dumps(following) + b"}"


def _peer(request: Request) -> str:
    client = request.client
    where = f"{client.host}:{client.port}" if client else "a client"
    return one_line(f"{where} {request.method} {request.scope.get('path', '')}")

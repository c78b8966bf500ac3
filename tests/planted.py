"""Receivers with one planted bug each: the reference receiver plus a realistic mistake.

Each bug is written the way a hurried integrator would write it; an exception becomes a
500 answer, exactly as behind a real server.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from alfred_contracts import validate
from alfred_contracts.consumer.receiver import create_app

Handler = Callable[[bytes, dict[str, Any]], Response | None]


def _event(value: dict[str, Any]) -> dict[str, Any]:
    event = value.get("event")
    return event if isinstance(event, dict) else {}


def _non_ascii_names(body: bytes, value: dict[str, Any]) -> Response | None:
    name = _event(value).get("company_name")
    if isinstance(name, str):
        name.encode("ascii")  # UnicodeEncodeError for "Müller & Søn"
    return None


def _integer_event_time(body: bytes, value: dict[str, Any]) -> Response | None:
    when = value.get("event_time")
    if isinstance(when, int) and not isinstance(when, bool):
        raise TypeError("expected a float timestamp")
    return None


def _accept_anything(body: bytes, value: dict[str, Any]) -> Response | None:
    return JSONResponse({"status": "ok"})  # no validation at all


def _wrong_handshake(body: bytes, value: dict[str, Any]) -> Response | None:
    if value.get("type") == "url_verification":
        return PlainTextResponse("ok")  # forgets to echo the challenge
    return None


def _refuse_unknown_fields(body: bytes, value: dict[str, Any]) -> Response | None:
    if "event" in value and validate(body):  # the strict contract: not a tolerant reader
        return JSONResponse({"status": "refused"}, status_code=422)
    return None


def _chokes_on_offsets(body: bytes, value: dict[str, Any]) -> Response | None:
    for field in ("creation_date", "update_date"):
        text = _event(value).get(field)
        if isinstance(text, str) and len(text) > 19:  # "2023-05-26T23:20:00Z", fraction or not
            dt.datetime.strptime(text[:19] + text[-1], "%Y-%m-%dT%H:%M:%SZ")
    return None


def _nan(body: bytes, value: dict[str, Any]) -> Response | None:
    json.dumps(value, allow_nan=False)  # ValueError for NaN, as a typed model would fail
    return None


BUGS: dict[str, Handler] = {
    "500 on non-ASCII names": _non_ascii_names,
    "500 on an integer event_time": _integer_event_time,
    "accepts anything": _accept_anything,
    "wrong handshake": _wrong_handshake,
    "refuses unknown fields": _refuse_unknown_fields,
    "chokes on a +02:00 offset": _chokes_on_offsets,
    "500 on NaN": _nan,  # a body Alfred never sends, but a 5xx is a crash all the same
}


def planted(bug: str) -> Any:
    """The reference receiver with ``bug`` in front of it."""
    reference = create_app()
    handler = BUGS[bug]

    async def app(scope: dict[str, Any], receive: Callable[[], Awaitable[Any]], send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await reference(scope, receive, send)
            return
        request = Request(scope, receive)
        body = await request.body()
        try:
            value = json.loads(body)
        except ValueError:
            value = None
        response: Response | None = None
        if isinstance(value, dict):
            try:
                response = handler(body, value)
            except Exception:
                response = PlainTextResponse("Internal Server Error", status_code=500)
            if bug == "accepts anything" and value.get("type") == "url_verification":
                response = None
        elif bug == "accepts anything":
            response = JSONResponse({"status": "ok"})
        if response is not None:
            await response(scope, receive, send)
            return
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await reference(scope, replay, send)

    return app

"""In-process clients: how an ASGI app's lifespan is run, like uvicorn's lifespan="auto"."""

from __future__ import annotations

from typing import Any

import pytest

from alfred_contracts.consumer import clients
from alfred_contracts.consumer.probes import Request
from alfred_contracts.errors import AlfredContractsError


async def _answer(send: Any, status: int) -> None:
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def test_the_lifespan_starts_before_the_first_request_and_ends_on_close() -> None:
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                seen.append(message["type"])
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await receive()
        seen.append("request")
        await _answer(send, 200)

    client = clients.for_app(app, kind="asgi")
    assert client.send(Request(b"{}")).status == 200
    client.close()
    assert seen == ["lifespan.startup", "request", "lifespan.shutdown"]


def test_an_app_that_does_not_speak_lifespan_runs_without_it() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        assert scope["type"] == "http"  # the usual hand-written app
        await receive()
        await _answer(send, 204)

    client = clients.for_app(app, kind="asgi")
    try:
        assert client.send(Request(b"{}")).status == 204
    finally:
        client.close()


def test_an_app_whose_startup_fails_is_one_error_not_a_silent_retry() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await receive()
            await send({"type": "lifespan.startup.failed", "message": "no database"})
            raise RuntimeError("no database")
        await _answer(send, 200)

    with pytest.raises(AlfredContractsError, match="the application failed to start"):
        clients.for_app(app, kind="asgi")


def test_an_exception_in_a_request_is_a_500() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        raise ValueError("boom")

    client = clients.for_app(app, kind="asgi")
    try:
        assert client.send(Request(b"{}")).status == 500
    finally:
        client.close()

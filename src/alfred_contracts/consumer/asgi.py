"""Call an ASGI application synchronously, in-process, through httpx (no socket).

httpx's ``ASGITransport`` is async only; this transport runs it, and the application's
lifespan (startup and shutdown), on an event loop in a background thread (an anyio
blocking portal). An exception inside the application becomes a 500 answer, as it would
behind a real server.
"""

from __future__ import annotations

import contextlib
from typing import Any

import anyio
import anyio.from_thread
import httpx


class SyncASGITransport(httpx.BaseTransport):
    def __init__(self, app: Any) -> None:
        self.app = app
        self._stack = contextlib.ExitStack()
        self.portal = self._stack.enter_context(anyio.from_thread.start_blocking_portal())
        self.transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self._startup()

    def _startup(self) -> None:
        send_to_app, receive_from_us = anyio.create_memory_object_stream[dict[str, Any]](4)
        send_to_us, receive_from_app = anyio.create_memory_object_stream[dict[str, Any]](4)
        self._to_app, self._from_app = send_to_app, receive_from_app

        async def lifespan() -> None:
            scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
            with contextlib.suppress(Exception):  # apps without lifespan support may raise
                await self.app(scope, receive_from_us.receive, send_to_us.send)
            await send_to_us.send({"type": "lifespan.unsupported"})

        self.portal.start_task_soon(lifespan)
        self.portal.call(send_to_app.send, {"type": "lifespan.startup"})
        answer = self.portal.call(receive_from_app.receive)
        self.supports_lifespan = answer["type"] == "lifespan.startup.complete"
        if answer["type"] == "lifespan.startup.failed":
            raise RuntimeError(f"the application failed to start: {answer.get('message', '')}")

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()

        async def call() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            forwarded = httpx.Request(
                request.method, request.url, headers=request.headers, content=content
            )
            response = await self.transport.handle_async_request(forwarded)
            body = await response.aread()
            return response.status_code, response.headers.raw, body

        status, headers, body = self.portal.call(call)
        return httpx.Response(status, headers=headers, content=body, request=request)

    def close(self) -> None:
        if self.supports_lifespan:
            with contextlib.suppress(Exception):
                self.portal.call(self._to_app.send, {"type": "lifespan.shutdown"})
                self.portal.call(self._from_app.receive)
        self._stack.close()

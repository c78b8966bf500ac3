"""Serving the reference receiver: uvicorn (h11), with the limits a public endpoint needs.

uvicorn bounds a request's header size (h11: 16 KiB) and closes a keep-alive connection
after an idle spell, but it waits for ever on a client that trickles its headers or its
body, or that never reads the answer. :class:`Limits` adds the missing deadlines, each
measured from the start of its phase (sending more bytes slowly cannot extend it):

* ``idle``: a connection with no request under way (a new one included) is closed;
* ``headers``: from a request's first byte to the end of its headers, else ``408``;
* ``body``: from the end of the headers to the end of the body, else ``408``;
* ``send``: an answer the client stops reading is cut;
* ``max_connections``: a request arriving while that many connections are open is
  answered ``503`` (uvicorn's ``limit_concurrency``): memory stays bounded by about
  ``max_connections`` request bodies.

A client that goes away, or is cut by a deadline, is at most one log line.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["Limits", "serve"]

logger = logging.getLogger("alfred_contracts.consumer.serve")

TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


@dataclass(frozen=True)
class Limits:
    """How long a client may take, and how many connections are served at once."""

    timeout: float = 10.0  #: seconds for a request's headers, and again for its body
    idle: float = 5.0  #: seconds a connection may wait with no request under way
    send: float = 30.0  #: seconds an answer may wait for the client to read it
    max_connections: int = 100
    shutdown: float = 10.0  #: seconds a graceful stop waits for requests in flight


class _Guarded(H11Protocol):
    """uvicorn's h11 protocol with the idle, header, body and send deadlines."""

    limits = Limits()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        # asyncio sets TCP_NODELAY only when the listening socket says IPPROTO_TCP, which
        # socket.create_server's does not: without it, each answer waits ~40 ms (Nagle
        # meeting delayed ACKs)
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._phase = ""
        self._timer: asyncio.TimerHandle | None = None
        self._send_timer: asyncio.TimerHandle | None = None
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        if self._send_timer is not None:
            self._send_timer.cancel()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch()

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._send_timer is None:
            self._send_timer = self.loop.call_later(self.limits.send, self._unread)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self._send_timer is not None:
            self._send_timer.cancel()
            self._send_timer = None

    def _watch(self) -> None:
        """Arm the deadline of the phase the connection is in, when that phase changes."""
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            phase, seconds = "body", self.limits.timeout
        elif state is h11.IDLE and self.conn.trailing_data[0]:
            phase, seconds = "headers", self.limits.timeout
        elif state is h11.IDLE and (self.cycle is None or self.cycle.response_complete):
            phase, seconds = "idle", self.limits.idle
        else:  # the request is in; the answer is the application's business
            phase, seconds = "app", 0.0
        if phase != self._phase:
            self._phase = phase
            self._cancel()
            if seconds:
                self._timer = self.loop.call_later(seconds, self._expire)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        answered = self._phase == "body" and self.cycle is not None and self.cycle.response_complete
        if self._phase == "idle" or answered:  # nothing to say, or already said
            self.transport.abort()
            return
        if self._phase == "headers":
            logger.info(
                "%s: request headers not complete within %g s; answered 408",
                _peer(self.client),
                self.limits.timeout,
            )
        # "body": the receiver reading it sees the connection end and logs that one line
        self.transport.write(TIMEOUT)
        self.transport.close()
        self.loop.call_later(1.0, self.transport.abort)

    def _unread(self) -> None:
        self._send_timer = None
        logger.info("%s: answer not read within %g s; cut", _peer(self.client), self.limits.send)
        self.transport.abort()


def _peer(client: tuple[str, int] | None) -> str:
    return f"{client[0]}:{client[1]}" if client else "a client"


class _Server(uvicorn.Server):
    """uvicorn's server, running ``stopped`` once it has shut down (before a signal that
    stopped it is raised again)."""

    def __init__(self, config: uvicorn.Config, stopped: Callable[[], None]) -> None:
        super().__init__(config)
        self.stopped = stopped

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().shutdown(sockets)
        finally:
            self.stopped()


def serve(
    app: Any,
    sock: socket.socket,
    *,
    limits: Limits = Limits(),
    stopped: Callable[[], None] = lambda: None,
) -> bool:
    """Serve ``app`` on the listening ``sock`` until a signal stops it; True if it ran.

    ``stopped`` runs after the server has shut down, also when a SIGTERM ends the process
    right after (uvicorn raises the signal again once it has stopped).
    """
    protocol = type("GuardedH11Protocol", (_Guarded,), {"limits": limits})
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        lifespan="off",
        log_config=None,
        log_level="warning",
        access_log=False,
        limit_concurrency=limits.max_connections,
        timeout_keep_alive=max(1, round(limits.idle)),
        timeout_graceful_shutdown=max(1, round(limits.shutdown)),
    )
    server = _Server(config, stopped)
    server.run(sockets=[sock])
    return bool(server.started)

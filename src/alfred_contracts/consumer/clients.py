"""How probes reach a receiver: over HTTP to a URL, or in-process to an ASGI/WSGI app.

Every answer is read up to :data:`MAX_ANSWER` bytes; the rest is never read (the
connection is closed instead) and the response says it was cut. A live receiver also
gets a deadline per request: the whole exchange (connecting, sending the body, the
headers and the body of the answer) must end within the client's timeout, or sooner
when the run's budget ends first. A receiver that trickles its answer a byte at a time
cannot stretch it: every socket read and write waits only for what is left of it.
"""

from __future__ import annotations

import inspect
import socket
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from alfred_contracts.consumer.probes import Request
from alfred_contracts.errors import AlfredContractsError
from alfred_contracts.escaping import one_line
from alfred_contracts.resources import WEBHOOK_PATH

#: where in-process apps are addressed (never resolved: no socket is opened)
BASE_URL = "http://testserver"
#: the most of an answer that is read; a receiver's answer to Alfred is a few bytes
MAX_ANSWER = 1024 * 1024
#: bytes written at a time, so that a slow reader cannot hold one write past the deadline
_PIECE = 16 * 1024


class Unreachable(AlfredContractsError):
    """The receiver did not answer: refused connection, reset, or timeout."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: float
    #: the answer was longer than :data:`MAX_ANSWER`: ``body`` is its beginning
    truncated: bool = False


def _capped(chunks: Iterable[bytes], limit: int = MAX_ANSWER) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of ``chunks``, and whether there was more."""
    kept: list[bytes] = []
    size = 0
    for chunk in chunks:
        if size + len(chunk) > limit:
            kept.append(chunk[: limit - size])
            return b"".join(kept), True
        kept.append(chunk)
        size += len(chunk)
    return b"".join(kept), False


class Client:
    """Posts probe requests to one receiver (see :func:`for_url` and :func:`for_app`)."""

    url: str
    #: seconds one request may take, all of it (None: no deadline, for in-process apps)
    timeout: float | None = None

    def send(self, request: Request, until: float | None = None) -> Response:
        """Send ``request``; ``until`` (a :func:`time.monotonic` instant) ends it early."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the connections (and end an in-process app's lifespan)."""


# -- a live receiver: httpcore, with a deadline on every socket operation ---------------


class _Deadline:
    """The instant the request in flight must end by, shared by every connection."""

    def __init__(self) -> None:
        self.at: float | None = None

    def bound(self, timeout: float | None, error: type[Exception]) -> float | None:
        """``timeout`` shortened to what is left of the deadline; ``error`` when none is."""
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0:
            raise error("the deadline of this request has passed")
        return left if timeout is None else min(timeout, left)


def _network(deadline: _Deadline) -> Any:
    """An httpcore network backend whose every operation honours ``deadline``."""
    import httpcore

    class Stream(httpcore.NetworkStream):
        def __init__(self, stream: httpcore.NetworkStream) -> None:
            self.stream = stream

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            return self.stream.read(max_bytes, deadline.bound(timeout, httpcore.ReadTimeout))

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            for start in range(0, len(buffer), _PIECE):
                left = deadline.bound(timeout, httpcore.WriteTimeout)
                self.stream.write(buffer[start : start + _PIECE], left)

        def close(self) -> None:
            self.stream.close()

        def start_tls(
            self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
        ) -> httpcore.NetworkStream:
            left = deadline.bound(timeout, httpcore.ConnectTimeout)
            return Stream(self.stream.start_tls(ssl_context, server_hostname, left))

        def get_extra_info(self, info: str) -> Any:
            return self.stream.get_extra_info(info)

    class Backend(httpcore.NetworkBackend):
        def __init__(self) -> None:
            self.backend = httpcore.SyncBackend()

        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Iterable[Any] | None = None,
        ) -> httpcore.NetworkStream:
            left = deadline.bound(timeout, httpcore.ConnectTimeout)
            # no Nagle delay: a request written in pieces (headers, then the body) must not
            # wait for the receiver's delayed ACK (≈ 40 ms a request on Linux)
            options = [*(socket_options or ()), (socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
            connected = self.backend.connect_tcp(host, port, left, local_address, options)
            return Stream(connected)

        def connect_unix_socket(
            self, path: str, timeout: float | None = None, socket_options: Any = None
        ) -> httpcore.NetworkStream:
            left = deadline.bound(timeout, httpcore.ConnectTimeout)
            return Stream(self.backend.connect_unix_socket(path, left, socket_options))

        def sleep(self, seconds: float) -> None:
            self.backend.sleep(seconds)

    return Backend()


class UrlClient(Client):
    """A live receiver at a URL, over a real socket (connections are kept alive)."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        import httpcore

        self.url = url
        self.timeout = timeout
        self._deadline = _Deadline()
        self._pool = httpcore.ConnectionPool(network_backend=_network(self._deadline))

    def send(self, request: Request, until: float | None = None) -> Response:
        import httpcore

        started = time.monotonic()
        self._deadline.at = started + (self.timeout or 0.0)
        if until is not None:
            self._deadline.at = min(self._deadline.at, until)
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in request.headers.items()]
        headers += [(b"Accept-Encoding", b"identity"), (b"User-Agent", b"alfred-contracts")]
        try:
            with self._pool.stream(
                "POST", self.url, headers=headers, content=request.body
            ) as answer:
                body, truncated = _capped(answer.iter_stream())
                status = answer.status
                fields = {
                    k.decode("latin-1").lower(): v.decode("latin-1") for k, v in answer.headers
                }
        except httpcore.TimeoutException:
            raise Unreachable(
                f"no answer from {self.url} within {self.timeout:g} s (all of it, "
                "headers and body: --timeout)"
            ) from None
        except (
            httpcore.NetworkError,
            httpcore.ProtocolError,
            httpcore.UnsupportedProtocol,
            httpcore.ProxyError,
        ) as error:
            raise Unreachable(f"cannot reach {self.url}: {_reason(error)}") from None
        finally:
            self._deadline.at = None
        elapsed = (time.monotonic() - started) * 1000
        return Response(status, fields, body, elapsed, truncated)

    def close(self) -> None:
        self._pool.close()


def _reason(error: Exception) -> str:
    text = one_line(str(error) or type(error).__name__)
    if "Connection refused" in text:
        return "connection refused (is the receiver running?)"
    return text


def for_url(url: str, timeout: float = 10.0) -> Client:
    """A client for a live receiver at ``url``; each request may take ``timeout`` seconds."""
    return UrlClient(url, timeout)


# -- an application in-process: httpx --------------------------------------------------


class AppClient(Client):
    """Posts probe requests to one URL through an ``httpx.Client`` (an in-process app)."""

    def __init__(self, client: Any, url: str, close: Callable[[], object] | None = None) -> None:
        self.client = client
        self.url = url
        self._close = close or client.close  #: a started TestClient ends the app's lifespan

    def send(self, request: Request, until: float | None = None) -> Response:
        import httpx

        started = time.monotonic()
        try:
            with self.client.stream(
                "POST", self.url, content=request.body, headers=request.headers
            ) as answer:
                body, truncated = _capped(answer.iter_bytes())
                status, fields = answer.status_code, dict(answer.headers)
        except httpx.TransportError as error:
            raise Unreachable(f"cannot reach {self.url}: {_reason(error)}") from None
        elapsed = (time.monotonic() - started) * 1000
        return Response(status, fields, body, elapsed, truncated)

    def close(self) -> None:
        self._close()


def for_app(
    app: Any, path: str = WEBHOOK_PATH, kind: Literal["auto", "asgi", "wsgi"] = "auto"
) -> Client:
    """A client for an ASGI or WSGI application, called in-process (no socket).

    ASGI apps run under Starlette's ``TestClient`` (an anyio portal in a thread) with their
    lifespan started, as uvicorn's ``lifespan="auto"`` would: an app that does not speak
    the lifespan protocol is run without it. An exception inside the app is a 500 answer,
    as behind a real server. WSGI apps run through httpx's ``WSGITransport``. There is
    no deadline per request in-process (the app runs in the test's own process).
    """
    import httpx

    if kind == "auto":
        kind = "asgi" if _is_asgi(app) else "wsgi"
    if kind == "asgi":
        with warnings.catch_warnings():  # Starlette 1.x nudges towards httpx2, not on PyPI yet
            warnings.filterwarnings("ignore", message=".*httpx2", category=UserWarning)
            from starlette.testclient import TestClient

        said: list[str] = []  # the lifespan messages the app sent

        async def watched(scope: Any, receive: Any, send: Any) -> None:
            async def tell(message: Any) -> None:
                if scope["type"] == "lifespan":
                    said.append(str(message.get("type")))
                await send(message)

            await app(scope, receive, tell)

        started = TestClient(watched, base_url=BASE_URL, raise_server_exceptions=False)
        try:
            started.__enter__()  # starts the lifespan; Client.close() ends it
        except Exception as error:  # the app's own exception, judged here
            if "lifespan.startup.failed" in said:
                raise AlfredContractsError(f"the application failed to start: {error}") from None
            # it raised without a word of the lifespan protocol: it does not speak it
            plain = TestClient(app, base_url=BASE_URL, raise_server_exceptions=False)
            return AppClient(plain, BASE_URL + path)
        return AppClient(started, BASE_URL + path, close=lambda: started.__exit__(None, None, None))
    transport = httpx.WSGITransport(app=app)
    return AppClient(
        httpx.Client(transport=transport, base_url=BASE_URL, timeout=30.0), BASE_URL + path
    )


def _is_asgi(app: Any) -> bool:
    if inspect.iscoroutinefunction(app):
        return True
    call = getattr(app, "__call__", None)  # noqa: B004
    return inspect.iscoroutinefunction(call)

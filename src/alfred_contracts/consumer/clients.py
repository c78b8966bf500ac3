"""How probes reach a receiver: over HTTP to a URL, or in-process to an ASGI/WSGI app."""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from alfred_contracts.consumer.probes import Request
from alfred_contracts.errors import AlfredContractsError
from alfred_contracts.resources import WEBHOOK_PATH

#: where in-process apps are addressed (never resolved: no socket is opened)
BASE_URL = "http://testserver"


class Unreachable(AlfredContractsError):
    """The receiver did not answer: refused connection, reset, or timeout."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: float


class Client:
    """Posts probe requests to one URL through an ``httpx.Client``."""

    def __init__(
        self, client: httpx.Client, url: str, close: Callable[[], object] | None = None
    ) -> None:
        self.client = client
        self.url = url
        self._close = close or client.close  #: a started TestClient ends the app's lifespan

    def send(self, request: Request) -> Response:
        try:
            answer = self.client.post(self.url, content=request.body, headers=request.headers)
        except httpx.TimeoutException:
            timeout = self.client.timeout.read
            raise Unreachable(f"no answer from {self.url} within {timeout:g} s") from None
        except httpx.TransportError as error:
            raise Unreachable(f"cannot reach {self.url}: {_reason(error)}") from None
        return Response(
            answer.status_code,
            dict(answer.headers),
            answer.content,
            answer.elapsed.total_seconds() * 1000 if _has_elapsed(answer) else 0.0,
        )

    def close(self) -> None:
        self._close()


def _has_elapsed(answer: httpx.Response) -> bool:
    try:
        answer.elapsed  # noqa: B018 (raises when the transport did not time it)
    except RuntimeError:
        return False
    return True


def _reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    if "Connection refused" in text or "ConnectError" in type(error).__name__:
        return "connection refused (is the receiver running?)" if "refused" in text else text
    return text


def for_url(url: str, timeout: float = 10.0) -> Client:
    """A client for a live receiver at ``url``."""
    return Client(httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False), url)


def for_app(
    app: Any, path: str = WEBHOOK_PATH, kind: Literal["auto", "asgi", "wsgi"] = "auto"
) -> Client:
    """A client for an ASGI or WSGI application, called in-process (no socket).

    ASGI apps run under Starlette's ``TestClient`` (an anyio portal in a thread) with their
    lifespan started, as uvicorn's ``lifespan="auto"`` would: an app that does not speak
    the lifespan protocol is run without it. An exception inside the app is a 500 answer,
    as behind a real server. WSGI apps run through httpx's ``WSGITransport``.
    """
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
            return Client(plain, BASE_URL + path)
        return Client(started, BASE_URL + path, close=lambda: started.__exit__(None, None, None))
    transport = httpx.WSGITransport(app=app)
    return Client(
        httpx.Client(transport=transport, base_url=BASE_URL, timeout=30.0), BASE_URL + path
    )


def _is_asgi(app: Any) -> bool:
    if inspect.iscoroutinefunction(app):
        return True
    call = getattr(app, "__call__", None)  # noqa: B004
    return inspect.iscoroutinefunction(call)

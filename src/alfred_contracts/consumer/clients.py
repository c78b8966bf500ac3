"""How probes reach a receiver: over HTTP to a URL, or in-process to an ASGI/WSGI app."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from alfred_contracts.consumer.probes import Request
from alfred_contracts.errors import AlfredContractsError


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

    def __init__(self, client: httpx.Client, url: str) -> None:
        self.client = client
        self.url = url

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
        self.client.close()


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
    app: Any, path: str = "/webhook", kind: Literal["auto", "asgi", "wsgi"] = "auto"
) -> Client:
    """A client for an ASGI or WSGI application, called in-process (no socket)."""
    if kind == "auto":
        kind = "asgi" if _is_asgi(app) else "wsgi"
    transport: httpx.BaseTransport
    if kind == "asgi":
        from alfred_contracts.consumer.asgi import SyncASGITransport

        transport = SyncASGITransport(app)
    else:
        transport = httpx.WSGITransport(app=app)
    client = httpx.Client(transport=transport, base_url="http://testserver", timeout=30.0)
    return Client(client, "http://testserver" + path)


def _is_asgi(app: Any) -> bool:
    if inspect.iscoroutinefunction(app):
        return True
    call = getattr(app, "__call__", None)  # noqa: B004
    return inspect.iscoroutinefunction(call)

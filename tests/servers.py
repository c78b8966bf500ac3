"""Servers for receiver tests, each on a port it holds itself: nothing picks a port, lets
it go and hopes to get it back.

* :func:`running` serves an ASGI app with uvicorn in a thread, on a listening socket bound
  to port 0 before the server starts;
* :func:`start_listener` runs ``alfred-contracts listen --port 0`` and reads the URL the
  process prints, so the test talks to the server it started;
* :func:`closed_port` holds a port bound but not listening: connecting is refused.
"""

from __future__ import annotations

import re
import selectors
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

LISTENING = re.compile(r"Listening on (?P<url>http://127\.0\.0\.1:(?P<port>[1-9]\d*)/\S*);")


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port held bound (so nobody else gets it) but not listening."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield int(held.getsockname()[1])


@contextmanager
def running(app: Any, path: str = "/webhook") -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1; yield the webhook URL."""
    # IPPROTO_TCP said explicitly: only then does asyncio set TCP_NODELAY on accepted
    # connections (socket.create_server's socket says 0), and without it every answer
    # waits ~40 ms for a delayed ACK
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        port = int(sock.getsockname()[1])
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="critical", lifespan="off"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        try:
            yield f"http://127.0.0.1:{port}{path}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)


def first_line(process: subprocess.Popen[str], timeout: float = 30) -> str:
    """The first line ``process`` prints on stdout ("" if it ends or stays silent)."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            return ""
    return process.stdout.readline()


def await_listener(process: subprocess.Popen[str], timeout: float = 30) -> tuple[str, str]:
    """The webhook URL a started ``alfred-contracts listen --port 0`` serves, once it
    answers, and the first line it printed.

    The URL is the one the process printed: the port is the one it bound, so whatever
    answers there is this process.
    """
    line = first_line(process, timeout)
    found = LISTENING.match(line)
    if found is None:
        process.kill()
        _out, err = process.communicate(timeout=10)
        raise RuntimeError(f"listen did not say where it listens: {line!r} {err}")
    health = f"http://127.0.0.1:{found['port']}/health"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(health, timeout=1) as answer:
                if answer.status == 200 and process.poll() is None:
                    return found["url"], line
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            _out, err = process.communicate(timeout=10)
            raise RuntimeError(f"listen did not answer at {health}: {err}")
        time.sleep(0.1)

"""A bare HTTP/1.1 server over sockets, for receivers no framework would let us write:
one that trickles its answer a byte at a time, streams gigabytes, or never reads.

:func:`serving` listens on a port it holds (bound to port 0) and runs ``handler(conn,
body)`` in a thread per request, after reading the request; the handler writes whatever
bytes it likes. Every thread stops when the server does (``stop`` is set) or when the
client goes away (a write fails).
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Handler = Callable[[socket.socket, bytes, threading.Event], None]


def read_request(conn: socket.socket, body: bool = True) -> bytes | None:
    """The body of the next request on ``conn`` (None when the client closed it); with
    ``body=False`` only the head is read and b"" returned."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    if not body:
        return b""
    found = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    length = int(found.group(1)) if found else 0
    while len(rest) < length:
        chunk = conn.recv(min(1 << 20, length - len(rest)))
        if not chunk:
            return None
        rest += chunk
    return rest


def answer(conn: socket.socket, status: str, body: bytes) -> None:
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
    conn.sendall(head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)


def trickle(conn: socket.socket, data: bytes, stop: threading.Event, every: float = 1.0) -> None:
    """Send ``data`` one byte every ``every`` seconds, until done, stopped or cut off."""
    for byte in data:
        if stop.wait(every):
            return
        conn.sendall(bytes([byte]))


@contextmanager
def serving(handler: Handler, read_body: bool = True) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1; yield the webhook URL."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    port = listener.getsockname()[1]

    def serve(conn: socket.socket) -> None:
        with conn:
            try:
                while not stop.is_set():
                    body = read_request(conn, read_body)
                    if body is None:
                        return
                    handler(conn, body, stop)
            except OSError:  # the client went away, as it should
                return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()

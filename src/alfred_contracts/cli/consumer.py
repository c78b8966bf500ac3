"""``verify-consumer``, ``listen`` and ``emit``: the consumer side of the contract."""

from __future__ import annotations

import argparse
import errno
import os
import stat
import sys

from alfred_contracts.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, refusal, unknown_event
from alfred_contracts.cli.output import check_writable, destination
from alfred_contracts.errors import UsageError
from alfred_contracts.escaping import one_line
from alfred_contracts.extras import require

# URL, --timeout, --budget, --port, --path, --count, ... are checked as they are parsed
# (alfred_contracts.cli); what needs the machine (files, names that resolve) is checked
# here, first thing, before any request is sent or any file written.

#: what ``listen --db`` accepts, said after every refusal
DB_ACCEPTED = (
    "give an SQLite file in an existing folder, or leave --db out to keep deliveries in memory"
)
#: the first bytes of every SQLite database file
SQLITE_HEADER = b"SQLite format 3\x00"
_HOST_ACCEPTED = (
    "give an IP address such as 127.0.0.1, 0.0.0.0 or ::1, or a host name that resolves"
)


def verify_consumer(options: argparse.Namespace) -> int:
    require("consumer", what="verify-consumer")
    from alfred_contracts.consumer import clients
    from alfred_contracts.consumer.verify import verify
    from alfred_contracts.report import consumer as reporting

    check_writable("--output", options.output)
    client = clients.for_url(options.url, timeout=options.timeout)
    progress = reporting.Progress(sys.stderr)  # a live line on a terminal, else silent
    print(one_line(f"verifying {options.url} ..."), file=sys.stderr)
    try:
        report = verify(
            client,
            max_examples=options.max_examples,
            seed=options.seed,
            progress=progress,
            budget=options.budget,
            strict=options.strict,
        )
    except clients.Unreachable as error:
        raise UsageError(f"{error}; nothing was verified") from None
    finally:
        progress.close()
        client.close()
    with destination(options.output) as out:
        reporting.write(report, options.format, out)
    if options.output and options.output != "-":
        print(one_line(reporting.summary_line(report)), file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FINDINGS


def listen(options: argparse.Namespace) -> int:
    require("consumer", what="listen")
    import socket
    import sqlite3

    from alfred_contracts.consumer.logs import LineSink, delivery_line, routed
    from alfred_contracts.consumer.receiver import create_app
    from alfred_contracts.consumer.serve import Limits, serve
    from alfred_contracts.consumer.store import Store

    if options.db != ":memory:":
        _check_store(options.db)
    try:
        found = socket.getaddrinfo(
            options.host, options.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as error:
        why = f"does not resolve to an address ({getattr(error, 'strerror', None) or error})"
        raise UsageError(refusal("--host", options.host, f"{why}; {_HOST_ACCEPTED}")) from None
    families = [info[0] for info in found]  # IPv4 when the name has both, as before
    family = socket.AF_INET if socket.AF_INET in families else families[0]
    try:  # fail with one line, before printing anything, when the port is taken
        bound = socket.create_server((options.host, options.port), family=family)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno and error.errno > 0 else str(error)
        # the port is taken or reserved, or the address is not one of this machine's
        option, value = (
            ("--host", options.host)
            if error.errno == errno.EADDRNOTAVAIL
            else ("--port", str(options.port))
        )
        where = f"{_bracketed(options.host)}:{options.port}"
        raise UsageError(refusal(option, value, f"cannot listen on {where}: {reason}")) from None
    # The server keeps the very socket bound here, so the URL printed is the one served
    # (with --port 0, the port the system picked).
    try:
        store = Store(options.db)
    except sqlite3.Error as error:
        bound.close()
        raise UsageError(
            refusal("--db", options.db, f"cannot open the delivery store: {error} ({DB_ACCEPTED})")
        ) from None
    # Delivery lines go to stdout, notes to stderr, each through a queue and a thread of
    # its own: a stdout nobody reads, or a closed one, never holds up or fails a delivery.
    out, err = LineSink(sys.stdout), LineSink(sys.stderr)
    app = create_app(
        store, path=options.path, on_delivery=lambda d, summary: out.put(delivery_line(d, summary))
    )
    port = int(bound.getsockname()[1])
    where = f"http://{_bracketed(options.host)}:{port}{options.path}"
    kept = options.db if options.db != ":memory:" else "memory (use --db FILE to keep them)"
    out.put(f"Listening on {where}; deliveries stored in {kept}. Ctrl-C to stop.")
    limits = Limits(
        timeout=options.timeout,
        idle=min(5.0, options.timeout),
        max_connections=options.max_connections,
    )

    def stopped() -> None:  # also before a SIGTERM ends the process
        store.close()
        out.close()
        err.close()

    try:
        with routed(err):
            started = serve(app, bound, limits=limits, stopped=stopped)
    except SystemExit:  # uvicorn exits when it cannot serve; it has said why
        return EXIT_ERROR
    finally:
        stopped()
        bound.close()
    return EXIT_OK if started else EXIT_ERROR


def emit(options: argparse.Namespace) -> int:
    require("consumer", what="emit")
    from alfred_contracts.consumer import clients
    from alfred_contracts.consumer.emit import Sent
    from alfred_contracts.consumer.emit import emit as run_emit
    from alfred_contracts.resources import contracts_dir
    from alfred_contracts.schema.catalog import Catalog

    catalog = Catalog.load()
    if options.event is not None and options.event not in catalog.names:  # before any request
        raise UsageError(unknown_event("--event", options.event, catalog.names))
    client = clients.for_url(options.url, timeout=options.timeout)

    def show(sent: Sent) -> None:
        mark = "ok " if sent.right else "BAD"
        line = f"{mark} {sent.status}  {sent.label:<46} {sent.summary}  ({sent.elapsed_ms:.0f} ms)"
        print(line, flush=True)

    try:
        answers, wrong = run_emit(
            client,
            catalog,
            contracts_dir(),
            event=options.event,
            count=options.count,
            seed=options.seed,
            vendor=options.vendor_examples,
            show=show,
        )
    except clients.Unreachable as error:
        raise UsageError(str(error)) from None
    finally:
        client.close()
    if wrong:
        print(f"FAIL: {wrong} of {answers} answers are not what the contract requires")
        return EXIT_FINDINGS
    print(f"OK: all {answers} answers are what the contract requires (handshake included)")
    return EXIT_OK


def _bracketed(host: str) -> str:
    """``::1`` → ``[::1]``, as an IPv6 address is written in a URL."""
    return f"[{host}]" if ":" in host else host


def _check_store(path: str) -> None:
    """Refuse a ``--db`` the store could not open or write, before anything is bound."""
    check_writable("--db", path, DB_ACCEPTED)
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return  # a new file, in a folder check_writable found writable
    except OSError as error:
        raise UsageError(refusal("--db", path, f"{error.strerror} ({DB_ACCEPTED})")) from None
    if not stat.S_ISREG(found.st_mode):
        raise UsageError(refusal("--db", path, f"not a regular file ({DB_ACCEPTED})"))
    try:
        with open(path, "rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        why = (error.strerror or str(error)).lower()
        raise UsageError(refusal("--db", path, f"cannot be read: {why} ({DB_ACCEPTED})")) from None
    if header and header != SQLITE_HEADER:
        raise UsageError(refusal("--db", path, f"not an SQLite database ({DB_ACCEPTED})"))
    if not os.access(path, os.R_OK | os.W_OK):
        raise UsageError(
            refusal("--db", path, f"cannot be written: permission denied ({DB_ACCEPTED})")
        )

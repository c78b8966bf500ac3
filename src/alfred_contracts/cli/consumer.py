"""``verify-consumer``, ``listen`` and ``emit``: the consumer side of the contract."""

from __future__ import annotations

import argparse
import os
import sys

from alfred_contracts.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from alfred_contracts.cli.output import destination
from alfred_contracts.errors import UsageError
from alfred_contracts.escaping import one_line
from alfred_contracts.extras import require


def _url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise UsageError(f"{value!r} is not an http:// or https:// URL")
    return value


def verify_consumer(options: argparse.Namespace) -> int:
    require("consumer", what="verify-consumer")
    from alfred_contracts.consumer import clients
    from alfred_contracts.consumer.verify import verify
    from alfred_contracts.report import consumer as reporting

    if options.max_examples < 0:
        raise UsageError("--max-examples must be 0 or more")
    if options.timeout <= 0 or options.budget <= 0:
        raise UsageError("--timeout and --budget must be more than 0 seconds")
    client = clients.for_url(_url(options.url), timeout=options.timeout)
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

    if options.timeout <= 0 or options.max_connections < 1:
        raise UsageError("--timeout must be over 0 and --max-connections 1 or more")
    try:  # fail with one line, before printing anything, when the port is taken
        bound = socket.create_server((options.host, options.port))
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise UsageError(f"cannot listen on {options.host}:{options.port}: {reason}") from None
    # The server keeps the very socket bound here, so the URL printed is the one served
    # (with --port 0, the port the system picked).
    try:
        store = Store(options.db)
    except sqlite3.Error as error:
        bound.close()
        raise UsageError(f"cannot open the delivery store {options.db!r}: {error}") from None
    # Delivery lines go to stdout, notes to stderr, each through a queue and a thread of
    # its own: a stdout nobody reads, or a closed one, never holds up or fails a delivery.
    out, err = LineSink(sys.stdout), LineSink(sys.stderr)
    app = create_app(
        store, path=options.path, on_delivery=lambda d, summary: out.put(delivery_line(d, summary))
    )
    port = int(bound.getsockname()[1])
    where = f"http://{options.host}:{port}{options.path}"
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

    if options.count is not None and options.count < 1:
        raise UsageError("--count must be 1 or more")
    catalog = Catalog.load()
    client = clients.for_url(_url(options.url), timeout=options.timeout)

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

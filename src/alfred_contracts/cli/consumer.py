"""``verify-consumer``, ``listen`` and ``emit``: the consumer side of the contract."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from alfred_contracts.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from alfred_contracts.cli.output import destination
from alfred_contracts.errors import UsageError
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
    client = clients.for_url(_url(options.url), timeout=options.timeout)
    progress = reporting.Progress(sys.stderr)
    print(f"verifying {options.url} ...", file=sys.stderr)
    try:
        report = verify(
            client, max_examples=options.max_examples, seed=options.seed, progress=progress
        )
    except clients.Unreachable as error:
        raise UsageError(f"{error}; nothing was verified") from None
    finally:
        progress.close()
        client.close()
    with destination(options.output) as out:
        reporting.write(report, options.format, out)
    if options.output and options.output != "-":
        print(reporting.summary_line(report), file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FINDINGS


def _delivery_line(delivery: object, summary: str) -> None:
    status = getattr(delivery, "status", 0)
    verdict = getattr(delivery, "verdict", "")
    stamp = dt.datetime.now().strftime("%H:%M:%S")
    print(f"{stamp}  {status}  {verdict:<9}  {summary}", flush=True)


def listen(options: argparse.Namespace) -> int:
    require("consumer", what="listen")
    import socket

    import uvicorn

    from alfred_contracts.consumer.receiver import create_app
    from alfred_contracts.consumer.store import Store

    try:  # fail with one line, before printing anything, when the port is taken
        bound = socket.create_server((options.host, options.port))
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise UsageError(f"cannot listen on {options.host}:{options.port}: {reason}") from None
    # --port 0: the system picks a free port, and the server keeps the very socket holding
    # it, so the URL printed is the one served. An explicit port is bound by uvicorn.
    port = int(bound.getsockname()[1])
    sockets = [bound] if options.port == 0 else None
    if sockets is None:
        bound.close()
    store = Store(options.db)
    app = create_app(store, path=options.path, on_delivery=_delivery_line)
    where = f"http://{options.host}:{port}{options.path}"
    kept = options.db if options.db != ":memory:" else "memory (use --db FILE to keep them)"
    print(f"Listening on {where}; deliveries stored in {kept}. Ctrl-C to stop.", flush=True)
    config = uvicorn.Config(
        app, host=options.host, port=port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=sockets)
    except SystemExit:  # uvicorn exits when it cannot serve; it has said why
        return EXIT_ERROR
    finally:
        store.close()
        bound.close()
    return EXIT_OK if server.started else EXIT_ERROR


def emit(options: argparse.Namespace) -> int:
    require("consumer", what="emit")
    from alfred_contracts.consumer import clients
    from alfred_contracts.consumer.emit import Sent
    from alfred_contracts.consumer.emit import emit as run_emit
    from alfred_contracts.resources import contracts_dir
    from alfred_contracts.schema.catalog import Catalog

    if options.count < 1:
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

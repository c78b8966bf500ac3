"""The argument parser of ``alfred-contracts``: every command, option and help text."""

from __future__ import annotations

import argparse

from alfred_contracts._version import __version__
from alfred_contracts.cli import PROG
from alfred_contracts.cli.checks import (
    _check_name,
    _host,
    _Parser,
    _port,
    _receiver_url,
    _seconds,
    _webhook_path,
    _whole,
)
from alfred_contracts.compat import CHECK_NAMES
from alfred_contracts.resources import WEBHOOK_PATH


def _output(command: argparse.ArgumentParser) -> None:
    command.add_argument("--output", metavar="FILE", help="write the report to FILE")


def _format(command: argparse.ArgumentParser, *choices: str) -> None:
    command.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format (default: {choices[0]})",
    )


def _root(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--root",
        metavar="DIR",
        help="the project to work on (default: the nearest folder with a schemas/ folder, "
        "here or above)",
    )


def _timeout(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--timeout", type=_seconds("--timeout"), default=10.0, metavar="S",
        help="seconds to wait for each answer (default: 10)",
    )  # fmt: skip


def _seed(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "--seed",
        type=_whole("--seed"),
        default=0,
        metavar="N",
        help=f"seed for {what} (default: 0)",
    )


def _corpus(command: argparse.ArgumentParser, what: str, *, required: bool = False) -> None:
    command.add_argument(
        "--corpus",
        metavar="PATH",
        required=required,
        help=f"recorded deliveries to {what}: an NDJSON capture (also .gz, or .zst with the "
        "[archive] extra), a .json file, a folder of them, an fsspec URL ([archive] extra), "
        "or the SQLite file `listen --db` writes",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Contracts for Alfred's webhook events: validate payloads against the "
        "canonical schemas.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    validate = commands.add_parser(
        "validate",
        help="check event payloads (.json, .ndjson/.jsonl, folders, - for stdin)",
        description="Check Alfred event payloads against the contract. Exit 0 when every "
        "event is valid, 1 when any is not, 2 on a usage or tool error.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        default=["-"],
        metavar="PATH",
        help=".json file (one event), .ndjson/.jsonl file (one event a line; also .gz, and "
        ".zst with the [archive] extra), folder (searched recursively), fsspec URL such as "
        "s3://bucket/captures/*.ndjson.gz ([archive] extra) or - for standard input (the "
        "default)",
    )
    validate.add_argument(
        "--event",
        metavar="NAME",
        help="check every payload as this event instead of routing by event.event_name",
    )
    validate.add_argument(
        "--profile",
        choices=("strict", "lenient"),
        default="strict",
        help="strict: the contract (default); lenient: the tolerant reader for receivers",
    )
    validate.add_argument(
        "--format",
        choices=("text", "json", "junit", "github", "markdown"),
        default="text",
        help="output format (default: text)",
    )
    _output(validate)
    validate.add_argument(
        "--jobs",
        type=_whole("--jobs", 0, "0: one process per CPU"),
        default=0,
        metavar="N",
        help="processes for large NDJSON inputs (default 0: one per CPU; 1: one process); "
        "the report is the same whatever N is",
    )
    validate.add_argument(
        "--max-violations",
        type=_whole("--max-violations", 0),
        metavar="N",
        help="print at most N violation lines in text, markdown and github output (the "
        "grouped summary still counts every violation); json and junit always list every "
        "violation",
    )
    validate.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="check the input on a Dask cluster (a scheduler address such as "
        "tcp://host:8786); needs the [archive] extra",
    )
    validate.add_argument(
        "--engine",
        choices=("rs", "reference"),
        default="rs",
        help="rs: jsonschema-rs (default, fast); reference: python-jsonschema with the "
        "project's own format checks, for cross-checking",
    )
    generate = commands.add_parser(
        "generate",
        help="write every generated artefact from the schemas (or --check them)",
        description="Write the generated models (and every other generated artefact) from "
        "the canonical schemas. With --check, write nothing: exit 1 and name the stale "
        "files when the committed output differs from what the schemas produce.",
    )
    generate.add_argument(
        "--check", action="store_true", help="only check that the committed output is current"
    )
    _root(generate)
    verify = commands.add_parser(
        "verify-consumer",
        help="prove that a live webhook receiver handles every event and survives bad input",
        description="Run the consumer contract against a live receiver: the handshake, a "
        "deterministic edge-case suite, redelivery, invalid events, bad deliveries and "
        "Schemathesis fuzzing. A wrong answer to what Alfred can send, or any 5xx or missing "
        "answer, is a contract failure; an answer to what Alfred never sends is advice. Exit "
        "0 with no contract failure (advice is printed), 1 with any (or any advice, with "
        "--strict), 2 when the receiver cannot be reached.",
    )
    verify.add_argument("url", type=_receiver_url, metavar="URL", help="the receiver's webhook URL")
    verify.add_argument(
        "--max-examples",
        type=_whole("--max-examples", 0, "0 skips fuzzing"),
        default=50,
        metavar="N",
        help="Schemathesis cases per mode (positive, negative); 0 skips fuzzing (default: 50)",
    )
    _seed(verify, "reproducible runs")
    _format(verify, "text", "json", "junit")
    _output(verify)
    verify.add_argument(
        "--timeout", type=_seconds("--timeout"), default=10.0, metavar="S",
        help="seconds each request may take, all of it: connecting, sending, the whole "
        "answer (default: 10)",
    )  # fmt: skip
    verify.add_argument(
        "--budget", type=_seconds("--budget"), default=300.0, metavar="S",
        help="seconds the whole run may take; when they run out, the run stops with a "
        "finding (default: 300)",
    )  # fmt: skip
    verify.add_argument(
        "--strict", action="store_true",
        help="advice (answers to what Alfred never sends) fails the run too",
    )  # fmt: skip

    listen = commands.add_parser(
        "listen",
        help="run the reference receiver and print one line per delivery",
        description="Run the reference receiver (Starlette on uvicorn): it answers the "
        "handshake, validates with the lenient profile, de-duplicates by event_id and "
        "stores every delivery in SQLite.",
    )
    listen.add_argument(
        "--port",
        type=_port,
        default=8000,
        help="port to listen on; 0 picks a free one (default: 8000)",
    )
    listen.add_argument(
        "--host", type=_host, default="127.0.0.1", help="address to bind (default: 127.0.0.1)"
    )
    listen.add_argument(
        "--db",
        default=":memory:",
        metavar="FILE",
        help="SQLite file for the deliveries (default: memory)",
    )
    listen.add_argument(
        "--path",
        type=_webhook_path,
        default=WEBHOOK_PATH,
        help=f"the webhook path (default: {WEBHOOK_PATH})",
    )
    listen.add_argument(
        "--timeout", type=_seconds("--timeout"), default=10.0, metavar="S",
        help="seconds a client may take to send a request's headers, and again its body "
        "(slower ones are answered 408 and cut); idle connections are closed after this "
        "or 5 seconds, whichever is less (default: 10)",
    )  # fmt: skip
    listen.add_argument(
        "--max-connections", type=_whole("--max-connections", 1), default=100, metavar="N",
        help="connections served at once; a request beyond them is answered 503 "
        "(default: 100)",
    )  # fmt: skip

    emit = commands.add_parser(
        "emit",
        help="act as Alfred: handshake, then POST events to a receiver",
        description="A local stand-in for Alfred: performs the handshake, then sends "
        "schema-valid events one per request (the bundled examples first, then generated "
        "ones), printing each answer. Exit 0 when every answer is right, 1 otherwise.",
    )
    emit.add_argument("url", type=_receiver_url, metavar="URL", help="the receiver's webhook URL")
    emit.add_argument("--event", metavar="NAME", help="send only this event (default: every event)")
    emit.add_argument(
        "--count",
        type=_whole("--count", 1),
        default=None,
        metavar="N",
        help="how many events to send, taking the events in turn (default: one of every event)",
    )
    _seed(emit, "generated events")
    emit.add_argument(
        "--vendor-examples",
        action="store_true",
        help="send the vendor's documented examples exactly as published, instead",
    )
    _timeout(emit)
    diff = commands.add_parser(
        "diff",
        help="compare two schema versions: backward/forward compatibility, with witnesses",
        description="Compare two schemas as sets of valid events. backward: every event "
        "valid under OLD is valid under NEW; forward: the reverse. Every breaking direction "
        "comes with a witness event. OLD and NEW are files or GITREF:path.",
    )
    diff.add_argument("old", metavar="OLD", help="the old schema: a file, or GITREF:path")
    diff.add_argument("new", metavar="NEW", help="the new schema: a file, or GITREF:path")
    diff.add_argument(
        "--require",
        choices=("backward", "forward", "full", "none"),
        default="backward",
        help="exit 1 unless this compatibility holds (default: backward)",
    )
    _format(diff, "text", "json")
    _output(diff)
    diff.add_argument(
        "--consumers", metavar="DIR", help="registered consumers (default: contracts/consumers)"
    )

    gate = commands.add_parser(
        "gate",
        help="run every check of this repository's contract (the CI gate)",
        description="Run every check: schemas, examples, counterexamples, the vendor "
        "ledger, engine agreement, generated artefacts, compatibility with the latest "
        "releases (the version rule, the registered consumers a change breaks, and with "
        "--corpus recorded deliveries), and the docs build. Exit 0 when all pass, 1 when any "
        "fails, 2 on a tool error.",
    )
    _root(gate)
    _format(gate, "text", "markdown", "github")
    _output(gate)
    gate.add_argument(
        "--skip",
        action="append",
        type=_check_name,
        metavar="CHECK",
        help="skip a check by name (repeatable): " + ", ".join(f"'{n}'" for n in CHECK_NAMES),
    )
    _corpus(gate, "replay against every changed event schema")

    replay = commands.add_parser(
        "replay",
        help="replay recorded deliveries against the latest release and a candidate schema",
        description="Replay every recorded delivery of the candidate's event against the "
        "event's latest release and the candidate. A delivery the release accepts and the "
        "candidate refuses is a real-world witness that the change breaks backward "
        "compatibility. Exit 0 when there is none, 1 when there are witnesses, 2 on a usage "
        "or tool error.",
    )
    replay.add_argument(
        "candidate",
        metavar="CANDIDATE",
        help="the changed schema of one event: a file, or GITREF:path",
    )
    _corpus(replay, "replay", required=True)
    _format(replay, "text", "json")
    _output(replay)
    _root(replay)

    release = commands.add_parser(
        "release",
        help="snapshot every changed event schema under contracts/releases/",
        description="Cut a release: write contracts/releases/<event>/<x-version>.schema.json "
        "for every event whose working schema differs from its latest release, after "
        "checking that x-version was bumped as the change requires.",
    )
    _root(release)

    schema_command = commands.add_parser(
        "schema",
        help="print an event's schema as JSON (as written, or --bundled into one file)",
        description="Print the schema of EVENT, from the installed package (any folder "
        "works). Without EVENT, list the names: every event, then url_verification (the "
        "handshake). Exit 2 for an unknown name.",
    )
    schema_command.add_argument(
        "event", nargs="?", metavar="EVENT",
        help="an event name such as job_start_event, or url_verification",
    )  # fmt: skip
    schema_command.add_argument(
        "--profile", choices=("strict", "lenient"), default="strict",
        help="strict: the contract (default); lenient: the tolerant reader for receivers",
    )  # fmt: skip
    schema_command.add_argument(
        "--bundled", action="store_true",
        help="one self-contained document: every $ref resolved into $defs",
    )  # fmt: skip
    schema_command.add_argument(
        "--output", metavar="FILE", help="write it to FILE (default: standard output)"
    )
    example_command = commands.add_parser(
        "example",
        help="print an event's shipped examples (one as JSON, or --all as NDJSON)",
        description="Print a valid example of EVENT, from the installed package (any "
        "folder works): the first by name, or --name NAME. --all prints every example, one "
        "a line (NDJSON, a capture `validate` reads). Without EVENT, list the names. Exit 2 "
        "for an unknown name.",
    )
    example_command.add_argument(
        "event", nargs="?", metavar="EVENT",
        help="an event name such as job_start_event, or url_verification",
    )  # fmt: skip
    which = example_command.add_mutually_exclusive_group()
    which.add_argument("--name", metavar="NAME", help="the example called NAME (see --list)")
    which.add_argument("--all", action="store_true", help="every example, one a line (NDJSON)")
    which.add_argument("--list", action="store_true", help="list the names of the examples")
    which.add_argument(
        "--vendor", action="store_true",
        help="the vendor's documented example, verbatim (it breaks the contract)",
    )  # fmt: skip
    example_command.add_argument(
        "--output", metavar="FILE", help="write it to FILE (default: standard output)"
    )
    return parser

"""The ``alfred-contracts`` command line: parse options, hand them to one handler.

Handlers live in their own modules and are imported only when their subcommand runs, so
``alfred-contracts --version`` and a small ``validate`` start fast. Exit codes: 0 clean,
1 findings, 2 usage or tool error. No traceback reaches a user: tool errors print one line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

PROG = "alfred-contracts"
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: standard output was closed by its reader (``| head``): the status a shell shows for a
#: tool that SIGPIPE ends (128 + 13), never mistaken for clean, findings or a tool error
EXIT_CLOSED_OUTPUT = 141

from alfred_contracts.cli.checks import refusal, shown, unknown_event  # noqa: E402
from alfred_contracts.cli.parser import build_parser  # noqa: E402

__all__ = [
    "EXIT_CLOSED_OUTPUT",
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "PROG",
    "build_parser",
    "entry",
    "main",
    "refusal",
    "shown",
    "unknown_event",
]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    try:
        options = parser.parse_args(argv)
    except SystemExit as exited:  # --help and --version end here; a bad option is code 2
        if exited.code != EXIT_ERROR:
            raise
        return EXIT_ERROR  # the one line is printed (_Parser.error)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_CLOSED_OUTPUT
    except OSError as error:  # --help to a full disk
        print(f"{PROG}: error: {_system_error(error)}", file=sys.stderr)
        return EXIT_ERROR
    from alfred_contracts.errors import AlfredContractsError

    try:
        if options.command == "validate":
            from alfred_contracts.cli.validate import run

            return run(options)
        if options.command == "generate":
            from alfred_contracts.cli.generate import run as run_generate

            return run_generate(options)
        if options.command in ("diff", "gate", "release", "replay"):
            from alfred_contracts.cli import contract

            return {
                "diff": contract.diff,
                "gate": contract.gate,
                "release": contract.release,
                "replay": contract.replay,
            }[options.command](options)
        if options.command in ("schema", "example"):
            from alfred_contracts.cli import catalog

            shipped = catalog.schema if options.command == "schema" else catalog.example
            return shipped(options)
        if options.command in ("verify-consumer", "listen", "emit"):
            from alfred_contracts.cli import consumer

            handler = {
                "verify-consumer": consumer.verify_consumer,
                "listen": consumer.listen,
                "emit": consumer.emit,
            }
            return handler[options.command](options)
        parser.error(f"unknown command {options.command!r}")  # pragma: no cover
    except AlfredContractsError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # whoever read standard output stopped (| head): not an error
        _silence_stdout()
        return EXIT_CLOSED_OUTPUT
    except OSError as error:  # the system refused a write (a full disk): one line, no bug
        print(f"{PROG}: error: {_system_error(error)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # a bug: one line, the traceback only on request
        if os.environ.get("ALFRED_CONTRACTS_DEBUG"):
            raise
        print(
            f"{PROG}: internal error: {type(error).__name__}: {error} "
            "(set ALFRED_CONTRACTS_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return EXIT_ERROR  # pragma: no cover


def _silence_stdout() -> None:
    # Python flushes stdout at exit; after a broken pipe that would print a second error.
    try:
        fileno = sys.stdout.fileno()
    except (OSError, ValueError):  # no file descriptor (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


def entry() -> None:
    code: int | str | None
    try:
        code = main()
    except SystemExit as exited:  # --help and --version: their text may still be buffered
        code = exited.code
    try:  # what is still buffered, while a closed standard output can still be told apart
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = EXIT_CLOSED_OUTPUT
    except OSError as error:
        print(f"{PROG}: error: {_system_error(error)} (writing standard output)", file=sys.stderr)
        _silence_stdout()
        code = EXIT_ERROR
    sys.exit(code)


def _system_error(error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename else reason

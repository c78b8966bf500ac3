"""Bad option values, through the real console script: one line, exit 2, no side effect.

Every bad value is refused before any work: no request reaches the receiver a URL names
(a recording HTTP server stands in for it), no file or folder is created, nothing is
printed on standard output. The line names the option and the value given, and says
what is accepted.

A standard output closed by its reader (``alfred-contracts validate big.ndjson | head``)
ends the run quietly with status 141 (128 + SIGPIPE, what a shell shows for ``grep`` or
``cat`` ended by SIGPIPE): nothing on stderr, never blamed on the input.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT

CLI = Path(sys.executable).parent / "alfred-contracts"
SCHEMA = str(ROOT / "schemas" / "job_start_event.schema.json")
GOOD = EXAMPLES / "job_start_event" / "compact_one_line.json"
EXIT_CLOSED_OUTPUT = 141
URL_ACCEPTED = "give an http:// or https:// URL with a host, such as http://127.0.0.1:8000/webhook"
SECONDS = "not a number of seconds over 0 and at most 86400 (such as 10 or 0.5)"
OUTPUT_ACCEPTED = "(give a file in an existing folder, or - for standard output)"


class Recorder(ThreadingHTTPServer):
    """An HTTP server on a loopback port of its own that records every connection and
    every request it gets (and answers each request 200 ``{}``)."""

    daemon_threads = True

    def __init__(self) -> None:
        self.connections: list[object] = []
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    def get_request(self) -> tuple[Any, Any]:
        accepted = super().get_request()
        self.connections.append(accepted[1])
        return accepted

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Handler(BaseHTTPRequestHandler):
    server: Recorder

    def _answer(self) -> None:
        self.server.requests.append(f"{self.command} {self.path}")
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_POST = do_GET = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder to run in: a valid event, a plain file and an empty folder."""
    shutil.copy(GOOD, tmp_path / "good.json")
    (tmp_path / "afile.txt").write_text("not a database, not a folder\n")
    (tmp_path / "folder").mkdir()
    return tmp_path


def cli(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "ALFRED_CONTRACTS_DEBUG"}
    return subprocess.run(
        [str(CLI), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env=env,
    )


def tree(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


ROOT_ACCEPTED = "(give the folder of a contract project, the one with schemas/)"
WEBHOOK_PATH = (
    "not a webhook path (one that starts with /, such as /webhook, without spaces, control "
    "characters, ?, # or braces)"
)
DB = "(give an SQLite file in an existing folder, or leave --db out to keep deliveries in memory)"
ENCODED = "spaces, control characters and non-ASCII characters must be percent-encoded"
CORPUS = "no such file or folder (give an NDJSON capture"

# (command line, the option the line names, a part of the line); {url} is the recording
# receiver's webhook URL, {port} its port, {root} this checkout, {schema} one of its schemas
CASES: list[tuple[list[str], str, str]] = [
    # -- schema, example, generate
    (["schema", "job_start_event", "--output", "folder"], "--output", "folder: it is a folder"),
    (["example", "job_start_event", "--output", "folder"], "--output", "folder: it is a folder"),
    (["example", "job_strat_event"], "unknown event", "did you mean job_start_event"),
    (["generate", "--root", "nowhere"], "--root", "nowhere: no such folder"),
    # -- validate
    (
        ["validate", "--output", "folder", "good.json"],
        "--output",
        f"folder: it is a folder {OUTPUT_ACCEPTED}",
    ),
    (["validate", "--output", "folder/", "good.json"], "--output", "folder/: it is a folder"),
    (
        ["validate", "--output", "missing/report.txt", "good.json"],
        "--output",
        "no such folder 'missing'",
    ),
    (
        ["validate", "--output", "afile.txt/report.txt", "good.json"],
        "--output",
        "cannot be written: not a directory",
    ),
    (["validate", "--output", "", "good.json"], "--output", "--output '': no file name"),
    (
        ["validate", "--jobs", "-1", "good.json"],
        "--jobs",
        "-1: not a whole number of 0 or more (0: one process per CPU)",
    ),
    (
        ["validate", "--jobs", "many", "good.json"],
        "--jobs",
        "many: not a whole number of 0 or more",
    ),
    (
        ["validate", "--max-violations", "-1", "good.json"],
        "--max-violations",
        "-1: not a whole number of 0 or more",
    ),
    (
        ["validate", "--max-violations", "1.5", "good.json"],
        "--max-violations",
        "1.5: not a whole number",
    ),
    (
        ["validate", "--event", "nope", "good.json"],
        "--event",
        "nope: unknown event; known events: ",
    ),
    (
        ["validate", "--event", "job_strat_event", "good.json"],
        "--event",
        "unknown event (did you mean job_start_event?)",
    ),
    (
        ["validate", "--profile", "loose", "good.json"],
        "--profile",
        "loose: not one of strict, lenient",
    ),
    (
        ["validate", "--format", "xml", "good.json"],
        "--format",
        "xml: not one of text, json, junit, github, markdown",
    ),
    (["validate", "--engine", "fast", "good.json"], "--engine", "fast: not one of rs, reference"),
    (["validate", "--jobs"], "--jobs", "--jobs: expected one argument"),
    # -- verify-consumer
    (["verify-consumer", "{url}", "--timeout", "-1"], "--timeout", f"-1: {SECONDS}"),
    (["verify-consumer", "{url}", "--timeout", "0"], "--timeout", f"0: {SECONDS}"),
    (["verify-consumer", "{url}", "--timeout", "nan"], "--timeout", f"nan: {SECONDS}"),
    (["verify-consumer", "{url}", "--timeout", "inf"], "--timeout", f"inf: {SECONDS}"),
    (["verify-consumer", "{url}", "--timeout", "1e12"], "--timeout", f"1e12: {SECONDS}"),
    (["verify-consumer", "{url}", "--timeout", "soon"], "--timeout", f"soon: {SECONDS}"),
    (["verify-consumer", "{url}", "--budget", "0"], "--budget", f"0: {SECONDS}"),
    (["verify-consumer", "{url}", "--budget=-inf"], "--budget", f"-inf: {SECONDS}"),
    (
        ["verify-consumer", "{url}", "--max-examples", "-1"],
        "--max-examples",
        "-1: not a whole number of 0 or more (0 skips fuzzing)",
    ),
    (
        ["verify-consumer", "{url}", "--max-examples", "ten"],
        "--max-examples",
        "ten: not a whole number",
    ),
    (["verify-consumer", "{url}", "--seed", "1.5"], "--seed", "1.5: not a whole number"),
    (
        ["verify-consumer", "{url}", "--format", "html"],
        "--format",
        "html: not one of text, json, junit",
    ),
    (["verify-consumer", "{url}", "--output", "folder"], "--output", "folder: it is a folder"),
    (
        ["verify-consumer", "{url}", "--output", "missing/report.json"],
        "--output",
        "no such folder 'missing'",
    ),
    (
        ["verify-consumer", "ftp://127.0.0.1:{port}/webhook"],
        "URL",
        f"not an http:// or https:// URL; {URL_ACCEPTED}",
    ),
    (["verify-consumer", "127.0.0.1:{port}/webhook"], "URL", "not an http:// or https:// URL"),
    (
        ["verify-consumer", "http://127.0.0.1:notaport/webhook"],
        "URL",
        "port notaport is not a number from 1 to 65535",
    ),
    (
        ["verify-consumer", "http://127.0.0.1:99999/webhook"],
        "URL",
        "port 99999 is not a number from 1 to 65535",
    ),
    (["verify-consumer", "http://127.0.0.1:0/webhook"], "URL", "port 0 cannot be connected to"),
    (["verify-consumer", "http:///webhook"], "URL", "http:///webhook: no host"),
    (["verify-consumer", "http://127.0.0.1:{port}/web hook"], "URL", f"hook': {ENCODED}"),
    (
        ["verify-consumer", "http://127.0.0.1:{port}/\x1b[2J"],
        "URL",
        "\\x1b[2J': spaces, control characters",
    ),
    (["verify-consumer", "http://[::1/webhook"], "URL", "not a URL (Invalid IPv6 URL)"),
    # -- emit
    (["emit", "{url}", "--event", "nope"], "--event", "nope: unknown event; known events: "),
    (
        ["emit", "{url}", "--event", "job_strat_event"],
        "--event",
        "unknown event (did you mean job_start_event?)",
    ),
    (
        ["emit", "{url}", "--event", "url_verification"],
        "--event",
        "url_verification: unknown event",
    ),
    (["emit", "{url}", "--count", "0"], "--count", "0: not a whole number of 1 or more"),
    (["emit", "{url}", "--count", "-3"], "--count", "-3: not a whole number of 1 or more"),
    (["emit", "{url}", "--count", "all"], "--count", "all: not a whole number of 1 or more"),
    (["emit", "{url}", "--seed", "x"], "--seed", "x: not a whole number"),
    (["emit", "{url}", "--timeout", "0"], "--timeout", f"0: {SECONDS}"),
    (["emit", "{url}", "--timeout", "NaN"], "--timeout", f"NaN: {SECONDS}"),
    (
        ["emit", "http://127.0.0.1:notaport/webhook"],
        "URL",
        f"port notaport is not a number from 1 to 65535; {URL_ACCEPTED}",
    ),
    (["emit", "ftp://127.0.0.1:{port}/webhook"], "URL", "not an http:// or https:// URL"),
    (["emit", "http://:{port}/webhook"], "URL", "no host"),
    (
        ["emit", "http://127.0.0.1:{port}/caf\u00e9"],
        "URL",
        "non-ASCII characters must be percent-encoded",
    ),
    # -- listen (a value that slipped through would serve: --port 0, the store in here)
    (
        ["listen", "--port", "99999"],
        "--port",
        "99999: not a port (a whole number from 0 to 65535; 0 picks a free one)",
    ),
    (["listen", "--port", "-1"], "--port", "-1: not a port"),
    (["listen", "--port", "http"], "--port", "http: not a port"),
    (["listen", "--port", "80.5"], "--port", "80.5: not a port"),
    (["listen", "--port"], "--port", "--port: expected one argument"),
    (
        ["listen", "--port", "0", "--host", "999.1.1.1"],
        "--host",
        "999.1.1.1: does not resolve to an address",
    ),
    (
        ["listen", "--port", "0", "--host", "192.0.2.1"],
        "--host",
        "192.0.2.1: cannot listen on 192.0.2.1:0",
    ),
    (["listen", "--port", "0", "--host", "local host"], "--host", "'local host': not an address"),
    (["listen", "--port", "0", "--host", ""], "--host", "'': not an address"),
    (["listen", "--port", "0", "--path", "nohash"], "--path", f"nohash: {WEBHOOK_PATH}"),
    (["listen", "--port", "0", "--path", "/web hook"], "--path", "'/web hook': not a webhook path"),
    (["listen", "--port", "0", "--path", "/hook?x=1"], "--path", "/hook?x=1: not a webhook path"),
    (["listen", "--port", "0", "--path", "/{name}"], "--path", "/{name}: not a webhook path"),
    (["listen", "--port", "0", "--path", ""], "--path", "'': not a webhook path"),
    (
        ["listen", "--port", "0", "--db", "missing/x.db"],
        "--db",
        f"x.db: no such folder 'missing' {DB}",
    ),
    (
        ["listen", "--port", "0", "--db", "/nonexistent/dir/x.db"],
        "--db",
        "no such folder '/nonexistent/dir'",
    ),
    (["listen", "--port", "0", "--db", "folder"], "--db", "folder: it is a folder"),
    (["listen", "--port", "0", "--db", "afile.txt"], "--db", "afile.txt: not an SQLite database"),
    (["listen", "--port", "0", "--db", ""], "--db", "'': no file name"),
    (["listen", "--port", "0", "--timeout", "0"], "--timeout", f"0: {SECONDS}"),
    (["listen", "--port", "0", "--timeout", "-2"], "--timeout", f"-2: {SECONDS}"),
    (
        ["listen", "--port", "0", "--max-connections", "0"],
        "--max-connections",
        "0: not a whole number of 1 or more",
    ),
    (
        ["listen", "--port", "0", "--max-connections", "lots"],
        "--max-connections",
        "lots: not a whole number of 1 or more",
    ),
    # -- diff
    (["diff", "{schema}", "{schema}", "--output", "folder"], "--output", "folder: it is a folder"),
    (
        ["diff", "{schema}", "{schema}", "--output", "missing/diff.txt"],
        "--output",
        "no such folder 'missing'",
    ),
    (
        ["diff", "{schema}", "{schema}", "--consumers", "missing"],
        "--consumers",
        "missing: no such folder",
    ),
    (
        ["diff", "{schema}", "{schema}", "--consumers", "afile.txt"],
        "--consumers",
        "afile.txt: not a folder",
    ),
    (
        ["diff", "{schema}", "{schema}", "--format", "yaml"],
        "--format",
        "yaml: not one of text, json",
    ),
    (
        ["diff", "{schema}", "{schema}", "--require", "both"],
        "--require",
        "both: not one of backward, forward, full, none",
    ),
    # -- gate
    (["gate", "--root", "missing"], "--root", f"missing: no such folder {ROOT_ACCEPTED}"),
    (["gate", "--root", "afile.txt"], "--root", "afile.txt: not a folder"),
    (["gate", "--root", "folder"], "--root", "folder: no schemas/ in it"),
    (["gate", "--skip", "nope"], "--skip", "nope: not a check (the checks are: 'schemas', "),
    (["gate", "--format", "json"], "--format", "json: not one of text, markdown, github"),
    (["gate", "--root", "{root}", "--output", "folder"], "--output", "folder: it is a folder"),
    (
        ["gate", "--root", "{root}", "--output", "missing/gate.md"],
        "--output",
        "no such folder 'missing'",
    ),
    (
        ["gate", "--root", "{root}", "--corpus", "missing.ndjson"],
        "--corpus",
        f"missing.ndjson: {CORPUS}",
    ),
    # -- replay
    (["replay", "{schema}", "--corpus", "missing.ndjson"], "--corpus", f"missing.ndjson: {CORPUS}"),
    (["replay", "{schema}"], "--corpus", "the following arguments are required: --corpus"),
    (
        ["replay", "{schema}", "--corpus", "good.json", "--output", "folder"],
        "--output",
        "folder: it is a folder",
    ),
    (
        ["replay", "{schema}", "--corpus", "good.json", "--root", "missing"],
        "--root",
        "missing: no such folder",
    ),
    (
        ["replay", "{schema}", "--corpus", "good.json", "--format", "xml"],
        "--format",
        "xml: not one of text, json",
    ),
    # -- release
    (["release", "--root", "missing"], "--root", f"missing: no such folder {ROOT_ACCEPTED}"),
    (["release", "--root", "afile.txt"], "--root", "afile.txt: not a folder"),
    (["release", "--root", "folder"], "--root", "folder: no schemas/ in it"),
    # -- the command itself
    (["nope"], "COMMAND", "COMMAND nope: not one of validate, "),
]


@pytest.mark.parametrize(("args", "option", "expected"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_a_bad_value_is_one_line_exit_2_and_no_side_effect(
    args: list[str], option: str, expected: str, workdir: Path, receiver: Recorder
) -> None:
    values = {
        "url": f"http://127.0.0.1:{receiver.port}/webhook",
        "port": str(receiver.port),
        "root": str(ROOT),
        "schema": SCHEMA,
    }
    command = []
    for arg in args:
        for key, value in values.items():
            arg = arg.replace("{" + key + "}", value)
        command.append(arg)
    before = tree(workdir)
    done = cli(*command, cwd=workdir)
    assert done.returncode == 2, done
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "internal error" not in done.stderr
    assert done.stderr.endswith("\n"), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    line = done.stderr.rstrip("\n")
    assert line.startswith("alfred-contracts: error: "), line
    assert option in line, line
    assert expected in line, line
    # no side effect: nothing created, nothing sent
    assert tree(workdir) == before
    assert receiver.connections == []
    assert receiver.requests == []


def test_the_recording_receiver_sees_what_is_sent(workdir: Path, receiver: Recorder) -> None:
    """The control for the test above: a valid emit to the same receiver is recorded."""
    url = f"http://127.0.0.1:{receiver.port}/webhook"
    done = cli("emit", url, "--event", "job_start_event", "--count", "1", cwd=workdir)
    assert done.returncode == 1, done  # the recorder does not answer the handshake right
    assert receiver.requests == ["POST /webhook", "POST /webhook"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["validate", "--output", "locked/report.txt", "good.json"], "--output"),
        (["listen", "--port", "0", "--db", "locked/deliveries.db"], "--db"),
    ],
)
def test_a_folder_that_cannot_be_written_is_refused_first(
    args: list[str], option: str, workdir: Path
) -> None:
    locked = workdir / "locked"
    locked.mkdir(mode=0o555)
    try:
        done = cli(*args, cwd=workdir)
        assert done.returncode == 2, done
        assert done.stderr.count("\n") == 1
        assert done.stderr.startswith(f"alfred-contracts: error: {option} locked/")
        assert "cannot write in the folder 'locked': permission denied" in done.stderr
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["validate", "--output", "folder/report.txt", "good.json"], "--output"),
        (["listen", "--port", "0", "--db", "folder/deliveries.db"], "--db"),
    ],
)
def test_a_folder_the_user_cannot_write_in_is_refused_first(
    args: list[str],
    option: str,
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same, in-process, for a user who may not write in the folder (also as root)."""
    from alfred_contracts.cli import main

    monkeypatch.chdir(workdir)
    monkeypatch.setattr(os, "access", lambda *_args, **_kwargs: False)
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"alfred-contracts: error: {option} folder/")
    assert err.count("\n") == 1
    assert "cannot write in the folder 'folder': permission denied" in err
    assert list((workdir / "folder").iterdir()) == []


# -- a closed standard output ----------------------------------------------------------------


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60,000 invalid events (≈ 7 MB: over the size from which --jobs 2 splits the file),
    each reported on nine lines."""
    from alfred_contracts.validation.pipeline import PARALLEL_FROM

    line = json.dumps({"event": {"event_name": "job_start_event"}, "padding": "x" * 60}) + "\n"
    path = tmp_path_factory.mktemp("closed") / "many.ndjson"
    path.write_text(line * 60_000)
    assert path.stat().st_size > PARALLEL_FROM
    return path


@pytest.mark.parametrize(
    "options",
    [["--jobs", "1"], ["--jobs", "2"], ["--format", "json", "--jobs", "1"], ["--format", "github"]],
    ids=" ".join,
)
def test_a_closed_standard_output_ends_quietly(capture: Path, options: list[str]) -> None:
    """``validate many.ndjson | head -2``: the reader goes away after a few lines."""
    process = subprocess.Popen(
        [str(CLI), "validate", *options, str(capture)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert len(process.stdout.read(200)) == 200
    process.stdout.close()  # as head does once it has its lines
    try:
        err = process.stderr.read()
        code = process.wait(timeout=120)
    finally:
        process.kill()
        process.wait()
    assert err == b""  # neither "cannot read 'many.ndjson': Broken pipe" nor a traceback
    assert code == EXIT_CLOSED_OUTPUT


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "args",
    [["--version"], ["validate", "--help"], ["validate", str(GOOD)], ["diff", SCHEMA, SCHEMA]],
    ids=" ".join,
)
def test_output_closed_before_a_command_prints_ends_quietly(
    args: list[str], buffered: bool
) -> None:
    """Short output, the reader gone before the first write (even at exit, when Python
    flushes what is buffered)."""
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        [str(CLI), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdout is not None
    process.stdout.close()  # before the process has even started Python
    _out, err = process.communicate(timeout=120)
    assert err == b""
    assert process.returncode == EXIT_CLOSED_OUTPUT


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [
        ["validate", "CAPTURE"],
        ["validate", "--format", "json", "CAPTURE"],
        ["example", "job_start_event"],
        ["--help"],
    ],
)
def test_a_full_disk_is_one_line_not_a_bug(tmp_path: Path, args: list[str]) -> None:
    """A write the system refuses is a tool error in one line, never blamed on the input
    being read and never an "internal error"."""
    capture = tmp_path / "capture.ndjson"
    capture.write_text('{"event": 1}\n' * 5000)
    argv = [str(capture) if arg == "CAPTURE" else arg for arg in args]
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(CLI), *argv], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
        )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "No space left on device" in lines[0]
    assert "internal error" not in lines[0]
    assert "cannot read" not in lines[0]

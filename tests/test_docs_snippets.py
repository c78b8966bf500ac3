"""Every shell, JSON, Python and YAML snippet in the hand-written docs runs as a test.

Conventions (see CONTRIBUTING.md):

* A ``console`` block holds commands (``$ ...``) each followed by its exact output
  (a ``...`` line stands for any number of lines). Commands run in an empty scratch folder
  that holds only the files written by earlier snippets, so a page shows a reader with
  nothing but the package installed; the package's schemas and examples come from
  ``alfred-contracts schema`` and ``alfred-contracts example``, never from a checkout.
* A block titled with a file name, ```` ```python title="handler.py" ```` (the site shows
  the title above the block), is written to that file in the scratch folder. The older
  form, ``<!-- snippet: KIND file=NAME -->`` before the block, still works, for blocks that
  other tests find by it; the name must then be shown in the text just before the block.
  A ``.ndjson``/``.jsonl`` file (or ``<!-- snippet: ndjson -->``) is a capture, written
  as is (it may hold broken lines on purpose).
* ``<!-- snippet: KIND expect=valid|lenient -->`` before a block says how the payload
  must fare under the contract.
* ``<!-- snippet: project -->`` before a block marks a page about a contract project
  (the gate, releases, code generation): from that block on, the scratch folder is also
  such a project, with this checkout's ``schemas/``, ``contracts/`` and the rest of what
  the gate reads linked in.
* Any other ``json`` block must parse; if it is an Alfred event it must be valid.
* ``yaml`` blocks must parse, and every ``alfred-contracts`` command in them must be
  accepted by the real argument parser.
* ``sh``/``bash`` blocks must exit 0; ``python`` and ``js`` blocks must compile (``js`` by
  ``node --check``; tests/test_javascript.py runs the JavaScript guide's modules).
* ``<!-- snippet: background port=PORT ready=PATH -->`` before a ``console`` block starts
  its one command as a server on a port the system picks (the command says ``--port 0``)
  and reads the URL from the first line the server prints. ``PORT`` is the port the page
  shows in its place: from there on, ``:PORT`` in every snippet of the page stands for
  the real port. The test waits until ``PATH`` on that port answers; as the server holds
  that port, whatever answers is the server this page started. The server is stopped
  (SIGINT) at the end of the page and what it printed is compared with the block's
  output lines.
* An expected output line holding ``*`` is a wildcard pattern (timings, timestamps).
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from alfred_contracts import validate
from alfred_contracts.cli import build_parser
from servers import first_line

from conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md"))
FENCE = re.compile(
    r"(?:<!-- snippet: (?P<meta>[^>]*?) -->\n)?```(?P<lang>[\w-]*)(?P<info>[^\n]*)\n"
    r"(?P<body>.*?)^```$",
    re.DOTALL | re.MULTILINE,
)
TITLE = re.compile(r'\btitle="(?P<title>[^"]+)"')
#: what a page about a contract project acts on, linked from this checkout
PROJECT = ("contracts", "schemas", "generated", "src", "docs", "tools", "mkdocs.yml")
#: how far before a block (with its old, hidden ``file=`` comment) its file must be named
NAMED_WITHIN = 400


@dataclass
class Snippet:
    lang: str
    body: str
    meta: dict[str, str]
    #: the text of the page before the block (where a hidden file name must be shown)
    before: str = ""

    @property
    def file(self) -> str | None:
        """The file the block is saved as: its visible title, else its ``file=`` comment."""
        return self.meta.get("title") or self.meta.get("file")

    @property
    def is_capture(self) -> bool:
        return self.meta.get("kind") == "ndjson" or (self.file or "").endswith(
            (".ndjson", ".jsonl")
        )


def snippets(page: Path) -> list[Snippet]:
    found = []
    text = page.read_text("utf-8")
    for match in FENCE.finditer(text):
        words = (match["meta"] or "").split()
        meta = dict(w.split("=", 1) for w in words if "=" in w)
        if words:
            meta["kind"] = words[0]
        title = TITLE.search(match["info"])
        if title:
            meta["title"] = title["title"]
        before = text[max(0, match.start() - NAMED_WITHIN) : match.start()]
        found.append(Snippet(match["lang"], match["body"], meta, before))
    return found


def _matches(expected: list[str], actual: list[str]) -> bool:
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    if not actual:
        return False
    pattern, line = expected[0], actual[0]
    same = pattern == line or ("*" in pattern and fnmatch.fnmatchcase(line, pattern))
    return same and _matches(expected[1:], actual[1:])


def _console(body: str) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return steps


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR",)}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["NO_COLOR"] = "1"
    return env


def _check_json(snippet: Snippet) -> None:
    if snippet.is_capture:
        return  # a capture, written as is (it may hold broken lines on purpose)
    value = json.loads(snippet.body)
    expect = snippet.meta.get("expect")
    is_event = isinstance(value, dict) and "event" in value
    if expect == "lenient":
        assert validate(value), "meant to fail the strict profile"
        assert validate(value, profile="lenient") == ()
    elif expect == "valid" or is_event:
        assert validate(value) == (), snippet.body


def _check_js(snippet: Snippet, folder: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to check the JavaScript snippets (apt-get install nodejs)"
    source = folder / "snippet-check.mjs"
    source.write_text(snippet.body, "utf-8")
    done = subprocess.run([node, "--check", str(source)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _check_yaml(snippet: Snippet) -> None:
    document = yaml.safe_load(snippet.body)
    commands: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            for item in node.values():
                collect(item)
        elif isinstance(node, list):
            for item in node:
                collect(item)
        elif isinstance(node, str) and node.startswith("alfred-contracts "):
            commands.append(node)

    collect(document)
    for command in commands:
        parser = build_parser()
        parser.parse_args(shlex.split(command)[1:])  # exits (fails the test) when invalid


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_file_a_snippet_writes_is_named_visibly(page: Path) -> None:
    for snippet in snippets(page):
        if snippet.file is None or "title" in snippet.meta:
            continue  # no file, or a title the site shows above the block
        assert f"`{snippet.file}`" in snippet.before, (
            f"{snippet.file}: give the block a title (```{snippet.lang} "
            f'title="{snippet.file}"), or name the file in the text before it'
        )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_snippets_run(page: Path, tmp_path: Path) -> None:
    env = _environment()
    ran = 0
    servers: list[Server] = []
    try:
        ran = _run_page(page, tmp_path, env, servers)
    finally:
        for server in servers:
            if server.process.poll() is None:
                server.process.send_signal(signal.SIGINT)
    for server in servers:
        out, err = server.process.communicate(timeout=20)
        actual = [server.first, *(out + err).splitlines()]
        assert _matches(server.expected, actual), (
            f"$ {server.command} (in the background)\n" + "\n".join(actual)
        )
    if page.parent.name == "guides":
        assert ran, "a guide without a tested snippet"


URL = re.compile(r"http://(?P<host>127\.0\.0\.1|localhost):(?P<port>[1-9][0-9]*)/")


@dataclass
class Server:
    process: subprocess.Popen[str]
    command: str
    expected: list[str]
    first: str  #: the first line it printed (read to learn its port)
    port: str


def _start(command: str, ready: str, cwd: Path, env: dict[str, str]) -> Server:
    assert " --port 0 " in f"{command} ", f"$ {command}: a background server takes --port 0"
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command}"], cwd=cwd, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    first = first_line(process).rstrip("\n")
    found = URL.search(first)
    if found is None:
        process.kill()
        raise AssertionError(f"$ {command}: the first line names no URL: {first!r}")
    url = f"http://{found['host']}:{found['port']}{ready}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return Server(process, command, [], first, found["port"])
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"$ {command}: nothing answered at {url}")


def _with_port(body: str, shown: str | None, real: str | None) -> str:
    """``body`` with the port the page shows replaced by the real one."""
    if shown is None or real is None:
        return body
    return re.sub(rf":{re.escape(shown)}\b", f":{real}", body)


def _run_page(
    page: Path,
    tmp_path: Path,
    env: dict[str, str],
    servers: list[Server],
) -> int:
    ran = 0
    shown: str | None = None  # the port the page shows for the background server
    real: str | None = None  # the port that server really has
    for found in snippets(page):
        snippet = Snippet(found.lang, _with_port(found.body, shown, real), found.meta)
        if snippet.meta.get("kind") == "project" and not (tmp_path / "schemas").exists():
            # the project the commands act on (found from the current folder, as git finds
            # its repository): what the gate reads, linked from this checkout
            for folder in PROJECT:
                (tmp_path / folder).symlink_to(ROOT / folder)
        if snippet.meta.get("kind") == "background":
            assert shown is None, "one background server a page"
            ((command, expected),) = _console(snippet.body)
            server = _start(command, snippet.meta["ready"], tmp_path, env)
            servers.append(server)
            shown, real = snippet.meta["port"], server.port
            server.expected = [_with_port(line, shown, real) for line in expected]
            ran += 1
            continue
        if snippet.file is not None:
            (tmp_path / snippet.file).write_text(snippet.body, "utf-8")
        if snippet.lang == "json":
            _check_json(snippet)
        elif snippet.lang == "yaml":
            _check_yaml(snippet)
        elif snippet.lang == "python":
            compile(snippet.body, str(page), "exec")
        elif snippet.lang == "js":  # must parse; tests/test_javascript.py runs the guide's
            _check_js(snippet, tmp_path)
        elif snippet.lang in ("sh", "bash"):
            done = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", snippet.body],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert done.returncode == 0, done.stdout + done.stderr
        elif snippet.lang == "console":
            for command, expected in _console(snippet.body):
                done = subprocess.run(  # one stream, interleaved as a terminal shows it
                    ["bash", "-c", command],
                    cwd=tmp_path,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    timeout=120,
                )
                actual = done.stdout.splitlines()
                assert _matches(expected, actual), f"$ {command}\n" + "\n".join(actual)
        else:
            assert snippet.lang in ("mermaid", "text", ""), f"no runner for {snippet.lang!r}"
            continue
        ran += 1
    return ran


def test_the_harness_can_fail(tmp_path: Path) -> None:
    assert not _matches(["a", "b"], ["a", "c"])
    assert _matches(["a", "...", "z"], ["a", "b", "c", "z"])
    with pytest.raises(json.JSONDecodeError):
        _check_json(Snippet("json", "{broken", {}))
    with pytest.raises(AssertionError):
        _check_json(Snippet("json", '{"event": {"event_name": "job_start_event"}}', {}))
    with pytest.raises(SystemExit):
        _check_yaml(Snippet("yaml", "run: alfred-contracts validate --fromat json x", {}))
    shown = "emit http://127.0.0.1:8799/webhook; port 8799; :87990"
    assert _with_port(shown, "8799", "41234") == (
        "emit http://127.0.0.1:41234/webhook; port 8799; :87990"
    )
    assert _with_port(shown, None, None) == shown


def test_the_harness_reads_titles_and_old_comments(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        'Save it:\n\n```python title="handler.py"\nprint(1)\n```\n\n'
        "<!-- snippet: json expect=valid -->\n"
        '```json title="capture.ndjson"\n{"a":\n```\n\n'
        "Save this as `old.py`:\n\n<!-- snippet: python file=old.py -->\n```python\nx = 1\n```\n"
        "<!-- snippet: project -->\n```console\n$ true\n```\n",
        "utf-8",
    )
    titled, capture, old, project = snippets(page)
    assert (titled.file, titled.lang, titled.body) == ("handler.py", "python", "print(1)\n")
    assert capture.is_capture
    assert capture.meta["expect"] == "valid"
    _check_json(capture)  # a capture is written as is, never parsed
    assert old.file == "old.py"
    assert not old.is_capture
    assert "`old.py`" in old.before
    assert project.meta["kind"] == "project"
    assert project.file is None

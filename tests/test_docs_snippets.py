"""Every shell, JSON, Python and YAML snippet in the hand-written docs runs as a test.

Conventions (see CONTRIBUTING.md):

* A ``console`` block holds commands (``$ ...``) each followed by its exact output
  (a ``...`` line stands for any number of lines). Commands run in a scratch folder that
  has ``contracts/`` and ``schemas/`` and every file written by earlier snippets.
* ``<!-- snippet: KIND file=NAME expect=valid|lenient -->`` before a block writes it to
  ``NAME`` in that folder; ``expect`` says how the payload must fare under the contract.
* Any other ``json`` block must parse; if it is an Alfred event it must be valid.
* ``yaml`` blocks must parse, and every ``alfred-contracts`` command in them must be
  accepted by the real argument parser.
* ``sh``/``bash`` blocks must exit 0; ``python`` blocks must compile.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from alfred_contracts import validate
from alfred_contracts.cli import build_parser

from conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md"))
FENCE = re.compile(
    r"(?:<!-- snippet: (?P<meta>[^>]*?) -->\n)?```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```$",
    re.DOTALL | re.MULTILINE,
)


@dataclass
class Snippet:
    lang: str
    body: str
    meta: dict[str, str]


def snippets(page: Path) -> list[Snippet]:
    found = []
    for match in FENCE.finditer(page.read_text("utf-8")):
        words = (match["meta"] or "").split()
        meta = dict(w.split("=", 1) for w in words if "=" in w)
        if words:
            meta["kind"] = words[0]
        found.append(Snippet(match["lang"], match["body"], meta))
    return found


def _matches(expected: list[str], actual: list[str]) -> bool:
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and _matches(expected[1:], actual[1:])


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
    if snippet.meta.get("kind") == "ndjson":
        return  # a capture, written as is (it may hold broken lines on purpose)
    value = json.loads(snippet.body)
    expect = snippet.meta.get("expect")
    is_event = isinstance(value, dict) and "event" in value
    if expect == "lenient":
        assert validate(value), "meant to fail the strict profile"
        assert validate(value, profile="lenient") == ()
    elif expect == "valid" or is_event:
        assert validate(value) == (), snippet.body


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
def test_snippets_run(page: Path, tmp_path: Path) -> None:
    for folder in ("contracts", "schemas"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    env = _environment()
    ran = 0
    for snippet in snippets(page):
        if "file" in snippet.meta:
            (tmp_path / snippet.meta["file"]).write_text(snippet.body, "utf-8")
        if snippet.lang == "json":
            _check_json(snippet)
        elif snippet.lang == "yaml":
            _check_yaml(snippet)
        elif snippet.lang == "python":
            compile(snippet.body, str(page), "exec")
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
                done = subprocess.run(
                    ["bash", "-c", command],
                    cwd=tmp_path,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=120,
                )
                actual = (done.stdout + done.stderr).splitlines()
                assert _matches(expected, actual), f"$ {command}\n" + "\n".join(actual)
        else:
            assert snippet.lang in ("mermaid", "text", ""), f"no runner for {snippet.lang!r}"
            continue
        ran += 1
    if page.parent.name == "guides":
        assert ran, "a guide without a tested snippet"


def test_the_harness_can_fail(tmp_path: Path) -> None:
    assert not _matches(["a", "b"], ["a", "c"])
    assert _matches(["a", "...", "z"], ["a", "b", "c", "z"])
    with pytest.raises(json.JSONDecodeError):
        _check_json(Snippet("json", "{broken", {}))
    with pytest.raises(AssertionError):
        _check_json(Snippet("json", '{"event": {"event_name": "job_start_event"}}', {}))
    with pytest.raises(SystemExit):
        _check_yaml(Snippet("yaml", "run: alfred-contracts validate --fromat json x", {}))

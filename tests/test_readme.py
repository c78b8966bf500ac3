"""The README's snippets run, in an empty folder with only the package installed: the
library tour as a script, the test tour under pytest, the tour of ``validate`` as shell
commands with their exact output."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
TOUR = README.split("## A tour of `validate`", 1)[1].split("### Usage", 1)[0]
CONSOLE = re.findall(r"```console\n(.*?)```", TOUR, re.DOTALL)
#: commands of the tour that act on what a reader has and this test has not
NOT_RUN = ("month.ndjson",)


def test_readme_has_the_two_snippets() -> None:
    assert len(BLOCKS) == 2


def test_library_tour_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "tour.py"
    script.write_text(BLOCKS[0], "utf-8")
    monkeypatch.chdir(tmp_path)  # the package's own data, never the checkout's files
    runpy.run_path(str(script), run_name="__main__")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("e91d6c28-4a7f-4b3e-a0c5-9f82d1e6b734 2023-05-27T01:20:00+02:00")
    assert '/ missing required property "event_id"' in out


def test_testing_tour_runs_under_pytest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_tour=BLOCKS[1])
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*job_start_event payload does not conform (profile lenient): 9 violations",
            '*(document): missing required property "event_id"',
        ]
    )


def _matches(expected: list[str], actual: list[str]) -> bool:
    if expected == ["..."] or (expected and expected[0] == "..."):
        return any(_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    if not expected or not actual:
        return expected == actual
    return expected[0] == actual[0] and _matches(expected[1:], actual[1:])


def test_the_validate_tour_runs_in_an_empty_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR",)}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["NO_COLOR"] = "1"
    ran = 0
    for block in CONSOLE:
        if any(marker in block for marker in NOT_RUN):
            continue
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
        status = 0
        for command, expected in steps:
            if command == "echo $?":  # the exit code of the command before it
                assert expected == [str(status)]
                continue
            done = subprocess.run(
                ["bash", "-c", command], cwd=tmp_path, env=env, text=True, timeout=120,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            )  # fmt: skip
            actual = done.stdout.splitlines()
            assert _matches(expected, actual), f"$ {command}\n" + done.stdout
            status = done.returncode
            ran += 1
    assert ran >= 8
    assert (tmp_path / "capture.ndjson").is_file()  # the tour made the capture it validates

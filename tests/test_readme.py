"""The README's Python snippets run: the library tour as a script, the test tour under pytest."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

from conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.DOTALL)


def test_readme_has_the_two_snippets() -> None:
    assert len(BLOCKS) == 2


def test_library_tour_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "tour.py"
    script.write_text(BLOCKS[0], "utf-8")
    monkeypatch.chdir(ROOT)
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

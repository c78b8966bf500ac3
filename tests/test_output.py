"""``--output`` writes like an editor: through symlinks, never replacing a device or pipe,
atomically for regular files, with the umask's mode (or the existing file's)."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from alfred_contracts.cli import main

EVENT = Path(__file__).parent.parent / "contracts" / "examples" / "job_start_event"


def _example() -> str:
    return str(sorted(EVENT.glob("*.json"))[0])


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main(["validate", "--format", "json", "--output", str(link), _example()]) == 0
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert isinstance(json.loads(real.read_text()), dict)  # the report, not "old"


def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    assert main(["validate", "--format", "json", "--output", str(pipe), _example()]) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert received
    assert received[0].strip().startswith(b"{")


def test_new_reports_take_the_umask_and_existing_ones_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.json"
        assert main(["validate", "--format", "json", "--output", str(fresh), _example()]) == 0
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
        kept = tmp_path / "kept.json"
        kept.write_text("")
        kept.chmod(0o604)
        assert main(["validate", "--format", "json", "--output", str(kept), _example()]) == 0
        assert stat.S_IMODE(kept.stat().st_mode) == 0o604
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_folder_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--output", str(tmp_path), _example()]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "it is a folder" in err

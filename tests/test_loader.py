"""The load stage: sources, NDJSON streaming in constant memory, stdin, unreadable paths."""

from __future__ import annotations

import io
import os
import tracemalloc
from pathlib import Path

import pytest

from alfred_contracts.errors import SourceError
from alfred_contracts.parsing import ParseFailure
from alfred_contracts.validation import loader

EVENT = (
    (Path(__file__).parent.parent / "contracts/examples/job_start_event/compact_one_line.json")
    .read_bytes()
    .strip()
)


def _records(path: Path) -> list[tuple[int | None, object]]:
    (source,) = loader.discover([str(path)])
    return list(loader.records(source))


def test_ndjson_lines_are_numbered_and_a_broken_line_does_not_stop_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "capture.ndjson"
    path.write_bytes(EVENT + b"\n{broken\n\n" + EVENT + b"\r\n   \n" + EVENT)
    got = _records(path)
    assert [line for line, _ in got] == [1, 2, 4, 6]
    assert isinstance(got[1][1], ParseFailure)
    assert all(isinstance(value, dict) for _, value in (got[0], got[2], got[3]))


def test_jsonl_is_ndjson_too(tmp_path: Path) -> None:
    path = tmp_path / "capture.JSONL"
    path.write_bytes(EVENT + b"\n" + EVENT + b"\n")
    assert [line for line, _ in _records(path)] == [1, 2]


def test_an_over_long_line_is_reported_and_skipped_without_holding_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_DOCUMENT_BYTES", 1000)
    monkeypatch.setattr(loader, "BLOCK", 64)
    path = tmp_path / "long.ndjson"
    path.write_bytes(EVENT + b"\n" + b"x" * 5000 + b"\n" + EVENT + b"\n" + b"y" * 3000)
    got = list(loader._ndjson_records(loader.lines(path.open("rb"))))
    assert [line for line, _ in got] == [1, 2, 3, 4]
    assert isinstance(got[1][1], ParseFailure)
    assert "over the" in got[1][1].problems[0][2]
    assert isinstance(got[2][1], dict)
    assert isinstance(got[3][1], ParseFailure)


@pytest.mark.parametrize("block", [1, 2, 7, 64, 1 << 20])
def test_line_splitting_does_not_depend_on_block_size(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "BLOCK", block)
    data = b"a\n\nbb\nccc\r\nd"
    assert list(loader.lines(io.BytesIO(data))) == [
        (1, b"a"),
        (2, b""),
        (3, b"bb"),
        (4, b"ccc\r"),
        (5, b"d"),
    ]


def test_streaming_a_large_file_keeps_memory_flat(tmp_path: Path) -> None:
    path = tmp_path / "big.ndjson"
    line = EVENT + b"\n"
    with path.open("wb") as handle:
        for _ in range(48):
            handle.write(line * 2000)  # ~30 MiB in all
    size = path.stat().st_size
    (source,) = loader.discover([str(path)])
    tracemalloc.start()
    count = sum(1 for _ in loader.records(source))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 96_000
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes for a {size}-byte file"


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    for name in ("b/2.json", "a/z.ndjson", "a/1.json", "top.jsonl", "notes.txt", "a/x.yaml"):
        (tmp_path / name).write_bytes(EVENT)
    labels = [s.label for s in loader.discover([str(tmp_path)])]
    base = str(tmp_path)
    assert labels == [
        os.path.join(base, p) for p in ("top.jsonl", "a/1.json", "a/z.ndjson", "b/2.json")
    ]


def test_missing_path_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="no such file or directory"):
        loader.discover(["/nonexistent/capture.ndjson"])


def test_empty_folder_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"no \.json, \.ndjson or \.jsonl files"):
        loader.discover([str(tmp_path)])


def test_broken_link_is_a_source_error(tmp_path: Path) -> None:
    (tmp_path / "gone.json").symlink_to(tmp_path / "nowhere.json")
    with pytest.raises(SourceError, match="broken link"):
        loader.discover([str(tmp_path / "gone.json")])
    with pytest.raises(SourceError, match="broken link"):
        loader.discover([str(tmp_path)])


def test_unreadable_file_is_a_source_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.json"
    path.write_bytes(EVENT)
    (source,) = loader.discover([str(path)])

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(SourceError, match=r"cannot read .*Permission denied"):
        list(loader.records(source))


def _stdin(data: bytes) -> list[tuple[int | None, object]]:
    return list(loader._stdin_records(io.BytesIO(data)))


def test_stdin_with_one_document_per_line_is_ndjson() -> None:
    got = _stdin(b"\n" + EVENT + b"\n{oops\n" + EVENT + b"\n")
    assert [line for line, _ in got] == [2, 3, 4]
    assert isinstance(got[1][1], ParseFailure)


def test_stdin_with_a_pretty_printed_document_is_one_document() -> None:
    pretty = b'{\n  "event": {\n    "event_name": "x"\n  }\n}\n'
    assert _stdin(pretty) == [(None, {"event": {"event_name": "x"}})]


def test_empty_stdin_is_an_empty_document() -> None:
    ((line, value),) = _stdin(b"")
    assert line is None
    assert isinstance(value, ParseFailure)
    assert "empty" in value.problems[0][2]


def test_stdin_over_the_limit_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_DOCUMENT_BYTES", 100)
    ((_line, value),) = _stdin(b"{\n" + b" " * 500 + b"}")
    assert isinstance(value, ParseFailure)

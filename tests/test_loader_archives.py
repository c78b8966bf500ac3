"""Captures as they are stored: .gz and .zst files, and fsspec URLs (memory://, file://).

No test touches the network: URLs are memory:// (one process) and file://; s3:// is used
only where the filesystem's package is missing, so nothing is ever fetched.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import uuid4

import fsspec
import pytest
import zstandard

from alfred_contracts.cli import main
from alfred_contracts.errors import MissingExtra, SourceError
from alfred_contracts.parsing import ParseFailure
from alfred_contracts.validation import loader, pipeline

from conftest import EXAMPLES

EVENT = (EXAMPLES / "job_start_event" / "compact_one_line.json").read_bytes().strip()
#: an event that breaks the contract (its other fields are missing)
BAD = b'{"event": {"event_name": "job_start_event"}}'
CAPTURE = b"\n".join([EVENT, b"{broken", b"", BAD, EVENT]) + b"\n"


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _zstd(data: bytes) -> bytes:
    return zstandard.ZstdCompressor(write_checksum=True).compress(data)


COMPRESS: dict[str, Callable[[bytes], bytes]] = {".gz": _gzip, ".zst": _zstd}


def _records(argument: str) -> list[tuple[int | None, object]]:
    found = loader.discover([argument])
    return [record for source in found for record in loader.records(source)]


def _shape(records: list[tuple[int | None, object]]) -> list[tuple[int | None, object]]:
    """Records with failures reduced to their problems (ParseFailure compares by value)."""
    return [(n, v.problems if isinstance(v, ParseFailure) else v) for n, v in records]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def memory() -> Iterator[str]:
    """A fresh memory:// folder (the memory filesystem is one per process), removed after."""
    root = f"memory://captures-{uuid4().hex}"
    yield root
    fs = fsspec.filesystem("memory")
    if fs.exists(root):
        fs.rm(root, recursive=True)


# -- compressed files ------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
def test_a_compressed_capture_reads_as_the_plain_one(tmp_path: Path, suffix: str) -> None:
    plain = tmp_path / "capture.ndjson"
    plain.write_bytes(CAPTURE)
    packed = tmp_path / f"capture.jsonl{suffix.upper()}"  # suffixes in any case
    packed.write_bytes(COMPRESS[suffix](CAPTURE))
    (source,) = loader.discover([str(packed)])
    assert (source.kind, source.compression, source.plain) == (
        "ndjson",
        {".gz": "gzip", ".zst": "zstd"}[suffix],
        False,
    )
    assert _shape(_records(str(packed))) == _shape(_records(str(plain)))
    assert [n for n, _ in _records(str(packed))] == [1, 2, 4, 5]


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
def test_a_compressed_single_document(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"event.json{suffix}"
    path.write_bytes(COMPRESS[suffix](b"{\n  " + EVENT[1:]))  # pretty-ish: not one line
    ((line, value),) = _records(str(path))
    assert line is None
    assert value == json.loads(EVENT)


def test_a_compressed_single_document_over_the_limit_is_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_DOCUMENT_BYTES", 1000)
    path = tmp_path / "big.json.gz"
    path.write_bytes(_gzip(b" " * 10_000_000 + EVENT))
    ((_line, value),) = _records(str(path))
    assert isinstance(value, ParseFailure)
    assert "over the" in value.problems[0][2]


def test_multi_member_gzip_and_concatenated_zstd_frames_are_read_to_the_end(
    tmp_path: Path,
) -> None:
    lines = [EVENT.replace(b"job_start_event", b"job_start_event", 1) for _ in range(6)]
    parts = [b"\n".join(lines[:2]) + b"\n", b"\n".join(lines[2:5]) + b"\n", lines[5] + b"\n"]
    gz = tmp_path / "members.ndjson.gz"
    gz.write_bytes(b"".join(_gzip(part) for part in parts))
    skippable = b"\x5a\x2a\x4d\x18" + (5).to_bytes(4, "little") + b"hello"
    plain_frame = zstandard.ZstdCompressor(write_content_size=False).compress(parts[1])
    zst = tmp_path / "frames.ndjson.zst"
    zst.write_bytes(_zstd(parts[0]) + skippable + plain_frame + _zstd(parts[2]))
    for path in (gz, zst):
        got = _records(str(path))
        assert [n for n, _ in got] == [1, 2, 3, 4, 5, 6], path
        assert all(isinstance(v, dict) for _, v in got)


def test_the_zstd_frame_follower_knows_where_frames_end() -> None:
    """Every prefix of a stream is cut short except those that end between frames."""
    one = _zstd(CAPTURE)
    two = zstandard.ZstdCompressor(level=1, write_content_size=False).compress(CAPTURE * 50)
    skippable = b"\x50\x2a\x4d\x18" + (3).to_bytes(4, "little") + b"abc"
    stream = one + two + skippable
    boundaries = {0, len(one), len(one) + len(two), len(stream)}
    for end in range(len(stream) + 1):
        import io

        frames = loader.ZstdFrames(io.BytesIO(stream[:end]))
        while frames.read(7):
            pass
        assert (frames.check() is None) == (end in boundaries), end


@pytest.mark.parametrize("block", [1, 5, 64, 1 << 20])
def test_compressed_reading_does_not_depend_on_block_size(
    tmp_path: Path, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "BLOCK", block)
    for suffix, pack in COMPRESS.items():
        path = tmp_path / f"small.ndjson{suffix}"
        path.write_bytes(pack(b"a\n\nbb\nccc\r\nd"))
        (source,) = loader.discover([str(path)])
        with loader.opened(source) as handle:
            assert list(loader.lines(handle)) == [
                (1, b"a"),
                (2, b""),
                (3, b"bb"),
                (4, b"ccc\r"),
                (5, b"d"),
            ]


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
def test_an_over_long_line_inside_a_compressed_file_is_bounded(
    tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_DOCUMENT_BYTES", 1000)
    monkeypatch.setattr(loader, "BLOCK", 64)
    path = tmp_path / f"long.ndjson{suffix}"
    path.write_bytes(COMPRESS[suffix](EVENT + b"\n" + b"x" * 50_000 + b"\n" + EVENT + b"\n"))
    got = _records(str(path))
    assert [n for n, _ in got] == [1, 2, 3]
    assert isinstance(got[1][1], ParseFailure)
    assert "over the" in got[1][1].problems[0][2]
    assert isinstance(got[2][1], dict)


# -- folders ---------------------------------------------------------------------------


def test_folders_include_compressed_captures_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    files = {
        "top.jsonl.zst": _zstd(EVENT),
        "a/1.json.gz": _gzip(EVENT),
        "a/2.ndjson": EVENT,
        "a/3.NDJSON.GZ": _gzip(EVENT),
        "b.json": EVENT,
        "notes.txt.gz": _gzip(b"notes"),
        "raw.gz": _gzip(EVENT),
        "x.zst.json.txt": EVENT,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    found = loader.discover([str(tmp_path)])
    base = str(tmp_path)
    assert [s.label for s in found] == [
        os.path.join(base, p)
        for p in ("b.json", "top.jsonl.zst", "a/1.json.gz", "a/2.ndjson", "a/3.NDJSON.GZ")
    ]
    assert [(s.kind, s.compression, s.plain) for s in found] == [
        ("json", None, True),
        ("ndjson", "zstd", False),
        ("json", "gzip", False),
        ("ndjson", None, True),
        ("ndjson", "gzip", False),
    ]
    assert all(isinstance(v, dict) for _, v in _records(str(tmp_path)))


# -- URLs ------------------------------------------------------------------------------


def test_a_memory_url_naming_an_object_is_one_source(memory: str) -> None:
    fs = fsspec.filesystem("memory")
    fs.pipe(f"{memory}/day.ndjson.gz", _gzip(CAPTURE))
    fs.pipe(f"{memory}/one.json", EVENT)
    (source,) = loader.discover([f"{memory}/day.ndjson.gz"])
    assert (source.label, source.kind, source.compression) == (
        f"{memory}/day.ndjson.gz",
        "ndjson",
        "gzip",
    )
    assert (source.path, source.plain) == (None, False)
    assert [n for n, _ in loader.records(source)] == [1, 2, 4, 5]
    ((line, value),) = _records(f"{memory}/one.json")
    assert (line, value) == (None, json.loads(EVENT))


def test_a_memory_directory_and_a_glob_expand_to_captures_in_sorted_order(memory: str) -> None:
    fs = fsspec.filesystem("memory")
    for name in ("z.ndjson", "a/2.jsonl.zst", "a/1.json.gz", "b/c/deep.json", "notes.txt"):
        data = EVENT + b"\n"
        fs.pipe(f"{memory}/{name}", _zstd(data) if name.endswith(".zst") else data)
    fs.pipe(f"{memory}/a/1.json.gz", _gzip(EVENT))
    labels = [s.label for s in loader.discover([memory])]
    assert labels == [
        f"{memory}/z.ndjson",
        f"{memory}/a/1.json.gz",
        f"{memory}/a/2.jsonl.zst",
        f"{memory}/b/c/deep.json",
    ]
    assert [s.label for s in loader.discover([memory + "/"])] == labels  # a trailing slash
    assert [s.label for s in loader.discover([f"{memory}/a/*"])] == labels[1:3]
    assert [s.label for s in loader.discover([f"{memory}/*/*.json*"])] == labels[1:3]
    assert (
        [s.label for s in loader.discover([f"{memory}/*"])]
        == [  # folders matched: walked
            labels[0],
            *labels[1:],
        ]
    )
    assert len(_records(memory)) == 4
    with pytest.raises(SourceError, match=r"no \.json, \.ndjson or \.jsonl files match"):
        loader.discover([f"{memory}/*.txt"])


def test_file_urls_are_local_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "day.ndjson").write_bytes(CAPTURE)
    (tmp_path / "sub" / "day2.ndjson.gz").write_bytes(_gzip(CAPTURE))
    url = f"file://{tmp_path}"
    found = loader.discover([url])
    assert [s.label for s in found] == [f"{url}/sub/day.ndjson", f"{url}/sub/day2.ndjson.gz"]
    assert [(s.path, s.plain) for s in found] == [
        (tmp_path / "sub" / "day.ndjson", True),  # a plain local file: --jobs can split it
        (tmp_path / "sub" / "day2.ndjson.gz", False),
    ]
    assert [s.label for s in loader.discover([f"{url}/*/*.gz"])] == [found[1].label]
    assert _shape(_records(found[1].label)) == _shape(_records(found[0].label))


def test_labels_never_show_credentials(
    memory: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = memory.replace("memory://", "memory://user:s3cr@t@")
    fsspec.filesystem("memory").pipe(f"{secret}/day.ndjson", BAD + b"\n")
    (source,) = loader.discover([f"{secret}/day.ndjson"])
    assert source.label == f"{memory}/day.ndjson"
    assert "s3cr" not in repr(source)
    try:
        code, out, err = run(capsys, "validate", f"{secret}/day.ndjson")
        assert (code, err) == (1, "")
        assert out.startswith(f"{memory}/day.ndjson:1: ")
        assert "s3cr" not in out
        code, out, err = run(capsys, "validate", f"{secret}/gone.ndjson")
        assert (code, out) == (2, "")
        assert err == (
            f"alfred-contracts: error: cannot read '{memory}/gone.ndjson': "
            "no such file or directory\n"
        )
    finally:
        fsspec.filesystem("memory").rm(f"{secret}/day.ndjson")
    # a filesystem whose package is missing: named, and the URL still without credentials
    monkeypatch.setitem(sys.modules, "s3fs", None)
    code, out, err = run(capsys, "validate", "s3://AKIA:wJalr@bucket/day.ndjson")
    assert (code, out) == (2, "")
    assert err == (
        "alfred-contracts: error: cannot read 's3://bucket/day.ndjson': s3:// needs the "
        "s3fs package: pip install s3fs\n"
    )
    assert loader.without_credentials("https://h/x.ndjson?X-Amz-Signature=abc") == (
        "https://h/x.ndjson?…"
    )


def test_what_is_a_url() -> None:
    assert loader.is_url("s3://bucket/x.ndjson")
    assert loader.is_url("simplecache::s3://bucket/x.ndjson")
    assert loader.is_url("memory://x")
    for path in ("C://x.ndjson", "C:\\x.ndjson", "a::b.ndjson", "captures/x.ndjson", "-"):
        assert not loader.is_url(path), path


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "nope://bucket/x.ndjson",
            "cannot read 'nope://bucket/x.ndjson': unknown protocol nope://",
        ),
        ("{memory}/missing.ndjson", "cannot read '{memory}/missing.ndjson': no such file or"),
        ("{memory}/*.jsonl", "no .json, .ndjson or .jsonl files match '{memory}/*.jsonl'"),
        ("{memory}/locked.ndjson", "cannot read '{memory}/locked.ndjson': permission denied"),
    ],
)
def test_unusable_urls_are_one_line_and_exit_2(
    url: str,
    message: str,
    memory: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fs = fsspec.filesystem("memory")
    fs.pipe(f"{memory}/locked.ndjson", EVENT)
    real_open = type(fs)._open

    def refuse(self: object, path: str, *args: object, **kwargs: object) -> object:
        if path.endswith("locked.ndjson"):
            raise PermissionError(13, "Permission denied")
        return real_open(self, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(type(fs), "_open", refuse)
    code, out, err = run(capsys, "validate", url.format(memory=memory))
    assert (code, out) == (2, "")
    assert err.startswith("alfred-contracts: error: " + message.format(memory=memory)), err
    assert err.count("\n") == 1


# -- damaged streams -------------------------------------------------------------------


def _damaged(kind: str) -> bytes:
    """A capture of valid events but lines 2 and 4, damaged past its first member/frame."""
    head = b"\n".join([EVENT, BAD, EVENT, b"{broken"]) + b"\n"
    tail = b"\n".join([EVENT] * 2000) + b"\n"
    if kind == "gzip cut":
        first = _gzip(head)
        return first + _gzip(tail)[:-30]
    if kind == "gzip corrupt":
        second = bytearray(_gzip(tail))
        second[40:60] = b"\xff" * 20
        return _gzip(head) + bytes(second)
    if kind == "zstd cut":
        return _zstd(head) + _zstd(tail)[:-9]
    corrupt = bytearray(_zstd(tail))
    corrupt[20:40] = b"\xfe" * 20
    return _zstd(head) + bytes(corrupt)


@pytest.mark.parametrize(
    ("kind", "what"),
    [
        ("gzip cut", "the gzip stream is cut short"),
        ("gzip corrupt", "not a valid gzip stream"),
        ("zstd cut", "the zstd stream is cut short"),
        ("zstd corrupt", "not a valid zstd stream"),
    ],
)
@pytest.mark.parametrize("where", ["file", "memory"])
def test_a_damaged_stream_reports_what_came_before_then_one_line_exit_2(
    kind: str,
    what: str,
    where: str,
    tmp_path: Path,
    memory: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = "day.ndjson" + (".gz" if kind.startswith("gzip") else ".zst")
    if where == "file":
        target = str(tmp_path / name)
        Path(target).write_bytes(_damaged(kind))
    else:
        target = f"{memory}/{name}"
        fsspec.filesystem("memory").pipe(target, _damaged(kind))
    code, out, err = run(capsys, "validate", target)
    assert code == 2
    assert all(line.startswith(f"{target}:") for line in out.splitlines()), out
    reported = {line[len(target) + 1 :].split(":")[0] for line in out.splitlines()}
    assert reported == {"2", "4"}, out
    assert err.startswith(f"alfred-contracts: error: cannot read '{target}': {what}"), err
    assert err.count("\n") == 1
    # the records stage (the general path) gives the same: documents first, then the error
    (source,) = loader.discover([target])
    seen: list[int | None] = []

    def read_all() -> None:
        seen.extend(line for line, _value in loader.records(source))

    with pytest.raises(SourceError, match=what):
        read_all()
    assert seen[:4] == [1, 2, 3, 4]
    if kind == "gzip cut":  # everything decoded up to the cut is handed out
        assert len(seen) > 1900, len(seen)  # all but the last bytes before the cut


def test_a_file_that_is_not_compressed_at_all_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("fake.ndjson.gz", "fake.json.zst"):
        (tmp_path / name).write_bytes(EVENT)
        code, out, err = run(capsys, "validate", str(tmp_path / name))
        assert (code, out) == (2, "")
        assert err.startswith(f"alfred-contracts: error: cannot read '{tmp_path / name}': not a")
        assert err.count("\n") == 1


def test_an_empty_compressed_file_is_empty_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, data in (("e.ndjson.gz", _gzip(b"")), ("e.ndjson.zst", b"")):
        (tmp_path / name).write_bytes(data)
        code, out, _err = run(capsys, "validate", str(tmp_path / name))
        assert code == 1
        assert "empty input: no events" in out


# -- missing extras --------------------------------------------------------------------

EXTRA = "pip install 'alfred-event-contracts[archive]'"


def test_zst_without_zstandard_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "day.ndjson.zst"
    path.write_bytes(_zstd(EVENT))
    (found,) = loader.discover([str(path)])  # while zstandard is there
    monkeypatch.setitem(sys.modules, "zstandard", None)  # now `import zstandard` fails
    with pytest.raises(MissingExtra, match=r"\[archive\] extra"):
        loader.discover([str(tmp_path)])
    with pytest.raises(MissingExtra, match=r"\[archive\] extra"):
        list(loader.records(found))  # found before, opened after: the import itself fails
    code, out, err = run(capsys, "validate", str(path))
    assert (code, out) == (2, "")
    assert err == f"alfred-contracts: error: reading '{path}' needs the [archive] extra: {EXTRA}\n"
    path.with_name("day.ndjson.gz").write_bytes(_gzip(EVENT))  # gzip needs no extra
    code, _out, err = run(capsys, "validate", str(path.with_name("day.ndjson.gz")))
    assert (code, err) == (0, "")


def test_urls_without_fsspec_say_what_to_install(
    memory: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "fsspec", None)
    code, out, err = run(capsys, "validate", f"{memory}/day.ndjson")
    assert (code, out) == (2, "")
    assert err == (
        f"alfred-contracts: error: reading '{memory}/day.ndjson' needs the [archive] extra: "
        f"{EXTRA}\n"
    )


# -- the pipeline ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
@pytest.mark.parametrize("suffix", [".gz", ".zst"])
def test_validate_gives_the_same_report_for_a_compressed_capture(
    tmp_path: Path, fmt: str, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capture = CAPTURE * 3 + b"[]\n"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "day.ndjson").write_bytes(capture)
    (tmp_path / "b" / "day.ndjson").write_bytes(COMPRESS[suffix](capture))
    (tmp_path / "b" / "day.ndjson").rename(tmp_path / "b" / f"day.ndjson{suffix}")
    code_a, out_a, _ = run(capsys, "validate", "--format", fmt, str(tmp_path / "a"))
    code_b, out_b, _ = run(capsys, "validate", "--format", fmt, str(tmp_path / "b"))
    assert code_a == code_b == 1
    label_a = str(tmp_path / "a" / "day.ndjson")
    label_b = str(tmp_path / "b" / f"day.ndjson{suffix}")
    assert label_b in out_b
    assert out_b.replace(label_b, label_a) == out_a


def test_only_plain_local_files_are_split_for_jobs(
    tmp_path: Path, memory: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alfred_contracts.report import validation as report
    from alfred_contracts.validation import parallel
    from alfred_contracts.validation.checker import Checker

    split: list[str] = []

    def fake(path: Path, label: str, *args: object, **kwargs: object) -> object:
        split.append(label)
        raise SourceError("split")

    monkeypatch.setattr(parallel, "scan_parallel", fake)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 0)
    capture = EVENT + b"\n" + BAD + b"\n"
    (tmp_path / "day.ndjson.gz").write_bytes(_gzip(capture))
    (tmp_path / "day.ndjson.zst").write_bytes(_zstd(capture))
    fsspec.filesystem("memory").pipe(f"{memory}/day.ndjson", capture)
    import io

    checker = Checker()
    for target in (str(tmp_path / "day.ndjson.gz"), str(tmp_path / "day.ndjson.zst"), memory):
        out = io.StringIO()
        summary = pipeline.run(
            loader.discover([target]), checker, report.create("json", out), jobs=4
        )
        assert (summary.valid, summary.invalid) == (1, 1), target
    assert split == []
    (tmp_path / "plain.ndjson").write_bytes(capture)
    with pytest.raises(SourceError, match="split"):
        pipeline.run(
            loader.discover([str(tmp_path / "plain.ndjson")]),
            checker,
            report.create("json", io.StringIO()),
            jobs=4,
        )
    assert split == [str(tmp_path / "plain.ndjson")]


# -- memory stays flat -----------------------------------------------------------------

_PEAK = """
import sys
from alfred_contracts.cli import main
from alfred_contracts import parsing
from alfred_contracts.validation import loader
if len(sys.argv) > 2:
    loader.MAX_DOCUMENT_BYTES = parsing.MAX_DOCUMENT_BYTES = int(sys.argv[2])
code = main(["validate", "--format", "json", sys.argv[1]])
status = open("/proc/self/status").read()
peak = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
print(code, int(peak.split()[1]) * 1024, file=sys.stderr)
"""


def _peak(*args: str) -> tuple[int, int, str]:
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, timeout=300
    )
    code, peak = done.stderr.split()[-2:]
    return int(code), int(peak), done.stdout


MIB = 1024 * 1024


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
def test_a_large_compressed_capture_is_read_with_flat_memory(tmp_path: Path, suffix: str) -> None:
    """200 MB of lines from a file of a few hundred kilobytes: the peak RSS stays small."""
    chunk = (EVENT + b"\n") * (2 * MIB // (len(EVENT) + 1))
    packed = COMPRESS[suffix](chunk)
    path = tmp_path / f"big.ndjson{suffix}"
    with path.open("wb") as handle:
        for _ in range(100):  # 100 gzip members / zstd frames
            handle.write(packed)
    assert path.stat().st_size < 2 * MIB
    code, peak, out = _peak(str(path))
    assert code == 0, out
    assert json.loads(out)["checked"] == 100 * chunk.count(b"\n")
    assert peak < 100 * MIB, f"peak RSS {peak / MIB:.0f} MiB"
    print(f"peak RSS {peak / MIB:.0f} MiB")


def test_a_decompression_bomb_of_one_line_stays_within_the_document_limit(
    tmp_path: Path,
) -> None:
    """300 MB of one line from a 300 KB .gz: skipped past the (here 4 MiB) limit, unheld."""
    path = tmp_path / "bomb.ndjson.gz"
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    with path.open("wb") as handle:
        zeros = b"0" * MIB
        for _ in range(300):
            handle.write(compressor.compress(zeros))
        handle.write(compressor.compress(b"\n" + EVENT + b"\n") + compressor.flush())
    assert path.stat().st_size < MIB
    code, peak, out = _peak(str(path), str(4 * MIB))
    assert code == 1, out
    report = json.loads(out)
    assert (report["checked"], report["valid"]) == (2, 1)
    assert "over the 4 MiB limit" in report["violations"][0]["message"]
    assert peak < 100 * MIB, f"peak RSS {peak / MIB:.0f} MiB"
    print(f"peak RSS {peak / MIB:.0f} MiB")

"""Replaying recorded deliveries: `alfred-contracts replay` and `gate --corpus`.

The candidate raises the minimum of ``event_time``: a delivery stamped before
2020-09-13 (1 600 000 000) is accepted by the latest release and refused by the candidate,
a real-world witness; a recent one is accepted by both.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from alfred_contracts.cli import main

from conftest import EXAMPLES, ROOT
from corpus import keep_only

RECENT = json.loads((EXAMPLES / "job_start_event" / "compact_one_line.json").read_text())
OLD = {
    **RECENT,
    "event_id": "0b6e4f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
    "event_time": 1_500_000_000,
}
OTHER_EVENT = {**RECENT, "event": {**RECENT["event"], "event_name": "job_end_event"}}


def _line(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def candidate(tmp_path: Path) -> Path:
    """The working schema with a higher minimum for event_time, kept outside schemas/."""
    schema = json.loads((ROOT / "schemas" / "job_start_event.schema.json").read_text())
    schema["properties"]["event_time"]["minimum"] = 1_600_000_000
    path = tmp_path / "candidate" / "job_start_event.schema.json"
    path.parent.mkdir()
    path.write_text(json.dumps(schema, indent=2))
    return path


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    path = tmp_path / "capture.ndjson"
    lines = [_line(RECENT), "", "{not json", _line(OTHER_EVENT), _line(OLD), _line(RECENT)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_an_ndjson_capture_gives_a_witness_with_its_line(
    candidate: Path, capture: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "replay", str(candidate), "--corpus", str(capture))
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == f"replay job_start_event: release 1.0.1 -> {candidate}"
    assert lines[1] == (
        f'{capture}:5: event_id "{OLD["event_id"]}": accepted by release 1.0.1, '
        "refused by the candidate"
    )
    assert lines[2].startswith("    /event_time: "), lines[2]
    assert "1600000000" in lines[2]
    assert lines[-1] == (
        "FAIL: 1 real-world witness: 3 deliveries of job_start_event replayed, 3 accepted by "
        "the release (5 read, 1 unusable)"
    )
    assert len(lines) == 4


def test_json_report_and_a_clean_replay(
    candidate: Path, capture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(
        capsys, "replay", str(candidate), "--corpus", str(capture), "--format", "json"
    )
    report = json.loads(out)
    assert code == 1
    assert report["status"] == "fail"
    assert (report["event"], report["release"]) == ("job_start_event", "1.0.1")
    assert (report["read"], report["replayed"], report["witness_count"]) == (5, 3, 1)
    (witness,) = report["witnesses"]
    assert (witness["source"], witness["line"], witness["delivery_id"]) == (str(capture), 5, None)
    assert witness["event_id"] == OLD["event_id"]
    assert [(v["instance_path"], v["keyword"]) for v in witness["violations"]] == [
        ("/event_time", "minimum")
    ]
    recent_only = tmp_path / "recent.ndjson"
    recent_only.write_text(_line(RECENT) + "\n")
    code, out, _err = run(capsys, "replay", str(candidate), "--corpus", str(recent_only))
    assert code == 0
    assert out.splitlines()[-1].startswith("OK: no real-world witness: 1 delivery of ")


def test_a_delivery_with_a_repeated_key_is_no_witness(
    candidate: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """orjson keeps the last of two equal keys; the contract refuses the document."""
    capture = tmp_path / "repeated.ndjson"
    capture.write_text(_line(OLD)[:-1] + ',"event_time":1500000000}\n' + _line(OLD) + "\n")
    code, out, _err = run(capsys, "replay", str(candidate), "--corpus", str(capture))
    assert code == 1
    where = [line.split(": event_id")[0] for line in out.splitlines() if ": event_id" in line]
    assert where == [f"{capture}:2"]
    assert "2 deliveries of job_start_event replayed, 1 accepted" in out.splitlines()[-1]


def test_a_folder_is_read_recursively_in_sorted_order(
    candidate: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "captures"
    (folder / "b").mkdir(parents=True)
    (folder / "a.json").write_text(json.dumps(OLD, indent=2))
    (folder / "b" / "day.ndjson").write_text(_line(RECENT) + "\n" + _line(OLD) + "\n")
    (folder / "b" / "notes.txt").write_text("not a capture")
    (folder / "c.json").write_text(json.dumps(RECENT))
    code, out, _err = run(capsys, "replay", str(candidate), "--corpus", str(folder))
    assert code == 1
    where = [line.split(": event_id")[0] for line in out.splitlines() if ": event_id" in line]
    assert where == [f"{folder}/a.json", f"{folder}/b/day.ndjson:2"]
    assert "4 deliveries of job_start_event replayed" in out.splitlines()[-1]


def test_the_sqlite_store_that_listen_writes(
    candidate: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from starlette.testclient import TestClient

    from alfred_contracts.consumer.receiver import create_app
    from alfred_contracts.consumer.store import Store

    database = tmp_path / "deliveries.db"
    store = Store(database)
    client = TestClient(create_app(store), base_url="http://receiver")
    headers = {"content-type": "application/json"}
    answers = [
        client.post("/webhook", content=body, headers=headers).status_code
        for body in (
            '{"type": "url_verification", "challenge": "abc", "token": "t0k"}',
            _line(RECENT),
            "{broken",
            _line(OLD),
            _line(OLD),  # a redelivery: stored again, replayed again
        )
    ]
    store.close()
    assert answers == [200, 200, 400, 200, 200]
    code, out, _err = run(capsys, "replay", str(candidate), "--corpus", str(database))
    assert code == 1
    where = [line.split(": event_id")[0] for line in out.splitlines() if ": event_id" in line]
    assert where == [f"{database} (delivery id 4)", f"{database} (delivery id 5)"]
    assert out.splitlines()[-1] == (
        "FAIL: 2 real-world witnesses: 3 deliveries of job_start_event replayed, 3 accepted by "
        "the release (5 read, 1 unusable)"
    )
    code, out, _err = run(
        capsys, "replay", str(candidate), "--corpus", str(database), "--format", "json"
    )
    report = json.loads(out)
    assert [(w["line"], w["delivery_id"]) for w in report["witnesses"]] == [(None, 4), (None, 5)]


def test_event_content_and_file_names_in_the_report_are_escaped(
    tmp_path: Path, candidate: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "captures"
    folder.mkdir()
    capture = folder / "evil\u001b[2J\nFAIL: forged.ndjson"
    hostile = {**OLD, "event": {**OLD["event"], "company_name": "a\u001b[2J\u2028b"}}
    capture.write_text(_line(hostile) + "\n")
    schema = json.loads(candidate.read_text())
    schema["properties"]["event"]["properties"]["company_name"]["maxLength"] = 1
    candidate.write_text(json.dumps(schema))
    for form in ("text", "json"):
        code, out, _err = run(
            capsys, "replay", str(candidate), "--corpus", str(folder), "--format", form
        )
        assert code == 1
        assert "\u001b" not in out  # in text shown as \x1b, in JSON as \u001b
        assert not any(line.startswith("FAIL: forged") for line in out.splitlines()), out
    assert json.loads(out)["witnesses"][0]["source"] == str(capture)


@pytest.mark.parametrize(
    ("corpus", "message"),
    [
        ("missing.ndjson", "--corpus {tmp}/missing.ndjson: no such file or folder (give an"),
        ("empty", "no .json, .ndjson or .jsonl files under '{tmp}/empty'"),
        ("notes.txt", "{tmp}/notes.txt: not a corpus: give a .json, .ndjson or .jsonl file"),
        ("fake.db", "{tmp}/fake.db: not a delivery store written by `alfred-contracts listen`"),
    ],
)
def test_bad_corpus_paths_are_one_line_and_exit_2(
    corpus: str,
    message: str,
    candidate: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import sqlite3

    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("hello")
    db = sqlite3.connect(tmp_path / "fake.db")
    db.execute("CREATE TABLE other (x)")
    db.commit()
    db.close()
    for command in (
        ["replay", str(candidate), "--corpus", str(tmp_path / corpus)],
        ["gate", "--skip", "docs build", "--corpus", str(tmp_path / corpus)],
    ):
        code, out, err = run(capsys, *command)
        assert (code, out) == (2, "")
        assert err.startswith("alfred-contracts: error: " + message.format(tmp=tmp_path)), err
        assert err.count("\n") == 1


def test_candidate_errors_exit_2(
    tmp_path: Path, capture: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_an_event = tmp_path / "plain.json"
    not_an_event.write_text('{"type": "object"}')
    code, out, err = run(capsys, "replay", str(not_an_event), "--corpus", str(capture))
    assert (code, out) == (2, "")
    assert err == (
        f"alfred-contracts: error: {not_an_event}: not an event schema (no const "
        "event.event_name)\n"
    )
    unreleased = json.loads((ROOT / "schemas" / "job_start_event.schema.json").read_text())
    unreleased["properties"]["event"]["properties"]["event_name"]["const"] = "job_end_event"
    path = tmp_path / "job_end_event.schema.json"
    path.write_text(json.dumps(unreleased))
    code, out, err = run(capsys, "replay", str(path), "--corpus", str(capture))
    assert (code, out) == (2, "")
    assert err.startswith("alfred-contracts: error: unknown event 'job_end_event': no release")
    assert err.rstrip().endswith("job_start_event")  # the released events are listed


REPO_ITEMS = ("schemas", "contracts", "generated", "docs", "mkdocs.yml", "tools")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for item in REPO_ITEMS:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, root / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, root / item)
    keep_only(root, "job_start_event")  # the edits below touch shared definitions
    return root


def test_gate_corpus_fails_on_a_real_world_witness(
    repo: Path, capture: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    path = repo / "schemas" / "common" / "unix-timestamp.schema.json"
    schema = json.loads(path.read_text())
    schema["minimum"] = 1_400_000_000  # leaves every bundled example valid
    path.write_text(json.dumps(schema, indent=2))
    skip = ("--skip", "docs build", "--skip", "generated artefacts")
    capture.write_text(_line(RECENT) + "\n" + _line({**OLD, "event_time": 1_300_000_000}) + "\n")
    corpus = ("--corpus", str(capture))
    code, out, _err = run(capsys, "gate", "--root", str(repo), *skip, *corpus, "--format", "github")
    assert code == 1, out
    witness = (
        f"job_start_event: recorded delivery {capture}:2 (event_id "
        f'"{OLD["event_id"]}") is accepted by the release and refused now: /event_time: '
    )
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert any(
        line.startswith(
            "::error file=schemas/job_start_event.schema.json,title=gate%3A compatibility::"
            + witness
        )
        for line in errors
    ), out
    assert (
        "  corpus: 2 deliveries read (0 unusable), replayed 2 job_start_event: 1 real-world "
        "witness" in out.splitlines()
    ), out
    # released as a new major version, real traffic is still refused: the gate still fails
    work = repo / "schemas" / "job_start_event.schema.json"
    work.write_text(re.sub(r'"x-version": "[^"]*"', '"x-version": "2.0.0"', work.read_text()))
    code, out, _err = run(capsys, "gate", "--root", str(repo), *skip, *corpus)
    assert code == 1, out
    assert (
        "  schemas/job_start_event.schema.json: " + witness.replace(
            "refused now:", "refused now (even as a new major version):")
        in "\n".join(out.splitlines())
    )  # fmt: skip
    # nothing changed since the release: nothing to replay
    shutil.copy(ROOT / "schemas" / "common" / "unix-timestamp.schema.json", path)
    work.write_text((ROOT / "schemas" / "job_start_event.schema.json").read_text())
    code, out, _err = run(capsys, "gate", "--root", str(repo), *skip, *corpus)
    assert code == 0, out
    assert "  corpus: no event changed since its release; nothing replayed" in out.splitlines()


# -- captures as they are stored: compressed, and behind URLs -------------------------------


def test_a_gzip_and_a_zstd_capture_give_the_witness_of_the_plain_one(
    candidate: Path, capture: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import gzip

    import zstandard

    code, plain, _err = run(capsys, "replay", str(candidate), "--corpus", str(capture))
    assert code == 1
    data = capture.read_bytes()
    for suffix, packed in (
        (".gz", gzip.compress(data[:200]) + gzip.compress(data[200:])),  # two members
        (".zst", zstandard.ZstdCompressor().compress(data)),
    ):
        path = capture.with_name(capture.name + suffix)
        path.write_bytes(packed)
        code, out, err = run(capsys, "replay", str(candidate), "--corpus", str(path))
        assert (code, err) == (1, "")
        assert out == plain.replace(str(capture), str(path))
        assert f"{path}:5: event_id" in out


def test_a_memory_url_corpus_folder_and_glob(
    candidate: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import gzip
    from uuid import uuid4

    import fsspec

    fs = fsspec.filesystem("memory")
    root = f"memory://corpus-{uuid4().hex}"
    try:
        fs.pipe(
            f"{root}/b/day.ndjson.gz", gzip.compress(f"{_line(RECENT)}\n{_line(OLD)}\n".encode())
        )
        fs.pipe(f"{root}/a.json", json.dumps(OLD, indent=2).encode())
        fs.pipe(f"{root}/notes.txt", b"not a capture")
        for corpus, found in (
            (root, [f"{root}/a.json", f"{root}/b/day.ndjson.gz:2"]),
            (f"{root}/*/*.gz", [f"{root}/b/day.ndjson.gz:2"]),
            (f"{root}/b/day.ndjson.gz", [f"{root}/b/day.ndjson.gz:2"]),
        ):
            code, out, _err = run(capsys, "replay", str(candidate), "--corpus", corpus)
            assert code == 1, out
            where = [
                line.split(": event_id")[0] for line in out.splitlines() if ": event_id" in line
            ]
            assert where == found
        code, out, err = run(capsys, "replay", str(candidate), "--corpus", f"{root}/notes.txt")
        assert (code, out) == (2, "")
        assert err.startswith(f"alfred-contracts: error: {root}/notes.txt: not a corpus: ")
    finally:
        fs.rm(root, recursive=True)


def test_a_damaged_or_missing_stored_corpus_is_one_line_and_exit_2(
    candidate: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gzip
    import sys

    monkeypatch.setitem(sys.modules, "s3fs", None)  # never installed here: nothing fetched

    cut = tmp_path / "cut.ndjson.gz"
    cut.write_bytes(gzip.compress((_line(RECENT) + "\n").encode() * 100)[:-12])
    for corpus, message in (
        (str(cut), f"cannot read '{cut}': the gzip stream is cut short"),
        ("memory://nowhere/day.ndjson", "cannot read 'memory://nowhere/day.ndjson': no such file"),
        ("s3://key:secret@bucket/x.ndjson", "cannot read 's3://bucket/x.ndjson': s3:// needs"),
    ):
        commands = [["replay", str(candidate), "--corpus", corpus]]
        if corpus != str(cut):  # the gate reads a corpus only when an event changed
            commands.append(["gate", "--skip", "docs build", "--corpus", corpus])
        for command in commands:
            code, out, err = run(capsys, *command)
            assert (code, out) == (2, ""), command
            assert err.startswith("alfred-contracts: error: " + message), err
            assert err.count("\n") == 1
            assert "secret" not in err

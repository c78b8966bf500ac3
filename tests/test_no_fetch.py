"""Nothing is fetched, ever (policy 7): a loopback listener sees no connection while every
command that reads schemas meets a ``$schema`` and ``$ref``s pointing at it."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from alfred_contracts.cli import main

ROOT = Path(__file__).parent.parent
RELEASE = ROOT / "contracts" / "releases" / "job_start_event" / "1.0.0.schema.json"


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def _hostile(base: str, schema: dict[str, object]) -> dict[str, object]:
    return {**schema, "$schema": f"{base}/meta", "properties": {
        **schema.get("properties", {}),  # type: ignore[dict-item]
        "remote": {"$ref": f"{base}/remote.schema.json"},
    }}  # fmt: skip


def test_diff_and_replay_fetch_nothing(
    tmp_path: Path, listener: tuple[str, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    base, seen = listener
    release = json.loads(RELEASE.read_text())
    only_dialect = tmp_path / "dialect.json"
    only_dialect.write_text(json.dumps({**release, "$schema": f"{base}/meta"}))
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(_hostile(base, release)))
    capture = tmp_path / "capture.ndjson"
    capture.write_text(json.dumps(release["examples"][0]) + "\n")
    runs = [
        ["diff", str(RELEASE), str(only_dialect)],
        ["diff", str(RELEASE), str(hostile)],
        ["diff", str(hostile), str(RELEASE)],
        ["replay", str(hostile), "--corpus", str(capture), "--root", str(ROOT)],
    ]
    for args in runs:
        code = main(args)
        err = capsys.readouterr().err
        assert code in (0, 1, 2), args
        assert "internal error" not in err, err
        assert "Traceback" not in err, err
    assert seen == []


@pytest.mark.parametrize("keep_dialect", [True, False])
def test_the_gate_fetches_nothing(
    tmp_path: Path,
    listener: tuple[str, list[str]],
    capsys: pytest.CaptureFixture[str],
    keep_dialect: bool,
) -> None:
    base, seen = listener
    repo = tmp_path / "repo"
    for folder in ("schemas", "contracts"):
        shutil.copytree(ROOT / folder, repo / folder)
    path = repo / "schemas" / "job_start_event.schema.json"
    schema = json.loads(path.read_text())
    hostile = _hostile(base, schema)
    if keep_dialect:  # only the remote $ref
        hostile["$schema"] = schema["$schema"]
    path.write_text(json.dumps(hostile))
    code = main(["gate", "--root", str(repo), "--skip", "docs build",
                 "--skip", "generated artefacts"])  # fmt: skip
    out = capsys.readouterr().out
    assert code in (1, 2), out
    assert ("fetched" if keep_dialect else "$schema must be") in out, out
    for command in (["release"], ["generate", "--check"]):
        assert main([*command, "--root", str(repo)]) == 2, command
        assert "Traceback" not in capsys.readouterr().err
    assert seen == []

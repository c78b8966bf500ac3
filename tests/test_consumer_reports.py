"""Reports that survive any bytes: whatever the probes carry and the receiver answers,
JUnit parses, JSON parses and prints nothing a terminal acts on, the text report shows
no escape sequence, and every curl line, run by bash with the real curl, sends the
receiver exactly the probe's bytes."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest

from alfred_contracts.consumer import clients
from alfred_contracts.consumer.runner import Finding, Report
from alfred_contracts.consumer.verify import verify
from alfred_contracts.report import consumer as reporting
from receivers import starlette_app
from servers import running

HOSTILE = (
    b"\x1b[2J\x1b]0;owned\x07\x00\x17\x9b31m \xc2\x9b31m \xff\xfe ]]> <x> &amp; "
    b"\r\n::error::forged\xe2\x80\xa8\x7f"
)
#: anything a terminal acts on, or that a UTF-8 stream cannot carry
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _hostile(received: list[tuple[bytes, str | None]]) -> Any:
    """A receiver that records each request and answers 500 with hostile bytes."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = dict(scope["headers"])
        kind = headers.get(b"content-type")
        received.append((body, None if kind is None else kind.decode("latin-1")))
        await send(
            {
                "type": "http.response.start",
                "status": 500,
                "headers": [(b"content-type", b"text/plain"), (b"x-hostile", b"\x9b31m\xff")],
            }
        )
        await send({"type": "http.response.body", "body": HOSTILE})

    return app


def _render(report: Report) -> dict[str, str]:
    shown = {}
    for fmt in ("text", "json", "junit"):
        out = io.StringIO()
        reporting.write(report, fmt, out)
        shown[fmt] = out.getvalue()
    return shown


def _run(url: str, **options: Any) -> Report:
    client = clients.for_url(url, timeout=10)
    try:
        return verify(client, **options)
    finally:
        client.close()


Hostile = tuple[str, list[tuple[bytes, str | None]], Report]


@pytest.fixture(scope="module")
def hostile() -> Iterator[Hostile]:
    """One run against the hostile receiver, which keeps serving for the curl replays."""
    received: list[tuple[bytes, str | None]] = []
    with running(_hostile(received)) as url:
        yield url, received, _run(url, max_examples=10, seed=5)


def test_hostile_answers_and_probes_cannot_break_a_report(hostile: Hostile) -> None:
    _url, received, report = hostile
    assert all(o.kind is Finding.CRASH for o in report.outcomes)
    shown = _render(report)

    suites = ET.fromstring(shown["junit"].encode("utf-8"))
    failures = list(suites.iter("failure"))
    assert len(failures) == len(report.outcomes)
    assert {f.get("type") for f in failures} == {"crash"}

    data = json.loads(shown["json"])
    assert len(data["findings"]) == len(report.outcomes)
    assert data["findings"][0]["response"]["headers"]["x-hostile"] == "\x9b31m\xff"
    assert not UNSAFE.search(shown["json"].replace("\n", ""))

    text = shown["text"]
    assert not UNSAFE.search(text.replace("\n", ""))
    assert "\\x1b[2J\\x1b]0;owned\\x07\\x00\\x17\ufffd31m \\x9b31m" in text
    assert "\n::error" not in text
    bodies = {body for body, _ in received}
    assert any(b"\x00" in b for b in bodies)
    assert any(b"\xff" in b for b in bodies)


needs_curl = pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("bash") is None, reason="needs curl and bash"
)


@needs_curl
def test_every_printed_curl_line_replays_the_exact_bytes(hostile: Hostile) -> None:
    url, received, report = hostile
    text = _render(report)["text"]
    lines = [
        line.removeprefix("  request:  ")
        for line in text.splitlines()
        if line.startswith("  request:  ")
    ]
    assert len(lines) == len(report.findings)
    shapes: set[str] = set()
    for line, outcome in zip(lines, report.findings, strict=True):
        request = outcome.probe.request
        assert line == request.curl(url)
        assert line.isprintable()
        shapes.add(line.split()[0] + (" $'" if " $'" in line else ""))
        received.clear()
        done = subprocess.run(["bash", "-c", line], capture_output=True, timeout=60, check=False)
        assert done.returncode == 0, (line[:300], done.stderr)
        assert received == [(request.body, request.content_type)], line[:300]
    # every way a body is written: quoted, $'...', piped from printf, rebuilt by python3
    assert {"curl", "curl $'", "printf", "python3"} <= shapes, shapes


def test_advice_is_marked_in_every_format() -> None:
    with running(starlette_app()) as url:
        report = _run(url, max_examples=0)
    assert report.ok
    assert report.advice
    shown = _render(report)
    assert "\nADVICE  bad deliveries: a text/plain content type\n" in shown["text"]
    finding = next(f for f in json.loads(shown["json"])["findings"] if "text/plain" in f["name"])
    assert (finding["class"], finding["crash"], finding["fails"]) == ("advice", False, False)
    suites = ET.fromstring(shown["junit"])
    assert not list(suites.iter("failure"))
    outputs = [o.text or "" for o in suites.iter("system-out")]
    assert len(outputs) == len(report.advice)
    assert all(o.startswith("advice: answered ") for o in outputs)

    report.strict = True
    strict = _render(report)
    assert "\nFAILED  [advice] bad deliveries: a text/plain content type\n" in strict["text"]
    assert {f.get("type") for f in ET.fromstring(strict["junit"]).iter("failure")} == {"advice"}
    assert json.loads(strict["json"])["status"] == "fail"

"""The reference receiver, in-process: what it answers, and what it stores in SQLite."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from alfred_contracts.consumer.receiver import create_app
from alfred_contracts.consumer.store import Store

from conftest import EXAMPLES, VENDOR

GOOD = (EXAMPLES / "job_start_event" / "integer_event_time.json").read_bytes()
JSON = {"content-type": "application/json"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "deliveries.db"


@pytest.fixture
def client(db: Path) -> httpx.Client:
    app = create_app(Store(db), max_body=64 * 1024)
    return TestClient(app, base_url="http://receiver", raise_server_exceptions=False)


def post(client: httpx.Client, body: bytes, headers: dict[str, str] = JSON) -> httpx.Response:
    return client.post("/webhook", content=body, headers=headers)


def test_handshake_echoes_the_challenge(client: httpx.Client) -> None:
    answer = post(client, b'{"token": "t", "challenge": "abc", "type": "url_verification"}')
    assert (answer.status_code, answer.json()) == (200, {"challenge": "abc"})


def test_a_valid_event_is_accepted_then_recognised_as_a_redelivery(client: httpx.Client) -> None:
    first, second = post(client, GOOD), post(client, GOOD)
    assert (first.status_code, first.json()["status"]) == (200, "accepted")
    assert (second.status_code, second.json()["status"]) == (200, "duplicate")


def test_the_lenient_profile_accepts_a_quoted_time_and_unknown_fields(client: httpx.Client) -> None:
    event = json.loads(GOOD)
    event["event_time"] = "1685143800.00"
    event["attempt"] = 2
    assert post(client, json.dumps(event).encode()).status_code == 200


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"{", JSON, 400),
        (b"", JSON, 400),
        (b'{"a": 1, "a": 2}', JSON, 400),
        (GOOD, {"content-type": "text/plain"}, 415),
        (GOOD, {}, 415),
        (b'{"event": {"event_name": "job_start_event"}}', JSON, 422),
        (VENDOR.joinpath("job_start_event/documented_example.json").read_bytes(), JSON, 422),
        (b'{"event": {"event_name": "job_teleport_event"}}', JSON, 202),
        (b'{"type": "url_verification", "challenge": 5}', JSON, 400),
    ],
)
def test_bad_input_is_refused_never_a_server_error(
    client: httpx.Client, body: bytes, headers: dict[str, str], status: int
) -> None:
    assert post(client, body, headers).status_code == status


def test_an_oversized_body_is_413_and_the_receiver_keeps_answering(client: httpx.Client) -> None:
    event = json.loads(GOOD)
    event["padding"] = "x" * (200 * 1024)
    assert post(client, json.dumps(event).encode()).status_code == 413
    assert post(client, GOOD).status_code == 200


def test_every_delivery_is_stored_with_its_verdict_and_raw_body(
    client: httpx.Client, db: Path
) -> None:
    post(client, b'{"token": "t", "challenge": "abc", "type": "url_verification"}')
    post(client, GOOD)
    post(client, GOOD)
    post(client, b"{oops")
    rows = (
        sqlite3.connect(db)
        .execute("SELECT status, verdict, event_name, event_id, body FROM deliveries ORDER BY id")
        .fetchall()
    )
    assert [(r[0], r[1]) for r in rows] == [
        (200, "handshake"),
        (200, "accepted"),
        (200, "duplicate"),
        (400, "refused"),
    ]
    assert rows[1][2:4] == ("job_start_event", json.loads(GOOD)["event_id"])
    assert bytes(rows[1][4]) == GOOD
    assert bytes(rows[3][4]) == b"{oops"
    events = sqlite3.connect(db).execute("SELECT event_id, deliveries FROM events").fetchall()
    assert events == [(json.loads(GOOD)["event_id"], 2)]


def test_deliveries_and_health_endpoints(client: httpx.Client) -> None:
    post(client, GOOD)
    listing = client.get("/deliveries").json()
    assert listing["counts"] == {"accepted": 1}
    assert listing["deliveries"][0]["body"] == GOOD.decode()
    assert client.get("/health").json() == {"status": "ok"}


def test_a_422_names_the_violations(client: httpx.Client) -> None:
    event = json.loads(GOOD)
    event["event_id"] = "nope"
    answer = post(client, json.dumps(event).encode())
    assert answer.status_code == 422
    assert answer.json()["violations"][0]["instance_path"] == "/event_id"


def test_the_webhook_path_can_be_moved(db: Path) -> None:
    app = create_app(Store(db), path="/hooks/alfred")
    client = TestClient(app, base_url="http://receiver", raise_server_exceptions=False)
    assert client.post("/hooks/alfred", content=GOOD, headers=JSON).status_code == 200
    assert client.post("/webhook", content=GOOD, headers=JSON).status_code == 404


def test_a_trailing_slash_is_the_webhook_and_nothing_redirects(client: httpx.Client) -> None:
    hostile = {**JSON, "host": "evil.example"}
    answer = client.post("/webhook/", content=GOOD, headers=hostile)
    assert (answer.status_code, answer.json()["status"]) == (200, "accepted")
    assert "location" not in answer.headers
    for path in ("/health/", "/deliveries/", "/webhook//"):
        other = client.get(path, headers=hostile)
        assert other.status_code == 404, path
        assert "location" not in other.headers


def _event(number: int, **extra: object) -> bytes:
    event = json.loads(GOOD)
    event["event_id"] = f"00000000-0000-4000-8000-{number:012d}"
    return json.dumps({**event, **extra}).encode()


def test_deliveries_stream_a_bounded_page_newest_first_with_a_next_link(
    client: httpx.Client,
) -> None:
    for number in range(40):
        assert post(client, _event(number)).status_code == 200
    first = client.get("/deliveries", params={"limit": 25}).json()
    assert first["counts"] == {"accepted": 40}
    ids = [item["id"] for item in first["deliveries"]]
    assert ids == list(range(40, 15, -1))
    assert first["next"] == "/deliveries?before=16&limit=25"
    rest = client.get(first["next"]).json()
    assert [item["id"] for item in rest["deliveries"]] == list(range(15, 0, -1))
    assert rest["next"] is None
    assert len(client.get("/deliveries", params={"limit": "many"}).json()["deliveries"]) == 40
    assert client.get("/deliveries", params={"limit": 0}).json()["next"] == (
        "/deliveries?before=40&limit=1"
    )


def test_a_large_body_is_listed_cut_and_says_so(db: Path) -> None:
    app = create_app(Store(db))  # the default 1 MiB limit
    client = TestClient(app, base_url="http://receiver", raise_server_exceptions=False)
    big = _event(1, padding="x" * (300 * 1024))
    assert post(client, big).status_code == 200
    assert post(client, GOOD).status_code == 200
    older, newer = reversed(client.get("/deliveries").json()["deliveries"])
    assert older["body_truncated"] is True
    assert older["body_bytes"] == len(big)
    assert older["body"] == big[: 64 * 1024].decode()
    assert newer["body_truncated"] is False
    assert newer["body"] == GOOD.decode()
    stored = sqlite3.connect(db).execute("SELECT body FROM deliveries WHERE id = 1").fetchone()
    assert bytes(stored[0]) == big  # the store keeps the whole body; the listing shows part


def test_a_store_that_cannot_write_answers_503_and_keeps_nothing(db: Path) -> None:
    store = Store(db, wait=0.2)
    client = TestClient(create_app(store), base_url="http://receiver")
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the wait
    answer = post(client, GOOD)
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "1"
    blocker.execute("ROLLBACK")
    retried = post(client, GOOD)  # the sender's retry: stored, and not as a duplicate
    assert (retried.status_code, retried.json()["status"]) == (200, "accepted")
    rows = blocker.execute("SELECT verdict FROM deliveries").fetchall()
    assert rows == [("accepted",)]
    store.close()


def test_logged_lines_escape_what_the_client_sent(db: Path) -> None:
    from alfred_contracts.consumer.logs import delivery_line

    lines: list[str] = []
    app = create_app(Store(db), on_delivery=lambda d, s: lines.append(delivery_line(d, s)))
    client = TestClient(app, base_url="http://receiver")
    forged = "job\n12:00:00  200  accepted   forged\u001b[2J\u2028"
    post(client, json.dumps({"event": {"event_name": forged}}).encode())
    post(
        client,
        json.dumps({"type": "url_verification", "challenge": "a\rb\u009b", "token": "t"}).encode(),
    )
    assert len(lines) == 2
    assert all("\n" not in line and "\u001b" not in line and "\r" not in line for line in lines)
    assert lines[0].endswith(
        "202  ignored    unknown event job\\n12:00:00  200  accepted   forged\\x1b[2J\\u2028"
    )
    assert lines[1].endswith("200  handshake  challenge a\\rb\\x9b")

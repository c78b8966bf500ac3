"""Write an NDJSON capture of JobStartEvents for the benchmarks: about 5% invalid.

    python benchmarks/make_corpus.py --events 200000 --out benchmarks/data/corpus.ndjson

Deterministic for a given --seed. The invalid 5% are spread over the ways real captures
go wrong: a non-UUID id, a quoted timestamp, a missing field, an unknown field, a date
without a zone, an impossible date, an unknown event name, a truncated line, a repeated
key, NaN.
"""

from __future__ import annotations

import argparse
import json
import random
import uuid
from pathlib import Path

NAMES = ["Innovate Logistics", "Acme Freight", "Müller & Søn Logística", "株式会社ロジ",
         "Northwind Traders", "شركة الشحن السريع", "Contoso Ltd", "Globex 🚚"]  # fmt: skip


def _date(rng: random.Random, seconds: int) -> str:
    import datetime as dt

    moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    if rng.random() < 0.2:
        local = moment.astimezone(dt.timezone(dt.timedelta(hours=rng.choice([-5, 1, 2, 9]))))
        return local.isoformat()
    fraction = f".{rng.randrange(1000):03d}" if rng.random() < 0.3 else ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def event(rng: random.Random) -> dict[str, object]:
    started = rng.randrange(1_600_000_000, 1_800_000_000)
    created = started - rng.randrange(0, 86_400)
    return {
        "event_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "event_type": "job_event_type",
        "event_time": started if rng.random() < 0.5 else started + rng.random(),
        "event": {
            "event_name": "job_start_event",
            "event_type": "job_event_type",
            "company_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "company_name": rng.choice(NAMES),
            "job_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "creation_date": _date(rng, created),
            "update_date": _date(rng, started),
        },
    }


def broken(rng: random.Random) -> str:
    value = event(rng)
    body = value["event"]
    assert isinstance(body, dict)
    kind = rng.randrange(10)
    if kind == 0:
        value["event_id"] = "d2e3f4g5-h6i7-j8k9-l0m1-n2o3p4q5r6s7"
    elif kind == 1:
        value["event_time"] = f"{value['event_time']:.2f}"
    elif kind == 2:
        del body["job_id"]
    elif kind == 3:
        value["trace_id"] = "abc"
    elif kind == 4:
        body["creation_date"] = str(body["creation_date"])[:19]
    elif kind == 5:
        body["update_date"] = "2023-02-30T10:00:00Z"
    elif kind == 6:
        body["event_name"] = "job_started_event"
    elif kind == 7:
        return json.dumps(value, ensure_ascii=False)[:120]
    elif kind == 8:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return text.replace('"job_id":', '"job_id":"x","job_id":', 1)
    else:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace(
            f'"event_time":{json.dumps(value["event_time"])}', '"event_time":NaN'
        )
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write(path: Path, events: int, seed: int = 7, invalid: float = 0.05) -> None:
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(events):
            if rng.random() < invalid:
                out.write(broken(rng) + "\n")
            else:
                out.write(json.dumps(event(rng), ensure_ascii=False, separators=(",", ":")) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data/corpus.ndjson"))
    options = parser.parse_args()
    write(options.out, options.events, options.seed)
    size = options.out.stat().st_size / 1e6
    print(f"wrote {options.events} events to {options.out} ({size:.1f} MB)")


if __name__ == "__main__":
    main()

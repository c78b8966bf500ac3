"""The probes of ``verify-consumer``, in the order they are sent.

1. **handshake**: the URL-verification request, twice with different challenges (an
   echo, not a constant, is required);
2. **examples**: every file of ``contracts/examples/<event>/``, byte for byte;
3. **edge cases**, built from each event's schema: whole, fractional and quoted
   timestamps, date-times with offsets, fractions, lower-case ``t``/``z`` and a leap
   second, upper-case UUIDs, non-ASCII, very long and empty free text, unknown fields;
4. **redelivery**: the same event twice (a receiver de-duplicates, it does not refuse);
5. **invalid events**: the same event with each rule of its schema broken once;
6. **bad deliveries**: malformed JSON, an empty body, wrong content types, an 8 MiB body,
   NaN, a batch; after each, a valid event must still be accepted;
7. **unknown events**: an event name this catalog does not know (2xx or 4xx);
8. **fuzzing**: Schemathesis, positive then negative mode, over the receiver's OpenAPI
   document (``--max-examples``, ``--seed``).

Groups 1 to 5 are bodies Alfred can send (or known events that break their schema): the
contract decides their answers. Groups 6 and 7 are bodies Alfred never sends: their
answers are advice, as :func:`.probes.classify` decides for every body, fuzzed ones too.
"""

from __future__ import annotations

import copy
import json
import random
import re
import shlex
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from alfred_contracts.consumer.probes import Probe, encode, probe
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.fields import fields
from alfred_contracts.strategies import break_each_rule
from alfred_contracts.validation.checker import Checker

SAMPLE_TOKEN = "Jhj5dZrVaK7ZwHHjRyZWjbDl"
OVERSIZE = 8 * 1024 * 1024
LONG_TEXT = 10_000


def _alphanumeric(rng: random.Random, size: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choice(letters) for _ in range(size))


def _set(payload: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(payload)
    node = changed
    keys = path.split(".")
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    return changed


def _get(payload: dict[str, Any], path: str) -> Any:
    node: Any = payload
    for key in path.split("."):
        node = node[key]
    return node


def _offset(value: str) -> str:
    """The same instant written with a +02:00 offset (for a ...Z date-time)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?[Zz]", value)
    if match is None:
        return "2023-05-27T01:20:00+02:00"
    import datetime as dt

    year, month, day, hour, minute, second = (int(match[i]) for i in range(1, 7))
    moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    local = moment.astimezone(dt.timezone(dt.timedelta(hours=2)))
    return local.strftime("%Y-%m-%dT%H:%M:%S") + (match[7] or "") + "+02:00"


class Suite:
    """Builds every probe for one catalog and its contract corpus."""

    def __init__(self, catalog: Catalog, contracts: Path, *, seed: int = 0) -> None:
        self.catalog = catalog
        self.contracts = contracts
        self.checker = Checker(catalog, profile="lenient")
        self.rng = random.Random(seed)
        self.seed = seed

    def _probe(self, group: str, name: str, body: bytes, **extra: Any) -> Probe:
        return probe(self.checker, group, name, body, **extra)

    def base_event(self, name: str) -> dict[str, Any]:
        """A valid payload of ``name``: its first example, else its schema's example."""
        for path in sorted((self.contracts / "examples" / name).glob("*.json")):
            value = json.loads(path.read_bytes())
            if self.checker.check(value).valid:
                return dict(value)
        return dict(self.catalog.event(name).schema["examples"][0])

    def liveness(self) -> Probe:
        name = self.catalog.names[0]
        return self._probe(
            "liveness", f"a valid {name} still accepted", encode(self.base_event(name))
        )

    # -- groups --------------------------------------------------------------------------

    def handshake(self) -> Iterator[Probe]:
        challenges = [
            "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            _alphanumeric(self.rng, 40),
        ]
        for index, challenge in enumerate(challenges, 1):
            body = {"token": SAMPLE_TOKEN, "challenge": challenge, "type": "url_verification"}
            yield self._probe(
                "handshake", f"url_verification #{index}: challenge echoed", encode(body)
            )

    def examples(self) -> Iterator[Probe]:
        for name in self.catalog.names:
            for path in sorted((self.contracts / "examples" / name).glob("*.json")):
                yield self._probe("examples", f"{name} example {path.name}", path.read_bytes())

    def edge_cases(self) -> Iterator[Probe]:
        for name in self.catalog.names:
            yield from self._edge_cases(name)

    def _edge_cases(self, name: str) -> Iterator[Probe]:
        base = self.base_event(name)
        group = "edge cases"

        def variant(label: str, payload: dict[str, Any]) -> Probe:
            return self._probe(group, f"{name}: {label}", encode(payload))

        when = _get(base, "event_time")
        seconds = int(float(when)) if isinstance(when, int | float) else 1685143800
        yield variant("event_time as an integer", _set(base, "event_time", seconds))
        yield variant("event_time with a fraction", _set(base, "event_time", seconds + 0.25))
        exponent = encode(_set(base, "event_time", "@@")).replace(
            b'"@@"', f"{seconds / 1e9}E9".encode()
        )
        yield self._probe(group, f"{name}: event_time in exponent notation", exponent)
        yield variant(
            "event_time as a numeric string (a vendor quirk)",
            _set(base, "event_time", f"{seconds}.00"),
        )
        for field in fields(self.catalog, name):
            value = _get(base, field.path)
            if field.format == "date-time" and isinstance(value, str):
                yield variant(
                    f"{field.path} with a +02:00 offset", _set(base, field.path, _offset(value))
                )
                yield variant(
                    f"{field.path} with fractional seconds",
                    _set(base, field.path, value[:19] + ".123456789Z"),
                )
                yield variant(
                    f"{field.path} with lower-case t and z",
                    _set(base, field.path, value[:10] + "t" + value[11:19] + "z"),
                )
                yield variant(
                    f"{field.path} on a leap second", _set(base, field.path, "2016-12-31T23:59:60Z")
                )
            elif field.format == "uuid" and isinstance(value, str):
                yield variant(f"{field.path} in upper case", _set(base, field.path, value.upper()))
            elif field.free_text and isinstance(value, str):
                yield variant(
                    f"{field.path} with non-ASCII text",
                    _set(base, field.path, "Müller & Søn Logística — 株式会社 🚚"),
                )
                yield variant(
                    f"{field.path} right-to-left text", _set(base, field.path, "شركة الشحن السريع")
                )
                yield variant(
                    f"{field.path} {LONG_TEXT} characters long",
                    _set(base, field.path, "Ω" * LONG_TEXT),
                )
                yield variant(f"{field.path} empty", _set(base, field.path, ""))
        extra = dict(base, delivery_attempt=2)
        yield variant("an unknown top-level field", extra)
        nested = copy.deepcopy(base)
        nested["event"]["region"] = {"name": "eu-west", "zones": [1, 2]}
        yield variant("an unknown field inside event", nested)
        yield variant("keys in reverse order", dict(reversed(list(base.items()))))

    def redelivery(self) -> Iterator[Probe]:
        for name in self.catalog.names:
            body = encode(
                _set(self.base_event(name), "event_id", "0b5e7c8a-9d10-4f2e-8a3b-4c5d6e7f8091")
            )
            yield self._probe("redelivery", f"{name}: first delivery", body)
            yield self._probe("redelivery", f"{name}: same event_id delivered again", body)

    def invalid_events(self) -> Iterator[Probe]:
        for name in self.catalog.names:
            for bad in break_each_rule(self.base_event(name), name, "lenient"):
                yield self._probe("invalid events", f"{name}: {bad.rule}", encode(bad.payload))

    def bad_deliveries(self) -> Iterator[Probe]:
        name = self.catalog.names[0]
        base = self.base_event(name)
        text = encode(base)
        group = "bad deliveries"
        cases: list[tuple[str, bytes, str | None]] = [
            ("malformed JSON", text[: len(text) // 2], "application/json"),
            ("an empty body", b"", "application/json"),
            ("a text/plain content type", text, "text/plain"),
            ("a form content type", b"event=1", "application/x-www-form-urlencoded"),
            ("no content type", text, None),
            (
                "NaN in a number",
                text.replace(b'"event_time": ', b'"event_time": NaN, "x": '),
                "application/json",
            ),
            ("a JSON array (a batch)", b"[" + text + b"]", "application/json"),
            (
                "invalid UTF-8",
                text.replace(b'"event_type"', b'"event_\xff_type"'),
                "application/json",
            ),
        ]
        for label, body, content_type in cases:
            yield self._probe(group, label, body, content_type=content_type, check_alive=True)
        # A valid event padded far beyond any real delivery: only a size limit refuses it.
        padded = dict(base, padding="x" * OVERSIZE)
        recipe = (
            "python3 -c 'import json,sys; e=json.loads(sys.argv[1]); "
            f'e["padding"]="x"*{OVERSIZE}; '
            "sys.stdout.buffer.write(json.dumps(e, ensure_ascii=False).encode())' "
            + shlex.quote(json.dumps(base))
        )
        body = encode(padded)
        size = f"{len(body) / (1024 * 1024):.0f} MiB"
        yield self._probe(
            group,
            f"a body of {size} (far larger than any delivery)",
            body,
            recipe=recipe,
            check_alive=True,
        )

    def unknown_events(self) -> Iterator[Probe]:
        base = self.base_event(self.catalog.names[0])
        unknown = _set(base, "event.event_name", "job_teleport_event")
        yield self._probe(
            "unknown events", "an event_name this catalog does not know", encode(unknown)
        )
        other = {
            "event_id": "7d3f1a2b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
            "event_type": "file_event_type",
            "event_time": 1685143900,
            "event": {
                "event_name": "file_moved_to_moon_event",
                "event_type": "file_event_type",
                "file_id": "x",
            },
        }
        yield self._probe(
            "unknown events", "an unknown file event with other fields", encode(other)
        )

    def deterministic(self) -> list[Callable[[], Iterator[Probe]]]:
        return [
            self.handshake,
            self.examples,
            self.edge_cases,
            self.redelivery,
            self.invalid_events,
            self.bad_deliveries,
            self.unknown_events,
        ]

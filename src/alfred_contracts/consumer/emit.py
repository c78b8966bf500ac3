"""``alfred-contracts emit``: a local stand-in for Alfred, like Stripe's ``trigger``.

Performs the URL-verification handshake, then POSTs events one per request: the bundled
examples first, then events drawn from the schema (reproducibly, with ``--seed``); or, with
``--vendor-examples``, the vendor's documented examples exactly as published.
"""

from __future__ import annotations

import json
import random
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from alfred_contracts.consumer.clients import Client, Response
from alfred_contracts.consumer.probes import Request, encode
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.ledger import load_all
from alfred_contracts.strategies.synth import draw


@dataclass(frozen=True)
class Sent:
    label: str
    status: int
    summary: str
    elapsed_ms: float
    #: whether the answer is the one the contract requires (2xx for a valid event, ...)
    right: bool = True


def bodies(
    catalog: Catalog, contracts: Path, names: list[str], count: int, seed: int
) -> Iterator[tuple[str, bytes]]:
    """(label, body) for ``count`` events, taking the events in turn (so every event is
    sent once before any is sent twice): each event's examples first, then generated ones."""
    from alfred_contracts.strategies import events

    per_event = {name: sorted((contracts / "examples" / name).glob("*.json")) for name in names}
    rng = random.Random(seed)
    drawn: dict[str, list[object]] = {}
    used = dict.fromkeys(names, 0)
    for index in range(count):
        name = names[index % len(names)]
        turn = used[name]
        used[name] += 1
        examples = per_event[name]
        if turn < len(examples):
            yield f"{name} example {examples[turn].name}", examples[turn].read_bytes()
            continue
        if name not in drawn:
            drawn[name] = draw(events(name), max(count // len(names), 1), seed)
        pool = drawn[name]
        payload = dict(pool[(turn - len(examples)) % len(pool)])  # type: ignore[call-overload]
        # every event gets its own id, as Alfred gives them
        payload["event_id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        yield f"{name} generated #{turn - len(examples) + 1}", encode(payload)


def summarise(response: Response) -> str:
    try:
        value = json.loads(response.body)
    except ValueError:
        return response.body.decode("utf-8", "replace")[:120]
    if isinstance(value, dict):
        parts = [str(value[k]) for k in ("status", "reason") if k in value]
        if "challenge" in value and not parts:
            parts.append("challenge echoed" if value else "")
        return " ".join(parts)[:160] or json.dumps(value)[:120]
    return json.dumps(value)[:120]


def handshake(client: Client) -> tuple[bool, Sent]:
    challenge = secrets.token_urlsafe(24)
    body = encode(
        {"token": secrets.token_urlsafe(16), "challenge": challenge, "type": "url_verification"}
    )
    from alfred_contracts.consumer.probes import Expect, Probe
    from alfred_contracts.consumer.runner import judge

    request = Request(body)
    response = client.send(request)
    ok, why = judge(Probe("emit", "handshake", request, Expect.HANDSHAKE, challenge), response)
    return ok, Sent("handshake", response.status, why, response.elapsed_ms, ok)


def emit(
    client: Client,
    catalog: Catalog,
    contracts: Path,
    *,
    event: str | None,
    count: int | None,
    seed: int,
    vendor: bool,
    show: Callable[[Sent], None],
) -> tuple[int, int]:
    """Handshake, then send each body; return (answers, answers the contract disagrees with).

    A valid event must be answered 2xx; a body the contract refuses (a vendor example
    with placeholder ids) must be answered 4xx.
    """
    from alfred_contracts.consumer.probes import JSON_TYPE, probe
    from alfred_contracts.consumer.runner import judge
    from alfred_contracts.validation.checker import Checker

    ok, sent = handshake(client)
    show(sent)
    names = [catalog.event(event).name] if event else catalog.names
    if vendor:
        ledgers = load_all(contracts / "vendor")
        chosen = [
            (f"{n} vendor example", example.read_bytes())
            for n in names
            if n in ledgers and (example := ledgers[n].documented_example) is not None
        ]
    else:
        wanted = count if count is not None else len(names)  # default: one of every event
        chosen = list(bodies(catalog, contracts, names, wanted, seed))
    checker = Checker(catalog, profile="lenient")
    wrong = 0 if ok else 1
    for label, body in chosen:
        expected = probe(checker, "emit", label, body, content_type=JSON_TYPE)
        response = client.send(Request(body))
        right, why = judge(expected, response)
        wrong += not right
        summary = summarise(response) + ("" if right else f"  <-- {why}")
        show(Sent(label, response.status, summary, response.elapsed_ms, right))
    return len(chosen) + 1, wrong

"""A seeded search for witnesses: instances valid under one schema and not the other.

Candidates are built from both schemas at once. At every instance location the search
gathers the subschemas of both sides that apply there (through ``$ref``, ``allOf``,
``anyOf``, ``oneOf``, ``if``/``then``/``else``, ``not``, ``dependentSchemas``) and draws
from values mined from them: constants and enum members, each bound and its neighbours,
multiples, lengths at the limits, strings sampled from patterns, values of each format,
property names that are listed, required, pattern-shaped or unknown, arrays at their
length limits. Half of the candidates are mutations of instances already found valid
(one location redrawn, a property dropped or added), which reaches deep changes. The
search only proposes: :mod:`.witness` reports a witness after both engines confirm it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from alfred_contracts.compat import regexgen
from alfred_contracts.refs import JSON, deref

Located = tuple[Mapping[str, JSON], str, JSON]  #: (resources, base URI, schema node)
Check = Callable[[Any], bool]

FORMATS: dict[str, list[str]] = {
    "uuid": ["5b0f3a52-8c1d-4e7a-9f36-0d2c4b7e91a8", "5B0F3A52-8C1D-4E7A-9F36-0D2C4B7E91A8",
             "5b0f3a528c1d4e7a9f360d2c4b7e91a8"],
    "date-time": ["2023-05-26T23:20:00Z", "2023-05-26T23:20:00.5+02:00", "2023-05-26 23:20:00Z",
                  "2016-12-31T23:59:60Z"],
    "date": ["2023-05-26", "2023-02-30", "26/05/2023"],
    "time": ["23:20:00Z", "23:20:00"],
    "email": ["ops@example.com", "not an email"],
    "uri": ["https://example.com/a", "relative/path"],
    "hostname": ["example.com", "-bad-"],
    "ipv4": ["192.0.2.1", "999.1.1.1"],
}  # fmt: skip
_SCALARS: list[Any] = [None, True, False, 0, 1, -1, 2, 0.5, -2.5, 10**6, "", "x", "abc", [], {}]
_KINDS = ["null", "boolean", "integer", "number", "string", "array", "object"]


def _type_names(node: dict[str, Any]) -> list[str]:
    kind = node.get("type")
    if isinstance(kind, str):
        return [kind]
    return [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else []


class Generator:
    """Draws candidate instances from the subschemas of both sides."""

    def __init__(self, rng: random.Random, *, minimal: bool = False) -> None:
        self.rng = rng
        self.minimal = minimal  #: objects with their required properties only
        self._names: dict[tuple[int, ...], list[str]] = {}

    def spread(self, located: list[Located]) -> list[Located]:
        """Every subschema that applies in place, ``$ref``s followed (bounded)."""
        found: list[Located] = []
        pending = list(located)
        while pending and len(found) < 48:
            resources, base, node = pending.pop()
            try:
                base, node = deref(resources, base, node)
            except Exception:
                continue
            if not isinstance(node, dict):
                continue
            found.append((resources, base, node))
            for keyword in ("allOf", "anyOf", "oneOf"):
                for child in node.get(keyword, []) if isinstance(node.get(keyword), list) else []:
                    pending.append((resources, base, child))
            for keyword in ("if", "then", "else", "not"):
                if keyword in node:
                    pending.append((resources, base, node[keyword]))
            for child in (node.get("dependentSchemas") or {}).values():
                pending.append((resources, base, child))
        return found

    def value(self, located: list[Located], depth: int = 0) -> Any:
        nodes = self.spread(located)
        rng = self.rng
        listed = [v for _r, _b, n in nodes for v in ([n["const"]] if "const" in n else [])]
        listed += [v for _r, _b, n in nodes for v in (n.get("enum") or [])]
        if listed and rng.random() < 0.5:
            return rng.choice(listed)
        kinds = [k for _r, _b, n in nodes for k in _type_names(n)]
        if not kinds or rng.random() < 0.1:
            kinds += _KINDS
        kind = rng.choice(kinds)
        if depth > 5:
            return rng.choice(_SCALARS[:10])
        if kind == "object":
            return self._object(nodes, depth)
        if kind == "array":
            return self._array(nodes, depth)
        if kind == "string":
            return self._string(nodes)
        if kind in ("integer", "number"):
            return self._number(nodes, kind == "integer")
        return None if kind == "null" else rng.random() < 0.5

    def _number(self, nodes: list[Located], integer: bool) -> Any:
        rng = self.rng
        pool: list[Any] = [0, 1, -1, 2, 7, 100, 0.5, -0.5, 1.5]
        for _r, _b, node in nodes:
            for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                bound = node.get(keyword)
                if isinstance(bound, int | float) and not isinstance(bound, bool):
                    pool += [bound, bound - 1, bound + 1, bound - 0.5, bound + 0.5]
            step = node.get("multipleOf")
            if isinstance(step, int | float) and not isinstance(step, bool) and step > 0:
                pool += [step * k for k in (1, 2, 3, -1, 0.5, 1.5)]
        value = rng.choice(pool)
        whole = isinstance(value, float) and value.is_integer()
        if whole and (integer or rng.random() < 0.5):
            return int(value)
        return value

    def _string(self, nodes: list[Located]) -> str:
        rng = self.rng
        pool: list[str] = ["", "x", "abc", "Ünïcode ✓", "a\nb", "\n", "12345", "EventId", "a_b"]
        for _r, _b, node in nodes:
            if isinstance(node.get("format"), str):
                samples = FORMATS.get(node["format"], [])
                pool += samples + [("a" * 60) + s for s in samples[:1]]
            if isinstance(node.get("pattern"), str):
                pool += [s for s in (regexgen.sample(node["pattern"], rng) for _ in range(3)) if s]
            for keyword in ("minLength", "maxLength"):
                size = node.get(keyword)
                if isinstance(size, int) and 0 <= size < 10000:
                    pool += ["a" * size, "a" * max(size - 1, 0), "a" * (size + 1)]
                    pool += ["a" * max(size - 1, 0) + "\n"]
        value = rng.choice(pool)
        return self.variant(value) if rng.random() < 0.3 else value

    def variant(self, value: str) -> str:
        """A near miss of ``value``: other case, junk around it, a line break."""
        return self.rng.choice([value.upper(), value.lower(), "x" + value, value + "x",
                                value + "\n", "\n" + value, value * 2, value[1:]])  # fmt: skip

    def _array(self, nodes: list[Located], depth: int) -> list[Any]:
        rng = self.rng
        sizes = [0, 1, 2, 3]
        for _r, _b, node in nodes:
            for keyword in ("minItems", "maxItems", "minContains", "maxContains"):
                size = node.get(keyword)
                if isinstance(size, int) and 0 <= size < 50:
                    sizes += [size, size + 1, max(size - 1, 0)]
            if isinstance(node.get("prefixItems"), list):
                size = len(node["prefixItems"])
                sizes += [size, size + 1]
        items = [self.value(self._at_item(nodes, i), depth + 1) for i in range(rng.choice(sizes))]
        if len(items) > 1 and rng.random() < 0.2:
            items[-1] = items[0]
        return items

    def _at_item(self, nodes: list[Located], index: int) -> list[Located]:
        found: list[Located] = []
        for resources, base, node in nodes:
            prefix = node.get("prefixItems") if isinstance(node.get("prefixItems"), list) else []
            if index < len(prefix):
                found.append((resources, base, prefix[index]))
            elif "items" in node:
                found.append((resources, base, node["items"]))
            if "contains" in node and self.rng.random() < 0.5:
                found.append((resources, base, node["contains"]))
        return found

    def names(self, nodes: list[Located]) -> list[str]:
        """Property names worth trying: the listed ones (cached per location) and fresh
        samples of each pattern and ``propertyNames`` schema (drawn on every call)."""
        key = tuple(id(node) for _r, _b, node in nodes)
        if key not in self._names:
            if len(self._names) > 256:
                self._names.clear()
            listed: list[str] = []
            for _r, _b, node in nodes:
                for keyword in ("properties", "required", "dependentRequired", "dependentSchemas"):
                    listed += [n for n in (node.get(keyword) or []) if isinstance(n, str)]
                names = node.get("propertyNames")
                if isinstance(names, dict):
                    listed += [n for n in (names.get("enum") or []) if isinstance(n, str)]
            self._names[key] = [*dict.fromkeys(listed), "x_extra", "zz", "EventId"]
        drawn: list[str] = []
        for resources, base, node in nodes:
            for pattern in node.get("patternProperties") or {}:
                sample = regexgen.sample(pattern, self.rng)
                if sample is not None:
                    drawn += [sample, self.variant(sample)]
            names = node.get("propertyNames")
            if isinstance(names, dict):
                drawn.append(self._string([(resources, base, names)]))
        return drawn + self._names[key] if drawn else self._names[key]

    def at_name(self, nodes: list[Located], name: str) -> list[Located]:
        found: list[Located] = []
        for resources, base, node in nodes:
            props = node.get("properties") if isinstance(node.get("properties"), dict) else {}
            hit = name in props
            if hit:
                found.append((resources, base, props[name]))
            for pattern, child in (node.get("patternProperties") or {}).items():
                try:
                    if re.search(pattern, name):
                        found.append((resources, base, child))
                        hit = True
                except re.error:
                    continue
            for keyword in ("additionalProperties", "unevaluatedProperties"):
                if not hit and keyword in node:
                    found.append((resources, base, node[keyword]))
        return found

    def _object(self, nodes: list[Located], depth: int) -> dict[str, Any]:
        rng = self.rng
        required = list(dict.fromkeys(
            n for _r, _b, node in nodes for n in (node.get("required") or [])
            if isinstance(n, str)
        ))  # fmt: skip
        if self.minimal:
            return {name: self.value(self.at_name(nodes, name), depth + 1) for name in required}
        chosen = [n for n in required if rng.random() < 0.9]
        taken, names = set(chosen), self.names(nodes)
        if len(names) <= 32:  # each name in or out
            chosen += [n for n in names if n not in taken and rng.random() < 0.35]
        else:  # a handful of a long list, without walking all of it
            wanted = rng.choice([0, 1, 2, 3, 5, 8])
            picked = rng.sample(names, min(len(names), wanted + len(taken)))
            chosen += [n for n in picked if n not in taken][:wanted]
        counts = [c for _r, _b, node in nodes for key in ("minProperties", "maxProperties")
                  if isinstance(c := node.get(key), int) and 0 <= c < 50]  # fmt: skip
        if counts and rng.random() < 0.3:
            wanted = rng.choice(counts) + rng.choice([-1, 0, 1])
            filler = (f"k{i}" for i in range(100))
            while len(chosen) < wanted:
                chosen.append(next(filler))
            del chosen[max(wanted, 0) :]
        return {name: self.value(self.at_name(nodes, name), depth + 1) for name in chosen}

    # -- mutation ---------------------------------------------------------------------------

    def mutate(self, instance: Any, located: list[Located]) -> Any:
        """``instance`` with one location redrawn, dropped or added."""
        if not isinstance(instance, dict | list) or self.rng.random() < 0.15:
            return self.value(located)
        nodes = self.spread(located)
        if isinstance(instance, list):
            if not instance or self.rng.random() < 0.2:
                return [*instance, self.value(self._at_item(nodes, len(instance)))]
            index = self.rng.randrange(len(instance))
            copy = list(instance)
            roll = self.rng.random()
            if roll < 0.2:
                del copy[index]
            else:
                copy[index] = self.mutate(instance[index], self._at_item(nodes, index))
            return copy
        changed = dict(instance)
        roll = self.rng.random()
        if not changed or roll < 0.25:
            name = self.rng.choice(self.names(nodes))
            changed[name] = self.value(self.at_name(nodes, name))
        elif roll < 0.45:
            del changed[self.rng.choice(list(changed))]
        else:
            name = self.rng.choice(list(changed))
            changed[name] = self.mutate(changed[name], self.at_name(nodes, name))
        return changed


def search(
    ok: Check,
    bad: Check,
    mine: list[Located],
    theirs: list[Located],
    *,
    seeds: list[Any] = (),  # type: ignore[assignment]
    budget: int = 3000,
    seed: int = 0,
) -> Iterator[Any]:
    """Yield candidates valid under ``ok`` and invalid under ``bad``, cheapest first."""
    rng = random.Random(seed)
    generator = Generator(rng)
    pool = [s for s in seeds if judged(ok, s)]
    both = mine + theirs
    for step in range(budget):
        if pool and step % 2:
            candidate = generator.mutate(rng.choice(pool), both if step % 4 == 1 else mine)
        else:
            candidate = generator.value(mine if rng.random() < 0.6 else both)
        if not judged(ok, candidate):
            continue
        if not judged(bad, candidate):
            yield candidate
        elif len(pool) < 64:
            pool.append(candidate)


def judged(check: Check, value: Any) -> bool:
    """``check(value)``, False when the check cannot judge the value."""
    try:
        return bool(check(value))
    except (ValueError, TypeError, OverflowError):
        return False

"""What a view says about an object's properties: which names it must have, and the
schema each property's value must satisfy (the object half of :mod:`.views`).

``unevaluatedProperties`` on the left counts where what the other subschemas evaluate is
known for sure: the part's own ``properties``/``patternProperties`` and those of the
``allOf``/``$ref`` subschemas it always applies. With any other in-place applicator
beside it, it is ignored (a superset).
"""

from __future__ import annotations

from dataclasses import dataclass

from alfred_contracts.compat.views import (
    IN_PLACE,
    Node,
    Part,
    View,
    made_up,
    positive,
)
from alfred_contracts.engines.probes import pattern_matches

#: patterns every name matches (searched, not anchored)
EVERY_NAME = frozenset({"", ".*", "^", "(?:)", "^.*"})


@dataclass(frozen=True)
class Evaluated:
    """What a schema object and the subschemas it always applies evaluate."""

    names: frozenset[str]
    patterns: frozenset[str]
    everything: bool  #: an ``additionalProperties`` evaluates every other property


def evaluated(node: Node, limit: int = 32) -> Evaluated:
    """The properties ``node`` evaluates through itself, ``allOf`` and ``$ref``."""
    names: set[str] = set()
    patterns: set[str] = set()
    everything = False
    pending: list[Node] = [node]
    seen: set[tuple[object, ...]] = set()
    while pending and len(seen) < limit:
        current = pending.pop()
        if current.key in seen or not isinstance(current.value, dict):
            continue
        seen.add(current.key)
        value = current.value
        names.update(value.get("properties") or {})
        patterns.update(value.get("patternProperties") or {})
        everything = everything or "additionalProperties" in value
        if "$ref" in value:
            target = current.space.target(current)
            if target is not None:
                pending.append(target)
        if isinstance(value.get("allOf"), list):
            pending += [current.at("allOf", i) for i in range(len(value["allOf"]))]
    return Evaluated(frozenset(names), frozenset(patterns), everything)


def required(v: View) -> set[str]:
    """The property names every object of the view has (closed under
    ``dependentRequired``: a present name brings the names it depends on)."""
    names: set[str] = set()
    for part in positive(v):
        listed = part.get("required")
        if isinstance(listed, list):
            names.update(n for n in listed if isinstance(n, str))
    while True:
        more = {q for part in positive(v)
                for p, qs in (part.get("dependentRequired") or {}).items() if p in names
                for q in (qs if isinstance(qs, list) else []) if isinstance(q, str)}  # fmt: skip
        if more <= names:
            return names
        names |= more


def name_universe(v: View) -> set[str] | None:
    """Every name an object of the view may have, when ``propertyNames`` lists them."""
    for part in positive(v):
        names = part.get("propertyNames")
        if names is False:
            return set()
        if isinstance(names, dict):
            listed = [names["const"]] if "const" in names else names.get("enum")
            if isinstance(listed, list):
                return {n for n in listed if isinstance(n, str)}
    return None


def explicit_names(v: View) -> set[str]:
    names = required(v) | (name_universe(v) or set())
    for part in positive(v):
        listed = part.get("properties")
        if isinstance(listed, dict):
            names.update(listed)
    return names


def property_view(v: View, name: str) -> View:
    """The conjunction of what every part says about property ``name``'s value."""
    found: list[Part] = []
    for part in v:
        if part.negated:
            value = part.node.value
            if (
                isinstance(value, dict)
                and set(value) == {"required"}
                and value["required"] == [name]
            ):
                found.append(Part(made_up(part.node.space, False)))
            continue
        found += _property_parts(part, name)
    return tuple(found)


def _property_parts(part: Part, name: str) -> list[Part]:
    names = part.get("propertyNames")
    if names is not None and part.node.space.valid(part.at("propertyNames").node, name) is False:
        return [Part(made_up(part.node.space, False))]
    found: list[Part] = []
    listed = part.get("properties")
    if isinstance(listed, dict) and name in listed:
        found.append(part.at("properties", name))
    matched = False
    patterns = part.get("patternProperties")
    for pattern in patterns if isinstance(patterns, dict) else {}:
        hit = pattern_matches(pattern, name)
        if hit is None:
            return []  # unsure which rules apply: assume none (a superset)
        if hit:
            found.append(part.at("patternProperties", pattern))
            matched = True
    if not (isinstance(listed, dict) and name in listed) and not matched:
        if part.has("additionalProperties"):
            found.append(part.at("additionalProperties"))
        elif _unevaluated_applies(part, name):
            found.append(part.at("unevaluatedProperties"))
    return found


def _unevaluated_applies(part: Part, name: str) -> bool:
    if not part.has("unevaluatedProperties") or (IN_PLACE - {"allOf", "$ref"}) & set(
        part.node.value
    ):
        return False
    seen = evaluated(part.node)
    if seen.everything or name in seen.names:
        return False
    hits = [pattern_matches(p, name) for p in seen.patterns]
    return not any(hit is not False for hit in hits)


def _other_extra(part: Part) -> list[Part | None]:
    """What a part says of a name nobody lists and none of its own patterns matches."""
    if part.has("additionalProperties"):
        return [part.at("additionalProperties")]
    if part.has("unevaluatedProperties") and not (IN_PLACE - {"allOf", "$ref"}) & set(
        part.node.value
    ):
        seen = evaluated(part.node)
        if seen.everything:
            return [None]
        own = set(part.get("patternProperties") or {})
        return [part.at("unevaluatedProperties")] + ([None] if seen.patterns - own else [])
    return [None]


def other_views(
    v: View, *, force: str | None = None, limit: int = 32
) -> list[tuple[View, frozenset[str]]] | None:
    """Views covering every property name no part lists, each with the patterns it
    assumes the name matches (None: too many cases to enumerate).

    Each part says of such a name: its ``additionalProperties`` (no pattern matched) or
    one of its pattern schemas (a pattern matched). ``force``: only names matching that
    pattern are of interest, so a part that has it is held to its schema."""
    if name_universe(v) is not None:
        return []  # every name the view allows is listed
    combos: list[tuple[list[Part], frozenset[str]]] = [([], frozenset())]
    for part in positive(v):
        patterns = part.get("patternProperties")
        patterns = patterns if isinstance(patterns, dict) else {}
        choices: list[tuple[Part | None, str | None]]
        if force is not None and force in patterns:
            choices = [(part.at("patternProperties", force), force)]
        else:
            choices = []
            if not EVERY_NAME & set(patterns):
                choices = [(extra, None) for extra in _other_extra(part)]
            choices += [(part.at("patternProperties", p), p) for p in patterns]
        combos = [
            (combo + ([c] if c is not None else []), chosen | ({p} if p else set()))
            for combo, chosen in combos
            for c, p in choices
        ]
        if len(combos) > limit:
            return None
    return [(tuple(combo), chosen) for combo, chosen in combos]

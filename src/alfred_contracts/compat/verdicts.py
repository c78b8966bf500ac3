"""Both directions of a comparison of two whole sides, proven (:mod:`.inclusion`) once
per pair of sides and cached: ``diff`` and ``witness.prove`` ask for the same pair."""

from __future__ import annotations

from collections.abc import Mapping

from alfred_contracts.compat.inclusion import Prover
from alfred_contracts.compat.views import Space
from alfred_contracts.refs import DRAFT_2020_12, JSON

Side = tuple[Mapping[str, JSON], str]
_PROVEN: dict[tuple[int, int], tuple[Side, Side, tuple[bool, bool]]] = {}


def proven(old: Side, new: Side) -> tuple[bool, bool]:
    """(backward, forward): whether :mod:`.inclusion` proves each direction."""
    key = (id(old[0]), id(new[0]))
    cached = _PROVEN.get(key)
    if cached is not None and cached[0] is old and cached[1] is new:
        return cached[2]
    if not (_dialect_known(old) and _dialect_known(new)):
        result = (False, False)  # the rules are draft 2020-12's: prove nothing else
    else:
        result = (_includes(old, new), _includes(new, old))
    if len(_PROVEN) > 32:
        _PROVEN.clear()
    _PROVEN[key] = (old, new, result)
    return result


def _dialect_known(side: Side) -> bool:
    """Whether every resource of ``side`` is draft 2020-12 (declared, or by default)."""
    return all(
        not isinstance(schema, dict)
        or schema.get("$schema", DRAFT_2020_12).rstrip("#") == DRAFT_2020_12
        for schema in side[0].values()
    )


def _includes(small: Side, large: Side) -> bool:
    if small[0] == large[0] and small[1] == large[1]:
        return True
    try:
        return Prover().includes(
            (Space(dict(small[0]), "old"), small[1]), (Space(dict(large[0]), "new"), large[1])
        )
    except RecursionError:
        return False

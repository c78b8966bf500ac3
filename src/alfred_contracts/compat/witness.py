"""Verdicts with proof: ``True`` by a sound rule, ``False`` with a witness, else ``None``.

:func:`prove` settles both directions of a comparison. A direction is compatible when
:mod:`.inclusion` proves it. Otherwise witnesses are searched for: first at each change's
own location (a valid instance of one side, changed there with values mined from both
schemas), then by :mod:`.search` over whole instances. A witness is reported only after
both engines agree that it is valid under one side and invalid under the other; it is
attached to the change its failure points at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from alfred_contracts.compat.changes import Change, Verdict, Witness, settle
from alfred_contracts.compat.search import search
from alfred_contracts.compat.targets import Targets
from alfred_contracts.compat.verdicts import proven
from alfred_contracts.engines import create
from alfred_contracts.refs import JSON

Side = tuple[Mapping[str, JSON], str]
Check = Callable[[Any], bool]


class Judge:
    """Both engines' checks for one side."""

    def __init__(self, side: Side) -> None:
        resources, root = side
        self.fast = create(resources, {"": root}, "rs")
        self.slow = create(resources, {"": root}, "reference")
        self.valid: Check = self.fast.is_valid_for("")
        self.sure: Check = self.slow.is_valid_for("")

    def failing(self, instance: Any) -> list[str]:
        """Instance locations (``*`` for array items) where the fast engine reports errors."""
        return [
            "".join("/*" if isinstance(p, int) else f"/{p}" for p in error.instance_path)
            for error in self.fast.errors("", instance)
        ]


def _confirmed(ok: Judge, bad: Judge, instance: Any) -> bool:
    """Valid under ``ok`` and invalid under ``bad`` by both engines (fast one first)."""
    try:
        return bool(ok.valid(instance) and not bad.valid(instance)) and bool(
            ok.sure(instance) and not bad.sure(instance)
        )
    except Exception:
        return False


def _attribute(changes: list[Change], places: list[str], direction: str) -> int | None:
    """The index of the change a witness's failure points at."""
    open_ = [i for i, c in enumerate(changes) if getattr(c, direction) is not True]
    if not open_:
        return None
    for place in places:
        near = [i for i in open_ if place == changes[i].path]
        near = near or sorted((i for i in open_ if place.startswith(changes[i].path + "/")),
                              key=lambda i: -len(changes[i].path))  # fmt: skip
        near = near or [i for i in open_ if changes[i].path.startswith(place + "/")]
        if near:
            return near[0]
    return open_[0]


def prove(verdict: Verdict, old: Side, new: Side, *, budget: int = 3000) -> Verdict:
    """``verdict``'s changes, settled: proven compatible, witnessed breaking, or unknown."""
    backward_ok, forward_ok = proven(old, new)
    judges = {"old": Judge(old), "new": Judge(new)}
    targets = Targets(old, new)
    found: dict[str, dict[int, Witness]] = {"backward": {}, "forward": {}}
    changes = list(verdict.changes)
    for direction, proven_ok, mine, theirs in (
        ("backward", backward_ok, "old", "new"),
        ("forward", forward_ok, "new", "old"),
    ):
        if proven_ok:
            continue
        ok, bad = judges[mine], judges[theirs]
        for index, change in enumerate(changes):
            if change.rule == "annotation-changed" or index in found[direction]:
                continue
            places = [change.path] + ([change.also] if change.also else [])
            for candidate in (c for place in places for c in targets.candidates(mine, place)):
                if _confirmed(ok, bad, candidate):
                    where = _attribute(changes, bad.failing(candidate), direction)
                    found[direction][index if where is None else where] = Witness(mine, candidate)
                    break
        if found[direction]:
            continue
        located = [(targets.sides[mine][0], targets.sides[mine][1],
                    targets.sides[mine][0][targets.sides[mine][1]])]  # fmt: skip
        others = [(targets.sides[theirs][0], targets.sides[theirs][1],
                   targets.sides[theirs][0][targets.sides[theirs][1]])]  # fmt: skip
        for candidate in search(ok.valid, bad.valid, located, others,
                                seeds=targets.bases(mine), budget=budget):  # fmt: skip
            if _confirmed(ok, bad, candidate):
                where = _attribute(changes, bad.failing(candidate), direction)
                found[direction][-1 if where is None else where] = Witness(mine, candidate)
                break
    return settle(changes, backward_ok, forward_ok, found)

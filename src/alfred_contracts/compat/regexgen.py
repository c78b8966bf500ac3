"""Strings that (probably) match a regular expression, for the witness search.

Python's own regex parser takes the pattern apart; the sampler walks the parse tree.
ECMA-262 and Python patterns differ at the edges, which is harmless here: a sample is
only a candidate, and every witness is checked by both engines before it is reported.
"""

from __future__ import annotations

import random
import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # the stdlib regex parser
from re._constants import MAXREPEAT  # type: ignore[import-not-found]
from typing import Any

_CATEGORIES = {
    "CATEGORY_DIGIT": "0123456789",
    "CATEGORY_NOT_DIGIT": "abcXYZ_-",
    "CATEGORY_WORD": "abcxyzABC019_",
    "CATEGORY_NOT_WORD": " -.!",
    "CATEGORY_SPACE": " \t",
    "CATEGORY_NOT_SPACE": "abc019",
}
_ANY = "abcdefxyzABC0129_-. "


def sample(pattern: str, rng: random.Random) -> str | None:
    """A string that matches ``pattern`` as far as the sampler knows (None: cannot)."""
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    try:
        return "".join(_walk(list(parsed), rng, 0))
    except (RecursionError, ValueError, IndexError):
        return None


def _walk(items: list[Any], rng: random.Random, depth: int) -> list[str]:
    out: list[str] = []
    if depth > 20:
        raise ValueError("too deep")
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if arg != ord("a") else "b")
        elif name == "ANY":
            out.append(rng.choice(_ANY))
        elif name == "IN":
            out.append(_class(arg, rng))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, inner = arg
            top = low + 3 if high == MAXREPEAT else high
            for _ in range(rng.randint(low, max(low, min(top, low + 3)))):
                out += _walk(list(inner), rng, depth + 1)
        elif name == "SUBPATTERN":
            out += _walk(list(arg[-1]), rng, depth + 1)
        elif name == "BRANCH":
            out += _walk(list(rng.choice(arg[1])), rng, depth + 1)
        elif name == "ATOMIC_GROUP":
            out += _walk(list(arg), rng, depth + 1)
        elif name in ("AT", "ASSERT", "ASSERT_NOT", "GROUPREF"):
            continue
        else:
            raise ValueError(name)
    return out


def _class(items: list[Any], rng: random.Random) -> str:
    choices: list[str] = []
    negate = False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            choices.append(chr(arg))
        elif name == "RANGE":
            low, high = arg
            choices += [chr(low), chr(high), chr(rng.randint(low, high))]
        elif name == "CATEGORY":
            choices += list(_CATEGORIES.get(str(arg), "a"))
    if negate:
        allowed = [c for c in _ANY + "QWERTY!#" if c not in choices]
        return rng.choice(allowed) if allowed else "~"
    return rng.choice(choices) if choices else "a"

"""Schema patterns, rewritten so that the models' regex engine reads them as JSON Schema does.

A JSON Schema ``pattern`` is an ECMA-262 regular expression; the models must read it as
the default engine (jsonschema-rs) does. Pydantic checks ``Field(pattern=...)`` with Rust's
``regex`` crate. jsonschema-rs runs a pattern on that crate too when it can, and then spells
``\\s``, ``\\d`` and ``\\w`` out the ECMA-262 way (``\\s`` takes U+FEFF and not U+0085,
``\\d`` only ASCII digits); a pattern with a lookaround goes to fancy-regex instead, where
the three keep Rust's Unicode meaning. :func:`portable` does the same: it spells the
classes out as ECMA-262 means them unless the pattern has a lookaround, so the result
reads in Rust as the engine reads the original. It refuses (``NotImplementedError``) what
cannot be carried over exactly: lookaround (except ``(?![\\s\\S])``, "nothing follows",
which is Rust's ``$``), backreferences, word boundaries, Unicode property escapes,
``\\S`` inside a class. ``.`` stays as it is: the engine, like Rust, lets it match
anything but ``\\n``.
"""

from __future__ import annotations

import re

#: ECMA-262 WhiteSpace and LineTerminator: what ``\s`` means there
SPACE = r"\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
DIGIT = "0-9"
WORD = "0-9A-Za-z_"

_CLASSES = {"s": SPACE, "d": DIGIT, "w": WORD}
_CONTROL = {"t": r"\t", "n": r"\n", "r": r"\r", "f": r"\x0c", "v": r"\x0b", "0": r"\x00"}
#: characters that need no escape in ECMA-262 but mean something to Rust or Python
_LITERAL_OUTSIDE = {"{": r"\{", "}": r"\}", "]": r"\]"}
_LITERAL_INSIDE = {"[": r"\[", "&": r"\&", "~": r"\~", "-": r"\-"}
_QUANTIFIER = re.compile(r"\{[0-9]+(?:,[0-9]*)?\}")
_HEX = re.compile(r"x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}")
#: the lookahead that schemas use for "end of input" (Python's ``$`` also matches before a
#: final newline, so ``$`` alone would split the engines)
_END_OF_INPUT = (r"(?![\s\S])", r"(?![\S\s])")


def portable(pattern: str) -> str:
    """``pattern`` rewritten so that Rust's regex crate reads it as jsonschema-rs does."""
    unicode = any(end in pattern for end in _END_OF_INPUT)  # fancy-regex: Rust's classes
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            text, index = _escape(pattern, index, inside=False, unicode=unicode)
            out.append(text)
        elif char == "[":
            text, index = _class(pattern, index, unicode=unicode)
            out.append(text)
        elif char == "(" and pattern.startswith("(?", index):
            end = next((e for e in _END_OF_INPUT if pattern.startswith(e, index)), None)
            if end is not None:  # nothing follows: Rust's $ (it never matches before a \n)
                out.append("$")
                index += len(end)
            elif pattern.startswith("(?:", index):
                out.append("(?:")
                index += 3
            elif re.match(r"\(\?<[A-Za-z_]", pattern[index:]):
                out.append("(?P<")
                index += 3
            else:
                raise NotImplementedError(f"pattern {pattern!r}: lookaround has no exact equal")
        elif char == "{":
            quantifier = _QUANTIFIER.match(pattern, index)
            if quantifier is None:
                out.append(_LITERAL_OUTSIDE[char])
                index += 1
            else:
                out.append(quantifier[0])
                index = quantifier.end()
        else:
            out.append(_LITERAL_OUTSIDE.get(char, char))
            index += 1
    return "".join(out)


def _escape(pattern: str, index: int, *, inside: bool, unicode: bool) -> tuple[str, int]:
    """The escape at ``pattern[index]`` (a backslash), rewritten; and where it ends."""
    if index + 1 >= len(pattern):
        raise NotImplementedError(f"pattern {pattern!r} ends in a lone backslash")
    char = pattern[index + 1]
    if unicode and char.lower() in _CLASSES:
        return "\\" + char, index + 2
    if char.lower() in _CLASSES:
        members = _CLASSES[char.lower()]
        if char.islower():
            return (members if inside else f"[{members}]"), index + 2
        if inside:
            raise NotImplementedError(f"pattern {pattern!r}: \\{char} inside a class")
        return f"[^{members}]", index + 2
    if char in _CONTROL:
        if char == "0" and pattern[index + 2 : index + 3].isdigit():
            raise NotImplementedError(f"pattern {pattern!r}: octal escapes are ambiguous")
        return _CONTROL[char], index + 2
    hexadecimal = _HEX.match(pattern, index + 1)
    if hexadecimal is not None:
        return "\\" + hexadecimal[0], hexadecimal.end()
    if char.isalnum():  # \b \B \1 \p{..} \cX \k<name> and the like
        raise NotImplementedError(f"pattern {pattern!r}: \\{char} has no exact equal")
    return re.escape(char), index + 2


def _class(pattern: str, index: int, *, unicode: bool) -> tuple[str, int]:
    """The character class that opens at ``pattern[index]``, rewritten; and where it ends."""
    out = ["["]
    index += 1
    if pattern.startswith("^", index):
        out.append("^")
        index += 1
    if pattern.startswith("]", index):
        raise NotImplementedError(f"pattern {pattern!r}: an empty class ([] or [^])")
    while index < len(pattern) and pattern[index] != "]":
        char = pattern[index]
        if char == "\\":
            text, index = _escape(pattern, index, inside=True, unicode=unicode)
            out.append(text)
        elif char == "-" and out[-1] not in ("[", "^") and not pattern.startswith("]", index + 1):
            out.append("-")  # a range
            index += 1
        else:
            out.append(_LITERAL_INSIDE.get(char, char))
            index += 1
    if index >= len(pattern):
        raise NotImplementedError(f"pattern {pattern!r}: an unclosed class")
    return "".join(out) + "]", index + 1

"""Render JSON values for messages: their kind ('a string') and a short preview."""

from __future__ import annotations

import orjson

PREVIEW = 60


def preview(value: object, limit: int = PREVIEW) -> str:
    """A short JSON rendering of ``value`` for a message (long values are cut)."""
    if isinstance(value, str):
        cut = value[:limit]
        text = orjson.dumps(cut).decode()
        return text[:-1] + '..."' if len(value) > limit else text
    if isinstance(value, dict | list):
        if not value:
            return "{}" if isinstance(value, dict) else "[]"
        try:
            text = orjson.dumps(value).decode()
        except (orjson.JSONEncodeError, TypeError):
            return "{...}" if isinstance(value, dict) else "[...]"
        return text if len(text) <= limit else text[: limit - 3] + "..."
    try:
        return orjson.dumps(value).decode()
    except (orjson.JSONEncodeError, TypeError):
        return repr(value)[:limit]


def kind(value: object) -> str:
    """The JSON type of ``value`` with an article: 'a string', 'an array', 'null'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"

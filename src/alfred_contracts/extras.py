"""Optional extras: which modules each one brings, and a one-line error when one is missing.

The core install (validate, parse, the models, diff, the gate's own logic) needs no extra.
Heavier stacks are extras of the ``alfred-event-contracts`` distribution; a command that
needs one calls :func:`require` first, so that a missing extra is one line naming the
``pip install`` that fixes it, never a traceback from deep inside an import::

    require("consumer", what="verify-consumer")

This module is a leaf: it imports nothing heavy, and finds modules without importing them.
"""

from __future__ import annotations

import importlib.util

from alfred_contracts.errors import MissingExtra

#: extra -> the top-level modules that code needing it imports
EXTRAS: dict[str, tuple[str, ...]] = {
    "consumer": ("httpx", "httpcore", "anyio", "starlette", "uvicorn", "schemathesis"),
    "testing": ("pytest",),
    "docs": ("mkdocs", "material"),
    "generate": ("datamodel_code_generator",),
    # captures as they are stored: fsspec for URLs, zstandard for .zst; dask for --dask
    "archive": ("fsspec", "zstandard", "dask", "distributed"),
}


def missing(*modules: str) -> list[str]:
    """The top-level ``modules`` that cannot be imported here, in the order given."""
    absent = []
    for name in modules:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # a broken or half-removed install
            found = False
        if not found:
            absent.append(name)
    return absent


def require(extra: str, *modules: str, what: str | None = None) -> None:
    """Raise :class:`~alfred_contracts.errors.MissingExtra` unless ``extra`` is installed.

    ``modules`` defaults to every module of the extra; ``what`` names the command or
    function that needs it (default: the extra's name) in the one-line message.
    """
    absent = missing(*(modules or EXTRAS[extra]))
    if absent:
        raise MissingExtra(what or extra, extra, absent)

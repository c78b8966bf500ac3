"""alfred-event-contracts: canonical schemas and contract tests for Alfred's webhook events.

The public API (everything in ``__all__``) is imported lazily, so that the command line
starts fast::

    from alfred_contracts import ContractViolation, parse, validate

    for violation in validate(body):          # bytes, str or an already-parsed dict
        print(violation.instance_path, violation.message)

    event = parse(body)                       # a typed model, or ContractViolation
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .api import parse, validate, validate_bag
    from .errors import (
        AlfredContractsError,
        ContractViolation,
        MissingExtra,
        RefError,
        SchemaError,
        SourceError,
        UnknownEventError,
        UsageError,
    )
    from .schema.catalog import Catalog, EventSchema
    from .validation.checker import Checker
    from .violations import DocumentResult, Summary, Violation

__all__ = [
    "AlfredContractsError",
    "Catalog",
    "Checker",
    "ContractViolation",
    "DocumentResult",
    "EventSchema",
    "MissingExtra",
    "RefError",
    "SchemaError",
    "SourceError",
    "Summary",
    "UnknownEventError",
    "UsageError",
    "Violation",
    "__version__",
    "parse",
    "validate",
    "validate_bag",
]

_HOMES = {
    "parse": "api",
    "validate": "api",
    "validate_bag": "api",  # Dask is imported only when it is called ([archive] extra)
    "ContractViolation": "errors",
    "Catalog": "schema.catalog",
    "EventSchema": "schema.catalog",
    "Checker": "validation.checker",
    "AlfredContractsError": "errors",
    "SchemaError": "errors",
    "RefError": "errors",
    "MissingExtra": "errors",
    "SourceError": "errors",
    "UnknownEventError": "errors",
    "UsageError": "errors",
    "DocumentResult": "violations",
    "Summary": "violations",
    "Violation": "violations",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

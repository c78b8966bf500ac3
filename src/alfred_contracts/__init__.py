"""alfred-event-contracts: canonical schemas and contract tests for Alfred's webhook events.

The public API (everything in ``__all__``) is imported lazily, so that the command line
starts fast::

    from alfred_contracts import ContractViolation, parse, validate

    for violation in validate(body):          # bytes, str or an already-parsed dict
        print(violation.instance_path, violation.message)

    event = parse(body)                       # a typed model, or ContractViolation

The schemas and examples the package ships, from any folder::

    from alfred_contracts import example, examples, schema_for

    schema = schema_for("job_start_event", bundled=True)  # one self-contained document
    payload = example("job_start_event", "offset_dates")  # a valid event, as a dict
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
        OutputError,
        RefError,
        SchemaError,
        SourceError,
        UnknownEventError,
        UsageError,
    )
    from .schema.catalog import Catalog, EventSchema
    from .schema.shipped import example, examples, schema_for
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
    "OutputError",
    "RefError",
    "SchemaError",
    "SourceError",
    "Summary",
    "UnknownEventError",
    "UsageError",
    "Violation",
    "__version__",
    "example",
    "examples",
    "parse",
    "schema_for",
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
    "example": "schema.shipped",  # the shipped examples and schemas, by event name
    "examples": "schema.shipped",
    "schema_for": "schema.shipped",
    "Checker": "validation.checker",
    "AlfredContractsError": "errors",
    "SchemaError": "errors",
    "RefError": "errors",
    "MissingExtra": "errors",
    "OutputError": "errors",
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

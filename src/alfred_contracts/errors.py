"""The exception tree.

Bad *input* (a payload that breaks the contract, a file that is not JSON) is never an
exception: it becomes a :class:`~alfred_contracts.violations.Violation`. Exceptions are for
faults that stop the tool from working at all, and every one of them renders as one line.

    AlfredContractsError
    ├── SchemaError        a bundled schema is unreadable, invalid, or has a remote $ref
    ├── SourceError        a path given on the command line cannot be read
    ├── UnknownEventError  an event name that the catalog does not know (also a KeyError)
    ├── UsageError         options that cannot work together
    └── ContractViolation  raised by ``parse()`` for a payload that breaks the contract
                           (also a ValueError); carries the violations

``ContractViolation`` is the one exception about *input*: ``parse()`` has to return a
model or raise. Everything else that checks input returns violations as data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alfred_contracts.violations import Violation


class AlfredContractsError(Exception):
    """Base class of every error this package raises on purpose."""


class SchemaError(AlfredContractsError):
    """A bundled schema cannot be used: unreadable, invalid, or unresolvable."""


class SourceError(AlfredContractsError):
    """An input path cannot be read (missing, unreadable, not a file or folder)."""


class UnknownEventError(AlfredContractsError, KeyError):
    """An event name that no bundled schema declares."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        super().__init__(f"unknown event {name!r}; known events: {', '.join(known)}")

    def __str__(self) -> str:  # KeyError would otherwise quote the whole message
        return str(self.args[0])


class UsageError(AlfredContractsError, ValueError):
    """Options or arguments that cannot work (also a ValueError, for callers of the library)."""


class ContractViolation(AlfredContractsError, ValueError):
    """A payload broke the contract; ``violations`` says how (never empty)."""

    def __init__(self, violations: Iterable[Violation], event: str | None = None) -> None:
        self.violations: tuple[Violation, ...] = tuple(violations)
        self.event = event
        count = len(self.violations)
        what = f"{event} payload" if event else "payload"
        lines = [f"{what} breaks the contract ({count} violation{'s' if count != 1 else ''}):"]
        for violation in self.violations:
            where = violation.instance_path or "(document)"
            lines.append(f"  {where}: {violation.message}")
        super().__init__("\n".join(lines))

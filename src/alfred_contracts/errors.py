"""The exception tree.

Bad *input* (a payload that breaks the contract, a file that is not JSON) is never an
exception: it becomes a :class:`~alfred_contracts.violations.Violation`. Exceptions are for
faults that stop the tool from working at all, and every one of them renders as one line.

    AlfredContractsError
    ├── SchemaError        a bundled schema is unreadable, invalid, or has a remote $ref
    │   └── RefError       a $ref that does not resolve inside the resources, or a cycle
    ├── SourceError        a path given on the command line cannot be read
    ├── UnknownEventError  an event name that the catalog does not know (also a KeyError)
    ├── UsageError         options that cannot work together
    ├── MissingExtra       a command needs an optional extra that is not installed
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


class RefError(SchemaError):
    """A ``$ref`` that does not resolve inside the given resources, or a cycle of them."""


class SourceError(AlfredContractsError):
    """An input path cannot be read (missing, unreadable, not a file or folder)."""


class OutputError(AlfredContractsError):
    """The report cannot be written (a full disk, a broken device); never blamed on the
    input being read at the time."""


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


class MissingExtra(AlfredContractsError, ImportError):
    """A command needs modules from an extra that is not installed (also an ImportError).

    The message is one line that says what to install::

        verify-consumer needs the [consumer] extra: pip install 'alfred-event-contracts[consumer]'
    """

    def __init__(self, what: str, extra: str, missing: Iterable[str]) -> None:
        self.what = what
        self.extra = extra
        self.missing: tuple[str, ...] = tuple(missing)
        super().__init__(
            f"{what} needs the [{extra}] extra: pip install 'alfred-event-contracts[{extra}]'"
        )


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

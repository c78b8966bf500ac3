"""Check documents: route each payload to its event schema, run the engine, collect violations.

Valid payloads take the fast path (one compiled yes/no check); violation records are built
only for invalid ones.
"""

from __future__ import annotations

from collections.abc import Callable

from alfred_contracts import engines
from alfred_contracts.engines.rs import RsEngine
from alfred_contracts.parsing import ParseFailure
from alfred_contracts.schema.catalog import Catalog
from alfred_contracts.schema.profiles import Profile, check_profile
from alfred_contracts.validation import messages
from alfred_contracts.validation.walker import Repeat, Walker, fixed_quotes_at
from alfred_contracts.violations import DocumentResult, Violation, finalize


class Checker:
    """Validates payloads against the catalog under one profile with one engine.

    ``event`` forces every payload to be checked as that event instead of routing by
    ``event.event_name``. The handshake (``url_verification``) is checked like an event
    when the catalog has its schema.
    """

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        profile: Profile | str = "strict",
        engine: engines.EngineName = "rs",
        event: str | None = None,
    ) -> None:
        self.catalog = catalog if catalog is not None else Catalog.load()
        self.profile: Profile = check_profile(profile)
        roots = {name: message.id for name, message in self.catalog.messages.items()}
        self.engine = engines.create(self.catalog.resources(self.profile), roots, engine)
        self.forced = self.catalog.message(event).name if event is not None else None
        self._resources = self.catalog.resources(self.profile)
        self._builders: dict[str, messages.Builder] = {}
        self._table: dict[str, tuple[Callable[[object], bool], int | None]] | None = None
        self._is_valid: dict[str, Callable[[object], bool]] = {
            name: self.engine.is_valid_for(name) for name in self.catalog.messages
        }
        self._walker: Walker | None = None
        if isinstance(self.engine, RsEngine):  # the cheap invalid path (see walker.py)
            self._walker = Walker(self._resources, roots, self.engine.compile)

    def is_valid(self, name: str, value: object) -> bool:
        """Whether ``value`` is a valid ``name`` event (no violation records are built)."""
        return self._is_valid[name](value)

    def validators(self) -> dict[str, Callable[[object], bool]]:
        """The compiled yes/no check of every event, by name (for the fast path, which routes
        by ``event.event_name``: the handshake takes the general path)."""
        return {name: self._is_valid[name] for name in self.catalog.names}

    def fast_table(self) -> dict[str, tuple[Callable[[object], bool], int | None]]:
        """For the fast path: each event's compiled check and the number of ``"`` in a
        valid, escape-free document when its shape fixes it (see scan.py)."""
        if self._table is None:
            self._table = {
                name: (check, fixed_quotes_at(self._resources, self.catalog.events[name].id))
                for name, check in self.validators().items()
            }
        return self._table

    def repeat_for(self) -> Callable[[str], Repeat | None] | None:
        """Each event's last failure, to try first on its next failing document (None
        without the walker): see :mod:`alfred_contracts.validation.walker`."""
        return self._walker.repeat if self._walker is not None else None

    def check(
        self, value: object, source: str = "<payload>", line: int | None = None
    ) -> DocumentResult:
        """Check one parsed document (or a :class:`ParseFailure`) and return its verdict."""
        if type(value) is ParseFailure:
            return DocumentResult(source, line, None, _parse_violations(value, source, line))
        name = self.forced
        if name is None:
            routed = self.catalog.route(value)
            if type(routed) is tuple:
                path, keyword, message = routed
                violation = Violation(source, line, None, path, "", keyword, message)
                return DocumentResult(source, line, None, (violation,))
            name = routed  # type: ignore[assignment]
        assert name is not None
        if self._is_valid[name](value):
            return DocumentResult(source, line, name)
        return DocumentResult(source, line, name, self.violations(name, value, source, line))

    def violations(
        self, name: str, value: object, source: str = "<payload>", line: int | None = None
    ) -> tuple[Violation, ...]:
        """Every violation of ``value`` against event ``name`` (empty when it is valid)."""
        build = self._builders.get(name)
        if build is None:
            build = self._builders[name] = messages.Builder(
                self._resources, self.catalog.messages[name].id
            )
        walker = self._walker
        raws = walker.errors(name, value) if walker is not None else self.engine.errors(name, value)
        return build(raws, source, line, name)


def _parse_violations(
    failure: ParseFailure, source: str, line: int | None
) -> tuple[Violation, ...]:
    return finalize(
        [
            Violation(source, line, None, path, "", keyword, message)
            for path, keyword, message in failure.problems
        ]
    )

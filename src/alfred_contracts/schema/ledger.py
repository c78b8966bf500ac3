"""The vendor ledger: where the vendor's documented examples contradict its descriptions.

Each event with vendor material has a folder ``contracts/vendor/<event>/`` holding the
documented example byte for byte and ``ledger.toml``, one record per discrepancy with the
decision taken and the violation each profile must report for it (design policy 4).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from alfred_contracts.errors import SchemaError
from alfred_contracts.resources import contracts_dir


@dataclass(frozen=True, slots=True)
class Discrepancy:
    id: str
    path: str  #: JSON Pointer into the documented example
    description_says: str
    example_shows: str
    decision: str
    strict: str  #: keyword the strict profile reports at ``path``, "" for none
    lenient: str  #: keyword the lenient profile reports at ``path``, "" for none


@dataclass(frozen=True, slots=True)
class Ledger:
    event: str
    folder: Path
    page: str
    documented_example: Path
    discrepancies: tuple[Discrepancy, ...]

    def expected(self, profile: str) -> set[tuple[str, str]]:
        """(instance_path, keyword) of every violation ``profile`` must report."""
        return {(d.path, getattr(d, profile)) for d in self.discrepancies if getattr(d, profile)}


def load(folder: Path) -> Ledger:
    """Read one event's ledger folder."""
    path = folder / "ledger.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        source = data["source"]
        return Ledger(
            event=data["event"],
            folder=folder,
            page=source["page"],
            documented_example=folder / source["documented_example"],
            discrepancies=tuple(Discrepancy(**row) for row in data.get("discrepancy", [])),
        )
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as error:
        raise SchemaError(f"{path}: not a usable ledger ({error})") from None


def load_all(root: Path | None = None) -> dict[str, Ledger]:
    """Every ledger below ``contracts/vendor/``, by event name."""
    base = root if root is not None else contracts_dir() / "vendor"
    ledgers = [load(path.parent) for path in sorted(base.glob("*/ledger.toml"))]
    return {ledger.event: ledger for ledger in ledgers}

"""Where the bundled data lives.

In a wheel, the canonical schemas and the contract corpus are package data under
``alfred_contracts/_data/``. In a checkout (an editable install) they are read in place
from the repository, so an edited schema takes effect at once. Nothing here touches the
network.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent  # src/alfred_contracts -> repository root

#: environment variable that points the tool at another schema folder (for tests and forks)
SCHEMAS_ENV = "ALFRED_CONTRACTS_SCHEMAS"


def data_root() -> Path:
    """The folder that holds ``schemas/`` and ``contracts/``."""
    bundled = _PACKAGE / "_data"
    if (bundled / "schemas").is_dir():
        return bundled
    return _CHECKOUT


def schemas_dir() -> Path:
    """The folder of canonical schemas (``$ALFRED_CONTRACTS_SCHEMAS`` overrides it)."""
    override = os.environ.get(SCHEMAS_ENV)
    if override:
        return Path(override)
    return data_root() / "schemas"


def contracts_dir() -> Path:
    """The folder of examples, counterexamples and vendor material."""
    return data_root() / "contracts"


def project_root(start: Path | None = None) -> Path | None:
    """The project a command run in ``start`` (default: the current folder) acts on: the
    nearest folder, there or above, that holds a ``schemas/`` folder (as git finds its
    repository). Never the installed package's own origin."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "schemas").is_dir():
            return folder
    return None


def in_checkout() -> bool:
    """True when running from a source checkout rather than an installed wheel."""
    return not (_PACKAGE / "_data" / "schemas").is_dir() and (_CHECKOUT / "schemas").is_dir()


#: the path a receiver serves the webhook on, in the receiver contract, ``listen`` and the
#: in-process clients (one definition, so that they never disagree)
WEBHOOK_PATH = "/webhook"

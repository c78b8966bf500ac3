"""The one error of the docs build."""

from __future__ import annotations

from alfred_contracts.errors import AlfredContractsError


class DocsError(AlfredContractsError):
    """The docs cannot be built truthfully (an example that breaks its own contract)."""

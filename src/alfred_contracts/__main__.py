"""``python -m alfred_contracts`` runs the command line."""

from alfred_contracts.cli import entry

entry()

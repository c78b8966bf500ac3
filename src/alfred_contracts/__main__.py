"""``python -m alfred_contracts`` runs the command line."""

from .cli import entry

entry()

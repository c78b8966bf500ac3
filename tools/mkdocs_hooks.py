"""mkdocs hook file (named in mkdocs.yml); the hooks live in alfred_contracts.docs.site."""

from alfred_contracts.docs.site import on_config, on_files, on_serve

__all__ = ["on_config", "on_files", "on_serve"]

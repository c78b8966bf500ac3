"""mkdocs hooks: generate the reference pages and publish the schemas on every build.

``mkdocs.yml`` lists ``tools/mkdocs_hooks.py``, which re-exports these functions. Because
the pages are produced inside the build (no mkdocs-gen-files, nothing committed), the
reference cannot drift from the schemas, and ``mkdocs serve`` rebuilds when a schema or
an example changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from alfred_contracts.docs import pages as docsgen
from alfred_contracts.docs.javascript import schema_sets
from alfred_contracts.docs.publish import published_documents
from alfred_contracts.errors import AlfredContractsError
from alfred_contracts.schema.catalog import Catalog


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _catalog(config: MkDocsConfig) -> Catalog:
    try:
        return Catalog.load(_root(config) / "schemas")
    except AlfredContractsError as error:
        raise PluginError(str(error)) from None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Put every event under the navigation's "Reference" section, grouped by family."""
    catalog = _catalog(config)
    nav: list[Any] = config.nav or []
    for section in nav:
        if isinstance(section, dict) and "Reference" in section:
            entries = section["Reference"]
            wanted = docsgen.nav_entries(catalog)
            section["Reference"] = [e for e in entries if e not in wanted] + wanted
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages, the published schemas and the contract's documents (the
    receiver's OpenAPI document) to the build."""
    root = _root(config)
    catalog = _catalog(config)
    try:
        pages = docsgen.reference_pages(catalog, root / "contracts")
        published = docsgen.published_files(catalog)
        published.update(published_documents(root / "contracts"))
        published.update(schema_sets(catalog, published))  # js/: for Ajv
    except AlfredContractsError as error:
        raise PluginError(str(error)) from None
    for path, text in pages.items():
        files.append(File.generated(config, path, content=text))
    for path, data in published.items():
        files.append(File.generated(config, path, content=data))
    return files


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild on edits to the schemas and the contract corpus, not only docs/."""
    root = _root(config)
    for folder in ("schemas", "contracts"):
        server.watch(str(root / folder))
    return server

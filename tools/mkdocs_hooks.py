"""mkdocs hook file (named in mkdocs.yml); the hooks live in alfred_contracts.docs.site.

The command-line reference (reference/cli.md) is added here: it is written from the
command line's parser (alfred_contracts.cli.usage), which the docs package, a layer
below the cli, may not import.
"""

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from alfred_contracts.docs.site import on_config, on_serve
from alfred_contracts.docs.site import on_files as _site_files

__all__ = ["on_config", "on_files", "on_serve"]

#: where the command-line reference is published (mkdocs.yml's nav names it)
CLI_PAGE = "reference/cli.md"


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    """The site's generated pages, and the command-line reference."""
    from alfred_contracts.cli.usage import reference_page

    files = _site_files(files, config)
    files.append(File.generated(config, CLI_PAGE, content=reference_page()))
    return files

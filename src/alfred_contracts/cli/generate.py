"""``alfred-contracts generate [--check]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from alfred_contracts.cli import EXIT_FINDINGS, EXIT_OK
from alfred_contracts.codegen import generate
from alfred_contracts.errors import UsageError
from alfred_contracts.extras import require
from alfred_contracts.resources import project_root


def run(options: argparse.Namespace) -> int:
    if options.root:  # checked before the extra: a bad option is the first thing said
        from alfred_contracts.cli.contract import _root

        root: Path | None = _root(options)
    else:
        root = project_root()
    require("generate", what="generate")
    if root is None or not (root / "schemas").is_dir():
        raise UsageError(
            f"no schemas/ folder in {Path.cwd()} or any folder above it; generate works on a "
            "contract project (a folder with schemas/): run inside one or pass --root DIR"
        )
    planned = generate.plan(root)
    if options.check:
        stale = generate.stale(root, planned)
        if not stale:
            print(f"generated artefacts are current ({len(planned.files)} files)")
            return EXIT_OK
        for path in stale:
            print(f"stale: {path}")
        print(
            f"{len(stale)} generated file(s) differ from what the schemas produce; "
            f"run `{generate.COMMAND}` and commit the result"
        )
        return EXIT_FINDINGS
    changed = generate.write(root, planned)
    for action, path in changed:
        print(f"{action} {path}")
    print(f"{len(planned.files)} generated files, {len(changed)} changed")
    return EXIT_OK

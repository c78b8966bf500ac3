"""Load one side of a comparison: a schema file, or ``GITREF:path`` read from git.

A canonical event schema references its shared definitions by relative ``$ref``; those
are read from beside the file (or from the same commit), so any schema, bundled or not,
becomes a (resources, root id) pair without touching the network.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

from alfred_contracts.engines import metaschema_problem
from alfred_contracts.errors import UsageError
from alfred_contracts.parsing import ParseFailure, parse
from alfred_contracts.refs import JSON, references

Side = tuple[dict[str, JSON], str]
_GIT_SPEC = re.compile(r"^(?P<ref>[^:/\\][^:]*):(?P<path>.+)$")


def _file_reader(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {path!r}: {error.strerror or error}") from None


def _git_reader(ref: str, cwd: Path) -> Callable[[str], bytes]:
    def read(path: str) -> bytes:
        spec = f"{ref}:./{path}" if not path.startswith("/") else f"{ref}:{path}"
        done = subprocess.run(["git", "show", spec], cwd=cwd, capture_output=True)
        if done.returncode != 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(
                f"cannot read {ref}:{path} from git: {reason[-1] if reason else 'failed'}"
            )
        return done.stdout

    return read


def _document(reader: Callable[[str], bytes], path: str, label: str) -> JSON:
    value = parse(reader(path))
    if isinstance(value, ParseFailure):
        raise UsageError(f"{label}: {value.problems[0][2]}")
    if not isinstance(value, dict | bool):
        raise UsageError(f"{label}: a schema must be a JSON object")
    problem = metaschema_problem(value, own_dialect_ok=True)
    if problem is not None:
        raise UsageError(f"{label}: not a valid JSON Schema at {problem[0]}")
    return value


def load(spec: str, cwd: Path | None = None) -> Side:
    """Load ``spec`` (a path, or ``GITREF:path``) with every resource it references."""
    here = cwd or Path.cwd()
    match = _GIT_SPEC.match(spec)
    if match and not Path(spec).exists():
        reader = _git_reader(match["ref"], here)
        path = match["path"]
    else:
        reader = _file_reader
        path = spec
    root = _document(reader, path, spec)
    root_id = root.get("$id") if isinstance(root, dict) else None
    if not isinstance(root_id, str):
        root_id = Path(path).resolve().as_uri()
    resources: dict[str, JSON] = {root_id: root}
    folder = posixpath.dirname(path)
    root_dir = posixpath.dirname(urlparse(root_id).path)
    pending = [root_id]
    while pending:
        uri = pending.pop()
        for _keyword, ref, base in references(resources[uri], uri):
            target = urldefrag(urljoin(base, ref))[0]
            if target in resources:
                continue
            if urlparse(target).netloc != urlparse(root_id).netloc:
                raise UsageError(f"{spec}: $ref {ref!r} leaves the schema's own site; not fetched")
            relative = posixpath.relpath(urlparse(target).path, root_dir)
            resources[target] = _document(
                reader, posixpath.normpath(posixpath.join(folder, relative)), f"{spec} -> {ref}"
            )
            pending.append(target)
    return resources, root_id

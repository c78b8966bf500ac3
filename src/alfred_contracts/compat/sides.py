"""Load one side of a comparison: a schema file, or ``GITREF:path`` read from git.

A canonical event schema references its shared definitions by relative ``$ref``. Each
``$ref`` is read from beside the file that holds it (or from the same commit): its target
URI, taken relative to the holding document's own base URI, is the path relative to the
holding file. A target that is not there, but whose URI is one of the bundled schemas'
``$id`` (an edited copy of a bundled event kept anywhere, say), is the bundled schema.
Nothing is fetched: a ``$ref`` to another site is an error, and an error names the file
that holds the ``$ref`` and the reference as written.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

from alfred_contracts.engines import metaschema_problem
from alfred_contracts.errors import AlfredContractsError, UsageError
from alfred_contracts.parsing import ParseFailure, parse
from alfred_contracts.refs import JSON, references, walk

Side = tuple[dict[str, JSON], str]
_GIT_SPEC = re.compile(r"^(?P<ref>[^:/\\][^:]*):(?P<path>.+)$")


class _Missing(Exception):
    """The file is not there (as opposed to there but unreadable)."""


#: reads one file by path; raises :class:`_Missing` when there is no such file
Reader = Callable[[str], bytes]


def _file_reader(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        raise _Missing("no such file") from None
    except OSError as error:
        raise UsageError(f"cannot read {path!r}: {error.strerror or error}") from None


def _git_reader(ref: str, cwd: Path) -> Reader:
    if ref.startswith("-"):  # never an option, whatever git makes of it
        raise UsageError(f"{ref!r} is not a git revision: a revision cannot start with '-'")

    def read(path: str) -> bytes:
        spec = f"{ref}:./{path}" if not path.startswith("/") else f"{ref}:{path}"
        done = subprocess.run(
            ["git", "show", "--end-of-options", spec], cwd=cwd, capture_output=True
        )
        if done.returncode != 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise _Missing(f"from git: {reason[-1] if reason else 'failed'}")
        return done.stdout

    return read


def _document(raw: bytes, label: str) -> JSON:
    value = parse(raw)
    if isinstance(value, ParseFailure):
        raise UsageError(f"{label}: {value.problems[0][2]}")
    if not isinstance(value, dict | bool):
        raise UsageError(f"{label}: a schema must be a JSON object")
    problem = metaschema_problem(value, own_dialect_ok=True)
    if problem is not None:
        raise UsageError(f"{label}: not a valid JSON Schema at {problem[0]}")
    return value


def _bundled() -> dict[str, Path]:
    """The bundled schemas' files by ``$id`` (none when they do not load)."""
    from alfred_contracts.schema.catalog import Catalog

    try:
        return dict(Catalog.load().paths)
    except AlfredContractsError:
        return {}


def _base(uri: str, document: JSON) -> str:
    """The base URI of a document's own content (its ``$id``, resolved against ``uri``)."""
    own = document.get("$id") if isinstance(document, dict) else None
    return urldefrag(urljoin(uri, own))[0] if isinstance(own, str) else uri


def _site(uri: str) -> tuple[str, str]:
    parsed = urlparse(uri)
    return parsed.scheme, parsed.netloc


def _embedded(document: JSON, uri: str) -> set[str]:
    """The URIs of the resources a document holds (itself and any nested ``$id``)."""
    return {urldefrag(base)[0] for _path, _node, base in walk(document, uri)}


class _Loader:
    """Reads a root schema and, transitively, every document its ``$ref``s reach."""

    def __init__(self, reader: Reader, label: Callable[[str], str]) -> None:
        self.reader, self.label = reader, label
        self.resources: dict[str, JSON] = {}
        self.where: dict[str, tuple[Reader, str]] = {}  #: uri -> (reader, path) of its file
        self.known: set[str] = set()
        self.bundled: dict[str, Path] | None = None

    def add(self, uri: str, document: JSON, reader: Reader, path: str) -> None:
        if isinstance(document, dict) and document.get("$id") != uri:
            # every engine then agrees on the document's base URI (a schema without
            # $id, or with a relative one, is known by where it was read from)
            document = {**document, "$id": uri}
        self.resources[uri] = document
        self.where[uri] = (reader, path)
        self.known |= _embedded(document, uri)

    def follow(self, root_id: str) -> None:
        pending = [root_id]
        while pending:
            uri = pending.pop()
            reader, path = self.where[uri]
            document = self.resources[uri]
            holder = self._shown(reader, path)
            for _keyword, ref, base in references(document, uri):
                target = urldefrag(urljoin(base, ref))[0]
                if target in self.resources or target in self.known:
                    continue
                pending.append(self._read(target, ref, holder, reader, path, _base(uri, document)))

    def _shown(self, reader: Reader, path: str) -> str:
        return self.label(path) if reader is self.reader else path

    def _read(
        self, target: str, ref: str, holder: str, reader: Reader, path: str, base: str
    ) -> str:
        if _site(target) != _site(base):
            raise UsageError(
                f"{holder}: $ref {ref!r} leaves the schema's own site ({target}); not fetched"
            )
        relative = posixpath.relpath(
            unquote(urlparse(target).path), posixpath.dirname(unquote(urlparse(base).path))
        )
        beside = posixpath.normpath(posixpath.join(posixpath.dirname(path), relative))
        try:
            raw = reader(beside)
        except _Missing as missing:
            if self.bundled is None:
                self.bundled = _bundled()
            found = self.bundled.get(target)
            if found is None:
                shown = self._shown(reader, beside)
                raise UsageError(
                    f"{holder}: cannot read $ref {ref!r}: {shown}: {missing}, and no bundled "
                    f"schema has the $id {target}"
                ) from None
            reader, beside, raw = _file_reader, str(found), found.read_bytes()
        label = f"{self._shown(reader, beside)} ($ref {ref!r} in {holder})"
        self.add(target, _document(raw, label), reader, beside)
        return target


def load(spec: str, cwd: Path | None = None) -> Side:
    """Load ``spec`` (a path, or ``GITREF:path``) with every resource it references."""
    here = cwd or Path.cwd()
    match = _GIT_SPEC.match(spec)
    if match and not Path(spec).exists():
        git_ref = match["ref"]
        reader, path = _git_reader(git_ref, here), match["path"]

        def label(name: str) -> str:
            return f"{git_ref}:{name}"
    else:
        reader, path = _file_reader, spec

        def label(name: str) -> str:
            return name

    try:
        raw = reader(path)
    except _Missing as missing:
        how = "no such file or directory" if reader is _file_reader else str(missing)
        raise UsageError(f"cannot read {label(path)}: {how}") from None
    root = _document(raw, spec)
    root_id = root.get("$id") if isinstance(root, dict) else None
    where = Path(path).resolve().as_uri()
    root_id = urljoin(where, root_id) if isinstance(root_id, str) else where
    root_id = urldefrag(root_id)[0]
    loader = _Loader(reader, label)
    loader.add(root_id, root, reader, path)
    loader.follow(root_id)
    return loader.resources, root_id

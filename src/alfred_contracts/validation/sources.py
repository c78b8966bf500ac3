"""Sources: what a path, a folder, a URL or ``-`` stands for, before anything is read.

* ``x.json`` (or any other explicit file): one document; ``x.ndjson`` / ``x.jsonl``: one
  document a line; either also compressed, ``.gz`` (gzip) or ``.zst`` (zstd, the
  ``[archive]`` extra).
* a folder: every .json, .ndjson and .jsonl file below it (each also as .gz or .zst), in
  sorted order.
* a URL of any fsspec filesystem (``s3://``, ``gs://``, ``file://``, ``memory://``…; the
  ``[archive]`` extra, and the filesystem's own package such as s3fs): a URL naming an
  object is one source; one naming a "directory", or holding a glob (``*``), stands for
  the captures below it or matching it, in sorted order. Reports show the URL as given,
  without any ``user:password@``.
* ``-``: standard input.

A path that cannot be read is a :class:`SourceError` (a tool error, exit 2).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from alfred_contracts import extras
from alfred_contracts.errors import AlfredContractsError, SourceError

NDJSON_SUFFIXES = (".ndjson", ".jsonl")
FOLDER_SUFFIXES = (".json", *NDJSON_SUFFIXES)
STDIN = "-"
STDIN_LABEL = "<stdin>"
#: the extra that brings fsspec (URLs) and zstandard (.zst)
ARCHIVE = "archive"

Kind = Literal["json", "ndjson", "stdin"]
Compression = Literal["gzip", "zstd"]

#: compressed forms, by suffix (after the .json/.ndjson/.jsonl one): read transparently
COMPRESSIONS: dict[str, Compression] = {".gz": "gzip", ".zst": "zstd"}

#: ``scheme://`` or a chained fsspec URL (``simplecache::s3://``); two letters at least, so
#: that a Windows drive (``C:\``) is never taken for one
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+(?:://|::.*://)")
#: the ``user:password@`` of a URL (in a label, or in an error message that quotes one)
_USERINFO = re.compile(r"(?<=://)[^/?#\s]*@")


class FileSystem(Protocol):
    """What the loader uses of an fsspec filesystem."""

    def open(self, path: str, mode: str = ...) -> Any: ...
    def size(self, path: str) -> Any: ...


@dataclass(frozen=True, slots=True)
class Source:
    """One thing to read: a file, an object behind a URL, or standard input."""

    label: str  #: how reports name it (the path or URL as given, or <stdin>)
    path: Path | None  #: the local file, when there is one
    kind: Kind
    compression: Compression | None = None  #: how its bytes are compressed (by suffix)
    #: the filesystem and the path in it, for an object behind a URL that is not local
    remote: tuple[FileSystem, str] | None = field(default=None, repr=False, compare=False)

    @property
    def plain(self) -> bool:
        """A local file whose bytes are its documents (not compressed): the only kind of
        source whose NDJSON can be split into byte ranges and checked in parallel."""
        return self.path is not None and self.compression is None and self.kind != "stdin"


def is_url(argument: str) -> bool:
    """Whether ``argument`` is a URL for fsspec rather than a local path."""
    return _URL.match(argument) is not None


def without_credentials(text: str) -> str:
    """``text`` (a URL, or a message quoting one) without any ``user:password@``; an
    http(s) URL's query (where signed URLs carry their token) is shown as ``?…``."""
    text = _USERINFO.sub("", text)
    if text.lower().startswith(("http://", "https://")) and "?" in text:
        text = text.split("?", 1)[0] + "?…"
    return text


def split_name(name: str) -> tuple[Literal["json", "ndjson"] | None, Compression | None]:
    """What a file name says: the kind of capture (None: not one) and its compression."""
    lower = name.lower()
    compression: Compression | None = None
    for suffix, method in COMPRESSIONS.items():
        if lower.endswith(suffix):
            compression, lower = method, lower[: -len(suffix)]
            break
    if lower.endswith(NDJSON_SUFFIXES):
        return "ndjson", compression
    if lower.endswith(".json"):
        return "json", compression
    return None, compression


def is_capture_name(name: str) -> bool:
    """Whether a folder's (or a URL listing's) file ``name`` is read: .json, .ndjson, .jsonl,
    each also as .gz or .zst."""
    return split_name(name)[0] is not None


def discover(arguments: Iterable[str]) -> list[Source]:
    """Resolve command-line paths and URLs into sources, in a stable order."""
    sources: list[Source] = []
    for argument in arguments:
        if argument == STDIN:
            sources.append(Source(STDIN_LABEL, None, "stdin"))
            continue
        if is_url(argument):
            sources.extend(_url_sources(argument))
            continue
        path = Path(argument)
        if path.is_dir():
            found = _walk(path, argument)
            if not found:
                raise SourceError(f"no .json, .ndjson or .jsonl files under {argument!r}")
            sources.extend(found)
        elif path.is_file():
            sources.append(_file_source(path, argument))
        elif path.exists() or path.is_symlink():
            what = "a broken link" if path.is_symlink() and not path.exists() else "not a file"
            raise SourceError(f"cannot read {argument!r}: {what}")
        else:
            raise SourceError(f"cannot read {argument!r}: no such file or directory")
    return sources


def _file_source(
    path: Path | None, label: str, remote: tuple[FileSystem, str] | None = None
) -> Source:
    name = path.name if path is not None else label
    kind, compression = split_name(name)
    if compression == "zstd":
        extras.require(ARCHIVE, "zstandard", what=f"reading {label!r}")
    return Source(label, path, "ndjson" if kind == "ndjson" else "json", compression, remote)


def _walk(folder: Path, label: str) -> list[Source]:
    found: list[Source] = []
    for directory, subdirectories, files in os.walk(folder, onerror=_walk_error):
        subdirectories.sort()
        for name in sorted(files):
            if not is_capture_name(name):
                continue
            path = Path(directory, name)
            shown = os.path.join(label, os.path.relpath(path, folder))
            if not path.is_file():
                raise SourceError(f"cannot read {shown!r}: a broken link or not a file")
            found.append(_file_source(path, shown))
    return found


def _walk_error(error: OSError) -> None:
    raise SourceError(f"cannot read {error.filename!r}: {error.strerror}")


# -- URLs (fsspec) -----------------------------------------------------------------------


def _url_sources(url: str) -> list[Source]:
    label = without_credentials(url)
    extras.require(ARCHIVE, "fsspec", what=f"reading {label!r}")
    import fsspec  # type: ignore[import-untyped]  # (no type information shipped)

    try:
        fs, path = fsspec.core.url_to_fs(url)
    except ImportError:
        raise SourceError(f"cannot read {label!r}: {_missing_driver(url)}") from None
    except ValueError as error:
        if "protocol not known" in str(error).lower():
            protocol = url.split("::")[0].split("://")[0]
            raise SourceError(
                f"cannot read {label!r}: unknown protocol {protocol}:// (no fsspec filesystem)"
            ) from None
        raise SourceError(f"cannot read {label!r}: {_reason(error)}") from None
    except Exception as error:  # options the filesystem refuses…
        raise SourceError(f"cannot read {label!r}: {_reason(error)}") from None
    local = "file" in ((fs.protocol,) if isinstance(fs.protocol, str) else fs.protocol)

    def source(found: str, shown: str) -> Source:
        if local:
            return _file_source(Path(found), shown)
        return _file_source(None, shown, (fs, found))

    try:
        if _has_glob(path, url):
            base, prefix = _static_part(path), _static_part(label)
            matches = fs.glob(path, detail=True)
            files = [p for p, info in matches.items() if info.get("type") != "directory"]
            for folder in sorted(
                p for p, info in matches.items() if info.get("type") == "directory"
            ):
                files.extend(fs.find(folder))  # a matched "directory": what is below it
            what = "match"
        else:
            info = fs.info(path)
            if info.get("type") != "directory":
                return [source(path, label)]
            base, prefix = path, label
            files, what = fs.find(path), "under"
    except AlfredContractsError:
        raise
    except Exception as error:
        raise SourceError(f"cannot read {label!r}: {_reason(error)}") from None
    relative = {_relative(found, base): found for found in set(files) if is_capture_name(found)}
    if not relative:
        raise SourceError(f"no .json, .ndjson or .jsonl files {what} {label!r}")
    return [source(relative[name], _join(prefix, name)) for name in sorted(relative, key=_walked)]


def _has_glob(path: str, url: str) -> bool:
    if url.lower().startswith(("http://", "https://")):
        return "*" in path  # there ? begins the query
    return any(char in path for char in "*?[")


def _static_part(text: str) -> str:
    """``text`` up to the folder that holds its first glob character (``/`` included)."""
    first = min((text.find(c) for c in "*?[" if c in text), default=len(text))
    return text[: text.rfind("/", 0, first) + 1]


def _relative(found: str, base: str) -> str:
    base = base.rstrip("/")
    if base and found.startswith(base + "/"):
        return found[len(base) + 1 :]
    return found.lstrip("/") if not base else found


def _join(prefix: str, name: str) -> str:
    return prefix + name if prefix.endswith("/") else f"{prefix}/{name}"


def _walked(name: str) -> tuple[tuple[int, str], ...]:
    """The order a folder walk gives: a folder's files first, then its subfolders."""
    parts = name.split("/")
    return (*((1, part) for part in parts[:-1]), (0, parts[-1]))


def _missing_driver(url: str) -> str:
    """Which package a URL's filesystem needs (fsspec knows it; it is not installed)."""
    from fsspec.registry import known_implementations  # type: ignore[import-untyped]

    for protocol in re.findall(r"([A-Za-z][A-Za-z0-9+.\-]+)(?:://|::)", url):
        known = known_implementations.get(protocol.lower(), {})
        package = str(known.get("class", "")).split(".")[0]
        if package and extras.missing(package):
            return f"{protocol}:// needs the {package} package: pip install {package}"
    return "its filesystem needs a package that is not installed"


def _reason(error: BaseException) -> str:
    """An error as one line without credentials."""
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, OSError) and error.strerror:
        text = error.strerror
    else:
        text = str(error) or type(error).__name__
        if not isinstance(error, OSError | ValueError):
            text = f"{type(error).__name__}: {text}"
    return without_credentials(" ".join(text.split()))


# -- reading -----------------------------------------------------------------------------

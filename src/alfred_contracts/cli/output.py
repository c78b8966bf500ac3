"""Where a report goes: standard output, or a file written the way an editor writes it.

* a regular file (or a new one) is replaced atomically once the report is complete, in
  the folder of the file itself, keeping an existing file's mode, else taking the mode
  the umask gives a new file;
* a symbolic link is followed: its target is written, the link stays a link;
* anything else that exists (a device such as ``/dev/null``, a named pipe) is written to
  directly, never replaced; a folder is refused.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from alfred_contracts.errors import UsageError


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def destination(path: str | None) -> Iterator[TextIO]:
    """Yield a text stream; for a regular file, it appears only once the report is complete."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(os.path.realpath(path))  # through symbolic links, to what they name
    try:
        found = target.stat()
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise UsageError(f"cannot write {path!r}: {error.strerror}") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise UsageError(f"cannot write {path!r}: it is a folder; give a file name")
    if found is not None and not stat.S_ISREG(found.st_mode):
        try:
            stream = open(target, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as error:
            raise UsageError(f"cannot write {path!r}: {error.strerror}") from None
        with stream:
            yield stream
        return
    mode = stat.S_IMODE(found.st_mode) if found is not None else _umask_mode()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise UsageError(f"cannot write {path!r}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

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


#: what ``--output`` accepts, said after every refusal
OUTPUT_ACCEPTED = "give a file in an existing folder, or - for standard output"


def check_writable(option: str, path: str | None, accepted: str = OUTPUT_ACCEPTED) -> None:
    """Refuse, before any work, a file that :func:`destination` could not write.

    ``--output`` and ``listen --db`` are checked this way: a folder, a file in a folder that
    does not exist, or one that cannot be written is one line naming the option.
    """
    from alfred_contracts.cli import refusal

    if path is None or path == "-":
        return

    def refuse(why: str) -> UsageError:
        return UsageError(refusal(option, path, f"{why} ({accepted})"))

    if not path:
        raise refuse("no file name")
    target = Path(os.path.realpath(path))  # through symbolic links, to what they name
    try:
        found = target.stat()
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise refuse(f"cannot be written: {(error.strerror or str(error)).lower()}") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise refuse("it is a folder")
    if found is not None and not stat.S_ISREG(found.st_mode):  # a device, a named pipe
        if not os.access(target, os.W_OK):
            raise refuse("cannot be written: permission denied")
        return
    folder = target.parent  # a regular file is replaced, and a new one made, in its folder
    if not folder.is_dir():
        shown = os.path.dirname(path) or "."
        raise refuse(
            f"no such folder {shown!r}" if not folder.exists() else f"{shown!r} is not a folder"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise refuse(
            f"cannot write in the folder {os.path.dirname(path) or '.'!r}: permission denied"
        )


@contextmanager
def destination(path: str | None) -> Iterator[TextIO]:
    """Yield a text stream; for a regular file, it appears only once the report is complete."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    check_writable("--output", path)  # the same refusals, whoever calls this
    target = Path(os.path.realpath(path))  # through symbolic links, to what they name
    try:
        found: os.stat_result | None = target.stat()
    except FileNotFoundError:
        found = None
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

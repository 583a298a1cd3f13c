"""Reading the files a user or a library names: regular files only, opened without blocking
(a FIFO never hangs), inside the library folder where one is given, and never more than a limit.

Limits (bytes on disk; documented in docs/security.md):
- `MAX_YAML_BYTES` (2 MB): a tender, award, clause, profile or value-table file;
- `MAX_DOCX_BYTES` (50 MB): a --template or --into Word file (its parts: `docx/safezip.py`);
- `MAX_WORKBOOK_BYTES` (20 MB): a verantwoording workbook (.xlsx or .csv)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import ClausegenError

MAX_YAML_BYTES = 2_000_000
MAX_DOCX_BYTES = 50_000_000
MAX_WORKBOOK_BYTES = 20_000_000

_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)

_KINDS = (
    (stat.S_ISDIR, "een map"),
    (stat.S_ISFIFO, "een named pipe (FIFO)"),
    (stat.S_ISCHR, "een apparaat"),
    (stat.S_ISBLK, "een apparaat"),
    (stat.S_ISSOCK, "een socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "geen gewoon bestand")


def _oserror(exc: OSError, path: Path, what: str) -> ClausegenError:
    """One line for every way opening can fail."""
    if exc.errno == errno.ENOENT:
        dangling = os.path.islink(path)
        message = (
            "de koppeling (symlink) wijst naar een bestand dat niet bestaat"
            if dangling
            else f"{what} file does not exist"
        )
        return ClausegenError(message, path=path, hint="check the path")
    if exc.errno == errno.ELOOP:
        return ClausegenError("de koppeling (symlink) wijst naar zichzelf (een lus)", path=path, hint="check the path")
    if exc.errno == errno.EISDIR:
        return ClausegenError(f"{what} must be a file, not a folder", path=path)
    reason = exc.strerror or str(exc)
    return ClausegenError(f"cannot read the {what} file: {reason}", path=path, hint="check the path")


def inside(path: Path, root: Path) -> Path:
    """The real path of `path`, refused when it (through any link) leads outside `root`."""
    try:
        real = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        raise _oserror(exc, path, "library") from None
    if not real.is_relative_to(Path(os.path.realpath(root))):
        raise ClausegenError("links outside the library folder; copy the file in instead", path=path)
    return real


def read_bytes(path: str | Path, what: str, limit: int, *, root: Path | None = None) -> bytes:
    """The bytes of a regular file, at most `limit`; anything else is a one-line ClausegenError.

    With `root`, the file must lie inside that folder after following links, and the final
    open does not follow a link again (no swap between the check and the open)."""
    path = Path(path)
    if "\n" in str(path) or "\r" in str(path):
        raise ClausegenError(f"the {what} path holds a line break", path=repr(str(path)), hint="check the path")
    target = inside(path, root) if root is not None else path
    try:
        fd = os.open(target, _FLAGS | (_NO_FOLLOW if root is not None else 0))
    except OSError as exc:
        raise _oserror(exc, path, what) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                raise ClausegenError(f"{what} must be a file, not a folder", path=path)
            raise ClausegenError(
                f"{what} is {_kind(info.st_mode)}, geen gewoon bestand", path=path, hint="give a regular file"
            )
        if info.st_size > limit:
            raise ClausegenError(f"{what} file is {info.st_size:,} bytes; the limit is {limit:,}", path=path)
        os.set_blocking(fd, True)
        chunks = []
        left = limit + 1
        while left > 0:  # bounded: a file that grows while it is read cannot fill memory
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _oserror(exc, path, what) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise ClausegenError(f"{what} file is over the limit of {limit:,} bytes", path=path)
    return data

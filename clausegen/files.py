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
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "device"),
    (stat.S_ISSOCK, "socket"),
)


def _kind(mode: int) -> str:
    """The catalog word (`kind.<name>`) for what a path is when it is not a regular file."""
    return next((name for test, name in _KINDS if test(mode)), "other")


def _oserror(exc: OSError, path: Path, what: str) -> ClausegenError:
    """One line for every way opening can fail."""
    if exc.errno == errno.ENOENT:
        code = "file.symlink-dangling" if os.path.islink(path) else "file.not-found"
        return ClausegenError(code=code, params={"what": what}, path=path)
    if exc.errno == errno.ELOOP:
        return ClausegenError(code="file.symlink-loop", params={"what": what}, path=path)
    if exc.errno == errno.EISDIR:
        return ClausegenError(code="file.is-folder", params={"what": what}, path=path)
    reason = exc.strerror or str(exc)
    return ClausegenError(code="file.unreadable", params={"what": what, "reason": reason}, path=path)


def inside(path: Path, root: Path) -> Path:
    """The real path of `path`, refused when it (through any link) leads outside `root`."""
    try:
        real = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        raise _oserror(exc, path, "library") from None
    if not real.is_relative_to(Path(os.path.realpath(root))):
        raise ClausegenError(code="file.outside-library", path=path)
    return real


def read_bytes(path: str | Path, what: str, limit: int, *, root: Path | None = None) -> bytes:
    """The bytes of a regular file, at most `limit`; anything else is a one-line ClausegenError.

    With `root`, the file must lie inside that folder after following links, and the final
    open does not follow a link again (no swap between the check and the open)."""
    path = Path(path)
    if "\n" in str(path) or "\r" in str(path):
        raise ClausegenError(code="file.path-line-break", params={"what": what}, path=repr(str(path)))
    target = inside(path, root) if root is not None else path
    try:
        fd = os.open(target, _FLAGS | (_NO_FOLLOW if root is not None else 0))
    except OSError as exc:
        raise _oserror(exc, path, what) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                raise ClausegenError(code="file.is-folder", params={"what": what}, path=path)
            raise ClausegenError(code="file.not-regular", params={"what": what, "kind": _kind(info.st_mode)}, path=path)
        if info.st_size > limit:
            raise ClausegenError(
                code="file.too-large", params={"what": what, "size": info.st_size, "limit": limit}, path=path
            )
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
        raise ClausegenError(code="file.too-large", params={"what": what, "size": len(data), "limit": limit}, path=path)
    return data

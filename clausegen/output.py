"""All-or-nothing writing into OUTDIR: every file goes to a temporary name first; only when all
are complete are they renamed into place, and a failure (an error, Ctrl-C, a full disk) puts back
exactly what was there before."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from .errors import ClausegenError, OutputExistsError

_PREFIX = ".clausegen-tmp-"


def _fsync_write(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _create_exclusively(tmp: str, target: Path) -> None:
    """Put `tmp` at `target` only if nothing is there (a hard link fails on an existing name)."""
    try:
        os.link(tmp, target, follow_symlinks=False)
    except FileExistsError:
        raise OutputExistsError(code="output.exists-meanwhile", params={"file": str(target)}) from None
    except (OSError, NotImplementedError):  # no hard links here: an exclusive create and a copy
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with open(tmp, "rb") as source, os.fdopen(fd, "wb") as handle:
            handle.write(source.read())
            handle.flush()
            os.fsync(handle.fileno())
    os.unlink(tmp)


def _keep_aside(target: Path, backup: str) -> None:
    """Keep the old file under `backup` while `target` stays in place (a hard link), or move it
    there where the file system has no hard links."""
    try:
        os.link(target, backup, follow_symlinks=False)
    except (OSError, NotImplementedError):
        os.replace(target, backup)


@contextlib.contextmanager
def _termination_rolls_back() -> Iterator[None]:
    """While files are placed, SIGTERM and SIGHUP end the run through the rollback (as
    SystemExit 128+signal) instead of killing the process halfway. Ctrl-C is KeyboardInterrupt
    already. Signal handlers can only be set from the main thread; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    fired: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        if not fired:  # a second signal must not break off the rollback the first one started
            fired.append(signum)
            raise SystemExit(128 + signum)

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), stop) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _missing_parents(outdir: Path) -> list[Path]:
    """The folders `mkdir(parents=True)` will create, deepest first, to remove them on failure."""
    created = []
    here = outdir
    while not here.exists() and here != here.parent:
        created.append(here)
        here = here.parent
    return created


def _write_error(exc: OSError, outdir: Path) -> ClausegenError:
    where = Path(exc.filename).name if exc.filename else None
    name = where if where and not where.startswith(_PREFIX) else None
    reason = exc.strerror or str(exc)
    return ClausegenError(
        code="output.write-failed" if name else "output.write-failed-folder",
        params={"name": name or "", "reason": reason},
        path=outdir,
    )


LOCK_NAME = ".clausegen.lock"
"""Held (fcntl.flock) by the one run that writes into a folder; removed when it is done."""


@contextlib.contextmanager
def folder_lock(outdir: Path) -> Iterator[None]:
    """An exclusive lock on OUTDIR for the whole write, so two runs into one folder never both
    succeed: the second fails at once with one line. The lock file is removed afterwards; a run
    that took the lock on a file another run had just removed tries again."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: exclusive file creation below still refuses the second run
        yield
        return
    path = outdir / LOCK_NAME
    for _ in range(20):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise _write_error(exc, outdir) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ClausegenError(code="output.folder-busy", path=outdir) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino
        except OSError:
            same = False
        if same:
            break
        os.close(fd)  # locked a lock file the previous run had removed meanwhile: take the new one
    else:
        raise ClausegenError(code="output.lock-failed", path=outdir)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _clean_leftovers(outdir: Path) -> None:
    """Remove temporary files of earlier runs that were killed (SIGKILL, power loss) halfway:
    only called under the folder lock, so no live run owns them."""
    for leftover in outdir.glob(f"{_PREFIX}*"):
        with contextlib.suppress(OSError):
            if leftover.is_file() or leftover.is_symlink():
                leftover.unlink()


def _existing(outdir: Path, files: dict[str, bytes], force: bool) -> list[str]:
    existing = sorted(name for name in files if os.path.lexists(outdir / name))
    if existing and not force:
        raise OutputExistsError(
            code="output.exists" if len(existing) == 1 else "output.exists-more",
            params={"file": str(outdir / existing[0]), "count": len(existing) - 1},
        )
    return existing


def write_all(outdir: Path, files: dict[str, bytes], force: bool) -> list[Path]:
    """Write `files` (name -> bytes) into `outdir` as one transaction; returns the paths written.

    Each file is written and fsynced under a temporary name in `outdir`; only when all are
    complete are they renamed into place. On any failure, including KeyboardInterrupt, the new
    files are removed, the old ones restored, and the temporary files deleted. The folder is
    locked for the whole write, and without `force` a new file is created exclusively, so of two
    runs into one folder the later one fails instead of overwriting."""
    if outdir.exists() and not outdir.is_dir():
        raise ClausegenError(code="output.not-a-folder", path=outdir)
    _existing(outdir, files, force)
    created_dirs = _missing_parents(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClausegenError(
            code="output.cannot-create-folder", params={"reason": exc.strerror or str(exc)}, path=outdir
        ) from None
    run = f"{_PREFIX}{secrets.token_hex(6)}-"
    backups = {name: str(outdir / f"{run}{index}.old") for index, name in enumerate(files)}
    try:
        with folder_lock(outdir):
            existing = _existing(outdir, files, force)  # again, now that no other run can write here
            _clean_leftovers(outdir)
            with _termination_rolls_back():
                _place(outdir, files, existing, backups, run, [], force)
    except BaseException:
        for folder in created_dirs:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    for backup in backups.values():
        with contextlib.suppress(OSError):
            os.unlink(backup)
    return [outdir / name for name in files]


def _place(
    outdir: Path,
    files: dict[str, bytes],
    existing: list[str],
    backups: dict[str, str],
    run: str,
    created: list[Path],
    force: bool = True,
) -> None:
    """Write every file under a temporary name, then rename them all into place; on any failure
    put OUTDIR back as it was."""
    placed: set[str] = set()
    try:
        for name in files:  # a name may hold one subfolder (`contract` writes OUTDIR/<number>/...)
            parent = (outdir / name).parent
            if parent != outdir and not parent.is_dir():
                parent.mkdir(parents=True)
                created.insert(0, parent)
        staged = {}
        for index, (name, data) in enumerate(files.items()):
            staged[name] = str(outdir / f"{run}{index}.part")
            _fsync_write(staged[name], data)
        for name, tmp in staged.items():
            target = outdir / name
            if name in existing:
                _keep_aside(target, backups[name])
                os.replace(tmp, target)
            elif force:
                os.replace(tmp, target)
            else:
                _create_exclusively(tmp, target)
            placed.add(name)
    except BaseException as exc:
        _roll_back(outdir, {name: files[name] for name in files if name in placed or name in existing},
                   existing, backups, run, created)  # fmt: skip
        if isinstance(exc, OSError):
            raise _write_error(exc, outdir) from None
        raise


def _roll_back(
    outdir: Path, files: dict[str, bytes], existing: list[str], backups: dict[str, str], run: str, created: list[Path]
) -> None:
    """Put OUTDIR back as it was: old files restored, new ones and temporary files removed."""
    for name in files:
        target = outdir / name
        with contextlib.suppress(OSError):
            if os.path.lexists(backups[name]):
                os.replace(backups[name], target)
            elif name not in existing and os.path.lexists(target):
                os.unlink(target)
    for leftover in outdir.glob(f"{run}*"):
        with contextlib.suppress(OSError):
            leftover.unlink()
    for folder in created:
        with contextlib.suppress(OSError):
            folder.rmdir()

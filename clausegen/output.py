"""All-or-nothing writing into OUTDIR: every file goes to a temporary name first; only when all
are complete are they renamed into place, and a failure puts back what was there before."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import ClausegenError, OutputExistsError

_PREFIX = ".clausegen-tmp-"


def _fsync_write(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_all(outdir: Path, files: dict[str, bytes], force: bool) -> list[Path]:
    """Write `files` (name -> bytes) into `outdir` as one transaction; returns the paths written."""
    if outdir.exists() and not outdir.is_dir():
        raise ClausegenError("output path exists and is not a folder", path=outdir, hint="choose another -o")
    existing = sorted(name for name in files if (outdir / name).exists())
    if existing and not force:
        raise OutputExistsError(
            f"{outdir / existing[0]} already exists"
            + (f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""),
            hint="use --force to overwrite, or choose another -o",
        )
    created_dir = not outdir.exists()
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClausegenError(f"cannot create the output folder: {exc.strerror}", path=outdir) from None
    staged: dict[str, str] = {}
    backups: dict[str, str] = {}
    placed: list[str] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=_PREFIX, suffix=".part", dir=outdir)
            staged[name] = tmp
            _fsync_write(fd, data)
        for name, tmp in staged.items():
            target = outdir / name
            if target.exists():
                fd, backup = tempfile.mkstemp(prefix=_PREFIX, suffix=".old", dir=outdir)
                os.close(fd)
                os.replace(target, backup)
                backups[name] = backup
            os.replace(tmp, target)
            placed.append(name)
    except BaseException as exc:
        for name in placed:
            (outdir / name).unlink(missing_ok=True)
        for name, backup in backups.items():
            os.replace(backup, outdir / name)
        for tmp in staged.values():
            Path(tmp).unlink(missing_ok=True)
        if created_dir:
            with contextlib.suppress(OSError):
                outdir.rmdir()
        if isinstance(exc, OSError):
            raise ClausegenError(f"could not write the output: {exc.strerror or exc}", path=outdir) from None
        raise
    for backup in backups.values():
        Path(backup).unlink(missing_ok=True)
    return [outdir / name for name in files]

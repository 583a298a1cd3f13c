"""The one way clausegen reads git: the library's revisions for `diff` and the committed clause
versions for `check`. Read-only commands only, with a time limit, and never through a shell."""

from __future__ import annotations

import subprocess
from pathlib import Path

TIMEOUT_SECONDS = 120
"""A git command that takes longer (a huge or hung repository) counts as failed."""


def run(cwd: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """`git -C cwd ARGS`, or None when git cannot run here (not installed, timed out)."""
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], input=data, capture_output=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return None


def output(cwd: Path, *args: str, data: bytes | None = None) -> bytes | None:
    """The standard output of a git command that succeeded, else None."""
    done = run(cwd, *args, data=data)
    return done.stdout if done is not None and done.returncode == 0 else None

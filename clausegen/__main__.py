"""`python -m clausegen ...` runs the command line, as the `clausegen` script does (both call `run`).

`run` ends the process without Python's interpreter teardown once the command has finished and
every exit handler has run: destroying some hundred thousand objects of the loaded library and
the Word libraries one by one takes about 0.1 s of CPU and changes nothing on disk, since every
file clausegen writes is complete, fsynced and closed before its command returns
(`clausegen/output.py`). The teardown stays when it may matter: while another non-daemon thread
runs, when a database driver or the web server was loaded (their connections close the normal
way), or when the standard streams cannot be flushed (Python then reports the broken pipe as
it always does). docs/performance.md, "Cold start", has the measurement."""

from __future__ import annotations

import atexit
import os
import sys
import threading

from .cli import main

KEEP_TEARDOWN_FOR = ("sqlalchemy", "flask", "psycopg")
"""Loaded modules after which the process ends the normal way."""


def _status(code: object) -> int:
    """The exit status `sys.exit(code)` would give (a message is printed, as Python does)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _teardown_needed() -> bool:
    if any(name in sys.modules for name in KEEP_TEARDOWN_FOR):
        return True
    return any(t is not threading.main_thread() and t.is_alive() and not t.daemon for t in threading.enumerate())


def end(code: object) -> None:
    """End the process with `code` (as `sys.exit` would), skipping the interpreter teardown
    where that is safe (module docstring)."""
    status = _status(code)
    if _teardown_needed():
        raise SystemExit(status)
    if not _flushed():
        raise SystemExit(status)
    atexit._run_exitfuncs()  # weakref finalizers, multiprocessing, logging: what Python runs at exit
    if not _flushed():  # what an exit handler printed
        raise SystemExit(status)
    os._exit(status)


def _flushed() -> bool:
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return False
    return True


def run() -> None:
    """The `clausegen` command line: the click group `clausegen.cli.main`, then `end`."""
    try:
        main(prog_name="clausegen")
    except SystemExit as exc:
        end(exc.code)
    end(0)


if __name__ == "__main__":
    run()

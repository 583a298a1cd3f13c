"""A persistent store of the Python code Jinja generates for clause texts, so that a new process
(a `batch`, a `generate`) need not parse every clause text and run Jinja's code generator again:
that is most of compiling a clause, and compiling the library is most of what `batch` does
before its workers start (docs/performance.md, "Batch CPU").

What is stored is the generated Python *source* of a template that compiled without error, and
the undeclared names read from it, as JSON, in `templates/` of the cache folder
(`clausegen.library.cache.cache_dir`; `CLAUSEGEN_CACHE=0` switches this off too). An entry is
filed under the sha256 of the clause text together with `signature()`: the clausegen version,
Jinja's and Python's versions, the bytes of every module of `clausegen/template/` (the sandbox's
code generator, the filters, the environment's options) and the environment's filter, test and
global names. Any change to those is another key, so an entry is never read for other code.

Safety: only clausegen writes these files, atomically, in the user's own cache folder (mode
0700). An entry is used only when it is a regular file owned by this user, at most
`MAX_ENTRY_BYTES`, valid JSON of the expected shape and carries the very key it is filed under;
anything else is ignored, and any error while reading or compiling it falls back to compiling the
text as before. A text that fails to compile is never stored, so its error is always the same."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import jinja2

from .. import __version__
from ..library.cache import cache_dir, prune, read_entry, write_entry

FORMAT = 1
"""The entries' layout; part of the key."""
MAX_ENTRY_BYTES = 4_000_000
"""The largest entry read or written (the library's largest clause generates about 60 kB)."""
MAX_ENTRIES = 2048
"""Entries kept in `templates/` (the newest); more than a few libraries' worth of clause texts."""
_HERE = Path(__file__).resolve().parent
_modules_digest: str | None = None
_pruned = False


def _modules() -> str:
    """The digest of the bytes of every module of `clausegen/template/`, once per process."""
    global _modules_digest
    if _modules_digest is None:
        digest = hashlib.sha256()
        for path in sorted(_HERE.glob("*.py")):
            digest.update(b"\0" + path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        _modules_digest = digest.hexdigest()
    return _modules_digest


def signature(env: jinja2.Environment) -> str:
    """The part of every key that names the code: what makes the generated source what it is.
    The environment's part is read on every call: a rebuilt environment (other filters) is
    another signature."""
    head = [
        FORMAT,
        __version__,
        jinja2.__version__,
        sys.version,
        sys.implementation.cache_tag,
        _modules(),
        sorted(env.filters),
        sorted(env.tests),
        sorted(env.globals),
        [env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline, bool(env.autoescape)],
        type(env).__qualname__,
        type(env).code_generator_class.__qualname__,
    ]
    return hashlib.sha256(json.dumps(head).encode()).hexdigest()


def _folder() -> Path | None:
    base = cache_dir()
    return None if base is None else base / "templates"


def key(env: jinja2.Environment, text: str) -> str | None:
    """The key of `text`'s entry, or None when the cache is off or the code cannot be read."""
    if _folder() is None:
        return None
    try:
        return hashlib.sha256(f"{signature(env)}\0".encode() + text.encode("utf-8", "surrogatepass")).hexdigest()
    except (OSError, UnicodeError):
        return None


def lookup(entry_key: str | None) -> tuple[str, frozenset[str]] | None:
    """The generated source and names stored under `entry_key`, or None (no entry, or one not
    to be trusted)."""
    folder = _folder()
    if entry_key is None or folder is None:
        return None
    entry = read_entry(folder, entry_key, FORMAT, MAX_ENTRY_BYTES)
    if (
        entry is None
        or not isinstance(entry.get("source"), str)
        or not isinstance(entry.get("names"), list)
        or not all(isinstance(name, str) for name in entry["names"])
    ):
        return None
    return entry["source"], frozenset(entry["names"])


def store(entry_key: str | None, source: str, names: frozenset[str]) -> None:
    """File a compiled text's generated source under `entry_key` (atomically); a cache that
    cannot be written is left alone."""
    global _pruned
    folder = _folder()
    if entry_key is None or folder is None:
        return
    entry = {"format": FORMAT, "key": entry_key, "names": sorted(names), "source": source}
    try:
        if not write_entry(folder, entry_key, entry, MAX_ENTRY_BYTES):
            return
        if not _pruned:  # once per process: a batch stores up to a library's worth at once
            _pruned = True
            prune(folder, MAX_ENTRIES)
    except OSError:
        return

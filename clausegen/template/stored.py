"""A persistent store of the Python code Jinja generates for clause texts, so that a new process
(a `batch`, a `generate`) need not parse every clause text and run Jinja's code generator again:
that is most of compiling a clause, and compiling the library is most of what `batch` does
before its workers start (docs/performance.md, "Batch CPU").

What is stored is the generated Python *source* of a template that compiled without error, the
undeclared names read from it, and the code object Python compiled from that source (in Python's
own `marshal` format, as `__pycache__` holds it, base64 in the entry, with its sha256), as JSON,
in `templates/` of the cache folder
(`clausegen.library.cache.cache_dir`; `CLAUSEGEN_CACHE=0` switches this off too). An entry is
filed under the sha256 of the clause text together with `signature()`: the clausegen version,
Jinja's and Python's versions, the bytes of every module of `clausegen/template/` (the sandbox's
code generator, the filters, the environment's options) and the environment's filter, test and
global names. Any change to those is another key, so an entry is never read for other code.

Safety: only clausegen writes these files, atomically, in the user's own cache folder (mode
0700). An entry is used only when it is a regular file owned by this user, at most
`MAX_ENTRY_BYTES`, valid JSON of the expected shape and carries the very key it is filed under;
anything else is ignored, and any error while reading or compiling it falls back to compiling the
text as before. A text that fails to compile is never stored, so its error is always the same.

Why the code object too: Python's `compile` over the generated source is most of what is left of
compiling a clause once the source is stored (about 2 ms a clause, 0.1 s for the library, in the
`batch` parent before its workers fork). The code object is trusted exactly as far as the source
next to it, which is executed as well: both come from the same file, which only clausegen writes
in the user's own folder. `marshal` is not made for damaged data, so the code is read only when
its bytes match the sha256 stored with them, the entry's key names this very Python version
(`sys.version` and `cache_tag` are part of `signature()`), and the result is a code object;
otherwise the source is compiled."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import marshal
import sys
import types
from pathlib import Path
from typing import NamedTuple

import jinja2

from .. import __version__
from ..library.cache import cache_dir, prune, read_entry, write_entry

FORMAT = 2
"""The entries' layout; part of the key (2: with the compiled code object)."""
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


class Found(NamedTuple):
    """A stored entry: the generated source, the names it reads, and its code object when that
    could be read safely (else None: the source is compiled)."""

    source: str
    names: frozenset[str]
    code: types.CodeType | None


def _code(entry: dict[str, object]) -> types.CodeType | None:
    """The entry's code object, or None when it is missing, damaged or not a code object."""
    text, digest = entry.get("code"), entry.get("code_sha256")
    if not isinstance(text, str) or not isinstance(digest, str):
        return None
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeError, ValueError):
        return None
    if hashlib.sha256(data).hexdigest() != digest:
        return None
    try:
        code = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def lookup(entry_key: str | None) -> Found | None:
    """The generated source, names and code stored under `entry_key`, or None (no entry, or one
    not to be trusted)."""
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
    return Found(entry["source"], frozenset(entry["names"]), _code(entry))


def store(entry_key: str | None, source: str, names: frozenset[str], code: types.CodeType | None = None) -> None:
    """File a compiled text's generated source (and the code Python compiled from it) under
    `entry_key` (atomically); a cache that cannot be written is left alone."""
    global _pruned
    folder = _folder()
    if entry_key is None or folder is None:
        return
    entry: dict[str, object] = {"format": FORMAT, "key": entry_key, "names": sorted(names), "source": source}
    if code is not None:
        data = marshal.dumps(code)
        entry["code"] = base64.b64encode(data).decode("ascii")
        entry["code_sha256"] = hashlib.sha256(data).hexdigest()
    try:
        if not write_entry(folder, entry_key, entry, MAX_ENTRY_BYTES):
            return
        if not _pruned:  # once per process: a batch stores up to a library's worth at once
            _pruned = True
            prune(folder, MAX_ENTRIES)
    except OSError:
        return

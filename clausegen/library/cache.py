"""A cache of `clausegen calc`'s result, keyed by the signature of everything it is computed
from: the clausegen code, the library's files, the tender file and the options.

`calc` on a tender it has seen before, with an unchanged library, then answers without
importing pydantic, PyYAML or Jinja2 and without reading and validating the library again:
a start-up close to Python's own (docs/performance.md). A result is stored only after the
full path succeeded (the library had no problems, the tender was valid), so an error is never
cached and always reported as before.

Where: `$CLAUSEGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/clausegen`, else `~/.cache/clausegen`.
`CLAUSEGEN_CACHE=0` switches it off. The cache holds JSON only, never pickles: an entry is
used only when it is a regular file of this user, at most `MAX_ENTRY_BYTES`, valid JSON of the
expected shape and carries the key it is filed under; anything else (corrupt, foreign, from
another version) is ignored and replaced. At most `MAX_ENTRIES` entries are kept."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import ClausegenError
from ..files import MAX_YAML_BYTES, read_bytes

FORMAT = 1
"""The entries' layout; a different layout is a different key, so old entries are not read."""
MAX_ENTRY_BYTES = 1_000_000
MAX_ENTRIES = 256
OFF_VALUES = ("0", "off", "no", "false")
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is switched off (`CLAUSEGEN_CACHE=0`)."""
    if os.environ.get("CLAUSEGEN_CACHE", "").strip().lower() in OFF_VALUES:
        return None
    chosen = os.environ.get("CLAUSEGEN_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "clausegen"


def _tree(root: Path, digest: hashlib._Hash, content: bool) -> None:
    """Every entry under `root` in a fixed order: its relative path and kind, a link's target,
    and a file's bytes (`content`) or its mtime and size."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")  # bytecode Python writes as it goes
        for name in sorted(dirs + [f for f in files if not f.endswith(".pyc")]):
            path = os.path.join(folder, name)
            info = os.lstat(path)
            digest.update(os.path.relpath(path, root).encode("utf-8", "surrogateescape") + b"\0")
            if stat.S_ISLNK(info.st_mode):
                digest.update(b"L" + os.readlink(path).encode("utf-8", "surrogateescape") + b"\0")
                try:
                    info = os.stat(path)
                except OSError:
                    digest.update(b"dangling\0")
                    continue
            if stat.S_ISREG(info.st_mode):
                if content:
                    with open(path, "rb") as handle:
                        digest.update(b"F" + hashlib.sha256(handle.read()).digest())
                else:
                    digest.update(f"F{info.st_mtime_ns}:{info.st_size}".encode())
            else:
                digest.update(f"M{stat.S_IFMT(info.st_mode)}".encode())
            digest.update(b"\0")


def calc_key(tender: Path, library: str | Path | None, variant: str) -> str | None:
    """The key of `calc TENDER` with this library and output variant, or None when the cache is
    off or the inputs cannot be read (the full path then runs and reports the problem)."""
    from .roots import resolve_root

    if cache_dir() is None:
        return None
    try:
        root = resolve_root(library)
        data = read_bytes(tender, "tender", MAX_YAML_BYTES)
        digest = hashlib.sha256()
        digest.update(json.dumps([FORMAT, __version__, variant, str(root), os.path.realpath(tender)]).encode())
        digest.update(b"\0tender\0" + hashlib.sha256(data).digest())
        digest.update(b"\0code\0")
        _tree(_PACKAGE, digest, content=False)  # an edited or upgraded clausegen is another key
        for sub in ("clauses", "profiles"):
            digest.update(f"\0{sub}\0".encode())
            _tree(root / sub, digest, content=True)
    except (ClausegenError, OSError, UnicodeError):
        return None
    return digest.hexdigest()


def read_entry(folder: Path, key: str, entry_format: int, max_bytes: int) -> dict[str, Any] | None:
    """The JSON entry filed under `key` in `folder`, or None: no entry, or one not to be trusted
    (not a regular file of this user, larger than `max_bytes`, not JSON, another format, or filed
    under another key). Shared by the result cache and the compiled-template cache."""
    try:
        fd = os.open(folder / f"{key}.json", os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None  # another user's file in this folder: not ours to believe
        with os.fdopen(fd, "rb", closefd=False) as handle:
            entry: Any = json.loads(handle.read(max_bytes + 1).decode("utf-8"))
    except (OSError, ValueError, UnicodeError):
        return None
    finally:
        os.close(fd)
    if not isinstance(entry, dict) or entry.get("format") != entry_format or entry.get("key") != key:
        return None
    return entry


def write_entry(folder: Path, key: str, entry: dict[str, Any], max_bytes: int) -> bool:
    """File `entry` (with its format and key) as `folder/<key>.json`, atomically; False when it is
    larger than `max_bytes`. Raises OSError when the folder cannot be written."""
    data = json.dumps(entry, ensure_ascii=False).encode()
    if len(data) > max_bytes:
        return False
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".entry-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, folder / f"{key}.json")
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return True


def prune(folder: Path, keep: int) -> None:
    """Keep the newest `keep` entries of `folder`."""
    entries = []
    for path in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(entries, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            path.unlink()


def lookup(key: str | None) -> str | None:
    """The output stored under `key`, or None (no entry, or one that is not to be trusted)."""
    folder = cache_dir()
    if key is None or folder is None:
        return None
    entry = read_entry(folder, key, FORMAT, MAX_ENTRY_BYTES)
    if entry is None or not isinstance(entry.get("output"), str):
        return None
    return str(entry["output"])


def store(key: str | None, output: str) -> None:
    """File `output` under `key` (atomically); a cache that cannot be written is left alone."""
    folder = cache_dir()
    if key is None or folder is None:
        return
    try:
        if write_entry(folder, key, {"format": FORMAT, "key": key, "output": output}, MAX_ENTRY_BYTES):
            prune(folder, MAX_ENTRIES)
    except OSError:
        return

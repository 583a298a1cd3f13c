"""Which library a command uses: --library DIR, else $CLAUSEGEN_LIBRARY, else the embedded one.

Kept apart from `load` (which needs pydantic) so that the plan cache (`cache`) can find the
library without importing the models."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ClausegenError

ENV_VAR = "CLAUSEGEN_LIBRARY"


def embedded_root() -> Path:
    """The default library: shipped inside the package, or the source checkout's top level."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / "_library"
    if (shipped / "clauses").is_dir():
        return shipped
    return package.parent


SOURCES = ("option", "env", "cwd", "embedded")
"""How a library can be found; the words `clausegen` prints for each after `bibliotheek:` are
the catalog's `status.library-source-*` (in an error message: `status.library-source-*-long`)."""


def source_words(source: str, *, long: bool = False) -> str:
    """How the library was found, in the current language."""
    from ..catalog import message

    return message(f"status.library-source-{source}{'-long' if long and source in ('cwd', 'embedded') else ''}")


@dataclass(frozen=True)
class LibraryChoice:
    """A library folder and how it was found (`option`, `env`, `cwd` or `embedded`)."""

    root: Path
    source: str

    def describe(self) -> str:
        """`/path (folder waarin u staat)`: the line every command prints after `bibliotheek:`."""
        return f"{self.root} ({source_words(self.source)})"


def is_library(folder: Path) -> bool:
    """A folder that holds both `clauses/` and `profiles/`."""
    return (folder / "clauses").is_dir() and (folder / "profiles").is_dir()


def find_upwards(start: Path) -> Path | None:
    """The nearest of `start` and its parent folders that holds `clauses/` and `profiles/`, as git
    finds its repository; None when there is none (up to the file system's root)."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        try:
            if is_library(candidate):
                return candidate
        except OSError:  # a folder we may not read: keep looking further up, as git does
            continue
    return None


def locate(library: str | Path | None = None, *, from_env: bool = False, cwd: Path | None = None) -> LibraryChoice:
    """Which library to use: --library DIR (or $CLAUSEGEN_LIBRARY, `from_env` when click read it
    from there), else the environment variable, else, when `cwd` is given, the nearest library
    folder at or above it, else the embedded library. The folder is checked as `resolve_root` does."""
    if library not in (None, ""):
        source = "env" if from_env else "option"
        return LibraryChoice(resolve_root(library, _source=source), source)
    if os.environ.get(ENV_VAR):
        return LibraryChoice(resolve_root(os.environ[ENV_VAR], _source="env"), "env")
    if cwd is not None:
        found = find_upwards(cwd)
        if found is not None:
            return LibraryChoice(resolve_root(found, _source="cwd"), "cwd")
    return LibraryChoice(resolve_root(embedded_root(), _source="embedded"), "embedded")


def resolve_root(library: str | Path | None = None, *, _source: str | None = None) -> Path:
    """--library DIR, else $CLAUSEGEN_LIBRARY, else the embedded library."""
    chosen = library if library not in (None, "") else os.environ.get(ENV_VAR) or None
    root = Path(chosen) if chosen is not None else embedded_root()
    source = "--library" if library else (ENV_VAR if chosen else "embedded library")
    if _source is not None:
        source = source_words(_source, long=True)
    if not root.is_dir():
        raise ClausegenError(code="library.no-folder", params={"root": root, "source": source})
    for sub in ("clauses", "profiles"):
        if not (root / sub).is_dir():
            raise ClausegenError(code="library.no-subfolder", params={"root": root, "source": source, "sub": sub})
    return root.resolve()

"""Which library a command uses: --library DIR, else $CLAUSEGEN_LIBRARY, else the embedded one.

Kept apart from `load` (which needs pydantic) so that the plan cache (`cache`) can find the
library without importing the models."""

from __future__ import annotations

import os
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


def resolve_root(library: str | Path | None = None) -> Path:
    """--library DIR, else $CLAUSEGEN_LIBRARY, else the embedded library."""
    chosen = library if library not in (None, "") else os.environ.get(ENV_VAR) or None
    root = Path(chosen) if chosen is not None else embedded_root()
    source = "--library" if library else (ENV_VAR if chosen else "embedded library")
    if not root.is_dir():
        raise ClausegenError(code="library.no-folder", params={"root": root, "source": source})
    for sub in ("clauses", "profiles"):
        if not (root / sub).is_dir():
            raise ClausegenError(code="library.no-subfolder", params={"root": root, "source": source, "sub": sub})
    return root.resolve()

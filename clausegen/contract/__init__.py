"""The award stage (DESIGN.md §7): from an award file, the contract each winner signs, for the
lots it won. `clausegen.contract(tender, award, outdir)` writes them; the package itself is
callable so that `clausegen.contract(...)` is the API whether or not the package was imported.

Modules: `model` (the award file), `validate` (the award against the tender), `terms` (one
contract's plan, dates and context data), `write` (documents, manifest, one transaction)."""

from __future__ import annotations

import sys
import types
from typing import Any

__all__ = ["Output", "contract", "extra_outputs", "load_award", "render_contracts"]


def contract(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    """`write.contract`: write OUTDIR/<number>/ for every contract of the award."""
    from .write import contract as run

    return run(*args, **kwargs)


def __getattr__(name: str) -> Any:
    """The writer's names, imported on first use (python-docx loads only when documents are made)."""
    if name in __all__:
        from . import write

        return getattr(write, name)
    raise AttributeError(f"module 'clausegen.contract' has no attribute {name!r}")


class _CallableModule(types.ModuleType):
    """`clausegen.contract` is this package once imported; calling it calls `contract()`."""

    def __call__(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return contract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

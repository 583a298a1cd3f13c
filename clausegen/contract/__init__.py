"""The award stage (DESIGN.md §7): from an award file, the contract each winner signs, for the
lots it won. `clausegen.contract(tender, award, outdir)` writes them; the package itself is
callable so that `clausegen.contract(...)` is the API whether or not the package was imported."""

from __future__ import annotations

import sys
import types
from typing import Any

from .write import Output, contract, extra_outputs, load_award, render_contracts

__all__ = ["Output", "contract", "extra_outputs", "load_award", "render_contracts"]


class _CallableModule(types.ModuleType):
    """`clausegen.contract` is this package once imported; calling it calls `contract()`."""

    def __call__(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return contract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

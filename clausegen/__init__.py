"""clausegen: the social-return parts of Dutch public tenders, as Word documents.

The public API (`generate`, `plan`, `prepare`, `explain`, `contract`, `realisatie`, `load_library`)
is imported lazily, so `clausegen --help` does not pay for python-docx, lxml or Babel."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {
    "generate": "api",
    "plan": "api",
    "prepare": "api",
    "explain": "api",
    "render_documents": "api",
    "load_tender": "api",
    "load_library": "library",
    "realisatie": "realisation",
    "value_report": "realisation",
    "write_workbook": "realisation",
    "ClausegenError": "errors",
}
_PACKAGES = {"contract"}
"""Stage packages that are callable themselves: `clausegen.contract(tender, award, outdir)`."""

__all__ = sorted(_API) + sorted(_PACKAGES) + ["__version__"]


def __getattr__(name: str) -> Any:  # PEP 562 lazy attribute
    from importlib import import_module

    if name in _PACKAGES:
        return import_module(f".{name}", __name__)
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'clausegen' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)

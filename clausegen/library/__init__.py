"""Reading the clause library and the files people edit: strict YAML with a line for every key
(`yamlio`), loading and indexing clauses, profiles, value tables and target groups (`load`),
which library a command uses (`roots`), pydantic's errors in a buyer's words (`validation`),
the whole-library checks on value tables (`tables`), the JSON Schemas editors use (`schema`)
and the cache of plans by library and tender signature (`cache`).

The names below are imported lazily, so a module of this package that does not need the
models (`roots`, `cache`) can be imported without pydantic."""

from __future__ import annotations

from typing import Any

_NAMES = {
    "ENV_VAR": "roots",
    "embedded_root": "roots",
    "resolve_root": "roots",
    "LibraryChoice": "roots",
    "find_upwards": "roots",
    "locate": "roots",
    "Entry": "load",
    "Library": "load",
    "collect": "load",
    "load_library": "load",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str) -> Any:  # noqa: ANN401 - PEP 562 lazy attribute
    from importlib import import_module

    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'clausegen.library' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)

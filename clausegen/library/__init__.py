"""Reading the clause library and the files people edit: strict YAML with a line for every key
(`yamlio`), loading and indexing clauses, profiles, value tables and target groups (`load`),
pydantic's errors in a buyer's words (`validation`), the whole-library checks on value tables
(`tables`) and the JSON Schemas editors use (`schema`)."""

from __future__ import annotations

from .load import (
    ENV_VAR,
    Entry,
    Library,
    LibraryChoice,
    collect,
    embedded_root,
    find_upwards,
    load_library,
    locate,
    resolve_root,
)

__all__ = [
    "ENV_VAR",
    "Entry",
    "Library",
    "LibraryChoice",
    "collect",
    "embedded_root",
    "find_upwards",
    "load_library",
    "locate",
    "resolve_root",
]

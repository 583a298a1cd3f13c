"""What clause templates see: plain, immutable data built from the models, and nothing with
methods of its own.

A pydantic model or dataclass becomes a `Record` (its fields and public properties, read-only,
by attribute and by item); lists become tuples; text, Decimal, int, bool, None and dates stay
as they are. The only callables in the data are `Helper`s declared in `RECORD_HELPERS` (bound
into a record, e.g. `plan.lots_with`) and in `CONTEXT_HELPERS` (top-level names such as `ref`).
Built from the models' declarations, so a field another module adds appears without more code."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import types
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import Any, get_type_hints

from pydantic import BaseModel

from ..model import Block, ValueTable, withheld_categories
from ..rules import LotPlan, Plan
from .context import HELPERS

SCALARS = (str, Decimal, int, bool, type(None), datetime.date)
"""The plain values a record field may hold (besides records, tuples and helpers)."""

DATE_ATTRIBUTES = frozenset({"year", "month", "day"})
"""A date shows only these in a template."""


class Record:
    """Immutable named fields: `plan.lots` and `plan['lots']`; no methods of its own."""

    __slots__ = ("_clausegen_label", "_clausegen_fields")

    def __init__(self, label: str, fields: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_clausegen_label", label)
        object.__setattr__(self, "_clausegen_fields", types.MappingProxyType(dict(fields)))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._clausegen_fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._clausegen_fields[name]

    def __contains__(self, name: object) -> bool:
        return name in self._clausegen_fields

    def __iter__(self) -> Iterator[Any]:
        raise TypeError(f"{self._clausegen_label} is a record, not a list")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self._clausegen_label} cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self._clausegen_label} cannot be changed")

    def __repr__(self) -> str:
        return f"<{self._clausegen_label}>"

    def __str__(self) -> str:
        """Printing a whole record in a document is a mistake in the clause (it would print
        `<tender.contracting_authority>`), so it fails with the fields to choose from."""
        names = ", ".join(sorted(self._clausegen_fields)) or "none"
        raise TypeError(f"{self._clausegen_label} is a record, not text: print one of its fields ({names})")


def record_label(record: Record) -> str:
    label: str = object.__getattribute__(record, "_clausegen_label")
    return label


def record_fields(record: Record) -> Mapping[str, Any]:
    fields: Mapping[str, Any] = object.__getattribute__(record, "_clausegen_fields")
    return fields


class Helper:
    """A declared helper a template may call (and nothing else is callable in the data)."""

    __slots__ = ("_clausegen_args", "_clausegen_func", "name")
    name: str

    def __init__(self, name: str, func: Callable[..., Any], *bound: Any) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "_clausegen_func", func)
        object.__setattr__(self, "_clausegen_args", bound)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        func = object.__getattribute__(self, "_clausegen_func")
        return func(*object.__getattribute__(self, "_clausegen_args"), *args, **kwargs)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a helper cannot be changed")

    def __repr__(self) -> str:
        return f"<helper {self.name}>"


# ------------------------------------------------------------------------------ declared helpers


def _lots_with(plan: Record, instrument: str) -> tuple[Record, ...]:
    """The lots whose band names `instrument`: `{% for lot in plan.lots_with('bouwblokken') %}`."""
    return tuple(lot for lot in plan.lots if instrument in lot.instruments)


def _has_kind(table: Record, kind: str) -> bool:
    """Whether any block is of this kind: `when: value_table.has_kind('bonus')`."""
    return any(block.kind == kind for block in table.blocks)


def _withheld_in(table: Record, bonus_id: str, groups: Any, minimum: int) -> tuple[Record, ...]:
    """The placement blocks in which a bonus does not apply because it would name the group
    (model.withheld_categories): `value_table.withheld_in(b.id, target_groups, settings.min_groups_per_category)`."""
    return tuple(withheld_categories(table.blocks, bonus_id, groups, minimum))


RECORD_HELPERS: dict[type, dict[str, Callable[..., Any]]] = {
    Plan: {"lots_with": _lots_with},
    ValueTable: {"has_kind": _has_kind, "withheld_in": _withheld_in},
}
"""Functions bound into the record of an object of this class, under this name."""

HELPER_RESULTS: dict[str, Any] = {
    "lots_with": tuple[LotPlan, ...],
    "has_kind": bool,
    "withheld_in": tuple[Block, ...],
}
"""What each record helper gives, as the type it is built from (for `clausegen check`)."""

CONTEXT_HELPERS = frozenset(HELPERS)
"""Top-level helpers of the template context (declared in template/context.py)."""

DECLARED_HELPERS = CONTEXT_HELPERS | frozenset(name for helpers in RECORD_HELPERS.values() for name in helpers)
"""Every name a Helper in the context may have; `tests/test_security_sandbox.py` walks for others."""


# ------------------------------------------------------------------------------ declarations


@cache
def declared_fields(cls: type) -> dict[str, Any]:
    """Field name -> type annotation of a model or dataclass as a template sees it: its fields,
    its public properties, and its declared helpers (annotation `Helper`)."""
    out: dict[str, Any] = {}
    if issubclass(cls, BaseModel):
        hints = get_type_hints(cls, include_extras=True)
        out.update({name: hints.get(name, info.annotation) for name, info in cls.model_fields.items()})
    elif dataclasses.is_dataclass(cls):
        hints = get_type_hints(cls, include_extras=True)
        out.update({f.name: hints.get(f.name) for f in dataclasses.fields(cls)})
    for klass in reversed(cls.__mro__):
        if klass in (object, BaseModel):
            continue
        for name, value in vars(klass).items():
            if isinstance(value, property) and not name.startswith("_") and name not in out:
                out[name] = get_type_hints(value.fget).get("return") if value.fget else None
    for klass in cls.__mro__:
        for name in RECORD_HELPERS.get(klass, {}):
            out[name] = Helper
    return out


def is_record_class(cls: Any) -> bool:
    return isinstance(cls, type) and (issubclass(cls, BaseModel) or dataclasses.is_dataclass(cls))


# ------------------------------------------------------------------------------ conversion


def to_plain(value: Any, label: str = "value", memo: dict[int, tuple[Any, Any]] | None = None) -> Any:
    """`value` as template data (see the module docstring). Unknown types are refused, so a new
    field of a new kind is noticed by the tests instead of reaching a template."""
    memo = {} if memo is None else memo
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool | int | Decimal | type(None)):
        return value
    if isinstance(value, str):
        return str(value)  # never a subclass with methods of its own
    if isinstance(value, datetime.datetime):
        raise TypeError(f"{label}: a date and time has no place in a clause; use a date")
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    if isinstance(value, float):
        raise TypeError(f"{label}: a float reached the template data; amounts are Decimal")
    if isinstance(value, Record | Helper):
        return value
    key = id(value)
    if key in memo:
        return memo[key][1]
    if isinstance(value, list | tuple):
        result: Any = tuple(to_plain(item, label, memo) for item in value)
    elif isinstance(value, set | frozenset):
        result = tuple(sorted(to_plain(item, label, memo) for item in value))
    elif isinstance(value, Mapping):
        result = Record(label, {str(k): to_plain(v, f"{label}.{k}", memo) for k, v in value.items()})
    elif is_record_class(type(value)):
        result = _record(value, label, memo)
    else:
        raise TypeError(f"{label}: {type(value).__name__} cannot be shown to a clause")
    memo[key] = (value, result)  # holding `value` keeps its id from being reused during the build
    return result


def _record(obj: Any, label: str, memo: dict[int, tuple[Any, Any]]) -> Record:
    cls: type = type(obj)
    helpers = {name: func for klass in cls.__mro__ for name, func in RECORD_HELPERS.get(klass, {}).items()}
    fields: dict[str, Any] = {}
    placeholder = Record(label, {})
    memo[id(obj)] = (obj, placeholder)  # a cycle would point at an empty record, never recurse forever
    for name, annotation in declared_fields(cls).items():
        if annotation is Helper:
            continue
        fields[name] = to_plain(getattr(obj, name), f"{label}.{name}", memo)
    record = Record(label, fields)
    object.__setattr__(record, "_clausegen_fields", types.MappingProxyType({
        **fields, **{name: Helper(name, func, record) for name, func in helpers.items()}
    }))  # fmt: skip
    return record

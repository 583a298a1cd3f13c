"""What a clause template can see, as data: the attributes of `plan`, `lot`, `settings`, ...

Derived from the same declarations the renderer uses (`template.context.DATA` and
`plain.declared_fields`), so it cannot drift from them; `check` uses it to find `plan.xyz`,
`lot.obligation.xyz` and calls of data without rendering anything."""

from __future__ import annotations

import datetime
import types
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

from jinja2 import nodes

from ..kinds import BAND_INSTRUMENTS
from ..model import Framework, Tender
from ..rules import LotPlan, Plan
from . import context
from .plain import DATE_ATTRIBUTES, HELPER_RESULTS, Helper, declared_fields, is_record_class
from .sandbox import STR_METHODS

_VALUE_NAMES = {str: "text", Decimal: "amount", int: "number", bool: "bool", datetime.date: "date"}
"""The word (catalog `shape.<word>`) for each plain value type, for 'X is a date and has no attributes'."""


@dataclass(frozen=True)
class Shape:
    """An object a template sees: a record of a model/dataclass (`cls`) or with fixed `keys`, a
    sequence (`sequence`, items of shape `item`), a plain `value` of a type, or a declared
    `helper`. `attrs()` is None where attributes are not checked."""

    label: str
    cls: type | None = None
    keys: frozenset[str] | None = None
    item: Shape | None = None
    sequence: bool = False
    value: type | None = None
    helper: str | None = None
    annotations: tuple[tuple[str, Any], ...] = ()

    def attrs(self) -> dict[str, Any] | None:
        if self.keys is not None:
            return dict(self.annotations) or dict.fromkeys(self.keys)
        if self.cls is not None:
            return declared_fields(self.cls)
        if self.sequence or self.helper is not None:
            return {}
        if self.value is str:
            return dict.fromkeys(STR_METHODS)
        if self.value is datetime.date:
            return dict.fromkeys(DATE_ATTRIBUTES, int)
        if self.value is not None:
            return {}
        return None

    def what(self) -> str:
        """The kind of value as a catalog word (`shape.list`, `shape.date`, ...), for 'X is ... and
        has no attributes'."""
        if self.sequence:
            return "list"
        if self.helper is not None:
            return "function"
        return _VALUE_NAMES.get(self.value, "value")  # type: ignore[arg-type]


def from_annotation(annotation: Any, label: str) -> Shape | None:
    """The shape of a value of this type, or None where it cannot be known."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return from_annotation(get_args(annotation)[0], label)
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(annotation) if arg is not type(None)]
        return from_annotation(options[0], label) if len(options) == 1 else None
    if origin in (list, tuple):
        args = [arg for arg in get_args(annotation) if arg is not Ellipsis]
        item = from_annotation(args[0], label) if args else None
        return Shape(label, item=item, sequence=True)
    if origin is Literal:
        return Shape(label, value=str) if all(isinstance(a, str) for a in get_args(annotation)) else None
    if annotation is Helper:
        return Shape(label, helper=label.rsplit(".", 1)[-1])
    if is_typeddict(annotation):
        hints = tuple(get_type_hints(annotation).items())
        return Shape(label, keys=frozenset(name for name, _ in hints), annotations=hints)
    if is_record_class(annotation):
        return Shape(label, annotation)
    if isinstance(annotation, type):
        for kind in (bool, datetime.date, str, Decimal, int):
            if issubclass(annotation, kind):
                return Shape(label, value=kind)
    return None


def context_shapes() -> dict[str, Shape | None]:
    """The data names of the context (`template.context.DATA`) with their shapes (helpers are not data)."""
    return {name: from_annotation(annotation, name) for name, annotation in context.DATA.items()}


def dotted(node: nodes.Node) -> str:
    """`plan.lots.xyz` for a chain of attribute lookups (for messages)."""
    if isinstance(node, nodes.Getattr):
        return f"{dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Call):
        return f"{dotted(node.node)}(...)"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{dotted(node.node)}[{node.arg.value!r}]"
    return "..."


def attribute_annotation(base: Shape, attr: str) -> Any:
    return (base.attrs() or {}).get(attr)


def shape_of(node: nodes.Node, scope: dict[str, Shape | None]) -> Shape | None:
    """The shape an expression evaluates to, where it can be known without rendering."""
    if isinstance(node, nodes.Name):
        return scope.get(node.name)
    if isinstance(node, nodes.Getattr):
        base = shape_of(node.node, scope)
        if base is None or (base.cls is None and base.keys is None):
            return None
        annotation = attribute_annotation(base, node.attr)
        return from_annotation(annotation, f"{base.label}.{node.attr}") if annotation is not None else None
    if isinstance(node, nodes.Getitem):
        base = shape_of(node.node, scope)
        if base is not None and base.sequence and isinstance(node.arg, nodes.Const | nodes.UnaryExpr):
            return base.item if not isinstance(getattr(node.arg, "value", 0), str) else None
        if base is not None and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            return shape_of(nodes.Getattr(node.node, node.arg.value, "load", lineno=node.lineno), scope)
        return None
    if isinstance(node, nodes.Call):
        callee = shape_of(node.node, scope)
        if callee is not None and callee.helper in HELPER_RESULTS:
            return from_annotation(HELPER_RESULTS[callee.helper], dotted(node))
    return None


KNOWN_VALUES: dict[tuple[type, str], tuple[str, ...]] = {
    (Plan, "instruments"): BAND_INSTRUMENTS,
    (LotPlan, "instruments"): BAND_INSTRUMENTS,
    (Plan, "contract_type"): get_args(Tender.model_fields["contract_type"].annotation),
    (Plan, "obligation_level"): get_args(Framework.model_fields["obligation_level"].annotation),
}
"""Plain-text attributes of the plan whose values (or items) come from a fixed set."""


def choices_of(node: nodes.Node, scope: dict[str, Shape | None]) -> tuple[str, ...] | None:
    """The values an attribute can have (or, for a collection, its items), where fixed: a Literal
    field, a document kind, an instrument. None where any value is possible."""
    if not isinstance(node, nodes.Getattr):
        return None
    base = shape_of(node.node, scope)
    if base is None:
        return None
    if base.cls is not None and (base.cls, node.attr) in KNOWN_VALUES:
        return KNOWN_VALUES[(base.cls, node.attr)]
    annotation = attribute_annotation(base, node.attr)
    while get_origin(annotation) in (Union, types.UnionType, Annotated):
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
            continue
        options = [arg for arg in get_args(annotation) if arg is not type(None)]
        annotation = options[0] if len(options) == 1 else None
    if get_origin(annotation) is Literal:
        return tuple(str(arg) for arg in get_args(annotation))
    return None

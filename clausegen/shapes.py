"""What a clause template can see, as data: the attributes of `plan`, `lot`, `settings`, ...

Derived from the same models and dataclasses the renderer passes in (so it cannot drift from
them); `check` uses it to find `plan.xyz` and similar mistakes without rendering anything."""

from __future__ import annotations

import dataclasses
import types
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from jinja2 import nodes
from pydantic import BaseModel

from .model import (
    BAND_INSTRUMENTS,
    DOCUMENT_KINDS,
    Block,
    Framework,
    Profile,
    Settings,
    TargetGroup,
    Tender,
    ValueTable,
)
from .rules import LotPlan, Plan


@dataclass(frozen=True)
class Shape:
    """An object a template sees: a model/dataclass (`cls`), a mapping with fixed `keys`, or a
    sequence whose items have the shape `item`. `attrs()` is None where attributes are not checked."""

    label: str
    cls: type | None = None
    keys: frozenset[str] | None = None
    item: Shape | None = None

    def attrs(self) -> dict[str, Any] | None:
        if self.keys is not None:
            return dict.fromkeys(self.keys)
        if self.cls is None:
            return None
        return _class_attrs(self.cls)


@cache
def _class_attrs(cls: type) -> dict[str, Any]:
    """Attribute name -> type annotation (None for methods) of a pydantic model or dataclass."""
    out: dict[str, Any] = {}
    if issubclass(cls, BaseModel):
        out.update({name: info.annotation for name, info in cls.model_fields.items()})
    elif dataclasses.is_dataclass(cls):
        out.update(get_type_hints(cls))
    for klass in reversed(cls.__mro__):
        if klass in (object, BaseModel):
            continue
        for name, value in vars(klass).items():
            if name.startswith("_") or name in out or name.startswith("model_"):
                continue
            if isinstance(value, property):
                out[name] = get_type_hints(value.fget).get("return") if value.fget else None
            elif callable(value) or isinstance(value, classmethod | staticmethod):
                out[name] = None
    return out


def from_annotation(annotation: Any, label: str) -> Shape | None:
    """The shape of a value of this type, or None where it is a plain value (text, number)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return from_annotation(get_args(annotation)[0], label)
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(annotation) if arg is not type(None)]
        return from_annotation(options[0], label) if len(options) == 1 else None
    if origin in (list, tuple):
        args = [arg for arg in get_args(annotation) if arg is not Ellipsis]
        item = from_annotation(args[0], label) if args else None
        return Shape(label, item=item)
    if isinstance(annotation, type) and (issubclass(annotation, BaseModel) or dataclasses.is_dataclass(annotation)):
        return Shape(label, annotation)
    return None


def context_shapes() -> dict[str, Shape | None]:
    """The names of `assemble.base_context` with their shapes."""
    return {
        "tender": Shape("tender", Tender),
        "profile": Shape("profile", Profile),
        "settings": Shape("settings", Settings),
        "plan": Shape("plan", Plan),
        "lot": Shape("lot", LotPlan),
        "target_groups": Shape("target_groups", item=Shape("target group", TargetGroup)),
        "value_table": Shape("value_table", ValueTable),
        "reference_block": Shape("reference_block", Block),
        "document": Shape("document", keys=frozenset({"kind", "title"})),
        "contract": Shape("contract", keys=CONTRACT_KEYS),
    }


CONTRACT_KEYS = frozenset(
    {"signed", "authority", "holders", "threshold_eur", "number", "award_date", "contractor", "lots",
     "obligation_eur", "start_date", "end_date", "deadlines", "commitment", "pso"}
)  # fmt: skip
"""The `contract` entry: `signed`, `authority`, `holders` and `threshold_eur` always; the others
only in a signed contract (clausegen.contract), so clauses test `contract.signed` first."""


def dotted(node: nodes.Node) -> str:
    """`plan.lots.xyz` for a chain of attribute lookups (for messages)."""
    if isinstance(node, nodes.Getattr):
        return f"{dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Name):
        return node.name
    return "..."


def shape_of(node: nodes.Node, scope: dict[str, Shape | None]) -> Shape | None:
    """The shape an expression evaluates to, where it can be known without rendering."""
    if isinstance(node, nodes.Name):
        return scope.get(node.name)
    if isinstance(node, nodes.Getattr):
        base = shape_of(node.node, scope)
        if base is None or base.cls is None:
            return None
        annotation = _class_attrs(base.cls).get(node.attr)
        return from_annotation(annotation, f"{base.label}.{node.attr}") if annotation is not None else None
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
    if base.label == "document" and node.attr == "kind":
        return DOCUMENT_KINDS
    if base.cls is None:
        return None
    if (base.cls, node.attr) in KNOWN_VALUES:
        return KNOWN_VALUES[(base.cls, node.attr)]
    annotation = _class_attrs(base.cls).get(node.attr)
    if get_origin(annotation) in (Union, types.UnionType):
        options = [arg for arg in get_args(annotation) if arg is not type(None)]
        annotation = options[0] if len(options) == 1 else None
    if get_origin(annotation) is Literal:
        return tuple(str(arg) for arg in get_args(annotation))
    return None

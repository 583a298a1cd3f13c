"""The tender as a YAML file: saved from the form (exactly the tender's fields) and read back
from an upload's bytes as strictly as `clausegen generate` reads a file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any

import yaml

from ..errors import ClausegenError
from ..library.validation import problems
from ..library.yamlio import Located, load_yaml
from ..model import Tender, TenderLot


class _TenderDumper(yaml.SafeDumper):
    """safe_dump that writes Decimal amounts as plain YAML numbers, digit for digit."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    if value == value.to_integral_value() and "." not in text:
        return dumper.represent_scalar("tag:yaml.org,2002:int", text)
    if "." not in text:
        text += ".0"
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_TenderDumper.add_representer(Decimal, _represent_decimal)


def tender_yaml(tender: Tender) -> str:
    """Exactly the tender's fields as YAML that `clausegen generate` reads back to the same tender."""
    data = tender.model_dump(exclude_none=True)
    return yaml.dump(data, Dumper=_TenderDumper, sort_keys=False, allow_unicode=True, default_flow_style=False)


def load_upload(filename: str, raw: bytes) -> tuple[dict[str, Any] | None, list[ClausegenError]]:
    """A saved tender file (bytes, never a path on disk) read as strictly as `clausegen generate`
    reads it. Returns the tender's data, or None and the problems that keep the file from filling
    the form (coded, with the upload's name and the line, as `clausegen generate` names them)."""
    name = Path(PurePath(filename.replace("\\", "/")).name or "aanbesteding.yaml")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [ClausegenError(code="file.not-utf8", path=name, line=line)]
    try:
        located = load_yaml(name, "tender", text)
    except ClausegenError as exc:
        return None, [exc]
    hidden, refused = _not_in_form(located), _shape_problems(located)
    if not hidden and not refused:  # the form shows the rest, with each problem on its field
        return located.data, []
    return None, (problems(Tender, located, "tender") or refused) + hidden


def _not_in_form(located: Located) -> list[ClausegenError]:
    """Fields a tender file may hold that the form has no field for: filling the form would drop
    them without a word, so the upload is refused with the way to use the file instead."""
    from .forms import SCALARS

    shown = {*SCALARS, "lots", "target_groups"}
    return [
        ClausegenError(
            code="web.upload-not-in-form",
            params={"field": key},
            path=located.path,
            line=located.line_of((key,)),
            key=(key,),
        )
        for key in located.data
        if key in Tender.model_fields and key not in shown
    ]


def _shape_problems(located: Located) -> list[ClausegenError]:
    """What the form cannot show (a safety net: the model refuses each of these first, with its
    own words): unknown fields, lots that are not a list of mappings, target groups that are not a list
    of names, a list or mapping where the form has one field."""
    data = located.data
    keys: list[tuple[str | int, ...]] = [(key,) for key in data if key not in Tender.model_fields]
    lots = data.get("lots")
    if lots is not None:
        if not isinstance(lots, list) or not all(isinstance(lot, dict) for lot in lots):
            keys.append(("lots",))
        else:
            keys += [("lots", i, k) for i, lot in enumerate(lots) for k in lot if k not in TenderLot.model_fields]
    groups = data.get("target_groups")
    if groups is not None and (not isinstance(groups, list) or not all(isinstance(g, str) for g in groups)):
        keys.append(("target_groups",))
    for key in sorted(set(Tender.model_fields) - {"lots", "target_groups", "contracting_authority"}):
        if isinstance(data.get(key), (dict, list)):
            keys.append((key,))
    return [
        ClausegenError(code="web.upload-shape", path=located.path, line=located.line_of(key), key=key) for key in keys
    ]

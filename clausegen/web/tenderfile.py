"""The tender as a YAML file: saved from the form (exactly the tender's fields) and read back
from an upload's bytes as strictly as `clausegen generate` reads a file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any

import yaml

from ..errors import ClausegenError
from ..library.validation import problems
from ..library.yamlio import load_yaml
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


def load_upload(filename: str, raw: bytes) -> tuple[dict[str, Any] | None, list[str]]:
    """A saved tender file (bytes, never a path on disk) read as strictly as `clausegen generate`
    reads it. Returns the tender's data, or None and the reasons the file cannot fill the form."""
    name = PurePath(filename.replace("\\", "/")).name or "aanbesteding.yaml"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [f"{name}:{line}: het bestand is geen UTF-8-tekst; sla het op als UTF-8."]
    try:
        located = load_yaml(Path(name), "tender", text)
    except ClausegenError as exc:
        return None, [f"Het bestand kon niet worden gelezen: {exc}"]
    data = located.data
    refused = _shape_problems(data)
    if refused:
        found = problems(Tender, located, "tender")
        return None, [str(p) for p in found] or refused
    return data, []


def _shape_problems(data: dict[str, Any]) -> list[str]:
    """What the form cannot show: unknown fields, lots that are not a list of mappings."""
    out = [f"onbekend veld '{key}'" for key in data if key not in Tender.model_fields]
    lots = data.get("lots")
    if lots is not None:
        if not isinstance(lots, list) or not all(isinstance(lot, dict) for lot in lots):
            out.append("lots moet een lijst van percelen zijn")
        else:
            out += [
                f"onbekend veld '{k}' in een perceel" for lot in lots for k in lot if k not in TenderLot.model_fields
            ]
    groups = data.get("target_groups")
    if groups is not None and (not isinstance(groups, list) or not all(isinstance(g, str) for g in groups)):
        out.append("target_groups moet een lijst van doelgroepen zijn")
    for key in set(Tender.model_fields) - {"lots", "target_groups"}:
        if isinstance(data.get(key), (dict, list)):
            out.append(f"{key} moet een enkele waarde zijn")
    return out

"""JSON Schemas for the files people edit, generated from the models that validate them, so an
editor (yaml-language-server, VS Code) completes and checks exactly what clausegen accepts; and
for the manifest.json clausegen writes, for the programs that read it."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ..contract.model import Award
from ..manifest import Manifest
from ..model import Clause, Profile, TargetGroupList, Tender, ValueTable

KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "tender": (Tender, "A tender file (examples/*.yaml)"),
    "award": (Award, "An award file (examples/*-gunning.yaml, DESIGN.md §7)"),
    "clause": (Clause, "A clause file (clauses/<instrument>/<name>.yaml)"),
    "profile": (Profile, "A procurement-category profile (profiles/<category>.yaml)"),
    "value-table": (ValueTable, "A building-block value table (profiles/value-tables/<id>.yaml)"),
    "target-groups": (TargetGroupList, "Target-group definitions (profiles/target-groups/*.yaml)"),
    "manifest": (Manifest, "manifest.json written by `generate` (a tender) or `contract` (one contract)"),
}
"""File kind -> (model, title); the schema file is `<kind>.schema.json`."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one file kind."""
    model, title = KINDS[kind]
    generated = model.model_json_schema(mode="validation")
    return {"$schema": DIALECT, **generated, "title": f"clausegen: {title}"}


def schema_files() -> dict[str, bytes]:
    """File name -> JSON bytes for every kind; same models, same bytes."""
    return {
        f"{kind}.schema.json": (json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n").encode()
        for kind in KINDS
    }

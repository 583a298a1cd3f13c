"""`clausegen schema`: the JSON Schemas validate the bundled files and reject what the models reject."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from conftest import AWARD_EXAMPLES, EXAMPLES, ROOT, TENDER_EXAMPLES, run_cli

from clausegen.library.schema import schema_files
from clausegen.library.yamlio import load_yaml

KIND_FILES = {
    "tender": TENDER_EXAMPLES,
    "award": AWARD_EXAMPLES,
    "clause": sorted((ROOT / "clauses").rglob("*.yaml")),
    "profile": sorted((ROOT / "profiles").glob("*.yaml")),
    "value-table": sorted((ROOT / "profiles" / "value-tables").glob("*.yaml")),
    "target-groups": sorted((ROOT / "profiles" / "target-groups").glob("*.yaml")),
}


def as_json(value: object) -> object:
    """What a YAML editor's schema validator sees: dates are strings in JSON."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("schemas")
    result = run_cli("schema", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def validator(folder: Path, kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((folder / f"{kind}.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_writes_one_schema_per_file_kind(written: Path) -> None:
    assert sorted(p.name for p in written.iterdir()) == [
        "award.schema.json",
        "clause.schema.json",
        "manifest.schema.json",
        "profile.schema.json",
        "target-groups.schema.json",
        "tender.schema.json",
        "value-table.schema.json",
    ]
    clause = json.loads((written / "clause.schema.json").read_text())
    assert clause["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert clause["properties"]["status"]["enum"] == ["draft", "approved", "withdrawn"]
    assert clause["additionalProperties"] is False


@pytest.mark.parametrize("kind", sorted(KIND_FILES))
def test_bundled_files_validate(written: Path, kind: str) -> None:
    files = KIND_FILES[kind]
    assert files, f"no bundled {kind} files"
    check = validator(written, kind)
    for path in files:
        data = as_json(load_yaml(path, kind).data)
        errors = [f"{path}: {'.'.join(map(str, e.path))}: {e.message}" for e in check.iter_errors(data)]
        assert errors == []


def test_schema_rejects_what_the_model_rejects(written: Path) -> None:
    check = validator(written, "clause")
    clause = as_json(load_yaml(ROOT / "clauses/algemeen/definities.yaml", "clause").data)
    assert not list(check.iter_errors(clause))
    bad = {**clause, "status": "final", "titel": "typo", "version": 0}
    messages = sorted(e.message for e in check.iter_errors(bad))
    assert any("'final' is not one of" in m for m in messages)
    assert any("'titel' was unexpected" in m for m in messages)
    assert any("0 is less than the minimum of 1" in m for m in messages)


def test_lot_ids_may_be_numbers_as_in_yaml(written: Path) -> None:
    check = validator(written, "tender")
    tender = as_json(load_yaml(EXAMPLES / "schoonmaak-den-haag.yaml", "tender").data)
    tender["lots"] = [
        {"id": 1, "title": "Noord", "value_eur": 100000},
        {"id": "B-2", "title": "Zuid", "value_eur": "5"},
    ]
    assert not list(check.iter_errors(tender))
    tender["lots"][0]["id"] = "met spatie"
    assert list(check.iter_errors(tender))


def test_printed_schemas_equal_written_ones(written: Path) -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed == {name: json.loads(data) for name, data in schema_files().items()}
    assert printed["profile.schema.json"] == json.loads((written / "profile.schema.json").read_text())
    assert schema_files() == schema_files()

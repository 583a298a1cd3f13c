"""manifest.json has a typed model (clausegen/manifest.py) and a JSON Schema (`clausegen schema`):
every manifest `generate` and `contract` write for the bundled examples is valid under both, the
model holds every key (nothing dropped or added when read back), and a changed manifest fails."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pydantic
import pytest
from conftest import ROOT, run_cli

from clausegen.api import manifest_bytes
from clausegen.kinds import COMPOSED
from clausegen.manifest import ContractManifest, EntryKind, TenderManifest, validate_manifest
from clausegen.publish.convert import format_entries

TENDERS = sorted(p for p in (ROOT / "examples").glob("*.yaml") if not p.stem.endswith("-gunning"))
AWARDS = sorted((ROOT / "examples").glob("*-gunning.yaml"))


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> jsonschema.protocols.Validator:
    out = tmp_path_factory.mktemp("schemas")
    result = run_cli("schema", "-o", out)
    assert result.exit_code == 0, result.output
    data = json.loads((out / "manifest.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(data)
    cls.check_schema(data)
    return cls(data, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every manifest the bundled examples give: one per tender, one per contract of each award."""
    out = tmp_path_factory.mktemp("manifests")
    paths = []
    for tender in TENDERS:
        folder = out / tender.stem
        result = run_cli("generate", tender, "-o", folder)
        assert result.exit_code == 0, result.output
        paths.append(folder / "manifest.json")
    for award in AWARDS:
        folder = out / award.stem
        tender = award.with_name(award.name.replace("-gunning", ""))
        result = run_cli("contract", tender, award, "-o", folder)
        assert result.exit_code == 0, result.output
        paths += sorted(folder.glob("*/manifest.json"))
    return paths


def errors(schema: jsonschema.protocols.Validator, data: object) -> list[str]:
    return [f"{'.'.join(map(str, e.path))}: {e.message}" for e in schema.iter_errors(data)]


def test_every_written_manifest_is_valid_under_the_model_and_the_schema(
    written: list[Path], schema: jsonschema.protocols.Validator
) -> None:
    kinds = set()
    for path in written:
        data = json.loads(path.read_text(encoding="utf-8"))
        model = validate_manifest(data)
        kinds.add(type(model))
        assert model.model_dump(mode="json", exclude_unset=True) == data, path  # the model holds every key
        assert errors(schema, data) == [], path
        assert manifest_bytes(data) == path.read_bytes()
    assert kinds == {TenderManifest, ContractManifest}


def test_a_changed_manifest_fails_the_model_and_the_schema(
    written: list[Path], schema: jsonschema.protocols.Validator
) -> None:
    original = json.loads(written[0].read_text(encoding="utf-8"))
    changes = {
        "amount as number": lambda m: m["plan"].__setitem__("total_obligation_eur", 75000),
        "amount without cents": lambda m: m["plan"].__setitem__("total_obligation_eur", "75000"),
        "unknown kind": lambda m: m["documents"][0].__setitem__("kind", "brief"),
        "extra key": lambda m: m.__setitem__("extra", 1),
        "missing key": lambda m: m["tender"].pop("sha256"),
        "bad sha": lambda m: m["documents"][0].__setitem__("sha256", "abc"),
    }
    for name, change in changes.items():
        data = json.loads(json.dumps(original))
        change(data)
        assert errors(schema, data), name
        with pytest.raises(pydantic.ValidationError):
            validate_manifest(data)
        with pytest.raises(pydantic.ValidationError):
            manifest_bytes(data)  # nothing unchecked is written


def test_pdf_and_composed_entries_are_part_of_the_model(
    written: list[Path], schema: jsonschema.protocols.Validator
) -> None:
    data = json.loads(written[0].read_text(encoding="utf-8"))
    documents = data["documents"]
    converted = {Path(d["path"]).with_suffix(".pdf").name: b"%PDF-1.7" for d in documents}
    data["documents"] = documents + format_entries(documents, converted)
    first = documents[0]
    data["documents"].append(
        {**first, "kind": COMPOSED, "path": "host.docx", "source": {"path": "host.docx", "sha256": "0" * 64}}
    )
    validate_manifest(data)
    assert errors(schema, data) == []
    assert COMPOSED in EntryKind.__args__  # type: ignore[attr-defined]
    assert hashlib.sha256(b"%PDF-1.7").hexdigest() in {d["sha256"] for d in data["documents"]}

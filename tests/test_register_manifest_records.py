"""The register reads a contract folder's manifest.json through the records of
`clausegen.manifest` (one declaration of its keys and types): a wrong type, an unknown key or a
missing field is one Dutch line naming the file and the key path, exit 2, no traceback, and
nothing is stored. The folder that `clausegen contract` writes is read as before."""

from __future__ import annotations

import json
import shutil
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, run_cli
from register_db import FIXTURES

from clausegen.errors import ClausegenError, Problems
from clausegen.manifest import ContractManifest
from clausegen.register import open_engine, status
from clausegen.register.manifest import read_manifest, records

AGAIN = "; schrijf de map opnieuw met `clausegen contract`"


def _folder(tmp_path: Path, change: Any) -> Path:  # noqa: ANN401 - a function of the JSON data
    folder = tmp_path / "P1"
    shutil.copytree(FIXTURES / "2026-0142-P1", folder)
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    change(data)
    (folder / "manifest.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    return folder


def _refusal(tmp_path: Path, change: Any, lang: str = "nl") -> str:  # noqa: ANN401
    folder = _folder(tmp_path, change)
    db = tmp_path / "register.sqlite"
    result = run_cli("--lang", lang, "register", "--db", db, "add", folder)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr and "Input should" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert status(open_engine(str(db))).contracts == []
    prefix = f"Error: {folder / 'manifest.json'}: "
    assert line.startswith(prefix)
    return line.removeprefix(prefix)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["contract"].update(holders="1"), 'contract.holders: "1" is geen heel getal van 0 of meer'),
        (lambda d: d["contract"]["contractor"].update(kvk=87654321),
         "contract.contractor.kvk: hier hoort tekst tussen aanhalingstekens, niet 87654321"),
        (lambda d: d["plan"]["lots"][0].update(capped="nee"),
         'plan.lots.0.capped: hier hoort true of false, niet "nee"'),
        (lambda d: d["contract"].update(contract_type="koop"),
         'contract.contract_type: "koop" is hier niet toegestaan, wel een van: "overeenkomst" or "raamovereenkomst"'),
        (lambda d: d["tender"].update(sha256="abc"),
         'tender.sha256: "abc" is geen sha256 (64 tekens 0-9 en a-f)'),
        (lambda d: d["plan"]["lots"][0].update(percentage=5), "plan.lots.0.percentage: hier hoort tekst tussen "
         "aanhalingstekens, niet 5"),
        (lambda d: d["plan"]["lots"][0].update(percentage="vijf"), 'plan.lots.0.percentage: "vijf" is geen getal '
         '(tekst zoals "5" of "2.5")'),
        (lambda d: d["documents"].insert(0, 1), "documents.0: hier hoort een JSON-object met velden, niet 1"),
        (lambda d: d["valuation"]["settings"].update(bundling=[True]), "valuation.settings.bundling: [true] past hier niet"),
        (lambda d: d["contract"].update(obligation_eur="75000.001"),
         'contract.obligation_eur: "75000.001" is geen bedrag van 0 of meer'),
        (lambda d: d["contract"].update(start_date="2027-02-30"),
         'contract.start_date: "2027-02-30" is geen datum JJJJ-MM-DD'),
    ],
)  # fmt: skip
def test_a_value_of_the_wrong_type_is_named_by_its_key_path(tmp_path: Path, change: Any, expected: str) -> None:  # noqa: ANN401
    assert _refusal(tmp_path, change) == expected + AGAIN


def test_an_unknown_key_is_refused_with_the_key_it_is_close_to(tmp_path: Path) -> None:
    line = _refusal(tmp_path, lambda d: d["contract"].update(signatory="A. de Vries"))
    assert line.startswith("contract.signatory: dit veld hoort niet in manifest.json (toegestaan zijn: number, ")
    assert line.endswith(AGAIN)
    line = _refusal(tmp_path / "twee", lambda d: d["award"].update(award_dat="2027-03-01"))
    assert line == (
        "award.award_dat: dit veld hoort niet in manifest.json; bedoelt u 'award_date'? Schrijf de map opnieuw met "
        "`clausegen contract`"
    )


def test_a_missing_field_is_named_in_dutch_and_in_english(tmp_path: Path) -> None:
    assert _refusal(tmp_path, lambda d: d.pop("award")) == "award: dit veld ontbreekt in manifest.json" + AGAIN
    assert _refusal(tmp_path / "en", lambda d: d["valuation"].pop("value_table"), lang="en") == (
        "valuation.value_table: this field is missing from manifest.json; write the folder again with "
        "`clausegen contract`"
    )


def test_several_problems_are_all_named(tmp_path: Path) -> None:
    def two(data: dict[str, Any]) -> None:
        data["contract"].pop("number")
        data["profile"]["version"] = "2"

    folder = _folder(tmp_path, two)
    with pytest.raises(Problems) as caught:
        read_manifest(folder)
    assert [(p.code, p.key) for p in caught.value.problems] == [
        ("register.manifest-whole", ("profile", "version")),
        ("register.manifest-missing", ("contract", "number")),
    ]


def test_a_manifest_from_before_holders_warnings_and_reason_codes_is_still_read(tmp_path: Path) -> None:
    """Fields that later versions of `clausegen contract` added have their old meaning as default."""

    def older(data: dict[str, Any]) -> None:
        data["contract"].pop("holders")
        data.pop("warnings")
        for lot in data["plan"]["lots"]:
            lot.pop("reason_code", None)

    manifest = read_manifest(_folder(tmp_path, older))
    assert manifest.contract is not None and manifest.lots
    assert records(manifest.data, manifest.path).contract.holders == 1  # type: ignore[union-attr]


def test_the_records_are_the_ones_clausegen_writes(tmp_path: Path) -> None:
    """What the register reads is what `clausegen.manifest` declares: every fixture is a record."""
    for folder in sorted(p for p in FIXTURES.iterdir() if (p / "manifest.json").is_file()):
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        parsed = records(data, folder / "manifest.json")
        assert isinstance(parsed, ContractManifest) == ("contract" in data)
        manifest = read_manifest(folder)
        assert manifest.tender_reference == data["tender"]["reference"]
        assert [lot.lot_id for lot in manifest.tender_lots] == [lot["id"] for lot in data["plan"]["lots"]]
    with pytest.raises(ClausegenError) as caught:
        records({"clausegen_version": "0.1.0"}, tmp_path / "manifest.json")
    assert all(p.code == "register.manifest-missing" for p in caught.value.problems)  # type: ignore[attr-defined]


def test_the_folders_clausegen_contract_writes_are_added(tmp_path: Path) -> None:
    tender, award = EXAMPLES / "schoonmaak-den-haag.yaml", EXAMPLES / "schoonmaak-den-haag-gunning.yaml"
    assert run_cli("contract", tender, award, "-o", tmp_path / "contracten").exit_code == 0
    assert run_cli("generate", EXAMPLES / "catering-kantine-klein.yaml", "-o", tmp_path / "tender").exit_code == 0
    db = tmp_path / "register.sqlite"
    for folder, outcome in (("contracten/2026-0142-P1", "toegevoegd"), ("tender", "aanbesteding")):
        result = run_cli("register", "--db", db, "add", tmp_path / folder)
        assert result.exit_code == 0 and result.stdout.strip().endswith(outcome), result.output
    (stored,) = status(open_engine(str(db))).contracts
    assert (stored.number, stored.kvk, stored.category) == ("2026-0142-P1", "87654321", "schoonmaak")
    assert (
        stored.manifest_sha256 == sha256((tmp_path / "contracten/2026-0142-P1/manifest.json").read_bytes()).hexdigest()
    )


def test_a_manifest_nested_too_deep_is_no_json_not_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "diep"
    folder.mkdir()
    (folder / "manifest.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = run_cli("register", "--db", tmp_path / "register.sqlite", "add", folder)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"Error: {folder / 'manifest.json'}: manifest.json is geen geldige JSON (beschadigd of met de hand "
        f"bewerkt){AGAIN}"
    )

"""No set-off into a lot whose Plan van aanpak was scored at award (sixth legal reading, MAJOR-2):
the framework holder R1 of the cleaning tender holds lot 1 (plan scored, 7 % commitment) and lot
2; a surplus on lot 2 leaves the shortfall on lot 1 as it is, and the clause says so. A contract
without lots has no "Perceel" column in its letter (MINOR-13). Contracts are written by
`clausegen contract`, letters read back."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from conftest import docx_text, run_cli
from contract_builder import contract_folder, two_lot_manifest, write_csv

from clausegen.realisation.offset import Transfer, offset

D = datetime.date
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "zesde-lezing-x2"
NBSP = "\u00a0"
ROWS = [
    ("1", "TS-01", "plaatsing-a", 36, D(2027, 11, 1), D(2029, 10, 31), "", "", ""),
    ("2", "TS-03", "plaatsing-a", 36, D(2027, 10, 1), D(2029, 9, 30), "", "", ""),
    ("2", "TS-04", "plaatsing-a", 36, D(2027, 10, 1), D(2029, 9, 30), "", "", ""),
    ("2", "TS-05", "plaatsing-a", 36, D(2028, 1, 1), D(2029, 12, 31), "", "", ""),
]
AFTER = (
    "--peildatum",
    "2032-06-01",
    "--melding",
    "2031-11-01",
    "--afroepwaarde",
    "1=2800000",
    "--afroepwaarde",
    "2=800000",
)


@pytest.fixture(scope="module")
def contracts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("schoon")
    result = run_cli("contract", FIXTURES / "schoon.yaml", FIXTURES / "schoon-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def _text(path: Path) -> str:
    return docx_text(path).replace(NBSP, " ")


def test_the_clause_bars_set_off_into_the_scored_lot(contracts: Path) -> None:
    r1 = _text(contracts / "WS-2027-031-R1" / "WS-2027-031-R1-raamovereenkomst-social-return.docx")
    assert (
        "Een overschot op een ander Perceel vermindert geen tekort op een Perceel waarvoor het Plan van aanpak bij "
        "de gunning als gunningscriterium is beoordeeld (Perceel 1). Een overschot op dat Perceel mag wel een tekort "
        "op een ander Perceel verminderen." in r1
    )
    # R3 holds lot 2 only: no other lot under its contract, so no set-off paragraph (eleventh reading A MINOR-7).
    r3 = _text(contracts / "WS-2027-031-R3" / "WS-2027-031-R3-raamovereenkomst-social-return.docx")
    assert "een tekort op een ander Perceel onder deze Raamovereenkomst" not in r3
    assert "als gunningscriterium is beoordeeld (Perceel" not in r3
    manifest = json.loads((contracts / "WS-2027-031-R1" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["valuation"]["offset_closed_lots"] == ["1"]


def test_a_surplus_on_lot_2_does_not_fill_the_shortfall_on_the_scored_lot(contracts: Path, tmp_path: Path) -> None:
    folder = contracts / "WS-2027-031-R1"
    report = write_csv(tmp_path / "r1.csv", ROWS)
    result = run_cli("realisatie", folder, report, "--json", *AFTER)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["transfers"] == []
    lot1 = next(lot for lot in data["lots"] if lot["id"] == "1")
    assert Decimal(lot1["shortfall_eur"]) == Decimal(lot1["obligation_eur"]) - Decimal(lot1["realised_eur"]) > 0
    out = tmp_path / "brief.docx"
    letter = run_cli("realisatie", folder, report, "-o", out, *AFTER)
    assert letter.exit_code == 0, letter.output
    text = _text(out)
    article = manifest_article(folder)
    assert (
        "Een overschot op een ander perceel vermindert geen tekort op perceel 1: voor dat perceel is het Plan van "
        f"aanpak bij de gunning als gunningscriterium beoordeeld (artikel {article})." in text
    )
    assert "Verrekend overschot" not in text


def manifest_article(folder: Path) -> int:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    number: int = manifest["valuation"]["articles"]["monitoring.sancties"]["article"]
    return number


def test_an_older_manifest_without_the_key_is_valued_as_before(tmp_path: Path) -> None:
    manifest = two_lot_manifest()
    assert "offset_closed_lots" not in manifest["valuation"]
    folder = contract_folder(tmp_path / "out", manifest)
    rows = [
        ("1", "K-1", "participatiewet", 36, D(2027, 4, 1), D(2028, 9, 15), "", "", ""),
        ("2", "K-2", "banenafspraak", 36, D(2027, 4, 1), D(2028, 3, 31), "", "", ""),
        ("2", "", "inkoop-sociaal", "", D(2029, 2, 1), "", "", "1.234,56", ""),
    ]
    report = write_csv(tmp_path / "eind.csv", rows)
    result = run_cli("realisatie", folder, report, "--json", "--peildatum", "2031-09-01", "--melding", "2031-05-01")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["transfers"] == [{"from_lot": "2", "to_lot": "1", "amount_eur": "6234.56"}]


def test_a_closed_lot_keeps_its_shortfall_but_its_surplus_fills_another() -> None:
    shortfalls, transfers = offset(
        ["1", "2", "3"], [Decimal(5), Decimal(4), Decimal(0)], [Decimal(0), Decimal(0), Decimal(9)], closed=("1",)
    )
    assert shortfalls == [Decimal(5), Decimal(0), Decimal(0)]
    assert transfers == (Transfer("3", "2", Decimal(4)),)
    shortfalls, transfers = offset(["1", "2"], [Decimal(0), Decimal(4)], [Decimal(7), Decimal(0)], closed=("1",))
    assert shortfalls == [Decimal(0), Decimal(0)] and transfers == (Transfer("1", "2", Decimal(4)),)


def test_a_letter_for_a_contract_without_lots_has_no_perceel_column(tmp_path: Path) -> None:
    fixtures = FIXTURES.parent / "derde-lezing"
    result = run_cli(
        "contract", fixtures / "werk-hele-doelgroep.yaml", fixtures / "werk-hele-doelgroep-gunning.yaml", "-o", tmp_path
    )
    assert result.exit_code == 0, result.output
    rows = [("", "K-2", "plaatsing-a", 36, D(2028, 6, 1), D(2029, 3, 31), "", "", "")]
    report = write_csv(tmp_path / "werk.csv", rows)
    out = tmp_path / "werk.docx"
    letter = run_cli("realisatie", tmp_path / "PNZ-2027-W07-A", report, "-o", out, "--peildatum", "2028-12-01")
    assert letter.exit_code == 0, letter.output
    table = next(t for t in docx.Document(str(out)).tables if t.rows[-1].cells[0].text == "Opdracht")
    assert table.rows[0].cells[0].text == ""
    assert "Perceel" not in [cell.text for row in table.rows for cell in row.cells]

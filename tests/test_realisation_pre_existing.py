"""A placement or learning place that began before the contract's start date does not count
(fifth legal reading MAJOR-1; clause algemeen.onderwerp, "Verband met de Opdracht"): the person
already worked for the contractor, so the row is listed under the rows that do not count, with the
contract's own article and party word, and the supplier is told to enter a new or extended
employment as a row of its own. Contracts are written by `clausegen contract` from the lawyer's
tender and award (tests/fixtures/vijfde-lezing); the letter, the --json rows, the workbook and the
register are read back."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import docx_text, run_cli
from contract_builder import contract_folder, fill_workbook, workbook_path, write_csv
from sqlalchemy import select
from test_realisation_workbook import _libreoffice_csv

import clausegen
from clausegen.register import open_engine, recompute, report
from clausegen.register.tables import report_rows

D = datetime.date
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NBSP = "\u00a0"
BEV = FIXTURES / "vijfde-lezing"
PEILDATUM = "2028-10-01"
"""After the last day of the report rows here, so that each of them has happened."""
REASON_TAIL = (
    "Krijgt de Kandidaat met het oog op de Opdracht een nieuw of uitgebreid dienstverband, of een nieuwe leerwerkplek "
    "of stageplaats, dan telt alleen dat nieuwe dienstverband of die nieuwe plaats mee, of bij een uitbreiding alleen "
    "de extra uren: vul dat in op een nieuwe regel met de eigen begindatum."
)


def _contracts(root: Path, folder: Path, name: str) -> Path:
    out = root / name
    result = run_cli("contract", folder / f"{name}.yaml", folder / f"{name}-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("contracten")
    return {
        "bev": _contracts(root, BEV, "bev") / "2027-0902-1",
        "bouw": _contracts(root, FIXTURES / "tweede-lezing", "bouw") / "2027-0801-P1",
    }


def _article(folder: Path) -> int:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    number: int = manifest["valuation"]["articles"]["algemeen.onderwerp"]["article"]
    return number


def _json(folder: Path, report_file: Path) -> dict:
    result = run_cli("realisatie", folder, report_file, "--json", "--peildatum", PEILDATUM)
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def test_the_lawyers_pre_existing_employee_does_not_count(written: dict, tmp_path: Path) -> None:
    folder = written["bev"]
    article = _article(folder)
    data = _json(folder, BEV / "real-bev.csv")
    rows = {r["row"]: r for r in data["rows"]}
    expected = (
        "het dienstverband begon op 1 januari 2025, vóór de ingangsdatum 1 oktober 2027; een "
        "Kandidaat die al vóór de ingangsdatum bij de Opdrachtnemer in dienst was of er een leerwerkplek of "
        "stageplaats had, telt niet mee "
        f"(artikel {article}). " + REASON_TAIL
    )
    assert (rows[4]["value_eur"], rows[4]["counted"], rows[4]["refused"], rows[4]["reason"]) == (
        "0.00", False, False, expected,
    )  # fmt: skip
    # the other rows count as before; the total no longer carries the € 30.000 of row 4
    assert [rows[n]["counted"] for n in (2, 3, 5)] == [True, True, True]
    total = sum(Decimal(rows[n]["value_eur"]) for n in (2, 3, 5))
    assert Decimal(data["realised_eur"]) == total
    out = tmp_path / "brief.docx"
    result = run_cli("realisatie", folder, BEV / "real-bev.csv", "-o", out, "--peildatum", PEILDATUM)
    assert result.exit_code == 0, result.output + result.stderr
    letter = docx_text(out).replace(NBSP, " ")
    assert expected in letter
    assert "alleen het deel binnen de looptijd telt" not in letter
    # the row says once that it does not count (sixth reading MINOR-1): the letter's column
    # "Telt mee", the terminal's "rij 4: telt niet: ..." and --json's counted flag
    assert f"4\ntelt niet\n{expected}" in letter
    summary = run_cli("realisatie", folder, BEV / "real-bev.csv", "--peildatum", PEILDATUM)
    assert summary.exit_code == 0, summary.output + summary.stderr
    assert f"rij 4: telt niet: {expected}" in summary.output.replace(NBSP, " ").splitlines()
    as_json = json.dumps(data, ensure_ascii=False)
    for text in (letter, summary.output, as_json):
        assert "telt niet: telt niet" not in text and "telt niet\ntelt niet" not in text


def test_a_placement_from_the_start_date_on_counts(written: dict, tmp_path: Path) -> None:
    folder = written["bev"]
    report_file = write_csv(
        tmp_path / "nieuw.csv",
        [
            ("", "IJ-03", "plaatsing-b", 36, D(2027, 10, 1), D(2028, 9, 30), "", "", "nieuw dienstverband"),
            ("", "IJ-04", "plaatsing-b", 36, D(2027, 9, 30), D(2028, 9, 30), "", "", "één dag te vroeg"),
        ],
    )
    rows = {r["row"]: r for r in _json(folder, report_file)["rows"]}
    assert rows[2]["counted"] is True and rows[2]["reason"] == "" and Decimal(rows[2]["value_eur"]) > 0
    assert rows[3]["counted"] is False
    assert rows[3]["reason"].startswith("het dienstverband begon op 30 september 2027, vóór de ingangsdatum")


def test_a_works_contract_names_the_aannemer(written: dict, tmp_path: Path) -> None:
    folder = written["bouw"]
    report_file = write_csv(
        tmp_path / "bouw.csv",
        [
            ("1", "K-1", "leerwerkplek-bbl", 36, D(2027, 6, 1), D(2028, 5, 31), "", "", "BBL sinds juni"),
            ("1", "K-2", "plaatsing-a", 36, D(2027, 8, 1), D(2028, 7, 31), "", "", "al in dienst"),
        ],
    )
    rows = {r["row"]: r for r in _json(folder, report_file)["rows"]}
    article = _article(folder)
    assert rows[2]["reason"].startswith("de leerwerkplek begon op 1 juni 2027, vóór de ingangsdatum")
    assert rows[3]["reason"].startswith("het dienstverband begon op 1 augustus 2027")
    for number in (2, 3):
        assert rows[number]["counted"] is False and rows[number]["value_eur"] == "0.00"
        assert (
            f"bij de Aannemer in dienst was of er een leerwerkplek of stageplaats had, telt niet mee (artikel {article})"
            in rows[number]["reason"]
        )
        assert "Opdrachtnemer" not in rows[number]["reason"]


def test_the_workbook_says_so_and_its_sheet_agrees(written: dict, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(written["bev"] / "2027-0902-1-verantwoording.xlsx")
    guide = "\n".join(str(c.value or "") for c in workbook["Toelichting"]["A"])
    assert (
        "- Een dienstverband, leerwerkplek of stageplaats die al vóór de ingangsdatum van het contract liep, telt "
        "niet mee. Krijgt de kandidaat met het oog op deze opdracht een nieuw of uitgebreid dienstverband, of een "
        "nieuwe leerwerkplek of stageplaats, dan telt alleen dat nieuwe dienstverband of die nieuwe plaats mee, of "
        "bij een uitbreiding alleen de extra uren: vul dat in op een nieuwe regel met de eigen begindatum."
    ) in guide
    # the sheet's own formulas (recalculated by LibreOffice) give the pre-existing row nothing too
    folder = contract_folder(tmp_path / "out")
    rows = [
        ("2", "K-1", "participatiewet", 36, D(2027, 3, 1), D(2027, 12, 31), None, None, "al in dienst"),
        ("2", "K-2", "participatiewet", 36, D(2027, 4, 1), D(2027, 12, 31), None, None, "nieuw"),
    ]
    filled = fill_workbook(workbook_path(folder), tmp_path / "ingevuld.xlsx", rows)
    sheets = _libreoffice_csv(filled)
    valuation = clausegen.realisatie(folder, filled, D(2029, 4, 1))
    shown = [Decimal(row[9]) for row in sheets["Invoer"][1:3]]
    assert shown == [r.value_eur for r in valuation.rows] == [Decimal("0.00"), Decimal("30000.00")]


def test_the_register_stores_and_recomputes_the_same(written: dict, tmp_path: Path) -> None:
    folder = written["bev"]
    engine = open_engine(str(tmp_path / "register.sqlite"))
    stored = report(engine, folder, BEV / "real-bev.csv", D(2028, 10, 1))
    direct = clausegen.realisatie(folder, BEV / "real-bev.csv", D(2028, 10, 1))
    assert stored.valuation.realised_eur == direct.realised_eur
    with engine.connect() as connection:
        row = connection.execute(
            select(report_rows.c.counted, report_rows.c.value, report_rows.c.reason).where(report_rows.c.row == 4)
        ).one()
    assert (row.counted, Decimal(row.value)) == (False, Decimal(0))
    assert row.reason.startswith("het dienstverband begon op 1 januari 2025") and REASON_TAIL in row.reason
    done = recompute(engine)
    assert done.changes == ()

"""The twelfth reading (reader C), MAJOR-1: after a work's oplevering only inzet bij onderhoud en
herstel in de onderhoudstermijn counts (algemeen.definities Looptijd, monitoring.sancties), so a
row counts there only when its column onderhoud says ja. Replayed on the reader's own files
(tests/fixtures/twaalfde-lezing): the works tender ZW-2027-031, contract ZW-2027-031-01, planned
oplevering 30 September 2028, real oplevering 15 December 2028, onderhoudstermijn to 15 June 2029.
c1-rapport.csv is the reader's report as written; c1-rapport-onderhoud.csv is the same with the
column onderhoud, ja on row 7 (K-005, "onderhoudstermijn: herstel opleverpunten")."""

from __future__ import annotations

import datetime
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, body_tables, docx_text, libreoffice_sheets, run_cli

TWAALFDE = FIXTURES / "twaalfde-lezing"
PLAIN = TWAALFDE / "c1-rapport.csv"
MARKED = TWAALFDE / "c1-rapport-onderhoud.csv"
NBSP = "\u00a0"
READER = ("--oplevering", "2028-12-15", "--onderhoudstermijn-tot", "2029-06-15", "--melding", "2029-02-15",
          "--peildatum", "2029-07-01")  # fmt: skip
PART = (
    "alleen het deel binnen de looptijd of de Hersteltermijn telt; het deel na de oplevering (15 december 2028) "
    "buiten de Hersteltermijn telt alleen als inzet bij onderhoud en herstel in de onderhoudstermijn: zet in de "
    "kolom onderhoud 'ja'"
)
WHOLE = (
    "telt na de oplevering (15 december 2028) buiten de Hersteltermijn alleen als inzet bij onderhoud en herstel "
    "in de onderhoudstermijn: zet in de kolom onderhoud 'ja'"
)
OLD_SENTENCE = (
    "Inzet bij onderhoud en herstel na de oplevering telt mee tot en met het einde van de onderhoudstermijn op "
    "15 juni 2029, ook na de Hersteltermijn."
)
NEW_SENTENCE = (
    "Inzet bij onderhoud en herstel na de oplevering telt mee tot en met het einde van de onderhoudstermijn op "
    "15 juni 2029, ook na de Hersteltermijn: de regels met 'ja' in de kolom onderhoud. Andere inzet na de "
    "oplevering telt niet mee, behalve in de Hersteltermijn."
)


@pytest.fixture(scope="module")
def werk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("c1")
    result = run_cli("contract", TWAALFDE / "c1.yaml", TWAALFDE / "c1-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out / "ZW-2027-031-01"


def _json(folder: Path, report: Path, *args: str) -> dict[str, object]:
    result = run_cli("realisatie", folder, report, *args, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _rows(data: dict[str, object]) -> dict[int, tuple[str, bool, str]]:
    rows = data["rows"]
    assert isinstance(rows, list)
    return {r["row"]: (r["value_eur"], r["counted"], r["reason"]) for r in rows}


def test_work_after_the_oplevering_counts_only_as_maintenance(werk: Path) -> None:
    data = _json(werk, PLAIN, *READER)
    rows = _rows(data)
    # row 4, werkvoorbereiding 1-10-2028..31-1-2029: only 1-10..15-12-2028 counts (20.000 × 24/36 × (2 + 15/31) / 12)
    assert rows[4] == ("2759.86", True, PART)
    # row 6 counts in the Hersteltermijn (16-2..15-5-2029) as before, not 16-5..31-5-2029 (not marked)
    assert rows[6] == ("8279.57", True, PART)
    # row 7 lies after the Hersteltermijn, in the onderhoudstermijn, and is not marked
    assert rows[7] == ("0.00", False, WHOLE)
    assert (data["realised_eur"], data["shortfall_eur"], data["charge_eur"]) == ("145000.00", "137500.00", "137500.00")
    assert data["maintenance_end"] == "2029-06-15" and data["oplevering"] == "2028-12-15"


def test_a_row_marked_onderhoud_counts_to_the_end_of_the_onderhoudstermijn(werk: Path) -> None:
    rows = _rows(_json(werk, MARKED, *READER))
    assert rows[7] == ("940.86", True, "")
    assert rows[4] == ("2759.86", True, PART)  # the other rows as without the column


def test_the_letter_lists_the_row_and_says_which_rows_count(werk: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", werk, PLAIN, *READER, "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(letter).replace(NBSP, " ")
    table = [[c.text.replace(NBSP, " ") for c in row.cells] for t in body_tables(letter) for row in t.rows]
    assert ["4", "€ 2.759,86", PART] in table
    assert ["7", "telt niet", WHOLE] in table
    assert NEW_SENTENCE in text
    assert OLD_SENTENCE + "\n" not in text + "\n"
    assert (
        "telt mee tot en met het einde van de onderhoudstermijn op 15 juni 2029, ook na de Hersteltermijn.\n"
        not in (result.stdout.replace(NBSP, " "))
    )


def test_without_a_melding_no_hersteltermijn_is_named(werk: Path) -> None:
    data = _json(werk, PLAIN, "--oplevering", "2028-12-15", "--onderhoudstermijn-tot", "2029-06-15",
                 "--peildatum", "2029-07-01")  # fmt: skip
    rows = _rows(data)
    assert rows[4][2] == (
        "alleen het deel binnen de looptijd telt; het deel na de oplevering (15 december 2028) telt alleen als inzet "
        "bij onderhoud en herstel in de onderhoudstermijn: zet in de kolom onderhoud 'ja'"
    )
    assert rows[6] == ("0.00", False, "telt na de oplevering (15 december 2028) alleen als inzet bij onderhoud en "
                       "herstel in de onderhoudstermijn: zet in de kolom onderhoud 'ja'")  # fmt: skip
    result = run_cli("realisatie", werk, PLAIN, "--oplevering", "2028-12-15", "--onderhoudstermijn-tot", "2029-06-15",
                     "--peildatum", "2029-07-01")  # fmt: skip
    assert "Andere inzet na de oplevering telt niet mee.\n" in result.stdout


@pytest.mark.parametrize("value", ["JA", " Ja ", "nee", ""])
def test_ja_and_nee_are_read_whatever_their_case(werk: Path, tmp_path: Path, value: str) -> None:
    report = tmp_path / "r.csv"
    report.write_text(MARKED.read_text(encoding="utf-8").replace(";ja\n", f";{value}\n"), encoding="utf-8")
    rows = _rows(_json(werk, report, *READER))
    assert rows[7][1] is (value.strip().lower() == "ja")


@pytest.mark.parametrize("value", ["j", "yes", "1", "onderhoud"])
def test_any_other_value_stops_with_the_row_and_the_fix(werk: Path, tmp_path: Path, value: str) -> None:
    report = tmp_path / "r.csv"
    report.write_text(MARKED.read_text(encoding="utf-8").replace(";ja\n", f";{value}\n"), encoding="utf-8")
    result = run_cli("realisatie", werk, report, *READER)
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert (
        f"r.csv:7: rij 7, kolom onderhoud: '{value}' is geen ja of nee; vul ja in als de regel inzet bij onderhoud "
        "en herstel in de onderhoudstermijn is, anders nee, of laat de cel leeg (dan geldt nee)"
    ) in result.stderr


def _workbook(folder: Path) -> Path:
    return folder / f"{folder.name}-verantwoording.xlsx"


def test_the_works_workbook_has_the_column_and_explains_it(werk: Path) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(_workbook(werk))
    sheet = workbook["Invoer"]
    assert sheet["R1"].value == "onderhoud" and sheet["S1"].value is None
    lists = [v for v in sheet.data_validations.dataValidation if str(v.sqref) == "R2:R501"]
    assert len(lists) == 1 and lists[0].type == "list" and lists[0].formula1 == '"ja,nee"'
    guide = "\n".join(str(c.value or "") for c in workbook["Toelichting"]["A"])
    assert (
        "10. onderhoud (kolom R): kies 'ja' als de regel inzet bij onderhoud en herstel in de onderhoudstermijn is. "
        "Alleen dan telt het deel van de regel na de oplevering mee, tot het einde van de onderhoudstermijn; andere "
        "inzet na de oplevering telt niet mee, behalve in een Hersteltermijn." in guide
    )
    assert "rekenen de bedragen tot de laatste van die data" not in guide
    assert "Vul na de oplevering alleen inzet bij onderhoud en herstel in." not in guide


def test_a_contract_for_services_has_no_column_onderhoud(tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "out"
    examples = Path(__file__).resolve().parent.parent / "examples"
    result = run_cli("contract", examples / "schoonmaak-den-haag.yaml", examples / "schoonmaak-den-haag-gunning.yaml",
                     "-o", out)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    folder = out / "2026-0142-P2"
    workbook = openpyxl.load_workbook(_workbook(folder))
    assert "onderhoud" not in [c.value for c in workbook["Invoer"][1]]
    guide = "\n".join(str(c.value or "") for c in workbook["Toelichting"]["A"])
    assert "kolom onderhoud" not in guide


def _filled(folder: Path, report: Path, target: Path) -> Path:
    """The workbook with the reader's rows typed in (onderhoud in column R) and the real dates."""
    import csv

    import openpyxl

    workbook = openpyxl.load_workbook(_workbook(folder))
    sheet = workbook["Invoer"]
    with report.open(encoding="utf-8") as source:
        for index, row in enumerate(list(csv.reader(source, delimiter=";"))[1:], start=2):
            for column, text in enumerate(row, start=1):
                value: object = text or None
                if text and column in (5, 6):
                    day, month, year = (int(part) for part in text.split("-"))
                    value = datetime.date(year, month, day)
                elif text and column in (4, 8):
                    value = Decimal(text)
                sheet.cell(row=index, column=18 if column == 10 else column, value=value)
    labels = {cell.value: cell.row for cell in workbook["Verplichting"]["A"]}
    workbook["Verplichting"].cell(row=labels["Werkelijke opleverdatum"], column=2, value=datetime.date(2028, 12, 15))
    workbook["Verplichting"].cell(row=labels["Einde van de onderhoudstermijn"], column=2,
                                  value=datetime.date(2029, 6, 15))  # fmt: skip
    workbook.save(target)
    return target


def test_the_filled_workbook_is_read_back_with_its_column_onderhoud(werk: Path, tmp_path: Path) -> None:
    filled = _filled(werk, MARKED, tmp_path / "ingevuld.xlsx")
    assert _rows(_json(werk, filled, *READER)) == _rows(_json(werk, MARKED, *READER))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_works_workbook_counts_after_the_oplevering_only_with_ja_in_libreoffice(werk: Path, tmp_path: Path) -> None:
    import clausegen

    shown = {}
    for name, report in (("plain", PLAIN), ("marked", MARKED)):
        rows = libreoffice_sheets(_filled(werk, report, tmp_path / f"{name}.xlsx"), ("Invoer",))["Invoer"]
        shown[name] = [Decimal(row[9]) for row in rows[1:9]]
    # without a melding the sheet and realisatie agree row by row (the sheet has no Hersteltermijn)
    for name, report in (("plain", PLAIN), ("marked", MARKED)):
        valuation = clausegen.realisatie(werk, report, datetime.date(2029, 7, 1), oplevering=datetime.date(2028, 12, 15),
                                         onderhoud=datetime.date(2029, 6, 15))  # fmt: skip
        assert shown[name] == [r.value_eur for r in valuation.rows]
    assert shown["plain"][2] == Decimal("2759.86") and shown["plain"][5] == Decimal(0)
    assert shown["marked"][5] == Decimal("940.86")


def test_before_the_real_dates_are_known_the_reason_says_to_mark_the_row(werk: Path) -> None:
    planned = _rows(_json(werk, PLAIN, "--peildatum", "2029-07-01"))
    assert planned[7][2] == (
        "ligt na de geplande oplevering; telt mee als de oplevering later is of als het inzet bij onderhoud en "
        "herstel in de onderhoudstermijn is (zet dan in de kolom onderhoud 'ja')"
    )
    assert _rows(_json(werk, MARKED, "--peildatum", "2029-07-01"))[7][2] == (
        "ligt na de geplande oplevering; telt mee als de oplevering later is of als het inzet bij onderhoud en "
        "herstel in de onderhoudstermijn is"
    )
    opgeleverd = _rows(_json(werk, PLAIN, "--oplevering", "2028-12-15", "--peildatum", "2029-07-01"))
    assert opgeleverd[7][2] == (
        "valt buiten de looptijd van het contract (1 juni 2027 tot en met 15 december 2028); inzet bij onderhoud en "
        "herstel in de onderhoudstermijn telt mee zodra het einde van de onderhoudstermijn is opgegeven en de regel "
        "in de kolom onderhoud 'ja' heeft"
    )
    marked = _rows(_json(werk, MARKED, "--oplevering", "2028-12-15", "--peildatum", "2029-07-01"))
    assert marked[7][2].endswith("telt mee zodra het einde van de onderhoudstermijn is opgegeven")

"""The verantwoording workbook: its sheets, columns, drop-downs and formats read back with
openpyxl; its XML parts checked as Excel reads them; reproducible bytes; LibreOffice opens it and
computes the live formulas to the same values as `realisatie` for single rows; and a workbook
filled in through openpyxl values exactly like the same rows in a .csv."""

from __future__ import annotations

import datetime
import hashlib
import io
import posixpath
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import libreoffice_sheets, require_soffice
from contract_builder import (
    contract_folder,
    fill_workbook,
    manifest,
    two_lot_manifest,
    workbook_path,
    write_csv,
)
from lxml import etree

import clausegen
from clausegen.realisation import COLUMNS, workbook_bytes, write_workbook
from clausegen.realisation.convert import ods_bytes

D = datetime.date
ROWS = [
    ("2", "K-001", "participatiewet", 18, D(2028, 1, 1), D(2028, 6, 30), None, None, "halve dag, half jaar"),
    ("2", "K-002", "participatiewet", 36, D(2027, 4, 1), D(2029, 12, 31), "bonus-50-plus", None, "langer dan 24 maanden"),
    ("2", None, "inkoop-sociaal", None, D(2027, 9, 1), None, None, 12345.67, "factuur sociaal werkbedrijf"),
    ("2", None, "ondersteuning", 4, D(2028, 1, 1), D(2028, 1, 31), None, None, "jobcoaching"),
    ("2", "K-004", "participatiewet", 36, D(2027, 1, 1), D(2027, 3, 31), None, None, "voor de start"),
    ("2", "K-005", "ww", 36, D(2028, 1, 1), D(2028, 12, 31), None, None, "buiten de Doelgroep"),
    ("2", "K-008", "banenafspraak", 20, D(2027, 4, 15), D(2027, 7, 10), "bonus-50-plus,bonus-vast-contract", None, ""),
    ("2", None, "ondersteuning", None, D(2028, 3, 1), D(2028, 3, 1), None, 2500, "training"),
]  # fmt: skip
PEIL = D(2029, 4, 1)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return contract_folder(tmp_path_factory.mktemp("contract"))


def test_same_manifest_same_bytes_and_write_workbook_writes_them(tmp_path: Path) -> None:
    first, second = workbook_bytes(manifest()), workbook_bytes(manifest())
    assert first == second
    other = manifest()
    other["valuation"]["lots"][0]["obligation_eur"] = "45000.01"
    assert workbook_bytes(other) != first
    write_workbook(manifest(), tmp_path / "w.xlsx")
    assert (tmp_path / "w.xlsx").read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert "2027-03-01T00:00:00Z" in core  # the award date, not the time of writing
    assert clausegen.write_workbook is write_workbook


def test_sheets_columns_and_contract_figures(folder: Path) -> None:
    workbook = openpyxl.load_workbook(workbook_path(folder))
    assert workbook.sheetnames == ["Toelichting", "Verplichting", "Waardetabel", "Lijsten", "Invoer"]
    assert workbook.active.title == "Invoer"
    assert workbook["Lijsten"].sheet_state == "hidden"
    sheet = workbook["Invoer"]
    header = [sheet.cell(row=1, column=c).value for c in range(1, 12)]
    assert tuple(header[:9]) == COLUMNS
    assert header[9:] == ["waarde_eur", "totaal_eur"]
    assert sheet.freeze_panes == "A2"
    assert sheet["E2"].number_format == "DD-MM-YYYY" and sheet["H2"].number_format == "#,##0.00"
    assert sheet["J2"].value.startswith("=") and sheet["K3"].value == '=IF($C3="","",SUM($J$2:J3))'
    obligation = workbook["Verplichting"]
    cells = [c.value for row in obligation.iter_rows() for c in row if c.value is not None]
    assert "2026-0142-P2" in cells and "Voorbeeld Schoonmaak B.V." in cells
    assert "Den Haag Zuid" in cells and Decimal("45000.00") in [
        Decimal(str(v)) for v in cells if isinstance(v, (int, float))
    ]
    assert "1 april 2027 tot en met 31 maart 2031" in cells
    table = workbook["Waardetabel"]
    values = [c.value for row in table.iter_rows() for c in row if c.value is not None]
    assert "Gemeente Utrecht, Social return berekenen (bouwblokken)" in values
    assert "(geen versie vermeld)" in values
    assert "nee (buiten de Doelgroep)" in values and "ww" in values


def test_drop_downs_for_lot_block_and_bonus(folder: Path) -> None:
    workbook = openpyxl.load_workbook(workbook_path(folder))
    sheet = workbook["Invoer"]
    by_range = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert by_range["A2:A501"].formula1 == "Percelen"
    assert by_range["C2:C501"].formula1 == "Bouwblokken"
    assert by_range["G2:G501"].formula1 == "Toeslaglijst" and by_range["G2:G501"].errorStyle == "warning"
    assert by_range["E2:F501"].type == "date" and by_range["D2:D501"].type == "decimal"
    assert by_range["B2:B501"].type == "custom"
    lists = workbook["Lijsten"]
    names = workbook.defined_names
    blocks = [lists[f"K{r}"].value for r in range(2, 6)]
    assert blocks == ["participatiewet", "banenafspraak", "inkoop-sociaal", "ondersteuning"]  # the Doelgroep's
    assert names["Bouwblokken"].attr_text == "Lijsten!$K$2:$K$5"
    combos = [lists[f"H{r}"].value for r in range(2, 9)]
    assert "bonus-50-plus,bonus-vast-contract" in combos and len(combos) == 7
    assert [lists[f"F{r}"].value for r in range(2, 3)] == ["2"]


def test_the_instructions_say_how_to_fill_in_how_it_counts_and_never_a_name(folder: Path) -> None:
    workbook = openpyxl.load_workbook(workbook_path(folder))
    text = "\n".join(str(c.value) for row in workbook["Toelichting"].iter_rows() for c in row if c.value)
    assert "Vul nooit een naam, BSN" in text
    assert "ten hoogste 24 maanden" in text and "uren per week / 36" in text
    assert "€\u00a010.000,00: een vierde van de waarde" in text
    assert "100% van het loonkostendeel" in text and "€\u00a0100,00" in text
    comments = [workbook["Invoer"].cell(row=1, column=c).comment.text for c in range(1, 10)]
    assert "Nooit een naam of BSN" in comments[1]


def test_every_part_is_well_formed_and_declared_as_excel_expects(folder: Path) -> None:
    """What Excel checks before it offers a repair: every XML part parses, has a content type, and
    every relationship points at a part in the package; the defined names and validations refer
    to sheets and names that exist."""
    with zipfile.ZipFile(workbook_path(folder)) as package:
        names = set(package.namelist())
        types = etree.fromstring(package.read("[Content_Types].xml"))
        ns = {"ct": "http://schemas.openxmlformats.org/package/2006/content-types"}
        overrides = {o.get("PartName").lstrip("/") for o in types.findall("ct:Override", ns)}
        defaults = {d.get("Extension") for d in types.findall("ct:Default", ns)}
        for name in names:
            data = package.read(name)
            if name.endswith((".xml", ".rels", ".vml")):
                etree.fromstring(data)  # raises on malformed XML
            assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name
        assert overrides <= names
        for rels in (n for n in names if n.endswith(".rels")):
            base = posixpath.dirname(posixpath.dirname(rels))
            for rel in etree.fromstring(package.read(rels)):
                if rel.get("TargetMode") == "External":
                    continue
                target = posixpath.normpath(posixpath.join(base, rel.get("Target"))).lstrip("/")
                assert target in names, (rels, target)
        workbook = etree.fromstring(package.read("xl/workbook.xml"))
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    sheets = {s.get("name") for s in workbook.iter(f"{main}sheet")}
    defined = {d.get("name"): d.text for d in workbook.iter(f"{main}definedName")}
    assert all(ref.split("!")[0] in sheets for ref in defined.values())
    assert {"Percelen", "Bouwblokken", "Toeslaglijst", "Blokken", "Toeslagen", "cg_start"} <= set(defined)
    assert workbook.find(f"{main}calcPr").get("fullCalcOnLoad") == "1"


def test_filled_workbook_and_csv_give_the_same_figures(folder: Path, tmp_path: Path) -> None:
    filled = fill_workbook(workbook_path(folder), tmp_path / "ingevuld.xlsx", ROWS)
    report = write_csv(tmp_path / "ingevuld.csv", ROWS)
    from_xlsx = clausegen.realisatie(folder, filled, PEIL).to_json()
    from_csv = clausegen.realisatie(folder, report, PEIL).to_json()
    assert from_xlsx == from_csv
    comma = write_csv(tmp_path / "komma.csv", ROWS, delimiter=",")
    assert clausegen.realisatie(folder, comma, PEIL).to_json() == from_csv
    assert [r["value_eur"] for r in from_csv["rows"]] == [
        "10000.00", "100000.00", "12345.67", "1771.43", "0.00", "0.00", "9255.28", "2500.00",
    ]  # fmt: skip
    assert from_csv["realised_eur"] == "135872.38"


def _libreoffice_csv(path: Path) -> dict[str, list[list[str]]]:
    """The sheets Invoer and Verplichting as LibreOffice computes them."""
    return libreoffice_sheets(path, ("Invoer", "Verplichting"))


def test_libreoffice_opens_it_and_its_formulas_agree_with_realisatie(folder: Path, tmp_path: Path) -> None:
    filled = fill_workbook(workbook_path(folder), tmp_path / "ingevuld.xlsx", ROWS)
    sheets = _libreoffice_csv(filled)
    valuation = clausegen.realisatie(folder, filled, PEIL)
    shown = [Decimal(row[9]) for row in sheets["Invoer"][1 : len(ROWS) + 1]]
    expected = [r.value_eur for r in valuation.rows]
    # Row 3 runs past 24 months and row 5 before the start: the sheet caps a single row at 24
    # months too and counts nothing outside the term, so every row here agrees.
    assert shown == expected
    assert Decimal(sheets["Invoer"][len(ROWS)][10]) == valuation.realised_eur
    total = next(row for row in sheets["Verplichting"] if row and row[0] == "Totaal")
    assert Decimal(total[3]) == valuation.realised_eur


def test_two_lots_sum_per_lot_in_libreoffice(tmp_path: Path) -> None:
    folder = contract_folder(tmp_path / "out", two_lot_manifest())
    rows = [
        ("1", "K-1", "participatiewet", 36, D(2028, 1, 1), D(2028, 12, 31), None, None, ""),
        ("2", "K-2", "banenafspraak", 36, D(2028, 1, 1), D(2028, 6, 30), None, None, ""),
        ("3", "K-3", "banenafspraak", 36, D(2028, 1, 1), D(2028, 6, 30), None, None, "geen perceel van dit contract"),
    ]
    filled = fill_workbook(workbook_path(folder), tmp_path / "ingevuld.xlsx", rows)
    sheets = _libreoffice_csv(filled)
    per_lot = {row[0]: Decimal(row[3]) for row in sheets["Verplichting"] if row and row[0] in ("1", "2")}
    assert per_lot == {"1": Decimal(40000), "2": Decimal(25000)}
    assert Decimal(sheets["Invoer"][3][9]) == 0


def test_an_ods_copy_through_libreoffice(folder: Path) -> None:
    require_soffice()
    data = ods_bytes(workbook_path(folder).read_bytes())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        content = package.read("content.xml").decode()
    assert 'table:name="Invoer"' in content and "participatiewet" in content
    assert hashlib.sha256(data).hexdigest()  # a real file came back

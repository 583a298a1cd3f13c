"""A framework holder's workbook computes its obligation from its own Afroepwaarde (fourth legal
reading, MINOR-3): the sheet 'Verplichting' has an unlocked, validated input cell per lot, its
verplichting_eur is percentage x that cell (the raming while it is empty) in LibreOffice too, and
`clausegen realisatie` reads the cell back strictly, as the Afroepwaarde when --afroepwaarde is not
given; a different --afroepwaarde wins with a warning. Contracts are written by `clausegen contract`
from repository tenders; workbooks are filled through openpyxl, as a holder's spreadsheet would."""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import framework_holder, require_soffice, run_cli
from contract_builder import contract_folder, manifest

D = datetime.date
ROOT = Path(__file__).resolve().parent.parent
BEVEILIGING = ROOT / "examples" / "beveiliging-raamovereenkomst-houders"
LABEL = "Verschuldigd is het percentage maal uw Afroepwaarde; de raming is alleen een indicatie."
HEADING = "Afroepwaarde tot nu toe (excl. btw)"
ROWS = [
    ("", "K-01", "plaatsing-a", 36, D(2027, 11, 1), D(2028, 10, 31), None, None, "receptie"),
    ("", None, "inkoop-sociaal", None, D(2028, 1, 15), None, None, 30000, "factuur"),
]


@pytest.fixture(scope="module")
def raam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RVB-2027-FM3-H1: a framework with three holders, no lots; H1 commits 6,5 %."""
    return framework_holder(tmp_path_factory)


@pytest.fixture(scope="module")
def two_lots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2026-0621-A: holder of lots 1 and 2 of a framework with two holders per lot, 6 %."""
    out = tmp_path_factory.mktemp("beveiliging")
    result = run_cli("contract", f"{BEVEILIGING}.yaml", f"{BEVEILIGING}-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    return out / "2026-0621-A"


def _workbook(folder: Path) -> Path:
    return folder / f"{folder.name}-verantwoording.xlsx"


def _lot_rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    """The row of each lot in the lot table (column A under the heading 'perceel')."""
    header = next(row for row in range(1, 40) if sheet.cell(row=row, column=1).value == "perceel")
    rows = {}
    for row in range(header + 1, header + 20):
        value = sheet.cell(row=row, column=1).value
        if value == "Totaal":
            return rows
        rows[str(value)] = row
    raise AssertionError("no Totaal row")


def _fill(folder: Path, target: Path, call_off: dict[str, object], rows: list | None = None) -> Path:
    """The holder's workbook with input rows and the Afroepwaarde typed into column F."""
    workbook = openpyxl.load_workbook(_workbook(folder))
    for index, row in enumerate(rows if rows is not None else ROWS, start=2):
        for column, value in enumerate(row, start=1):
            workbook["Invoer"].cell(row=index, column=column, value=value)
    sheet = workbook["Verplichting"]
    lots = _lot_rows(sheet)
    for lot, value in call_off.items():
        sheet[f"F{lots[lot]}"] = value
    workbook.save(target)
    return target


def _json(*args: object) -> tuple[dict, str]:
    result = run_cli("realisatie", *args, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout), result.stderr


def test_the_holder_s_sheet_has_an_unlocked_validated_afroepwaarde_cell(raam: Path) -> None:
    workbook = openpyxl.load_workbook(_workbook(raam))
    sheet = workbook["Verplichting"]
    row = _lot_rows(sheet)["(geen percelen)"]
    assert sheet.cell(row=row - 1, column=6).value == HEADING
    assert sheet.cell(row=row - 2, column=1).value == LABEL
    cell = sheet[f"F{row}"]
    assert cell.value is None and cell.protection.locked is False and cell.number_format == "#,##0.00"
    assert sheet[f"C{row}"].protection.locked is True and sheet.protection.sheet is True
    assert sheet[f"C{row}"].value == (
        f'=IF(F{row}="",G{row},IF(ISNUMBER(F{row}),ROUND(F{row}*6.5/100,2),"typ de Afroepwaarde als getal"))'
    )
    assert sheet[f"G{row}"].value == 260000  # the raming at an equal split stays, as an indication
    (validation,) = [v for v in sheet.data_validations.dataValidation if f"F{row}" in str(v.sqref)]
    assert (validation.type, validation.operator, validation.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert validation.showInputMessage and validation.prompt.startswith(
        "Uw Afroepwaarde tot nu toe: de waarde exclusief btw die op grond van uw Nadere overeenkomsten"
    )
    assert validation.showErrorMessage and "0 of meer" in validation.error
    assert list(workbook.defined_names["cg_afroepwaarde"].destinations) == [("Verplichting", f"$F${row}:$F${row}")]
    guide = "\n".join(str(c.value) for c in workbook["Toelichting"]["A"] if c.value)
    assert f"10. Afroepwaarde: vul op het blad 'Verplichting' in de kolom '{HEADING}'" in guide and LABEL in guide


def test_a_contract_with_a_fixed_obligation_keeps_its_sheet(tmp_path: Path) -> None:
    """Not a framework with several holders: no input cell, no name, no protection, five columns."""
    folder = contract_folder(tmp_path, manifest())
    workbook = openpyxl.load_workbook(_workbook(folder))
    sheet = workbook["Verplichting"]
    assert "cg_afroepwaarde" not in workbook.defined_names
    assert sheet.max_column == 5 and sheet.protection.sheet is False
    assert all(cell.value != LABEL for cell in sheet["A"])
    row = _lot_rows(sheet)["2"]
    assert sheet[f"C{row}"].value == 45000
    guide = "\n".join(str(c.value) for c in workbook["Toelichting"]["A"] if c.value)
    assert "Afroepwaarde" not in guide


def _libreoffice(path: Path, target: str) -> Path:
    """`path` converted by LibreOffice headless (formulas recalculated), into a fresh folder."""
    binary = require_soffice()
    out = Path(tempfile.mkdtemp(prefix="clausegen-afroep-"))
    profile = Path(tempfile.mkdtemp(prefix="clausegen-lo-profile-"))
    cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
           "--outdir", str(out), str(path)]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    shutil.rmtree(profile, ignore_errors=True)
    return out


def _computed(path: Path) -> list[list[str]]:
    """The sheet 'Verplichting' as LibreOffice computes it, as csv rows."""
    out = _libreoffice(path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1")
    rows = list(csv.reader(io.StringIO((out / f"{path.stem}-Verplichting.csv").read_text(encoding="utf-8"))))
    shutil.rmtree(out, ignore_errors=True)
    return rows


def test_libreoffice_computes_the_obligation_from_the_afroepwaarde(raam: Path, tmp_path: Path) -> None:
    filled = _fill(raam, tmp_path / "ingevuld.xlsx", {"(geen percelen)": 1500000})
    empty = _fill(raam, tmp_path / "leeg.xlsx", {})
    computed = _computed(filled)
    lot = next(row for row in computed if row and row[0] == "(geen percelen)")
    # 6,5 % x 1.500.000 = 97.500,00; realised 40.000 (a year of plaatsing-a) + 30.000 = 70.000.
    assert Decimal(lot[2]) == Decimal("97500") and Decimal(lot[3]) == Decimal("70000")
    assert lot[4].startswith("71.79")  # 70.000 / 97.500: the percentage follows the Afroepwaarde
    total = next(row for row in computed if row and row[0] == "Totaal")
    assert Decimal(total[2]) == Decimal("97500")
    estimate = next(row for row in _computed(empty) if row and row[0] == "(geen percelen)")
    assert Decimal(estimate[2]) == Decimal("260000") and Decimal(estimate[6]) == Decimal("260000")
    # A text pasted past the validation: the sheet says what to do (realisatie reads "1.500.000").
    pasted = _fill(raam, tmp_path / "tekst.xlsx", {"(geen percelen)": "1.500.000"})
    shown = next(row for row in _computed(pasted) if row and row[0] == "(geen percelen)")
    assert shown[2] == "typ de Afroepwaarde als getal" and shown[4] == ""
    # realisatie on the same workbook, without --afroepwaarde, owes the same 97.500,00.
    data, _ = _json(raam, filled, "--peildatum", "2032-02-01")
    assert data["obligation_eur"] == "97500.00" and data["obligation_fixed"] is True
    assert data["shortfall_eur"] == "27500.00"


def test_a_workbook_saved_by_libreoffice_keeps_its_afroepwaarde(raam: Path, tmp_path: Path) -> None:
    filled = _fill(raam, tmp_path / "ingevuld.xlsx", {"(geen percelen)": 1500000})
    out = _libreoffice(filled, "xlsx:Calc MS Excel 2007 XML")
    saved = tmp_path / "opgeslagen.xlsx"
    shutil.copyfile(out / "ingevuld.xlsx", saved)
    shutil.rmtree(out, ignore_errors=True)
    data, _ = _json(raam, saved, "--peildatum", "2032-02-01")
    assert data["obligation_eur"] == "97500.00" and data["realised_eur"] == "70000.00"


def test_realisatie_reads_the_cell_as_the_afroepwaarde(raam: Path, tmp_path: Path) -> None:
    for value in (1500000, 1500000.0, "1.500.000", "1.500.000,00", "1500000", "€ 1.500.000,00"):
        filled = _fill(raam, tmp_path / "ingevuld.xlsx", {"(geen percelen)": value})
        data, stderr = _json(raam, filled, "--peildatum", "2032-02-01")
        assert data["obligation_eur"] == "97500.00", value
        assert data["phase"] == "na-looptijd" and stderr == ""
    text = run_cli("realisatie", raam, filled, "--peildatum", "2032-02-01")
    assert "Afroepwaarde van de opdracht: € 1.500.000,00, uit de werkmap (blad Verplichting)." in text.stdout.replace(
        "\u00a0", " "
    )
    empty = _fill(raam, tmp_path / "leeg.xlsx", {})
    data, _ = _json(raam, empty, "--peildatum", "2032-02-01")
    assert data["obligation_fixed"] is False and data["obligation_eur"] == "260000.00"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1.500", "'1.500' is niet eenduidig (duizendtal of decimalen?); schrijf 1500 of 1,500"),
        (-5, "een getal van 0 of meer"),
        ("=1500000*1", "bevat een formule; typ het bedrag zelf"),
        ("anderhalf miljoen", "is geen getal"),
        (1500000.005, "ten hoogste 2 cijfers achter de komma"),
    ],
)
def test_a_cell_that_cannot_be_read_is_refused_with_its_place(
    raam: Path, tmp_path: Path, value: object, problem: str
) -> None:
    filled = _fill(raam, tmp_path / "ingevuld.xlsx", {"(geen percelen)": value})
    result = run_cli("realisatie", raam, filled, "--peildatum", "2032-02-01")
    row = _lot_rows(openpyxl.load_workbook(filled)["Verplichting"])["(geen percelen)"]
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"blad Verplichting, cel F{row} (Afroepwaarde tot nu toe): Afroepwaarde: " in result.stderr
    assert problem in result.stderr and "of laat de cel leeg" in result.stderr
    english = run_cli("--lang", "en", "realisatie", raam, filled)
    assert f"sheet Verplichting, cell F{row} (Afroepwaarde so far)" in english.stderr


def test_the_command_line_value_wins_with_a_warning(raam: Path, tmp_path: Path) -> None:
    filled = _fill(raam, tmp_path / "ingevuld.xlsx", {"(geen percelen)": 1400000})
    data, stderr = _json(raam, filled, "--peildatum", "2032-02-01", "--afroepwaarde", "1500000")
    assert data["obligation_eur"] == "97500.00"
    assert stderr.replace("\u00a0", " ") == (
        "Waarschuwing: de Afroepwaarde van de opdracht in de werkmap (€ 1.400.000,00) wijkt af van "
        "--afroepwaarde (€ 1.500.000,00); gerekend is met --afroepwaarde\n"
    )
    text = run_cli("realisatie", raam, filled, "--peildatum", "2032-02-01", "--afroepwaarde", "1500000")
    assert (
        "Afroepwaarde van de opdracht: € 1.500.000,00, opgegeven met --afroepwaarde; de werkmap noemt "
        "€ 1.400.000,00 en telt daarom niet." in text.stdout.replace("\u00a0", " ")
    )
    same, stderr = _json(raam, filled, "--peildatum", "2032-02-01", "--afroepwaarde", "1400000")
    assert same["obligation_eur"] == "91000.00" and stderr == ""
    seen: list[str] = []
    import clausegen

    valuation = clausegen.realisatie(raam, filled, "2032-02-01", call_off={"": Decimal(1500000)}, warn=seen.append)
    assert valuation.obligation_eur == Decimal("97500.00") and len(seen) == 1


def test_every_lot_of_a_holder_has_its_own_cell(two_lots: Path, tmp_path: Path) -> None:
    rows = [
        ("1", "K-1", "participatiewet", 36, D(2027, 6, 1), D(2028, 5, 31), None, None, ""),
        ("2", None, "inkoop-sociaal", None, D(2027, 9, 1), None, None, 10000, ""),
    ]
    both = _fill(two_lots, tmp_path / "beide.xlsx", {"1": 2000000, "2": "500.000,00"}, rows)
    data, _ = _json(two_lots, both, "--peildatum", "2031-06-01")
    lots = {lot["id"]: lot["obligation_eur"] for lot in data["lots"]}
    # Lot 1 at the committed 6 %, lot 2 at its 5 %, each of its own Afroepwaarde.
    assert lots == {"1": "120000.00", "2": "25000.00"} and data["obligation_fixed"] is True
    one = _fill(two_lots, tmp_path / "een.xlsx", {"1": 2000000}, rows)
    missing = run_cli("realisatie", two_lots, one, "--peildatum", "2031-06-01")
    assert missing.exit_code == 2 and "de Afroepwaarde ontbreekt voor perceel 2" in missing.stderr
    combined, _ = _json(two_lots, one, "--peildatum", "2031-06-01", "--afroepwaarde", "2=600000")
    assert {lot["id"]: lot["obligation_eur"] for lot in combined["lots"]} == {"1": "120000.00", "2": "30000.00"}
    sheet = openpyxl.load_workbook(both)["Verplichting"]
    for lot, percentage in (("1", 6), ("2", 5)):
        row = _lot_rows(sheet)[lot]
        assert f"ROUND(F{row}*{percentage}/100,2)" in sheet[f"C{row}"].value


def test_a_csv_has_no_afroepwaarde_and_still_needs_the_option(raam: Path, tmp_path: Path) -> None:
    report = tmp_path / "raam.csv"
    report.write_text(
        "perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting\n"
        ";K-01;plaatsing-a;36;1-11-2027;31-10-2028;;;\n",
        encoding="utf-8",
    )
    data, _ = _json(raam, report, "--peildatum", "2032-02-01")
    assert data["obligation_fixed"] is False
    data, _ = _json(raam, report, "--peildatum", "2032-02-01", "--afroepwaarde", "1500000")
    assert data["obligation_eur"] == "97500.00"


def test_a_workbook_whose_cells_were_moved_or_renamed_is_refused(raam: Path, tmp_path: Path) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    filled = _fill(raam, tmp_path / "ingevuld.xlsx", {"(geen percelen)": 1500000})
    workbook = openpyxl.load_workbook(filled)
    del workbook.defined_names["cg_afroepwaarde"]
    workbook.defined_names["cg_afroepwaarde"] = DefinedName("cg_afroepwaarde", attr_text="Verplichting!$A$1:$G$9")
    workbook.save(tmp_path / "verschoven.xlsx")
    moved = run_cli("realisatie", raam, tmp_path / "verschoven.xlsx")
    assert moved.exit_code == 2 and "de naam cg_afroepwaarde in de werkmap wijst niet naar de cellen" in moved.stderr
    workbook = openpyxl.load_workbook(filled)
    sheet = workbook["Verplichting"]
    sheet[f"A{_lot_rows(sheet)['(geen percelen)']}"] = "7"
    workbook.save(tmp_path / "ander-perceel.xlsx")
    other = run_cli("realisatie", raam, tmp_path / "ander-perceel.xlsx")
    assert other.exit_code == 2 and "noemt een Afroepwaarde voor perceel '7', dat niet bij dit contract" in other.stderr


def test_the_web_page_uses_the_afroepwaarde_of_the_workbook(raam: Path, tmp_path: Path) -> None:
    from clausegen.web.app import create_app

    client = create_app(None).test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    filled = _fill(raam, tmp_path / "ingevuld.xlsx", {"(geen percelen)": 1500000})

    def post(report: Path) -> tuple[int, str]:
        data = {
            "manifest": (io.BytesIO((raam / "manifest.json").read_bytes()), "manifest.json"),
            "report": (io.BytesIO(report.read_bytes()), report.name),
            "peildatum": "2032-02-01",
        }
        response = client.post("/realisatie", data=data, content_type="multipart/form-data")
        return response.status_code, response.get_data(as_text=True).replace("\u00a0", " ")

    status, page = post(filled)
    assert status == 200 and "€ 97.500,00" in page and "€ 260.000,00" not in page
    bad = _fill(raam, tmp_path / "fout.xlsx", {"(geen percelen)": "1.500"})
    status, page = post(bad)
    assert status == 422 and "(Afroepwaarde tot nu toe)" in page and "is niet eenduidig" in page


def test_a_wage_sum_basis_multiplies_by_the_basis_share(tmp_path: Path) -> None:
    """A framework whose basis is the wage sum: percentage x Afroepwaarde x basis / value, in the
    sheet's formula and in realisatie alike (5 % of 40 % of 1.000.000 = 20.000,00)."""
    import clausegen

    data = manifest()
    data["contract"]["holders"] = 3
    data["plan"]["lots"][0]["basis_eur"] = "360000.00"
    folder = contract_folder(tmp_path, data)
    workbook = openpyxl.load_workbook(_workbook(folder))
    sheet = workbook["Verplichting"]
    row = _lot_rows(sheet)["2"]
    assert f"ROUND(F{row}*0.4*5/100,2)" in sheet[f"C{row}"].value
    sheet[f"F{row}"] = 1000000
    workbook.save(tmp_path / "ingevuld.xlsx")
    valuation = clausegen.realisatie(folder, tmp_path / "ingevuld.xlsx", "2029-04-01")
    assert valuation.obligation_fixed and valuation.obligation_eur == Decimal("20000.00")


def test_an_afroepwaarde_against_a_fixed_obligation_does_not_count(raam: Path, tmp_path: Path) -> None:
    import clausegen

    filled = _fill(raam, tmp_path / "ingevuld.xlsx", {"(geen percelen)": 1500000})
    fixed = contract_folder(tmp_path / "vast", manifest())
    valuation = clausegen.realisatie(fixed, filled, "2029-04-01")
    assert valuation.obligation_eur == Decimal("45000.00") and valuation.obligation_fixed
    assert "De Afroepwaarde in de werkmap telt niet: contract 2026-0142-P2 heeft een vaste verplichting." in (
        valuation.notes
    )

"""Thirteenth legal reading, reader F, MAJOR-3: with Afnemers and the obligation per Nadere
overeenkomst, the party that concluded a call-off is the creditor of its boete, and a bundle's boete
is split over the parties by the value of their call-offs in it (raamovereenkomst.afnemers). The
list of Nadere overeenkomsten takes an optional column `afnemer`, checked against the contract's
Opdrachtgever and Afnemers; the letter, the terminal and --json name the creditor.

The contract: tests/fixtures/dertiende-lezing f1 (the reader's ICT framework of the Provincie
Overijssel, Afnemers Gemeente Deventer and Waterschap Drents Overijsselse Delta, 5 %, boete 100 %,
H1 with a PSO certificate to 31-12-2028). Worked out by hand for the bundle 2028 (NO-02 Gemeente
Deventer € 45.000, NO-03 Waterschap € 80.000): obligation 5 % x 125.000 = € 6.250,00, PSO credit
€ 3.125,00, one inkoop row of € 1.000,01 for NO-03: tekort and boete € 2.124,99. Split 45/125 =
€ 764,9964 -> € 764,99 and 80/125 = € 1.359,9936 -> € 1.359,99; together € 2.124,98, the cent of
remainder on the largest share: Waterschap € 1.360,00."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

F = FIXTURES / "dertiende-lezing"
NBSP = "\u00a0"
HEADER = "perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting;nadere_overeenkomst\n"
BUNDLE_SHORT = HEADER + ";;inkoop-sociaal;;1-11-2028;30-11-2028;;1000,01;sociale onderneming;NO-03\n"
ARGS = ("--peildatum", "2031-09-01", "--melding", "2031-05-01")


def _e(text: str) -> str:
    return text.replace(" ", NBSP) if text.startswith("€") else text


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, F / "f1.yaml", F / "f1-gunning.yaml", "PO-2027-ICT-07-H1")


def test_manifest_names_the_opdrachtgever_and_afnemers(folder: Path) -> None:
    valuation = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["valuation"]
    assert valuation["opdrachtgever"] == "Provincie Overijssel"
    assert valuation["afnemers"] == [
        "Provincie Overijssel",
        "Gemeente Deventer",
        "Waterschap Drents Overijsselse Delta",
    ]
    assert valuation["articles"]["raamovereenkomst.afnemers"] == {"article": 23, "title": "Opdrachtgever en Afnemers"}


def test_json_names_the_afnemer_of_each_call_off(folder: Path) -> None:
    result = run_cli("realisatie", folder, F / "f1-rapport.xlsx", "--nadere-overeenkomsten",
                     F / "f1-nadere-overeenkomsten.csv", *ARGS, "--json")  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    items = {c["number"]: c for c in json.loads(result.stdout)["call_offs"]}
    assert items["NO-01"]["afnemer"] == "Provincie Overijssel"
    assert items["NO-01"]["charge_eur"] == "3333.33"
    assert "charge_by_party" not in items["NO-01"]
    assert items["bundel-2027"]["afnemer"] == "Gemeente Deventer"
    assert items["bundel-2028"]["charge_by_party"] == [
        {"party": "Gemeente Deventer", "charge_eur": "0.00"},
        {"party": "Waterschap Drents Overijsselse Delta", "charge_eur": "0.00"},
    ]


def test_letter_and_terminal_name_the_creditor(folder: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", folder, F / "f1-rapport.xlsx", "--nadere-overeenkomsten",
                     F / "f1-nadere-overeenkomsten.csv", *ARGS, "-o", letter)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(letter)
    assert f"NO-01 {_e('€ 3.333,33')} (verschuldigd aan: Provincie Overijssel)" in text
    assert f"boete {_e('€ 3.333,33')} (verschuldigd aan: Provincie Overijssel)" in result.output + result.stderr
    # the old text without a creditor is gone
    assert f"NO-01 {_e('€ 3.333,33')}, " not in text and f"NO-01 {_e('€ 3.333,33')}." not in text


def test_bundle_boete_split_by_value_with_the_remainder_on_the_largest_share(folder: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.csv"
    report.write_text(BUNDLE_SHORT, encoding="utf-8")
    given = ("--nadere-overeenkomsten", F / "f1-nadere-overeenkomsten.csv", *ARGS)
    result = run_cli("realisatie", folder, report, *given, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    bundle = next(c for c in json.loads(result.stdout)["call_offs"] if c["number"] == "bundel-2028")
    assert bundle["charge_eur"] == "2124.99"
    assert bundle["charge_by_party"] == [
        {"party": "Gemeente Deventer", "charge_eur": "764.99"},
        {"party": "Waterschap Drents Overijsselse Delta", "charge_eur": "1360.00"},
    ]
    assert bundle["afnemer"] == "Waterschap Drents Overijsselse Delta"
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", folder, report, *given, "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(letter)
    owed = (f"gebundeld 2028: NO-02, NO-03 {_e('€ 2.124,99')} (verschuldigd aan: Gemeente Deventer "
            f"{_e('€ 764,99')} en Waterschap Drents Overijsselse Delta {_e('€ 1.360,00')})")  # fmt: skip
    assert owed in text
    split = ("De boete over een bundel is verschuldigd aan elke partij die er een Nadere overeenkomst in sloot, "
             "voor het deel naar verhouding van de waarde van haar Nadere overeenkomsten in die bundel (artikel 23); "
             "de delen zijn afgerond op centen en het afrondingsverschil valt bij het "
             "grootste deel.")  # fmt: skip
    assert split in text
    terminal = result.output + result.stderr
    assert owed.replace("gebundeld 2028: NO-02, NO-03 ", "boete ") in terminal
    assert split in terminal


def test_unknown_afnemer_is_an_error_naming_file_row_and_allowed(folder: Path, tmp_path: Path) -> None:
    listed = tmp_path / "no.csv"
    text = (F / "f1-nadere-overeenkomsten.csv").read_text(encoding="utf-8")
    listed.write_text(text.replace(";Gemeente Deventer\nNO-03", ";Gemeente Zwolle\nNO-03"), encoding="utf-8")
    result = run_cli("realisatie", folder, F / "f1-rapport.xlsx", "--nadere-overeenkomsten", listed, *ARGS)
    assert result.exit_code == 2
    assert f"{listed}:3: Nadere overeenkomst 'NO-02' op deze regel" in result.stderr
    assert (
        "afnemer 'Gemeente Zwolle' is geen partij die onder dit contract Nadere overeenkomsten sluit" in result.stderr
    )
    assert "Provincie Overijssel, Gemeente Deventer, Waterschap Drents Overijsselse Delta" in result.stderr


def test_empty_afnemer_is_the_opdrachtgever_and_case_is_normalised(folder: Path, tmp_path: Path) -> None:
    listed = tmp_path / "no.csv"
    text = (F / "f1-nadere-overeenkomsten.csv").read_text(encoding="utf-8")
    text = text.replace("zaaksysteem;Provincie Overijssel", "zaaksysteem;").replace(
        ";Gemeente Deventer\nNO-03", ";gemeente deventer\nNO-03"
    )
    listed.write_text(text, encoding="utf-8")
    result = run_cli("realisatie", folder, F / "f1-rapport.xlsx", "--nadere-overeenkomsten", listed, *ARGS, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    items = {c["number"]: c for c in json.loads(result.stdout)["call_offs"]}
    assert items["NO-01"]["afnemer"] == "Provincie Overijssel"
    assert items["bundel-2028"]["charge_by_party"][0]["party"] == "Gemeente Deventer"


def test_workbook_sheet_has_the_column_afnemer_and_is_read_back(folder: Path, tmp_path: Path) -> None:
    workbook = folder / "PO-2027-ICT-07-H1-verantwoording.xlsx"
    sheet = openpyxl.load_workbook(workbook)["Nadere overeenkomsten"]
    header = [c.value for c in sheet[1]]
    assert header == ["nummer", "startdatum", "einddatum", "waarde_eur", "toelichting", "verplichting_eur (berekend)",
                      "afnemer"]  # fmt: skip
    assert any("G2:G201" in str(v.sqref) for v in sheet.data_validations.dataValidation)
    # the reader's filled workbook, with the column afnemer added to its sheet
    filled = tmp_path / "rapport.xlsx"
    shutil.copy(F / "f1-rapport.xlsx", filled)
    book = openpyxl.load_workbook(filled)
    listed = book["Nadere overeenkomsten"]
    listed.cell(row=1, column=7, value="afnemer")
    lines = (F / "f1-nadere-overeenkomsten.csv").read_text(encoding="utf-8").splitlines()[1:]
    for r, line in enumerate(lines, start=2):
        number, start, end, value, note, party = line.split(";")
        for column, cell in enumerate((number, start, end, float(value), note), start=1):
            listed.cell(row=r, column=column, value=cell)
        listed.cell(row=r, column=7, value=party)
    book.save(filled)
    result = run_cli("realisatie", folder, filled, *ARGS, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    items = {c["number"]: c for c in json.loads(result.stdout)["call_offs"]}
    assert items["NO-01"]["afnemer"] == "Provincie Overijssel"
    assert items["bundel-2027"]["afnemer"] == "Gemeente Deventer"


def test_older_manifest_knows_only_the_opdrachtgever(folder: Path, tmp_path: Path) -> None:
    old = tmp_path / "oud"
    shutil.copytree(folder, old)
    manifest = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    del manifest["valuation"]["opdrachtgever"], manifest["valuation"]["afnemers"]
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = run_cli("realisatie", old, F / "f1-rapport.xlsx", "--nadere-overeenkomsten",
                     F / "f1-nadere-overeenkomsten.csv", *ARGS)  # fmt: skip
    assert result.exit_code == 2
    assert "afnemer 'Provincie Overijssel' is geen partij" in result.stderr
    assert "(wel: de Opdrachtgever)" in result.stderr
    listed = tmp_path / "no.csv"
    lines = (F / "f1-nadere-overeenkomsten.csv").read_text(encoding="utf-8").splitlines()
    listed.write_text("\n".join(line.rsplit(";", 1)[0] for line in lines) + "\n", encoding="utf-8")
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", old, F / "f1-rapport.xlsx", "--nadere-overeenkomsten", listed, *ARGS, "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    assert "verschuldigd aan" not in docx_text(letter)
    assert f"NO-01 {_e('€ 3.333,33')}, " in docx_text(letter) or f"NO-01 {_e('€ 3.333,33')}." in docx_text(letter)


def test_without_a_list_the_letter_asks_for_the_column_afnemer(folder: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", folder, F / "f1-rapport.xlsx", *ARGS, "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    assert ("toelichting, afnemer: de partij die de Nadere overeenkomst sloot, leeg voor de Opdrachtgever) op het "
            "blad Nadere overeenkomsten") in docx_text(letter)  # fmt: skip

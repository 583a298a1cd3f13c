"""`realisatie` settles each Nadere overeenkomst on its own (raamovereenkomst.nadere-overeenkomsten;
the lawyer's MAJOR finding on per-call-off frameworks). The contract: tests/fixtures/zevende-lezing
t4, an ICT framework whose obligation lives per call-off, no lots, 5 % of the value (basis
opdrachtwaarde, so no labour share), call_off_min_eur € 100.000, Hersteltermijn 3 months, boete
100 % of the tekort, holder 1 without a PSO certificate.

Worked out by hand:
- NO-1, € 300.000, 1-10-2027..30-9-2028: own obligation 5 % x 300.000 = € 15.000,00. Its row,
  plaatsing-a for the whole year at 36 hours (the full-time week), counts € 40.000,00: gehaald,
  with a surplus of € 25.000,00.
- NO-2 (€ 40.000) and NO-3 (€ 30.000) are below € 100.000 and began in 2027: one bundle of
  € 70.000, obligation 5 % x 70.000 = € 3.500,00, from 1-11-2027 to 31-12-2027. Its row (inkoop
  of € 1.000 in December 2027, 100 % counts) realises € 1.000,00: tekort € 2.500,00, which the
  surplus of NO-1 does not fill (each call-off is settled on its own).
- After a melding on 15-10-2028 and its Hersteltermijn (to 15-1-2029), at 1-3-2029: the boete of
  the bundle is 100 % x 2.500 = € 2.500,00; NO-1 gets € 0,00."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import FIXTURES, docx_text, libreoffice_sheets, run_cli

ZEVENDE = FIXTURES / "zevende-lezing"
NBSP = "\u00a0"
HEADER = "perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting;nadere_overeenkomst\n"
ROWS = (
    ";K-11;plaatsing-a;36;1-10-2027;30-9-2028;;;testmedewerker;NO-1\n"
    ";;inkoop-sociaal;;1-12-2027;31-12-2027;;1000,00;sociaal werkbedrijf;NO-3\n"
)
LIST = (
    "nummer;startdatum;einddatum;waarde_eur;toelichting\n"
    "NO-1;1-10-2027;30-9-2028;300000;ontwikkeling portaal\n"
    "NO-2;1-11-2027;31-3-2028;40000;klein\n"
    "NO-3;1-12-2027;31-12-2027;30000,00;klein\n"
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("t4") / "c"
    result = run_cli("contract", ZEVENDE / "t4-min-ict.yaml", ZEVENDE / "t4-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out / "2027-ICT-0412-1"


def _files(tmp_path: Path, rows: str = ROWS, listed: str = LIST) -> tuple[Path, Path]:
    report, call_offs = tmp_path / "r.csv", tmp_path / "no.csv"
    report.write_text(HEADER + rows, encoding="utf-8")
    call_offs.write_text(listed, encoding="utf-8")
    return report, call_offs


def _call_offs(folder: Path, report: Path, *extra: object) -> dict[str, dict[str, object]]:
    result = run_cli("realisatie", folder, report, "--peildatum", "2029-03-01", "--json", *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return {c["number"]: c for c in json.loads(result.stdout)["call_offs"]}


def test_each_call_off_gets_its_own_obligation_and_small_ones_are_bundled(folder: Path, tmp_path: Path) -> None:
    report, listed = _files(tmp_path)
    found = _call_offs(folder, report, "--nadere-overeenkomsten", listed)
    assert found["NO-1"] == {
        "number": "NO-1",
        "lot": "",
        "start": "2027-10-01",
        "end": "2028-09-30",
        "value_eur": "300000.00",
        "obligation_eur": "15000.00",
        "pso_eur": "0.00",
        "realised_eur": "40000.00",
        "remaining_eur": "0.00",
        "shortfall_eur": "0.00",
        "charge_eur": None,
        "status": "gehaald",
        "bundled": [],
        # the creditor of its boete: without a column afnemer the Opdrachtgever (thirteenth reading F MAJOR-3)
        "afnemer": "De Staat der Nederlanden (Ministerie van Infrastructuur en Waterstaat)",
        # no melding yet, so no Hersteltermijn (fourteenth reading H MINOR-9)
        "melding": None,
        "recovery_end": None,
    }
    bundle = found["bundel-2027"]
    assert (bundle["value_eur"], bundle["obligation_eur"], bundle["end"]) == ("70000.00", "3500.00", "2028-03-31")
    assert bundle["bundled"] == ["NO-2", "NO-3"] and bundle["start"] == "2027-11-01"
    # the surplus of € 25.000 on NO-1 fills nothing of the bundle
    assert (bundle["realised_eur"], bundle["shortfall_eur"], bundle["status"]) == ("1000.00", "2500.00", "tekort")


def test_a_bundle_runs_until_its_last_call_off_ends(folder: Path, tmp_path: Path) -> None:
    # a small call-off that starts in mid-December and runs two years: its bundle ends with it,
    # not on 31 December, so the work it belongs to can still be done (lawyer10 MAJOR-3)
    listed = LIST + "NO-4;15-12-2027;14-12-2029;95000;klein, laat in het jaar\n"
    report, call_offs = _files(tmp_path, listed=listed)
    found = _call_offs(folder, report, "--nadere-overeenkomsten", call_offs)
    bundle = found["bundel-2027"]
    assert bundle["bundled"] == ["NO-2", "NO-3", "NO-4"]
    assert (bundle["start"], bundle["end"], bundle["value_eur"]) == ("2027-11-01", "2029-12-14", "165000.00")
    assert (bundle["obligation_eur"], bundle["shortfall_eur"]) == ("8250.00", "0.00")
    assert bundle["status"] in ("lopend", "achter") and bundle["charge_eur"] is None


def test_a_melding_gives_a_boete_for_the_short_call_off_only(folder: Path, tmp_path: Path) -> None:
    report, listed = _files(tmp_path)
    found = _call_offs(folder, report, "--nadere-overeenkomsten", listed, "--melding", "2028-10-15")
    assert found["bundel-2027"]["charge_eur"] == "2500.00"
    assert found["NO-1"]["charge_eur"] == "0.00"


def test_a_row_naming_an_unknown_call_off_is_refused(folder: Path, tmp_path: Path) -> None:
    report, listed = _files(tmp_path, rows=ROWS + ";K-12;plaatsing-a;36;1-1-2028;30-6-2028;;;;NO-9\n")
    result = run_cli("realisatie", folder, report, "--peildatum", "2029-03-01", "--nadere-overeenkomsten", listed)
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert f"{report}:4: deze rij noemt Nadere overeenkomst 'NO-9', die niet in de lijst" in result.stderr


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "NO-4;1-1-2028;31-12-2027;200000;",
            "de einddatum (31 december 2027) ligt vóór de startdatum (1 januari 2028)",
        ),
        ("NO-4;1-1-2028;31-12-2028;200.000;", "waarde_eur: '200.000' is niet eenduidig"),
        ("NO-1;1-1-2028;31-12-2028;200000;", "Nadere overeenkomst 'NO-1' staat al op regel 2"),
    ],
)
def test_a_bad_list_names_the_file_and_the_line(folder: Path, tmp_path: Path, line: str, expected: str) -> None:
    report, listed = _files(tmp_path, listed=LIST + line + "\n")
    result = run_cli("realisatie", folder, report, "--peildatum", "2029-03-01", "--nadere-overeenkomsten", listed)
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert f"{listed}:5: " in result.stderr and expected in result.stderr


def test_the_option_wins_over_the_sheet_with_a_warning(folder: Path, tmp_path: Path) -> None:
    report, listed = _files(tmp_path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Invoer"
    for line in (HEADER + ROWS).splitlines():
        sheet.append([None if v == "" else v for v in line.split(";")])
    other = workbook.create_sheet("Nadere overeenkomsten")
    for values in (("nummer", "startdatum", "einddatum", "waarde_eur"), ("NO-1", "1-10-2027", "30-9-2028", 1000000)):
        other.append(values)
    book = tmp_path / "r.xlsx"
    workbook.save(book)
    # the sheet alone: NO-1 of € 1.000.000 owes € 50.000, and NO-3 is not on it
    result = run_cli("realisatie", folder, book, "--peildatum", "2029-03-01", "--json")
    assert result.exit_code == 2 and "Nadere overeenkomst 'NO-3'" in result.stderr
    found = _call_offs(folder, book, "--nadere-overeenkomsten", listed)
    assert found["NO-1"]["obligation_eur"] == "15000.00"
    result = run_cli("realisatie", folder, book, "--peildatum", "2029-03-01", "--nadere-overeenkomsten", listed)
    assert "Waarschuwing: de lijst van --nadere-overeenkomsten (no.csv) gaat vóór het blad" in result.stderr


def test_a_row_without_a_call_off_counts_nowhere_and_says_what_to_fill_in(folder: Path, tmp_path: Path) -> None:
    report, listed = _files(tmp_path, rows=ROWS + ";K-12;plaatsing-a;36;1-10-2027;30-9-2028;;;;\n")
    result = run_cli("realisatie", folder, report, "--peildatum", "2029-03-01", "--nadere-overeenkomsten", listed,
                     "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "rij 4 noemt geen Nadere overeenkomst" in result.stderr and "kolom nadere_overeenkomst" in result.stderr
    found = {c["number"]: c for c in json.loads(result.stdout)["call_offs"]}
    assert found["NO-1"]["realised_eur"] == "40000.00" and found["bundel-2027"]["realised_eur"] == "1000.00"


def test_without_a_list_nothing_is_settled(folder: Path, tmp_path: Path) -> None:
    report, _ = _files(tmp_path)
    result = run_cli("realisatie", folder, report, "--peildatum", "2029-03-01", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["call_offs"] == [] and data["phase"] == "per-nadere-overeenkomst"
    assert (data["shortfall_eur"], data["charge_eur"]) == (None, None)


def test_the_option_is_refused_for_a_framework_settled_as_a_whole(tmp_path: Path) -> None:
    out = tmp_path / "c"
    assert run_cli("contract", ZEVENDE / "t4-min-ict.yaml", ZEVENDE / "t4-gunning.yaml", "-o", out).exit_code == 0
    report, listed = _files(tmp_path)
    manifest = out / "2027-ICT-0412-1" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["plan"]["obligation_level"] = "raamovereenkomst"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli("realisatie", out / "2027-ICT-0412-1", report, "--peildatum", "2029-03-01",
                     "--nadere-overeenkomsten", listed)  # fmt: skip
    assert result.exit_code == 2 and "--nadere-overeenkomsten geldt alleen voor zo'n raamovereenkomst" in result.stderr


def test_the_letter_has_a_table_per_call_off_and_settles_each(folder: Path, tmp_path: Path) -> None:
    report, listed = _files(tmp_path)
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", folder, report, "--peildatum", "2029-03-01", "--nadere-overeenkomsten", listed,
                     "--melding", "2028-10-15", "-o", letter)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    # the terminal: one line per call-off
    assert "NO-1 (1 oktober 2027 t/m 30 september 2028, waarde € 300.000,00): verplichting € 15.000,00" in (
        result.stdout.replace(NBSP, " ")
    )
    text = docx_text(letter).replace(NBSP, " ")
    assert "stelt niets vast" not in text and "Per Nadere overeenkomst" in text
    assert "Deze brief waardeert elke Nadere overeenkomst uit de opgegeven lijst afzonderlijk" in text
    assert "Deze brief stelt elke Nadere overeenkomst" not in text
    assert (
        "Een overschot bij de ene Nadere overeenkomst vult geen tekort bij een andere, behalve binnen een bundeling "
        "waarmee de Opdrachtgever schriftelijk heeft ingestemd."
    ) in text
    table = next(t for t in docx.Document(str(letter)).tables if t.rows[0].cells[0].text == "Nadere overeenkomst")
    cells = [[c.text.replace(NBSP, " ") for c in row.cells] for row in table.rows]
    assert cells[1] == ["NO-1", "1 oktober 2027 t/m 30 september 2028", "€ 300.000,00", "€ 15.000,00",
                        "€ 40.000,00", "€ 0,00", "€ 0,00", "€ 0,00", "gehaald"]  # fmt: skip
    assert cells[2] == ["gebundeld 2027: NO-2, NO-3", "1 november 2027 t/m 31 maart 2028", "€ 70.000,00",
                        "€ 3.500,00", "€ 1.000,00", "€ 2.500,00", "€ 2.500,00", "€ 2.500,00", "tekort"]  # fmt: skip


def test_without_a_list_the_letter_says_how_to_give_it(folder: Path, tmp_path: Path) -> None:
    report, _ = _files(tmp_path)
    letter = tmp_path / "brief.docx"
    assert run_cli("realisatie", folder, report, "--peildatum", "2029-03-01", "-o", letter).exit_code == 0
    text = docx_text(letter).replace(NBSP, " ")
    assert "Deze brief stelt niets vast op het niveau van de Raamovereenkomst" in text
    assert "met --nadere-overeenkomsten BESTAND, en vul per rij van de verantwoording in de kolom" in text


def test_the_workbook_has_the_sheet_and_the_column_and_reads_them_back(folder: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(folder / "2027-ICT-0412-1-verantwoording.xlsx")
    guide = "\n".join(str(c.value or "") for c in book["Toelichting"]["A"])
    assert "in de kolom nadere_overeenkomst (kolom R) bij elke regel het nummer in" in guide
    assert "op het blad 'Nadere overeenkomsten' elke Nadere overeenkomst op één regel" in guide
    assert book["Invoer"]["R1"].value == "nadere_overeenkomst"
    sheet = book["Nadere overeenkomsten"]
    assert [c.value for c in sheet[1]] == [
        "nummer",
        "startdatum",
        "einddatum",
        "waarde_eur",
        "toelichting",
        "verplichting_eur (berekend)",
    ]
    # the empty sheet is no list: nothing is settled
    empty = tmp_path / "leeg.xlsx"
    book.save(empty)
    data = json.loads(run_cli("realisatie", folder, empty, "--peildatum", "2029-03-01", "--json").stdout)
    assert data["call_offs"] == []
    for column, value in zip("ABCDEFGHI", ["", "K-11", "plaatsing-a", 36, "1-10-2027", "30-9-2028", "", "", ""],
                             strict=True):  # fmt: skip
        book["Invoer"][f"{column}2"] = value or None
    book["Invoer"]["R2"] = "NO-1"
    for r, values in enumerate((("NO-1", "1-10-2027", "30-9-2028", 300000, "portaal"),), start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
    filled = tmp_path / "gevuld.xlsx"
    book.save(filled)
    found = _call_offs(folder, filled)
    assert (found["NO-1"]["obligation_eur"], found["NO-1"]["realised_eur"]) == ("15000.00", "40000.00")


def test_libreoffice_computes_what_each_call_off_owes(folder: Path, tmp_path: Path) -> None:
    # 5 % of each value; below € 100.000 it goes into the year's bundle (lawyer10 MINOR-4)
    book = openpyxl.load_workbook(folder / "2027-ICT-0412-1-verantwoording.xlsx")
    sheet = book["Nadere overeenkomsten"]
    assert sheet["F1"].value == "verplichting_eur (berekend)"
    for r, values in enumerate((("NO-1", "1-10-2027", "30-9-2028", 300000), ("NO-2", "1-11-2027", "31-3-2028",
                                 40000), ("NO-3", "1-12-2027", "31-12-2028", 123456.78)), start=2):  # fmt: skip
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
    filled = tmp_path / "lijst.xlsx"
    book.save(filled)
    rows = libreoffice_sheets(filled, ("Nadere overeenkomsten",))["Nadere overeenkomsten"]
    assert [row[5] for row in rows[1:5]] == ["15000", "gebundeld", "6172.84", ""]

"""Only what has happened by the peildatum counts as realised (sixth legal reading MAJOR-1): a row
counts up to and including the peildatum, a row that starts after it counts 0 for now, and the
interim test, the letter and the final valuation use that one figure. The contract is lot 2 of
examples/schoonmaak-den-haag.yaml (tests/fixtures/contract): € 45.000,00 from 1 April 2027 to
31 March 2031, the standard value table (participatiewet € 40.000,00 a year at 36 hours)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
from conftest import docx_text, run_cli
from contract_builder import contract_folder, manifest, workbook_path, write_csv

from clausegen.realisation import ReportRow, value_report

D = datetime.date
PEIL = D(2029, 4, 1)
FINAL = D(2031, 6, 1)
UNTIL_NOTE = "alleen het deel tot en met de peildatum telt als gerealiseerd"
FUTURE = "ligt na de peildatum (1 april 2029); telt pas mee in een verantwoording met een peildatum waarop"


def row(number: int, bouwblok: str, van: D, tot: D | None, *, uren: str | None = "36", kandidaat: str = "",
        bedrag: str | None = None) -> ReportRow:  # fmt: skip
    return ReportRow(
        row=number, perceel="2", kandidaat=kandidaat, bouwblok=bouwblok,
        uren_per_week=Decimal(uren) if uren is not None else None, van=van, tot=tot, toeslagen=(),
        bedrag_eur=Decimal(bedrag) if bedrag is not None else None, toelichting="",
    )  # fmt: skip


STRADDLING = row(2, "participatiewet", D(2029, 1, 1), D(2029, 6, 30), kandidaat="K-1")
AFTER = row(3, "participatiewet", D(2029, 7, 1), D(2030, 6, 30), kandidaat="K-2")


def test_a_placement_counts_up_to_and_including_the_peildatum() -> None:
    result = value_report(manifest(), [STRADDLING], PEIL)
    (valued,) = result.rows
    # January to March whole, and 1 of the 30 days of April: 40.000 x (3 + 1/30) / 12 = 10.111,11
    assert (str(valued.value_eur), valued.counted, valued.reason) == ("10111.11", True, UNTIL_NOTE)
    assert valued.spans[0][0] == D(2029, 1, 1) and valued.spans[-1][1] == PEIL  # the chart stops there too
    assert str(result.realised_eur) == "10111.11"


def test_a_placement_that_starts_after_the_peildatum_counts_nothing_yet() -> None:
    (valued,) = value_report(manifest(), [AFTER], PEIL).rows
    assert (str(valued.value_eur), valued.counted, valued.refused) == ("0.00", False, False)
    assert valued.reason.startswith(FUTURE)


def test_the_interim_test_uses_what_has_happened() -> None:
    # A year of work that starts after the peildatum would fill the interim test (€ 11.273,10)
    # if it counted; it does not, so the whole test amount is the achterstand.
    result = value_report(manifest(), [AFTER], PEIL)
    assert str(result.realised_eur) == "0.00"
    assert str(result.threshold_eur) == "11273.10" and str(result.shortfall_eur) == "11273.10"


def test_the_final_valuation_counts_every_row_of_the_term() -> None:
    result = value_report(manifest(), [STRADDLING, AFTER], FINAL)
    values = {r.row: (str(r.value_eur), r.reason) for r in result.rows}
    assert values == {2: ("20000.00", ""), 3: ("40000.00", "")}


def test_amounts_and_support_hours_after_the_peildatum() -> None:
    rows = [
        row(4, "inkoop-sociaal", D(2029, 5, 1), D(2029, 5, 31), uren=None, bedrag="500.00"),
        row(5, "ondersteuning", D(2029, 3, 15), D(2029, 4, 15), uren=None, bedrag="300.00"),
        row(6, "ondersteuning", D(2029, 3, 19), D(2029, 4, 15), uren="7"),
        row(7, "ondersteuning", D(2029, 3, 19), D(2029, 4, 1), uren="7"),
        row(8, "inkoop-sociaal", D(2029, 3, 1), D(2029, 3, 31), uren=None, bedrag="500.00"),
    ]
    got = {r.row: r for r in value_report(manifest(), rows, PEIL).rows}
    assert (str(got[4].value_eur), got[4].counted) == ("0.00", False) and got[4].reason.startswith(FUTURE)
    assert (str(got[5].value_eur), got[5].counted) == ("0.00", False)
    assert got[5].reason.startswith("valt deels na de peildatum") and "splits de regel op de peildatum" in got[5].reason
    # support by the hour counts its days up to the peildatum, the same as a row that ends on it
    assert got[6].value_eur == got[7].value_eur > 0 and got[6].reason == UNTIL_NOTE and got[7].reason == ""
    assert str(got[8].value_eur) == "500.00" and got[8].counted


def test_the_letter_and_the_json_give_the_figure_up_to_the_peildatum(tmp_path: Path) -> None:
    folder = contract_folder(tmp_path / "contracten")
    report = write_csv(
        tmp_path / "v.csv",
        [
            ("2", "K-1", "participatiewet", 36, D(2029, 1, 1), D(2029, 6, 30), "", "", "loopt door"),
            ("2", "K-2", "participatiewet", 36, D(2029, 7, 1), D(2030, 6, 30), "", "", "begint later"),
        ],
    )
    result = run_cli("realisatie", folder, report, "--peildatum", "2029-04-01", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads(result.stdout)
    assert data["realised_eur"] == "10111.11"
    assert [(r["value_eur"], r["counted"]) for r in data["rows"]] == [("10111.11", True), ("0.00", False)]
    letter = tmp_path / "brief.docx"
    written = run_cli("realisatie", folder, report, "--peildatum", "2029-04-01", "-o", letter)
    assert written.exit_code == 0, written.output + written.stderr
    text = docx_text(letter).replace("\u00a0", " ")
    assert "€ 10.111,11" in text and "€ 40.000,00" not in text
    assert "ligt na de peildatum (1 april 2029)" in text
    assert "telt niet: telt niet" not in text


def test_the_workbook_says_to_enter_only_what_has_happened(tmp_path: Path) -> None:
    folder = contract_folder(tmp_path / "contracten")
    guide = "\n".join(str(c.value or "") for c in openpyxl.load_workbook(workbook_path(folder))["Toelichting"]["A"])
    assert "Vul alleen in wat tot en met de peildatum van deze verantwoording is gebeurd" in guide
    assert "Alleen wat tot en met de peildatum is gebeurd, telt als gerealiseerd." in guide

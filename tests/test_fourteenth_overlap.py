"""Thirteenth legal reading, reader F, MAJOR-2: a Kandidaat who works part-time in two Nadere
overeenkomsten at once counted in the table per call-off but not in the list of rows. The rule is
now one (algemeen.telregels v8, raamovereenkomst.telling v6): where periods of one Kandidaat
overlap, his hours in the overlap count together up to a full-time week (36 hours in the standard
table), the earlier start first, and the months of the overlap count once toward the maximum of 24.
The list, the table per Nadere overeenkomst and the letter value with that one rule.

The contract: tests/fixtures/dertiende-lezing f1 (ICT framework, obligation per Nadere overeenkomst,
1 July 2027 to 30 June 2030). Block plaatsing-a is € 40.000,00 for a full-time year. Worked out by
hand, K-1 in 2028, NO-01 from 1 January and NO-03 (in the bundle of 2028) from 1 March:
- 18 + 18 hours: NO-01 40.000 x 18/36 x 12/12 = 20.000,00; NO-03 40.000 x 18/36 x 10/12 = 16.666,67;
- 24 + 24 hours: NO-01 40.000 x 24/36 = 26.666,67; NO-03 only 12 hours fit: 40.000 x 12/36 x 10/12
  = 11.111,11;
- 36 + 36 hours: NO-01 40.000,00; NO-03 nothing (it used to count 33.333,33 in the table).
K-2 works full-time in NO-01 from 1 September 2027 to 31 August 2029 (24 months, 80.000,00) and
then in NO-04 from 1 October 2029: the maximum is reached, so NO-04 gets nothing for him."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

from clausegen.realisation import ReportRow, value_report

F = FIXTURES / "dertiende-lezing"
HEADER = "perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting;nadere_overeenkomst\n"
LIST = F / "f1-nadere-overeenkomsten.csv"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, F / "f1.yaml", F / "f1-gunning.yaml", "PO-2027-ICT-07-H1")


def _k1(tmp_path: Path, hours: str) -> Path:
    report = tmp_path / "rapport.csv"
    report.write_text(
        HEADER
        + f";K-1;plaatsing-a;{hours};1-1-2028;31-12-2028;;;;NO-01\n"
        + f";K-1;plaatsing-a;{hours};1-3-2028;31-12-2028;;;;NO-03\n",
        encoding="utf-8",
    )
    return report


def _json(folder: Path, report: Path) -> dict:
    result = run_cli("realisatie", folder, report, "--nadere-overeenkomsten", LIST, "--peildatum", "2031-09-01",
                     "--json")  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def _figures(data: dict) -> tuple[dict[int, tuple[str, bool, str]], dict[str, str]]:
    rows = {r["row"]: (r["value_eur"], r["counted"], r["reason"]) for r in data["rows"]}
    return rows, {c["number"]: c["realised_eur"] for c in data["call_offs"]}


@pytest.mark.parametrize(
    ("hours", "first", "second"),
    [("18", "20000.00", "16666.67"), ("24", "26666.67", "11111.11"), ("36", "40000.00", "0.00")],
)
def test_list_and_table_per_call_off_count_the_same_hours(
    folder: Path, tmp_path: Path, hours: str, first: str, second: str
) -> None:
    rows, table = _figures(_json(folder, _k1(tmp_path, hours)))
    assert rows[2][0] == first and rows[3][0] == second
    assert table["NO-01"] == first
    assert table["bundel-2028"] == second
    if hours == "18":  # 18 + 18 fills a week exactly: nothing is cut, nothing is said
        assert rows[3] == ("16666.67", True, "")
    if hours == "24":
        assert rows[3][2] == "in de overlap met een eerdere regel van kandidaat K-1 tellen zijn uren samen tot ten " \
            "hoogste 36 uur per week"  # fmt: skip
    if hours == "36":
        assert rows[3][1] is False
        assert rows[3][2] == "valt geheel samen met eerdere regels van kandidaat K-1, die daar al 36 uur per week " \
            "tellen; telt één keer"  # fmt: skip


def test_the_maximum_of_months_runs_over_all_call_offs(folder: Path, tmp_path: Path) -> None:
    report = tmp_path / "rapport.csv"
    report.write_text(
        HEADER + ";K-2;plaatsing-a;36;1-9-2027;31-8-2029;;;;NO-01\n;K-2;plaatsing-a;36;1-10-2029;31-3-2030;;;;NO-04\n",
        encoding="utf-8",
    )
    rows, table = _figures(_json(folder, report))
    assert rows[2][0] == "80000.00" and table["NO-01"] == "80000.00"
    assert rows[3][:2] == ("0.00", False) and "al 24 maanden" in rows[3][2]
    assert table["NO-04"] == "0.00"  # it used to count 20.000,00 here


def test_the_letter_shows_one_figure_for_the_row(folder: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", folder, _k1(tmp_path, "24"), "--nadere-overeenkomsten", LIST,
                     "--peildatum", "2031-09-01", "-o", letter)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(letter).replace("\u00a0", " ")
    assert "Van de 2 regels tellen er 2 mee." in text
    assert "3\n€ 11.111,11\nin de overlap met een eerdere regel van kandidaat K-1 tellen zijn uren samen tot ten " \
        "hoogste 36 uur per week" in text  # fmt: skip


def test_a_partial_overlap_within_one_contract_counts_the_hours_that_fit() -> None:
    # examples/schoonmaak-den-haag lot 2 through the public API (contract_builder's manifest): 30 hours
    # from January to June, then 12 hours from April to September. April-June: 6 of the 12 hours fit,
    # July-September all 12: 40.000 x (6/36 x 3/12 + 12/36 x 3/12) = 1.666,67 + 3.333,33 = 5.000,00.
    from contract_builder import manifest

    def row(number: int, hours: str, van: datetime.date, tot: datetime.date) -> ReportRow:
        return ReportRow(row=number, perceel="2", kandidaat="K-9", bouwblok="participatiewet",
                         uren_per_week=Decimal(hours), van=van, tot=tot, toeslagen=(), bedrag_eur=None,
                         toelichting="")  # fmt: skip

    d = datetime.date
    valued = value_report(
        manifest(), [row(2, "30", d(2028, 1, 1), d(2028, 6, 30)), row(3, "12", d(2028, 4, 1), d(2028, 9, 30))],
        d(2029, 4, 1),
    )  # fmt: skip
    got = {r.row: r for r in valued.rows}
    assert str(got[2].value_eur) == "16666.67"  # 40.000 x 30/36 x 6/12
    assert str(got[3].value_eur) == "5000.00"
    assert "tellen zijn uren samen tot ten hoogste 36 uur per week" in got[3].reason
    # the months of the overlap count once: 6 + 3 new months, not 6 + 6
    assert got[2].months + got[3].months == 9


def test_the_annex_states_the_one_rule(tmp_path: Path) -> None:
    out = tmp_path / "c"
    result = run_cli("contract", F / "f1.yaml", F / "f1-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    docx = next((out / "PO-2027-ICT-07-H1").glob("*.docx"))
    text = docx_text(docx)
    assert (
        "Overlappen periodes van dezelfde Kandidaat, ook periodes bij verschillende Nadere overeenkomsten, dan "
        "tellen zijn uren in de overlap samen, tot ten hoogste 36 uur per week." in text
    )
    assert "De maanden van de overlap tellen één keer voor het maximum van 24 maanden." in text
    assert (
        "telt mee naar rato van zijn uren in die Nadere overeenkomsten samen, tot ten hoogste 36 uur per week, en "
        "in totaal ten hoogste 24 maanden" in text
    )
    assert "dan telt de overlap één keer" not in text
    assert "telt één keer mee, naar rato van zijn totale uren" not in text


def test_hours_outside_a_call_off_take_nothing_from_another(folder: Path, tmp_path: Path) -> None:
    # The second reading of the change. K-8: 20 hours in 2029 for NO-01, which ends 31 August 2029,
    # and 20 hours from October for NO-04: in October-December only NO-04's hours count, in full:
    # 40.000 x 20/36 x 3/12 = 5.555,56 (it was 4.444,44). K-3: a row naming no call-off takes no hours
    # from his row for NO-01: 40.000 x 20/36 x 10/12 = 18.518,52. K-4: NO-02 (in the bundle of 2028)
    # ends 30 June 2028, so only January 15 to June counts, also in the bundle, whose term runs on:
    # 40.000 x 20/36 x (17/31 + 5)/12 = 10.274,79. A purchase across the end of NO-02 does not count.
    report = tmp_path / "rapport.csv"
    report.write_text(
        HEADER
        + ";K-8;plaatsing-a;20;1-1-2029;31-12-2029;;;;NO-01\n;K-8;plaatsing-a;20;1-10-2029;31-12-2029;;;;NO-04\n"
        + ";K-3;plaatsing-a;20;1-1-2028;31-12-2028;;;;\n;K-3;plaatsing-a;20;1-3-2028;31-12-2028;;;;NO-01\n"
        + ";K-4;plaatsing-a;20;1-1-2028;31-12-2028;;;;NO-02\n;;inkoop-sociaal;;1-6-2028;31-7-2028;;1000;x;NO-02\n",
        encoding="utf-8",
    )
    rows, table = _figures(_json(folder, report))
    assert rows[2] == ("14814.81", True, "alleen het deel binnen de looptijd van Nadere overeenkomst NO-01 "
                       "(1 september 2027 tot en met 31 augustus 2029) telt")  # fmt: skip
    assert rows[3] == ("5555.56", True, "")
    assert rows[4][:2] == ("0.00", False) and rows[4][2].startswith("noemt geen Nadere overeenkomst")
    assert rows[5] == ("18518.52", True, "")
    assert rows[6][0] == "10274.79"
    assert (
        rows[7][:2] == ("0.00", False)
        and "de betaaldatum (tot) valt buiten de looptijd van Nadere overeenkomst NO-02" in rows[7][2]
    )
    assert table == {"NO-01": "33333.33", "NO-04": "5555.56", "bundel-2027": "0.00", "bundel-2028": "10274.79"}


def test_the_workbook_counts_a_call_off_that_runs_past_the_framework(folder: Path, tmp_path: Path) -> None:
    # Thirteenth reading F MINOR-11: NO-04 runs to 31 March 2031, the framework to 30 June 2030. A
    # full-time row for NO-04 from 1 January to 31 December 2030 counts to 31 December: 40.000,00, as
    # realisatie counts it; the workbook used to stop at 30 June (20.000,00). A row for NO-01 before
    # NO-01's start counts from its start: 1 September to 31 December 2027 is 13.333,33.
    from conftest import computed_invoer

    d = datetime.date
    rows = [(None, "K-5", "plaatsing-a", 36, d(2030, 1, 1), d(2030, 12, 31)), (None, "K-6", "plaatsing-a", 36, d(2027, 7, 1),
            d(2027, 12, 31))]  # fmt: skip
    listed = tuple(
        (number, start, end, value)
        for number, start, end, value in (
            ("NO-01", d(2027, 9, 1), d(2029, 8, 31), 600000),
            ("NO-04", d(2029, 10, 1), d(2031, 3, 31), 400000),
        )
    )
    filled = tmp_path / "ingevuld.xlsx"
    invoer = computed_invoer(next(folder.glob("*-verantwoording.xlsx")), rows, filled, numbers=("NO-04", "NO-01"),
                             call_offs=listed)  # fmt: skip
    header = invoer[0]
    assert [Decimal(r[header.index("waarde_eur")]) for r in invoer[1:3]] == [Decimal("40000"), Decimal("13333.33")]
    result = run_cli("realisatie", folder, filled, "--peildatum", "2031-09-01", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    assert [r["value_eur"] for r in json.loads(result.stdout)["rows"]] == ["40000.00", "13333.33"]
    # the Toelichting says so, in the annex's words
    import openpyxl

    notes = " ".join(str(c.value) for c in openpyxl.load_workbook(filled)["Toelichting"]["A"] if c.value)
    assert "Een regel telt alleen binnen de looptijd van de Nadere overeenkomst die hij noemt" in notes

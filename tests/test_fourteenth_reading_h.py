"""The fourteenth legal reading, reader H (tests/fixtures/veertiende-lezing h1: an ICT framework of
the Provincie Gelderland per Nadere overeenkomst with Afnemers; h2: hoogwaardige inhuur of
Rijkswaterstaat, one holder, the obligation at framework level, from 1 September 2027 for 24
months, block plaatsing-a € 40.000,00 a full-time year).

MAJOR-2: with `--laatste-nadere-overeenkomst-tot`, all work after the framework's end counted, not
only work in the Nadere overeenkomst that ran on. Now a row counts after the end only where it names
that Nadere overeenkomst (column nadere_overeenkomst, which every framework's workbook now has);
K-103, full-time from 1 June to 30 November 2029, counts June to August without it (10.000,00) and
the whole six months with it (20.000,00)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES, run_cli, written_contract

H = FIXTURES / "veertiende-lezing"
HEADER = "perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting;nadere_overeenkomst\n"
ARGS = ("--peildatum", "2030-06-01", "--afroepwaarde", "2100000", "--laatste-nadere-overeenkomst-tot", "2029-12-31")


@pytest.fixture(scope="module")
def holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, H / "h2.yaml", H / "h2-gunning.yaml", "RWS-HI-2027-112-01")


@pytest.mark.parametrize(("number", "value"), [("", "10000.00"), ("NO-7", "20000.00")])
def test_after_the_framework_only_work_in_a_running_call_off_counts(
    holder: Path, tmp_path: Path, number: str, value: str
) -> None:
    report = tmp_path / "rapport.csv"
    report.write_text(HEADER + f";K-103;plaatsing-a;36;1-6-2029;30-11-2029;;;data-analist;{number}\n", encoding="utf-8")
    result = run_cli("realisatie", holder, report, *ARGS, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    (row,) = json.loads(result.stdout)["rows"]
    assert row["value_eur"] == value
    note = "na het einde van de raamovereenkomst telt alleen inzet in een Nadere overeenkomst die doorliep"
    assert (note in row["reason"]) is (not number)


def test_every_framework_workbook_has_the_column(holder: Path) -> None:
    sheet = openpyxl.load_workbook(next(holder.glob("*-verantwoording.xlsx")))["Invoer"]
    assert "nadere_overeenkomst" in [c.value for c in sheet[1]]
    guide = " ".join(str(c.value) for c in openpyxl.load_workbook(next(holder.glob("*.xlsx")))["Toelichting"]["A"]
                     if c.value)  # fmt: skip
    assert "als de regel in de kolom nadere_overeenkomst haar nummer heeft" in guide


def test_the_voornemen_of_an_afnemers_boete_is_made_in_its_name(tmp_path: Path) -> None:
    """MAJOR-1: the voornemen of a boete owed to an Afnemer spoke only in the Opdrachtgever's name,
    while the annex lets it act in the Afnemer's name (last and volmacht). The thirteenth reading's
    ICT framework (f1): the bundle of 2028 falls short, its boete is owed to Gemeente Deventer and the
    Waterschap (tests/test_thirteenth_reading_afnemer.py)."""
    from conftest import docx_text

    f = FIXTURES / "dertiende-lezing"
    out = tmp_path / "c"
    assert run_cli("contract", f / "f1.yaml", f / "f1-gunning.yaml", "-o", out).exit_code == 0
    report = tmp_path / "rapport.csv"
    report.write_text(HEADER + ";;inkoop-sociaal;;1-11-2028;30-11-2028;;1000,01;sociale onderneming;NO-03\n",
                      encoding="utf-8")  # fmt: skip
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", out / "PO-2027-ICT-07-H1", report, "--nadere-overeenkomsten",
                     f / "f1-nadere-overeenkomsten.csv", "--peildatum", "2031-09-01", "--melding", "2031-05-01",
                     "-o", letter)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(letter)
    assert (
        "Voor de boete die aan Gemeente Deventer en Waterschap Drents Overijsselse Delta verschuldigd is, handelt de "
        "Opdrachtgever in naam van die Afnemers, met de last en volmacht van artikel 23." in text.replace("\u00a0", " ")
    )
    assert "Provincie Overijssel, mede namens Gemeente Deventer en Waterschap Drents Overijsselse Delta" in text


def test_per_call_off_the_annex_counts_per_nadere_overeenkomst(tmp_path: Path) -> None:
    """MINOR-1 and -2: in a framework per Nadere overeenkomst, the cap on work elsewhere and the rule
    that a contribution counts once speak of Nadere overeenkomsten, not of Percelen (h1)."""
    from conftest import docx_text

    out = tmp_path / "t"
    assert run_cli("generate", H / "h1.yaml", "-o", out).exit_code == 0
    text = "\n".join(docx_text(p) for p in sorted(out.glob("*.docx"))).replace("\u00a0", " ")
    assert "van de Social-returnverplichting van elke Nadere overeenkomst en van elke bundel van Nadere overeenkomsten." \
        in text  # fmt: skip
    assert "en wat hij inbrengt voor een Nadere overeenkomst, telt niet ook voor een andere Nadere overeenkomst, " \
        "behalve voor zover Artikel" in text  # fmt: skip
    assert "Social-returnverplichting van elk Perceel." not in text
    assert "telt niet ook voor een ander Perceel" not in text

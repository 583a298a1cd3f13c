"""The longer Hersteltermijn of a framework holder for the part of a tekort above the annex's raming
(raamovereenkomst.niveau v8; tenth legal reading, MAJOR-1). What is filled counts first for the
obligation up to the raming; what is delivered after the normal Hersteltermijn counts only for the
part above it; the boete of each part is indicative only after its own term. The contract is
RVB-2027-FM3-H1 (three holders, no lots, 6,5 % committed): raming € 260.000,00 over its Indicatief
aandeel of € 4.000.000,00; with an Afroepwaarde of € 6.000.000,00 it owes € 390.000,00, so
€ 130.000,00 has the longer term (6 months instead of 3)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import docx_text, framework_holder, run_cli

NBSP = "\u00a0"
HEADER = "perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting\n"
ROWS = (
    ";;inkoop-sociaal;;1-6-2028;30-6-2028;;200000,00;sociaal werkbedrijf\n"
    ";;inkoop-sociaal;;15-3-2032;15-3-2032;;20000,00;na de gewone Hersteltermijn\n"
)
MELDING = "2031-11-01"


@pytest.fixture(scope="module")
def holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return framework_holder(tmp_path_factory)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("r") / "r.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    return path


def _json(holder: Path, report: Path, day: str, *extra: str) -> dict:
    result = run_cli("realisatie", holder, report, "--peildatum", day, "--afroepwaarde", "6000000", *extra, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def _figures(data: dict) -> tuple:
    keys = ("phase", "obligation_eur", "realised_eur", "shortfall_eur", "excess_eur", "excess_shortfall_eur",
            "charge_eur", "charge_pending_eur")  # fmt: skip
    return tuple(data[k] for k in keys)


def test_the_signed_annex_states_the_longer_term_and_the_order_of_counting(holder: Path) -> None:
    text = docx_text(holder / "RVB-2027-FM3-H1-raamovereenkomst-social-return.docx").replace(NBSP, " ")
    sentence = re.search(r"Is de vastgestelde Social-returnverplichting hoger dan het bedrag dat Artikel (\d+) daarvoor "
                         r"als raming vermeldt \(de raming over het Indicatief aandeel\), dan geldt voor het deel van "
                         r"het tekort dat niet groter is dan het verschil een Hersteltermijn van 6 maanden in plaats "
                         r"van 3 maanden\.", text)  # fmt: skip
    assert sentence is not None
    assert "telt daarbij eerst voor de verplichting tot de raming" in text
    assert "wat hij na afloop van de gewone Hersteltermijn levert, telt alleen voor het deel daarboven" in text
    assert "twee keer zo lang" not in text


def test_during_the_normal_term_nothing_is_charged_and_both_ends_are_given(holder: Path, report: Path) -> None:
    data = _json(holder, report, "2032-01-15", "--melding", MELDING)
    assert _figures(data) == ("hersteltermijn", "390000.00", "200000.00", "190000.00", "130000.00", "130000.00",
                              None, None)  # fmt: skip
    assert (data["recovery_end"], data["recovery_excess_end"]) == ("2032-02-01", "2032-05-01")


def test_after_the_normal_term_only_the_part_up_to_the_raming_is_charged(holder: Path, report: Path,
                                                                          tmp_path: Path) -> None:  # fmt: skip
    # € 200.000 filled counts first for the raming of € 260.000: € 60.000 short there; the
    # € 130.000 above the raming still runs to 1 May 2032
    data = _json(holder, report, "2032-03-01", "--melding", MELDING)
    assert _figures(data) == ("na-hersteltermijn", "390000.00", "200000.00", "190000.00", "130000.00",
                              "130000.00", "60000.00", "130000.00")  # fmt: skip
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", holder, report, "--peildatum", "2032-03-01", "--afroepwaarde", "6000000",
                     "--melding", MELDING, "-o", letter)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(letter).replace(NBSP, " ")
    assert "is verstreken voor het tekort tot de raming: nog niet ingevuld € 60.000,00; de indicatieve boete daarover " \
           "is € 60.000,00" in text  # fmt: skip
    assert "Voor € 130.000,00 van het tekort loopt een langere Hersteltermijn, tot en met 1 mei 2032" in text
    assert "De boete over dat deel (€ 130.000,00) is nog niet verschuldigd." in text
    assert "voor het tekort tot € 130.000,00 boven de raming (artikel " in text
    assert "6 maanden, tot en met 1 mei 2032" in text
    assert "indicatieve boete is € 190.000,00" not in text


def test_what_is_delivered_in_the_longer_term_fills_only_the_part_above_the_raming(holder: Path,
                                                                                    report: Path) -> None:  # fmt: skip
    data = _json(holder, report, "2032-06-01", "--melding", MELDING)
    assert _figures(data) == ("na-hersteltermijn", "390000.00", "220000.00", "170000.00", "130000.00",
                              "110000.00", "170000.00", None)  # fmt: skip
    assert [(r["row"], r["value_eur"], r["counted"]) for r in data["rows"]] == [(2, "200000.00", True),
                                                                             (3, "20000.00", True)]  # fmt: skip


def test_late_work_never_fills_the_part_up_to_the_raming(holder: Path, tmp_path: Path) -> None:
    # € 100.000 in the term and € 200.000 after the normal term: the raming part stays € 160.000
    # short, while the late € 200.000 fills the € 130.000 above the raming (and no more)
    report = tmp_path / "r.csv"
    report.write_text(HEADER + ";;inkoop-sociaal;;1-6-2028;30-6-2028;;100000,00;in de looptijd\n"
                      ";;inkoop-sociaal;;15-3-2032;15-3-2032;;200000,00;laat\n", encoding="utf-8")  # fmt: skip
    data = _json(holder, report, "2032-06-01", "--melding", MELDING)
    assert (data["shortfall_eur"], data["excess_shortfall_eur"], data["charge_eur"]) == ("160000.00", "0.00",
                                                                                       "160000.00")  # fmt: skip


def test_without_an_excess_there_is_one_term(holder: Path, report: Path) -> None:
    result = run_cli("realisatie", holder, report, "--peildatum", "2032-03-01", "--afroepwaarde", "3000000",
                     "--melding", MELDING, "--json")  # fmt: skip
    data = json.loads(result.stdout)
    assert (data["obligation_eur"], data["excess_eur"], data["recovery_excess_end"]) == ("195000.00", "0.00", None)
    assert (data["shortfall_eur"], data["charge_eur"], data["charge_pending_eur"]) == ("0.00", None, None)


def test_a_longer_term_shorter_than_the_normal_one_is_refused(tmp_path: Path) -> None:
    from hostdocs import real_library_copy

    library = real_library_copy(tmp_path)
    path = library / "profiles" / "facilitair.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  recovery_months: 3\n", "  recovery_months: 3\n  recovery_months_excess: 2\n"),
                    encoding="utf-8")  # fmt: skip
    result = run_cli("check", "--library", library)
    out = result.output + result.stderr
    assert result.exit_code == 1 and "Traceback" not in out
    assert "facilitair.yaml" in out and "recovery_months_excess (2) is korter dan recovery_months (3)" in out

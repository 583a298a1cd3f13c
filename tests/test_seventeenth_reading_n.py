"""The seventeenth reading's N MAJOR-4: after the end of a framework-level obligation, without
`--laatste-nadere-overeenkomst-tot`, the voornemen named a boete € 20.000,00 too high while the
report's own rows named a Nadere overeenkomst with work after the end. `realisatie` now refuses to
value such a report until the buyer names what ran on, or states that nothing did (`geen`).
Reader N's own facility framework (tests/fixtures/zeventiende-lezing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli, written_contract

N = FIXTURES / "zeventiende-lezing"
REPORT = N / "n2-rapport-eind.xlsx"
AT = ("--peildatum", "2030-09-01", "--melding", "2030-03-01")


@pytest.fixture(scope="module")
def holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, N / "n2.yaml", N / "n2-gunning.yaml", "2027-0588-R1")


def test_rows_after_the_end_need_the_buyer_to_say_what_ran_on(holder: Path, tmp_path: Path) -> None:
    letter = tmp_path / "brief.docx"
    refused = run_cli("realisatie", holder, REPORT, *AT, "-o", letter)
    assert refused.exit_code == 2
    assert "rij 4, 5, 7 noemt Nadere overeenkomst NO-R-02, NO-R-04 met inzet na het einde van de raamovereenkomst " \
        "(30 juni 2029)" in refused.output.replace("\u00a0", " ")  # fmt: skip
    assert "of --laatste-nadere-overeenkomst-tot geen als er geen doorliep" in refused.output
    assert not letter.exists()


def test_geen_states_that_nothing_ran_on(holder: Path) -> None:
    result = run_cli("realisatie", holder, REPORT, *AT, "--laatste-nadere-overeenkomst-tot", "geen")
    assert result.exit_code == 0, result.output + result.stderr
    text = result.stdout.replace("\u00a0", " ")
    assert "Geen Nadere overeenkomst liep door na het einde van de raamovereenkomst (30 juni 2029); inzet na dat " \
        "einde telt niet mee" in text  # fmt: skip
    assert "Deze brief gaat ervan uit" not in text and "geef dan haar nummer" not in text


def test_naming_what_ran_on_counts_its_work(holder: Path) -> None:
    named = json.loads(run_cli("realisatie", holder, REPORT, *AT, "--json", "--laatste-nadere-overeenkomst-tot",
                               "NO-R-04=2029-12-31").stdout)  # fmt: skip
    none = json.loads(run_cli("realisatie", holder, REPORT, *AT, "--json", "--laatste-nadere-overeenkomst-tot",
                              "geen").stdout)  # fmt: skip
    row4 = {r["row"]: r for r in named["rows"]}[4]
    assert row4["value_eur"] == "73333.33"  # 22 months, not 16
    assert {r["row"]: r for r in none["rows"]}[4]["value_eur"] == "53333.33"


def test_a_lots_notice_and_a_met_call_offs_melding(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """N's minors: one lot's raming is not 'voor de hele raamovereenkomst'; a melding of a Nadere
    overeenkomst that had no tekort starts no Hersteltermijn in the letter."""
    from conftest import docx_text

    V = FIXTURES / "vijftiende-lezing"
    notice = run_cli("notice", V / "j1.yaml").stdout
    assert "Naar raming is dat voor perceel 1" in notice and "voor de hele raamovereenkomst" not in notice
    holder = written_contract(tmp_path_factory, V / "j1.yaml", V / "j1-gunning.yaml", "GRS-2027-014-01")
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", holder, V / "j1-rapport.csv", "--nadere-overeenkomsten",
                     V / "j1-nadere-overeenkomsten.csv", "--peildatum", "2031-06-01", "--melding", "NO-05=2030-03-01",
                     "--melding", "NO-03=2031-02-15", "-o", letter)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    body = docx_text(letter).replace("\u00a0", " ")
    assert "gebundeld 2028: NO-03, NO-04 (perceel 2): 3 maanden na de melding van 15 februari 2031" in body
    assert "NO-05 (perceel 2): 3 maanden na de melding" not in body  # NO-05 was met

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

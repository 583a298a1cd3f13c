"""The one holder of a framework whose obligation lives at framework level owes the percentage of the
real value of all Nadere overeenkomsten (raamovereenkomst.niveau): the annex's amount is a raming.
`realisatie --afroepwaarde` gives that real value; without it the letter says the amounts are the
raming and may still change. The tender is the tenth reading's T1 with one holder for both lots
(tests/fixtures/tiende-lezing/t1-een-houder.yaml): ramingen € 150.000,00 and € 45.000,00 (5 %)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli

TIENDE = FIXTURES / "tiende-lezing"
REPORT = TIENDE / "r1.csv"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("een-houder")
    result = run_cli("contract", TIENDE / "t1-een-houder.yaml", TIENDE / "g1-een-houder.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out / "2027-0089-1"


def _json(holder: Path, *extra: str) -> dict:
    result = run_cli("realisatie", holder, REPORT, "--peildatum", "2031-03-01", *extra, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def test_the_real_value_fixes_the_obligation(holder: Path) -> None:
    data = _json(holder, "--afroepwaarde", "1=4000000", "--afroepwaarde", "2=500000")
    lots = {lot["id"]: lot for lot in data["lots"]}
    assert (lots["1"]["obligation_eur"], lots["2"]["obligation_eur"]) == ("200000.00", "25000.00")
    assert data["obligation_fixed"] is True and data["obligation_eur"] == "225000.00"
    # lot 1 is € 50.000 above its raming: that part of the tekort has the longer Hersteltermijn
    assert (lots["1"]["excess_eur"], lots["2"]["excess_eur"]) == ("50000.00", "0.00")


def test_the_longer_term_applies_to_the_one_holder_too(holder: Path) -> None:
    data = _json(holder, "--afroepwaarde", "1=4000000", "--afroepwaarde", "2=500000", "--melding", "2030-11-01")
    assert (data["recovery_end"], data["recovery_excess_end"]) == ("2031-02-01", "2031-05-01")
    # realised € 80.000 and € 15.000: € 70.000 short of the raming on lot 1, € 10.000 on lot 2
    assert (data["charge_eur"], data["charge_pending_eur"]) == ("80000.00", "50000.00")


def test_without_the_real_value_the_letter_says_it_values_the_raming(holder: Path, tmp_path: Path) -> None:
    data = _json(holder)
    assert data["obligation_eur"] == "195000.00" and data["excess_eur"] == "0.00"
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", holder, REPORT, "--peildatum", "2031-03-01", "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    assert "Geef de werkelijke waarde van alle Nadere overeenkomsten met --afroepwaarde BEDRAG" in result.stdout
    text = docx_text(letter).replace(NBSP, " ")
    assert "De verplichting in deze brief is de raming uit de bijlage (€ 195.000,00)." in text
    assert "die is niet opgegeven, dus de verplichting en het tekort kunnen nog veranderen" in text
    assert "--afroepwaarde" not in text


def test_a_contract_that_is_no_framework_still_refuses_the_option(tmp_path: Path) -> None:
    out = tmp_path / "c"
    example = Path(__file__).resolve().parent.parent / "examples"
    result = run_cli("contract", example / "schoonmaak-den-haag.yaml", example / "schoonmaak-den-haag-gunning.yaml",
                     "-o", out)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    folder = next(p for p in out.iterdir() if p.is_dir())
    report = tmp_path / "r.csv"
    report.write_text(REPORT.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = run_cli("realisatie", folder, report, "--peildatum", "2029-01-01", "--afroepwaarde", "1000000")
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert (
        "heeft een vaste verplichting; --afroepwaarde geldt alleen voor een raamovereenkomst waarvan" in result.stderr
    )

"""The eighth legal reading's MAJOR-1: a PSO certificate below the level the profile accepts (trede 1
where the ict profile counts from trede 2) fills nothing: `contract` warns, the holder's annex does
not name it, and neither the manifest nor the workbook credits it. The reader's tender:
tests/fixtures/achtste-lezing (a province's ICT framework, holder B with a trede-1 certificate)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from conftest import FIXTURES, docx_text, run_cli

ACHTSTE = FIXTURES / "achtste-lezing"


def test_a_certificate_below_the_accepted_level_counts_for_nothing(tmp_path: Path) -> None:
    out = tmp_path / "c"
    result = run_cli("contract", ACHTSTE / "t1-flevoland-ict.yaml", ACHTSTE / "t1-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    assert (
        "Waarschuwing: contract PFL-ICT-07-B: het PSO-certificaat (trede 1) telt in dit contract niet mee: het "
        "profiel van de aanbesteding aanvaardt PSO pas vanaf trede 2"
    ) in result.stderr
    folder = out / "PFL-ICT-07-B"
    annex = docx_text(next(folder.glob("*-social-return.docx")))
    assert "op het niveau trede 1 overgelegd" not in annex
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["valuation"].get("pso") is None
    sheet = openpyxl.load_workbook(next(folder.glob("*-verantwoording.xlsx")))["Verplichting"]
    assert not any("PSO" in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)
    memo = tmp_path / "memo.docx"
    explained = run_cli(
        "explain", ACHTSTE / "t1-flevoland-ict.yaml", "--memo", "-o", memo, "--award", ACHTSTE / "t1-gunning.yaml"
    )
    assert explained.exit_code == 0, explained.output + explained.stderr
    assert "telt niet mee, omdat het profiel PSO pas vanaf trede 2 aanvaardt" in docx_text(memo)


def test_a_call_off_that_runs_past_the_framework_keeps_counting(tmp_path: Path) -> None:
    # MAJOR-2: the framework ends on 30 June 2031; a Nadere overeenkomst that runs to 31 December
    # keeps its obligation, so its work counts to the peildatum (the whole year: € 40.000,00)
    out = tmp_path / "c"
    assert run_cli("contract", ACHTSTE / "t1-flevoland-ict.yaml", ACHTSTE / "t1-gunning.yaml", "-o", out).exit_code == 0
    result = run_cli("realisatie", out / "PFL-ICT-07-A", ACHTSTE / "r-t1-na.csv", "--peildatum", "2032-01-15", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    (row,) = json.loads(result.stdout)["rows"]
    assert (row["value_eur"], row["counted"], row["reason"]) == ("40000.00", True, "")
    annex = docx_text(next((out / "PFL-ICT-07-A").glob("*-social-return.docx")))
    assert "voor een Nadere overeenkomst die na haar einde doorloopt, de looptijd van die Nadere overeenkomst" in annex


def test_a_per_call_off_letter_with_lots_says_nothing_of_a_tekort_per_lot(tmp_path: Path) -> None:
    # MINOR-6: no "het tekort is per perceel berekend" where no tekort is computed at all
    out = tmp_path / "c"
    assert run_cli("contract", ACHTSTE / "t1-flevoland-ict.yaml", ACHTSTE / "t1-gunning.yaml", "-o", out).exit_code == 0
    result = run_cli("realisatie", out / "PFL-ICT-07-A", ACHTSTE / "r-t1-na.csv", "--peildatum", "2031-09-30")
    assert result.exit_code == 0, result.output + result.stderr
    assert "Deze brief stelt niets vast op het niveau van de Raamovereenkomst" in result.stdout
    assert "tekort is per perceel berekend" not in result.stdout and "verrekening" not in result.stdout

"""The fourteenth legal reading, reader G (tests/fixtures/veertiende-lezing g1: a works contract of
the Waterschap Rivierenland Zuid, profile bouw, from 1 September 2027; g2: security in three lots
of the Gemeente Zwolle).

MAJOR-1: a BOL internship that began before the start date was refused as an existing employment,
while the contract excluded only someone "in dienst". The contract now says what the tool does: a
Kandidaat who was employed or had a learning place or internship before the start date does not
count for it, unless a new one follows (algemeen.onderwerp v8, algemeen.doelgroep), and the letter
and the workbook say the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

G = FIXTURES / "veertiende-lezing"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, G / "g1.yaml", G / "g1-gunning.yaml", "WSRL-2027-017-01")


def test_an_internship_before_the_start_is_excluded_by_the_contract_itself(work: Path, tmp_path: Path) -> None:
    annex = docx_text(next(work.glob("*.docx"))).replace(NBSP, " ")
    assert (
        "Een Kandidaat die al vóór de ingangsdatum van de Overeenkomst bij de Aannemer in dienst was of er een "
        "leerwerkplek of stageplaats had, telt niet mee, tenzij hij met het oog op de Opdracht een nieuw of "
        "uitgebreid dienstverband, of een nieuwe leerwerkplek of stageplaats, krijgt" in annex
    )
    assert "of er een leerwerkplek of stageplaats hadden, behalve voor een nieuw of uitgebreid dienstverband of een " \
        "nieuwe leerwerkplek of stageplaats" in annex  # fmt: skip
    result = run_cli("realisatie", work, G / "g1-rapport-eind.csv", "--peildatum", "2029-03-31", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    import json

    rows = {r["row"]: r for r in json.loads(result.stdout)["rows"]}
    stage = rows[9]  # K-006, stage-bol from 1 June 2027
    assert stage["counted"] is False
    assert "de leerwerkplek begon op 1 juni 2027, vóór de ingangsdatum 1 september 2027" in stage["reason"]
    assert "bij de Aannemer in dienst was of er een leerwerkplek of stageplaats had, telt niet mee" in stage["reason"]
    assert "werkte, telt niet mee" not in stage["reason"]


END = ("--peildatum", "2031-09-30", "--oplevering", "2030-05-31", "--onderhoudstermijn-tot", "2031-05-31",
       "--melding", "2031-06-15")  # fmt: skip


def test_the_voornemen_runs_from_the_letter_date_not_the_peildatum(work: Path, tmp_path: Path) -> None:
    """MINOR-12: the letter bore the peildatum and its reaction period ran from it; `--briefdatum`
    dates it (default: the later of today and the peildatum), and the terminal says the letter is the
    voornemen."""
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", work, G / "g1-rapport-eind.csv", *END, "--briefdatum", "2031-10-10", "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(letter).replace(NBSP, " ")
    assert "Datum: 10 oktober 2031" in text
    assert "kan tot en met 24 oktober 2031 schriftelijk of in een gesprek daarop reageren" in text
    assert "14 oktober 2031" not in text
    assert "De brief die realisatie met -o schrijft, is dat voornemen; de Aannemer kan dan tot en met 24 oktober " \
        "2031 reageren (briefdatum 10 oktober 2031, te wijzigen met --briefdatum)." in result.stdout.replace(NBSP, " ")  # fmt: skip


def test_a_letter_date_before_the_peildatum_is_refused(work: Path, tmp_path: Path) -> None:
    result = run_cli("realisatie", work, G / "g1-rapport-eind.csv", *END, "--briefdatum", "2031-09-01")
    assert result.exit_code == 2
    assert "de briefdatum 1 september 2031 ligt vóór de peildatum 30 september 2031" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_person_years_total_says_how_it_is_rounded(tmp_path: Path) -> None:
    """MINOR-13: g2's lots give 3,8 + 1,7 + 1,0 = 6,5 while the total reads 6,6 (265.000 / 40.000,
    rounded down once); the article says so. The total stays the total obligation over the reference
    block (issue 14), so no reader can take the difference for a mistake."""
    out = tmp_path / "t"
    result = run_cli("generate", G / "g2.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    annex = docx_text(next(p for p in out.glob("*.docx") if "bijlage" in p.name)).replace(NBSP, " ")
    assert "6,6" in annex
    assert (
        "naar beneden afgerond op een tiende; ook het totaal is zo berekend, uit het totaalbedrag, en kan daardoor "
        "hoger zijn dan de som van de afgeronde aantallen per Perceel." in annex
    )

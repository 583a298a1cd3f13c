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
from conftest import FIXTURES, docx_text, run_cli

G = FIXTURES / "veertiende-lezing"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("g1") / "c"
    result = run_cli("contract", G / "g1.yaml", G / "g1-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out / "WSRL-2027-017-01"


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

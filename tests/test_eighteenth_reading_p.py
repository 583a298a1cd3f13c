"""The eighteenth reading's P MAJORs (reader P's own ICT framework of a gemeente, owed per Nadere
overeenkomst; tests/fixtures/achttiende-lezing): the annex counted work "tijdens de looptijd van de
Raamovereenkomst" in three articles and only in the Nadere overeenkomst's own term in a fourth
(P MAJOR-1); and a bundling the buyer consented to could not be settled (P MAJOR-2: `--bundel`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli, written_contract, written_texts

P = FIXTURES / "achttiende-lezing"
REPORT = P / "p1-rapport-eind.xlsx"
AT = ("--peildatum", "2031-05-01", "--melding", "NO-02=2030-12-20", "--json")


def test_the_annex_counts_work_in_the_own_term_of_each_nadere_overeenkomst(tmp_path: Path) -> None:
    texts = written_texts(tmp_path / "out", "generate", P / "p1.yaml")
    annex = next(text for name, text in texts.items() if name.endswith("-bijlage-social-return.docx"))
    assert "Alleen inzet tijdens de looptijd van de Nadere overeenkomst waarvoor de bijdrage wordt geleverd, of de " \
        "Hersteltermijn van haar Social-returnverplichting, telt mee." in annex  # fmt: skip
    assert "tijdens de looptijd van de Raamovereenkomst of, voor een Nadere overeenkomst" not in annex
    model = next(text for name, text in texts.items() if name.endswith("-raamovereenkomst-social-return.docx"))
    assert "binnen de looptijd van de Nadere overeenkomst waarvoor de bijdrage wordt geleverd" in model


@pytest.fixture(scope="module")
def holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, P / "p1.yaml", P / "p1-gunning.yaml", "ZW-2027-014-01")


def _run(holder: Path, *extra: str) -> dict:
    result = run_cli("realisatie", holder, REPORT, *AT, *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return {c["number"]: c for c in json.loads(result.stdout)["call_offs"]}


def test_a_consented_bundling_is_settled_as_one(holder: Path) -> None:
    alone = _run(holder)
    assert alone["NO-01"]["status"] == "gehaald" and alone["NO-02"]["shortfall_eur"] == "1241.94"
    together = _run(holder, "--bundel", "NO-01,NO-02")
    bundle = together["bundeling-1"]
    assert bundle["bundled"] == ["NO-01", "NO-02"]
    assert bundle["obligation_eur"] == "35000.00"  # € 20.000,00 + € 15.000,00
    assert bundle["shortfall_eur"] == "0.00" and bundle["status"] == "gehaald"
    assert "NO-01" not in together and "NO-02" not in together
    text = run_cli("realisatie", holder, REPORT, *AT[:-1], "--bundel", "NO-01,NO-02").stdout
    assert "gebundeld met instemming: NO-01, NO-02" in text
    assert "behalve binnen een bundeling waarmee de Opdrachtgever schriftelijk heeft ingestemd" in text


def test_a_bundling_names_call_offs_of_the_list(holder: Path) -> None:
    result = run_cli("realisatie", holder, REPORT, *AT, "--bundel", "NO-01,NO-99")
    assert result.exit_code == 2
    assert "--bundel NO-01,NO-99: elk nummer moet een Nadere overeenkomst uit de lijst zijn" in result.output
    assert "niet gevonden: NO-99" in result.output

"""A framework whose obligation lives per Nadere overeenkomst (the ict profile; seventh legal
reading MAJOR-1): the annex settles each call-off on its own and nothing at framework level, so the
verantwoording is valued row by row without a framework tekort, test, boete or PSO credit. The
reader's tender T4: a ministry's ICT framework with three holders (tests/fixtures/zevende-lezing)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES, FIXTURES, docx_text, run_cli

ZEVENDE = FIXTURES / "zevende-lezing"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def holders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("t4") / "c"
    result = run_cli("contract", ZEVENDE / "t4-min-ict.yaml", ZEVENDE / "t4-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_nothing_is_settled_at_framework_level(holders: Path, tmp_path: Path) -> None:
    folder = holders / "2027-ICT-0412-1"
    result = run_cli("realisatie", folder, ZEVENDE / "r-t4.csv", "--peildatum", "2031-10-31", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads(result.stdout)
    assert data["phase"] == "per-nadere-overeenkomst" and data["settled_per_call_off"] is True
    assert (data["shortfall_eur"], data["remaining_eur"], data["charge_eur"]) == (None, None, None)
    assert data["realised_eur"] == "71111.11" and data["pso_eur"] == "0.00"
    letter = tmp_path / "brief.docx"
    assert run_cli("realisatie", folder, ZEVENDE / "r-t4.csv", "--peildatum", "2031-10-31", "-o", letter).exit_code == 0
    text = docx_text(letter).replace(NBSP, " ")
    assert (
        "De Social-returnverplichting geldt per Nadere overeenkomst (artikel 22). Deze brief stelt niets vast" in text
    )
    assert (
        "Het bedrag van € 200.000,00 is een raming voor alle Nadere overeenkomsten van de Opdrachtnemer samen." in text
    )
    assert "Voor elke Nadere overeenkomst afzonderlijk, niet voor de Raamovereenkomst als geheel (artikel 22)" in text
    assert "Indicatieve boete" not in text and "Tekort" not in text and "Achterstand" not in text


def test_the_pso_certificate_counts_per_call_off(holders: Path) -> None:
    result = run_cli("realisatie", holders / "2027-ICT-0412-2", ZEVENDE / "r-t4.csv", "--peildatum", "2031-10-31")
    assert result.exit_code == 0, result.output + result.stderr
    text = result.stdout.replace(NBSP, " ")
    assert "telt per Nadere overeenkomst mee, naar rato van het deel van haar looptijd waarin het geldig is" in text
    assert "PSO-certificaat  " not in text.splitlines()[2]  # no framework-level PSO column


def test_the_workbook_asks_for_the_call_off_of_each_row(holders: Path) -> None:
    book = openpyxl.load_workbook(holders / "2027-ICT-0412-1" / "2027-ICT-0412-1-verantwoording.xlsx")
    guide = "\n".join(str(c.value or "") for c in book["Toelichting"]["A"])
    assert "10. Nadere overeenkomst: de verplichting geldt per Nadere overeenkomst (artikel 22)." in guide
    sheet = "\n".join(str(c) for row in book["Verplichting"].iter_rows(values_only=True) for c in row if c)
    assert "Verschuldigd is per Nadere overeenkomst het percentage van haar waarde" in sheet


def test_the_register_counts_no_tekort_on_it(holders: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite")
    assert run_cli("register", "--db", db, "add", holders / "2027-ICT-0412-1").exit_code == 0
    folder = holders / "2027-ICT-0412-1"
    assert (
        run_cli("register", "--db", db, "report", folder, ZEVENDE / "r-t4.csv", "--peildatum", "2031-10-31").exit_code
        == 0
    )
    status = json.loads(run_cli("register", "--db", db, "status", "--json", "--peildatum", "2031-10-31").stdout)
    (contract,) = status["contracts"]
    assert contract["indicative_shortfall_eur"] == "0.00" and contract["charge_eur"] == "0.00"


def test_a_framework_level_framework_keeps_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "c"
    tender, award = (
        EXAMPLES / "beveiliging-raamovereenkomst-houders.yaml",
        EXAMPLES / "beveiliging-raamovereenkomst-houders-gunning.yaml",
    )
    assert run_cli("contract", tender, award, "-o", out).exit_code == 0
    folder = next(p for p in sorted(out.iterdir()) if p.is_dir())
    result = run_cli("realisatie", folder, ZEVENDE / "r-t4.csv", "--peildatum", "2031-10-31", "--json")
    data = json.loads(result.stdout)
    assert data["settled_per_call_off"] is False and data["phase"] != "per-nadere-overeenkomst"

"""The seventeenth reading's M MAJOR-2: a PSO certificate fills half the obligation and support
and work elsewhere counted up to half of the whole obligation, so everything could be met outside
the Opdracht. The limit is now a share of what the certificate leaves over the term
(algemeen.onderwerp, counting.cap_support; reader M's own facility contract, lot 2 with PSO)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

M = FIXTURES / "zeventiende-lezing"


@pytest.fixture(scope="module")
def lot2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, M / "m2.yaml", M / "m2-gunning.yaml", "GEM-2027-044-P2")


def test_the_limit_is_a_share_of_what_the_pso_certificate_leaves(lot2: Path, tmp_path: Path) -> None:
    args = ("--peildatum", "2029-01-01", "--instemming", "2,3")
    data = json.loads(run_cli("realisatie", lot2, M / "m2-rapport-grens.csv", *args, "--json").stdout)
    rows = {r["row"]: r for r in data["rows"]}
    # the obligation is € 105.000,00; the certificate fills € 27.708,32 over the term; half of the rest
    assert rows[2]["value_eur"] == "38645.84"
    assert "telt tot de grens van 50% van het deel van de Social-returnverplichting van perceel 2 dat het " \
        "PSO-certificaat niet invult (€ 38.645,84)" in rows[2]["reason"].replace("\u00a0", " ")  # fmt: skip
    assert rows[3]["counted"] is False
    pso_term = Decimal("105000.00") - 2 * Decimal("38645.84")
    assert Decimal("105000.00") - pso_term - Decimal(rows[2]["value_eur"]) == Decimal(
        "38645.84"
    )  # left for the Opdracht
    letter = tmp_path / "brief.docx"
    run_cli("realisatie", lot2, M / "m2-rapport-grens.csv", *args, "-o", letter)
    assert "of van het deel dat overblijft als een PSO-certificaat een deel invult" in docx_text(letter)


def test_the_annex_says_the_limit_applies_to_what_the_certificate_leaves(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("generate", M / "m2.yaml", "-o", out).exit_code == 0
    annex = docx_text(next(out.glob("*-bijlage-social-return.docx"))).replace("\u00a0", " ")
    assert "dan geldt die grens voor het deel dat daarna overblijft: zulke bijdragen tellen dan samen voor ten " \
        "hoogste 50% van dat deel, zodat de rest bij de uitvoering van de Opdracht wordt geleverd." in annex  # fmt: skip

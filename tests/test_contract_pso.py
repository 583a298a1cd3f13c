"""A PSO certificate in an award: one article that says what it fills in where it counts, and
nothing where a plan of approach is carried out; a plan scored at award gets no new deadline
(lawyer's reading B-3 and M-2)."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES, FIXTURES, docx_text, run_cli

PLAN = FIXTURES / "contract" / "plan-pso.yaml"
PLAN_AWARD = FIXTURES / "contract" / "plan-pso-gunning.yaml"


def _annex(outdir: Path, number: str) -> str:
    return docx_text(outdir / number / f"{number}-overeenkomst-social-return.docx").replace("\u00a0", " ")


def test_a_certificate_that_does_not_count_is_not_in_the_contract_and_the_buyer_is_told(tmp_path: Path):
    result = run_cli("contract", str(PLAN), str(PLAN_AWARD), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "2027-0351-01: een PSO-certificaat telt in dit contract niet mee" in result.output
    assert "vraag tijdig een vernieuwd certificaat" not in result.output
    text = _annex(tmp_path, "2027-0351-01")
    assert "telt een certificaat van de Prestatieladder Socialer Ondernemen (PSO) niet mee voor de" in text
    assert "PSO-certificaat: een geldig certificaat" not in text  # no defined term only to say it does not count (n-12)
    assert "heeft bij de gunning een PSO-certificaat" not in text
    assert "naar rato van de resterende looptijd" not in text
    assert "Toezenden van een PSO-certificaat" not in text
    assert "Indienen van het Plan van aanpak" not in text  # it was handed in with the bid


def test_a_certificate_that_counts_says_what_it_fills_in_and_until_when(tmp_path: Path):
    tender, award = EXAMPLES / "schoonmaak-den-haag.yaml", EXAMPLES / "schoonmaak-den-haag-gunning.yaml"
    result = run_cli("contract", str(tender), str(award), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    number = "2026-0142-P2"  # the contractor with a PSO certificate
    text = _annex(tmp_path, number)
    assert text.count("PSO-certificaat op het niveau trede 2 overgelegd, geldig tot en met 30 juni 2028") == 1
    assert "geldt het deel van de Social-returnverplichting dat Artikel" in text
    assert (
        "vult het certificaat niets in: het deel van de Social-returnverplichting dat naar rato van de looptijd van de "
        "Overeenkomst op de periode zonder geldig certificaat valt, vult de Opdrachtnemer geheel in" in text
    )
    assert "de hele Social-returnverplichting in" not in text
    assert "telt een PSO-certificaat niet mee" not in text
    # the award's certificate is already handed in (n-9); the renewal's one deadline (fourth reading MINOR-6)
    assert "Toezenden van het vernieuwde PSO-certificaat dat op 1 juli 2028 aansluit op het huidige" in text
    assert "Toezenden van een PSO-certificaat, als" not in text
    assert "vraag tijdig een vernieuwd certificaat" in result.output

"""A commitment needs a Plan van aanpak scored at award (lawyer's reading M-11): `contract` and
`explain --award` refuse a `commitment` for lots whose plan is made after award or absent, with
the award file, the line and the key path; where a scored plan exists the contract binds the
commitment, and only on the lots whose plan was scored."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import EXAMPLES, FIXTURES, docx_text, one_contract_award, run_cli

LEZING = FIXTURES / "tweede-lezing"
REFUSED = (
    "contracts.0.commitment: een toezegging kan alleen bij een Plan van aanpak dat bij de inschrijving is "
    "ingediend en als gunningscriterium is beoordeeld; voor perceel 1 is het Plan van aanpak geen "
    "gunningscriterium: het volgt na de gunning en verandert de verplichting niet (dat zegt ook de bijlage). "
    "Haal commitment weg"
)


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\u00a0", " "))


def test_contract_refuses_a_commitment_where_the_plan_comes_after_award(tmp_path: Path) -> None:
    award = LEZING / "bouw-gunning2.yaml"
    result = run_cli("contract", str(LEZING / "bouw.yaml"), str(award), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{award}:12: {REFUSED}" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_explain_with_the_award_shows_the_same_problem() -> None:
    award = LEZING / "bouw-gunning2.yaml"
    result = run_cli("explain", str(LEZING / "bouw.yaml"), "--award", str(award))
    assert result.exit_code == 2
    assert f"{award}:12: {REFUSED}" in result.stderr


def test_the_refusal_in_english() -> None:
    award = LEZING / "bouw-gunning2.yaml"
    result = run_cli("--lang", "en", "contract", str(LEZING / "bouw.yaml"), str(award), "-o", "unused")
    assert result.exit_code == 2
    assert (
        f"{award}:12: contracts.0.commitment: a commitment is only possible with a plan of approach handed in "
        "with the tender and scored as an award criterion; for lot 1 the plan of approach is no award criterion"
    ) in result.stderr


def test_a_tender_without_lots_and_without_a_scored_plan_refuses_it(tmp_path: Path) -> None:
    brugbouw = ("Brugbouw B.V.", "12121212", "Kade 1, 1011 AA Amsterdam", "P. Bakker, directeur")
    award = one_contract_award(
        tmp_path / "gunning.yaml", "2026-0458", "FB-01", brugbouw, "    commitment: {amount_eur: 80000}\n"
    )
    result = run_cli("contract", str(EXAMPLES / "bouw-fietsbrug.yaml"), str(award), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert (
        f"{award}:11: contracts.0.commitment: een toezegging kan alleen bij een Plan van aanpak dat bij de "
        "inschrijving is ingediend en als gunningscriterium is beoordeeld; deze aanbesteding beoordeelt geen Plan van "
        "aanpak bij de gunning."
    ) in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_scored_plan_binds_the_commitment_with_exact_figures(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "contract", str(LEZING / "catering.yaml"), str(LEZING / "catering-gunning.yaml"), "-o", str(out), "--json"
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)[0]
    assert manifest["contract"]["obligation_eur"] == "180000.00"  # 6 % of € 3.000.000,00, not 5 %
    text = _plain(docx_text(out / "2027-0222-01" / "2027-0222-01-overeenkomst-social-return.docx"))
    article = text[text.index("Toezegging bij de inschrijving") :]
    assert article.startswith(
        "Toezegging bij de inschrijving\nDe Opdrachtnemer heeft in het Plan van aanpak dat hij bij zijn inschrijving "
        "heeft ingediend, toegezegd ten minste 6% van de Opdrachtwaarde aan Inspanningswaarde te realiseren."
    )
    table = text[text.index("Omvang van de Social-returnverplichting") :]
    assert "€ 3.000.000,00\n6%\n€ 180.000,00\n4,5\n\nTotaal\n€ 3.000.000,00\n\n€ 180.000,00\n4,5" in table


def test_the_commitment_binds_only_the_lots_with_a_scored_plan(tmp_path: Path) -> None:
    """Holder A of the framework example wins lot 1 (plan scored at award) and lot 2 (no plan):
    its 6 % applies to lot 1; lot 2 keeps the tender's 5 %, and the buyer is told."""
    out = tmp_path / "out"
    result = run_cli(
        "contract",
        str(EXAMPLES / "beveiliging-raamovereenkomst-houders.yaml"),
        str(EXAMPLES / "beveiliging-raamovereenkomst-houders-gunning.yaml"),
        "-o",
        str(out),
        "--json",
    )
    assert result.exit_code == 0, result.output
    holder = next(m for m in json.loads(result.stdout) if m["contract"]["number"] == "2026-0621-A")
    lots = {lot["id"]: (lot["percentage"], lot["obligation_eur"]) for lot in holder["plan"]["lots"]}
    assert lots == {"1": ("6", "126000.00"), "2": ("5", "35000.00")}  # 6 % of 2.100.000; 5 % of 700.000
    assert holder["contract"]["obligation_eur"] == "161000.00"
    assert (
        "contract 2026-0621-A: de toezegging geldt alleen voor perceel 1 (Plan van aanpak bij de inschrijving); "
        "perceel 2 houdt de verplichting uit de aanbestedingsstukken"
    ) in holder["warnings"]
    text = _plain(docx_text(out / "2026-0621-A" / "2026-0621-A-raamovereenkomst-social-return.docx"))
    assert (
        "in het Plan van aanpak dat hij bij zijn inschrijving voor Perceel 1 heeft ingediend, toegezegd ten minste "
        "6% van de waarde van zijn eigen Nadere overeenkomsten (de Afroepwaarde) onder dat Perceel aan "
        "Inspanningswaarde te realiseren."
    ) in text
    assert "Voor de andere Percelen van deze Raamovereenkomst was het Plan van aanpak geen gunningscriterium" in text

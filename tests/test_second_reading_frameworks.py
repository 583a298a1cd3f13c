"""Second legal reading (December 2026), frameworks: a multi-holder framework binds each holder to a
percentage of his own call-offs, never to the framework total (M-1), in every document kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli

LEZING = FIXTURES / "tweede-lezing"


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def _documents(out: Path, tender: str, award: str) -> dict[str, str]:
    """Every document of a tender of the reading and of its award, by file stem: the text."""
    assert run_cli("generate", str(LEZING / tender), "-o", str(out / "tender")).exit_code == 0
    result = run_cli("contract", str(LEZING / tender), str(LEZING / award), "-o", str(out / "gunning"))
    assert result.exit_code == 0, result.output
    return {p.stem: docx_text(p).replace("\u00a0", " ") for p in sorted(out.rglob("*.docx"))}


@pytest.fixture(scope="module")
def schoon(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The T-SCHOON documents (3 holders): tender annex, model framework annex, form, H1-H3."""
    documents = _documents(tmp_path_factory.mktemp("schoon"), "schoonmaak-raam.yaml", "schoonmaak-raam-gunning.yaml")
    return {stem: _plain(text) for stem, text in documents.items()}


def test_tender_annex_sets_the_minimum_per_holder_not_the_framework_total(schoon: dict[str, str]) -> None:
    annex = schoon["2027-0350-bijlage-social-return"]
    assert (
        "komen de Social-returnverplichtingen van alle Opdrachtnemers samen naar verwachting uit op € 450.000,00"
        in annex
    )
    assert "Geen Opdrachtnemer is dat bedrag verschuldigd" in annex
    assert (
        "Elke Opdrachtnemer realiseert ten minste het hieronder genoemde percentage van de waarde van zijn eigen"
        in annex
    )
    assert "Het Plan van aanpak biedt ten minste het percentage uit Artikel 3 aan van de waarde van de Nadere" in annex
    assert "dekt ten minste de volledige Social-returnverplichting" not in annex
    assert "bedraagt de Social-returnverplichting in totaal" not in annex
    assert "alle Nadere overeenkomsten samen. De Opdrachtgever stelt" not in annex
    assert "maal de Afroepwaarde: de werkelijke waarde van de Nadere overeenkomsten die aan hem zijn gegund" in annex
    assert "Opdrachtnemer: elke Inschrijver aan wie de Raamovereenkomst wordt gegund" in annex  # m-19


def test_model_framework_annex_and_form_follow_the_same_rule(schoon: dict[str, str]) -> None:
    model = schoon["2027-0350-raamovereenkomst-social-return"]
    assert "Geen Opdrachtnemer is dat bedrag verschuldigd" in model
    assert "dat is € 450.000,00. Dit bedrag" in model and "door geen Opdrachtnemer als zodanig verschuldigd" in model
    form = schoon["2027-0350-plan-van-aanpak-formulier"]
    assert "Welk percentage van de waarde van zijn eigen Nadere overeenkomsten realiseert" in form
    assert "ten minste € 450.000,00" not in form
    assert "Een toezegging in euro's is daarom niet mogelijk" not in form  # third reading M-2
    assert "niet ten minste het voorgeschreven percentage van de waarde van de eigen Nadere overeenkomsten" in form


def test_award_contract_states_the_holders_share_as_an_indication(schoon: dict[str, str]) -> None:
    h1 = schoon["2027-0350-H1-raamovereenkomst-social-return"]
    assert "komt de Social-returnverplichting van de Opdrachtnemer naar verwachting uit op € 210.000,00" in h1
    assert "Dat bedrag is een raming over het Indicatief aandeel" in h1
    assert "De Opdrachtnemer realiseert ten minste het hieronder genoemde percentage van de waarde van zijn eigen" in h1
    assert "7% van het Indicatief aandeel van € 3.000.000,00, dat is € 210.000,00" in h1
    assert "stelt de Opdrachtgever vast na de eindrapportage" in h1  # m-23
    assert "€ 450.000,00" not in h1


@pytest.fixture(scope="module")
def ict(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The T-ICT documents: obligation per call-off, tender annex and the R1 framework annex."""
    return _documents(tmp_path_factory.mktemp("ict"), "ict.yaml", "ict-gunning.yaml")


def test_obligation_per_call_off_has_one_regime_and_no_framework_settlement(ict: dict[str, str]) -> None:
    for name in ("2027-0512-bijlage-social-return", "2027-0512-R1-raamovereenkomst-social-return"):
        text = ict[name]
        assert "Vaststelling op de werkelijke waarde" not in text, name  # no framework-level settlement
        assert "loopt tot het einde van de Raamovereenkomst" not in text, name
        assert (
            "alsof zij één Nadere overeenkomst is die begint op de eerste begindatum en eindigt op de laatste "
            "einddatum van de kleine Nadere overeenkomsten in die bundel"
        ) in text
        assert "Op het niveau van de Raamovereenkomst wordt niets vastgesteld of afgerekend" in text
        assert "door een wijziging tot € 100.000,00 of meer, dan heeft zij vanaf de wijziging een eigen" in text
        assert "door een wijziging boven € 250.000,00" not in text
        label = "alle Nadere overeenkomsten" + (" van de Opdrachtnemer" if "-R1-" in name else "")
        assert f"Raming social return, {label} samen (verschuldigd per Nadere overeenkomst)\n€ 80.000,00" in text, name


def test_the_minimum_requirement_is_not_scored_again(schoon: dict[str, str]) -> None:
    annex, form = schoon["2027-0350-bijlage-social-return"], schoon["2027-0350-plan-van-aanpak-formulier"]
    for text in (annex, form):  # m-16
        assert "de bijdragen leveren samen ten minste de Social-returnverplichting op" not in text.lower()
        assert "realistisch voor deze opdracht, hangen samen met het werk en zijn concreet onderbouwd" in text
    assert "dan het voorgeschreven percentage levert geen extra punten op" in form


def test_framework_change_clause_names_its_triggers(schoon: dict[str, str]) -> None:
    annex = schoon["2027-0350-bijlage-social-return"]  # m-4
    assert "Wordt de Raamovereenkomst gewijzigd volgens de artikelen 2.163a tot en met 2.163g" in annex
    assert "Nadere overeenkomsten die op de datum van beëindiging lopen, tellen mee tot hun einde." in annex

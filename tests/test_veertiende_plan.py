"""Fifteenth review of the clause library for the Plan van aanpak and commitments, from the
fourteenth reading's findings on the tenders in tests/fixtures/veertiende-lezing:

- G MINOR-10: the plan-of-approach form's page limit says what the annex says, "de begroting
  niet meegerekend".
- G MINOR-5: for works the form's question Omvang names the cases of the annex's change article,
  without "verlenging" (an extension of the build time does not change the amount).
- G TAAL-3: a signed contract whose plan was scored at award says so firmly, not "waar een Plan
  van aanpak als gunningscriterium is gevraagd"; the model contract keeps the conditional.
- H MINOR-12: in a framework whose obligation is a percentage of the unknown Afroepwaarde, the
  knock-out measures a committed amount by the raming of the tender (with its amount), not by "the
  Social-returnverplichting"; where the plan names a percentage and an amount that do not agree,
  what leads to the higher Inspanningswaarde binds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli

VEERTIENDE = FIXTURES / "veertiende-lezing"
NBSP = "\u00a0"


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: docx_text(p).replace(NBSP, " ") for p in folder.rglob("*.docx")}


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every document of the four tenders: the tender documents (`generate`) and the contracts."""
    out = tmp_path_factory.mktemp("veertiende")
    for tender in ("g1", "g2", "h1", "h2"):
        result = run_cli("generate", VEERTIENDE / f"{tender}.yaml", "-o", out / tender / "gen")
        assert result.exit_code == 0, result.output + result.stderr
        award = VEERTIENDE / f"{tender}-gunning.yaml"
        result = run_cli("contract", VEERTIENDE / f"{tender}.yaml", award, "-o", out / tender / "con")
        assert result.exit_code == 0, result.output + result.stderr
    return _texts(out)


def test_the_form_keeps_the_budget_out_of_the_page_limit_as_the_annex_does(documents: dict[str, str]) -> None:
    annex = documents["GEM-ZWL-2027-044-bijlage-social-return.docx"]
    form = documents["GEM-ZWL-2027-044-plan-van-aanpak-formulier.docx"]
    limit = "ten hoogste 4 A4-pagina's, de begroting niet meegerekend"
    assert f"De antwoorden op de vragen van het formulier beslaan samen {limit}." in annex
    assert f"De antwoorden op de vragen beslaan samen {limit}." in form
    assert f"De antwoorden beslaan samen {limit}; de Beoordelaar leest niet verder dan die pagina's." in form
    assert "A4-pagina's; de Beoordelaar leest niet verder." not in form
    assert "De antwoorden op de vragen beslaan samen ten hoogste 4 A4-pagina's. " not in form
    works_form = documents["WSRL-2027-017-plan-van-aanpak-formulier.docx"]
    assert f"De antwoorden op de vragen beslaan samen {limit}." in works_form


def test_the_works_form_does_not_name_an_extension_as_a_change_of_the_amount(documents: dict[str, str]) -> None:
    form = documents["WSRL-2027-017-plan-van-aanpak-formulier.docx"]
    annex = documents["WSRL-2027-017-bijlage-social-return.docx"]
    assert (
        "Het bedrag verandert alleen in de gevallen die de Bijlage Social Return noemt (wijziging, niet gebruikte "
        "optie, eerdere beëindiging, meer- en minderwerk boven de grens van die bijlage)."
    ) in form
    assert "verlenging" not in form
    assert "een verlenging van de bouwtijd evenmin" in annex
    assert "een optie die in de Opdrachtwaarde is begrepen, wordt niet gebruikt;" in annex
    services = documents["GEM-ZWL-2027-044-plan-van-aanpak-formulier.docx"]
    assert "(wijziging, niet gebruikte optie of verlenging, eerdere beëindiging)." in services


WAAR = "waar een Plan van aanpak als gunningscriterium is gevraagd, is de kwaliteit daarvan bij de gunning beoordeeld"


def test_a_signed_contract_states_firmly_that_its_plan_was_scored_at_award(documents: dict[str, str]) -> None:
    law = "in de zin van artikel 2.80 van de Aanbestedingswet 2012; "
    contract_a = documents["GEM-ZWL-2027-044-A-overeenkomst-social-return.docx"]
    assert (
        law + "de kwaliteit van het Plan van aanpak voor Perceel 1 is bij de gunning beoordeeld als "
        "subgunningscriterium. De Opdrachtnemer komt"
    ) in contract_a
    framework = documents["RWS-HI-2027-112-01-raamovereenkomst-social-return.docx"]
    assert (
        law + "de kwaliteit van het Plan van aanpak is bij de gunning beoordeeld als subgunningscriterium." in framework
    )
    for name in (
        "GEM-ZWL-2027-044-A-overeenkomst-social-return.docx",
        "RWS-HI-2027-112-01-raamovereenkomst-social-return.docx",
    ):
        assert WAAR not in documents[name], name
    # lot 3 had no plan scored at award; the model contract still covers every lot
    assert "subgunningscriterium" not in documents["GEM-ZWL-2027-044-B-overeenkomst-social-return.docx"]
    assert WAAR in documents["GEM-ZWL-2027-044-overeenkomst-social-return.docx"]


CONFLICT = "Noemt het plan een percentage en een bedrag die niet met elkaar overeenstemmen, dan geldt wat tot de hoogste Inspanningswaarde leidt"


def test_a_framework_knock_out_names_the_raming_and_a_conflict_rule(documents: dict[str, str]) -> None:
    annex = documents["RWS-HI-2027-112-bijlage-social-return.docx"]
    form = documents["RWS-HI-2027-112-plan-van-aanpak-formulier.docx"]
    contract = documents["RWS-HI-2027-112-01-raamovereenkomst-social-return.docx"]
    assert (
        "In het Plan van aanpak zegt de Inschrijver ten minste het percentage uit Artikel 3 toe, of een bedrag dat ten "
        "minste gelijk is aan de raming in Artikel 3 (€ 37.000,00), en verbindt hij zich daaraan."
    ) in annex
    assert (
        "Zegt het Plan van aanpak niet ten minste het voorgeschreven percentage toe, of een bedrag dat ten minste gelijk "
        "is aan de raming van de Social-returnverplichting in de Bijlage Social Return (€ 37.000,00), dan is de "
        "inschrijving ongeldig."
    ) in form
    for text in (annex, form):
        assert "een bedrag dat ten minste gelijk is aan de Social-returnverplichting" not in text
    for text in (annex, contract):
        assert CONFLICT + ": het percentage maal de Afroepwaarde, of het bedrag volgens Artikel " in text
        assert text.count(CONFLICT) == 1
    # a contract with a fixed obligation keeps its knock-out on the Social-returnverplichting
    services = documents["GEM-ZWL-2027-044-bijlage-social-return.docx"]
    assert (
        "of een bedrag dat ten minste gelijk is aan de Social-returnverplichting van het Perceel, en verbindt"
        in services
    )
    assert services.count(CONFLICT) == 1

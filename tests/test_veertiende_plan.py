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
  what leads to the higher Inspanningswaarde binds.
- G MINOR-1 and TAAL-2: a plan handed in between award and start date fell outside the assessment
  ("na de ingangsdatum ingediend", three times in one article); now "na de gunning" where a plan
  was also part of the tender, no qualification where none was, said once, and the Opdrachtgever
  decides on the first plan within `report_weeks` weeks, the term of a revised plan.
- G MINOR-9 and H MINOR-5: in a signed contract with a processed commitment Article 5 shows the
  committed percentage; it now also states the prescribed minimum, `algemeen.toezegging` states
  firmly that the commitment is higher and binds, and the articles that compared with "het
  percentage uit Artikel 5" (already the committed one) compare with the prescribed minimum or
  drop the "of het hogere percentage" that has become circular. The tender documents keep their
  text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, copy_library, docx_text, run_cli

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
    assert CONFLICT + ": het percentage maal de Afroepwaarde, of het bedrag volgens Artikel " in annex
    assert annex.count(CONFLICT) == 1
    # the signed contract knows the commitment: algemeen.toezegging decides (fifteenth reading J MINOR-3)
    assert CONFLICT not in contract
    assert (
        "Een percentage of bedrag in het Plan van aanpak dat tot een lagere Inspanningswaarde leidt, verandert de "
        in contract
    )
    # a contract with a fixed obligation keeps its knock-out on the Social-returnverplichting
    services = documents["GEM-ZWL-2027-044-bijlage-social-return.docx"]
    assert (
        "of een bedrag dat ten minste gelijk is aan de Social-returnverplichting van het Perceel, en verbindt"
        in services
    )
    assert services.count(CONFLICT) == 1


def test_a_plan_after_award_is_assessed_however_early_it_comes_and_decided_within_a_term(
    documents: dict[str, str],
) -> None:
    for name in ("WSRL-2027-017-01-overeenkomst-social-return.docx", "WSRL-2027-017-bijlage-social-return.docx"):
        text = documents[name]
        assert "na de ingangsdatum is ingediend" not in text, name
        assert "na de ingangsdatum wordt ingediend" not in text, name
        assert "na de gunning" not in text.split("Beoordeling van het Plan van aanpak")[1].split("Bijstelling")[0]
        assert "De Beoordelaar toetst of het Plan van aanpak voldoet aan Artikel " in text, name
        assert (
            "De Opdrachtgever beslist over dat plan binnen 6 weken na ontvangst. Voldoet het, dan keurt hij het schriftelijk goed.\n"
            in text
        )
        assert (
            "Voldoet het plan niet, dan meldt de Opdrachtgever dat met redenen aan de Aannemer. De Aannemer dient binnen "
            "8 weken daarna een verbeterd Plan van aanpak in; daarover beslist de Opdrachtgever binnen dezelfde termijn "
            "van 6 weken na ontvangst."
        ) in text
    contract = documents["WSRL-2027-017-01-overeenkomst-social-return.docx"]
    assert (
        "Het Plan van aanpak maakt deel uit van de Overeenkomst zodra de Opdrachtgever het heeft goedgekeurd of vastgesteld volgens Artikel "
        in contract
    )


def test_with_a_plan_at_award_and_one_after_it_the_later_plan_is_the_one_handed_in_after_award(tmp_path: Path) -> None:
    library = copy_library(tmp_path / "lib")
    profile = library / "profiles" / "schoonmaak.yaml"
    text = profile.read_text(encoding="utf-8")
    band = "  - up_to: 2500000\n    percentage: 5\n    instruments: [generieke-maatregel, bouwblokken, buy-social]\n"
    assert band in text
    profile.write_text(
        text.replace(
            band, band.replace("generieke-maatregel, bouwblokken", "generieke-maatregel, plan-van-aanpak, bouwblokken")
        ),
        encoding="utf-8",
    )
    tender = tmp_path / "t.yaml"
    tender.write_text(
        "reference: 2027-0900\ntitle: Schoonmaak twee percelen\ncontracting_authority: Gemeente Voorbeeld\n"
        "category: schoonmaak\ncontract_type: overeenkomst\nvalue_eur: 4000000\nduration_months: 48\n"
        "publication_date: 2027-01-15\nlots:\n  - {id: 1, title: Noord, value_eur: 3000000}\n"
        "  - {id: 2, title: Zuid, value_eur: 1000000}\n",
        encoding="utf-8",
    )
    result = run_cli("generate", "--library", library, tender, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output + result.stderr
    texts = _texts(tmp_path / "out")
    for name in ("2027-0900-bijlage-social-return.docx", "2027-0900-overeenkomst-social-return.docx"):
        body = texts[name]
        assert (
            "De Beoordelaar toetst of een Plan van aanpak dat na de gunning is ingediend, voldoet aan Artikel " in body
        )
        assert body.count("na de gunning is ingediend") == 1, name
        assert "De Opdrachtgever beslist over dat plan binnen 6 weken na ontvangst." in body
        assert "Een Plan van aanpak dat na de gunning wordt ingediend, maakt deel uit van de Overeenkomst zodra" in body
        assert "na de ingangsdatum is ingediend" not in body and "na de ingangsdatum wordt ingediend" not in body
    form = texts["2027-0900-plan-van-aanpak-formulier.docx"]
    assert "een Plan van aanpak dat na de gunning wordt ingediend, wordt onderdeel van de Overeenkomst" in form


CIRCLES = (
    "Waar dat percentage hoger is dan het percentage dat de aanbestedingsstukken voorschrijven",
    "ten minste het percentage uit Artikel",
    "een hoger percentage toe dan het percentage uit Artikel",
    "of het hogere percentage uit het Plan van aanpak",
    "of het hogere percentage dat de Opdrachtnemer in het Plan van aanpak heeft toegezegd",
    "of het hogere percentage dat volgens Artikel",
)


def test_a_signed_framework_with_a_commitment_states_the_prescribed_minimum_and_no_circle(
    documents: dict[str, str],
) -> None:
    text = documents["RWS-HI-2027-112-01-raamovereenkomst-social-return.docx"]
    article_5 = text.split("Omvang van de Social-returnverplichting")[1].split("Toezegging bij de inschrijving")[0]
    assert "\n3%\n" in article_5  # the table keeps the committed percentage
    assert (
        "In de tabel staat het percentage van 3% dat de Opdrachtnemer in het Plan van aanpak heeft toegezegd, volgens "
        "Artikel 6. Het voorgeschreven minimum uit de aanbestedingsstukken is 2%."
    ) in article_5
    assert (
        "toegezegd ten minste 3% van de Opdrachtwaarde aan Inspanningswaarde te realiseren. Dat percentage is hoger "
        "dan de 2% van de aanbestedingsstukken en is bindend; het is verwerkt in de tabel van Artikel 5."
    ) in text
    assert "ten minste het voorgeschreven minimum uit Artikel 5, en het bedrag" in text
    # the signed contract knows the commitment: algemeen.toezegging decides (fifteenth reading J MINOR-3)
    assert "Zegt de Opdrachtnemer in het Plan van aanpak een hoger percentage toe" not in text
    assert "De toezegging uit het Plan van aanpak is vastgelegd in Artikel 6; de Social-returnverplichting" in text
    assert (
        "is de Social-returnverplichting het percentage uit Artikel 5 maal de Afroepwaarde, de werkelijke waarde van "
        "alle Nadere overeenkomsten samen."
    ) in text
    assert (
        "stelt de Opdrachtgever de Social-returnverplichting vast op het percentage uit Artikel 5 maal de Afroepwaarde"
        in text
    )
    for circle in CIRCLES:
        assert circle not in text, circle


def test_a_signed_contract_with_lots_names_the_minimum_of_the_committed_lot(documents: dict[str, str]) -> None:
    text = documents["GEM-ZWL-2027-044-A-overeenkomst-social-return.docx"]
    assert (
        "In de tabel staat voor Perceel 1 het percentage van 7% dat de Opdrachtnemer in het Plan van aanpak heeft "
        "toegezegd, volgens Artikel 6. Het voorgeschreven minimum uit de aanbestedingsstukken is 5% voor dat Perceel; "
        "voor de andere Percelen is het percentage in de tabel het voorgeschreven minimum."
    ) in text
    assert "Dat percentage is hoger dan de 5% van de aanbestedingsstukken en is bindend" in text
    assert "Het nieuwe bedrag is het percentage uit Artikel 5 maal de nieuwe waarde van het Perceel." in text
    for circle in CIRCLES:
        assert circle not in text, circle
    # without a commitment, and in the tender documents, nothing changes
    for name in (
        "GEM-ZWL-2027-044-B-overeenkomst-social-return.docx",
        "GEM-ZWL-2027-044-bijlage-social-return.docx",
        "RWS-HI-2027-112-bijlage-social-return.docx",
        "RWS-HI-2027-112-raamovereenkomst-social-return.docx",
    ):
        assert "voorgeschreven minimum" not in documents[name], name
    annex = documents["RWS-HI-2027-112-bijlage-social-return.docx"]
    assert "ten minste het percentage uit Artikel 3, en het bedrag" in annex
    assert "of het hogere percentage dat de Opdrachtnemer in het Plan van aanpak heeft toegezegd, maal" in annex

"""Fifteenth reading, clause texts (readers J and I).

The reader's own tenders and awards are in tests/fixtures/vijftiende-lezing/: j1 (ICT framework,
two lots, per Nadere overeenkomst), j2 (hoogwaardige inhuur, commitment 3 %), i1 (dijk, works,
two lots), i2 (facilitair, Plan van aanpak as award criterion, commitment 7 %), i3 (facilitair,
PSO certificate that ends during the contract)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli, written_texts

VIJFTIENDE = FIXTURES / "vijftiende-lezing"
NBSP = "\u00a0"
QUALIFICATION = "geldt als ingebrekestelling en als aanmaning (artikelen 6:82 en 6:93 van het Burgerlijk Wetboek)"


def _run(command: str, out: Path, *names: str) -> dict[str, str]:
    """`clausegen COMMAND` on the readers' own files, read back by file name."""
    return written_texts(out, command, *(VIJFTIENDE / name for name in names))


@pytest.fixture(scope="module")
def j1_contracts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _run("contract", tmp_path_factory.mktemp("j1"), "j1.yaml", "j1-gunning.yaml")


@pytest.fixture(scope="module")
def j2_contract(tmp_path_factory: pytest.TempPathFactory) -> str:
    (text,) = [t for n, t in _run("contract", tmp_path_factory.mktemp("j2"), "j2.yaml", "j2-gunning.yaml").items()]
    return text


@pytest.fixture(scope="module")
def j2_tender(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _run("generate", tmp_path_factory.mktemp("j2t"), "j2.yaml")


# J MINOR-9: one qualification of the melding, ingebrekestelling and aanmaning (6:82 and 6:93 BW)


def test_the_shortfall_melding_is_ingebrekestelling_and_aanmaning(j1_contracts: dict[str, str]) -> None:
    assert j1_contracts
    for name, text in j1_contracts.items():
        assert f"Die melding {QUALIFICATION}. De Opdrachtnemer krijgt dan een Hersteltermijn" in text, name
        assert "Die melding geldt als ingebrekestelling. " not in text, name


def test_the_plan_melding_has_the_same_qualification(j2_contract: str, j2_tender: dict[str, str]) -> None:
    for name, text in {"contract": j2_contract, **j2_tender}.items():
        if "onderdeel van het Plan van aanpak" not in text:
            continue
        assert f"De melding {QUALIFICATION}. De Opdrachtnemer krijgt een termijn van herstel" in text, name
        assert f"Die melding {QUALIFICATION}. De Opdrachtnemer krijgt dan een Hersteltermijn" in text, name
        assert "De melding geldt als aanmaning (artikel 6:93" not in text, name
        assert text.count("geldt als ingebrekestelling") == 2, name
    assert "onderdeel van het Plan van aanpak" in j2_contract


def test_the_letter_qualifies_the_melding_as_the_contract_does(tmp_path: Path) -> None:
    _run("contract", tmp_path / "c", "j2.yaml", "j2-gunning.yaml")
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", tmp_path / "c" / "PZH-2027-0077-01", VIJFTIENDE / "j2-rapport.csv",
                     "--peildatum", "2030-07-01", "--melding", "2030-03-15", "-o", letter)  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(letter).replace(NBSP, " ")
    assert (
        "die melding geldt als ingebrekestelling en als aanmaning (artikelen 6:82 en 6:93 BW), en met haar begint "
        "een Hersteltermijn van 3 maanden." in text
    )
    assert "die melding geldt als ingebrekestelling en begint" not in text


# J MINOR-1: work for a small Nadere overeenkomst counts only in its own term (or the bundle's Hersteltermijn)

BUNDLE_MEMBER = (
    "Voor een bundel gelden de bepalingen van deze bijlage alsof zij één Nadere overeenkomst is die begint op de "
    "eerste begindatum en eindigt op de laatste einddatum van de kleine Nadere overeenkomsten in die bundel, behalve "
    "voor de vraag welke inzet meetelt: dat regelt het volgende lid."
)
BUNDLE_COUNT = (
    "Inzet telt mee voor de bundel waartoe de kleine Nadere overeenkomst behoort waarvoor zij is geleverd, voor zover "
    "zij valt binnen de looptijd van die kleine Nadere overeenkomst zelf of binnen de Hersteltermijn van de bundel. "
    "Inzet voor een kleine Nadere overeenkomst na haar einde en vóór het begin van de Hersteltermijn telt niet mee, "
    "ook niet als de bundel dan nog loopt."
)


def test_a_bundle_counts_work_only_in_the_term_of_its_own_small_call_off(j1_contracts: dict[str, str]) -> None:
    for name, text in j1_contracts.items():
        assert BUNDLE_MEMBER in text, name
        assert BUNDLE_COUNT in text, name
        old = "Inzet telt mee voor de bundel waartoe de kleine Nadere overeenkomst behoort waarvoor zij is geleverd. "
        assert old not in text, name
        small = re.search(r"haar bedrag telt mee in een bundel volgens Artikel (\d+)\.", text)
        assert small, name
        assert (
            "voor zover zij valt binnen de looptijd van die Nadere overeenkomst of de Hersteltermijn van haar "
            "Social-returnverplichting. Voor een kleine Nadere overeenkomst is dat haar eigen looptijd, niet die van "
            f"de bundel waartoe zij behoort, of de Hersteltermijn van die bundel (zie Artikel {small.group(1)}). Inzet "
            "na het einde van de Nadere overeenkomst waarvoor zij is geleverd en vóór het begin van een Hersteltermijn "
            "telt niet mee."
        ) in text, name


# J MINOR-3 and I TAAL-2: the signed contract's commitment is fixed; the plan's own figures do not change it


def test_a_signed_commitment_is_not_overruled_by_a_figure_in_the_plan(j2_contract: str) -> None:
    text = j2_contract
    toezegging = re.search(r"volgens Artikel (\d+)\. Het voorgeschreven minimum uit de aanbestedingsstukken", text)
    assert toezegging
    art = toezegging.group(1)
    assert (
        "Dat percentage is hoger dan de 2% van de aanbestedingsstukken en is bindend; het is verwerkt in de tabel van "
        "Artikel 5.\nHet bedrag van Artikel 5 staat vast; het verandert alleen in de gevallen van Artikel 21, en dan "
        "met het toegezegde percentage. Noemde het Plan van aanpak ook een percentage of bedrag dat daarvan afwijkt, "
        "dan is volgens de aanbestedingsstukken vastgelegd wat tot de hoogste Inspanningswaarde leidt; een percentage "
        "of bedrag in het plan dat tot een lagere Inspanningswaarde leidt, verandert de Social-returnverplichting niet."
    ) in text
    assert (
        f"De toezegging uit het Plan van aanpak is vastgelegd in Artikel {art}; de Social-returnverplichting volgt uit "
        "dat artikel en uit Artikel 5. Wat daar is vastgelegd, is de uitkomst van de regel van de aanbestedingsstukken: "
        "noemt het plan een percentage en een bedrag die niet met elkaar overeenstemmen, dan is vastgelegd wat tot de "
        "hoogste Inspanningswaarde leidt, en waar het plan meer vraagt dan de aanbestedingsstukken, is het meerdere "
        "vastgelegd. Een percentage of bedrag in het Plan van aanpak dat tot een lagere Inspanningswaarde leidt, "
        "verandert de Social-returnverplichting daarom niet.\nBij strijd tussen het Plan van aanpak en deze bijlage gaat deze bijlage "
        "voor, behalve voor zover het Plan van aanpak de Opdrachtnemer tot meer verplicht; dat laatste geldt niet voor "
        f"de Social-returnverplichting, die volgt uit Artikel {art}."
    ) in text
    for gone in (
        "dan geldt wat tot de hoogste Inspanningswaarde leidt",
        "Het toegezegde percentage is verwerkt in het bedrag van Artikel",
        "Dat bedrag staat vast",
        "Zegt hij in plaats van een percentage een bedrag toe",
    ):
        assert gone not in text, gone


def test_the_tender_documents_keep_the_rules_for_a_plan_not_yet_known(j2_tender: dict[str, str]) -> None:
    annex = j2_tender["PZH-2027-0077-bijlage-social-return.docx"]
    assert (
        "Noemt het plan een percentage en een bedrag die niet met elkaar overeenstemmen, dan geldt wat tot de " in annex
    )
    assert "is vastgelegd in Artikel" not in annex
    assert "dat laatste geldt niet voor de Social-returnverplichting" not in annex


# J MINOR-7: the defined term Indicatief aandeel no longer carries the raming at the real number of holders


def test_the_definition_of_indicatief_aandeel_leaves_the_raming_to_artikel_5(j1_contracts: dict[str, str]) -> None:
    text = j1_contracts["GRS-2027-014-01-raamovereenkomst-social-return.docx"]
    definition = next(line for line in text.splitlines() if line.startswith("Indicatief aandeel: "))
    assert definition == (
        "Indicatief aandeel: de geraamde waarde van de Raamovereenkomst of van een Perceel voor alle Opdrachtnemers "
        "samen, gedeeld door het aantal Opdrachtnemers dat de aanbestedingsstukken noemden (2): het deel dat bij een "
        "gelijke verdeling van de Nadere overeenkomsten op één Opdrachtnemer valt. Het is alleen de maatstaf voor de "
        "raming van de Social-returnverplichting van de Opdrachtnemer; verschuldigd is de verplichting per Nadere "
        "overeenkomst, volgens Artikel 23."
    )
    assert "geen maatstaf voor de raming in Artikel 5" not in text
    assert "Die raming is alleen een indicatie" not in text
    assert (
        text.count("is de raming van de waarde van de Nadere overeenkomsten van de Opdrachtnemer € 1.200.000,00") == 1
    )
    assert (
        "Alleen als raming: bij 1 gegunde Opdrachtnemer voor Perceel 2 is de raming van de waarde van de Nadere "
        "overeenkomsten van de Opdrachtnemer € 1.200.000,00 en van zijn Social-returnverplichting € 60.000,00."
    ) in text


# J TAAL-2: a holder of one lot gets "het bedrag van Perceel 1", not "de som van de bedragen van de Percelen"


def test_a_holder_of_one_lot_reads_the_amount_of_that_lot(j1_contracts: dict[str, str]) -> None:
    one = j1_contracts["GRS-2027-014-02-raamovereenkomst-social-return.docx"]
    assert (
        "komen de Social-returnverplichtingen van alle Nadere overeenkomsten van de Opdrachtnemer samen naar "
        "verwachting uit op € 60.000,00, een raming over het Indicatief aandeel, het bedrag van Perceel 1; verschuldigd "
        "is het bedrag per Nadere overeenkomst dat volgt uit Artikel 24. De tabel hieronder geeft voor Perceel 1 het "
        "Indicatief aandeel, het percentage,"
    ) in one
    assert "de som van de bedragen van de Percelen" not in one
    assert "De tabel hieronder geeft per Perceel" not in one
    both = j1_contracts["GRS-2027-014-01-raamovereenkomst-social-return.docx"]
    assert "uit op € 90.000,00, een raming over het Indicatief aandeel, de som van de bedragen van de Percelen;" in both
    assert "De tabel hieronder geeft per Perceel het Indicatief aandeel" in both


# I MINOR-11, G TAAL-4: without a valid certificate the part of the obligation that falls on that period is met in full


def test_the_pso_clauses_say_which_part_of_the_obligation_falls_on_the_period_without_a_certificate(
    tmp_path: Path,
) -> None:
    (text,) = _run("contract", tmp_path, "i3.yaml", "i3-gunning.yaml").values()
    assert (
        "Voor de periode waarin de Opdrachtnemer geen geldig certificaat heeft, geldt niets als ingevuld: het deel van "
        "de Social-returnverplichting dat naar rato van de looptijd van de Overeenkomst op die periode valt, vult de "
        "Opdrachtnemer geheel in met bijdragen zoals deze bijlage die beschrijft."
    ) in text
    assert (
        "Zolang er na 31 december 2028 geen geldig certificaat is, vult het certificaat niets in: het deel van de "
        "Social-returnverplichting dat naar rato van de looptijd van de Overeenkomst op de periode zonder geldig "
        "certificaat valt, vult de Opdrachtnemer geheel in met bijdragen bij de uitvoering van de Opdracht."
    ) in text
    assert "de hele Social-returnverplichting in met bijdragen" not in text
    assert "is de Social-returnverplichting volledig verschuldigd" not in text


def test_a_framework_per_nadere_overeenkomst_measures_the_period_by_the_nadere_overeenkomst(
    j1_contracts: dict[str, str],
) -> None:
    text = j1_contracts["GRS-2027-014-02-raamovereenkomst-social-return.docx"]
    assert (
        "geldt niets als ingevuld: het deel van de Social-returnverplichting dat naar rato van de looptijd van de "
        "Nadere overeenkomst op die periode valt, vult de Opdrachtnemer geheel in"
    ) in text


@pytest.fixture(scope="module")
def i1_tender(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _run("generate", tmp_path_factory.mktemp("i1t"), "i1.yaml")


# I TAAL-6: the form is for each lot of its table, not for every lot awarded


def test_the_form_asks_a_form_only_for_the_lots_of_its_table(i1_tender: dict[str, str]) -> None:
    (form,) = [t for n, t in i1_tender.items() if n.endswith("plan-van-aanpak-formulier.docx")]
    assert (
        "Een Plan van aanpak wordt gevraagd voor de Percelen in de tabel hieronder. De Aannemer vult voor elk Perceel "
        "uit die tabel dat aan hem is gegund een eigen formulier in en vermeldt het Perceel bij zijn gegevens."
    ) in form
    assert "vult voor elk Perceel dat aan hem is gegund" not in form


# I MINOR-8: putting support in the plan is not the prior consent, and the limit of 50 % applies to the plan too


def test_a_plan_is_not_the_consent_and_the_limit_applies(tmp_path: Path) -> None:
    texts = _run("generate", tmp_path, "i2.yaml")
    form = texts["GVS-2027-031-plan-van-aanpak-formulier.docx"]
    assert (
        "Een dienstverband, leerwerkplek of stageplaats elders in de onderneming en ondersteuning tellen alleen mee als "
        "de Opdrachtgever daarmee vooraf schriftelijk heeft ingestemd; samen tellen zij voor ten hoogste 50% van de "
        "Social-returnverplichting, zoals de Bijlage Social Return bepaalt. Dat zo'n bijdrage in dit plan staat, is "
        "geen instemming, ook niet als het plan wordt beoordeeld of goedgekeurd. Begroot de Inschrijver meer, dan telt "
        "het deel boven die grens niet mee."
    ) in form
    for name in ("GVS-2027-031-bijlage-social-return.docx", "GVS-2027-031-overeenkomst-social-return.docx"):
        assert (
            "Samen tellen zij voor ten hoogste 50% van de Social-returnverplichting. De Opdrachtgever geeft die "
            "instemming afzonderlijk en schriftelijk: dat zo'n bijdrage in het Plan van aanpak staat, ook in een plan "
            "dat bij de gunning is beoordeeld of dat de Opdrachtgever heeft goedgekeurd, is geen instemming. De grens "
            "geldt ook als het Plan van aanpak meer van zulke bijdragen begroot; het deel daarboven telt niet mee."
        ) in texts[name], name


def test_a_works_form_per_lot_names_the_limit_per_lot(i1_tender: dict[str, str]) -> None:
    (form,) = [t for n, t in i1_tender.items() if n.endswith("plan-van-aanpak-formulier.docx")]
    assert "samen tellen zij voor ten hoogste 50% van de Social-returnverplichting van elk Perceel" in form
    assert "Begroot de Aannemer meer, dan telt het deel boven die grens niet mee." in form


def test_without_a_plan_the_annex_says_nothing_of_a_plan(j1_contracts: dict[str, str]) -> None:
    for name, text in j1_contracts.items():
        assert "dat zo'n bijdrage in het Plan van aanpak staat" not in text, name


def test_the_commitment_article_says_once_where_the_percentage_is(tmp_path: Path) -> None:
    """I TAAL-2 on the reader's own contract (commitment 7 %)."""
    (text,) = [t for n, t in _run("contract", tmp_path, "i2.yaml", "i2-gunning.yaml").items() if "overeenkomst" in n]
    assert (
        "toegezegd ten minste 7% van de Opdrachtwaarde aan Inspanningswaarde te realiseren. Dat percentage is hoger "
        "dan de 5% van de aanbestedingsstukken en is bindend; het is verwerkt in de tabel van Artikel 5.\nHet bedrag "
        "van Artikel 5 staat vast; het verandert alleen in de gevallen van Artikel 25, en dan met het toegezegde "
        "percentage."
    ) in text
    assert "Waar dat percentage hoger is" not in text
    assert text.count("verwerkt in") == 1

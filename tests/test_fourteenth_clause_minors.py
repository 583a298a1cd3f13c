"""The fourteenth reading of the clause texts: minors of the thirteenth reading (E, F) and the open
minors of the twelfth (C, D), each generated with the real CLI and read back from the .docx.

- E MINOR-1 / F MINOR-10: a contract annex for a plan submitted with the tender kept tender rules
  (the page limit, the Beoordelaar's assessment in the present tense) and a sentence on a plan
  submitted after the start date that pointed at an approval the article did not have."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli

DERTIENDE = FIXTURES / "dertiende-lezing"
TWEEDE = FIXTURES / "tweede-lezing"
NBSP = "\u00a0"


def _texts(out: Path) -> dict[str, str]:
    return {p.stem: docx_text(p).replace(NBSP, " ") for p in sorted(out.rglob("*.docx"))}


def _documents(out: Path, folder: Path, stem: str, award: str | None) -> dict[str, str]:
    result = run_cli("generate", folder / f"{stem}.yaml", "-o", out / "tender")
    assert result.exit_code == 0, result.output + result.stderr
    if award:
        result = run_cli("contract", folder / f"{stem}.yaml", folder / award, "-o", out / "gunning")
        assert result.exit_code == 0, result.output + result.stderr
    return _texts(out)


@pytest.fixture(scope="module")
def rvo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _documents(tmp_path_factory.mktemp("e1"), DERTIENDE, "e1", "e1-gunning-a.yaml")


@pytest.fixture(scope="module")
def zwolle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _documents(tmp_path_factory.mktemp("e2"), DERTIENDE, "e2", "e2-gunning.yaml")


@pytest.fixture(scope="module")
def catering(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _documents(tmp_path_factory.mktemp("f2"), DERTIENDE, "f2", "f2-gunning.yaml")


@pytest.fixture(scope="module")
def bouw(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A works tender whose plan of approach is asked after award (tweede-lezing/bouw.yaml)."""
    return _documents(tmp_path_factory.mktemp("bouw"), TWEEDE, "bouw", "bouw-gunning.yaml")


# E MINOR-1 and F MINOR-10 --------------------------------------------------------------------


def test_a_contract_for_a_scored_plan_keeps_no_tender_rules(rvo: dict[str, str], catering: dict[str, str]) -> None:
    contracts = {
        name: text
        for docs in (rvo, catering)
        for name, text in docs.items()
        if name.endswith(("-overeenkomst-social-return", "-raamovereenkomst-social-return"))
    }
    assert len(contracts) == 4  # model and signed contract of each
    for name, text in contracts.items():
        assert re.search(
            r"Het Plan van aanpak is bij de gunning als gunningscriterium beoordeeld door een Beoordelaar die de "
            r"Opdrachtgever had aangewezen\. Dat plan wordt na de gunning niet opnieuw beoordeeld; het kan alleen "
            r"worden bijgesteld volgens Artikel \d+\.",
            text,
        ), name
        assert "A4-pagina" not in text, name
        assert "De Beoordelaar toetst" not in text, name
        assert "wijst een Beoordelaar aan" not in text, name
        assert "na de ingangsdatum wordt ingediend" not in text, name
        assert re.search(
            r"Een Plan van aanpak dat bij de inschrijving is ingediend, maakt deel uit van de (Raam)?[oO]vereenkomst "
            r"vanaf de ingangsdatum, zoals het is ingediend\.\n",
            text,
        ), name


def test_the_tender_annex_keeps_the_assessment_and_the_page_limit(rvo: dict[str, str]) -> None:
    annex = rvo["RVO-2027-0088-bijlage-social-return"]
    assert "De Opdrachtgever wijst een Beoordelaar aan met kennis van social return en van de arbeidsmarkt." in annex
    assert "De antwoorden beslaan samen ten hoogste 4 A4-pagina's." in annex
    assert "na de ingangsdatum wordt ingediend" not in annex  # no plan after award in this tender


def test_a_plan_after_award_is_approved_by_the_article_the_contract_cites(bouw: dict[str, str]) -> None:
    p1 = bouw["2027-0801-P1-overeenkomst-social-return"]
    assert "De Opdrachtgever beslist over dat plan binnen 6 weken na ontvangst. Voldoet het, dan keurt hij het" in p1
    assert re.search(
        r"Het Plan van aanpak maakt deel uit van de Overeenkomst zodra de "
        r"Opdrachtgever het heeft goedgekeurd of vastgesteld volgens Artikel \d+\.",
        p1,
    )
    assert "De antwoorden beslaan samen ten hoogste 4 A4-pagina's." in p1  # the later plan keeps its limit
    assert "Een Plan van aanpak dat bij de inschrijving is ingediend" not in p1


# E MINOR-7 -----------------------------------------------------------------------------------


def test_the_value_change_of_a_work_speaks_of_options_and_the_planned_completion(zwolle: dict[str, str]) -> None:
    for name in ("ZWL-2027-014-bijlage-social-return", "ZWL-2027-014-01-overeenkomst-social-return"):
        text = zwolle[name]
        assert (
            "berekend over de geraamde Opdrachtwaarde, inclusief opties. Het staat vast bij de gunning en volgt niet "
            "automatisch de werkelijke omzet. Het gebruik van een optie die in de Opdrachtwaarde is begrepen, "
            "verandert het bedrag dus niet; een verlenging van de bouwtijd evenmin.\nDe Opdrachtgever past" in text
        ), name
        assert "een optie die in de Opdrachtwaarde is begrepen, wordt niet gebruikt;" in text, name
        assert "het niet gebruiken van de optie of de beëindiging ingaat" in text, name
        assert "optie of verlenging" not in text and "opties en verlengingen" not in text, name
        assert "het deel van de looptijd dat tot de ontbinding is verstreken" not in text, name
    assert (
        "maal het deel van de periode van de ingangsdatum tot de geplande opleverdatum (31 augustus 2028), of tot de "
        "datum na een verlenging van de bouwtijd, dat tot de ontbinding is verstreken."
    ) in zwolle["ZWL-2027-014-01-overeenkomst-social-return"]


def test_a_services_contract_keeps_options_and_extensions(rvo: dict[str, str]) -> None:
    text = rvo["RVO-2027-0088-01-overeenkomst-social-return"]
    assert (
        "Het gebruik van een optie of verlenging die in de Opdrachtwaarde is begrepen, verandert het bedrag dus "
        "niet.\nDe Opdrachtgever past" in text
    )
    assert "maal het deel van de looptijd dat tot de ontbinding is verstreken." in text


# E MINOR-9 -----------------------------------------------------------------------------------

NEW_EMPLOYMENT = "dat nieuwe dienstverband of die nieuwe plaats mee, of bij een uitbreiding alleen de extra uren"


def test_annex_workbook_and_letter_count_a_new_or_extended_employment_alike(tmp_path: Path) -> None:
    vijfde = FIXTURES / "vijfde-lezing"
    result = run_cli("contract", vijfde / "bev.yaml", vijfde / "bev-gunning.yaml", "-o", tmp_path / "c")
    assert result.exit_code == 0, result.output + result.stderr
    folder = tmp_path / "c" / "2027-0902-1"
    annex = docx_text(folder / "2027-0902-1-raamovereenkomst-social-return.docx").replace(NBSP, " ")
    assert (
        "tenzij hij met het oog op de Opdracht een nieuw of uitgebreid dienstverband, of een nieuwe leerwerkplek of "
        "stageplaats, krijgt; dan telt alleen "
        f"{NEW_EMPLOYMENT}." in annex
    )
    assert "de nieuwe of uitgebreide inzet" not in annex
    import openpyxl

    workbook = openpyxl.load_workbook(folder / "2027-0902-1-verantwoording.xlsx")
    guide = "\n".join(str(c.value or "") for c in workbook["Toelichting"]["A"])
    assert (
        f"een nieuw of uitgebreid dienstverband, of een nieuwe leerwerkplek of stageplaats, dan telt alleen {NEW_EMPLOYMENT}: "
        "vul dat in op een nieuwe "
        "regel met de eigen begindatum." in guide
    )
    assert "nieuwe of extra deel" not in guide
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", folder, vijfde / "real-bev.csv", "--peildatum", "2028-10-01", "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(letter).replace(NBSP, " ")
    assert (
        "Krijgt de Kandidaat met het oog op de Opdracht een nieuw of uitgebreid dienstverband, of een nieuwe leerwerkplek of "
        "stageplaats, dan telt alleen "
        f"{NEW_EMPLOYMENT}: vul dat in op een nieuwe regel met de eigen begindatum." in text
    )
    assert "Telt alleen een nieuw of uitgebreid dienstverband" not in text


# E MINOR-14 ----------------------------------------------------------------------------------

UAV_FULL = "Uniforme administratieve voorwaarden voor de uitvoering van werken en van technische installatiewerken 2012"


@pytest.mark.parametrize(
    "name",
    ["ZWL-2027-014-bijlage-social-return", "ZWL-2027-014-overeenkomst-social-return",
     "ZWL-2027-014-01-overeenkomst-social-return"],
)  # fmt: skip
def test_the_uav_is_named_once_in_full_in_the_version_the_contract_declares(zwolle: dict[str, str], name: str) -> None:
    text = zwolle[name]
    sentence = (
        f"Waar deze bijlage de UAV 2012 noemt, zijn dat de {UAV_FULL} (UAV 2012), in de versie die de Overeenkomst "
        "van toepassing verklaart."
    )
    assert text.count(UAV_FULL) == 1 and sentence in text
    assert text.index(sentence) < text.index("in de zin van de UAV 2012")  # named in full before its first use
    assert "(UAV 2012) van toepassing." not in text


# E MINOR-8 and E MINOR-13 --------------------------------------------------------------------


def test_the_knock_out_is_the_commitment_not_the_assessors_forecast(rvo: dict[str, str]) -> None:
    annex = rvo["RVO-2027-0088-bijlage-social-return"]
    assert re.search(
        r"In het Plan van aanpak zegt de Inschrijver ten minste het percentage uit Artikel \d+ toe, of een bedrag dat "
        r"ten minste gelijk is aan de Social-returnverplichting, en verbindt hij zich daaraan\. Dat is een minimumeis: "
        r"een inschrijving met een Plan van aanpak dat daaraan niet voldoet, is ongeldig en wordt niet verder "
        r"beoordeeld\. Of de beschreven bijdragen en de begroting volgens de telregels die verplichting opleveren, is "
        r"geen minimumeis: de Beoordelaar weegt dat mee in zijn oordeel over de aspecten hieronder\.",
        annex,
    )
    assert re.search(
        r"De Beoordelaar toetst het Plan van aanpak dat bij de inschrijving is ingediend aan de minimumeis van "
        r"Artikel \d+ en beoordeelt het volgens dat artikel\.",
        annex,
    )
    assert "dekt ten minste de volledige Social-returnverplichting" not in annex
    assert "of de beschreven bijdragen volgens de telregels ten minste de Social-returnverplichting" not in annex
    form = rvo["RVO-2027-0088-plan-van-aanpak-formulier"]
    assert (
        "Zegt het Plan van aanpak niet ten minste het voorgeschreven percentage toe, of een bedrag dat ten minste "
        "gelijk is aan de Social-returnverplichting, dan is de inschrijving ongeldig." in form
    )
    assert "Dekt het Plan van aanpak niet ten minste" not in form


def test_the_annex_says_how_a_commitment_in_euros_binds(rvo: dict[str, str]) -> None:
    for name in ("RVO-2027-0088-bijlage-social-return", "RVO-2027-0088-overeenkomst-social-return"):
        assert re.search(
            r"Zegt hij in plaats van een percentage een bedrag toe dat hoger is dan de Social-returnverplichting, dan is "
            r"de Social-returnverplichting dat bedrag; in de gevallen van Artikel \d+ is zij dan het toegezegde bedrag "
            r"maal de nieuwe waarde, gedeeld door de geraamde Opdrachtwaarde\. Noemt het plan een percentage en een "
            r"bedrag die niet met elkaar overeenstemmen, dan geldt wat tot de hoogste Inspanningswaarde leidt\.",
            rvo[name],
        ), name


def test_the_memo_states_the_same_knock_out(tmp_path: Path) -> None:
    memo = tmp_path / "memo.docx"
    result = run_cli("explain", DERTIENDE / "e1.yaml", "--memo", "-o", memo)
    assert result.exit_code == 0, result.output + result.stderr
    text = docx_text(memo).replace(NBSP, " ")
    assert (
        "Het plan moet ten minste het voorgeschreven percentage of een bedrag ter hoogte van de verplichting "
        "toezeggen; dat is een minimumeis en levert geen punten op. Of de begroting die verplichting oplevert, weegt "
        "mee in de beoordeling en is geen minimumeis."
    ) in text
    assert "de verplichting dekken" not in text

"""Fourteenth reading fixes.

- Thirteenth reading E MINOR-16: a contract whose Plan van aanpak was scored as award criterion had
  no remedy when the contractor did not carry out a part of the plan; only the boete on a tekort
  of Inspanningswaarde existed. plan-van-aanpak.onderdeel now regulates it (notice, a herstel
  period of `plan_remedy_weeks`, after a hearing a fixed boete of `plan_part_penalty_percent` per
  part, capped at `plan_penalty_cap_percent`, 6:91-6:94 BW), in the tender annex and the contract,
  only where a plan is scored at award."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_library, docx_text, run_cli

from clausegen.model import Settings

DERTIENDE = FIXTURES / "dertiende-lezing"
NBSP = "\u00a0"

NOTICE = (
    "Voert de Opdrachtnemer een onderdeel van het Plan van aanpak, dat bij de gunning als gunningscriterium is "
    "beoordeeld, niet uit, dan meldt de Opdrachtgever hem dat schriftelijk en noemt hij daarbij het onderdeel. Een "
    "onderdeel is een toezegging in het plan die verder gaat dan het bedrag of percentage van de "
    "Social-returnverplichting, zoals een toezegging over de werving en begeleiding van Kandidaten, de duur van "
    "plaatsingen of de samenwerking met het Werkgeversservicepunt. De melding geldt als ingebrekestelling en als "
    "aanmaning (artikelen 6:82 en 6:93 van het Burgerlijk Wetboek). De Opdrachtnemer krijgt een termijn van herstel van 8 weken, die loopt vanaf de dag na "
    "de melding, om het onderdeel alsnog uit te voeren."
)
BOETE = (
    "Heeft de Opdrachtnemer het onderdeel na die termijn niet uitgevoerd, dan verbeurt hij aan de Opdrachtgever voor "
    "elk onderdeel dat hij niet heeft uitgevoerd een vaste boete in de zin van artikel 6:91 van het Burgerlijk "
    "Wetboek van 2% van de Social-returnverplichting. Deze boetes bedragen samen ten hoogste 10% van de "
    "Social-returnverplichting. Voordat de Opdrachtgever een boete vaststelt, stuurt hij de Opdrachtnemer zijn "
    "voornemen en geeft hij hem 2 weken om daarop schriftelijk of in een gesprek te reageren. Hij beslist daarna met "
    "redenen, binnen 4 weken na de reactie of na het einde van die termijn. De boete is opeisbaar 30 dagen na de "
    "beslissing; de Opdrachtgever mag haar verrekenen met wat hij de Opdrachtnemer nog verschuldigd is."
)
RELATION = re.compile(
    r"Geen boete is verschuldigd voor zover de Opdrachtnemer aantoont dat het niet uitvoeren van het onderdeel niet "
    r"aan hem is toe te rekenen \(artikel 6:92 lid 3 van het Burgerlijk Wetboek\)\. De boete treedt in de plaats van "
    r"schadevergoeding voor het niet uitvoeren van hetzelfde onderdeel \(artikel 6:92 lid 2 van het Burgerlijk "
    r"Wetboek\); ook op deze boete is artikel 6:94 van het Burgerlijk Wetboek van toepassing\. De boete telt niet mee "
    r"als Inspanningswaarde, vermindert de Social-returnverplichting niet en staat los van de boete voor een tekort "
    r"volgens Artikel (\d+)\. De Opdrachtgever behoudt zijn overige rechten, zoals ontbinding bij een ernstige "
    r"tekortkoming\."
)


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: docx_text(p).replace(NBSP, " ") for p in folder.rglob("*-social-return.docx")}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("e1")
    result = run_cli("generate", DERTIENDE / "e1.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return _texts(out)


def test_the_tender_annex_and_the_model_contract_regulate_a_part_of_the_plan_not_carried_out(
    generated: dict[str, str],
) -> None:
    assert set(generated) == {
        "RVO-2027-0088-bijlage-social-return.docx",
        "RVO-2027-0088-overeenkomst-social-return.docx",
    }
    for name, text in generated.items():
        assert NOTICE in text, name
        assert BOETE in text, name
        match = RELATION.search(text)
        assert match, name
        assert text.count("vaste boete in de zin van artikel 6:91") == 1


def test_the_signed_contract_has_the_remedy(tmp_path: Path) -> None:
    result = run_cli("contract", DERTIENDE / "e1.yaml", DERTIENDE / "e1-gunning-a.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    (text,) = _texts(tmp_path).values()
    assert NOTICE in text
    assert BOETE in text
    assert RELATION.search(text)


def test_a_framework_names_the_lot_whose_plan_was_scored(tmp_path: Path) -> None:
    result = run_cli("contract", DERTIENDE / "f2.yaml", DERTIENDE / "f2-gunning.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    (text,) = _texts(tmp_path).values()
    assert (
        "Voert de Opdrachtnemer een onderdeel van een Plan van aanpak dat bij de gunning als gunningscriterium is "
        "beoordeeld (Perceel 1) niet uit, dan meldt de Opdrachtgever hem dat schriftelijk" in text
    )
    # seventeenth reading N MAJOR-2: in a framework the base is the raming of the lot in the table
    assert (
        "een vaste boete in de zin van artikel 6:91 van het Burgerlijk Wetboek van 2% van het bedrag van dat Perceel "
        "in de tabel van Artikel" in text
    )
    assert "Deze boetes bedragen samen ten hoogste 10% van dat bedrag." in text
    assert "van het Plan van aanpak, dat bij de gunning als gunningscriterium is beoordeeld, niet uit" not in text


def test_without_a_scored_plan_there_is_no_plan_boete(tmp_path: Path) -> None:
    result = run_cli("generate", DERTIENDE / "e2.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    texts = _texts(tmp_path)
    assert texts
    for text in texts.values():
        assert "onderdeel van het Plan van aanpak" not in text
        assert "vaste boete" not in text


def test_the_settings_reach_the_text(tmp_path: Path) -> None:
    library = copy_library(tmp_path / "lib")
    profile = library / "profiles" / "facilitair.yaml"
    text = profile.read_text(encoding="utf-8")
    extra = "  plan_remedy_weeks: 6\n  plan_part_penalty_percent: 3\n  plan_penalty_cap_percent: 12\n"
    if re.search(r"(?m)^settings:\n", text):
        text = re.sub(r"(?m)^settings:\n", "settings:\n" + extra, text, count=1)
    else:
        text += "settings:\n" + extra
    profile.write_text(text, encoding="utf-8")
    result = run_cli("generate", DERTIENDE / "e1.yaml", "--library", library, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output + result.stderr
    annex = _texts(tmp_path / "out")["RVO-2027-0088-bijlage-social-return.docx"]
    assert "een termijn van herstel van 6 weken" in annex
    assert "een vaste boete in de zin van artikel 6:91 van het Burgerlijk Wetboek van 3% van de " in annex
    assert "Deze boetes bedragen samen ten hoogste 12% van de Social-returnverplichting." in annex
    assert "termijn van herstel van 8 weken" not in annex


def test_the_defaults_and_the_cap_not_below_one_part() -> None:
    settings = Settings()
    assert settings.plan_remedy_weeks == 8
    assert settings.plan_part_penalty_percent == Decimal(2)
    assert settings.plan_penalty_cap_percent == Decimal(10)
    with pytest.raises(Exception, match="plan_penalty_cap_percent"):
        Settings(plan_part_penalty_percent=Decimal(5), plan_penalty_cap_percent=Decimal(4))


# Thirteenth reading F MINOR-7: an Afnemer that is the Opdrachtgever itself (name equal to the
# contracting authority's name or legal_entity, case-insensitive) gave itself last and volmacht.
# f1.yaml names the Provincie Overijssel (legal_entity of "Provincie Overijssel, team Inkoop") under
# afnemers next to Gemeente Deventer and the Waterschap.

OLD_LIST = "door een Afnemer: Provincie Overijssel, Gemeente Deventer en Waterschap Drents Overijsselse Delta."
NEW_LIST = (
    "De Opdrachtgever sluit de Raamovereenkomst. Nadere overeenkomsten worden gesloten door de Opdrachtgever of "
    "door een Afnemer: Gemeente Deventer en Waterschap Drents Overijsselse Delta. Voor de Social-returnverplichting "
    "zijn de rollen als volgt verdeeld:"
)
MANDATE = (
    "Elke Afnemer die een andere rechtspersoon is dan de Opdrachtgever, geeft de Opdrachtgever last (artikel "
    "7:414 BW) en volmacht (artikel 3:60 BW) om bij de Nadere overeenkomsten van die Afnemer in zijn naam"
)
WARNING = (
    "afnemer 'Provincie Overijssel' is de Opdrachtgever zelf (Provincie Overijssel, team Inkoop), geen andere "
    "rechtspersoon: de bijlage noemt haar niet als Afnemer, en de last en volmacht aan de Opdrachtgever gelden niet "
    "voor haar; haal haar uit afnemers in de aanbesteding"
)


def _f1_variant(tmp_path: Path, afnemers: str) -> Path:
    source = (DERTIENDE / "f1.yaml").read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^afnemers: .*$", f"afnemers: {afnemers}", source)
    assert count == 1
    path = tmp_path / "f1.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_tender_annex_leaves_the_opdrachtgever_out_of_the_afnemers_and_warns(tmp_path: Path) -> None:
    result = run_cli("generate", DERTIENDE / "f1.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    assert WARNING in result.stderr
    texts = _texts(tmp_path)
    assert texts
    for name, text in texts.items():
        assert NEW_LIST in text, name
        assert MANDATE in text, name
        assert OLD_LIST not in text
        assert "Elke Afnemer geeft de Opdrachtgever last" not in text


def test_the_contract_annex_leaves_it_out_and_warns_per_contract(tmp_path: Path) -> None:
    result = run_cli("contract", DERTIENDE / "f1.yaml", DERTIENDE / "f1-gunning.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    assert f"contract PO-2027-ICT-07-H1: {WARNING}" in result.stderr
    text = _texts(tmp_path)["PO-2027-ICT-07-H1-raamovereenkomst-social-return.docx"]
    assert NEW_LIST in text
    assert MANDATE in text
    assert OLD_LIST not in text


def test_the_comparison_ignores_case_and_also_takes_the_authority_name(tmp_path: Path) -> None:
    tender = _f1_variant(tmp_path, "['provincie overijssel, TEAM INKOOP', Gemeente Deventer]")
    result = run_cli("generate", tender, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output + result.stderr
    assert "afnemer 'provincie overijssel, TEAM INKOOP' is de Opdrachtgever zelf" in result.stderr
    annex = _texts(tmp_path / "out")["PO-2027-ICT-07-bijlage-social-return.docx"]
    assert (
        "Nadere overeenkomsten worden gesloten door de Opdrachtgever of door een Afnemer: Gemeente Deventer." in annex
    )
    assert "TEAM INKOOP" not in annex


def test_other_afnemers_give_no_warning(tmp_path: Path) -> None:
    tender = _f1_variant(tmp_path, "[Gemeente Deventer, Waterschap Drents Overijsselse Delta]")
    result = run_cli("generate", tender, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output + result.stderr
    assert "is de Opdrachtgever zelf" not in result.stderr
    annex = _texts(tmp_path / "out")["PO-2027-ICT-07-bijlage-social-return.docx"]
    assert NEW_LIST in annex

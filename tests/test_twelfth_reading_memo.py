"""The motivation memo after the twelfth legal reading, on the readers' own tenders (C: catering
ZW-2027-044, two contracts of a framework with one holder per lot; D: WSRL-2027-018, a framework
with one holder, and PGL-2027-HWI-04, three holders per lot), generated through the CLI and read
back: a framework holder's amount at framework level is a raming (C MINOR-7, D MINOR-10)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURES, docx_text, run_cli

LEZING = FIXTURES / "twaalfde-lezing"


def _memo(name: str, out: Path, award: bool = True) -> str:
    """The memo's text, with the non-breaking spaces of the amounts made plain."""
    extra = ("--award", LEZING / f"{name}-gunning.yaml") if award else ()
    result = run_cli("explain", LEZING / f"{name}.yaml", "--memo", "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return re.sub(r"[ \t]+", " ", docx_text(out).replace("\u00a0", " "))


def _gunning(text: str) -> str:
    lines = text.splitlines()
    return "\n".join(lines[lines.index("Gunning") + 1 :])


def test_one_holder_per_lot_at_framework_level_is_a_raming_of_the_afroepwaarde(tmp_path: Path) -> None:
    section = _gunning(_memo("c2", tmp_path / "memo.docx"))
    assert (
        "ZW-2027-044-A – Smaakmakers Catering B.V.: percelen 1 en 3; Social-returnverplichting: 7% van de "
        "Afroepwaarde van perceel 1 (de werkelijke waarde van de Nadere overeenkomsten); raming € 196.000,00 (7% "
        "van de geraamde opdrachtwaarde € 2.800.000,00), als zodanig niet verschuldigd; toezegging 7% voor "
        "perceel 1 (Plan van aanpak als gunningscriterium);"
    ) in section
    assert (
        "ZW-2027-044-B – Sport & Smaak B.V.: perceel 2; Social-returnverplichting: 5% van de Afroepwaarde van "
        "perceel 2 (de werkelijke waarde van de Nadere overeenkomsten); raming € 45.000,00 (5% van de geraamde "
        "opdrachtwaarde € 900.000,00), als zodanig niet verschuldigd;"
    ) in section
    assert "Social-returnverplichting € 196.000,00" not in section
    assert "Social-returnverplichting € 45.000,00" not in section
    assert "(7% van de opdrachtwaarde € 2.800.000,00)" not in section


def test_one_holder_of_a_framework_is_owed_the_percentage_of_the_afroepwaarde(tmp_path: Path) -> None:
    section = _gunning(_memo("d1", tmp_path / "memo.docx"))
    assert (
        "WSRL-2027-018-RO – Glansrijk Facilitair B.V.: Social-returnverplichting: 5% van de Afroepwaarde (de "
        "werkelijke waarde van de Nadere overeenkomsten); raming € 160.000,00 (5% van de geraamde opdrachtwaarde "
        "€ 3.200.000,00), als zodanig niet verschuldigd;"
    ) in section
    assert "Social-returnverplichting € 160.000,00" not in section


def test_several_holders_the_raming_is_over_the_indicatief_aandeel(tmp_path: Path) -> None:
    section = _gunning(_memo("d2", tmp_path / "memo.docx"))
    assert (
        "PGL-2027-HWI-04-A – Ruimtekracht Advies B.V.: percelen 1 en 2; Social-returnverplichting: 4% van de "
        "Afroepwaarde (de waarde van de Nadere overeenkomsten die aan deze Opdrachtnemer worden gegund); raming "
        "over het Indicatief aandeel (gelijke verdeling over 3 houders) € 48.000,00, als zodanig niet verschuldigd;"
    ) in section
    assert "indicatief aandeel bij gelijke verdeling over 3 houders €" not in section


OLD_INTERIM = (
    "heeft gerealiseerd van zijn verplichting tot dan toe, vermenigvuldigd met het deel van de looptijd",
    "Dat is een milde toets",
    "de toets vermenigvuldigt haar dus nog eens",
)
"""The memo's interim test before the twelfth reading: without the raming as the floor."""


def test_interim_test_of_several_holders_follows_the_annex(tmp_path: Path) -> None:
    """D MINOR-9: monitoring.evaluatie v6 takes the larger of the raming and the obligation over the
    call-offs concluded so far, never more than the latter; the memo says the same."""
    text = _memo("d2", tmp_path / "memo.docx", award=False)
    assert (
        "Tussentijdse toets: bij een evaluatie toetst de opdrachtgever per perceel of de houder ten minste 50% "
        "heeft gerealiseerd van het verwachte bedrag. Het verwachte bedrag is het "
        "laagste van twee bedragen: (a) het verstreken deel van de looptijd van de raamovereenkomst maal de raming "
        "over zijn Indicatief aandeel, of maal de verplichting over de nadere overeenkomsten die tot dan toe zijn "
        "gesloten als die hoger is; (b) die verplichting zelf. Zij is al berekend over de nadere overeenkomsten tot "
        "dan toe, zodat het verstreken deel van de looptijd maar één keer meetelt."
    ) in text
    assert (
        "Na het eerste jaar van deze raamovereenkomst van 36 maanden is het verstreken deel 33,3%. Is de "
        "verplichting over de gesloten nadere overeenkomsten dan niet hoger dan 33,3% van de raming, zoals bij "
        "een afroep in het tempo van de raming, dan is het verwachte bedrag die verplichting zelf en vraagt de "
        "toets 50% daarvan. Is zij hoger, dan is het verwachte bedrag 33,3% van de raming, of van die verplichting "
        "als zij ook de raming overschrijdt, en vraagt de toets 16,7% daarvan. Minder dan 50% van de verplichting "
        "over de gesloten nadere overeenkomsten vraagt de toets dus alleen als de afroep voorloopt op de raming."
    ) in text
    for old in OLD_INTERIM:
        assert old not in text


def test_interim_test_of_one_holder_at_framework_level_is_stated_too(tmp_path: Path) -> None:
    """The annex's rule holds for one holder as well (ws-schoonmaak, 48 months; catering per lot)."""
    text = _memo("d1", tmp_path / "memo.docx", award=False)
    assert (
        "Tussentijdse toets: bij een evaluatie toetst de opdrachtgever of de opdrachtnemer ten minste 50% "
        "heeft gerealiseerd van het verwachte bedrag. Het verwachte bedrag is het "
        "laagste van twee bedragen: (a) het verstreken deel van de looptijd van de raamovereenkomst maal de raming, "
        "of maal de verplichting over de nadere overeenkomsten die tot dan toe zijn gesloten als die hoger is; (b) "
        "die verplichting zelf."
    ) in text
    assert "is het verstreken deel 25%" in text
    assert "en vraagt de toets 12,5% daarvan" in text
    catering = _memo("c2", tmp_path / "c2.docx", award=False)
    assert "Tussentijdse toets: bij een evaluatie toetst de opdrachtgever per perceel of de opdrachtnemer" in catering
    for old in OLD_INTERIM:
        assert old not in text
        assert old not in catering


def test_proportionality_names_its_legal_source_and_the_limit_as_policy(tmp_path: Path) -> None:
    """C MINOR-4: art. 1.10 Aw 2012 and the Gids Proportionaliteit; the 25% is the buyer's policy."""
    for name, profile in (("c2", "catering"), ("d1", "schoonmaak")):
        text = _memo(name, tmp_path / f"{name}.docx", award=False)
        lines = text.splitlines()
        section = lines[lines.index("Evenredigheid") + 1 :]
        assert section[0].startswith("Toets: de indicatieve arbeidsjaren per jaar mogen niet meer zijn dan 25%")
        assert section[1] == (
            "De eis van evenredigheid volgt uit artikel 1.10 Aanbestedingswet 2012 (proportionaliteit): de "
            "aanbestedende dienst stelt alleen voorwaarden die in een redelijke verhouding staan tot het voorwerp "
            "van de opdracht. Daarbij is de Gids Proportionaliteit het aangewezen richtsnoer (artikel 1.10, vierde "
            "lid, Aanbestedingswet 2012 en artikel 2 Aanbestedingsbesluit): de aanbestedende dienst past de "
            "voorschriften daarvan toe of motiveert in de aanbestedingsstukken waarom hij ervan afwijkt. De grens "
            "van 25% is geen norm uit de wet of uit de Gids Proportionaliteit, maar een beleidskeuze van de "
            "aanbestedende dienst."
        ), name
        assert (
            f"instellingen van profiel '{profile}'" in text
            and "max_person_years_per_year_share (Evenredigheid)" in text
        )


def test_a_committed_amount_in_a_framework_is_a_raming_scaled_by_the_afroepwaarde(tmp_path: Path) -> None:
    """algemeen.toezegging: in a framework the committed amount times the real value over the estimated one."""
    award = tmp_path / "gunning.yaml"
    text = (LEZING / "c2-gunning.yaml").read_text(encoding="utf-8")
    assert "commitment: {percentage: 7}" in text
    award.write_text(text.replace("commitment: {percentage: 7}", "commitment: {amount_eur: 230000}"), encoding="utf-8")
    out = tmp_path / "memo.docx"
    result = run_cli("explain", LEZING / "c2.yaml", "--memo", "-o", out, "--award", award)
    assert result.exit_code == 0, result.output
    section = _gunning(re.sub(r"[ \t]+", " ", docx_text(out).replace("\u00a0", " ")))
    assert (
        "ZW-2027-044-A – Smaakmakers Catering B.V.: percelen 1 en 3; Social-returnverplichting: de raming maal de "
        "Afroepwaarde van perceel 1 (de werkelijke waarde van de Nadere overeenkomsten), gedeeld door de geraamde "
        "opdrachtwaarde; raming € 230.000,00 (geraamde opdrachtwaarde; perceel 1: € 230.000,00 toegezegd, bij een "
        "grondslag van € 2.800.000,00), als zodanig niet verschuldigd; toezegging € 230.000,00 voor perceel 1"
    ) in section
    assert "Social-returnverplichting € 230.000,00" not in section

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

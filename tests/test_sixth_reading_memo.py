"""The memo of the sixth legal reading: the supplies memo gives the profile's reason and says that a
buyer may still choose social return where a supply holds real labour (MINOR-11); the memo gives
the reason of each choice it states, from the profile rule or setting that made it (MINOR-4)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURES, docx_text, run_cli


def _memo(tender: Path, out: Path, *extra: object) -> str:
    result = run_cli("explain", tender, "--memo", "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return re.sub(r"[ \t]+", " ", docx_text(out).replace("\u00a0", " "))


def test_the_supplies_memo_names_a_choice_of_the_profile_not_an_exclusion(tmp_path: Path) -> None:
    text = _memo(FIXTURES / "vierde-lezing" / "lev.yaml", tmp_path / "memo.docx")
    assert "leveringen vallen buiten social return" not in text
    assert (
        "Geen social-returnverplichting, omdat bij leveringen het aandeel arbeid bij de uitvoering van de opdracht "
        "doorgaans klein is; daarom stelt profiel 'leveringen' geen verplichting. Onderbouwing:"
    ) in text
    assert "Dit is een keuze van het profiel en geen wettelijke uitsluiting." in text
    assert "kan de aanbestedende dienst ook bij een levering social return als bijzondere uitvoeringsvoorwaarde" in text
    assert "(evenredigheid, artikel 1.10 Aanbestedingswet 2012)." in text


def test_a_services_memo_has_no_supplies_sentence(tmp_path: Path) -> None:
    text = _memo(FIXTURES / "zesde-lezing-x2" / "schoon.yaml", tmp_path / "memo.docx")
    assert "geen wettelijke uitsluiting" not in text


SIXTH = FIXTURES / "zesde-lezing-x2"


def test_a_lot_below_the_threshold_gets_the_reason_of_the_profiles_first_band(tmp_path: Path) -> None:
    text = _memo(SIXTH / "ict-percelen.yaml", tmp_path / "memo.docx")
    assert "arbeidsaandeel 20% is lager dan 30%: percentage 2%" in text  # the percentage's reason
    assert (
        "Profiel 'ict' stelt in zijn eerste schijf tot en met € 250.000,00 geen verplichting: bij een opdracht "
        "van die omvang staat de last van een verplichting en van de verantwoording ervan"
    ) in text
    assert text.count("stelt in zijn eerste schijf") == 1  # only lot 2 is below the threshold


def test_the_framework_memo_gives_the_reasons_of_interim_test_buy_social_and_pso(tmp_path: Path) -> None:
    for extra in ((), ("--award", SIXTH / "schoon-gunning.yaml")):
        text = _memo(SIXTH / "schoon.yaml", tmp_path / f"memo{len(extra)}.docx", *extra)
        assert "De marge van 50% laat ruimte voor de aanloop" in text
        assert "De toets is een signaal en geen sanctie" in text
        assert (
            "Buy Social vult ten hoogste 100% van de verplichting, omdat inkoop "
            "bij een sociale onderneming voor de uitvoering van de opdracht werk oplevert"
        ) in text
        assert "(gelijke behandeling, artikel 1.8 Aanbestedingswet 2012)" in text
        assert "omdat het keurmerk de sociale inzet van de hele onderneming meet" in text  # PSO, already there
        assert "Niet gekozen: een plan van aanpak; deze schijf van het profiel noemt het niet." in text

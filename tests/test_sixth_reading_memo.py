"""The memo of the sixth legal reading: the supplies memo gives the profile's reason and says that a
buyer may still choose social return where a supply holds real labour (MINOR-11)."""

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

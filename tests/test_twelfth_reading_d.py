"""The twelfth legal reading, reader D: two frameworks whose plan of approach was scored at award
(tests/fixtures/twaalfde-lezing/d1.yaml: a waterschap's schoonmaak framework with one holder;
d2.yaml: a provincie's hoogwaardige inhuur with two lots and several holders). The bundling
article excludes bundling there, but the support article offered "bundeling volgens" that article
and the Proeftuin article let work "over meer overeenkomsten heen" count (MAJOR-1); the committed
percentage was said to apply "maal de Opdrachtwaarde" (MINOR-1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, docx_text, run_cli

TWAALFDE = FIXTURES / "twaalfde-lezing"
NBSP = "\u00a0"


def _annexes(tender: Path, out: Path) -> dict[str, str]:
    result = run_cli("generate", tender, "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return {p.name: docx_text(p).replace(NBSP, " ") for p in out.glob("*.docx") if "formulier" not in p.name}


@pytest.mark.parametrize(("tender", "lots"), [("d1.yaml", "deze Raamovereenkomst"), ("d2.yaml", "de Percelen 1 en 2")])
def test_no_article_offers_bundling_that_the_bundling_article_excludes(tmp_path: Path, tender: str, lots: str):
    for name, text in _annexes(TWAALFDE / tender, tmp_path).items():
        assert "niet gebundeld, ook niet met instemming" in text, name
        assert "waaronder bundeling" not in text, name
        assert re.search(
            r"vragen om een invulling op maat, binnen het Plan van aanpak dat bij de gunning is beoordeeld: bundeling "
            r"is volgens Artikel \d+ uitgesloten\.",
            text,
        ), name
        assert "over meer overeenkomsten heen" not in text and "over meer overeenkomsten of" not in text, name
        assert f"Voor {lots} telt in een Proeftuin alleen inzet bij de uitvoering van deze Raamovereenkomst" in text, (
            name
        )


def test_where_bundling_is_allowed_the_articles_still_offer_it(tmp_path: Path):
    texts = _annexes(EXAMPLES / "beveiliging-percelen-raamovereenkomst.yaml", tmp_path)  # no scored plan
    assert len(texts) == 2
    for name, text in texts.items():
        assert "niet gebundeld, ook niet met instemming" not in text, name
        assert re.search(r"waaronder bundeling voor zover Artikel \d+ die toestaat\.", text), name
        assert "over meer overeenkomsten heen" in text, name


def test_the_committed_percentage_applies_to_the_afroepwaarde(tmp_path: Path):
    for name, text in _annexes(TWAALFDE / "d1.yaml", tmp_path).items():
        assert re.search(
            r"dan is de Social-returnverplichting dat hogere percentage maal de Afroepwaarde, vastgesteld volgens "
            r"Artikel \d+; dat percentage maal de Opdrachtwaarde is daarvan een raming\.",
            text,
        ), name
        assert "hogere percentage maal de Opdrachtwaarde" not in text, name

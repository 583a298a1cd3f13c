"""Seventeenth reading, clause texts (readers M and N).

The readers' own tenders and awards are in tests/fixtures/zeventiende-lezing/: ws (M: dijk, works,
Plan van aanpak after award for lot 1), t1 (N: ICT framework with Afnemers, per Nadere
overeenkomst), t2 (N: facilitair framework, obligation at framework level, Plan van aanpak as award
criterion, commitment 7 %)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, written_texts

ZEVENTIENDE = FIXTURES / "zeventiende-lezing"
NBSP = "\u00a0"


def _run(command: str, out: Path, *names: str) -> dict[str, str]:
    """`clausegen COMMAND` on the readers' own files, read back by file name."""
    return written_texts(out, command, *(ZEVENTIENDE / name for name in names))


@pytest.fixture(scope="module")
def ws_contract(tmp_path_factory: pytest.TempPathFactory) -> str:
    (text,) = _run("contract", tmp_path_factory.mktemp("ws"), "ws.yaml", "ws-gunning.yaml").values()
    return text


@pytest.fixture(scope="module")
def ws_tender(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {
        n: t for n, t in _run("generate", tmp_path_factory.mktemp("wst"), "ws.yaml").items() if "formulier" not in n
    }


# M MAJOR-1: a plan after award never raises the obligation, in any article


def test_a_plan_after_award_does_not_prevail_on_the_obligation(ws_contract: str, ws_tender: dict[str, str]) -> None:
    for name, text in {"contract": ws_contract, **ws_tender}.items():
        assert (
            "behalve voor zover het Plan van aanpak de Aannemer tot meer verplicht; dat laatste geldt niet voor het "
            "bedrag of percentage van de Social-returnverplichting, dat volgt uit Artikel"
        ) in text, name
        assert "Aannemer tot meer verplicht.\n" not in text, name


def test_a_revision_of_a_plan_after_award_speaks_of_no_committed_percentage(
    ws_contract: str, ws_tender: dict[str, str]
) -> None:
    for name, text in {"contract": ws_contract, **ws_tender}.items():
        assert (
            "Een bijstelling verlaagt de in het plan begrote Inspanningswaarde niet onder de Social-returnverplichting."
            in text
        ), name
        assert "toegezegde percentage" not in text, name


def test_a_change_of_value_uses_only_the_percentage_of_article_5(ws_contract: str, ws_tender: dict[str, str]) -> None:
    for name, text in {"contract": ws_contract, **ws_tender}.items():
        assert re.search(
            r"Het nieuwe bedrag is het percentage uit Artikel \d+ maal de nieuwe waarde van het Perceel\.", text
        ), name
        assert "het hogere percentage dat volgens" not in text, name
        assert "een inspanning, geen verplichting" in text, name


@pytest.fixture(scope="module")
def t2_contract(tmp_path_factory: pytest.TempPathFactory) -> str:
    (text,) = _run("contract", tmp_path_factory.mktemp("t2"), "t2.yaml", "t2-gunning.yaml").values()
    return text


@pytest.fixture(scope="module")
def t2_tender(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {
        n: t for n, t in _run("generate", tmp_path_factory.mktemp("t2t"), "t2.yaml").items() if "formulier" not in n
    }


# N MAJOR-2: the fixed boete per plan part has the raming of Artikel 5 as its base


def test_the_plan_part_boete_of_a_framework_has_the_raming_as_base(t2_contract: str, t2_tender: dict[str, str]) -> None:
    for name, text in {"contract": t2_contract, **t2_tender}.items():
        assert re.search(
            r"een vaste boete in de zin van artikel 6:91 van het Burgerlijk Wetboek van 2% van het bedrag in de "
            r"tabel van Artikel \d+, de raming van de Social-returnverplichting\. Deze boetes bedragen samen ten "
            r"hoogste 10% van dat bedrag\. Die grondslag staat vast: de vaststelling van de Social-returnverplichting "
            r"op de Afroepwaarde volgens Artikel \d+ verandert haar niet, en een boete wordt daarna niet bijgevorderd "
            r"of terugbetaald\.",
            text,
        ), name
        assert "van 2% van de Social-returnverplichting." not in text, name
        assert "10% van de Social-returnverplichting." not in text, name


# N MAJOR-3: the signed commitment is the outcome of the tender's rule, not a departure from it


def test_the_signed_commitment_applies_the_tenders_rule(t2_contract: str, t2_tender: dict[str, str]) -> None:
    (tender,) = [t for n, t in t2_tender.items() if "bijlage" in n]
    assert (
        "Noemt het plan een percentage en een bedrag die niet met elkaar overeenstemmen, dan geldt wat tot de hoogste Inspanningswaarde leidt"
        in tender
    )
    assert (
        "De toezegging uit het Plan van aanpak is vastgelegd in Artikel 6; de Social-returnverplichting volgt uit dat "
        "artikel en uit Artikel 5. Wat daar is vastgelegd, is de uitkomst van de regel van de aanbestedingsstukken: "
        "noemt het plan een percentage en een bedrag die niet met elkaar overeenstemmen, dan is vastgelegd wat tot de "
        "hoogste Inspanningswaarde leidt, en waar het plan meer vraagt dan de aanbestedingsstukken, is het meerdere "
        "vastgelegd. Een percentage of bedrag in het Plan van aanpak dat tot een lagere Inspanningswaarde leidt, "
        "verandert de Social-returnverplichting daarom niet."
    ) in t2_contract
    assert "dat daarvan afwijkt, verandert de Social-returnverplichting niet" not in t2_contract


# N MAJOR-1: voluntary bundling across creditors: the boete is shared, the Afnemer consents through the mandate


def test_voluntary_bundling_names_the_creditors_and_the_mandate(tmp_path: Path) -> None:
    texts = _run("contract", tmp_path, "t1.yaml", "t1-gunning.yaml")
    (h1,) = [t for n, t in texts.items() if "H1" in n]
    assert (
        "Hetzelfde geldt voor de boete over het gebundelde geheel bij een bundeling volgens Artikel 28: elk van hen is "
        "schuldeiser voor het deel dat naar verhouding van de waarde van de overeenkomsten die hij in die bundel met de "
        "Opdrachtnemer heeft gesloten, op hem valt. Een bundeling die een Nadere overeenkomst van een Afnemer omvat, "
        "vraagt de instemming van die Afnemer; de Opdrachtgever geeft die instemming in zijn naam volgens het volgende "
        "lid."
    ) in h1
    assert "in te stemmen met een bundeling volgens Artikel 28 en die instemming in te trekken, over de boete" in h1
    assert "een tekort vast te stellen, het tekort te melden, over de boete te beslissen" not in h1

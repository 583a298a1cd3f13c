"""Findings of the lawyer's reading in docs/juridische-toets.md, read back from the documents the
examples give through the CLI: no template placeholder in a signed text, a framework's settlement
keeps the committed percentage, a framework's change clause has its own trigger, and the first
evaluation tests recognised figures."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from tests.conftest import AWARD_EXAMPLES, EXAMPLES, TENDER_EXAMPLES, docx_text, run_cli

_PLACEHOLDER = re.compile(r"<(tender|plan|contract|profile|settings|value_table|lot)[a-z_.]*>")


def _generate(tmp_path: Path, tender: Path) -> dict[str, str]:
    out = tmp_path / tender.stem
    result = run_cli("generate", tender, "-o", out)
    assert result.exit_code == 0, result.output
    return {p.name: docx_text(p) for p in sorted(out.glob("*.docx"))}


def _contracts(tmp_path: Path, award: Path) -> dict[str, str]:
    tender = EXAMPLES / award.name.replace("-gunning", "")
    out = tmp_path / award.stem
    result = run_cli("contract", tender, award, "-o", out)
    assert result.exit_code == 0, result.output
    return {p.name: docx_text(p) for p in sorted(out.glob("*/*.docx"))}


@pytest.mark.parametrize("tender", [p.name for p in TENDER_EXAMPLES])
def test_no_document_prints_a_template_placeholder_or_a_double_space(tmp_path: Path, tender: str) -> None:
    for name, text in _generate(tmp_path, EXAMPLES / tender).items():
        assert not _PLACEHOLDER.search(text), (name, _PLACEHOLDER.search(text))
        assert not re.search(r"\S  +\S", text), (name, re.search(r".{30}\S  +\S.{30}", text))


@pytest.mark.parametrize("award", [p.name for p in AWARD_EXAMPLES])
def test_no_signed_annex_prints_a_placeholder_and_the_authority_is_the_legal_entity(tmp_path: Path, award: str) -> None:
    for name, text in _contracts(tmp_path, EXAMPLES / award).items():
        assert not _PLACEHOLDER.search(text), (name, _PLACEHOLDER.search(text))
        definition = re.search(r"^Opdrachtgever: (.+)\.$", text, re.M)
        assert definition is not None, name
        # the definition points at the parties' article, which names the legal entity that signs
        assert re.fullmatch(r"de partij die in Artikel\xa0\d+ als Opdrachtgever is genoemd", definition.group(1))
        party = re.search(r"^Opdrachtgever: (.+?)(, vertegenwoordigd door .*)?; en$", text, re.M)
        assert party is not None, name
        if "2026-0621" in name:
            assert party.group(1) == (
                "De Staat der Nederlanden (Ministerie van Voorbeeldzaken), "
                "handelend onder de naam Categoriemanagement Beveiliging"
            )


def test_framework_settlement_keeps_the_percentage_committed_in_the_plan(tmp_path: Path) -> None:
    texts = _generate(tmp_path, EXAMPLES / "beveiliging-percelen-raamovereenkomst.yaml")
    for name, text in texts.items():
        if "formulier" in name:
            continue
        settlement = text[text.index("Vaststelling op de werkelijke waarde") :]
        assert (
            "of het hogere percentage dat de Opdrachtnemer in het Plan van aanpak heeft toegezegd, maal de Afroepwaarde"
            in settlement
        ), name
        # the yearly statement of the call-offs' value is said once, in the framework article
        assert text.count("elk jaar schriftelijk de waarde mee van de Nadere overeenkomsten") == 1, name
        assert "de waarde van de tot dan gesloten Nadere overeenkomsten mee" not in text, name
        change = text[text.index("Wijziging van de waarde") : text.index("Ondersteuning door de Opdrachtgever")]
        trigger = change.index("Raamovereenkomst gewijzigd volgens de artikelen 2.163a tot en met 2.163g")
        assert trigger < change.index("Een aanpassing gaat in op de datum"), "an adjustment has its trigger before it"


def _date(text: str, label: str) -> datetime.date:
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
              "oktober", "november", "december"]  # fmt: skip
    # a row label may go on ("Eerste evaluatiegesprek, na ..."), a date may be "niet eerder dan" one
    match = re.search(rf"^{label}[^\n]*\n(?:niet eerder dan )?(\d+) (\w+) (\d{{4}})$", text, re.M)
    assert match is not None, label
    return datetime.date(int(match.group(3)), months.index(match.group(2)) + 1, int(match.group(1)))


@pytest.mark.parametrize("award", [p.name for p in AWARD_EXAMPLES])
def test_first_evaluation_follows_the_confirmed_first_report(tmp_path: Path, award: str) -> None:
    for name, text in _contracts(tmp_path, EXAMPLES / award).items():
        report = _date(text, "Eerste rapportage")
        evaluation = _date(text, "Eerste evaluatiegesprek")
        assert evaluation >= report + datetime.timedelta(weeks=6), (name, report, evaluation)
        assert "telkens nadat de Opdrachtgever een rapportage heeft bevestigd" in text, name

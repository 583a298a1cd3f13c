"""`clausegen preview CLAUSE_ID`: one clause alone, as text or Word, against a sample or a tender."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import all_xml, article_paragraphs, docx_text, run_cli
from library_builder import clause_yaml, make_library

from clausegen.review.preview import preview

TEXT = """\
De Opdrachtnemer besteedt {{ lot.obligation | euro }} aan social return.

1. Hij rapporteert {{ settings.reporting }}, zie {{ ref('monitoring.rapportage') }}.
2. Hij kiest uit:
   1. plaatsingen;
   2. leerwerkplekken.
3. Verder geldt:
   - punt een
   - punt twee

{{ tabel_percelen() }}
"""

TENDER = """\
reference: 2026-77
title: Schoonmaak stadhuis
contracting_authority: Gemeente Testdam
category: schoonmaak
contract_type: overeenkomst
value_eur: 1000000
duration_months: 36
publication_date: 2026-10-01
"""


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return make_library(
        tmp_path / "bib",
        {
            "generieke-maatregel/verplichting.yaml": clause_yaml(
                "generieke-maatregel.verplichting", TEXT, instrument="generieke-maatregel", title="Verplichting"
            ),
            "monitoring/rapportage.yaml": clause_yaml(
                "monitoring.rapportage", title="Rapportage", instrument="monitoring"
            ),
            "algemeen/gunning.yaml": clause_yaml(
                "algemeen.gunning",
                "Gunningscriterium voor {{ plan.lots | length }} opdracht.\n",
                when="plan.award_criterion",
            ),
            "algemeen/percelen.yaml": clause_yaml(
                "algemeen.percelen", "{{ lot.title }}: {{ lot.obligation | euro }}\n", when="plan.has_lots"
            ),
            "raamovereenkomst/nadere.yaml": clause_yaml(
                "raamovereenkomst.nadere",
                "Nadere overeenkomsten.\n",
                instrument="raamovereenkomst",
                documents="[raamovereenkomst]",
            ),
            "algemeen/concept.yaml": clause_yaml(
                "algemeen.concept",
                "Nieuwe tekst, zie {{ ref('algemeen.bestaat-niet') }}.\n",
                status="draft",
                reviewed_by=None,
                reviewed_on=None,
            ),  # fmt: skip
            "algemeen/oud.yaml": clause_yaml("algemeen.oud", "Oude tekst.\n", status="withdrawn"),
        },
    )


def test_text_preview_numbers_members_and_shows_the_sample(lib: Path) -> None:
    result = run_cli("preview", "generieke-maatregel.verplichting", "--library", lib)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "generieke-maatregel.verplichting (versie 1, approved) in bijlage"
    assert lines[1] == "tender: voorbeeld: overeenkomst, profiel schoonmaak, één opdracht van € 2.600.000,00 (schijf 2)"
    assert lines[3] == "Artikel 1  Verplichting"
    assert lines[4] == "De Opdrachtnemer besteedt € 130.000,00 aan social return."
    assert lines[5] == "1.1 Hij rapporteert jaarlijks, zie [artikel: Rapportage]."
    assert lines[6:9] == ["1.2 Hij kiest uit:", "    a. plaatsingen;", "    b. leerwerkplekken."]
    assert lines[9:12] == ["1.3 Verder geldt:", "  - punt een", "  - punt twee"]
    table = "\n".join(lines[12:])
    assert "Voorbeeldopdracht schoonmaakdiensten |   € 2.600.000,00 |         5% | € 130.000,00 |" in table
    assert result.stderr.splitlines() == [f"bibliotheek: {lib.resolve()} (--library)"]  # no notes


@pytest.mark.parametrize(
    ("clause_id", "expected"),
    [
        ("algemeen.gunning", "één opdracht van € 10.000.000,00 (schijf 3)"),  # when: plan.award_criterion
        ("algemeen.percelen", "twee percelen van"),  # when: plan.has_lots
        ("raamovereenkomst.nadere", "raamovereenkomst, profiel schoonmaak"),  # only in the framework annex
    ],
)
def test_sample_tender_meets_the_clause(lib: Path, clause_id: str, expected: str) -> None:
    result = preview(clause_id, library=lib)
    assert expected in result.source.replace("\u00a0", " ")
    assert result.notes == []


def test_per_lot_clause_renders_each_lot(lib: Path) -> None:
    text = preview("algemeen.percelen", library=lib).text()
    assert "Perceel 1: Noord\nNoord: € " in text and "Perceel 2: Zuid\nZuid: € " in text


def test_tender_gives_its_plan(lib: Path, tmp_path: Path) -> None:
    tender = tmp_path / "t.yaml"
    tender.write_text(TENDER)
    result = run_cli("preview", "generieke-maatregel.verplichting", "--tender", tender, "--library", lib)
    assert result.exit_code == 0, result.output
    assert f"tender: {tender}" in result.stdout
    assert "De Opdrachtnemer besteedt € 50.000,00 aan social return." in result.stdout
    # a clause whose condition does not hold for that tender is shown anyway, with a note
    result = run_cli("preview", "algemeen.gunning", "--tender", tender, "--library", lib)
    assert result.exit_code == 0
    assert "Let op: de clausule zou niet in de documenten van deze aanbesteding staan" in result.stderr
    assert "Gunningscriterium voor 1 opdracht." in result.stdout


def test_unknown_ref_is_a_placeholder_and_a_note(lib: Path) -> None:
    result = run_cli("preview", "algemeen.concept", "--library", lib)
    assert result.exit_code == 0
    assert "Nieuwe tekst, zie [artikel: onbekende bepaling 'algemeen.bestaat-niet']." in result.stdout
    assert "Let op: ref('algemeen.bestaat-niet') noemt geen clausule van de bibliotheek" in result.stderr
    english = run_cli("--lang", "en", "preview", "algemeen.concept", "--library", lib)
    assert "Note: ref('algemeen.bestaat-niet') names no clause in the library" in english.stderr


def test_withdrawn_clause_is_shown_with_a_note(lib: Path) -> None:
    result = preview("algemeen.oud", library=lib)
    assert result.notes == [
        "de clausule is ingetrokken en staat nooit in een document; toch getoond, weergegeven voor het document "
        "'bijlage'"
    ]


def test_unknown_clause_is_bad_input(lib: Path) -> None:
    result = run_cli("preview", "algemeen.onbekend", "--library", lib)
    assert result.exit_code == 2
    assert "heeft geen clausule 'algemeen.onbekend'" in result.stderr


def test_word_preview(lib: Path, tmp_path: Path) -> None:
    out = tmp_path / "voorbeeld.docx"
    result = run_cli("preview", "generieke-maatregel.verplichting", "-o", out, "--library", lib)
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    assert "Voorbeeld: Verplichting" in text
    assert "Hij rapporteert jaarlijks, zie [artikel: Rapportage]." in text
    [heading] = article_paragraphs(out)
    assert heading.text == "Verplichting"
    xml = all_xml(out)
    assert 'name="clausegen.preview"><vt:lpwstr>generieke-maatregel.verplichting</vt:lpwstr>' in xml
    assert "CONCEPT" not in xml
    assert run_cli("preview", "generieke-maatregel.verplichting", "-o", out, "--library", lib).exit_code == 2
    first = out.read_bytes()
    assert run_cli("preview", "generieke-maatregel.verplichting", "-o", out, "--force", "--library", lib).exit_code == 0
    assert out.read_bytes() == first


def test_draft_preview_is_marked_concept(lib: Path, tmp_path: Path) -> None:
    out = tmp_path / "concept.docx"
    assert run_cli("preview", "algemeen.concept", "-o", out, "--library", lib).exit_code == 0
    with zipfile.ZipFile(out) as z:
        header = next(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    assert "CONCEPT" in header


def test_form_fields_preview_as_blanks(tmp_path: Path) -> None:
    text = "Vul in.\n\n{{ invulvelden('Naam Inschrijver', 'KvK-nummer') }}\n\n{{ antwoordveld('Toelichting', 2) }}\n"
    lib = make_library(
        tmp_path / "bib",
        {
            "plan-van-aanpak/formulier.yaml": clause_yaml(
                "plan-van-aanpak.formulier", text, instrument="plan-van-aanpak", documents="[plan-van-aanpak-formulier]"
            )
        },
    )
    lines = preview("plan-van-aanpak.formulier", library=lib).text().splitlines()
    blank = "  " + "_" * 40
    assert lines[4:] == [
        "Vul in.",
        "  Naam Inschrijver:",
        blank,
        "  KvK-nummer:",
        blank,
        "  Toelichting:",
        blank,
        blank,
    ]

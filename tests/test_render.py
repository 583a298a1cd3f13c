"""Rendering: Dutch filters, the Markdown subset, and template errors that point at file:line."""

from __future__ import annotations

import datetime
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from clausegen import fmt
from clausegen.blocks import Para, Run
from clausegen.template.render import compile_text, escape_markdown, markdown_blocks, render_text

LIB = FIXTURES / "library"


def blocks(text: str) -> list:
    return markdown_blocks(text, lambda target: Run("Artikel 9", ref=target))


def test_dutch_formatting() -> None:
    assert fmt.euro(Decimal("1234567")) == "€\u00a01.234.567,00"
    assert fmt.euro(Decimal("0.5")) == "€\u00a00,50"
    assert fmt.percentage(Decimal(5)) == "5%"
    assert fmt.percentage(Decimal("2.5")) == "2,5%"
    assert fmt.datum(datetime.date(2027, 1, 15)) == "15 januari 2027"
    assert fmt.aantal(Decimal("1234")) == "1.234"
    assert fmt.aantal(Decimal("12.34"), 1) == "12,3"
    with pytest.raises(TypeError, match="Decimal"):
        fmt.euro(1.5)


def test_members_bullets_continuations_and_emphasis() -> None:
    out = blocks(
        "Inleiding met **vet** en *cursief*.\n\n"
        "1. Eerste lid.\n"
        "   - opsomming\n"
        "     - dieper\n"
        "2. Tweede lid.\n\n"
        "   Vervolg van het tweede lid.\n"
        "   a. onderdeel\n"
    )
    roles = [(b.role, b.level) for b in out]
    assert roles[:4] == [("body", 0), ("member", 0), ("bullet", 0), ("bullet", 1)]
    assert roles[4] == ("member", 0)
    assert ("continuation", 0) in roles
    intro = out[0]
    assert isinstance(intro, Para)
    assert [(r.text, r.bold, r.italic) for r in intro.runs] == [
        ("Inleiding met ", False, False),
        ("vet", True, False),
        (" en ", False, False),
        ("cursief", False, True),
        (".", False, False),
    ]


def test_nested_ordered_list_gives_sub_members() -> None:
    out = blocks("1. Lid:\n   1. eerste onderdeel\n   2. tweede onderdeel\n")
    assert [b.role for b in out] == ["member", "sub", "sub"]


def test_markdown_table() -> None:
    (table,) = blocks("| Blok | Waarde |\n|---|---:|\n| A | € 1 |\n| B | € 2 |\n")
    assert table.header == ("Blok", "Waarde")
    assert table.rows == (("A", "€ 1"), ("B", "€ 2"))
    assert table.align == ("left", "right")


def test_values_are_text_not_markdown() -> None:
    template = compile_text("{{ title }}\n")
    text = render_text(template, {"title": "1. Schoonmaak *alles* | # kop"})
    (para,) = blocks(text)
    assert para.role == "body"
    assert para.text == "1. Schoonmaak *alles* | # kop"
    assert escape_markdown("a\nb") == "a b"


def test_headings_links_and_html_stay_literal() -> None:
    out = blocks("# Geen kop\n\n[link](http://x) <b>html</b> `code`\n")
    assert [b.text for b in out] == ["# Geen kop", "[link](http://x) <b>html</b> `code`"]


def _library_with(tmp_path: Path, text: str) -> Path:
    lib = tmp_path / "lib"
    shutil.copytree(LIB, lib)
    clause = lib / "clauses" / "monitoring" / "sancties.yaml"
    source = clause.read_text(encoding="utf-8")
    head = source.split("text: |")[0]
    clause.write_text(head + "text: |\n" + text, encoding="utf-8")
    return lib


def _fixture_tender(tmp_path: Path, example: Path) -> Path:
    """The example tender with a Doelgroep the fixture library's schoonmaak profile and value table
    accept (its table has Statushouders alone in category B of this Doelgroep)."""
    text = example.read_text(encoding="utf-8")
    path = tmp_path / "aanbesteding.yaml"
    path.write_text(
        re.sub(r"(?m)^target_groups: .*$", "target_groups: [banenafspraak, participatiewet]", text), encoding="utf-8"
    )
    return path


def test_undefined_variable_is_an_error_with_file_and_line(tmp_path: Path, example: Path) -> None:
    lib = _library_with(tmp_path, "  Eerste regel.\n\n  Hersteltermijn: {{ settings.hersteltermijn }} maanden.\n")
    result = run_cli("generate", _fixture_tender(tmp_path, example), "-o", tmp_path / "out", "--library", lib)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.startswith(f"Error: {lib / 'clauses' / 'monitoring' / 'sancties.yaml'}:")
    line = int(message.split("sancties.yaml:")[1].split(":")[0])
    lines = (lib / "clauses" / "monitoring" / "sancties.yaml").read_text().splitlines()
    assert "hersteltermijn" in lines[line - 1]
    assert "hersteltermijn" in message
    assert not (tmp_path / "out").exists()


def test_ref_to_a_clause_outside_the_document_is_an_error(tmp_path: Path, example: Path) -> None:
    lib = _library_with(tmp_path, "  Zie {{ ref('monitoring.bestaat-niet') }}.\n")
    result = run_cli("generate", _fixture_tender(tmp_path, example), "-o", tmp_path / "out", "--library", lib)
    assert result.exit_code == 2
    assert "ref('monitoring.bestaat-niet')" in result.stderr
    assert "sancties.yaml:" in result.stderr

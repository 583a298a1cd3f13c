"""No string round trip: the refs, tables and fill-in fields of a clause are built once, as
blocks, and reach the Markdown stage through the render's side table. Private-use markers in a
tender or a clause text can never make a field or a table."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import run_cli
from test_sandbox import TENDER, make_library

from clausegen.api import prepare, render_documents
from clausegen.blocks import Fields, Para, Run, Table
from clausegen.documents.assemble import base_context, build_document, select
from clausegen.errors import ClausegenError
from clausegen.template.render import CLOSE, NONCE, OPEN, Placeholders, markdown_blocks

OLD_FIELDS = OPEN + "T:velden:" + json.dumps({"labels": ["Naam"], "lines": 1}).encode().hex() + CLOSE
"""What a fill-in field looked like in rendered text before the side table."""
OLD_TABLE = OPEN + "T:percelen" + CLOSE
FORGED = (OLD_FIELDS, OLD_TABLE, f"{OPEN}{'0' * 32}:{'0' * 16}{CLOSE}", f"{OPEN}{NONCE}:{'0' * 16}{CLOSE}")
"""Old-style markers, a token with a wrong nonce, and one with the right nonce but no object."""


def ref(target: str) -> Run:
    return Run("Artikel 9", ref=target)


def test_a_helper_object_reaches_the_blocks_as_it_was_built() -> None:
    table = Placeholders()
    fields = Fields(("Naam", "Functie"), 1)
    lots = Table(header=("A",), rows=(("1",),))
    text = f"Vul in.\n{table.add(fields)}Zie {table.add(dataclasses.replace(lots))}"
    blocks = markdown_blocks(text, ref, table)
    assert blocks == [Para((Run("Vul in."),)), fields, Para((Run("Zie"),)), lots]
    assert blocks[1] is fields


def test_a_ref_is_resolved_in_its_line() -> None:
    table = Placeholders()
    from clausegen.template.render import ref_placeholder

    (para,) = markdown_blocks(f"Zie **{ref_placeholder(table, 'a.b')}** hier.", ref, table)
    assert para.runs == (Run("Zie "), Run("Artikel 9", bold=True, ref="a.b"), Run(" hier."))


@pytest.mark.parametrize("forged", FORGED)
def test_a_marker_no_helper_made_is_refused(forged: str) -> None:
    for text in (forged, f"Tekst {forged} tekst"):
        with pytest.raises(ClausegenError, match="veldmarkering die clausegen niet heeft gemaakt"):
            markdown_blocks(text, ref, Placeholders())


def test_a_token_of_another_render_is_refused() -> None:
    other = Placeholders()
    token = other.add(Fields(("Naam",)))
    with pytest.raises(ClausegenError, match="veldmarkering die clausegen niet heeft gemaakt"):
        markdown_blocks(str(token), ref, Placeholders())
    assert markdown_blocks(str(token), ref, other) == [Fields(("Naam",))]


@pytest.mark.parametrize("forged", FORGED)
def test_a_clause_text_holding_markers_makes_no_field(forged: str, tmp_path: Path) -> None:
    literal = forged.replace(OPEN, "\\ue000").replace(CLOSE, "\\ue001")
    lib, clause = make_library(tmp_path, f'Regel.\n\n{{{{ "{literal}" | safe }}}}')
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    result = run_cli("generate", tender, "-o", tmp_path / "out", "--library", lib)
    assert result.exit_code == 2
    assert "U+E000, dat clausegen voor zijn eigen velden en tabellen gebruikt" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("forged", FORGED)
def test_markers_written_into_the_clause_source_make_no_field(forged: str, tmp_path: Path) -> None:
    """A marker typed into the template itself is refused when the library is read; were it to
    reach the Markdown stage, it is not in the side table (test_a_marker_no_helper_made_is_refused)."""
    lib, clause = make_library(tmp_path, "Regel.\n\n" + forged)
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    result = run_cli("generate", tender, "-o", tmp_path / "out", "--library", lib)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {clause}:10: ")
    assert "U+E000" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("forged", [OLD_FIELDS, OLD_TABLE])
def test_a_tender_file_with_markers_is_refused(forged: str, tmp_path: Path) -> None:
    """Input validation refuses the markers in every text of a tender (kept as before)."""
    escaped = forged.replace(OPEN, "\\ue000").replace(CLOSE, "\\ue001")
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER.replace("title: Schoonmaak kantoren Zwolle", f'title: "X{escaped}"'), encoding="utf-8")
    result = run_cli("generate", tender, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "U+E000" in result.stderr and "verwijder het" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("forged", FORGED)
def test_a_tender_past_validation_with_markers_makes_no_field(forged: str, tmp_path: Path) -> None:
    """Even a tender that skipped validation (built in Python) cannot inject a field or table:
    its text is data, and data never holds a marker."""
    lib, _ = make_library(tmp_path, "Aanbesteding {{ tender.title }}, perceel {{ plan.lots[0].title }}.")
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    prepared = prepare(tender, lib)
    forged_tender = prepared.tender.model_copy(update={"title": f"Schoonmaak {forged}"})
    inputs = dataclasses.replace(prepared.inputs, tender=forged_tender)
    with pytest.raises(ClausegenError, match="U\\+E000, dat clausegen voor zijn eigen velden en tabellen gebruikt"):
        render_documents(dataclasses.replace(prepared, inputs=inputs))
    assembly = select(prepared.library, inputs, "bijlage", allow_draft=False)
    context = base_context(inputs, "bijlage")
    assert context.placeholders is not None and "placeholders" not in context
    with pytest.raises(ClausegenError):
        build_document(assembly, inputs, prepared.library.fingerprint)


def test_fields_and_tables_come_out_as_blocks(tmp_path: Path) -> None:
    lib, _ = make_library(
        tmp_path,
        "Vul in.\n\n{{ invulvelden('Naam', 'Functie') }}\n\n{{ antwoordveld('Toelichting', 3) }}\n\n"
        "{{ tabel_percelen() }}\n\n{{ tabel_bouwblokken() }}",
    )
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    prepared = prepare(tender, lib)
    assembly = select(prepared.library, prepared.inputs, "bijlage", allow_draft=False)
    spec = build_document(assembly, prepared.inputs, prepared.library.fingerprint)
    blocks = spec.articles[0].blocks
    assert blocks[1:3] == (Fields(("Naam", "Functie"), 1), Fields(("Toelichting",), 3))
    assert isinstance(blocks[3], Table) and blocks[3].header[0] == "Perceel"
    assert isinstance(blocks[4], Table) and blocks[4].header[0] == "Bouwblok"
    assert not any(OPEN in para.text for para in blocks if isinstance(para, Para))


def test_the_same_object_gives_the_same_token_in_every_document() -> None:
    """So a clause renders to the same text in each document and its Markdown is parsed once."""
    from clausegen.template.render import Ref

    first, second = Placeholders(), Placeholders()
    assert first.add(Ref("a.b")) == second.add(Ref("a.b")) != first.add(Ref("a.c"))
    assert first.add(Fields(("Naam",))) == second.add(Fields(("Naam",)))

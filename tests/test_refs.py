"""Cross-references: every `ref()` is a Word REF field to a bookmark on the target article
heading, with that article's number as its cached text; LibreOffice, which recomputes REF
fields from the bookmark, prints the same text."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli, to_pdf_text
from docx.oxml.ns import qn
from hostdocs import REF_CLAUSE, host_document, library_with, part, style_of, tender_file

from clausegen.documents.assemble import bookmark

PER_LOT_REF = """\
id: monitoring.bewijs
title: Bewijsstukken
version: 1
status: approved
reviewed_by: Juridische Zaken
reviewed_on: 2026-11-01
instrument: monitoring
documents: [overeenkomst]
order: 850
text: |
  Voor perceel {{ lot.id }} levert de Opdrachtnemer de bewijsstukken bij de rapportage volgens **{{ ref('monitoring.rapportage') }}**.
"""


@pytest.fixture
def generated(tmp_path: Path) -> tuple[Path, dict]:
    library = library_with(
        tmp_path,
        {"clauses/monitoring/rapportage.yaml": REF_CLAUSE, "clauses/monitoring/bewijs.yaml": PER_LOT_REF},
    )
    out = tmp_path / "out"
    host = host_document(tmp_path / "leidraad.docx")
    result = run_cli("generate", tender_file(tmp_path), "-o", out, "--into", host, "--library", library)
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def ref_fields(body) -> list[dict]:  # noqa: ANN001
    """Each complex field in document order: its instruction, cached result and formatting."""
    fields = []
    current = None
    for run in body.iter(qn("w:r")):
        char = run.find(qn("w:fldChar"))
        kind = char.get(qn("w:fldCharType")) if char is not None else None
        if kind == "begin":
            current = {"instr": "", "result": "", "state": "instr", "bold": run.find(f"{qn('w:rPr')}/{qn('w:b')}")}
        elif kind == "separate" and current is not None:
            current["state"] = "result"
        elif kind == "end" and current is not None:
            fields.append(current)
            current = None
        elif current is not None:
            if current["state"] == "instr":
                current["instr"] += "".join(t.text or "" for t in run.iter(qn("w:instrText")))
            else:
                current["result"] += "".join(t.text or "" for t in run.iter(qn("w:t")))
    return [f for f in fields if f["instr"].split()[0] == "REF"]


def article_bookmarks(body) -> dict[str, tuple[int, str]]:  # noqa: ANN001
    """Bookmark name -> (article number, heading text) for bookmarks on article headings,
    counting the headings from the first one after the last section break (the annex)."""
    marks: dict[str, tuple[int, str]] = {}
    number = 0
    for paragraph in body.iter(qn("w:p")):
        if paragraph.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            number = 0
        starts = [b.get(qn("w:name")) for b in paragraph.iter(qn("w:bookmarkStart"))]
        if style_of(paragraph) == "Artikelkop":
            number += 1
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
            for name in starts:
                marks[name] = (number, text)
        else:
            assert not any(name.startswith("_Art_") for name in starts), "an article bookmark off its heading"
    return marks


def test_every_ref_is_a_ref_field_with_the_target_number(generated: tuple[Path, dict]) -> None:
    out, manifest = generated
    seen = 0
    for document in manifest["documents"]:
        body = part(out / document["path"], "word/document.xml")
        fields = ref_fields(body)
        marks = article_bookmarks(body)
        numbers = {c["id"]: c["article"] for c in document["clauses"]}
        assert fields, document["kind"]
        for field in fields:
            words = field["instr"].split()
            assert words[0] == "REF" and words[2:] == ["\\r", "\\h"], field["instr"]
            assert words[1] in marks, f"{document['kind']}: REF to a bookmark that is not on an article heading"
            number, _ = marks[words[1]]
            assert field["result"] == f"Artikel\u00a0{number}"
            seen += 1
        # the bookmark of each clause sits on that clause's own heading
        for clause_id, article in numbers.items():
            assert marks[bookmark(clause_id)][0] == article
        text = "".join(t.text or "" for t in body.iter(qn("w:t")))
        assert "ref(" not in text and "\ue000" not in text
    assert seen >= 3 + 3 + 3 + 2  # bijlage, overeenkomst, samengesteld; the per-lot ref twice


def test_ref_formatting_and_per_lot_refs(generated: tuple[Path, dict]) -> None:
    out, manifest = generated
    document = next(d for d in manifest["documents"] if d["kind"] == "overeenkomst")
    body = part(out / document["path"], "word/document.xml")
    target = bookmark("monitoring.rapportage")
    per_lot = [f for f in ref_fields(body) if f["instr"].split()[1] == target and f["bold"] is not None]
    assert len(per_lot) == 2, "the per-lot clause refers once per lot, in bold"
    article = next(c["article"] for c in document["clauses"] if c["id"] == "monitoring.rapportage")
    assert all(f["result"] == f"Artikel\u00a0{article}" for f in per_lot)


def test_bookmark_ids_and_names_unique_after_composing(generated: tuple[Path, dict]) -> None:
    out, manifest = generated
    for document in manifest["documents"]:
        body = part(out / document["path"], "word/document.xml")
        ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
        names = [b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))]
        ends = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkEnd"))]
        assert len(ids) == len(set(ids)) and len(names) == len(set(names))
        assert sorted(ids) == sorted(ends)


def _spoil_cached_results(source: Path, target: Path) -> int:
    """A copy whose REF cached results all read 'Artikel 99' (what a stale cache would show)."""
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    pattern = re.compile(
        r"(REF _Art_\w+ \\r \\h </w:instrText></w:r><w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?"
        r'<w:fldChar w:fldCharType="separate"/></w:r><w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?'
        r'<w:t xml:space="preserve">)Artikel\u00a0\d+'
    )
    xml, count = pattern.subn(r"\1Artikel 99", xml)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(target, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return count


def test_libreoffice_recomputes_refs_to_the_cached_text(generated: tuple[Path, dict], tmp_path: Path) -> None:
    """LibreOffice computes REF fields from the bookmarked heading's number: a copy whose cached
    results are wrong prints exactly what the real file prints, so the cache is what an update gives."""
    out, manifest = generated
    real = [out / d["path"] for d in manifest["documents"] if d["kind"] in ("overeenkomst", "samengesteld")]
    spoiled_dir = tmp_path / "spoiled"
    spoiled_dir.mkdir()
    spoiled = []
    for path in real:
        copy = spoiled_dir / path.name
        assert _spoil_cached_results(path, copy) >= 3
        spoiled.append(copy)
    texts = to_pdf_text(real + spoiled)
    for path, copy in zip(real, spoiled, strict=True):
        assert "Artikel 99" not in texts[copy]
        assert texts[copy] == texts[path]
        assert re.search(r"verplichting\s+uit\s+Artikel\s+3", texts[path]), path.name
    shutil.rmtree(spoiled_dir)


def test_ref_to_a_clause_outside_the_document_is_an_error(tmp_path: Path) -> None:
    broken = REF_CLAUSE.replace("ref('algemeen.overzicht')", "ref('monitoring.sancties')")
    library = library_with(tmp_path, {"clauses/monitoring/rapportage.yaml": broken})
    out = tmp_path / "out"
    result = run_cli("generate", tender_file(tmp_path), "-o", out, "--library", library)
    assert result.exit_code == 2
    assert "rapportage.yaml" in result.stderr
    assert (
        "ref('monitoring.sancties') verwijst naar een clausule die niet in het document 'bijlage' staat"
        in result.stderr
    )
    assert not out.exists()

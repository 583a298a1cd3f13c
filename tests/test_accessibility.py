"""Accessible documents: the generated .docx and PDF/A files pass `clausegen check --documents`,
and each kind of problem is found with its WCAG criterion."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
from conftest import EXAMPLES, run_cli, to_pdf
from docx.shared import RGBColor
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_every_generated_document_and_pdf_passes(published) -> None:  # noqa: ANN001
    for outdir, manifest in published.values():
        result = run_cli("check", "--documents", outdir)
        assert result.exit_code == 0, result.output
        count = sum(1 for d in manifest["documents"] if d.get("format") in (None, "pdf"))
        assert f"{count} documenten gecontroleerd, 0 bevindingen" in result.stderr + result.stdout


def test_generated_docx_is_dutch_titled_and_its_tables_are_named(tmp_path: Path) -> None:
    result = run_cli("generate", EXAMPLES / "schoonmaak-den-haag.yaml", "-o", tmp_path)
    assert result.exit_code == 0
    path = next(tmp_path.glob("*-bijlage-*.docx"))
    with zipfile.ZipFile(path) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
        body = etree.fromstring(package.read("word/document.xml"))
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == "nl-NL"
    runs = list(body.iter(f"{W}r"))
    assert runs and all(r.find(f"{W}rPr/{W}lang").get(f"{W}val") == "nl-NL" for r in runs)
    tables = list(body.iter(f"{W}tbl"))
    assert tables and all(t.find(f"{W}tblPr/{W}tblCaption") is not None for t in tables)
    headed = [t for t in tables if t.find(f"{W}tblPr/{W}tblLook").get(f"{W}firstRow") == "1"]
    assert headed and all(t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None for t in headed)
    assert docx.Document(str(path)).core_properties.title.startswith("Bijlage Social Return")


def _bad_docx(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = ""
    document.add_heading("Hoofdstuk", level=1)
    document.add_heading("Te diep", level=3)
    run = document.add_paragraph().add_run("Let op: rood")
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Kop"
    document.save(str(path))
    with zipfile.ZipFile(path) as zin:
        items = [(i, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item, data in items:
            if item.filename == "word/styles.xml":
                root = etree.fromstring(data)
                lang = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
                if lang is not None:
                    lang.set(f"{W}val", "en-US")
                data = etree.tostring(root)
            zout.writestr(item, data)
    return path


def test_problems_in_a_docx_are_listed_with_their_criterion(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _bad_docx(folder / "slecht.docx")
    result = run_cli("check", "--documents", folder)
    assert result.exit_code == 1
    out = result.stdout
    assert "slecht.docx: de standaardtaal van de stijlen is niet Nederlands (w:lang) (WCAG 3.1.1)" in out
    assert "slecht.docx: geen titel in de documenteigenschappen (WCAG 2.4.2)" in out
    assert "slecht.docx: kopniveau 3 na niveau 1: 'Te diep' (WCAG 1.3.1)" in out
    assert "slecht.docx: tekst alleen door kleur onderscheiden: 'Let op: rood' (WCAG 1.4.1)" in out
    assert "slecht.docx: tabel 1 heeft geen bijschrift of beschrijving (WCAG 1.3.1)" in out


def test_an_untagged_pdf_is_found(tmp_path: Path) -> None:
    result = run_cli("generate", EXAMPLES / "catering-kantine-klein.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 0
    source = next((tmp_path / "out").glob("*.docx"))
    plain = to_pdf([source])[source]  # LibreOffice's default export: no tags, no PDF/A
    folder = tmp_path / "pdf"
    folder.mkdir()
    shutil.copy(plain, folder / "gewoon.pdf")
    result = run_cli("check", "--documents", folder)
    assert result.exit_code == 1
    assert "gewoon.pdf: geen structuurboom (/StructTreeRoot): de PDF is niet getagd (WCAG 1.3.1)" in result.stdout
    assert "gewoon.pdf: geen PDF/A-identificatie (pdfaid:part/conformance) in de XMP (PDF/A-2)" in result.stdout


def test_check_documents_needs_a_folder(tmp_path: Path) -> None:
    result = run_cli("check", "--documents", tmp_path / "weg")
    assert result.exit_code == 2 and "bestaat niet" in result.stderr

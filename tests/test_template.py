"""generate --template: the buyer's house style (styles, fonts, header logo, margins) in the
stand-alone documents; missing styles and lists added; bad files are one-line errors."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import docx_text, run_cli, to_pdf_text
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from hostdocs import (
    by_attr,
    canonical,
    drop_numbering,
    library_with,
    numbering_in_schema_order,
    part,
    part_names,
    png_bytes,
    style_of,
    tender_file,
    word_numbering_end,
)

HOUSE_FONT = "Georgia"


def buyer_template(path: Path, *, numbering: bool = True, dotx: bool = False) -> Path:
    """A Dutch buyer's house-style document: localized heading ids (Kop1), no Title, Subtitle or
    Header style, its own font and margins, a header with a logo, and sample body text."""
    document = docx.Document()
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = HOUSE_FONT
    normal.font.size = Pt(11)
    normal.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    heading = styles["Heading 1"]
    heading.font.color.rgb = RGBColor(0x00, 0x66, 0x33)
    renames = {"Normal": "Standaard", "Heading1": "Kop1", "Heading2": "Kop2"}  # ids as in a Dutch Word
    for style in styles.element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) in renames:
            style.set(qn("w:styleId"), renames[style.get(qn("w:styleId"))])
        for link in style.findall(qn("w:basedOn")) + style.findall(qn("w:next")) + style.findall(qn("w:link")):
            if link.get(qn("w:val")) in renames:
                link.set(qn("w:val"), renames[link.get(qn("w:val"))])
    for style in list(styles.element.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) in ("Title", "TitleChar", "Subtitle", "SubtitleChar", "Header", "HeaderChar"):
            styles.element.remove(style)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3.5), Cm(2)
    paragraph = section.header.paragraphs[0]
    paragraph.text = "Gemeente Voorbeeld – Inkoop"
    logo = path.parent / "logo.png"
    logo.write_bytes(png_bytes())
    paragraph.add_run().add_picture(str(logo), width=Cm(3))
    document.add_paragraph("Sjabloontekst die niet in de bijlage hoort.")
    word_numbering_end(document)
    document.save(str(path))
    if not numbering or dotx:
        _rewrite(path, numbering=numbering, dotx=dotx)
    return path


def _rewrite(path: Path, *, numbering: bool, dotx: bool) -> None:
    if not numbering:
        drop_numbering(path)
    if dotx:
        with zipfile.ZipFile(path) as package:
            parts = {name: package.read(name) for name in package.namelist()}
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"document.main+xml", b"template.main+xml")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, data)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return library_with(tmp_path)


def generate(tmp_path: Path, library: Path, template: Path, out_name: str = "out") -> tuple[Path, dict]:
    out = tmp_path / out_name
    result = run_cli("generate", tender_file(tmp_path), "-o", out, "--template", template, "--library", library)
    assert result.exit_code == 0, result.output + result.stderr
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_house_style_is_kept_and_missing_styles_added(tmp_path: Path, library: Path) -> None:
    template = buyer_template(tmp_path / "huisstijl.docx")
    out, manifest = generate(tmp_path, library, template)
    template_styles = by_attr(part(template, "word/styles.xml"), "w:style", "w:styleId")
    for document in manifest["documents"]:
        path = out / document["path"]
        styles_root = part(path, "word/styles.xml")
        styles = by_attr(styles_root, "w:style", "w:styleId")
        ids = [s.get(qn("w:styleId")) for s in styles_root.iter(qn("w:style"))]
        assert len(ids) == len(set(ids))
        # the buyer's own styles, fonts and colours are untouched
        for style_id in ("Standaard", "Kop1", "Kop2"):
            assert canonical(styles[style_id]) == canonical(template_styles[style_id]), style_id
        # ... except the document language, which is Dutch (WCAG 3.1.1; docs/toegankelijkheid.md)
        ours = styles_root.find(qn("w:docDefaults"))
        theirs = part(template, "word/styles.xml").find(qn("w:docDefaults"))
        for defaults in (ours, theirs):
            lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
            if defaults is ours:
                assert lang.get(qn("w:val")) == "nl-NL"
            if lang is not None:
                lang.getparent().remove(lang)
        assert canonical(ours) == canonical(theirs)
        # clausegen's heading builds on the buyer's "heading 1" and its text styles on the buyer's
        # Normal, whatever their ids; no style refers to an id that does not exist
        assert styles["Artikelkop"].find(qn("w:basedOn")).get(qn("w:val")) == "Kop1"
        for style_id in ("Lid", "Artikeltekst", "Tabeltekst", "Title", "Subtitle"):
            assert styles[style_id].find(qn("w:basedOn")).get(qn("w:val")) == "Standaard", style_id
        for link in styles_root.iter(qn("w:basedOn"), qn("w:next"), qn("w:link")):
            assert link.get(qn("w:val")) in styles, link.get(qn("w:val"))
        assert "Normal" not in styles
        # the styles the template lacked are added and used
        for missing in ("Title", "Subtitle", "Header"):
            assert missing in styles
        body = part(path, "word/document.xml")
        used = {style_of(p) for p in body.iter(qn("w:p"))}
        assert {"Title", "Subtitle", "Artikelkop", "Lid"} <= used
        assert "Sjabloontekst" not in docx_text(path)
        assert numbering_in_schema_order(part(path, "word/numbering.xml"))
        # the buyer's header: logo and text kept, clausegen's line added
        headers = [n for n in part_names(path) if n.startswith("word/header")]
        header_xml = "".join("".join(part(path, n).itertext()) for n in headers)
        assert "Gemeente Voorbeeld – Inkoop" in header_xml
        assert "2026-0142" in header_xml
        assert any(part(path, n).find(".//" + qn("w:drawing")) is not None for n in headers)
        assert any(n.startswith("word/media/") for n in part_names(path))
        # tables fill the buyer's text width (21 - 3,5 - 2 cm)
        widths = {int(w.get(qn("w:w"))) for w in body.iter(qn("w:tblW"))}
        assert len(widths) == 1 and abs(widths.pop() - Cm(15.5) / 635) <= 1


def test_house_style_renders_in_libreoffice(tmp_path: Path, library: Path) -> None:
    template = buyer_template(tmp_path / "huisstijl.docx")
    out, manifest = generate(tmp_path, library, template)
    paths = [out / d["path"] for d in manifest["documents"]]
    texts = to_pdf_text(paths)
    for path in paths:
        text = texts[path]
        assert "Gemeente Voorbeeld – Inkoop" in text
        assert "Artikel 1" in text and "Artikel 2" in text
        assert "1.1" in text
    with zipfile.ZipFile(paths[0]) as package:
        fonts = package.read("word/styles.xml").decode()
    assert HOUSE_FONT in fonts


def test_template_without_numbering_part(tmp_path: Path, library: Path) -> None:
    template = buyer_template(tmp_path / "zonder-nummering.docx", numbering=False)
    assert "word/numbering.xml" not in part_names(template)
    out, manifest = generate(tmp_path, library, template)
    path = out / manifest["documents"][0]["path"]
    numbering = part(path, "word/numbering.xml")
    names = [n.get(qn("w:val")) for n in numbering.iter(qn("w:name"))]
    assert names.count("clausegen-artikelen") == 1
    assert [p for p in part(path, "word/document.xml").iter(qn("w:p")) if style_of(p) == "Artikelkop"]


def test_word_template_dotx_is_accepted(tmp_path: Path, library: Path) -> None:
    template = buyer_template(tmp_path / "huisstijl.dotx", dotx=True)
    out, manifest = generate(tmp_path, library, template)
    for document in manifest["documents"]:
        path = out / document["path"]
        types = zipfile.ZipFile(path).read("[Content_Types].xml")
        assert b"document.main+xml" in types and b"template.main+xml" not in types
        docx.Document(str(path))


def test_same_template_same_bytes(tmp_path: Path, library: Path) -> None:
    template = buyer_template(tmp_path / "huisstijl.docx")
    first, manifest = generate(tmp_path, library, template, "a")
    second, _ = generate(tmp_path, library, template, "b")
    for document in manifest["documents"]:
        assert (first / document["path"]).read_bytes() == (second / document["path"]).read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "het sjabloon bestaat niet"),
        (b"geen Word-document", "het sjabloon is geen Word-bestand (.docx)"),
        (b"PK\x05\x06" + b"\x00" * 18, "het sjabloon is geen Word-bestand (.docx)"),
    ],
)
def test_bad_template_is_a_user_error(tmp_path: Path, library: Path, content: bytes | None, message: str) -> None:
    template = tmp_path / "huisstijl.docx"
    if content is not None:
        template.write_bytes(content)
    out = tmp_path / "out"
    result = run_cli("generate", tender_file(tmp_path), "-o", out, "--template", template, "--library", library)
    assert result.exit_code == 2
    assert f"huisstijl.docx: {message}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_spreadsheet_as_template_is_a_user_error(tmp_path: Path, library: Path) -> None:
    """An Office file of another kind (here: a workbook's content type) is refused clearly."""
    template = buyer_template(tmp_path / "werkmap.docx")
    with zipfile.ZipFile(template) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    )
    with zipfile.ZipFile(template, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    out = tmp_path / "out"
    result = run_cli("generate", tender_file(tmp_path), "-o", out, "--template", template, "--library", library)
    assert result.exit_code == 2
    assert "werkmap.docx: het sjabloon is geen " in result.stderr and "Word-bestand (.docx)" in result.stderr
    assert not out.exists()

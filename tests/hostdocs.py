"""Buyer-like Word documents built with python-docx for the compose and template tests, a small
copy-and-extend library helper, and readers for the XML parts of a .docx."""

from __future__ import annotations

import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import docx
from conftest import FIXTURES, ROOT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

TENDER = """\
reference: 2026-0142
title: Schoonmaakdiensten kantoren Den Haag
contracting_authority: Ministerie van Voorbeeldzaken
category: schoonmaak
contract_type: overeenkomst
value_eur: 2400000
duration_months: 48
publication_date: 2026-12-01
lots:
  - id: 1
    title: Den Haag Centrum
    value_eur: 1500000
  - id: 2
    title: Den Haag Zuid
    value_eur: 900000
"""

REF_CLAUSE = """\
id: monitoring.rapportage
title: Rapportage
version: 1
status: approved
reviewed_by: Juridische Zaken
reviewed_on: 2026-11-01
instrument: monitoring
documents: [bijlage, overeenkomst, raamovereenkomst]
order: 800
text: |
  1. De Opdrachtnemer rapporteert {{ settings.reporting }} over de invulling van de verplichting uit {{ ref('generieke-maatregel.verplichting') }}.
  2. De begrippen staan in {{ ref('algemeen.definities') }}; de omvang in {{ ref('algemeen.overzicht') }}.
"""


def png_bytes(width: int = 40, height: int = 20) -> bytes:
    """A small solid PNG (a stand-in for a buyer's logo), made without an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x1f\x4e\x79" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def library_with(tmp_path: Path, extra: dict[str, str] | None = None, base: Path | None = None) -> Path:
    """A copy of a library (default: the test fixture library) with extra or replaced files."""
    target = tmp_path / "library"
    shutil.copytree(base or FIXTURES / "library", target)
    for relative, text in (extra or {}).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


def real_library_copy(tmp_path: Path, name: str = "library") -> Path:
    """A copy of the embedded default library (clauses/ and profiles/), to change in a test."""
    target = tmp_path / name
    for sub in ("clauses", "profiles"):
        shutil.copytree(ROOT / sub, target / sub)
    return target


def tender_file(tmp_path: Path, text: str = TENDER, name: str = "tender.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _bookmark(paragraph, bookmark_id: int, name: str, start: bool) -> None:  # noqa: ANN001
    if start:
        mark = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{bookmark_id}" w:name="{name}"/>')
        paragraph._p.r_lst[0].addprevious(mark)  # after the pPr and any bookmark started before
    else:
        paragraph._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{bookmark_id}"/>'))


def host_document(
    path: Path,
    *,
    logo: bool = True,
    own_lid_style: bool = False,
    letter: bool = True,
    numbered_headings: bool = False,
    artikelkop_name: bool = False,
) -> Path:
    """A buyer's tender document: headings, a custom style, its own numbered list (List Number,
    restarted once with its own w:num), nested bookmarks, and a header with a logo and text."""
    document = docx.Document()
    section = document.sections[0]
    if not letter:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
    styles = document.styles
    own = styles.add_style("Kopertekst", WD_STYLE_TYPE.PARAGRAPH)
    own.base_style = styles["Normal"]
    own.font.italic = True
    own.font.size = Pt(11)
    own.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    if own_lid_style:
        lid = styles.add_style("Lid", WD_STYLE_TYPE.PARAGRAPH)  # the buyer's own "Lid" (member) style
        lid.base_style = styles["Normal"]
        lid.font.bold = True
        lid.font.size = Pt(13)
    word_numbering_end(document)
    if numbered_headings:
        _number_headings(document)
    if artikelkop_name:  # the buyer's own style that happens to be named like clausegen's heading
        own_article = styles.add_style("Artikelkop", WD_STYLE_TYPE.PARAGRAPH)
        own_article.element.set(qn("w:styleId"), "KoperArtikel")
        own_article.font.underline = True
    first = document.add_heading("Aanbestedingsleidraad", level=1)
    _bookmark(first, 1, "Buiten", start=True)
    _bookmark(first, 2, "Binnen", start=True)
    document.add_paragraph("De koper schrijft zijn eigen leidraad.", style="Kopertekst")
    closing = document.add_paragraph("Einde van de inleiding.")
    _bookmark(closing, 2, "Binnen", start=False)  # nested: Binnen ends before Buiten
    _bookmark(closing, 1, "Buiten", start=False)
    for text in ("Eerste eis van de koper", "Tweede eis van de koper", "Derde eis van de koper"):
        document.add_paragraph(text, style="List Number")
    if own_lid_style:
        document.add_paragraph("Een lid in de eigen stijl van de koper.", style="Lid")
    if artikelkop_name:
        document.add_paragraph("Een artikel in de eigen stijl van de koper.", style="Artikelkop")
    document.add_heading("Procedure", level=1 if numbered_headings else 2)
    document.add_paragraph("De procedure verloopt zoals hieronder.", style="Kopertekst")
    header = section.header
    paragraph = header.paragraphs[0]
    paragraph.text = "Koperskop Ministerie van Voorbeeldzaken"
    if logo:
        image = path.parent / "logo.png"
        image.write_bytes(png_bytes())
        paragraph.add_run().add_picture(str(image), width=Cm(2))
    section.footer.paragraphs[0].text = "Voettekst van de koper"
    document.save(str(path))
    return path


def drop_numbering(path: Path) -> None:
    """Remove the numbering part (as in documents that never had a list) from a .docx in place."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    del parts["word/numbering.xml"]
    rels = parts["word/_rels/document.xml.rels"].decode()
    start = rels.rfind("<Relationship ", 0, rels.index("numbering.xml"))
    parts["word/_rels/document.xml.rels"] = (rels[:start] + rels[rels.index("/>", start) + 2 :]).encode()
    types = parts["[Content_Types].xml"].decode()
    start = types.rfind("<Override ", 0, types.index("/word/numbering.xml"))
    parts["[Content_Types].xml"] = (types[:start] + types[types.index("/>", start) + 2 :]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def word_numbering_end(document) -> None:  # noqa: ANN001
    """End the numbering part the way Word does, with w:numIdMacAtCleanup after the last w:num."""
    numbering = document.part.numbering_part.element
    last = max(int(n.get(qn("w:numId"))) for n in numbering.iter(qn("w:num")))
    numbering.append(parse_xml(f'<w:numIdMacAtCleanup {nsdecls("w")} w:val="{last}"/>'))


def numbering_in_schema_order(numbering: etree._Element) -> bool:
    """w:numPicBullet*, w:abstractNum*, w:num*, w:numIdMacAtCleanup? (ECMA-376 CT_Numbering)."""
    rank = {qn("w:numPicBullet"): 0, qn("w:abstractNum"): 1, qn("w:num"): 2, qn("w:numIdMacAtCleanup"): 3}
    ranks = [rank[child.tag] for child in numbering if child.tag in rank]
    return ranks == sorted(ranks)


def _number_headings(document) -> None:  # noqa: ANN001
    """Link the buyer's Heading 1 to a list of its own ("1.", "2.", ...), as Word does."""
    numbering = document.part.numbering_part.element
    abstract_id = 1 + max(int(a.get(qn("w:abstractNumId"))) for a in numbering.iter(qn("w:abstractNum")))
    num_id = 1 + max(int(n.get(qn("w:numId"))) for n in numbering.iter(qn("w:num")))
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:nsid w:val="1A2B3C4D"/>'
        '<w:multiLevelType w:val="multilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="%1."/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>'
    )
    numbering.findall(qn("w:num"))[0].addprevious(abstract)
    numbering.findall(qn("w:num"))[-1].addnext(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    )
    ppr = document.styles["Heading 1"].element.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def by_attr(root: etree._Element, tag: str, attr: str) -> dict[str, etree._Element]:
    return {el.get(qn(attr)): el for el in root.iter(qn(tag))}


def canonical(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n")


def list_name(numbering: etree._Element, num_id: str) -> str | None:
    nums = by_attr(numbering, "w:num", "w:numId")
    abstract_id = nums[num_id].find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = by_attr(numbering, "w:abstractNum", "w:abstractNumId")[abstract_id]
    name = abstract.find(qn("w:name"))
    return name.get(qn("w:val")) if name is not None else None


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def style_of(p: etree._Element) -> str | None:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def num_id_of(p: etree._Element) -> str | None:
    num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return num.get(qn("w:val")) if num is not None else None

"""`generate --odt`: the OpenDocument keeps the article numbering and the cross-reference texts
of the .docx (read back with odfpy)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml.ns import qn
from odf import opendocument, teletype
from odf.namespaces import TEXTNS
from odf.text import Bookmark, BookmarkRef, BookmarkStart, H, ListLevelStyleNumber, ListStyle


def _docx_numbers_and_refs(path: Path) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Bookmark -> article number, and (bookmark, cached text) of every REF field, from the .docx."""
    body = docx.Document(str(path)).element.body
    numbers = {}
    for p in body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) == "Artikelkop":
            mark = p.find(qn("w:bookmarkStart"))
            numbers[mark.get(qn("w:name"))] = len(numbers) + 1
    refs = []
    xml = body.xml
    for target, cached in re.findall(r"REF (\S+) \\r \\h </w:instrText>.*?<w:t[^>]*>([^<]*)</w:t>", xml, re.S):
        refs.append((target, cached))
    return numbers, refs


def _odt_numbers_and_refs(path: Path) -> tuple[dict[str, int], list[tuple[str, str]], set[str]]:
    doc = opendocument.load(str(path))
    numbers = {}
    styles = set()
    for heading in doc.getElementsByType(H):
        marks = heading.getElementsByType(BookmarkStart) + heading.getElementsByType(Bookmark)
        names = [m.getAttrNS(TEXTNS, "name") for m in marks]
        names = [n for n in names if n.startswith("_Art_")]
        if names:
            numbers[names[0]] = len(numbers) + 1
            parent = heading.parentNode.parentNode  # text:list-item -> text:list
            styles.add(parent.getAttrNS(TEXTNS, "style-name"))
            assert parent.getAttrNS(TEXTNS, "continue-numbering") in (None, "true") or len(numbers) == 1
    refs = [(r.getAttrNS(TEXTNS, "ref-name"), teletype.extractText(r)) for r in doc.getElementsByType(BookmarkRef)]
    prefixes = set()
    for style in doc.styles.getElementsByType(ListStyle) + doc.automaticstyles.getElementsByType(ListStyle):
        if style.getAttribute("name") in styles:
            for level in style.getElementsByType(ListLevelStyleNumber):
                if level.getAttrNS(TEXTNS, "level") == "1":
                    prefixes.add(level.getAttribute("numprefix"))
    return numbers, refs, prefixes


def test_odt_numbering_and_references_match_the_docx(published) -> None:  # noqa: ANN001
    checked = 0
    for outdir, manifest in published.values():
        for entry in manifest["documents"]:
            if entry.get("format") != "odt":
                continue
            numbers, refs = _docx_numbers_and_refs(outdir / entry["source"])
            odt_numbers, odt_refs, prefixes = _odt_numbers_and_refs(outdir / entry["path"])
            assert odt_numbers == numbers, entry["path"]
            assert [(t, c.replace("\xa0", " ")) for t, c in odt_refs] == [(t, c.replace("\xa0", " ")) for t, c in refs]
            for target, text in odt_refs:
                assert text.replace("\xa0", " ") == f"Artikel {odt_numbers[target]}"
            assert prefixes and all(p and p.startswith("Artikel") for p in prefixes), prefixes
            checked += 1
    assert checked >= 5

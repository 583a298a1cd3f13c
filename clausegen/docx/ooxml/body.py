"""Small pieces of WordprocessingML the writer, the base template, `verify` and the package checks
need around the body: clearing it down to its page setup, the section properties, the empty
paragraphs of a new header, paragraph and run properties, and the article headings of a document."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

SMALL = '<w:sz w:val="16"/>'
"""Run property: 8 pt (in half points), for headers and footers."""
DRAFT_RED = '<w:color w:val="C00000"/>'
"""Run property: the red of the CONCEPT mark."""


def justify(value: str) -> str:
    """Paragraph property: alignment (`left`, `center`, `right`, `both`)."""
    return f'<w:jc w:val="{value}"/>'


def left_indent(twips: int) -> str:
    """Paragraph property: left indentation in twips."""
    return f'<w:ind w:left="{twips}"/>'


def empty_styles() -> bytes:
    """An empty styles part (`w:styles` without children)."""
    return f"<w:styles {nsdecls('w')}/>".encode()


def main_body(document_element: etree._Element) -> etree._Element | None:
    """The `w:body` of a main document part, or None when the part has none."""
    return document_element.find(qn("w:body"))


def section_properties(body: etree._Element) -> etree._Element | None:
    """The body's final `w:sectPr` (page size, margins, header and footer references)."""
    return body.find(qn("w:sectPr"))


def clear_body(body: etree._Element) -> None:
    """Remove all content of the body and keep its page setup (`w:sectPr`)."""
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def drop_empty_paragraphs(part_element: etree._Element) -> None:
    """Drop the paragraphs without text or picture a new header or footer starts with."""
    for p in part_element.findall(qn("w:p")):
        if (
            not "".join(str(t) for t in p.itertext()).strip()
            and p.find(".//" + qn("w:drawing")) is None
            and p.find(".//" + qn("w:pict")) is None
        ):
            part_element.remove(p)


def paragraphs(element: etree._Element) -> list[etree._Element]:
    """Every `w:p` below the element, in document order."""
    return list(element.iter(qn("w:p")))


def is_paragraph(element: etree._Element) -> bool:
    return bool(element.tag == qn("w:p"))


def paragraph_style(p: etree._Element) -> str | None:
    """The style id of a paragraph (`w:pPr/w:pStyle/@w:val`), None when it has none."""
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def set_base_language(styles: etree._Element) -> None:
    """The base template's default language: Dutch text, with Word's own defaults for East Asian
    and complex scripts (`w:docDefaults/w:rPrDefault/w:rPr/w:lang`)."""
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is None:
        raise ValueError("the default document has no w:docDefaults/w:rPrDefault/w:rPr")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang)
    lang.set(qn("w:val"), "nl-NL")
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "ar-SA")

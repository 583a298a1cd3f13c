"""A redline document with real tracked changes (ECMA-376 §17.13.5: `w:ins`, `w:del`, and
inserted/deleted paragraph marks in `w:pPr/w:rPr`), so Word and LibreOffice can accept or
reject every change. The one place clausegen writes revision markup.

The input is neutral (paragraphs of same/inserted/deleted segments); nothing here knows clauses."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from . import ooxml
from .package import package_bytes
from .writer import SMALL, core_text, empty_body, header_footer, open_template, set_custom_properties

Change = Literal["same", "ins", "del"]
Role = Literal["heading", "label", "meta", "source", "note"]


@dataclass(frozen=True)
class Segment:
    text: str
    change: Change = "same"


@dataclass(frozen=True)
class ChangePara:
    """One paragraph; `mark` says whether its paragraph mark was inserted or deleted (which
    is what joins or splits paragraphs when a change is accepted)."""

    segments: tuple[Segment, ...]
    role: Role = "source"
    mark: Change = "same"


@dataclass(frozen=True)
class RedlineDoc:
    title: str
    subtitle: str
    header_text: str
    info: tuple[tuple[str, str], ...]
    paragraphs: tuple[ChangePara, ...]
    author: str
    date: datetime.datetime
    custom: dict[str, str] = field(default_factory=dict)


class _Revisions:
    """Numbers every revision (w:id must be unique in the document) with one author and date."""

    def __init__(self, author: str, date: datetime.datetime) -> None:
        self.next_id = 1
        self.attrs_tail = f' w:author={ooxml.xq(author)} w:date="{date.strftime("%Y-%m-%dT%H:%M:%SZ")}"'

    def attrs(self) -> str:
        value = f' w:id="{self.next_id}"{self.attrs_tail}'
        self.next_id += 1
        return value

    def segment(self, segment: Segment, rpr: str = "") -> str:
        rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        if segment.change == "same":
            return ooxml.run_xml(segment.text, extra_rpr=rpr)
        if segment.change == "ins":
            return f"<w:ins{self.attrs()}>{ooxml.run_xml(segment.text, extra_rpr=rpr)}</w:ins>"
        deleted = f'<w:delText xml:space="preserve">{ooxml.xt(segment.text)}</w:delText>'
        return f"<w:del{self.attrs()}><w:r>{rpr_xml}{deleted}</w:r></w:del>"

    def mark(self, change: Change) -> str:
        """The paragraph mark's w:rPr (last in w:pPr, as the schema orders it)."""
        if change == "same":
            return ""
        return f"<w:rPr><w:{change}{self.attrs()}/></w:rPr>"


def write_redline(doc: RedlineDoc) -> bytes:
    """The redline as .docx bytes on the base template (same input, same bytes)."""
    document = open_template(None)
    styles = document.styles.element
    ids = ooxml.ensure_styles(styles, document.part.numbering_part.element)
    heading = ooxml.heading_style_id(styles) or ooxml.LOT_STYLE
    body_el = document.element.body
    text_width = empty_body(document)
    revisions = _Revisions(doc.author, doc.date)
    style_of = {
        "heading": heading,
        "label": ooxml.NOTE_STYLE,
        "meta": ooxml.BODY_STYLE,
        "source": ooxml.BODY_STYLE,
        "note": ooxml.NOTE_STYLE,
    }
    parts = [
        ooxml.paragraph_xml(ids.title, ooxml.run_xml(doc.title)),
        ooxml.paragraph_xml(ids.subtitle, ooxml.run_xml(doc.subtitle)),
        ooxml.table_xml(None, doc.info, ("left", "left"), (30, 70), None, text_width),
        ooxml.paragraph_xml(ooxml.BODY_STYLE, ""),
    ]
    for para in doc.paragraphs:
        rpr = "<w:b/>" if para.role == "label" else ""
        runs = "".join(revisions.segment(segment, rpr) for segment in para.segments if segment.text)
        keep = "<w:keepNext/>" if para.role in ("heading", "label") else ""
        parts.append(ooxml.paragraph_xml(style_of[para.role], runs, ppr_extra=keep + revisions.mark(para.mark)))
    sect_pr = body_el.find(qn("w:sectPr"))
    for element in ooxml.body_fragment(parts):
        sect_pr.addprevious(element) if sect_pr is not None else body_el.append(element)
    header_footer(document.sections[0], ids, ooxml.run_xml(doc.header_text, extra_rpr=SMALL))
    _properties(document, doc)
    return package_bytes(document.part.package)


def _properties(document: DocxDocument, doc: RedlineDoc) -> None:
    core = document.core_properties
    core.title = core_text(doc.title)
    core.subject = core_text(doc.subtitle)
    core.author = core_text(doc.author)
    core.last_modified_by = core_text(doc.author)
    core.keywords = "redline; clausulebibliotheek"
    core.language = "nl-NL"
    core.category = "redline"
    core.revision = 1
    core.created = doc.date
    core.modified = doc.date
    set_custom_properties(document, doc.custom)

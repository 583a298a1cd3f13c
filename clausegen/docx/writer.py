"""DocumentSpec -> .docx bytes: title block, numbered articles, tables, header and footer,
core and custom properties, with fixed timestamps so equal input gives equal bytes."""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.package import Package
from docx.parts.numbering import NumberingPart
from docx.parts.styles import StylesPart
from docx.section import Section
from docx.shared import Mm, Twips
from lxml.etree import _Element

from ..blocks import Article, Block, DocumentSpec, Fields, Image, Para, Table
from ..errors import ClausegenError
from . import ooxml
from .package import package_bytes, package_entries, stored_zip
from .safezip import not_word, read_package, require_body

BASE_TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "basis.docx"

_ROLE_STYLE = {
    "body": ooxml.BODY_STYLE,
    "member": ooxml.MEMBER_STYLE,
    "sub": ooxml.SUB_STYLE,
    "bullet": ooxml.BULLET_STYLE,
    "continuation": ooxml.CONTINUATION_STYLE,
    "lot-heading": ooxml.LOT_STYLE,
    "note": ooxml.NOTE_STYLE,
}


def open_template(template: Path | None) -> docx.document.Document:
    """The base template, or the buyer's own .docx or .dotx (whose styles and header are kept),
    read within the limits of `safezip` (no macros, no external parts, no zip bombs)."""
    path = Path(template or BASE_TEMPLATE)
    advice = "docx.advice-template"
    data = read_package(path, "template", advice)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a file that is not a .docx
        raise not_word(path, "template", advice, exc.__class__.__name__) from None
    require_body(document, "template", path, advice)
    return document


@functools.lru_cache(maxsize=8)
def _prepared(path: Path, mtime_ns: int, size: int) -> tuple[bytes, ooxml.StyleIds, bytes | None]:  # noqa: ARG001
    """The template with clausegen's lists and styles added, kept as an uncompressed package:
    adding them (and inflating the template) is done once per template file (path, mtime and
    size are the cache key), not per document. The styles part (350 KB in the base template) is
    returned apart as bytes, with a stub in its place, so documents need not parse it again."""
    document = open_template(path)
    ids = ooxml.ensure_styles(document.styles.element, numbering_element(document))
    entries = package_entries(document.part.package)
    styles_part = document.part.part_related_by(RT.STYLES)
    if len(styles_part.rels):  # not seen in practice; keep such a part as it is
        return stored_zip(entries), ids, None
    name = styles_part.partname.membername
    styles = next(data for member, data in entries if member == name)
    stub = ooxml.empty_styles()
    return stored_zip((member, stub if member == name else data) for member, data in entries), ids, styles


class _PreparedStylesPart(StylesPart):
    """The prepared template's styles: parsed only if something reads or changes them, and
    otherwise written out as the bytes prepared once (what serialising them would give)."""

    def __init__(self, partname: PackURI, content_type: str, blob: bytes, package: Package) -> None:
        self._parsed: BaseOxmlElement | None = None
        Part.__init__(self, partname, content_type, package=package)
        self._prepared_blob = blob

    @property
    def _element(self) -> BaseOxmlElement:
        if self._parsed is None:
            self._parsed = parse_xml(self._prepared_blob)
        return self._parsed

    @_element.setter
    def _element(self, element: BaseOxmlElement) -> None:
        self._parsed = element

    @property
    def blob(self) -> bytes:
        return self._prepared_blob if self._parsed is None else serialize_part_xml(self._parsed)


def numbering_element(document: docx.document.Document) -> BaseOxmlElement:
    """The document's w:numbering, adding an empty numbering part where a document has none
    (python-docx 1.x raises NotImplementedError there instead of creating one)."""
    try:
        numbering: BaseOxmlElement = document.part.numbering_part.element
        return numbering
    except NotImplementedError:
        part = NumberingPart(
            PackURI("/word/numbering.xml"), CT.WML_NUMBERING, ooxml.empty_numbering(), document.part.package
        )
        document.part.relate_to(part, RT.NUMBERING)
        created: BaseOxmlElement = part.element
        return created


def open_prepared(template: Path | None) -> tuple[docx.document.Document, ooxml.StyleIds]:
    """A fresh document from the template with clausegen's styles and lists, and their ids."""
    path = Path(template or BASE_TEMPLATE)
    try:
        stat = path.stat()
    except OSError:
        open_template(path)  # raises the ClausegenError that names the problem
        raise
    data, ids, styles = _prepared(path.resolve(), stat.st_mtime_ns, stat.st_size)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # e.g. an entity its DOCTYPE declared (never resolved), dangling after saving
        detail = f"{exc.__class__.__name__}: {str(exc)[:120]}"
        raise ClausegenError(code="docx.template-unusable", params={"detail": detail}, path=path) from None
    if styles is not None:
        for rel in document.part.rels.values():
            if rel.reltype == RT.STYLES:
                stub = rel.target_part
                rel._target = _PreparedStylesPart(stub.partname, stub.content_type, styles, stub.package)
    return document, ids


def _runs_xml(para: Para) -> str:
    parts = []
    for run in para.runs:
        if run.ref:
            parts.append(ooxml.ref_field_xml(run.ref, run.text, run.bold, run.italic))
        else:
            parts.append(ooxml.run_xml(run.text, run.bold, run.italic))
    return "".join(parts)


class _Body:
    """Collects body XML for one document, with the list ids and text width it needs."""

    def __init__(self, ids: ooxml.StyleIds, text_width: int, document: docx.document.Document | None = None) -> None:
        self.ids = ids
        self.document = document
        self.pictures = 0
        self.article_num = ids.article_num
        self.bullet_num = ids.bullet_num
        self.text_width = text_width
        self.parts: list[str | _Element] = []
        """Body XML in order: strings, and each tagged article as the element it was parsed into."""
        self.bookmark_id = 0
        self.air = -1
        """Index in `parts` of the last empty paragraph written after a table."""

    def end(self) -> None:
        """The document ends with a table (a form's signature fields): the empty paragraph after
        it, which Word requires, becomes 1 pt high without spacing, so that it cannot spill onto a
        blank last page when the table fills the page (review §6)."""
        if self.parts and self.air == len(self.parts) - 1:
            self.parts[-1] = ooxml.end_paragraph_xml(ooxml.BODY_STYLE)

    def picture(self, image: Image) -> None:
        """The image as a part of the package and a centred paragraph that shows it."""
        if self.document is None:
            raise ValueError("an image needs the document it becomes a part of")
        width = min(Mm(image.width_mm), Twips(self.text_width))
        inline = self.document.part.new_pic_inline(io.BytesIO(image.data), width=width)
        self.pictures += 1
        self.parts.append(
            ooxml.picture_paragraph_xml(ooxml.BODY_STYLE, inline, 1000 + self.pictures, image.description)
        )

    def block(self, block: Block) -> None:
        if isinstance(block, Image):
            self.picture(block)
            return
        if isinstance(block, Fields):
            self.parts.append(ooxml.fields_xml(block.labels, block.lines, self.text_width))
            self.parts.append(ooxml.paragraph_xml(ooxml.BODY_STYLE, ""))
            self.air = len(self.parts) - 1
            return
        if isinstance(block, Table):
            self.parts.append(
                ooxml.table_xml(
                    block.header,
                    block.rows,
                    block.align,
                    block.widths,
                    block.total,
                    self.text_width,
                    fields=block.fields,
                )  # fmt: skip
            )
            self.parts.append(ooxml.paragraph_xml(ooxml.BODY_STYLE, ""))  # air after a table
            self.air = len(self.parts) - 1
            return
        style = _ROLE_STYLE[block.role]
        num = None
        if block.role == "member":
            num = (self.article_num, 1)
        elif block.role == "sub":
            num = (self.article_num, 2)
        elif block.role == "bullet":
            num = (self.bullet_num, min(block.level, 2))
        indent = ""
        if block.role == "continuation" and block.level:
            indent = ooxml.left_indent(ooxml.INDENT + 425 * block.level)
        self.parts.append(ooxml.paragraph_xml(style, _runs_xml(block), num, ppr_extra=indent))

    def article(self, article: Article, last: bool = False) -> None:
        self.bookmark_id += 1
        start = len(self.parts)
        self.parts.append(
            ooxml.paragraph_xml(
                ooxml.ARTICLE_STYLE,
                ooxml.run_xml(article.title),
                (self.article_num, 0),
                bookmark=(self.bookmark_id, article.bookmark),
            )
        )
        for block in article.blocks:
            self.block(block)
        if last:
            self.end()
        if article.clause_id:
            parts = cast("list[str]", self.parts[start:])  # strings only: articles do not nest
            sdt = ooxml.tagged_article(parts, article.clause_id, article.version, article.title)
            self.parts[start:] = [sdt]  # kept parsed: serialising and parsing it again gives the same tree

    def elements(self) -> Iterator[_Element]:
        """The body's elements in order: the strings between articles parsed in one call each."""
        pending: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                pending.append(part)
                continue
            if pending:
                yield from ooxml.body_fragment(pending)
                pending = []
            yield part
        if pending:
            yield from ooxml.body_fragment(pending)


def _title_block(spec: DocumentSpec, body: _Body) -> None:
    if spec.draft:
        body.parts.append(
            ooxml.paragraph_xml(
                ooxml.DRAFT_STYLE,
                ooxml.run_xml("CONCEPT – bevat bepalingen die nog niet zijn goedgekeurd"),
            )
        )
    body.parts.append(ooxml.paragraph_xml(body.ids.title, ooxml.run_xml(spec.title)))
    body.parts.append(ooxml.paragraph_xml(body.ids.subtitle, ooxml.run_xml(spec.subtitle)))
    body.parts.append(
        ooxml.table_xml(
            None, spec.info, ("left", "left"), (35, 65), None, body.text_width, caption="Gegevens van het document"
        )
    )
    body.parts.append(ooxml.paragraph_xml(ooxml.BODY_STYLE, ""))
    for block in spec.intro:
        body.block(block)


def _clear_empty(part_element: _Element) -> None:
    """Drop the empty paragraphs a new header or footer starts with; keep a buyer's logo and text."""
    ooxml.drop_empty_paragraphs(part_element)


SMALL = ooxml.SMALL


def header_footer(section: Section, ids: ooxml.StyleIds, header_runs: str) -> None:
    """`header_runs` right-aligned in the header, 'pagina X van Y' centred in the footer.

    A buyer's own header and footer content (a logo, an address) is kept; ours is added below it."""
    header = section.header
    header.is_linked_to_previous = False
    _clear_empty(header._element)
    header._element.append(
        ooxml.element(ooxml.paragraph_xml(ids.header, header_runs, ppr_extra=ooxml.justify("right")))
    )
    footer = section.footer
    footer.is_linked_to_previous = False
    _clear_empty(footer._element)
    runs = (
        ooxml.run_xml("pagina ", extra_rpr=SMALL)
        + ooxml.field_xml("PAGE", "1", extra_rpr=SMALL)
        + ooxml.run_xml(" van ", extra_rpr=SMALL)
        + ooxml.field_xml("NUMPAGES", "1", extra_rpr=SMALL)
    )
    footer._element.append(ooxml.element(ooxml.paragraph_xml(ids.footer, runs, ppr_extra=ooxml.justify("center"))))


def _header_footer(document: docx.document.Document, spec: DocumentSpec, ids: ooxml.StyleIds) -> None:
    runs = ooxml.run_xml(spec.header_text, extra_rpr=SMALL)
    if spec.draft:
        concept = ooxml.run_xml("CONCEPT  ", bold=True, extra_rpr=ooxml.DRAFT_RED)
        runs = ooxml.watermark_run_xml("CONCEPT") + concept + runs
    header_footer(document.sections[0], ids, runs)


CORE_TEXT_MAX = 255
"""python-docx (and Word) hold at most this many characters in a core property (title, author)."""


def core_text(value: str, limit: int = CORE_TEXT_MAX) -> str:
    """A core property value shortened with an ellipsis where it is longer than the limit
    (a 300-character contracting authority); the document text itself keeps it whole."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "\u2026"


def _properties(document: docx.document.Document, spec: DocumentSpec, created: datetime.datetime) -> None:
    core = document.core_properties
    core.title = core_text(spec.core.get("title", spec.title))
    core.subject = core_text(spec.core.get("subject", ""))
    core.keywords = core_text(spec.core.get("keywords", ""))
    core.author = core_text(spec.core.get("author", ""))
    core.last_modified_by = "clausegen"
    core.language = "nl-NL"
    core.category = spec.kind
    core.revision = 1
    core.created = created
    core.modified = created
    set_custom_properties(document, spec.custom)


def set_custom_properties(
    document: docx.document.Document, values: dict[str, str], keep_existing: bool = False
) -> None:
    """docProps/custom.xml with `values` (python-docx has no API for custom properties); with
    `keep_existing`, the document's own custom properties stay."""
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == ooxml.CUSTOM_RT:
            existing = rel.target_part.blob if keep_existing else None
            rel.target_part._blob = ooxml.custom_properties_xml(values, existing)
            return
    blob = ooxml.custom_properties_xml(values)
    package.relate_to(Part(PackURI("/docProps/custom.xml"), ooxml.CUSTOM_CT, blob, package), ooxml.CUSTOM_RT)


def _drop_thumbnail(document: docx.document.Document) -> None:
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]


def empty_body(document: docx.document.Document) -> int:
    """Remove the template's body content (keeping its page setup); returns the text width in twips."""
    body_el = document.element.body
    ooxml.clear_body(body_el)
    section = document.sections[0]
    width = section.page_width or Twips(11906)
    return max(int((width - (section.left_margin or 0) - (section.right_margin or 0)) / 635), 2000)


def write_docx(spec: DocumentSpec, template: Path | None, created: datetime.datetime) -> bytes:
    """The finished .docx for one DocumentSpec."""
    document, ids = open_prepared(template)
    body_el = document.element.body
    body = _Body(ids, empty_body(document), document)
    if spec.numbering == "memo":
        body.article_num = ooxml.ensure_list(numbering_element(document), ooxml.MEMO_LIST)
    _title_block(spec, body)
    for index, article in enumerate(spec.articles, 1):
        body.article(article, last=index == len(spec.articles))
    sect_pr = ooxml.section_properties(body_el)
    for element in body.elements():
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:
            body_el.append(element)
    _header_footer(document, spec, ids)
    _properties(document, spec, created)
    _drop_thumbnail(document)
    return package_bytes(document.part.package)

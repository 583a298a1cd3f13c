"""All raw WordprocessingML that clausegen writes, with names from the standard (ECMA-376):
the article numbering (`w:abstractNum`/`w:num`), the styles linked to it, paragraphs and runs,
complex fields (`w:fldChar`/`w:instrText`), bookmarks, tables and the custom-properties part.

Nothing else in clausegen builds `w:` XML."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ARTICLE_LIST = "clausegen-artikelen"
BULLET_LIST = "clausegen-opsomming"

# Paragraph and table styles clausegen needs; added to any template that lacks them.
ARTICLE_STYLE = "Artikelkop"
MEMBER_STYLE = "Lid"
SUB_STYLE = "Sublid"
BODY_STYLE = "Artikeltekst"
CONTINUATION_STYLE = "Lidvervolg"
BULLET_STYLE = "Opsomming"
LOT_STYLE = "Perceelkop"
NOTE_STYLE = "Toelichting"
CELL_STYLE = "Tabeltekst"
DRAFT_STYLE = "Conceptmarkering"
TABLE_STYLE = "TabelSocialReturn"

INDENT = 709  # 1.25 cm in twentieths of a point
HANGING_ARTICLE = 1418


def _lvl(ilvl: int, fmt: str, text: str, style: str | None, left: int, hanging: int, rpr: str = "") -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
        f'<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>'
        f'<w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>{rpr}</w:lvl>'
    )


def _article_abstract(abstract_id: int) -> str:
    levels = [
        _lvl(0, "decimal", "Artikel %1", ARTICLE_STYLE, HANGING_ARTICLE, HANGING_ARTICLE),
        _lvl(1, "decimal", "%1.%2", MEMBER_STYLE, INDENT, INDENT),
        _lvl(2, "lowerLetter", "%3.", SUB_STYLE, INDENT + 425, 425),
    ]
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:nsid w:val="5C1A0A01"/><w:multiLevelType w:val="multilevel"/><w:tmpl w:val="5C1A0A01"/>'
        f'<w:name w:val="{ARTICLE_LIST}"/>{"".join(levels)}</w:abstractNum>'
    )


def _bullet_abstract(abstract_id: int) -> str:
    marks = ["\u2022", "\u2013", "\u25aa"]
    levels = [
        _lvl(i, "bullet", mark, BULLET_STYLE if i == 0 else None, INDENT + 425 * (i + 1), 425)
        for i, mark in enumerate(marks)
    ]
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:nsid w:val="5C1A0B01"/><w:multiLevelType w:val="hybridMultilevel"/><w:tmpl w:val="5C1A0B01"/>'
        f'<w:name w:val="{BULLET_LIST}"/>{"".join(levels)}</w:abstractNum>'
    )


def _abstract_named(numbering, name: str):  # noqa: ANN001, ANN202
    for abstract in numbering.findall(qn("w:abstractNum")):
        el = abstract.find(qn("w:name"))
        if el is not None and el.get(qn("w:val")) == name:
            return abstract
    return None


def _num_for(numbering, abstract_id: str) -> str | None:  # noqa: ANN001
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is not None and ref.get(qn("w:val")) == abstract_id and num.find(qn("w:lvlOverride")) is None:
            return num.get(qn("w:numId"))
    return None


def _next_id(numbering, tag: str, attr: str) -> int:  # noqa: ANN001
    ids = [int(el.get(qn(attr))) for el in numbering.findall(qn(tag)) if (el.get(qn(attr)) or "").isdigit()]
    return max(ids, default=0) + 1


def _append_num(numbering, element) -> None:  # noqa: ANN001
    """Append after the last definition but before Word's closing w:numIdMacAtCleanup (schema order)."""
    cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(element)
    else:
        numbering.append(element)


def ensure_list(numbering, name: str) -> str:  # noqa: ANN001
    """The numId of clausegen's article or bullet list, adding its definition if missing."""
    abstract = _abstract_named(numbering, name)
    if abstract is None:
        abstract_id = _next_id(numbering, "w:abstractNum", "w:abstractNumId")
        build = _article_abstract if name == ARTICLE_LIST else _bullet_abstract
        abstract = parse_xml(build(abstract_id))
        nums = numbering.findall(qn("w:num"))
        if nums:
            nums[0].addprevious(abstract)  # every w:abstractNum precedes every w:num (schema order)
        else:
            _append_num(numbering, abstract)
    abstract_id = abstract.get(qn("w:abstractNumId"))
    num_id = _num_for(numbering, abstract_id)
    if num_id is None:
        num_id = str(_next_id(numbering, "w:num", "w:numId"))
        _append_num(
            numbering,
            parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'),
        )
    return num_id


def restart_list(numbering, name: str) -> str:  # noqa: ANN001
    """A new w:num over the named list whose levels restart at 1 (w:lvlOverride/w:startOverride)."""
    abstract = _abstract_named(numbering, name)
    abstract_id = abstract.get(qn("w:abstractNumId"))
    num_id = str(_next_id(numbering, "w:num", "w:numId"))
    overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>' for i in range(3))
    _append_num(
        numbering,
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
        ),
    )
    return num_id


def _num_pr(num_id: str | None, ilvl: int) -> str:
    if num_id is None:
        return ""
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def style_definitions(
    article_num: str, bullet_num: str, heading_id: str | None, normal_id: str = "Normal"
) -> dict[str, str]:
    """Style id -> w:style XML for every style clausegen uses; `normal_id` is the template's own
    id of the Normal style (`Standaard` in a Dutch Word), so clausegen's styles take its font."""
    based = f'<w:basedOn w:val="{heading_id}"/>' if heading_id else ""

    def para(style_id: str, name: str, ppr: str, rpr: str = "", extra: str = "", base: str | None = None) -> str:
        base_el = based if base is None else (f'<w:basedOn w:val="{base}"/>' if base else "")
        return (
            f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/>{base_el}{extra}<w:qFormat/>'
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )

    spacing = '<w:spacing w:before="0" w:after="120" w:line="264" w:lineRule="auto"/>'
    return {
        ARTICLE_STYLE: para(
            ARTICLE_STYLE, "Artikelkop",
            '<w:keepNext/><w:keepLines/>' + _num_pr(article_num, 0)
            + '<w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>',
            '<w:b/><w:sz w:val="24"/><w:szCs w:val="24"/>', f'<w:next w:val="{MEMBER_STYLE}"/>',
        ),
        MEMBER_STYLE: para(MEMBER_STYLE, "Lid", _num_pr(article_num, 1) + spacing, base=normal_id),
        SUB_STYLE: para(SUB_STYLE, "Sublid", _num_pr(article_num, 2) + spacing, base=normal_id),
        BODY_STYLE: para(BODY_STYLE, "Artikeltekst", spacing + f'<w:ind w:left="{INDENT}"/>', base=normal_id),
        CONTINUATION_STYLE: para(
            CONTINUATION_STYLE, "Lidvervolg", spacing + f'<w:ind w:left="{INDENT}"/>', base=normal_id
        ),
        BULLET_STYLE: para(BULLET_STYLE, "Opsomming", _num_pr(bullet_num, 0) + spacing, base=normal_id),
        LOT_STYLE: para(
            LOT_STYLE, "Perceelkop", '<w:keepNext/><w:spacing w:before="120" w:after="60"/>'
            f'<w:ind w:left="{INDENT}"/>', "<w:b/>", base=normal_id,
        ),
        NOTE_STYLE: para(NOTE_STYLE, "Toelichting", spacing, '<w:i/><w:sz w:val="18"/>', base=normal_id),
        CELL_STYLE: para(
            CELL_STYLE, "Tabeltekst", '<w:spacing w:before="20" w:after="20"/>', '<w:sz w:val="18"/>', base=normal_id
        ),
        DRAFT_STYLE: para(
            DRAFT_STYLE, "Conceptmarkering", '<w:jc w:val="center"/><w:spacing w:after="120"/>',
            '<w:b/><w:color w:val="C00000"/><w:sz w:val="28"/>', base=normal_id,
        ),
        TABLE_STYLE: (
            f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="{TABLE_STYLE}">'
            '<w:name w:val="Tabel Social Return"/><w:uiPriority w:val="59"/>'
            '<w:tblPr><w:tblBorders>'
            + "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + '</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr>'
            '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/></w:tcPr></w:tblStylePr>'
            "</w:style>"
        ),
    }  # fmt: skip


def heading_style_id(styles) -> str | None:  # noqa: ANN001
    """The style id of the template's 'heading 1', whatever language its id is in."""
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")).lower() == "heading 1":
            return style.get(qn("w:styleId"))
    return None


def normal_style_id(styles) -> str:  # noqa: ANN001
    """The id of the template's default paragraph style ('Normal', 'Standaard', ...)."""
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
            return style.get(qn("w:styleId"))
    return style_id_by_name(styles, "Normal") or "Normal"


# Built-in styles the title block, header and footer use; added (plainly) where a template lacks them.
_BUILTIN = {
    "Title": '<w:pPr><w:spacing w:after="120"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/></w:rPr>',
    "Subtitle": '<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="28"/></w:rPr>',
    "Header": "",
    "Footer": "",
}


def style_id_by_name(styles, name: str) -> str | None:  # noqa: ANN001
    for style in styles.findall(qn("w:style")):
        el = style.find(qn("w:name"))
        if el is not None and el.get(qn("w:val")).lower() == name.lower():
            return style.get(qn("w:styleId"))
    return None


@dataclass(frozen=True)
class StyleIds:
    article_num: str
    bullet_num: str
    title: str
    subtitle: str
    header: str
    footer: str


def ensure_styles(styles, numbering) -> StyleIds:  # noqa: ANN001
    """Add the list definitions and the styles clausegen needs, and find the built-in ones.

    Existing clausegen styles are re-linked to the lists, so a template made earlier keeps working."""
    article_num = ensure_list(numbering, ARTICLE_LIST)
    bullet_num = ensure_list(numbering, BULLET_LIST)
    existing = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    normal_id = normal_style_id(styles)
    for style_id, xml in style_definitions(article_num, bullet_num, heading_style_id(styles), normal_id).items():
        new = parse_xml(xml)
        if style_id in existing:
            existing[style_id].getparent().replace(existing[style_id], new)
        else:
            styles.append(new)
    found = {}
    for name, props in _BUILTIN.items():
        style_id = style_id_by_name(styles, name)
        if style_id is None:
            style_id = name
            styles.append(
                parse_xml(
                    f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{name}"><w:name w:val="{name}"/>'
                    f'<w:basedOn w:val="{normal_id}"/>{props}</w:style>'
                )
            )
        found[name.lower()] = style_id
    return StyleIds(article_num, bullet_num, **found)


# ------------------------------------------------------------------------------ body content


def _wtext(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def run_xml(text: str, bold: bool = False, italic: bool = False, extra_rpr: str = "") -> str:
    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + extra_rpr
    return f"<w:r>{'<w:rPr>' + rpr + '</w:rPr>' if rpr else ''}{_wtext(text)}</w:r>"


def field_xml(instruction: str, cached: str, bold: bool = False, italic: bool = False, extra_rpr: str = "") -> str:
    """A complex field (w:fldChar begin/separate/end) whose cached result reads right on opening."""
    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + extra_rpr
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}{_wtext(cached)}</w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def ref_field_xml(bookmark: str, cached: str, bold: bool = False, italic: bool = False) -> str:
    """REF to an article's bookmark: \\r gives its number as numbered ('Artikel 3'), \\h a link.

    Not \\t: Word would then drop 'Artikel' but LibreOffice ignores the switch, and the two
    clients would print different text."""
    return field_xml(f"REF {bookmark} \\r \\h", cached, bold, italic)


def paragraph_xml(
    style: str,
    runs_xml: str,
    num: tuple[str, int] | None = None,
    bookmark: tuple[int, str] | None = None,
    ppr_extra: str = "",
) -> str:
    num_pr = _num_pr(num[0], num[1]) if num else ""
    start = end = ""
    if bookmark:
        start = f'<w:bookmarkStart w:id="{bookmark[0]}" w:name="{bookmark[1]}"/>'
        end = f'<w:bookmarkEnd w:id="{bookmark[0]}"/>'
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{num_pr}{ppr_extra}</w:pPr>{start}{runs_xml}{end}</w:p>'


def table_xml(
    header: Iterable[str] | None,
    rows: Iterable[Iterable[str]],
    align: tuple[str, ...],
    widths: tuple[int, ...],
    total: Iterable[str] | None,
    text_width: int,
) -> str:
    """A w:tbl over the full text width; the header row repeats on every page."""
    header = tuple(header) if header else None
    rows = [tuple(r) for r in rows]
    cols = len(header) if header else max((len(r) for r in rows), default=1)
    shares = widths if len(widths) == cols else (1,) * cols
    grid = [text_width * s // sum(shares) for s in shares]

    def cell(text: str, col: int, bold: bool = False) -> str:
        jc = "right" if col < len(align) and align[col] == "right" else "left"
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{grid[col]}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{CELL_STYLE}"/><w:jc w:val="{jc}"/></w:pPr>'
            f"{run_xml(text, bold=bold) if text else ''}</w:p></w:tc>"
        )

    def row(values: tuple[str, ...], head: bool = False, bold: bool = False) -> str:
        trpr = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if head else "<w:trPr><w:cantSplit/></w:trPr>"
        padded = tuple(values) + ("",) * (cols - len(values))
        return f"<w:tr>{trpr}{''.join(cell(v, i, bold or head) for i, v in enumerate(padded[:cols]))}</w:tr>"

    look = '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
    if not header:
        look = '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
    body = "".join(row(r) for r in rows)
    grid_xml = "".join(f'<w:gridCol w:w="{g}"/>' for g in grid)
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{TABLE_STYLE}"/>'
        f'<w:tblW w:w="{text_width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{look}</w:tblPr>'
        f"<w:tblGrid>{grid_xml}</w:tblGrid>"
        f"{row(header, head=True) if header else ''}{body}{row(tuple(total), bold=True) if total else ''}</w:tbl>"
    )


def empty_numbering():  # noqa: ANN201
    """A w:numbering root without lists, for a document that has no numbering part."""
    return parse_xml(f"<w:numbering {nsdecls('w')}/>")


def section_break_paragraph(sect_pr):  # noqa: ANN001, ANN201
    """An empty paragraph that ends a section with the given w:sectPr (a section break)."""
    paragraph = parse_xml(f"<w:p {nsdecls('w')}><w:pPr/></w:p>")
    paragraph.find(qn("w:pPr")).append(sect_pr)
    return paragraph


_SECT_BEFORE_TYPE = {qn(f"w:{tag}") for tag in ("headerReference", "footerReference", "footnotePr", "endnotePr")}


def set_section_start(sect_pr, start: str) -> None:  # noqa: ANN001
    """Set how a section starts (w:type: nextPage, continuous, evenPage, oddPage), in schema order."""
    existing = sect_pr.find(qn("w:type"))
    if existing is not None:
        sect_pr.remove(existing)
    element = parse_xml(f'<w:type {nsdecls("w")} w:val="{start}"/>')
    position = sum(1 for child in sect_pr if child.tag in _SECT_BEFORE_TYPE)
    sect_pr.insert(position, element)


FIELD_PROMPT = "Vul hier in."
LINE_TWIPS = 276  # one line of 10 pt text at 1.15 line spacing


def answer_xml(label: str, multiline: bool) -> str:
    """An empty answer: a content control (w:sdt) showing a grey prompt until the bidder types.

    One-line answers are plain-text controls; longer ones rich text, so paragraphs and lists fit."""
    kind = "" if multiline else "<w:text/>"
    alias = escape(label[:255], {'"': "&quot;"})
    prompt = run_xml(FIELD_PROMPT, extra_rpr='<w:color w:val="808080"/>')
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="clausegen-veld"/><w:showingPlcHdr/>{kind}'
        f'</w:sdtPr><w:sdtContent><w:p><w:pPr><w:pStyle w:val="{CELL_STYLE}"/></w:pPr>{prompt}</w:p>'
        "</w:sdtContent></w:sdt>"
    )


def fields_xml(labels: Iterable[str], lines: int, text_width: int) -> str:
    """A form table: label | answer per row, or for long answers the label above a tall answer."""
    label_width = text_width * 35 // 100

    def cell(width: int, content: str, shaded: bool = False, span: int = 1) -> str:
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' if shaded else ""
        grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{shade}</w:tcPr>{content}</w:tc>'

    def label_paragraph(label: str, keep_next: bool = False) -> str:
        keep = "<w:keepNext/>" if keep_next else ""  # a label above its answer stays on the answer's page
        return f'<w:p><w:pPr><w:pStyle w:val="{CELL_STYLE}"/>{keep}</w:pPr>{run_xml(label, bold=True)}</w:p>'

    rows = []
    for label in labels:
        if lines <= 1:
            rows.append(
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                + cell(label_width, label_paragraph(label), shaded=True)
                + cell(text_width - label_width, answer_xml(label, multiline=False))
                + "</w:tr>"
            )
        else:
            rows.append(
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                + cell(text_width, label_paragraph(label, keep_next=True), shaded=True, span=2)
                + "</w:tr>"
                + f'<w:tr><w:trPr><w:trHeight w:val="{lines * LINE_TWIPS}" w:hRule="atLeast"/></w:trPr>'
                + cell(text_width, answer_xml(label, multiline=True), span=2)
                + "</w:tr>"
            )
    look = '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{TABLE_STYLE}"/>'
        f'<w:tblW w:w="{text_width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{look}</w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{label_width}"/><w:gridCol w:w="{text_width - label_width}"/></w:tblGrid>'
        f"{''.join(rows)}</w:tbl>"
    )


def body_fragment(xml_parts: Iterable[str]):  # noqa: ANN201
    """Parse many body-level elements at once (one parser call instead of one per paragraph)."""
    wrapper = parse_xml(f"<w:body {nsdecls('w')}>{''.join(xml_parts)}</w:body>")
    return list(wrapper)


# ------------------------------------------------------------------------------ draft watermark

VML_NS = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" ' \
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
# Word's own preset for WordArt text on a path (o:spt 136), as Word writes it for a watermark.
_TEXTPATH_SHAPETYPE = (
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    + "".join(
        f'<v:f eqn="{eqn}"/>'
        for eqn in ("sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3",
                    "if @0 @3 0", "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6", "mid @8 @5",
                    "mid @7 @8", "mid @6 @7", "sum @6 0 @5")
    )  # fmt: skip
    + '</v:formulas><v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
    '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
)


def watermark_run_xml(text: str) -> str:
    """A run holding a diagonal light-grey text shape behind the page's text: the VML
    'PowerPlusWaterMarkObject' Word writes for Design > Watermark (LibreOffice imports it as its
    own watermark). Placed in the header, which repeats on every page, so the mark does too.
    Parse it with `element`, which declares the VML namespaces."""
    shape = (
        f'<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" '
        'style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;'
        "z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" '
        'fillcolor="silver" stroked="f"><v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string={quoteattr(text)}/>'
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape>'
    )
    return f"<w:r><w:rPr><w:noProof/></w:rPr><w:pict>{_TEXTPATH_SHAPETYPE}{shape}</w:pict></w:r>"


# ------------------------------------------------------------------------------ package parts


CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def custom_properties_xml(values: dict[str, str]) -> bytes:
    props = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name)}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(sorted(values.items()), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{props}</Properties>"
    ).encode()


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a .docx zip with fixed timestamps and order, so equal input gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def element(xml: str):  # noqa: ANN201
    """Parse one WordprocessingML element given without namespace declarations."""
    root = etree.fromstring(f'<w:x xmlns:w="{W_NS}" {VML_NS}>{xml}</w:x>')
    return parse_xml(etree.tostring(root[0]))

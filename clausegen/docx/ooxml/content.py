"""Body content: runs, paragraphs, complex fields (`w:fldChar`), bookmarks, tables, section
breaks, form fields (`w:sdt`) and the draft watermark."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from .styles import CELL_STYLE, TABLE_STYLE, _num_pr, xa, xq, xt

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement
    from lxml.etree import _Element


def _wtext(text: str) -> str:
    """A w:t holding `text`, escaped as `saxutils.escape` does (in three C calls: every run has one)."""
    return f'<w:t xml:space="preserve">{text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}</w:t>'


LANG = '<w:lang w:val="nl-NL"/>'
"""Every run says it is Dutch (WCAG 3.1.1/3.1.2), also after it is pasted into another document."""


def run_xml(text: str, bold: bool = False, italic: bool = False, extra_rpr: str = "") -> str:
    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + extra_rpr + LANG
    return f"<w:r><w:rPr>{rpr}</w:rPr>{_wtext(text)}</w:r>"


def field_xml(instruction: str, cached: str, bold: bool = False, italic: bool = False, extra_rpr: str = "") -> str:
    """A complex field (w:fldChar begin/separate/end) whose cached result reads right on opening."""
    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + extra_rpr + LANG
    rpr = f"<w:rPr>{rpr}</w:rPr>"
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> {xt(instruction)} </w:instrText></w:r>'
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
        start = f'<w:bookmarkStart w:id="{xa(bookmark[0])}" w:name="{xa(bookmark[1])}"/>'
        end = f'<w:bookmarkEnd w:id="{xa(bookmark[0])}"/>'
    return f'<w:p><w:pPr><w:pStyle w:val="{xa(style)}"/>{num_pr}{ppr_extra}</w:pPr>{start}{runs_xml}{end}</w:p>'


def end_paragraph_xml(style: str) -> str:
    """An empty last paragraph of 1 pt without spacing: what must follow a table at the end of a
    document, too small to start a page of its own."""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{xa(style)}"/><w:keepNext w:val="0"/>'
        '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
    )


def table_xml(
    header: Iterable[str] | None,
    rows: Iterable[Iterable[str]],
    align: tuple[str, ...],
    widths: tuple[int, ...],
    total: Iterable[str] | None,
    text_width: int,
    caption: str = "",
    fields: tuple[int, ...] = (),
) -> str:
    """A w:tbl over the full text width; the header row is marked (w:tblHeader) and repeats on
    every page; w:tblCaption names the table for screen readers (by default its column heads).
    Empty cells of the columns in `fields` (not the header) hold a one-line answer control
    (`answer_xml`), named '<column head>: <first cell of the row>'."""
    heads = tuple(header) if header else None
    caption = caption or ("Tabel: " + ", ".join(heads) if heads else "Tabel")
    body_rows = [tuple(r) for r in rows]
    cols = len(heads) if heads else max((len(r) for r in body_rows), default=1)
    shares = widths if len(widths) == cols else (1,) * cols
    grid = [text_width * s // sum(shares) for s in shares]

    def cell(text: str, col: int, bold: bool = False, field: str = "") -> str:
        jc = "right" if col < len(align) and align[col] == "right" else "left"
        width = f'<w:tcPr><w:tcW w:w="{xa(grid[col])}" w:type="dxa"/></w:tcPr>'
        if field and not text:
            return f"<w:tc>{width}{answer_xml(field, multiline=False)}</w:tc>"
        return (
            f"<w:tc>{width}"
            f'<w:p><w:pPr><w:pStyle w:val="{xa(CELL_STYLE)}"/><w:jc w:val="{xa(jc)}"/></w:pPr>'
            f"{run_xml(text, bold=bold) if text else ''}</w:p></w:tc>"
        )

    def field_name(values: tuple[str, ...], col: int) -> str:
        if col not in fields or heads is None or col >= len(heads):
            return ""
        return f"{heads[col]}: {values[0]}" if values and values[0] else heads[col]

    def row(values: tuple[str, ...], head: bool = False, bold: bool = False) -> str:
        trpr = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if head else "<w:trPr><w:cantSplit/></w:trPr>"
        padded = (tuple(values) + ("",) * (cols - len(values)))[:cols]
        cells = (cell(v, i, bold or head, "" if head else field_name(padded, i)) for i, v in enumerate(padded))
        return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"

    look = '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
    if not heads:
        look = '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
    body = "".join(row(r) for r in body_rows)
    grid_xml = "".join(f'<w:gridCol w:w="{xa(g)}"/>' for g in grid)
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{xa(TABLE_STYLE)}"/>'
        f'<w:tblW w:w="{xa(text_width)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{look}'
        f"{_caption_xml(caption)}</w:tblPr>"
        f"<w:tblGrid>{grid_xml}</w:tblGrid>"
        f"{row(heads, head=True) if heads else ''}{body}{row(tuple(total), bold=True) if total else ''}</w:tbl>"
    )


def _caption_xml(caption: str) -> str:
    text = xa(caption[:255])
    return f'<w:tblCaption w:val="{text}"/>'


def empty_numbering() -> BaseOxmlElement:
    """A w:numbering root without lists, for a document that has no numbering part."""
    return parse_xml(f"<w:numbering {nsdecls('w')}/>")


def section_break_paragraph(sect_pr: _Element) -> BaseOxmlElement:
    """An empty paragraph that ends a section with the given w:sectPr (a section break)."""
    paragraph = parse_xml(f"<w:p {nsdecls('w')}><w:pPr/></w:p>")
    paragraph[0].append(sect_pr)  # its w:pPr, the only child
    return paragraph


_SECT_BEFORE_TYPE = {qn(f"w:{tag}") for tag in ("headerReference", "footerReference", "footnotePr", "endnotePr")}


def set_section_start(sect_pr: _Element, start: str) -> None:
    """Set how a section starts (w:type: nextPage, continuous, evenPage, oddPage), in schema order."""
    existing = sect_pr.find(qn("w:type"))
    if existing is not None:
        sect_pr.remove(existing)
    element = parse_xml(f'<w:type {nsdecls("w")} w:val="{xa(start)}"/>')
    position = sum(1 for child in sect_pr if child.tag in _SECT_BEFORE_TYPE)
    sect_pr.insert(position, element)


FIELD_PROMPT = "Vul hier in."
LINE_TWIPS = 276  # one line of 10 pt text at 1.15 line spacing
SIGNATURE_LINE = "…" * 30
"""What a signature field shows: a dotted line to sign on by hand (a typed answer is no signature)."""


def is_signature(label: str) -> bool:
    """A field whose label names a signature ("Handtekening", "Handtekening van de ondergetekende")."""
    return label.strip().lower().startswith("handtekening")


def signature_xml() -> str:
    """A signature answer: a plain paragraph with a dotted line at its foot, no content control."""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{xa(CELL_STYLE)}"/><w:spacing w:before="{xa(LINE_TWIPS)}"/></w:pPr>'
        f"{run_xml(SIGNATURE_LINE)}</w:p>"
    )


def answer_xml(label: str, multiline: bool) -> str:
    """An empty answer: a content control (w:sdt) showing a grey prompt until the bidder types.

    One-line answers are plain-text controls; longer ones rich text, so paragraphs and lists fit."""
    kind = "" if multiline else "<w:text/>"
    alias = xa(label[:255])
    prompt = run_xml(FIELD_PROMPT, extra_rpr='<w:color w:val="808080"/>')
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="{xa(alias)}"/><w:tag w:val="clausegen-veld"/><w:showingPlcHdr/>{kind}'
        f'</w:sdtPr><w:sdtContent><w:p><w:pPr><w:pStyle w:val="{xa(CELL_STYLE)}"/></w:pPr>{prompt}</w:p>'
        "</w:sdtContent></w:sdt>"
    )


def fields_xml(labels: Iterable[str], lines: int, text_width: int) -> str:
    """A form table: label | answer per row, or for long answers the label above a tall answer."""
    label_width = text_width * 35 // 100

    def cell(width: int, content: str, shaded: bool = False, span: int = 1) -> str:
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' if shaded else ""
        grid_span = f'<w:gridSpan w:val="{xa(span)}"/>' if span > 1 else ""
        return f'<w:tc><w:tcPr><w:tcW w:w="{xa(width)}" w:type="dxa"/>{grid_span}{shade}</w:tcPr>{content}</w:tc>'

    def label_paragraph(label: str, keep_next: bool = False) -> str:
        keep = "<w:keepNext/>" if keep_next else ""  # a label above its answer stays on the answer's page
        return f'<w:p><w:pPr><w:pStyle w:val="{xa(CELL_STYLE)}"/>{keep}</w:pPr>{run_xml(label, bold=True)}</w:p>'

    rows = []
    for label in labels:
        if lines <= 1:
            rows.append(
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                + cell(label_width, label_paragraph(label), shaded=True)
                + cell(
                    text_width - label_width,
                    signature_xml() if is_signature(label) else answer_xml(label, multiline=False),
                )
                + "</w:tr>"
            )
        else:
            rows.append(
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                + cell(text_width, label_paragraph(label, keep_next=True), shaded=True, span=2)
                + "</w:tr>"
                + f'<w:tr><w:trPr><w:trHeight w:val="{xa(lines * LINE_TWIPS)}" w:hRule="atLeast"/></w:trPr>'
                + cell(
                    text_width, signature_xml() if is_signature(label) else answer_xml(label, multiline=True), span=2
                )
                + "</w:tr>"
            )
    look = '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
    return (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{xa(TABLE_STYLE)}"/>'
        f'<w:tblW w:w="{xa(text_width)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{look}'
        f"{_caption_xml('Invulvelden voor de inschrijver')}</w:tblPr>"
        f'<w:tblGrid><w:gridCol w:w="{xa(label_width)}"/><w:gridCol w:w="{xa(text_width - label_width)}"/></w:tblGrid>'
        f"{''.join(rows)}</w:tbl>"
    )


def picture_paragraph_xml(style: str, inline: _Element, shape_id: int, description: str) -> str:
    """A centred paragraph holding one picture: the `wp:inline` python-docx made for the image part,
    with its drawing id made unique by the caller and the text alternative in `wp:docPr/@descr`."""
    from lxml import etree

    doc_pr = inline.find(qn("wp:docPr"))
    if doc_pr is None:
        raise ValueError("the picture's wp:inline has no wp:docPr")
    doc_pr.set("id", str(shape_id))
    doc_pr.set("name", f"Afbeelding {shape_id}")
    doc_pr.set("descr", description)
    drawing = etree.tostring(inline, encoding="unicode")
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:keepNext/><w:jc w:val="center"/></w:pPr>'
        f"<w:r><w:drawing>{drawing}</w:drawing></w:r></w:p>"
    )


def body_fragment(xml_parts: Iterable[str]) -> list[_Element]:
    """Parse many body-level elements at once (one parser call instead of one per paragraph)."""
    wrapper = parse_xml(f"<w:body {nsdecls('w')}>{''.join(xml_parts)}</w:body>")
    return list(wrapper)


# ------------------------------------------------------------------------------ draft watermark

VML_NS = (
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
# Word's own preset for WordArt text on a path (o:spt 136), as Word writes it for a watermark.
_TEXTPATH_SHAPETYPE = (
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    + "".join(
        f'<v:f eqn="{xa(eqn)}"/>'
        for eqn in (
            "sum #0 0 10800",
            "prod #0 2 1",
            "sum 21600 0 @1",
            "sum 0 0 @2",
            "sum 21600 0 @3",
            "if @0 @3 0",
            "if @0 21600 @1",
            "if @0 0 @2",
            "if @0 @4 21600",
            "mid @5 @6",
            "mid @8 @5",
            "mid @7 @8",
            "mid @6 @7",
            "sum @6 0 @5",
        )
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
        f'<v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string={xq(text)}/>'
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape>'
    )
    return f"<w:r><w:rPr><w:noProof/></w:rPr><w:pict>{_TEXTPATH_SHAPETYPE}{shape}</w:pict></w:r>"

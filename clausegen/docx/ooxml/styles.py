"""The article and bullet lists (`w:abstractNum`/`w:num`) and the styles linked to them."""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml.etree import _Element

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ARTICLE_LIST = "clausegen-artikelen"
BULLET_LIST = "clausegen-opsomming"
MEMO_LIST = "clausegen-memo"
"""The headings of a memo: '1.' and not 'Artikel 1', since a memo is not a contract (lawyer m-21)."""

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

ARTICLE_LABEL = "Artikel\u00a0%1"
"""The article number as Word prints it; a no-break space keeps 'Artikel' and its number on one line."""
INDENT = 709  # 1.25 cm in twentieths of a point
HANGING_ARTICLE = 1418


def xa(value: object) -> str:
    """A value escaped for an XML attribute in double quotes (`&`, `<`, `>` and `"`): every
    value that may come from a buyer's template (a style id, a list id) goes through it. The
    same result as `saxutils.escape(text, {'"': "&quot;"})`, in four C calls: it runs some 900
    times per document."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xt(value: object) -> str:
    """Text escaped for XML character data (`&`, `<` and `>`), as `saxutils.escape` does; the
    standard library's `xml.sax.saxutils` is not imported because it pulls in `urllib.request`
    (with `http.client`, `email` and `ssl`): some 14 ms at the start of every command."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xq(value: object) -> str:
    """A value as a double-quoted XML attribute with its quotes, tabs and line breaks kept as
    character references (what `saxutils.quoteattr` gives for a value without a double quote)."""
    return '"' + xa(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def _lvl(ilvl: int, fmt: str, text: str, style: str | None, left: int, hanging: int, rpr: str = "") -> str:
    pstyle = f'<w:pStyle w:val="{xa(style)}"/>' if style else ""
    return (
        f'<w:lvl w:ilvl="{xa(ilvl)}"><w:start w:val="1"/><w:numFmt w:val="{xa(fmt)}"/>{pstyle}'
        f'<w:lvlText w:val="{xa(text)}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{xa(left)}"/></w:tabs>'
        f'<w:ind w:left="{xa(left)}" w:hanging="{xa(hanging)}"/></w:pPr>{rpr}</w:lvl>'
    )


def _article_abstract(abstract_id: int) -> str:
    levels = [
        _lvl(0, "decimal", ARTICLE_LABEL, ARTICLE_STYLE, HANGING_ARTICLE, HANGING_ARTICLE),
        _lvl(1, "decimal", "%1.%2", MEMBER_STYLE, INDENT, INDENT),
        _lvl(2, "lowerLetter", "%3.", SUB_STYLE, INDENT + 425, 425),
    ]
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{xa(abstract_id)}">'
        '<w:nsid w:val="5C1A0A01"/><w:multiLevelType w:val="multilevel"/><w:tmpl w:val="5C1A0A01"/>'
        f'<w:name w:val="{xa(ARTICLE_LIST)}"/>{"".join(levels)}</w:abstractNum>'
    )


def _memo_abstract(abstract_id: int) -> str:
    """The memo's headings numbered '1.', '2.'; its levels name no style, so the article style
    stays linked to the article list alone and the annexes keep 'Artikel 1'."""
    levels = [
        _lvl(0, "decimal", "%1.", None, INDENT, INDENT),
        _lvl(1, "decimal", "%1.%2", None, INDENT, INDENT),
        _lvl(2, "lowerLetter", "%3.", None, INDENT + 425, 425),
    ]
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{xa(abstract_id)}">'
        '<w:nsid w:val="5C1A0C01"/><w:multiLevelType w:val="multilevel"/><w:tmpl w:val="5C1A0C01"/>'
        f'<w:name w:val="{xa(MEMO_LIST)}"/>{"".join(levels)}</w:abstractNum>'
    )


_BUILDERS = {ARTICLE_LIST: _article_abstract, MEMO_LIST: _memo_abstract}


def _bullet_abstract(abstract_id: int) -> str:
    marks = ["\u2022", "\u2013", "\u25aa"]
    levels = [
        _lvl(i, "bullet", mark, BULLET_STYLE if i == 0 else None, INDENT + 425 * (i + 1), 425)
        for i, mark in enumerate(marks)
    ]
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{xa(abstract_id)}">'
        '<w:nsid w:val="5C1A0B01"/><w:multiLevelType w:val="hybridMultilevel"/><w:tmpl w:val="5C1A0B01"/>'
        f'<w:name w:val="{xa(BULLET_LIST)}"/>{"".join(levels)}</w:abstractNum>'
    )


def _abstract_named(numbering: _Element, name: str) -> _Element | None:
    for abstract in numbering.findall(qn("w:abstractNum")):
        el = abstract.find(qn("w:name"))
        if el is not None and el.get(qn("w:val")) == name:
            return abstract
    return None


def _num_for(numbering: _Element, abstract_id: str) -> str | None:
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is not None and ref.get(qn("w:val")) == abstract_id and num.find(qn("w:lvlOverride")) is None:
            return num.get(qn("w:numId"))
    return None


def _next_id(numbering: _Element, tag: str, attr: str) -> int:
    ids = [int(el.get(qn(attr)) or 0) for el in numbering.findall(qn(tag)) if (el.get(qn(attr)) or "").isdigit()]
    return max(ids, default=0) + 1


def _append_num(numbering: _Element, element: _Element) -> None:
    """Append after the last definition but before Word's closing w:numIdMacAtCleanup (schema order)."""
    cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(element)
    else:
        numbering.append(element)


def ensure_list(numbering: _Element, name: str) -> str:
    """The numId of clausegen's article, memo or bullet list, adding its definition if missing."""
    abstract = _abstract_named(numbering, name)
    if abstract is None:
        new_id = _next_id(numbering, "w:abstractNum", "w:abstractNumId")
        build = _BUILDERS.get(name, _bullet_abstract)
        abstract = parse_xml(build(new_id))
        nums = numbering.findall(qn("w:num"))
        if nums:
            nums[0].addprevious(abstract)  # every w:abstractNum precedes every w:num (schema order)
        else:
            _append_num(numbering, abstract)
    abstract_id = abstract.get(qn("w:abstractNumId")) or ""
    num_id = _num_for(numbering, abstract_id)
    if num_id is None:
        num_id = str(_next_id(numbering, "w:num", "w:numId"))
        _append_num(
            numbering,
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{xa(num_id)}"><w:abstractNumId w:val="{xa(abstract_id)}"/></w:num>'
            ),
        )
    return num_id


def restart_list(numbering: _Element, name: str) -> str:
    """A new w:num over the named list whose levels restart at 1 (w:lvlOverride/w:startOverride)."""
    abstract = _abstract_named(numbering, name)
    if abstract is None:
        raise ValueError(f"no list {name!r}: ensure_list adds it first")
    abstract_id = abstract.get(qn("w:abstractNumId"))
    num_id = str(_next_id(numbering, "w:num", "w:numId"))
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{xa(i)}"><w:startOverride w:val="1"/></w:lvlOverride>' for i in range(3)
    )
    _append_num(
        numbering,
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{xa(num_id)}"><w:abstractNumId w:val="{xa(abstract_id)}"/>{overrides}</w:num>'
        ),
    )
    return num_id


def _num_pr(num_id: str | None, ilvl: int) -> str:
    if num_id is None:
        return ""
    return f'<w:numPr><w:ilvl w:val="{xa(ilvl)}"/><w:numId w:val="{xa(num_id)}"/></w:numPr>'


def style_definitions(
    article_num: str, bullet_num: str, heading_id: str | None, normal_id: str = "Normal"
) -> dict[str, str]:
    """Style id -> w:style XML for every style clausegen uses; `normal_id` is the template's own
    id of the Normal style (`Standaard` in a Dutch Word), so clausegen's styles take its font."""
    based = f'<w:basedOn w:val="{xa(heading_id)}"/>' if heading_id else ""

    def para(style_id: str, name: str, ppr: str, rpr: str = "", extra: str = "", base: str | None = None) -> str:
        base_el = based if base is None else (f'<w:basedOn w:val="{xa(base)}"/>' if base else "")
        return (
            f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{xa(style_id)}">'
            f'<w:name w:val="{xa(name)}"/>{base_el}{extra}<w:qFormat/>'
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )

    spacing = '<w:spacing w:before="0" w:after="120" w:line="264" w:lineRule="auto"/>'
    return {
        ARTICLE_STYLE: para(
            ARTICLE_STYLE, "Artikelkop",
            '<w:keepNext/><w:keepLines/>' + _num_pr(article_num, 0)
            + '<w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>',
            '<w:b/><w:sz w:val="24"/><w:szCs w:val="24"/>', f'<w:next w:val="{xa(MEMBER_STYLE)}"/>',
        ),
        MEMBER_STYLE: para(MEMBER_STYLE, "Lid", _num_pr(article_num, 1) + spacing, base=normal_id),
        SUB_STYLE: para(SUB_STYLE, "Sublid", _num_pr(article_num, 2) + spacing, base=normal_id),
        BODY_STYLE: para(BODY_STYLE, "Artikeltekst", spacing + f'<w:ind w:left="{xa(INDENT)}"/>', base=normal_id),
        CONTINUATION_STYLE: para(
            CONTINUATION_STYLE, "Lidvervolg", spacing + f'<w:ind w:left="{xa(INDENT)}"/>', base=normal_id
        ),
        BULLET_STYLE: para(BULLET_STYLE, "Opsomming", _num_pr(bullet_num, 0) + spacing, base=normal_id),
        LOT_STYLE: para(
            LOT_STYLE, "Perceelkop", '<w:keepNext/><w:spacing w:before="120" w:after="60"/>'
            f'<w:ind w:left="{xa(INDENT)}"/>', "<w:b/>", base=normal_id,
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
            f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="{xa(TABLE_STYLE)}">'
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


def heading_style_id(styles: _Element) -> str | None:
    """The style id of the template's 'heading 1', whatever language its id is in."""
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and (name.get(qn("w:val")) or "").lower() == "heading 1":
            return style.get(qn("w:styleId"))
    return None


def normal_style_id(styles: _Element) -> str:
    """The id of the template's default paragraph style ('Normal', 'Standaard', ...)."""
    for style in styles.findall(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on") and style_id:
            return style_id
    return style_id_by_name(styles, "Normal") or "Normal"


# Built-in styles the title block, header and footer use; added (plainly) where a template lacks them.
_BUILTIN = {
    "Title": '<w:pPr><w:spacing w:after="120"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/></w:rPr>',
    "Subtitle": '<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="28"/></w:rPr>',
    "Header": "",
    "Footer": "",
}


def style_id_by_name(styles: _Element, name: str) -> str | None:
    for style in styles.findall(qn("w:style")):
        el = style.find(qn("w:name"))
        if el is not None and (el.get(qn("w:val")) or "").lower() == name.lower():
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


def ensure_styles(styles: _Element, numbering: _Element) -> StyleIds:
    """Add the list definitions and the styles clausegen needs, and find the built-in ones.

    Existing clausegen styles are re-linked to the lists, so a template made earlier keeps working."""
    from .lang import ensure_language

    ensure_language(styles)
    article_num = ensure_list(numbering, ARTICLE_LIST)
    bullet_num = ensure_list(numbering, BULLET_LIST)
    existing = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    normal_id = normal_style_id(styles)
    for style_id, xml in style_definitions(article_num, bullet_num, heading_style_id(styles), normal_id).items():
        new = parse_xml(xml)
        old = existing.get(style_id)
        if old is not None:
            styles.replace(old, new)  # w:style elements are children of w:styles
        else:
            styles.append(new)
    found = {}
    for name, props in _BUILTIN.items():
        builtin_id = style_id_by_name(styles, name)
        if builtin_id is None:
            builtin_id = name
            styles.append(
                parse_xml(
                    f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{xa(name)}"><w:name w:val="{xa(name)}"/>'
                    f'<w:basedOn w:val="{xa(normal_id)}"/>{props}</w:style>'
                )
            )
        found[name.lower()] = builtin_id
    return StyleIds(article_num, bullet_num, **found)

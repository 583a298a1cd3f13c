"""Append the annex to a copy of the buyer's own document (`generate --into DOC.docx`).

docxcompose does the part copying (styles, numbering, images, relationships). Around it, this
module handles what docxcompose 2.2.0 gets wrong or leaves open for clausegen's annex
(DESIGN.md §5a; 4teamwork/docxcompose issue 12 and pull request 17 are about the same area):

- numbering defined only in an appended part's heading style is lost, so clausegen's styles and
  lists are put into the host first, linked to the host's own numbering part;
- its own restart (`restart_numbering`) gives the first numbered paragraph that is not a heading
  (for the annex: member 1.1) a new `w:num` with a level-0 override, which splits the members
  from their articles' list; it is switched off, and the annex articles get one `w:num` of their
  own with `w:startOverride` on every level (Artikel 1, 1.1, a.), also after an earlier annex;
- a style id or name the host already uses for a style of its own keeps the host's meaning:
  clausegen's style is renamed in the annex (e.g. "Lid (social return)"), never merged or dropped;
- bookmark ids are renumbered by docxcompose with starts and ends counted apart, which mispairs
  nested bookmarks; ids are made unique before appending and then left alone;
- the annex starts in a section of its own (new page) that keeps the host's header and footer.

The host file is only read; the result is new bytes."""

from __future__ import annotations

import io
import os
from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import nsmap, qn
from docxcompose.composer import Composer
from lxml.etree import _Element

from ..errors import ClausegenError
from . import ooxml
from .package import package_bytes
from .safezip import not_word, read_package, require_body
from .writer import numbering_element, set_custom_properties

# Importing docxcompose runs `nsmap.update(NS)` (docxcompose/utils.py), which rebinds python-docx's
# global 'cp' prefix from core properties to custom properties. python-docx then writes
# docProps/core.xml elements such as cp:lastModifiedBy in the wrong namespace, in every document
# this process makes afterwards. Put the binding back; docxcompose only needs its own 'cp' to read
# custom-property fields, which the annex has none of (`remove_property_fields=False` below).
nsmap["cp"] = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"

CLAUSEGEN_STYLES = (
    ooxml.ARTICLE_STYLE,
    ooxml.MEMBER_STYLE,
    ooxml.SUB_STYLE,
    ooxml.BODY_STYLE,
    ooxml.CONTINUATION_STYLE,
    ooxml.BULLET_STYLE,
    ooxml.LOT_STYLE,
    ooxml.NOTE_STYLE,
    ooxml.CELL_STYLE,
    ooxml.DRAFT_STYLE,
    ooxml.TABLE_STYLE,
)
"""Style ids clausegen owns; every other style in the annex is the host's (matched by name)."""
NUMBERED_STYLES = (ooxml.ARTICLE_STYLE, ooxml.MEMBER_STYLE, ooxml.SUB_STYLE, ooxml.BULLET_STYLE)
"""Styles linked to clausegen's lists: a host style with such an id is only clausegen's when it is linked too."""

_STYLE_REFS = ("w:pStyle", "w:rStyle", "w:tblStyle")
_STYLE_LINKS = ("w:basedOn", "w:next", "w:link")
WORD_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def open_host(path: str | Path) -> docx.document.Document:
    """The buyer's document, read only; a missing file or one that is not a Word .docx is a user error."""
    path = Path(path)
    advice = "docx.advice-into"
    if not os.path.lexists(path):
        raise ClausegenError(code="docx.host-missing", path=path)
    data = read_package(path, "host", advice, template_ok=False)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise not_word(path, "host", advice, exc.__class__.__name__) from None
    require_body(document, "host", path, advice)
    return document


def _styles_by_id(document: docx.document.Document) -> dict[str, _Element]:
    return {s.get(qn("w:styleId")) or "": s for s in document.styles.element.findall(qn("w:style"))}


def _style_name(style: _Element) -> str | None:
    name = style.find(qn("w:name"))
    return name.get(qn("w:val")) if name is not None else None


def _list_name(numbering: _Element, num_id: str | None) -> str | None:
    """The w:name of the abstract list a numId points at (clausegen names its lists)."""
    if num_id is None:
        return None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == num_id:
            ref = num.find(qn("w:abstractNumId"))
            abstract_id = ref.get(qn("w:val")) if ref is not None else None
            for abstract in numbering.findall(qn("w:abstractNum")):
                if abstract.get(qn("w:abstractNumId")) == abstract_id:
                    name = abstract.find(qn("w:name"))
                    return name.get(qn("w:val")) if name is not None else None
    return None


def _style_num_id(style: _Element) -> str | None:
    num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return num_id.get(qn("w:val")) if num_id is not None else None


def _is_clausegen_style(host: docx.document.Document, style: _Element) -> bool:
    """A host style with a clausegen id is clausegen's own when its name matches and, for a
    numbered style, it is linked to a clausegen list (a document composed or templated before)."""
    style_id = style.get(qn("w:styleId"))
    annex_name = style_id if style_id != ooxml.TABLE_STYLE else "Tabel Social Return"
    if _style_name(style) != annex_name:
        return False
    if style_id not in NUMBERED_STYLES:
        return True
    name = _list_name(numbering_element(host), _style_num_id(style))
    return name in (ooxml.ARTICLE_LIST, ooxml.BULLET_LIST)


def _free_style(style_id: str, name: str, ids: set[str], names: set[str]) -> tuple[str, str]:
    """A style id and name that neither the host nor the annex uses yet."""
    number = 1
    while True:
        suffix = "" if number == 1 else f" {number}"
        new_id, new_name = f"{style_id}SR{suffix.strip()}", f"{name} (social return{suffix})"
        if new_id not in ids and new_name.lower() not in names:
            return new_id, new_name
        number += 1


def _conflicts(host: docx.document.Document, annex: docx.document.Document) -> dict[str, tuple[str, str]]:
    """clausegen style id -> (new id, new name) for each clausegen style whose id or name the host
    already uses for a style of its own (docxcompose matches styles by name, Word by id)."""
    host_styles = _styles_by_id(host)
    annex_styles = _styles_by_id(annex)
    host_names = {(_style_name(s) or "").lower(): i for i, s in host_styles.items()}
    ids = set(host_styles) | set(annex_styles)
    names = set(host_names) | {(_style_name(s) or "").lower() for s in annex_styles.values()}
    renames = {}
    for style_id in CLAUSEGEN_STYLES:
        if style_id not in annex_styles:
            continue
        name = _style_name(annex_styles[style_id]) or style_id
        same_id = host_styles.get(style_id)
        same_name = host_names.get(name.lower())
        if (same_id is not None and not _is_clausegen_style(host, same_id)) or (
            same_name is not None and same_name != style_id
        ):
            renames[style_id] = _free_style(style_id, name, ids, names)
            ids.add(renames[style_id][0])
            names.add(renames[style_id][1].lower())
    return renames


def _rename_styles(annex: docx.document.Document, new: dict[str, tuple[str, str]]) -> None:
    """Give clausegen's styles in the annex new ids and names where the host uses them."""
    if not new:
        return
    renames = {old: new_id for old, (new_id, _) in new.items()}
    styles = annex.styles.element
    for style in styles.findall(qn("w:style")):
        old = style.get(qn("w:styleId"))
        if old in renames:
            style.set(qn("w:styleId"), renames[old])
            name = style.find(qn("w:name"))
            if name is not None:
                name.set(qn("w:val"), new[old][1])
        for tag in _STYLE_LINKS:
            for link in style.findall(qn(tag)):
                if link.get(qn("w:val")) in renames:
                    link.set(qn("w:val"), renames[link.get(qn("w:val"))])
    roots = [annex.element.body, numbering_element(annex)]
    for root in roots:
        for tag in _STYLE_REFS:
            for ref in root.iter(qn(tag)):
                old = ref.get(qn("w:val"))
                if old is not None and old in renames:
                    ref.set(qn("w:val"), renames[old])


def _seed_host(host: docx.document.Document, annex: docx.document.Document, renames: dict[str, str]) -> None:
    """Put clausegen's lists and styles into the host before composing, linked to the host's own
    numbering part, so docxcompose maps the annex onto them instead of copying them (and losing
    the article numbering, DESIGN.md §5a)."""
    numbering = numbering_element(host)
    article_num = ooxml.ensure_list(numbering, ooxml.ARTICLE_LIST)
    bullet_num = ooxml.ensure_list(numbering, ooxml.BULLET_LIST)
    for abstract in numbering.findall(qn("w:abstractNum")):
        name = abstract.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) in (ooxml.ARTICLE_LIST, ooxml.BULLET_LIST):
            for ref in abstract.iter(qn("w:pStyle")):
                old = ref.get(qn("w:val"))
                if old is not None and old in renames:
                    ref.set(qn("w:val"), renames[old])
    annex_numbering = numbering_element(annex)
    host_styles = _styles_by_id(host)
    host_ids_by_name = {(_style_name(s) or "").lower(): i for i, s in host_styles.items()}
    annex_styles = _styles_by_id(annex)
    ours = {renames.get(i, i) for i in CLAUSEGEN_STYLES}
    for style_id in sorted(ours):
        if style_id in host_styles or style_id not in annex_styles:
            continue
        style = deepcopy(annex_styles[style_id])
        num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None:
            list_name = _list_name(annex_numbering, num_id.get(qn("w:val")))
            num_id.set(qn("w:val"), article_num if list_name == ooxml.ARTICLE_LIST else bullet_num)
        for tag in _STYLE_LINKS:
            for link in style.findall(qn(tag)):
                target = link.get(qn("w:val"))
                if target is None or target in ours:
                    continue
                # the annex's base style (e.g. its "heading 1") by name, in the host's language
                annex_base = annex_styles.get(target)
                host_id = (
                    host_ids_by_name.get((_style_name(annex_base) or "").lower()) if annex_base is not None else None
                )
                if host_id is None:
                    style.remove(link)
                else:
                    link.set(qn("w:val"), host_id)
        host.styles.element.append(style)


def _unique_bookmarks(host: docx.document.Document, annex: docx.document.Document) -> None:
    """Annex bookmark ids above the host's, and annex bookmark names (and the REF fields that
    use them) changed where the host already has the name."""
    host_body = host.element.body
    ids = [int(b.get(qn("w:id"))) for b in host_body.iter(qn("w:bookmarkStart")) if b.get(qn("w:id"), "").isdigit()]
    offset = max(ids, default=0) + 1
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        for mark in annex.element.body.iter(qn(tag)):
            value = mark.get(qn("w:id"))
            if value is not None and value.isdigit():
                mark.set(qn("w:id"), str(int(value) + offset))
    host_names = {b.get(qn("w:name")) for b in host_body.iter(qn("w:bookmarkStart"))}
    renamed: dict[str, str] = {}
    for mark in annex.element.body.iter(qn("w:bookmarkStart")):
        name = mark.get(qn("w:name"))
        if name in host_names:
            number = 2
            while f"{name}_{number}" in host_names:
                number += 1
            renamed[name] = f"{name}_{number}"
            mark.set(qn("w:name"), renamed[name])
    for name, new in renamed.items():
        for instr in annex.element.body.iter(qn("w:instrText")):
            words = (instr.text or "").split()
            if len(words) > 1 and words[0] == "REF" and words[1] == name:
                instr.text = (instr.text or "").replace(f" {name} ", f" {new} ", 1)


class _Composer(Composer):  # type: ignore[misc]  # docxcompose has no type information
    def renumber_bookmarks(self) -> None:
        """Keep bookmark ids as they are: they are unique already (see `_unique_bookmarks`).

        docxcompose 2.2.0 numbers starts and ends apart, which pairs nested bookmarks wrongly."""


def _new_section_for_annex(host: docx.document.Document) -> None:
    """End the host's last section with a section break, so the annex starts on a new page in a
    section of its own that shows the host's header and footer."""
    body = host.element.body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        return
    body.insert(body.index(sect_pr), ooxml.section_break_paragraph(deepcopy(sect_pr)))
    ooxml.set_section_start(sect_pr, "nextPage")
    title_pg = sect_pr.find(qn("w:titlePg"))
    if title_pg is not None:  # a letterhead first-page header belongs to the host's first page only
        sect_pr.remove(title_pg)


def _restart_articles(host: docx.document.Document, appended: list[Any]) -> str:  # noqa: ANN001
    """Number the annex from Artikel 1: a w:num of its own with startOverride on every level."""
    numbering = numbering_element(host)
    restart = ooxml.restart_list(numbering, ooxml.ARTICLE_LIST)
    for element in appended:
        for num_id in element.iter(qn("w:numId")):
            if _list_name(numbering, num_id.get(qn("w:val"))) == ooxml.ARTICLE_LIST:
                num_id.set(qn("w:val"), restart)
    return restart


def _drop_unused_nums(host: docx.document.Document, keep: set[str | None]) -> None:
    """Remove the w:num copies docxcompose made for the annex that no paragraph uses any more
    (the article paragraphs now use the restart list); the host's own nums all stay."""
    used: set[str | None] = set()
    for root in (host.element.body, host.styles.element):
        used.update(n.get(qn("w:val")) for n in root.iter(qn("w:numId")))
    numbering = numbering_element(host)
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) not in keep | used:
            numbering.remove(num)


def compose(host_path: str | Path, annex_bytes: bytes, custom: dict[str, str] | None = None) -> bytes:
    """A copy of the host document with the annex appended in a new section; the host is not changed.

    `custom` (clausegen's provenance properties) is added to the copy's own custom properties."""
    host = open_host(host_path)
    annex = docx.Document(io.BytesIO(annex_bytes))
    new_styles = _conflicts(host, annex)
    _rename_styles(annex, new_styles)
    _seed_host(host, annex, {old: new_id for old, (new_id, _) in new_styles.items()})
    _unique_bookmarks(host, annex)
    _new_section_for_annex(host)
    body = host.element.body
    before = len(body)
    numbering = numbering_element(host)
    host_nums = {num.get(qn("w:numId")) for num in numbering.findall(qn("w:num"))}
    composer = _Composer(host)
    composer.restart_numbering = False  # its restart touches level 0 of the first list it meets
    start = composer.append_index()
    composer.append(annex, remove_property_fields=False)  # the annex has no DOCPROPERTY fields
    appended = list(body)[start : start + len(body) - before]
    _restart_articles(host, appended)
    _drop_unused_nums(host, host_nums)
    if custom:
        set_custom_properties(host, custom, keep_existing=True)
    return package_bytes(host.part.package)

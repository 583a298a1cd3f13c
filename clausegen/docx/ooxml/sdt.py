"""Block-level content controls (`w:sdt`) around generated articles, tagged with the clause id,
its version and a hash of the article's rendered text, so `clausegen verify` can tell a
hand-edited article from the approved one. A content control has no look of its own in print."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.etree import _Element

from .styles import xa

TAG_PREFIX = "cg:"
_TAG = re.compile(r"^cg:(?P<id>[^@]+)@(?P<version>\d+):(?P<hash>[0-9a-f]{16})$")


_P, _T, _TAB, _VAL = (
    qn("w:p"),
    qn("w:t"),
    qn("w:tab"),
    qn("w:val"),
)  # resolved once: this runs for every article written


def element_text(elements: Iterable[_Element]) -> str:
    """The visible text of body elements: each paragraph's w:t and w:tab, paragraphs on lines."""
    lines = []
    for element in elements:
        for p in element.iter(_P):
            lines.append("".join("\t" if node.tag == _TAB else (node.text or "") for node in p.iter(_T, _TAB)))
    return "\n".join(lines)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def article_tag(clause_id: str, version: int, text: str) -> str:
    return f"{TAG_PREFIX}{clause_id}@{version}:{text_hash(text)}"


@dataclass(frozen=True)
class Tag:
    clause_id: str
    version: int
    hash: str


def parse_tag(value: str | None) -> Tag | None:
    match = _TAG.match(value or "")
    if match is None:
        return None
    return Tag(match["id"], int(match["version"]), match["hash"])


def wrap_article(elements: list[_Element], clause_id: str, version: int, title: str) -> BaseOxmlElement:
    """A w:sdt holding `elements` (the article's heading, members and tables), tagged."""
    tag = article_tag(clause_id, version, element_text(elements))
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr><w:alias/><w:tag/></w:sdtPr><w:sdtContent/></w:sdt>")
    sdt.find(f"{qn('w:sdtPr')}/{qn('w:alias')}").set(qn("w:val"), f"Artikel: {title}"[:255])  # type: ignore[union-attr]  # built just above
    sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").set(qn("w:val"), tag)  # type: ignore[union-attr]  # built just above
    content = sdt.find(qn("w:sdtContent"))
    assert content is not None  # built just above
    for element in elements:
        content.append(element)
    return sdt


def tagged_article(xml_parts: Iterable[str], clause_id: str, version: int, title: str) -> BaseOxmlElement:
    """The w:sdt of `wrap_article` built from the article's body XML in one parse: the elements
    are parsed where they belong, inside the content control, instead of being parsed apart and
    moved into it (which costs lxml a walk over every node). The tree is the same."""
    alias = xa(f"Artikel: {title}"[:255])
    sdt = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="{alias}"/><w:tag/></w:sdtPr>'
        f"<w:sdtContent>{''.join(xml_parts)}</w:sdtContent></w:sdt>"
    )
    content = sdt[1]
    sdt[0][1].set(_VAL, article_tag(clause_id, version, element_text(content)))
    return sdt


def tagged_articles(body: _Element) -> list[tuple[Tag | None, str, _Element]]:
    """Every block-level w:sdt with a clausegen tag: (tag, current text, sdt element)."""
    found = []
    for sdt in body.iter(qn("w:sdt")):
        tag_el = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        value = tag_el.get(qn("w:val")) if tag_el is not None else None
        if not (value or "").startswith(TAG_PREFIX):
            continue
        content = sdt.find(qn("w:sdtContent"))
        found.append((parse_tag(value), element_text(list(content) if content is not None else []), sdt))
    return found


def inside_article(element: _Element) -> bool:
    """Whether a paragraph lies inside a clausegen-tagged content control."""
    for ancestor in element.iterancestors(qn("w:sdt")):
        tag_el = ancestor.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if tag_el is not None and (tag_el.get(qn("w:val")) or "").startswith(TAG_PREFIX):
            return True
    return False

"""`clausegen verify DOC.docx`: which generated articles were edited by hand after generation
(their text no longer has the hash in their content control's tag), and which articles carry
no tag at all (added or pasted in by hand, or the control was removed)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ClausegenError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml.etree import _Element


@dataclass(frozen=True)
class Finding:
    article: str
    problem: str

    def __str__(self) -> str:
        return f"{self.article}: {self.problem}"


@dataclass
class Verification:
    path: Path
    checked: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        if self.ok:
            return f"{self.path.name}: {self.checked} artikelen, alle ongewijzigd"
        return f"{self.path.name}: {len(self.findings)} van {self.checked} artikelen gewijzigd of zonder label"


def _open(path: Path) -> DocxDocument:
    import docx

    if not path.is_file():
        raise ClausegenError(code="publish.file-missing", path=path)
    try:
        data = path.read_bytes()
        zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ClausegenError(code="publish.not-docx", path=path) from None


def verify(path: str | Path) -> Verification:
    """Compare each tagged article's text with the hash it was generated with."""
    from ..docx import ooxml

    path = Path(path)
    body = _open(path).element.body
    result = Verification(path)
    headings = [p for p in ooxml.paragraphs(body) if _is_heading(p)]
    number = {id(p): index + 1 for index, p in enumerate(headings)}

    def name(sdt_or_p: _Element) -> str:
        p = (
            sdt_or_p
            if ooxml.is_paragraph(sdt_or_p)
            else next((h for h in ooxml.paragraphs(sdt_or_p) if _is_heading(h)), None)
        )
        if p is None:
            return "artikel zonder kop"
        return f"Artikel {number[id(p)]} ({ooxml.element_text([p])})"

    for tag, text, sdt in ooxml.tagged_articles(body):
        result.checked += 1
        if tag is None:
            result.findings.append(Finding(name(sdt), "label van het inhoudsbesturingselement is onleesbaar"))
        elif ooxml.text_hash(text) != tag.hash:
            result.findings.append(
                Finding(name(sdt), f"tekst wijkt af van {tag.clause_id} versie {tag.version} (met de hand gewijzigd)")
            )
    for p in headings:
        if ooxml.inside_article(p):
            continue
        result.checked += 1
        result.findings.append(Finding(name(p), "artikel zonder label (niet door clausegen gemaakt)"))
    return result


def _is_heading(p: _Element) -> bool:
    from ..docx import ooxml

    return ooxml.paragraph_style(p) == ooxml.ARTICLE_STYLE

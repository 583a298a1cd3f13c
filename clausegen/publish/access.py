"""`clausegen check --documents OUTDIR`: accessibility of the generated documents, as findings
a WCAG-EM auditor can take over: `file: finding (WCAG criterion)`.

.docx: document language on the style defaults and runs, a title in the core properties,
headings only from heading styles and without skipped levels, table header rows marked and
tables named, no information by colour alone. PDF (pikepdf): structure tree, /Lang, PDF/A
identification in the XMP, title, and an outline (bookmarks)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ClausegenError

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LANG_PREFIX = "nl"


@dataclass(frozen=True)
class Finding:
    file: str
    text: str
    criterion: str

    def __str__(self) -> str:
        return f"{self.file}: {self.text} ({self.criterion})"


def _attr(element: _Element | None, name: str) -> str | None:
    return element.get(f"{W}{name}") if element is not None else None


def _styles(package: zipfile.ZipFile) -> _Element:
    from lxml import etree

    return etree.fromstring(package.read("word/styles.xml"))


def _outline_levels(styles: _Element) -> dict[str, int]:
    """Style id -> outline level (0-based) of the paragraph styles that are headings."""
    levels: dict[str, int] = {}
    by_id = {s.get(f"{W}styleId") or "": s for s in styles.iter(f"{W}style")}

    def level(style_id: str, seen: int = 0) -> int | None:
        style = by_id.get(style_id)
        if style is None or seen > 10:
            return None
        own = style.find(f"{W}pPr/{W}outlineLvl")
        if own is not None:
            value = int(_attr(own, "val") or 9)
            return value if value < 9 else None
        based = style.find(f"{W}basedOn")
        return level(_attr(based, "val") or "", seen + 1) if based is not None else None

    for style_id in by_id:
        found = level(style_id)
        if found is not None:
            levels[style_id] = found
    return levels


def check_docx(path: Path) -> list[Finding]:
    from lxml import etree

    name = path.name
    findings: list[Finding] = []
    try:
        package = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
        body = etree.fromstring(package.read("word/document.xml"))
        styles = _styles(package)
        core = (
            etree.fromstring(package.read("docProps/core.xml")) if "docProps/core.xml" in package.namelist() else None
        )
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        return [Finding(name, "geen leesbaar Word-document", "WCAG 4.1.1")]
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    if not (_attr(lang, "val") or "").lower().startswith(LANG_PREFIX):
        findings.append(Finding(name, "de standaardtaal van de stijlen is niet Nederlands (w:lang)", "WCAG 3.1.1"))
    marked = {_attr(el, "val") for el in body.iter(f"{W}lang")}
    other = {v for v in marked if v is not None and not v.lower().startswith(LANG_PREFIX)}
    if other:
        findings.append(Finding(name, f"tekst in een andere taal gemarkeerd: {', '.join(sorted(other))}", "WCAG 3.1.2"))
    title = core.find("{http://purl.org/dc/elements/1.1/}title") if core is not None else None
    if title is None or not (title.text or "").strip():
        findings.append(Finding(name, "geen titel in de documenteigenschappen", "WCAG 2.4.2"))
    findings += _headings(name, body, styles)
    findings += _tables(name, body)
    findings += _colour(name, body)
    return findings


def _headings(name: str, body: _Element, styles: _Element) -> list[Finding]:
    findings = []
    levels = _outline_levels(styles)
    previous = -1
    for p in body.iter(f"{W}p"):
        ppr = p.find(f"{W}pPr")
        if ppr is not None and ppr.find(f"{W}outlineLvl") is not None:
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))[:60]
            findings.append(Finding(name, f"kop zonder kopstijl (direct overzichtsniveau): '{text}'", "WCAG 1.3.1"))
        style = _attr(ppr.find(f"{W}pStyle") if ppr is not None else None, "val")
        if style in levels:
            level = levels[style]
            if level > previous + 1:
                text = "".join(t.text or "" for t in p.iter(f"{W}t"))[:60]
                findings.append(
                    Finding(name, f"kopniveau {level + 1} na niveau {previous + 1}: '{text}'", "WCAG 1.3.1")
                )
            previous = level
    return findings


def _tables(name: str, body: _Element) -> list[Finding]:
    findings = []
    for index, table in enumerate(body.iter(f"{W}tbl"), 1):
        pr = table.find(f"{W}tblPr")
        named = pr is not None and (pr.find(f"{W}tblCaption") is not None or pr.find(f"{W}tblDescription") is not None)
        if not named:
            findings.append(Finding(name, f"tabel {index} heeft geen bijschrift of beschrijving", "WCAG 1.3.1"))
        look = pr.find(f"{W}tblLook") if pr is not None else None
        first = table.find(f"{W}tr")
        if _attr(look, "firstRow") == "1" and (first is None or first.find(f"{W}trPr/{W}tblHeader") is None):
            findings.append(Finding(name, f"tabel {index}: de kopregel is niet als kopregel gemarkeerd", "WCAG 1.3.1"))
    return findings


def _colour(name: str, body: _Element) -> list[Finding]:
    """Runs that stand out only by colour or highlight (no bold, italic or underline, and not a
    content control's grey prompt, which says in words what to do)."""
    findings = []
    for run in body.iter(f"{W}r"):
        rpr = run.find(f"{W}rPr")
        if rpr is None:
            continue
        colour = _attr(rpr.find(f"{W}color"), "val")
        marked = (colour not in (None, "auto", "000000")) or rpr.find(f"{W}highlight") is not None
        if not marked or any(rpr.find(f"{W}{tag}") is not None for tag in ("b", "i", "u")):
            continue
        if any(a.find(f"{W}sdtPr/{W}showingPlcHdr") is not None for a in run.iterancestors(f"{W}sdt")):
            continue
        text = "".join(t.text or "" for t in run.iter(f"{W}t")).strip()
        if text:
            findings.append(Finding(name, f"tekst alleen door kleur onderscheiden: '{text[:40]}'", "WCAG 1.4.1"))
    return findings


def check_pdf(path: Path) -> list[Finding]:
    import pikepdf

    name = path.name
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError):
        return [Finding(name, "geen leesbare PDF", "WCAG 4.1.1")]
    findings = []
    with pdf:
        root = pdf.Root
        if "/StructTreeRoot" not in root:
            findings.append(Finding(name, "geen structuurboom (/StructTreeRoot): de PDF is niet getagd", "WCAG 1.3.1"))
        if not str(root.get("/Lang", "")).lower().startswith(LANG_PREFIX):
            findings.append(Finding(name, "geen documenttaal nl (/Lang)", "WCAG 3.1.1"))
        meta = pdf.open_metadata()
        if not (meta.get("pdfaid:part") and meta.get("pdfaid:conformance")):
            findings.append(Finding(name, "geen PDF/A-identificatie (pdfaid:part/conformance) in de XMP", "PDF/A-2"))
        if not (meta.get("dc:title") or "").strip():
            findings.append(Finding(name, "geen titel (dc:title) in de XMP", "WCAG 2.4.2"))
        with pdf.open_outline() as outline:
            if not list(outline.root):
                findings.append(Finding(name, "geen bladwijzers (outline)", "WCAG 2.4.5"))
    return findings


def check_documents(outdir: str | Path) -> tuple[int, list[Finding]]:
    """Check every .docx and .pdf in `outdir`; returns the number of files and the findings."""
    folder = Path(outdir)
    if not folder.is_dir():
        raise ClausegenError(code="publish.folder-missing", path=folder)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".docx", ".pdf") and p.is_file())
    findings: list[Finding] = []
    for path in files:
        findings += check_docx(path) if path.suffix.lower() == ".docx" else check_pdf(path)
    return len(files), findings

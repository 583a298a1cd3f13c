"""Reading a buyer's Word file (--template, --into) within limits, before python-docx sees it.

Every zip member is checked against the limits below from the zip's central directory, before
anything is inflated; members are then inflated through a bounded stream (a header that lies
about a size cannot inflate past the limit), and python-docx gets an uncompressed copy of what
was checked. Macro-enabled content and external relationships (other than hyperlinks) are
refused; an external link to an attached template (which Word would fetch) is dropped.

Limits (documented in docs/security.md):
- `ZipLimits.max_members` (2,000): members in one package;
- `ZipLimits.max_member_bytes` (64 MB): the inflated size of one member;
- `ZipLimits.max_total_bytes` (200 MB): the inflated size of all members together;
- `ZipLimits.max_ratio` (200): inflated/compressed size of a member larger than 1 MB."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import ClausegenError
from ..files import MAX_DOCX_BYTES, read_bytes
from . import ooxml
from .package import stored_zip


@dataclass(frozen=True)
class ZipLimits:
    """How much a Word package may hold before it is refused (defaults in the module docstring)."""

    max_members: int = 2_000
    max_member_bytes: int = 64_000_000
    max_total_bytes: int = 200_000_000
    max_ratio: int = 200
    ratio_from_bytes: int = 1_000_000


LIMITS = ZipLimits()

_DOTX_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCX_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MACRO_CT = re.compile(rb"macroEnabled|vbaProject|vbaData|ms-office\.activeX", re.IGNORECASE)
_MACRO_NAME = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/)", re.IGNORECASE)
_HYPERLINK = "/relationships/hyperlink"
_ATTACHED_TEMPLATE = "/relationships/attachedTemplate"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB".replace(",", ".")


def _check_directory(package: zipfile.ZipFile, path: Path, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """Refuse the package from its central directory alone: count, sizes, ratio, macros."""
    members = package.infolist()
    if len(members) > limits.max_members:
        raise ClausegenError(
            code="docx.too-many-members", params={"size": len(members), "limit": limits.max_members}, path=path
        )
    total = 0
    for info in members:
        if _MACRO_NAME.search(info.filename):
            raise ClausegenError(code="docx.macros", params={"member": info.filename}, path=path)
        if info.file_size > limits.max_member_bytes:
            params = {"member": info.filename, "unpacked": _mb(info.file_size), "most": _mb(limits.max_member_bytes)}
            raise ClausegenError(code="docx.member-too-large", params=params, path=path)
        if info.file_size > limits.ratio_from_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ClausegenError(
                code="docx.zip-bomb", params={"member": info.filename, "ratio": limits.max_ratio}, path=path
            )
        total += info.file_size
    if total > limits.max_total_bytes:
        params = {"unpacked": _mb(total), "most": _mb(limits.max_total_bytes)}
        raise ClausegenError(code="docx.too-large", params=params, path=path)
    return members


def _inflate(package: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, limit: int) -> bytes:
    """One member through a bounded stream: never more than its declared size or `limit`."""
    cap = min(info.file_size, limit)
    chunks = []
    got = 0
    try:
        with package.open(info) as stream:
            while True:
                chunk = stream.read(min(1 << 20, cap + 1 - got))
                if not chunk:
                    break
                got += len(chunk)
                if got > cap:
                    raise ClausegenError(code="docx.member-larger", params={"member": info.filename}, path=path)
                chunks.append(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        params = {"member": info.filename, "detail": exc.__class__.__name__}
        raise ClausegenError(code="docx.member-damaged", params=params, path=path) from None
    return b"".join(chunks)


def _relationships(name: str, data: bytes, path: Path) -> bytes:
    """A .rels part with an external attached template dropped; any other external target
    (an image, an OLE object, a frame fetched from the web) is refused."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        raise ClausegenError(code="docx.member-bad-xml", params={"member": name}, path=path) from None
    dropped = False
    for rel in list(root):
        if rel.get("TargetMode") != "External":
            continue
        kind = rel.get("Type", "")
        if kind.endswith(_HYPERLINK):
            continue
        if kind.endswith(_ATTACHED_TEMPLATE):
            root.remove(rel)
            dropped = True
            continue
        params = {"relation": kind.rsplit("/", 1)[-1], "target": repr(rel.get("Target", "")[:80])}
        raise ClausegenError(code="docx.external", params=params, path=path)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if dropped else data


def _drop_attached_template(data: bytes) -> bytes:
    """word/settings.xml without w:attachedTemplate (its relationship was dropped)."""
    if b"attachedTemplate" not in data:
        return data
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return data
    for element in list(root.iter("{*}attachedTemplate")):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def read_package(
    path: str | Path, what: str, advice: str, *, template_ok: bool = True, limits: ZipLimits = LIMITS
) -> bytes:
    """The Word file at `path`, checked within `limits`, as an uncompressed package that python-docx
    can open; a Word template (.dotx) comes back as a document (only its content type differs),
    or, without `template_ok`, is refused like any file that is not a Word document. `what` names
    the file in messages (catalog `what.<what>`); `advice` is the catalog code of what to give
    instead (`docx.advice-template`)."""
    path = Path(path)
    data = read_bytes(path, what, MAX_DOCX_BYTES)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise not_word(path, what, advice) from None
    with package:
        members = _check_directory(package, path, limits)
        names = {info.filename for info in members}
        if "[Content_Types].xml" not in names:
            raise not_word(path, what, advice)
        left = limits.max_total_bytes
        entries: list[tuple[str, bytes]] = []
        for info in members:
            if info.is_dir():
                continue
            blob = _inflate(package, info, path, min(limits.max_member_bytes, left))
            left -= len(blob)
            entries.append((info.filename, blob))
    content = dict(entries)
    types = content["[Content_Types].xml"]
    if _MACRO_CT.search(types):
        raise ClausegenError(code="docx.macro-file", params={"what": what}, path=path)
    if not template_ok and _DOCX_CT not in types:
        raise ClausegenError(
            code="docx.not-document", params={"what": what, "advice": ClausegenError(code=advice)}, path=path
        )
    out = []
    for name, blob in entries:
        if name.endswith(".rels"):
            blob = _relationships(name, blob, path)
        elif name == "word/settings.xml":
            blob = _drop_attached_template(blob)
        elif name == "[Content_Types].xml":
            blob = blob.replace(_DOTX_CT, _DOCX_CT)
        out.append((name, blob))
    return stored_zip(out)


def not_word(path: str | Path, what: str, advice: str, detail: str | None = None) -> ClausegenError:
    """The file at `path` is no Word .docx file (`detail`: why python-docx could not open it)."""
    params = {"what": what, "advice": ClausegenError(code=advice), "detail": detail or ""}
    return ClausegenError(code="docx.not-word" if detail is None else "docx.not-word-detail", params=params, path=path)


def require_body(document: DocxDocument, what: str, path: str | Path, advice: str) -> None:
    """Refuse a main document part without w:body (python-docx would fail on it later)."""
    body = ooxml.main_body(document.element)
    if body is None:
        params = {"what": what, "advice": ClausegenError(code=advice)}
        raise ClausegenError(code="docx.no-body", params=params, path=path)

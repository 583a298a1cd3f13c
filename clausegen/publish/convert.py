"""Word documents to tagged PDF/A-2b and OpenDocument through LibreOffice headless.

Each conversion runs with its own LibreOffice profile in a temporary folder (other runs of
soffice on the machine are never disturbed) and a time limit; results are written atomically
next to the .docx through clausegen.output."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ..errors import ClausegenError

FORMATS = {"pdf": ".pdf", "odt": ".odt"}
TIMEOUT_SECONDS = 180
"""Seconds one LibreOffice conversion may take before it is stopped (a large annex takes ~5)."""

_PDF_OPTIONS = {
    "SelectPdfVersion": {"type": "long", "value": "2"},  # 2 = PDF/A-2b
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "ExportBookmarksToPDFDestination": {"type": "boolean", "value": "true"},
}
_FILTERS = {
    "pdf": "pdf:writer_pdf_Export:" + json.dumps(_PDF_OPTIONS, separators=(",", ":")),
    "odt": "odt",
}

# The messages are in the catalog (clausegen/locale/*/clausegen.po, `# area: publish`):
# publish.libreoffice-missing, publish.convert-failed, publish.convert-timeout,
# publish.docx-missing and publish.exists.


def soffice_binary() -> str | None:
    """The LibreOffice program, from $CLAUSEGEN_SOFFICE or the PATH."""
    configured = os.environ.get("CLAUSEGEN_SOFFICE")
    if configured is not None:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_libreoffice() -> str:
    """The LibreOffice binary, or a ClausegenError (exit 2) that says what to install."""
    binary = soffice_binary()
    if binary is None:
        raise ClausegenError(code="publish.libreoffice-missing")
    return binary


def wanted(pdf: bool, odt: bool) -> tuple[str, ...]:
    return tuple(fmt for fmt, on in (("pdf", pdf), ("odt", odt)) if on)


def _run(binary: str, source: Path, fmt: str, outdir: Path) -> bytes:
    """One conversion of `source` into `outdir`, with a private profile; returns the bytes."""
    with tempfile.TemporaryDirectory(prefix="clausegen-lo-profile-") as profile:
        cmd = [
            binary,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            _FILTERS[fmt],
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            raise ClausegenError(
                code="publish.convert-timeout",
                params={"name": source.name, "fmt": fmt.upper(), "seconds": TIMEOUT_SECONDS},
            ) from None
        except OSError as exc:
            raise ClausegenError(
                code="publish.convert-failed", params={"name": source.name, "fmt": fmt.upper(), "reason": str(exc)}
            ) from None
    result = outdir / (source.stem + FORMATS[fmt])
    if done.returncode != 0 or not result.is_file():
        reason = (done.stderr or done.stdout).decode(errors="replace").strip().splitlines()
        why = reason[-1][:200] if reason else f"exit {done.returncode}"
        raise ClausegenError(
            code="publish.convert-failed", params={"name": source.name, "fmt": fmt.upper(), "reason": why}
        )
    data = result.read_bytes()
    result.unlink()
    return data


def convert_files(files: dict[str, bytes], pdf: bool, odt: bool) -> dict[str, bytes]:
    """The PDF and ODT versions (name -> bytes) of the .docx files in `files`, written nowhere.

    The .docx bytes are put in a private temporary folder only to feed LibreOffice."""
    formats = wanted(pdf, odt)
    if not formats:
        return {}
    binary = require_libreoffice()
    out: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="clausegen-publish-") as work:
        folder = Path(work)
        for name, data in files.items():
            if not name.endswith(".docx"):
                continue
            source = folder / name
            source.write_bytes(data)
            for fmt in formats:
                target = folder / fmt
                target.mkdir(exist_ok=True)
                out[Path(name).stem + FORMATS[fmt]] = _run(binary, source, fmt, target)
    return out


def convert(paths: list[Path], pdf: bool, odt: bool, force: bool) -> list[Path]:
    """Convert .docx files on disk; each PDF/ODT is written atomically next to its .docx.

    All conversions are done before anything is written, so a failure writes nothing. An
    existing PDF/ODT is only replaced with `force`. Returns the paths written."""
    from ..output import write_all

    formats = wanted(pdf, odt)
    if not formats:
        return []
    require_libreoffice()
    by_folder: dict[Path, dict[str, bytes]] = {}
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise ClausegenError(code="publish.docx-missing", path=path)
        converted = convert_files({path.name: path.read_bytes()}, pdf, odt)
        by_folder.setdefault(path.parent, {}).update(converted)
    written: list[Path] = []
    for folder, files in by_folder.items():
        existing = [name for name in files if (folder / name).exists()]
        if existing and not force:
            raise ClausegenError(code="publish.exists", params={"file": str(folder / existing[0])})
    for folder, files in by_folder.items():
        written += write_all(folder, files, force)
    return written


def format_entries(documents: list[dict[str, Any]], files: dict[str, bytes] | Path) -> list[dict[str, Any]]:
    """Manifest entries for the converted files: the document's kind and clauses, a `format`
    key, the path and the sha256. `files` holds the converted bytes by name, or is the folder
    the document paths are relative to (after `convert`)."""
    if isinstance(files, Path):
        folder_ = files
        files = {
            p.name: p.read_bytes()
            for d in documents
            for p in (folder_ / Path(d["path"]).with_suffix(s) for s in FORMATS.values())
            if p.is_file()
        }
    entries = []
    for document in documents:
        stem = Path(document["path"]).stem
        folder = Path(document["path"]).parent
        for fmt, suffix in FORMATS.items():
            name = stem + suffix
            if name not in files:
                continue
            entries.append(
                {
                    "kind": document["kind"],
                    "format": fmt,
                    "path": str(folder / name) if str(folder) != "." else name,
                    "sha256": hashlib.sha256(files[name]).hexdigest(),
                    "source": document["path"],
                    "draft": document.get("draft", False),
                    "clauses": document.get("clauses", []),
                }
            )
    return entries

"""An OpenDocument copy (.ods) of the workbook, through LibreOffice where it is installed (the
publishing flags, `--odt`-style, call this). Each run has its own LibreOffice profile, so runs
at the same time do not share one."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ClausegenError

TIMEOUT_SECONDS = 120


def soffice() -> str | None:
    """The LibreOffice binary, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def ods_bytes(xlsx: bytes) -> bytes:
    """The .ods of a workbook given as bytes; ClausegenError without LibreOffice or on failure."""
    binary = soffice()
    if binary is None:
        raise ClausegenError(code="realisation.ods-no-libreoffice")
    with tempfile.TemporaryDirectory(prefix="clausegen-ods-") as work:
        folder = Path(work)
        source = folder / "verantwoording.xlsx"
        source.write_bytes(xlsx)
        profile = folder / "profile"
        command = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "ods",
                   "--outdir", str(folder / "out"), str(source)]  # fmt: skip
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise ClausegenError(code="realisation.ods-timeout", params={"seconds": TIMEOUT_SECONDS}) from None
        except (subprocess.SubprocessError, OSError):
            raise ClausegenError(code="realisation.ods-failed") from None
        target = folder / "out" / "verantwoording.ods"
        if not target.is_file():
            raise ClausegenError(code="realisation.ods-failed")
        return target.read_bytes()


def write_ods_copy(xlsx_path: Path, force: bool = False) -> Path:
    """Write `<name>.ods` next to the workbook `xlsx_path`; returns its path."""
    from ..output import write_all

    xlsx_path = Path(xlsx_path)
    target = xlsx_path.with_suffix(".ods")
    write_all(target.parent, {target.name: ods_bytes(xlsx_path.read_bytes())}, force)
    return target

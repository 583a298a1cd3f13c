"""publish/ raises coded messages (issue 12): each has a Dutch and an English text in the catalog,
and the CLI prints it on one line in the chosen language, naming the file where there is one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, run_cli

from clausegen.errors import ClausegenError, render
from clausegen.publish.convert import convert
from clausegen.publish.verify import verify


def test_missing_libreoffice_in_english(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    result = run_cli(
        "--lang", "en", "generate", EXAMPLES / "catering-kantine-klein.yaml", "-o", outdir, "--pdf",
        env={"CLAUSEGEN_SOFFICE": "geen-libreoffice-hier"},
    )  # fmt: skip
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "LibreOffice was not found (soffice)" in line and "nothing was written" in line
    assert not outdir.exists()


def test_verify_names_a_file_that_is_not_a_docx(tmp_path: Path) -> None:
    fake = tmp_path / "bijlage.docx"
    fake.write_text("geen zip", encoding="utf-8")
    with pytest.raises(ClausegenError) as caught:
        verify(fake)
    assert caught.value.code == "publish.not-docx" and caught.value.path == str(fake)
    result = run_cli("verify", fake)
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"Error: {fake}: dit is geen Word-document (.docx); verify leest een .docx die clausegen schreef"
    )
    missing = run_cli("--lang", "en", "verify", tmp_path / "weg.docx")
    assert missing.exit_code == 2 and "the file does not exist" in missing.stderr


def test_check_documents_without_the_folder(tmp_path: Path) -> None:
    result = run_cli("--lang", "en", "check", "--documents", tmp_path / "weg")
    assert result.exit_code == 2
    assert "the folder with documents does not exist; give the folder you passed to generate with -o" in result.stderr


def test_convert_of_a_missing_docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEGEN_SOFFICE", "sh")  # found on the PATH; the check fails before it runs
    with pytest.raises(ClausegenError) as caught:
        convert([tmp_path / "weg.docx"], pdf=True, odt=False, force=False)
    assert caught.value.code == "publish.docx-missing"
    assert caught.value.path == str(tmp_path / "weg.docx")
    assert render(caught.value, "nl") == "het Word-document bestaat niet"
    assert render(caught.value, "en") == "the Word document does not exist"

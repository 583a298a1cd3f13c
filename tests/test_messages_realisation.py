"""The messages of reading a verantwoording (`realisation.*`): each one Dutch, from the catalog,
naming what is wrong and what to do; exit 2 without a traceback; English with --lang en."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import run_cli
from contract_builder import contract_folder, workbook_path

from clausegen.errors import ClausegenError
from clausegen.realisation import COLUMNS, convert
from clausegen.realisation.reader import read_report

HEADER = ";".join(COLUMNS)
SHOWN = ", ".join(COLUMNS)


def error_line(result) -> str:  # noqa: ANN001
    """The one line a refused run prints: exit 2, nothing on stdout, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    return line


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return contract_folder(tmp_path_factory.mktemp("contract"))


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_a_missing_file_and_a_wrong_kind_of_file(tmp_path: Path, folder: Path) -> None:
    missing = tmp_path / "nergens.csv"
    assert error_line(run_cli("realisatie", folder, missing)) == (
        f"Error: {missing}: het verantwoordingsbestand bestaat niet; controleer het pad"
    )
    pdf = write(tmp_path, "verantwoording.pdf", "%PDF-1.7")
    assert error_line(run_cli("realisatie", folder, pdf)) == (
        f"Error: {pdf}: dit is geen verantwoording; geef de ingevulde werkmap (.xlsx) of een .csv met dezelfde kolommen"
    )
    assert error_line(run_cli("--lang", "en", "realisatie", folder, pdf)) == (
        f"Error: {pdf}: this is not a verantwoording; give the filled-in workbook (.xlsx) or a .csv with the same columns"
    )


def test_the_columns_message_names_the_first_wrong_column(tmp_path: Path, folder: Path) -> None:
    wrong = write(tmp_path, "kolommen.csv", HEADER.replace("bouwblok", "Soort") + "\n")
    assert error_line(run_cli("realisatie", folder, wrong)) == (
        f"Error: {wrong}:1: de kolommen kloppen niet: kolom 3 heet 'soort', daar hoort 'bouwblok'; "
        f"de eerste rij moet de kolommen {SHOWN} bevatten, in deze volgorde"
    )
    short = write(tmp_path, "kort.csv", "perceel;kandidaat\n2;K-1\n")
    assert error_line(run_cli("realisatie", folder, short)).startswith(
        f"Error: {short}:1: de kolommen kloppen niet: kolom 3 ('bouwblok') ontbreekt; de eerste rij moet"
    )
    empty = write(tmp_path, "leeg.csv", "")
    assert error_line(run_cli("realisatie", folder, empty)) == (
        f"Error: {empty}: het bestand is leeg; de eerste rij moet de kolommen {SHOWN} bevatten, in deze volgorde"
    )


def test_a_file_that_is_no_workbook_or_no_text(tmp_path: Path, folder: Path) -> None:
    broken = write(tmp_path, "kapot.xlsx", b"PK\x03\x04 geen werkmap")
    line = error_line(run_cli("realisatie", folder, broken))
    assert line == (
        f"Error: {broken}: dit is geen leesbare werkmap; open het bestand in Excel of LibreOffice en sla het op "
        "als Excel-werkmap (.xlsx)"
    )
    assert "BadZipFile" not in line
    binary = write(tmp_path, "binair.csv", b"\x00\x01\x02")
    assert error_line(run_cli("realisatie", folder, binary)).endswith(
        "dit is geen tekstbestand (.csv); sla de verantwoording op als CSV (UTF-8) of lever de werkmap (.xlsx)"
    )
    workbook = openpyxl.load_workbook(workbook_path(folder))
    del workbook["Invoer"]
    no_sheet = tmp_path / "zonder-invoer.xlsx"
    workbook.save(no_sheet)
    assert error_line(run_cli("realisatie", folder, no_sheet)) == (
        f"Error: {no_sheet}: de werkmap heeft geen werkblad 'Invoer'; gebruik de verantwoordingswerkmap die bij "
        "het contract hoort"
    )


def test_a_csv_with_an_unclosed_quote_says_where_and_why(tmp_path: Path, folder: Path) -> None:
    text = HEADER + "\n" + '2;"K-1;participatiewet;36\n' + ("x" * 140_000) + "\n"
    quoted = write(tmp_path, "aanhalingsteken.csv", text)
    line = error_line(run_cli("realisatie", folder, quoted))
    assert line.startswith(f"Error: {quoted}:")
    assert line.endswith(
        "op deze regel van de .csv is een veld langer dan 131.072 tekens, meestal door een aanhalingsteken dat "
        "niet sluit; controleer de aanhalingstekens en sla het bestand opnieuw op als CSV"
    )
    assert "field larger" not in line


def test_limits_are_named_with_their_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clausegen.realisation import reader

    monkeypatch.setattr(reader, "MAX_ROWS", 2)
    rows = write(tmp_path, "veel.csv", HEADER + "\n" + "2;K-1;participatiewet;36;2028-01-01;;;;\n" * 3)
    with pytest.raises(ClausegenError) as caught:
        read_report(rows)
    assert caught.value.code == "realisation.too-many-rows"
    assert caught.value.message == "de verantwoording heeft meer dan 2 regels; verdeel haar over meer bestanden"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b" " * 2_000_000)
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 1_000_000)
    with pytest.raises(ClausegenError) as caught:
        read_report(tmp_path / "bom.xlsx", data=buffer.getvalue())
    assert str(caught.value) == (
        f"{tmp_path / 'bom.xlsx'}: de werkmap is uitgepakt groter dan 1 MB en wordt niet gelezen; sla haar opnieuw "
        "op in Excel of LibreOffice, zonder afbeeldingen"
    )
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 3_000_000)
    with pytest.raises(ClausegenError, match="^.*: de verantwoording is groter dan 3 MB; lever de werkmap"):
        read_report(tmp_path / "groot.csv", data=b"x" * 3_000_001)


def test_the_report_date_and_the_letter_name(tmp_path: Path, folder: Path) -> None:
    report = write(tmp_path, "r.csv", HEADER + "\n")
    assert error_line(run_cli("realisatie", folder, report, "--peildatum", "1-4-2029")) == (
        "Error: peildatum: '1-4-2029' is geen datum; schrijf de peildatum als JJJJ-MM-DD, bijvoorbeeld 2028-04-01"
    )
    assert error_line(run_cli("--lang", "en", "realisatie", folder, report, "--peildatum", "gisteren")) == (
        "Error: peildatum: 'gisteren' is not a date; write the report date as YYYY-MM-DD, for example 2028-04-01"
    )
    letter = tmp_path / "brief.pdf"
    assert error_line(run_cli("realisatie", folder, report, "-o", letter, "--peildatum", "2029-04-01")) == (
        f"Error: {letter}: de brief is een Word-document; geef -o een naam die op .docx eindigt"
    )
    assert not letter.exists()


def test_the_ods_copy_says_what_libreoffice_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert, "soffice", lambda: None)
    with pytest.raises(ClausegenError) as caught:
        convert.ods_bytes(b"PK")
    assert caught.value.message == (
        "voor een .ods-kopie is LibreOffice nodig; installeer LibreOffice (het programma soffice) of maak alleen de .xlsx"
    )
    monkeypatch.setattr(convert, "soffice", lambda: "/bin/false")

    def slow(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired("soffice", convert.TIMEOUT_SECONDS)

    monkeypatch.setattr(convert.subprocess, "run", slow)
    with pytest.raises(ClausegenError, match="niet binnen 120 seconden"):
        convert.ods_bytes(b"PK")
    monkeypatch.undo()
    monkeypatch.setattr(convert, "soffice", lambda: "/bin/true")  # runs, but writes no .ods
    with pytest.raises(ClausegenError) as caught:
        convert.ods_bytes(b"PK")
    assert caught.value.code == "realisation.ods-failed"
    assert caught.value.message.startswith("LibreOffice kon de .ods-kopie niet maken; controleer of LibreOffice werkt")

"""Reading a verantwoording: .csv dialects (semicolon or comma, UTF-8 or Windows-1252), Dutch
decimal commas and dates, ambiguous values refused with the row, privacy (never a name or BSN,
and a refused BSN is not echoed), formulas in input cells refused, and only the input sheet read."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from contract_builder import contract_folder, fill_workbook, workbook_path

from clausegen.errors import ClausegenError
from clausegen.realisation import COLUMNS, read_report
from clausegen.realisation.rows import CellError, check_candidate, is_bsn, parse_date, parse_number

HEADER = ";".join(COLUMNS)


def _csv(tmp_path: Path, body: str, header: str = HEADER, encoding: str = "utf-8") -> Path:
    path = tmp_path / "r.csv"
    path.write_bytes((header + "\n" + body).encode(encoding))
    return path


@pytest.mark.parametrize(
    ("text", "value"),
    [("18,5", "18.5"), ("1.234,56", "1234.56"), ("1.234.567", "1234567"), ("€ 1.234,56", "1234.56"),
     ("1234.56", "1234.56"), ("1,234.56", "1234.56"), ("36", "36"), ("0,5", "0.5")],
)  # fmt: skip
def test_numbers_the_dutch_way(text: str, value: str) -> None:
    assert parse_number(text, "bedrag_eur", 2) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [("1.234", "niet eenduidig"), ("1,234,567", "niet eenduidig"), ("12,345", None), ("1.23.4", "geen getal"),
     ("-5", "geen getal"), ("1,234.5,6", "niet eenduidig"), ("twee", "geen getal"), ("1,234", None)],
)  # fmt: skip
def test_ambiguous_or_bad_numbers_are_refused(text: str, message: str | None) -> None:
    if message is None:  # a single comma is always the decimal comma, but cents have two decimals
        with pytest.raises(CellError, match="ten hoogste 2 cijfers"):
            parse_number(text, "bedrag_eur", 2)
        return
    with pytest.raises(CellError, match=message):
        parse_number(text, "bedrag_eur", 2)


@pytest.mark.parametrize(("text", "day"), [("2027-04-01", datetime.date(2027, 4, 1)),
                                           ("1-4-2027", datetime.date(2027, 4, 1)),
                                           ("01-04-2027", datetime.date(2027, 4, 1)),
                                           ("31-12-2028", datetime.date(2028, 12, 31))])  # fmt: skip
def test_dates_iso_or_dutch(text: str, day: datetime.date) -> None:
    assert parse_date(text, "van") == day


@pytest.mark.parametrize("text", ["04/01/2027", "1.4.2027", "1-4-27", "2027-13-01", "29-2-2027", "april"])
def test_other_dates_are_refused(text: str) -> None:
    with pytest.raises(CellError):
        parse_date(text, "van")


def test_bsn_test_and_candidate_numbers() -> None:
    assert is_bsn("111222333") and not is_bsn("123456789")
    assert check_candidate("K-001") == "K-001"
    for bad in ("Jan Jansen", "Jansen", "111222333", "K111222333", "111.222.333"):
        with pytest.raises(CellError):
            check_candidate(bad)


def test_semicolons_and_windows_1252(tmp_path: Path) -> None:
    body = "2;K-1;participatiewet;18,5;1-1-2028;30-6-2028;bonus-50-plus;;café-medewerker\n"
    report = read_report(_csv(tmp_path, body, encoding="cp1252"))
    (row,) = report.rows
    assert row.uren_per_week == Decimal("18.5") and row.toelichting == "café-medewerker"
    assert row.van == datetime.date(2028, 1, 1) and row.toeslagen == ("bonus-50-plus",)


def test_commas_with_quoted_bonuses_and_a_bom(tmp_path: Path) -> None:
    header = ",".join(COLUMNS)
    body = '2,K-1,banenafspraak,36,2028-01-01,2028-12-31,"bonus-50-plus, bonus-vast-contract",,\n'
    path = tmp_path / "r.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (header + "\n" + body).encode())
    (row,) = read_report(path).rows
    assert row.toeslagen == ("bonus-50-plus", "bonus-vast-contract")


def test_each_bad_row_is_one_line_with_its_row_number(tmp_path: Path) -> None:
    body = (
        "2;K-1;participatiewet;36;1-1-2028;31-12-2028;;;\n"
        "\n"
        "2;K-2;participatiewet;1.234;04/01/2028;31-12-2028;;;\n"
        "2;111222333;participatiewet;36;1-1-2028;31-12-2028;;;\n"
        "2;K-3;participatiewet;36;31-12-2028;1-1-2028;;;\n"
        "2;K-4;participatiewet;36;1-1-2028;31-12-2028;;;BSN 111222333\n"
    )
    report = read_report(_csv(tmp_path, body))
    assert [r.row for r in report.rows] == [2]
    refused = {r.row: r.reason for r in report.refused}
    assert set(refused) == {4, 5, 6, 7}
    assert "uren_per_week: '1.234' is niet eenduidig" in refused[4] and "van: '04/01/2028' is geen datum" in refused[4]
    assert "lijkt op een BSN" in refused[5] and "111222333" not in refused[5]
    assert "tot ligt voor van" in refused[6]
    assert "toelichting" in refused[7] and "111222333" not in refused[7]


def test_a_file_that_cannot_be_read_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ClausegenError, match="de kolommen kloppen niet"):
        read_report(_csv(tmp_path, "", header="perceel;kandidaat;bouwblok"))
    with pytest.raises(ClausegenError, match="het bestand is leeg"):
        read_report(tmp_path / "leeg.csv", data=b"")
    (tmp_path / "r.txt").write_text(HEADER)
    with pytest.raises(ClausegenError, match="geen verantwoording"):
        read_report(tmp_path / "r.txt")
    with pytest.raises(ClausegenError, match="geen tekstbestand"):
        read_report(tmp_path / "x.csv", data=b"\x00\x01\x02")


def test_a_zip_that_inflates_beyond_the_bound_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clausegen.realisation import reader

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/worksheets/sheet1.xml", b" " * 2_000_000)
    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 1_000_000)
    with pytest.raises(ClausegenError, match="uitgepakt groter dan 1 MB"):
        read_report(tmp_path / "bom.xlsx", data=buffer.getvalue())


def test_only_the_input_sheet_and_no_formula_is_evaluated(tmp_path: Path) -> None:
    folder = contract_folder(tmp_path / "out")
    rows = [("2", "K-1", "participatiewet", 36, datetime.date(2028, 1, 1), "=DATE(2028,12,31)", None, None, "")]
    filled = fill_workbook(workbook_path(folder), tmp_path / "f.xlsx", rows)
    workbook = openpyxl.load_workbook(filled)
    workbook["Waardetabel"]["A20"] = "dit blad wordt niet gelezen"
    workbook.save(filled)
    report = read_report(filled)
    assert report.rows == ()
    (refused,) = report.refused
    assert refused.row == 2 and "tot: bevat een formule; typ de waarde zelf" in refused.reason
    del workbook["Invoer"]
    workbook.save(tmp_path / "zonder.xlsx")
    with pytest.raises(ClausegenError, match="geen werkblad 'Invoer'"):
        read_report(tmp_path / "zonder.xlsx")


def test_row_numbers_are_the_sheet_rows(tmp_path: Path) -> None:
    folder = contract_folder(tmp_path / "out")
    filled = fill_workbook(workbook_path(folder), tmp_path / "f.xlsx", [
        ("2", "K-1", "participatiewet", 36, datetime.date(2028, 1, 1), datetime.date(2028, 6, 30), None, None, ""),
        (None,) * 9,
        ("2", "K-2", "participatiewet", "veel", datetime.date(2028, 1, 1), datetime.date(2028, 6, 30), None, None, ""),
        (2, 17, "Participatiewet", 18.5, datetime.datetime(2028, 1, 1), datetime.date(2028, 6, 30), None, None, ""),
    ])  # fmt: skip
    report = read_report(filled)
    assert [r.row for r in report.rows] == [2, 5]
    assert report.refused[0].row == 4
    numeric = report.rows[1]
    assert (numeric.perceel, numeric.kandidaat, numeric.bouwblok) == ("2", "17", "participatiewet")
    assert numeric.uren_per_week == Decimal("18.5")

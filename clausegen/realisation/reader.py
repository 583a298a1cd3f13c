"""Reading a filled-in verantwoording: the workbook's input sheet (cells as stored values, never a
formula evaluated) or a .csv with the same columns. Bad rows are refused one by one; only a file
that cannot be read at all is an error (exit 2)."""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..errors import ClausegenError
from ..files import read_bytes
from .afroep import read_call_off
from .rows import CALL_OFF_COLUMN, COLUMNS, MAINTENANCE_COLUMN, CellError, Refused, ReportRow, parse_yes_no, read_row

INPUT_SHEET = "Invoer"
CALL_OFF_SHEET = "Nadere overeenkomsten"
"""The list of a per-call-off framework's Nadere overeenkomsten (calloffs.py)."""
MAX_FILE_BYTES = 20_000_000
"""Largest report file read (a workbook with thousands of rows is well under 1 MB)."""
MAX_UNPACKED_BYTES = 200_000_000
"""Largest total of a workbook's unpacked parts: a small file that inflates beyond it is refused."""
CALL_OFF_MAX_COLUMN = 20
"""The workbook's input sheet is read up to column T: its column nadere_overeenkomst is R, and a
work's column onderhoud R (S after nadere_overeenkomst)."""
OPTIONAL_COLUMNS = (CALL_OFF_COLUMN, MAINTENANCE_COLUMN)
"""The optional columns after toelichting, found by their heading (any order)."""
MAX_ROWS = 20_000
"""Most data rows in one report."""


@dataclass(frozen=True)
class Report:
    """The rows read from a report file, and the rows refused with what to fix; `call_off`: the
    Afroepwaarde per lot id a framework holder filled in on the sheet 'Verplichting' (.xlsx only)."""

    path: str
    rows: tuple[ReportRow, ...]
    refused: tuple[Refused, ...]
    call_off: dict[str, Decimal] = field(default_factory=dict)
    call_off_sheet: tuple[tuple[int, tuple[object, ...]], ...] | None = None
    """The cells of the sheet 'Nadere overeenkomsten' where the workbook has it (calloffs.py reads them)."""


def read_report(path: str | Path, data: bytes | None = None) -> Report:
    """A report (.xlsx or .csv) by its name; `data` instead of reading the file (web uploads)."""
    path = Path(path)
    if data is None:
        if not path.exists():
            raise ClausegenError(code="file.not-found", params={"what": "verantwoording"}, path=path)
        data = read_bytes(path, "verantwoording", MAX_FILE_BYTES + 1)  # a regular file, never a FIFO or device
    if len(data) > MAX_FILE_BYTES:
        raise ClausegenError(code="realisation.too-large", params={"mb": MAX_FILE_BYTES // 1_000_000}, path=path)
    suffix = path.suffix.lower()
    call_off: dict[str, Decimal] = {}
    sheet: tuple[tuple[int, tuple[object, ...]], ...] | None = None
    if suffix == ".xlsx":
        table, call_off, sheet = _xlsx_cells(path, data)
    elif suffix == ".csv":
        table = _csv_cells(path, data)
    else:
        raise ClausegenError(code="realisation.not-a-report", path=path)
    return dataclasses.replace(_rows(path, table, call_off), call_off_sheet=sheet)


def _rows(path: Path, table: list[tuple[int, list[object]]], call_off: dict[str, Decimal]) -> Report:
    if not table:
        raise ClausegenError(code="realisation.empty", params={"columns": COLUMNS}, path=path)
    header_row, header = table[0]
    names = [str(v).strip().lower() if v is not None else "" for v in header[: len(COLUMNS)]]
    if tuple(names) != COLUMNS:
        raise _wrong_columns(path, header_row, names)
    # the optional columns nadere_overeenkomst and onderhoud: after toelichting in a .csv, after the
    # workbook's own (formula and helper) columns in a workbook clausegen wrote
    extra = [str(v or "").strip().lower() for v in header[len(COLUMNS) :]]
    found = {name: len(COLUMNS) + extra.index(name) for name in OPTIONAL_COLUMNS if name in extra}
    rows: list[ReportRow] = []
    refused: list[Refused] = []
    for number, values in table[1:]:
        if len(rows) + len(refused) >= MAX_ROWS:
            raise _too_many(path)
        cells = dict(zip(COLUMNS, list(values[: len(COLUMNS)]) + [None] * (len(COLUMNS) - len(values)), strict=True))
        for name, at in found.items():
            cells[name] = values[at] if at < len(values) else None
        if MAINTENANCE_COLUMN in cells:  # strictly ja, nee or empty: anything else stops (exit 2)
            try:
                cells[MAINTENANCE_COLUMN] = parse_yes_no(cells[MAINTENANCE_COLUMN], MAINTENANCE_COLUMN)
            except CellError:
                raise ClausegenError(
                    code="realisation.bad-onderhoud",
                    params={"row": number, "value": str(cells[MAINTENANCE_COLUMN]).strip()[:20]},
                    path=path,
                    line=number,
                ) from None
        result = read_row(number, cells)
        if isinstance(result, ReportRow):
            rows.append(result)
        elif isinstance(result, Refused):
            refused.append(result)
    return Report(str(path), tuple(rows), tuple(refused), call_off)


def _wrong_columns(path: Path, line: int, names: list[str]) -> ClausegenError:
    """The first column whose heading is not the expected one, named by number and both words."""
    found = names + [""] * (len(COLUMNS) - len(names))
    column = next(index for index, (name, wanted) in enumerate(zip(found, COLUMNS, strict=True)) if name != wanted)
    return ClausegenError(
        code="realisation.wrong-column" if found[column] else "realisation.missing-column",
        params={"column": column + 1, "found": found[column][:40], "expected": COLUMNS[column], "columns": COLUMNS},
        path=path,
        line=line,
    )


def _too_many(path: Path) -> ClausegenError:
    return ClausegenError(code="realisation.too-many-rows", params={"limit": MAX_ROWS}, path=path)


def _xlsx_cells(
    path: Path, data: bytes
) -> tuple[list[tuple[int, list[object]]], dict[str, Decimal], tuple[tuple[int, tuple[object, ...]], ...] | None]:
    """The input sheet's rows (number, cell values; formulas stay text and are refused later),
    and a framework holder's Afroepwaarde cells."""

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED_BYTES:
                raise ClausegenError(
                    code="realisation.unpacked-too-large", params={"mb": MAX_UNPACKED_BYTES // 1_000_000}, path=path
                )
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except ClausegenError:
        raise
    except Exception:  # openpyxl and zipfile raise many types for a file that is no workbook
        raise ClausegenError(code="realisation.not-a-workbook", path=path) from None
    try:
        if INPUT_SHEET not in workbook.sheetnames:
            raise ClausegenError(code="realisation.no-input-sheet", params={"sheet": INPUT_SHEET}, path=path)
        sheet = workbook[INPUT_SHEET]
        table: list[tuple[int, list[object]]] = []
        for index, values in enumerate(
            sheet.iter_rows(min_row=1, max_col=CALL_OFF_MAX_COLUMN, values_only=True), start=1
        ):
            if index > MAX_ROWS + 1:
                if any(v not in (None, "") for v in values):
                    raise _too_many(path)
                continue
            table.append((index, list(values)))
        sheet_cells = None
        if CALL_OFF_SHEET in workbook.sheetnames:
            found = workbook[CALL_OFF_SHEET].iter_rows(min_row=1, max_col=12, values_only=True)
            sheet_cells = tuple(
                (index, tuple(values)) for index, values in enumerate(found, start=1) if index <= MAX_ROWS
            )
        return table, read_call_off(workbook, path), sheet_cells
    finally:
        workbook.close()


def csv_table(path: Path, data: bytes) -> list[tuple[int, list[object]]]:
    """A .csv's rows (line number, cells), read like a report's (also the list of call-offs)."""
    return _csv_cells(path, data)


def _csv_cells(path: Path, data: bytes) -> list[tuple[int, list[object]]]:
    """A .csv: UTF-8 (with or without BOM) or Windows-1252, separated by semicolons or commas."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ClausegenError(code="realisation.csv-not-text", path=path)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    table: list[tuple[int, list[object]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for values in reader:
            if reader.line_num > MAX_ROWS + 1:
                raise _too_many(path)
            table.append((reader.line_num, list(values)))
    except csv.Error as exc:  # csv's own wording is English parser jargon: name the likely cause instead
        code = "realisation.csv-field-too-long" if "field larger" in str(exc) else "realisation.csv-unreadable"
        raise ClausegenError(
            code=code, params={"limit": csv.field_size_limit()}, path=path, line=reader.line_num
        ) from None
    return table

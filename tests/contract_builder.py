"""Contract folders as `clausegen contract` will write them (the agreed interface): the realistic
manifest in tests/fixtures/contract/, changed where a test needs it, with its workbook; and
verantwoording files (.csv, or the workbook filled in through openpyxl)."""

from __future__ import annotations

import copy
import datetime
import json
from decimal import Decimal
from pathlib import Path

from clausegen.realisation import COLUMNS, write_workbook

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "contract" / "manifest.json"
NUMBER = "2026-0142-P2"


def manifest(**settings: object) -> dict:
    """The fixture manifest (lot 2 of examples/schoonmaak-den-haag.yaml); keyword arguments
    replace valuation settings (e.g. buy_social_share_percent="50")."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["valuation"]["settings"].update(settings)
    return data


def two_lot_manifest() -> dict:
    """The same contractor holding both lots of the tender (obligations € 75.000 and € 45.000)."""
    data = manifest()
    data["contract"]["lots"] = ["1", "2"]
    data["contract"]["obligation_eur"] = "120000.00"
    data["valuation"]["lots"] = [
        {"id": "1", "title": "Den Haag Centrum", "obligation_eur": "75000.00"},
        {"id": "2", "title": "Den Haag Zuid", "obligation_eur": "45000.00"},
    ]
    return data


def no_lot_manifest() -> dict:
    data = manifest()
    data["contract"]["lots"] = []
    data["valuation"]["lots"] = [{"id": "", "title": "", "obligation_eur": "45000.00"}]
    return data


SURPLUS_ON_LOT_2 = [
    ("1", "K-1", "participatiewet", 36, datetime.date(2027, 4, 1), datetime.date(2028, 9, 15), "", "", ""),
    ("2", "K-2", "banenafspraak", 36, datetime.date(2027, 4, 1), datetime.date(2028, 3, 31), "", "", ""),
    ("2", "", "inkoop-sociaal", "", datetime.date(2029, 2, 1), "", "", "1.234,56", ""),
]
"""A final report of `two_lot_manifest`'s contractor: lot 1 short, lot 2 over its obligation."""


def contract_folder(root: Path, data: dict | None = None) -> Path:
    """OUTDIR/<number>/ with manifest.json and <number>-verantwoording.xlsx, as the award stage writes it."""
    data = copy.deepcopy(data or manifest())
    number = data["contract"]["number"]
    folder = root / number
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_workbook(data, folder / f"{number}-verantwoording.xlsx")
    return folder


def workbook_path(folder: Path) -> Path:
    return folder / f"{folder.name}-verantwoording.xlsx"


Row = tuple[object, ...]


def write_csv(path: Path, rows: list[Row], delimiter: str = ";") -> Path:
    """A .csv with the DESIGN.md §7 columns: dates as d-m-jjjj, numbers with a decimal comma."""

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return f"{value.day}-{value.month}-{value.year}"
        text = str(value)
        if isinstance(value, (int, float, Decimal)):
            text = text.replace(".", ",")
        if delimiter in text or '"' in text:
            text = '"' + text.replace('"', '""') + '"'
        return text

    lines = [delimiter.join(COLUMNS)] + [delimiter.join(cell(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fill_workbook(source: Path, target: Path, rows: list[Row]) -> Path:
    """The contract's workbook with `rows` typed into its input sheet (as a supplier would)."""
    import openpyxl

    workbook = openpyxl.load_workbook(source)
    sheet = workbook["Invoer"]
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=index, column=column, value=value)
    workbook.save(target)
    return target

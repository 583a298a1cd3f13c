"""Dutch formatting of amounts, percentages, dates and counts, through Babel (nl_NL), and rows as
aligned plain-text columns for the terminal.

The euro sign is followed by a non-breaking space, so a line never breaks after it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "nl_NL"


def _number(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"{what} expects a whole number or Decimal, got {type(value).__name__} {value!r}")
    return Decimal(value)


def euro(value: object) -> str:
    """`€ 1.234.567,00`: always two decimals."""
    return format_currency(_number(value, "euro"), "EUR", locale=LOCALE, format="¤\u00a0#,##0.00")


def percentage(value: object) -> str:
    """`5%`, `2,5%`: the value is in percent (5 means 5%)."""
    return format_percent(_number(value, "percentage") / 100, format="#,##0.##%", locale=LOCALE)


def datum(value: object) -> str:
    """`1 december 2026`."""
    if not isinstance(value, datetime.date):
        raise TypeError(f"datum expects a date, got {type(value).__name__} {value!r}")
    return format_date(value, format="long", locale=LOCALE)


def aantal(value: object, decimals: int = 0) -> str:
    """`1.234`, or with decimals=1 `12,3`."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(_number(value, "aantal"), format=pattern, locale=LOCALE)


def table_text(rows: list[dict[str, Any]]) -> str:
    """Rows as aligned columns (numbers right-aligned)."""
    if not rows:
        return "(none)"
    keys = list(rows[0])
    cells = [[str(row[k]) for k in keys] for row in rows]
    widths = [max(len(k), *(len(r[i]) for r in cells)) for i, k in enumerate(keys)]

    def numeric(i: int) -> bool:
        return all(r[i].replace("€", "").replace(".", "").replace(",", "").replace("%", "").strip().isdigit()
                   or r[i] == "-" for r in cells)  # fmt: skip

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if numeric(i) else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ).rstrip()

    return "\n".join([line(keys), line(["-" * w for w in widths])] + [line(r) for r in cells])

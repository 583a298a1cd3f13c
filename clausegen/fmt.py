"""Dutch formatting of amounts, percentages, dates and counts, through Babel (nl_NL), and rows as
aligned plain-text columns for the terminal.

The euro sign is followed by a non-breaking space, so a line never breaks after it."""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "nl_NL"


def _number(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"{what} expects a whole number or Decimal, got {type(value).__name__} {value!r}")
    return Decimal(value)


# Each Babel call parses its locale and pattern again (about 50 µs); a tender shows the same
# amounts and dates in many clauses and in both documents, and a batch repeats the fixed ones
# (thresholds, percentages) in every tender. The results are remembered per process, keyed by
# the checked value: a Decimal (exact, so 1 and 1.00 format alike) or a date, never a bool.
_CACHE = 4096


@functools.lru_cache(maxsize=_CACHE)
def _euro(value: Decimal) -> str:
    return format_currency(value, "EUR", locale=LOCALE, format="¤\u00a0#,##0.00")


@functools.lru_cache(maxsize=_CACHE)
def _percentage(value: Decimal) -> str:
    return format_percent(value / 100, format="#,##0.##%", locale=LOCALE)


@functools.lru_cache(maxsize=_CACHE)
def _datum(value: datetime.date) -> str:
    return format_date(value, format="long", locale=LOCALE)


@functools.lru_cache(maxsize=_CACHE)
def _aantal(value: Decimal, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def _cacheable(value: Decimal) -> bool:
    """Whether values equal to `value` all format alike: not a NaN (not equal to itself; a
    signalling one cannot be hashed) or an infinity, and not -0, which equals 0 but prints '-'."""
    return value.is_finite() and not (value.is_zero() and value.is_signed())


def euro(value: object) -> str:
    """`€ 1.234.567,00`: always two decimals."""
    number = _number(value, "euro")
    return _euro(number) if _cacheable(number) else _euro.__wrapped__(number)


def percentage(value: object) -> str:
    """`5%`, `2,5%`: the value is in percent (5 means 5%)."""
    number = _number(value, "percentage")
    return _percentage(number) if _cacheable(number) else _percentage.__wrapped__(number)


def datum(value: object) -> str:
    """`1 december 2026`."""
    if not isinstance(value, datetime.date):
        raise TypeError(f"datum expects a date, got {type(value).__name__} {value!r}")
    if type(value) is not datetime.date:  # a datetime (or a subclass) keeps its own hash and equality
        return _datum.__wrapped__(value)
    return _datum(value)


def aantal(value: object, decimals: int = 0) -> str:
    """`1.234`, or with decimals=1 `12,3`."""
    number = _number(value, "aantal")
    if not _cacheable(number) or type(decimals) is not int:
        return _aantal.__wrapped__(number, decimals)
    return _aantal(number, decimals)


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


def listing(items: list[str]) -> str:
    """Dutch enumeration: 'a', 'a en b', 'a, b en c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def hours_text(hours: Decimal) -> str:
    """A number of hours as the documents print it: whole hours without decimals, else one."""
    return aantal(hours, 0 if hours == hours.to_integral() else 1)

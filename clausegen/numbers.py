"""Numbers read the way a Dutch buyer means them, the same in a tender file and in the web form.

YAML 1.1 reads `0250000` as octal, `40:00:00` in base 60 and `900.000` as nine hundred; a buyer
means 250000, forty hours and nine hundred thousand. Here such forms are refused with the fix,
and an amount is an integer or a decimal with at most two decimals, read from its text, so no
float ever stands between what is written and the Decimal that is computed with."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import Invalid

_PLAIN = re.compile(r"[-+]?(0|[1-9][0-9]*)([.,][0-9]+)?")
_DUTCH = re.compile(r"[1-9][0-9]{0,2}(\.[0-9]{3})+(,[0-9]{1,2})?")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+([.,][0-9]*)?")
_BASE = re.compile(r"[-+]?0[xXoObB][0-9a-fA-F_]*")
_DROP = re.compile(r"[\s\u00a0\u202f€]")

AMOUNT_PATTERN = r"^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$"
"""An amount written as text in a file (and in the JSON Schema): digits, at most two decimals."""


class NumberText(str):
    """A YAML scalar that YAML 1.1 would read as a number in a way nobody means (a leading zero:
    octal). Kept as its text: a lot id `010` stays "010"; a number field refuses it."""

    __slots__ = ()


def _fail(kind: str, text: str, fix: object = "") -> Invalid:
    """The refusal of number text `text` (catalog code `number.<kind>`), with the fix."""
    return Invalid(f"number.{kind}", text=text, fix=fix)


def yaml_number_problem(text: str) -> tuple[str, dict[str, Any]] | None:
    """Why YAML number text cannot be read as it is meant, as (code, params), or None (yamlio)."""
    if "_" in text:
        return "number.underscore", {"text": text, "fix": text.replace("_", "")}
    if ":" in text:
        return "number.colon", {"text": text}
    if _BASE.fullmatch(text):
        return "number.base", {"text": text}
    return None


def read_amount(text: str, *, dutch_thousands: bool = False) -> Decimal:
    """An amount from its text: `1500000`, `1500000.50`, `1500000,50` (and `€ ` and spaces).
    Thousands dots (`900.000`, `1.500.000`) are refused with "bedoelt u 900000?"; the web form,
    whose amount fields show Dutch numbers (`2.400.000`), passes `dutch_thousands=True`."""
    compact = _DROP.sub("", text)
    if _DUTCH.fullmatch(compact):
        plain = compact.replace(".", "").replace(",", ".")
        if not dutch_thousands:
            raise _fail("thousands", text.strip(), plain)
        return Decimal(plain)
    if "_" in compact:
        raise _fail("underscore", text.strip(), compact.replace("_", ""))
    if _LEADING_ZERO.fullmatch(compact):
        fixed = compact.lstrip("+-").lstrip("0") or "0"
        fixed = "0" + fixed if fixed[0] in ".," else fixed
        raise _fail("leading-zero", text.strip(), fixed.replace(",", "."))
    match = _PLAIN.fullmatch(compact)
    if match is None:
        raise _fail("not-amount", text.strip())
    if match.group(2) and len(match.group(2)) > 3:
        raise _fail("decimals", text.strip())
    try:
        return Decimal(compact.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise _fail("not-amount", text.strip()) from None


def money_value(value: Any) -> Any:
    """Before a Money field is validated: the same reading for a file's number, a file's text
    and the form's text (which arrives as a Decimal already)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, NumberText):
        read_amount(value)  # raises the leading-zero message
    if isinstance(value, float):  # from Python or a JSON/YAML reader other than clausegen's own
        return read_amount(repr(value)) if math.isfinite(value) else Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite() or value.as_tuple().exponent >= -2:  # type: ignore[operator]
            return value
        return read_amount(str(value))  # 900.000: the thousands message; 1.005: too many decimals
    if isinstance(value, str):
        return read_amount(value)
    return value


def number_value(value: Any) -> Any:
    """Before a percentage or share is validated: no leading zero, no float, text read exactly."""
    if isinstance(value, NumberText):
        read_amount(value)
    if isinstance(value, float):  # its shortest text: 0.6 is Decimal('0.6'), never 0.59999...
        return Decimal(repr(value))
    if isinstance(value, str):
        compact = _DROP.sub("", value)
        if not _PLAIN.fullmatch(compact) or _LEADING_ZERO.fullmatch(compact):
            read_amount(value)  # the message that says what to write
            raise _fail("not-amount", value)
        return Decimal(compact.replace(",", "."))
    return value

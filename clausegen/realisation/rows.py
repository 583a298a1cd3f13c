"""One row of a verantwoording, read from cell values (a workbook's or a .csv's): Dutch decimal
commas, ISO or Dutch dates, and the privacy rule (a candidate is the supplier's own number, never
a name or BSN). A value that cannot be read without guessing refuses the row, with the fix."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

COLUMNS = ("perceel", "kandidaat", "bouwblok", "uren_per_week", "van", "tot", "toeslagen", "bedrag_eur", "toelichting")
"""DESIGN.md §7, in this order (a contract)."""
CALL_OFF_COLUMN = "nadere_overeenkomst"
"""An optional tenth column: the number of the Nadere overeenkomst a row belongs to (a framework
whose obligation lives per call-off)."""
MAINTENANCE_COLUMN = "onderhoud"
"""An optional last column for a work: `ja` where the row is inzet bij onderhoud en herstel in the
onderhoudstermijn; only then does its part after the oplevering count (twelfth reading C MAJOR-1)."""
YES_NO = {"": False, "nee": False, "ja": True}

MAX_TEXT = 500
MAX_HOURS = Decimal(168)  # the hours of a week


@dataclass(frozen=True)
class ReportRow:
    """A row whose cells could all be read; whether and how much it counts is the valuation's."""

    row: int
    perceel: str
    kandidaat: str
    bouwblok: str
    uren_per_week: Decimal | None
    van: datetime.date | None
    tot: datetime.date | None
    toeslagen: tuple[str, ...]
    bedrag_eur: Decimal | None
    toelichting: str
    nadere_overeenkomst: str = ""
    onderhoud: bool = False
    """Marked as maintenance and repair in a work's onderhoudstermijn (the column onderhoud)."""


@dataclass(frozen=True)
class Refused:
    """A row that cannot be read: its number in the file and what to fix."""

    row: int
    reason: str


class CellError(ValueError):
    """A cell that cannot be read; the message says what to write instead."""


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DUTCH = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_NUMBER = re.compile(r"[0-9.,]+")


def parse_date(value: object, column: str) -> datetime.date | None:
    """A date cell: a real date, `2027-04-01` or `1-4-2027`; anything else is refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0, 0):
            raise CellError(f"{column}: een datum zonder tijd, zoals 1-4-2027")
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise CellError(f"{column}: {value!r} is geen datum; typ de datum als 1-4-2027 of 2027-04-01")
    text = value.strip()
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DUTCH.fullmatch(text)
        if not match:
            raise CellError(f"{column}: '{text[:20]}' is geen datum; schrijf 1-4-2027 (dag-maand-jaar) of 2027-04-01")
        day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(f"{column}: '{text[:20]}' bestaat niet als datum") from None


def parse_number(value: object, column: str, decimals: int) -> Decimal | None:
    """A number cell: a real number, or text with a decimal comma (`18,5`, `1.234,56`). A text
    like `1.234` (thousands or decimals?) is refused rather than guessed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(f"{column}: een getal, geen {value!r}")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # the shortest text that gives the cell's value
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        number = _number_text(value.strip().removeprefix("€").strip().replace("\u00a0", "").replace(" ", ""), column)
    else:
        raise CellError(f"{column}: {value!r} is geen getal")
    if not number.is_finite() or number < 0:
        raise CellError(f"{column}: een getal van 0 of meer")
    if number != number.quantize(Decimal(1).scaleb(-decimals)):
        raise CellError(f"{column}: ten hoogste {decimals} cijfers achter de komma")
    return number


def _number_text(text: str, column: str) -> Decimal:
    if not _NUMBER.fullmatch(text) or not any(ch.isdigit() for ch in text):
        raise CellError(f"{column}: '{text[:20]}' is geen getal; schrijf bijvoorbeeld 1234,56")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, _, fraction = text.rpartition(decimal_sep)
        if text.count(decimal_sep) > 1 or not _grouped(whole, group_sep):
            raise CellError(f"{column}: '{text[:20]}' is niet eenduidig; schrijf 1234,56 zonder scheidingstekens")
        return Decimal(whole.replace(group_sep, "") + "." + fraction)
    if commas:
        if commas > 1:
            raise CellError(f"{column}: '{text[:20]}' is niet eenduidig; schrijf 1234567 of 1234,56")
        return Decimal(text.replace(",", "."))
    if dots > 1:
        if not _grouped(text, "."):
            raise CellError(f"{column}: '{text[:20]}' is geen getal; schrijf bijvoorbeeld 1234,56")
        return Decimal(text.replace(".", ""))
    if dots == 1 and len(text.rpartition(".")[2]) == 3:
        raise CellError(
            f"{column}: '{text}' is niet eenduidig (duizendtal of decimalen?); schrijf {text.replace('.', '')} "
            f"of {text.replace('.', ',')}"
        )
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(f"{column}: '{text[:20]}' is geen getal") from None


def _grouped(whole: str, sep: str) -> bool:
    """`1.234.567`: digit groups of three after the first group of one to three digits."""
    groups = whole.split(sep)
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 and g.isdigit() for g in groups[1:]) and groups[0].isdigit()


def parse_text(value: object, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a lot or candidate number a spreadsheet stored as a number
    if isinstance(value, (datetime.date, bool)):
        raise CellError(f"{column}: tekst, geen {value!r}")
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise CellError(f"{column}: ten hoogste {MAX_TEXT} tekens")
    for ch in text:
        if (ord(ch) < 32 and ch not in "\t\n") or 0xD800 <= ord(ch) <= 0xDFFF or ch in "\ufffe\uffff":
            raise CellError(f"{column}: bevat het teken U+{ord(ch):04X}; verwijder het")
    return text


_CANDIDATE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,29}")
_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def is_bsn(digits: str) -> bool:
    """The BSN's eleven test (elfproef): 9 digits d1..d9 with 9*d1 + ... + 2*d8 - d9 divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def check_candidate(value: str) -> str:
    """The supplier's own number for a person: letters, digits and - _ . / with at least one
    digit and no spaces, and never a number that passes the BSN test (the value is not echoed)."""
    if not value:
        return value
    runs = [re.sub(r"[^0-9]", "", value), *(m[0] for m in _NINE_DIGITS.finditer(value))]
    if any(is_bsn(run) for run in runs):
        raise CellError("kandidaat: dit lijkt op een BSN; gebruik uw eigen kandidaatnummer, nooit een BSN")
    if not _CANDIDATE.fullmatch(value) or not any(ch.isdigit() for ch in value):
        raise CellError(
            "kandidaat: gebruik uw eigen kandidaatnummer (zoals K-001), zonder spaties; nooit een naam of BSN"
        )
    return value


def check_note(value: str) -> str:
    """A toelichting may not carry a BSN either (a name cannot be recognised; the workbook says so)."""
    for match in _NINE_DIGITS.finditer(value):
        if is_bsn(match[0]):
            raise CellError("toelichting: bevat een nummer dat op een BSN lijkt; verwijder het")
    return value


def parse_yes_no(value: object, column: str) -> bool:
    """A ja/nee cell (empty is nee), read strictly: any other value is refused with the fix."""
    text = "" if value is None else str(value).strip().lower() if isinstance(value, str) else None
    if text is None or text not in YES_NO:
        shown = str(value).strip()[:20]
        raise CellError(f"{column}: '{shown}' is geen ja of nee; vul ja of nee in, of laat de cel leeg (nee)")
    return YES_NO[text]


def split_ids(value: str) -> tuple[str, ...]:
    """`bonus-50-plus, bonus-vast-contract` -> the ids, in order, lower case."""
    return tuple(part.lower() for part in re.split(r"[,;\s]+", value) if part)


def read_row(row: int, cells: dict[str, object]) -> ReportRow | Refused | None:
    """One row from its cells by column name; None when the row is empty."""
    cells = dict(cells)
    onderhoud = cells.pop(MAINTENANCE_COLUMN, None)  # read by the reader already (parse_yes_no)
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
        return None  # an empty row, also where its onderhoud cell says ja or nee
    problems = []
    values: dict[str, object] = {}
    for column in (*COLUMNS, CALL_OFF_COLUMN):
        raw = cells.get(column)
        if isinstance(raw, str) and raw.lstrip().startswith("="):
            problems.append(f"{column}: bevat een formule; typ de waarde zelf")
            continue
        try:
            if column in ("van", "tot"):
                values[column] = parse_date(raw, column)
            elif column in ("uren_per_week", "bedrag_eur"):
                values[column] = parse_number(raw, column, 2)
            else:
                text = parse_text(raw, column)
                if column == "kandidaat":
                    text = check_candidate(text)
                elif column == "toelichting":
                    text = check_note(text)
                values[column] = text
        except CellError as exc:
            problems.append(str(exc))
    hours = values.get("uren_per_week")
    if isinstance(hours, Decimal) and (hours == 0 or hours > MAX_HOURS):
        problems.append(f"uren_per_week: meer dan 0 en ten hoogste {MAX_HOURS} uur per week")
    van, tot = values.get("van"), values.get("tot")
    if isinstance(van, datetime.date) and isinstance(tot, datetime.date) and tot < van:
        problems.append("tot ligt voor van; verbeter een van beide datums")
    if problems:
        return Refused(row, "; ".join(problems))
    return ReportRow(
        row=row,
        perceel=str(values["perceel"]),
        kandidaat=str(values["kandidaat"]),
        bouwblok=str(values["bouwblok"]).lower(),
        uren_per_week=hours if isinstance(hours, Decimal) else None,
        van=van if isinstance(van, datetime.date) else None,
        tot=tot if isinstance(tot, datetime.date) else None,
        toeslagen=split_ids(str(values["toeslagen"])),
        bedrag_eur=values["bedrag_eur"] if isinstance(values["bedrag_eur"], Decimal) else None,
        toelichting=str(values["toelichting"]),
        nadere_overeenkomst=str(values.get(CALL_OFF_COLUMN) or ""),
        onderhoud=onderhoud is True,
    )

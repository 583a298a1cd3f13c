"""The Afroepwaarde of a framework holder in its own workbook (legal review 4, MINOR-3).

In a framework with several holders a holder owes the lot's percentage of the real value of its
own call-offs (raamovereenkomst.houders); the equal-split raming is only an indication. The sheet
'Verplichting' of such a holder's workbook therefore gets one input cell per lot, "Afroepwaarde
tot nu toe (excl. btw)", and its verplichting_eur becomes percentage x that cell (the raming while
the cell is empty), so the percentage the holder sees is realised / what it really owes.

`realisatie` reads the cell back with the same strict rules as the amounts on the input sheet and
uses it as the Afroepwaarde when `--afroepwaarde` is not given. When both are given and differ,
the command-line value wins (the buyer establishes the call-off value from its own records; the
workbook is the holder's statement) and the difference is reported as a warning."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ClausegenError
from ..fmt import datum, euro
from .rows import CellError, parse_number
from .terms import Terms

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

OBLIGATION_SHEET = "Verplichting"
CALL_OFF_NAME = "cg_afroepwaarde"
"""The defined name of the input cells (one per lot, column F of the lot table)."""
CALL_OFF_HEADING = "Afroepwaarde tot nu toe (excl. btw)"
ESTIMATE_HEADING = "raming_eur (indicatie)"
CALL_OFF_LABEL = "Verschuldigd is het percentage maal uw Afroepwaarde; de raming is alleen een indicatie."
PER_CALL_OFF_LABEL = (
    "Verschuldigd is per Nadere overeenkomst het percentage van haar waarde; dit blad geeft alleen een indicatie "
    "voor al uw Nadere overeenkomsten samen."
)
"""Above the table of a framework whose obligation lives per call-off (lawyer7 MAJOR-1)."""
PER_CALL_OFF_SHEET_NOTE = (
    "De Afroepwaarde in de werkmap telt niet: bij contract {contract} geldt de Social-returnverplichting per "
    "Nadere overeenkomst, en de lijst van Nadere overeenkomsten beslist."
)
"""The note when an older per-call-off workbook still has an Afroepwaarde filled in."""
NO_LOTS = "(geen percelen)"
"""What column A of the lot table shows for a contract without lots (lot id "")."""
MAX_LOT_ROWS = 200
"""More rows under the defined name than this is no workbook clausegen wrote."""
NOT_A_NUMBER = "typ de Afroepwaarde als getal"
PROMPT_TITLE = "Afroepwaarde"
AFROEPWAARDE = (
    "de waarde exclusief btw die op grond van uw Nadere overeenkomsten onder deze raamovereenkomst aan u is "
    "betaald of verschuldigd, met meer- en minderwerk"
)
"""The annex's definition of the Afroepwaarde (algemeen.definities), addressed to the holder
(thirteenth reading F MINOR-6: not the value of the call-offs it 'received')."""
PROMPT = f"Uw Afroepwaarde tot nu toe: {AFROEPWAARDE}, zoals 1500000. Leeg: de raming uit de bijlage geldt."


def is_framework(terms: Terms) -> bool:
    """A holder of a framework with several holders, or the one holder of a framework-level
    obligation: its obligation follows its call-offs, so its workbook has the Afroepwaarde cells. Not
    a framework whose obligation lives per Nadere overeenkomst: there the list of Nadere overeenkomsten
    decides and no Afroepwaarde counts (thirteenth reading F MINOR-1)."""
    return terms.has_obligation and not terms.per_call_off and (terms.holders > 1 or terms.single_framework)


def obligation_formula(terms: Terms, row: int, lot_index: int) -> str:
    """verplichting_eur of a lot row: percentage x Afroepwaarde (F) when filled, else the raming (G);
    a text in F (pasted past the validation) shows what to do instead of a spreadsheet error."""
    lot = terms.lots[lot_index]
    if lot.percentage is None:
        return f"=G{row}"
    factor = f"{lot.percentage.normalize():f}/100"
    if lot.basis_share != 1:
        factor = f"{lot.basis_share.normalize():f}*{factor}"
    owed = f"ROUND(F{row}*{factor},2)"
    if lot.cap_eur is not None:  # the profile's cap per lot (raamovereenkomst.niveau)
        owed = f"MIN({owed},{lot.cap_eur.normalize():f})"
    return f'=IF(F{row}="",G{row},IF(ISNUMBER(F{row}),{owed},"{NOT_A_NUMBER}"))'


def add_call_off_cells(sheet: Worksheet, terms: Terms, header_row: int, style: dict[str, Any]) -> str:
    """Columns F (the input cells, unlocked and validated) and G (the raming) of the lot table,
    the formulas in C, and the label just above the table; returns the input cells' range."""
    from openpyxl.styles import Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    first, last = header_row + 1, header_row + len(terms.lots)
    for column, name in ((6, CALL_OFF_HEADING), (7, ESTIMATE_HEADING)):
        cell = sheet.cell(row=header_row, column=column, value=name)
        cell.font, cell.fill = style["head_font"], style["head_fill"]
    for index, lot in enumerate(terms.lots):
        row = first + index
        entry = sheet.cell(row=row, column=6)
        entry.number_format = "#,##0.00"
        entry.fill = style["input_fill"]
        entry.protection = Protection(locked=False)
        sheet.cell(row=row, column=7, value=lot.obligation_eur).number_format = "#,##0.00"
        sheet.cell(row=row, column=3, value=obligation_formula(terms, row, index))
        sheet.cell(row=row, column=5, value=f'=IF(ISNUMBER(C{row}),IF(C{row}=0,0,D{row}/C{row}),"")')
    validation = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True, sqref=f"F{first}:F{last}",
        promptTitle=PROMPT_TITLE, prompt=PROMPT, errorTitle=PROMPT_TITLE,
        error="Een bedrag exclusief btw, 0 of meer, zoals 1500000; of laat de cel leeg.",
    )  # fmt: skip
    validation.showInputMessage = True
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    sheet.cell(row=header_row - 1, column=1, value=CALL_OFF_LABEL).font = style["bold"]  # just above the table
    sheet.column_dimensions["F"].width = 34
    sheet.column_dimensions["G"].width = 22
    # Only the input cells can be changed; no password: it guards the formulas against a slip.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    return f"{OBLIGATION_SHEET}!$F${first}:$F${last}"


def read_call_off(workbook: Any, path: Path) -> dict[str, Decimal]:
    """The filled Afroepwaarde cells of a workbook opened by openpyxl (stored values, no formula
    evaluated), by lot id; {} for a workbook without them (not a framework holder's, or older)."""
    from openpyxl.utils.cell import range_boundaries

    defined = workbook.defined_names.get(CALL_OFF_NAME)
    if defined is None:
        return {}
    destinations = list(defined.destinations)
    bounds: tuple[int | None, ...] = ()
    if len(destinations) == 1 and destinations[0][0] in workbook.sheetnames:
        try:
            bounds = tuple(range_boundaries(destinations[0][1].replace("$", "")))
        except ValueError:
            bounds = ()
    if len(bounds) != 4 or None in bounds:
        raise _bad_range(path)
    column, top, right, bottom = (int(b or 0) for b in bounds)
    if column != right or bottom - top >= MAX_LOT_ROWS:
        raise _bad_range(path)
    sheet = workbook[destinations[0][0]]
    found: dict[str, Decimal] = {}
    for row, values in enumerate(
        sheet.iter_rows(min_row=top, max_row=bottom, max_col=column, values_only=True), start=top
    ):
        lot = "" if values[0] is None else str(values[0]).strip()
        raw = values[column - 1]
        cell = f"{_column_letter(column)}{row}"
        try:
            if isinstance(raw, str) and raw.lstrip().startswith("="):
                raise CellError("Afroepwaarde: bevat een formule; typ het bedrag zelf")
            amount = parse_number(raw, "Afroepwaarde", 2)
        except CellError as exc:
            raise ClausegenError(
                code="realisation.call-off-cell", params={"cell": cell, "problem": str(exc)}, path=path
            ) from None
        if amount is not None:
            found["" if lot == NO_LOTS else lot] = amount
    return found


def _bad_range(path: Path) -> ClausegenError:
    return ClausegenError(code="realisation.call-off-cell-range", params={"name": CALL_OFF_NAME}, path=path)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def combine(
    terms: Terms,
    given: Mapping[str, Decimal] | None,
    from_workbook: Mapping[str, Decimal],
    warn: Callable[[str], None] | None = None,
) -> tuple[dict[str, Decimal] | None, tuple[str, ...]]:
    """The Afroepwaarde to value with, per lot, and the notes that say where it came from: the
    given value (--afroepwaarde) wins per lot; a workbook value fills the lots not given. A
    difference between the two goes to `warn`, and is said in the notes too."""
    if not from_workbook:
        return (dict(given) if given is not None else None), ()
    if terms.per_call_off:  # an older workbook's cell (thirteenth reading F MINOR-1)
        return (dict(given) if given is not None else None), (PER_CALL_OFF_SHEET_NOTE.format(contract=terms.number),)
    if not is_framework(terms):
        return (dict(given) if given is not None else None), (
            f"De Afroepwaarde in de werkmap telt niet: contract {terms.number} heeft een vaste verplichting.",
        )
    for lot_id in from_workbook:
        if terms.lot(lot_id) is None:
            raise ClausegenError(
                code="realisation.call-off-cell-lot",
                params={"lot": lot_id[:30], "lots": ", ".join(x.id or NO_LOTS for x in terms.lots)},
            )
    values = dict(given or {})
    notes = []
    for lot in terms.lots:
        if lot.id not in from_workbook:
            continue
        sheet_value = from_workbook[lot.id]
        name = f"van perceel {lot.id}" if terms.has_lots else "van de opdracht"
        if lot.id not in values:
            values[lot.id] = sheet_value
            notes.append(f"Afroepwaarde {name}: {euro(sheet_value)}, uit de werkmap (blad {OBLIGATION_SHEET}).")
        elif values[lot.id] != sheet_value:
            notes.append(f"Afroepwaarde {name}: {euro(values[lot.id])}, opgegeven met --afroepwaarde; de werkmap "
                         f"noemt {euro(sheet_value)} en telt daarom niet.")  # fmt: skip
            if warn is not None:
                warn(f"de Afroepwaarde {name} in de werkmap ({euro(sheet_value)}) wijkt af van --afroepwaarde "
                     f"({euro(values[lot.id])}); gerekend is met --afroepwaarde")  # fmt: skip
    missing = [lot.id or NO_LOTS for lot in terms.lots if lot.id not in values and lot.obligation_eur > 0]
    if missing:
        raise ClausegenError(code="realisation.call-off-cell-missing", params={"lots": ", ".join(missing)})
    return values, tuple(notes)


def call_off_period(terms: Terms, report_date: datetime.date) -> str:
    """Up to when the Nadere overeenkomsten of an Afroepwaarde were awarded: the report date during
    the framework's term; after it the framework's end date, since no call-off follows its end
    (sixth legal reading MINOR-7)."""
    if report_date <= terms.end_date:
        return f"tot {datum(report_date)}"
    return f"tot en met {datum(terms.end_date)}, het einde van de looptijd van de raamovereenkomst,"


GIVEN = "opgegeven"
"""The source of an Afroepwaarde given by the buyer (--afroepwaarde, or the web form's field)."""
SHEET = "werkmap"
"""The source of an Afroepwaarde read from the holder's own sheet Verplichting."""


def call_off_sources(given: Mapping[str, Decimal] | None, values: Mapping[str, Decimal] | None) -> dict[str, str]:
    """Where each lot's Afroepwaarde that `combine` returned came from, by its rule: a given value
    wins per lot, a workbook value fills the lots not given."""
    if values is None:
        return {}
    return {lot: GIVEN if given is not None and lot in given else SHEET for lot in values}


def above_value(terms: Terms, call_off: Mapping[str, Decimal] | None) -> list[tuple[str, Decimal, Decimal]]:
    """The lots whose Afroepwaarde exceeds the estimated value of the framework (or of the lot) in
    the tender, as (lot id, Afroepwaarde, estimated value): the value of a framework is a maximum,
    and a larger call-off may fall outside it (art. 2.163a e.v. Aw 2012; fourteenth reading H
    MINOR-6). The obligation follows the Afroepwaarde all the same; this is only a signal."""
    if not call_off or terms.per_call_off:
        return []
    return [(lot.id, call_off[lot.id], lot.value_eur) for lot in terms.lots
            if lot.value_eur is not None and lot.id in call_off and call_off[lot.id] > lot.value_eur]  # fmt: skip

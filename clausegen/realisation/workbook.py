"""The verantwoording workbook `clausegen contract` writes next to each contract annex: an
instruction sheet, the obligation per lot, the value table in force, and the input sheet with
exactly the DESIGN.md §7 columns, drop-downs, formats and live (indicative) formulas. Same
manifest, same bytes: fixed properties and zip timestamps."""

from __future__ import annotations

import datetime
import io
import itertools
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..docx.package import zip_bytes
from ..fmt import euro
from . import instructions
from .afroep import CALL_OFF_NAME, NO_LOTS, PER_CALL_OFF_LABEL, add_call_off_cells, is_framework
from .reader import CALL_OFF_SHEET, INPUT_SHEET
from .rows import COLUMNS
from .terms import KIND_LABELS, Terms, terms_from_manifest

if TYPE_CHECKING:  # openpyxl is imported when a workbook is written, not when clausegen starts
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

INPUT_ROWS = 500
"""Rows of the input sheet that carry drop-downs and formulas (more can be added by copying)."""
MAX_BONUS_COMBINATIONS = 4
"""Up to this many bonuses, the bonus drop-down offers every combination; above it, each alone."""

LISTS = "Lijsten"
_HEAD_FILL = "154273"
_INPUT_FILL = "FFF8E1"
_DATE = "DD-MM-YYYY"
_AMOUNT = "#,##0.00"
_HELPER = ("soort", "telt", "van_binnen", "tot_binnen", "maanden", "toeslag_eur")
"""Hidden helper columns (L..Q) that keep the value formula readable."""


def workbook_bytes(manifest: dict[str, Any]) -> bytes:
    """The workbook for one contract manifest (the interface's manifest.json), as bytes."""
    terms = terms_from_manifest(manifest)
    return _package(_build(terms, manifest), terms)


def write_workbook(manifest: dict[str, Any], path: Path) -> None:
    """Write the workbook to `path` (through a temporary file in its folder, then renamed)."""
    from ..output import write_all

    path = Path(path)
    write_all(path.parent, {path.name: workbook_bytes(manifest)}, force=True)


def _package(workbook: Workbook, terms: Terms) -> bytes:
    from openpyxl.writer.excel import ExcelWriter

    stamp = datetime.datetime(terms.created.year, terms.created.month, terms.created.day)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(workbook, archive).save()  # not openpyxl's save_workbook: it stamps `modified` with now
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as written:
        entries = [(name, written.read(name)) for name in written.namelist()]
    return zip_bytes(entries)


def _build(terms: Terms, manifest: dict[str, Any]) -> Workbook:
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty

    workbook = Workbook()
    props = workbook.properties
    props.creator = "clausegen"
    props.lastModifiedBy = "clausegen"
    props.title = f"Verantwoording social return {terms.number}"[:255]
    props.subject = (terms.contractor or "social return")[:255]
    props.language = "nl-NL"
    props.category = "verantwoording"
    props.keywords = "social return; verantwoording"
    for name, value in (
        ("clausegen.kind", "verantwoording"),
        ("clausegen.contract", terms.number),
        ("clausegen.library", str((manifest.get("library") or {}).get("fingerprint", ""))),
    ):
        workbook.custom_doc_props.append(StringProperty(name=name, value=value[:255]))  # type: ignore[attr-defined]  # types-openpyxl lacks custom_doc_props (openpyxl 3.1)
    guide = workbook.worksheets[0]  # a new workbook's one sheet
    guide.title = "Toelichting"
    _guide(guide, terms)
    obligation = workbook.create_sheet("Verplichting")
    call_off = _obligation(obligation, terms)
    dates = _works_dates(obligation) if terms.works else None
    _table(workbook.create_sheet("Waardetabel"), terms)
    _lists(workbook, workbook.create_sheet(LISTS), terms, call_off, dates)
    _input(workbook.create_sheet(INPUT_SHEET), terms)
    if terms.per_call_off and terms.has_obligation:
        _call_off_sheet(workbook.create_sheet(CALL_OFF_SHEET), terms)
    workbook.active = workbook.sheetnames.index(INPUT_SHEET)
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = sheet.title == INPUT_SHEET
    return workbook


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "title": Font(bold=True, size=14, color=_HEAD_FILL),
        "bold": Font(bold=True),
        "head_font": Font(bold=True, color="FFFFFF"),
        "head_fill": PatternFill("solid", fgColor=_HEAD_FILL),
        "input_fill": PatternFill("solid", fgColor=_INPUT_FILL),
        "wrap": Alignment(wrap_text=True, vertical="top"),
    }


def _guide(sheet: Worksheet, terms: Terms) -> None:
    style = _styles()
    sheet.column_dimensions["A"].width = 110
    sheet["A1"] = instructions.guide_title(terms)
    sheet["A1"].font = style["title"]
    for index, (kind, text) in enumerate(instructions.guide_lines(terms), start=2):
        cell = sheet.cell(row=index, column=1, value=text)
        cell.alignment = style["wrap"]
        if kind == "head":
            cell.font = style["bold"]


def _header(sheet: Worksheet, row: int, names: tuple[str, ...]) -> None:
    style = _styles()
    for column, name in enumerate(names, start=1):
        cell = sheet.cell(row=row, column=column, value=name)
        cell.font = style["head_font"]
        cell.fill = style["head_fill"]


def _obligation(sheet: Worksheet, terms: Terms) -> str | None:
    """The sheet 'Verplichting'; for a framework holder also the Afroepwaarde cells, whose range
    it returns (for their defined name)."""
    style = _styles()
    sheet["A1"] = "Verplichting van het contract" if terms.has_obligation else instructions.VOLUNTARY_TITLE
    sheet["A1"].font = style["title"]
    facts = instructions.obligation_facts(terms)
    pso_cell = None
    for index, (label, value) in enumerate(facts, start=3):
        sheet.cell(row=index, column=1, value=label).font = style["bold"]
        if label.startswith(instructions.PSO_FACT):  # a number, so that the percentage can add it (lawyer9)
            pso_cell = f"$B${index}"
            sheet.cell(row=index, column=2, value=instructions.pso_term_eur(terms)).number_format = _AMOUNT
        else:
            sheet.cell(row=index, column=2, value=value)
    first = len(facts) + 5
    _header(
        sheet, first - 1, ("perceel", "omschrijving", "verplichting_eur", "ingevuld_eur (indicatief)", "percentage")
    )
    last_data = INPUT_ROWS + 1
    for offset, lot in enumerate(terms.lots):
        row = first + offset
        sheet.cell(row=row, column=1, value=lot.id or NO_LOTS)
        sheet.cell(row=row, column=2, value=lot.title)
        sheet.cell(row=row, column=3, value=lot.obligation_eur).number_format = _AMOUNT
        if len(terms.lots) == 1:
            realised = f"=SUM({INPUT_SHEET}!$J$2:$J${last_data})"
        else:
            realised = f'=SUMIF({INPUT_SHEET}!$A$2:$A${last_data},A{row}&"",{INPUT_SHEET}!$J$2:$J${last_data})'
        sheet.cell(row=row, column=4, value=realised).number_format = _AMOUNT
        filled = f"(D{row}+{pso_cell})" if pso_cell and len(terms.lots) == 1 else f"D{row}"
        sheet.cell(row=row, column=5, value=f"=IF(C{row}=0,0,{filled}/C{row})").number_format = "0.0%"
    total = first + len(terms.lots)
    sheet.cell(row=total, column=1, value="Totaal").font = style["bold"]
    sheet.cell(row=total, column=3, value=f"=SUM(C{first}:C{total - 1})").number_format = _AMOUNT
    sheet.cell(row=total, column=4, value=f"=SUM(D{first}:D{total - 1})").number_format = _AMOUNT
    filled = f"(D{total}+{pso_cell})" if pso_cell else f"D{total}"
    sheet.cell(row=total, column=5, value=f"=IF(C{total}=0,0,{filled}/C{total})").number_format = "0.0%"
    if pso_cell:
        sheet.cell(row=total + 1, column=1, value=instructions.PSO_PERCENT_NOTE).alignment = style["wrap"]
    sheet.cell(row=total + 3, column=1, value=instructions.INDICATIVE).alignment = style["wrap"]
    for column, width in zip("ABCDE", (28, 40, 18, 24, 12), strict=True):
        sheet.column_dimensions[column].width = width
    if terms.per_call_off and terms.has_obligation:  # no Afroepwaarde: the list decides (thirteenth reading F MINOR-1)
        sheet.cell(row=first - 2, column=1, value=PER_CALL_OFF_LABEL).font = style["bold"]  # just above the table
    return add_call_off_cells(sheet, terms, first - 1, style) if is_framework(terms) else None


def _works_dates(sheet: Worksheet) -> tuple[str, str]:
    """A work's input cells for the real opleverdatum and the end of the onderhoudstermijn, below
    the lot table of 'Verplichting' (eleventh reading A MINOR-1); their absolute references."""
    from openpyxl.worksheet.datavalidation import DataValidation

    style = _styles()
    first = sheet.max_row + 2
    sheet.cell(row=first, column=1, value=instructions.WORKS_DATES_HEADING).font = style["bold"]
    refs = []
    for offset, label in enumerate((instructions.WORKS_OPLEVERING, instructions.WORKS_MAINTENANCE_END), start=1):
        row = first + offset
        sheet.cell(row=row, column=1, value=label).font = style["bold"]
        entry = sheet.cell(row=row, column=2)
        entry.number_format = _DATE
        entry.fill = style["input_fill"]
        refs.append(f"Verplichting!$B${row}")
    validation = DataValidation(type="date", operator="between", formula1="36526", formula2="73415",
                                allow_blank=True, sqref=f"B{first + 1}:B{first + 2}", errorTitle="Datum",
                                error="Een datum, zoals 15-3-2029; of laat de cel leeg.")  # fmt: skip
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    sheet.cell(row=first + 3, column=1, value=instructions.WORKS_DATES_NOTE).alignment = style["wrap"]
    return refs[0], refs[1]


def _table(sheet: Worksheet, terms: Terms) -> None:
    style = _styles()
    sheet["A1"] = terms.table_name or "Waardetabel"
    sheet["A1"].font = style["title"]
    facts = [
        ("Waardetabel", terms.table_id),
        ("Versie", terms.table_version or "(geen versie vermeld)"),
        ("Bron", terms.table_source or "(geen bron vermeld)"),
        ("Voltijd", f"{terms.hours_per_week.normalize():f} uur per week; waarden per voltijd jaar"),
        ("Maximum per kandidaat", f"{terms.max_months_per_candidate} maanden"),
        (
            "Inkoop (Buy Social)",
            f"{terms.buy_social_share_percent.normalize():f}% van het loonkostendeel van de factuur",
        ),
        ("Ondersteuning per uur", euro(terms.hourly_value_eur)),
    ]
    for index, (label, value) in enumerate(facts, start=3):
        sheet.cell(row=index, column=1, value=label).font = style["bold"]
        sheet.cell(row=index, column=2, value=value)
    first = len(facts) + 5
    _header(sheet, first - 1, ("bouwblok", "omschrijving", "soort", "waarde_eur", "telt in dit contract"))
    for offset, block in enumerate(terms.blocks):
        row = first + offset
        sheet.cell(row=row, column=1, value=block.id)
        sheet.cell(row=row, column=2, value=block.label)
        sheet.cell(row=row, column=3, value=KIND_LABELS[block.kind])
        amount = sheet.cell(row=row, column=4, value=block.value_eur if block.value_eur is not None else "zie regels")
        amount.number_format = _AMOUNT
        sheet.cell(row=row, column=5, value="ja" if block.allowed else "nee (buiten de Doelgroep)")
    for column, width in zip("ABCDE", (24, 70, 28, 14, 26), strict=True):
        sheet.column_dimensions[column].width = width


def _bonus_choices(terms: Terms) -> list[tuple[str, Decimal | int | None]]:
    """The bonus drop-down: every combination of the allowed bonuses (few), each with its sum."""
    bonuses = [b for b in terms.blocks if b.kind == "bonus" and b.allowed]
    choices: list[tuple[str, Decimal | int | None]] = []
    if len(bonuses) > MAX_BONUS_COMBINATIONS:
        return [(b.id, b.value_eur) for b in bonuses]
    for size in range(1, len(bonuses) + 1):
        for combo in itertools.combinations(bonuses, size):
            choices.append((",".join(b.id for b in combo), sum(b.value_eur or 0 for b in combo)))
    return choices


def _lists(
    workbook: Workbook, sheet: Worksheet, terms: Terms, call_off: str | None, dates: tuple[str, str] | None = None
) -> None:
    """The hidden sheet behind the drop-downs and formulas, with a defined name for each list (and
    `cg_afroepwaarde` for a framework holder's Afroepwaarde cells). For a work, `dates` are the
    cells of its real opleverdatum and end of the onderhoudstermijn: `cg_eind` is then the real
    oplevering where filled in (else the planned one), and `cg_onderhoud` the end of the
    onderhoudstermijn if later: a row marked ja in its column onderhoud counts up to it (twelfth
    reading C MAJOR-1)."""
    from openpyxl.workbook.defined_name import DefinedName

    sheet.sheet_state = "hidden"
    names: dict[str, str] = {}
    _header(sheet, 1, ("bouwblok", "soort", "waarde_eur", "telt", "", "perceel", "", "toeslagen", "toeslag_eur"))
    for row, block in enumerate(terms.blocks, start=2):
        sheet.cell(row=row, column=1, value=block.id)
        sheet.cell(row=row, column=2, value=block.kind)
        sheet.cell(row=row, column=3, value=block.value_eur if block.value_eur is not None else 0)
        sheet.cell(row=row, column=4, value=1 if block.allowed else 0)
    names["Blokken"] = f"{LISTS}!$A$2:$D${len(terms.blocks) + 1}"
    choosable = [b.id for b in terms.blocks if b.allowed and b.kind != "bonus"] or [terms.blocks[0].id]
    for row, block_id in enumerate(choosable, start=2):
        sheet.cell(row=row, column=11, value=block_id)
    names["Bouwblokken"] = f"{LISTS}!$K$2:$K${len(choosable) + 1}"
    lot_ids = [lot.id for lot in terms.lots]
    for row, lot_id in enumerate(lot_ids, start=2):
        sheet.cell(row=row, column=6, value=lot_id)
    names["Percelen"] = f"{LISTS}!$F$2:$F${len(lot_ids) + 1}"
    choices = _bonus_choices(terms) or [("", 0)]
    for row, (text, value) in enumerate(choices, start=2):
        sheet.cell(row=row, column=8, value=text)
        sheet.cell(row=row, column=9, value=value)
    names["Toeslagen"] = f"{LISTS}!$H$2:$I${len(choices) + 1}"
    names["Toeslaglijst"] = f"{LISTS}!$H$2:$H${len(choices) + 1}"
    end: datetime.datetime | str = _day(terms.end_date)
    maintained: datetime.datetime | str = end
    if dates is not None:
        planned, (oplevering, maintenance) = terms.end_date, dates
        planned_day = f"DATE({planned.year},{planned.month},{planned.day})"
        end = f"=IF(ISNUMBER({oplevering}),{oplevering},{planned_day})"
        maintained = f"=MAX(cg_eind,N({maintenance}))"
    settings: list[tuple[str, datetime.datetime | Decimal | int | str]] = [
        ("cg_start", _day(terms.start_date)),
        ("cg_eind", end),
        ("cg_onderhoud", maintained),
        ("cg_uren", terms.hours_per_week),
        ("cg_maxmaanden", terms.max_months_per_candidate),
        ("cg_inkoop", terms.buy_social_share_percent),
        ("cg_uurwaarde", terms.hourly_value_eur),
        ("cg_percelen", len(lot_ids) if terms.has_lots else 0),
    ]
    for row, (name, setting) in enumerate(settings, start=2):
        sheet.cell(row=row, column=13, value=name)
        cell = sheet.cell(row=row, column=14, value=setting)
        if isinstance(setting, datetime.datetime | str):
            cell.number_format = _DATE
        names[name] = f"{LISTS}!$N${row}"
    if call_off is not None:
        names[CALL_OFF_NAME] = call_off
    for name, ref in names.items():
        workbook.defined_names[name] = DefinedName(name, attr_text=ref)


def _day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day)


def row_formulas(
    r: int,
    pre_existing_excluded: bool = True,
    maintenance: str | None = None,
    withheld: tuple[tuple[str, str, Decimal], ...] = (),
    bonuses: tuple[tuple[str, Decimal], ...] = (),
    call_off: tuple[str, int, int] | None = None,
) -> dict[str, str]:
    """The formulas of input row `r`: helper columns L..Q, the row's value J and the running total K.
    They mirror the counting rules for single rows; `clausegen realisatie` applies all of them. A
    work's `maintenance` column: a row with ja in it counts to `cg_onderhoud`, any other to `cg_eind`.
    `withheld`: (bonus id, placement block id, bonus value) for each bonus that does not count in that
    block (manifest `withheld_in`, thirteenth reading E MAJOR-2): Q leaves it out there. `bonuses`:
    (bonus id, value) of each allowed bonus; Q adds those the row names, in any order. `call_off`:
    per Nadere overeenkomst, the range of the sheet with their list: a row counts from the start to
    the end of the call-off it names, also after the framework's end (thirteenth reading F MINOR-11)."""
    end = f'IF(LOWER(TRIM(${maintenance}{r}))="ja",cg_onderhoud,cg_eind)' if maintenance else "cg_eind"
    begin = "cg_start"
    if call_off is not None:
        cells, first, last = call_off
        begin = f"MAX(cg_start,IFERROR(VLOOKUP(${CALL_OFF_INPUT}{r},{cells},{first},FALSE),cg_start))"
        end = f"IFERROR(VLOOKUP(${CALL_OFF_INPUT}{r},{cells},{last},FALSE),{end})"
    months = (
        f"(YEAR(O{r})*12+MONTH(O{r}))-(YEAR(N{r})*12+MONTH(N{r}))-1"
        f"+(DAY(EOMONTH(N{r},0))-DAY(N{r})+1)/DAY(EOMONTH(N{r},0))+DAY(O{r})/DAY(EOMONTH(O{r},0))"
    )
    inside = f"AND($E{r}>={begin},MAX($E{r},$F{r})<={end})"
    typed = f'","&LOWER(SUBSTITUTE($G{r}," ",""))&","'
    # each allowed toeslag the row names between commas, in any order and with any spaces: "a, b" is
    # "b,a" (realisatie reads them so); the commas keep one id from matching inside another
    bonus = (
        "+".join(
            f'IF(ISNUMBER(FIND(",{bonus_id.lower()},",{typed})),{value.normalize():f},0)' for bonus_id, value in bonuses
        )
        or "0"
    )
    if withheld:  # a bonus the row's category withholds is not valued (realisatie refuses it too)
        cuts = "".join(
            f'-IF(AND(LOWER($C{r})="{block.lower()}",ISNUMBER(SEARCH(",{bonus_id.lower()},",{typed}))),'
            f"{value.normalize():f},0)"
            for bonus_id, block, value in withheld
        )
        bonus = f"MAX(0,{bonus}{cuts})"
    lot_ok = f'OR(cg_percelen=0,COUNTIF(Percelen,$A{r}&"")>0,AND($A{r}="",cg_percelen=1))'
    placement = f"(VLOOKUP(LOWER($C{r}),Blokken,3,FALSE)+Q{r})*MIN($D{r}/cg_uren,1)*P{r}/12"
    if pre_existing_excluded:  # a placement or learning place begun before the start date: nothing
        placement = f"IF($E{r}<cg_start,0,{placement})"
    support = (
        f'IF($H{r}<>"",IF({inside},$H{r},0),IF(OR(N{r}="",O{r}="",N{r}>O{r}),0,$D{r}*(O{r}-N{r}+1)/7*cg_uurwaarde))'
    )
    value = (
        f'IF(OR(L{r}="plaatsing",L{r}="leerwerkplek"),{placement},'
        f'IF(L{r}="inkoop",IF({inside},$H{r}*cg_inkoop/100,0),IF(L{r}="ondersteuning",{support},0)))'
    )
    return {
        "J": f'=IF($C{r}="","",IFERROR(IF(M{r}=0,0,ROUND({value},2)),"controleer de regel"))',
        "K": f'=IF($C{r}="","",SUM($J$2:J{r}))',
        "L": f'=IF($C{r}="","",IFERROR(VLOOKUP(LOWER($C{r}),Blokken,2,FALSE),"?"))',
        "M": f'=IF(OR($C{r}="",L{r}="?"),0,IF(AND(IFERROR(VLOOKUP(LOWER($C{r}),Blokken,4,FALSE),0)=1,{lot_ok}),1,0))',
        "N": f'=IF(OR($E{r}="",$F{r}=""),"",MAX($E{r},{begin}))',
        "O": f'=IF(N{r}="","",MIN($F{r},{end}))',
        # the maximum per kandidaat over all his rows that count (a value above 0), as realisatie counts it
        # (thirteenth reading E MINOR-12)
        "P": f'=IF(OR(N{r}="",O{r}="",N{r}>O{r}),0,IF($B{r}="",MIN(cg_maxmaanden,{months}),'
        f'MAX(0,MIN(cg_maxmaanden-SUMIFS($P$1:P{r - 1},$B$1:B{r - 1},$B{r},$L$1:L{r - 1},"plaatsing",$J$1:J{r - 1},">0")'
        f'-SUMIFS($P$1:P{r - 1},$B$1:B{r - 1},$B{r},$L$1:L{r - 1},"leerwerkplek",$J$1:J{r - 1},">0"),{months}))))',
        "Q": f'=IF(L{r}="plaatsing",{bonus},0)',
    }


def withheld_bonuses(terms: Terms) -> tuple[tuple[str, str, Decimal], ...]:
    """(bonus id, placement block id, bonus value) for each allowed bonus a category withholds."""
    return tuple(
        (bonus.id, block, bonus.value_eur or Decimal(0))
        for bonus in terms.blocks
        if bonus.kind == "bonus" and bonus.allowed
        for block in bonus.withheld_in
    )


def _input(sheet: Worksheet, terms: Terms) -> None:
    from openpyxl.comments import Comment
    from openpyxl.worksheet.datavalidation import DataValidation

    style = _styles()
    names: tuple[str, ...] = (*COLUMNS, "waarde_eur", "totaal_eur", *_HELPER)
    _header(sheet, 1, names)
    for number, text in enumerate(instructions.column_notes(terms), start=1):
        sheet.cell(row=1, column=number).comment = Comment(text, "clausegen", width=320, height=140)
    sheet.freeze_panes = "A2"
    widths = (10, 14, 22, 14, 13, 13, 34, 14, 40, 16, 16)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[_letter(index)].width = width
    for column in "LMNOPQ":
        sheet.column_dimensions[column].hidden = True
    last = INPUT_ROWS + 1
    per_call_off = terms.per_call_off and terms.has_obligation
    # every framework's rows may name their Nadere overeenkomst: per call-off it decides where a row
    # counts, at framework level whether it counts after the framework's end (fourteenth reading H MAJOR-2)
    linked = terms.has_obligation and terms.contract_type == "raamovereenkomst"
    withheld = withheld_bonuses(terms)
    bonuses = tuple((b.id, b.value_eur or Decimal(0)) for b in terms.blocks if b.kind == "bonus" and b.allowed)
    maintenance = (MAINTENANCE_INPUT_AFTER_CALL_OFF if linked else MAINTENANCE_INPUT) if terms.works else None
    formats = {"D": "0.00", "E": _DATE, "F": _DATE, "H": _AMOUNT, "J": _AMOUNT, "K": _AMOUNT,
               "N": _DATE, "O": _DATE, "P": "0.0000", "Q": _AMOUNT}  # fmt: skip
    for r in range(2, last + 1):
        for column in "ABCDEFGHI":
            sheet[f"{column}{r}"].fill = style["input_fill"]
        for column, formula in row_formulas(r, terms.pre_existing_excluded, maintenance, withheld, bonuses,
                                            call_off_range(terms) if per_call_off else None).items():  # fmt: skip
            sheet[f"{column}{r}"] = formula
        for column, number_format in formats.items():
            sheet[f"{column}{r}"].number_format = number_format
        sheet[f"B{r}"].number_format = "@"
        sheet[f"A{r}"].number_format = "@"
    validations = [
        DataValidation(type="list", formula1="Bouwblokken", allow_blank=True, sqref=f"C2:C{last}",
                       errorTitle="Bouwblok", error="Kies een bouwblok uit de lijst (blad Waardetabel)."),
        DataValidation(type="list", formula1="Toeslaglijst", allow_blank=True, sqref=f"G2:G{last}",
                       errorStyle="warning", errorTitle="Toeslagen",
                       error="Kies uit de lijst, of typ toeslagen gescheiden door komma's."),
        DataValidation(type="decimal", operator="between", formula1="0.01", formula2="168", allow_blank=True,
                       sqref=f"D2:D{last}", errorTitle="Uren per week", error="Een aantal uren per week, meer dan 0."),
        DataValidation(type="date", operator="between", formula1="36526", formula2="73415", allow_blank=True,
                       sqref=f"E2:F{last}", errorTitle="Datum", error="Een datum, zoals 1-4-2027."),
        DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                       sqref=f"H2:H{last}", errorTitle="Bedrag", error="Een bedrag exclusief btw, 0 of meer."),
        DataValidation(type="custom", formula1='AND(LEN(B2)<=30,ISERROR(FIND(" ",B2)))', allow_blank=True,
                       sqref=f"B2:B{last}", errorTitle="Kandidaat",
                       error="Uw eigen kandidaatnummer, zonder spaties. Nooit een naam of BSN."),
    ]  # fmt: skip
    if terms.has_lots:
        validations.insert(0, DataValidation(type="list", formula1="Percelen", allow_blank=True, sqref=f"A2:A{last}",
                                             errorTitle="Perceel", error="Kies een perceel van dit contract."))  # fmt: skip
    for validation in validations:
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
    if linked:
        from .rows import CALL_OFF_COLUMN

        names = (*names, CALL_OFF_COLUMN)
        _header(sheet, 1, names)
        sheet.column_dimensions[CALL_OFF_INPUT].width = 22
        for r in range(2, last + 1):
            sheet[f"{CALL_OFF_INPUT}{r}"].fill = style["input_fill"]
            sheet[f"{CALL_OFF_INPUT}{r}"].number_format = "@"
    if maintenance is not None:  # a work's column onderhoud, the last one (twelfth reading C MAJOR-1)
        from .rows import MAINTENANCE_COLUMN

        _header(sheet, 1, (*names, MAINTENANCE_COLUMN))
        heading = sheet[f"{maintenance}1"]
        heading.comment = Comment(instructions.MAINTENANCE_NOTE, "clausegen", width=320, height=140)
        sheet.column_dimensions[maintenance].width = 12
        for r in range(2, last + 1):
            sheet[f"{maintenance}{r}"].fill = style["input_fill"]
            sheet[f"{maintenance}{r}"].number_format = "@"
        choice = DataValidation(type="list", formula1='"ja,nee"', allow_blank=True, sqref=f"{maintenance}2:{maintenance}{last}",
                                errorTitle="Onderhoud", error="Kies ja (onderhoud en herstel in de onderhoudstermijn) of nee; of laat de cel leeg.")  # fmt: skip
        choice.showErrorMessage = True
        sheet.add_data_validation(choice)


CALL_OFF_INPUT = "R"
"""The input sheet's column nadere_overeenkomst (after the value and helper columns J..Q)."""
MAINTENANCE_INPUT = "R"
MAINTENANCE_INPUT_AFTER_CALL_OFF = "S"
"""A work's column onderhoud: R, or S after a per-call-off framework's column nadere_overeenkomst."""


def _list_names(terms: Terms) -> tuple[str, ...]:
    """The input columns of the sheet Nadere overeenkomsten (afnemer comes after the computed one)."""
    from .calloffs import LIST_COLUMNS

    return tuple(c for c in LIST_COLUMNS if (terms.has_lots or c != "perceel") and c != "afnemer")


def call_off_range(terms: Terms) -> tuple[str, int, int]:
    """The cells nummer..einddatum of the sheet Nadere overeenkomsten, for VLOOKUP by nummer, and
    the places of startdatum and einddatum in it."""
    names = _list_names(terms)
    first, last = names.index("nummer"), names.index("einddatum")
    cells = f"'{CALL_OFF_SHEET}'!${_letter(first + 1)}$2:${_letter(last + 1)}$201"
    return cells, names.index("startdatum") - first + 1, last - first + 1


def _call_off_sheet(sheet: Worksheet, terms: Terms) -> None:
    """The list of Nadere overeenkomsten of a per-call-off framework (calloffs.py reads it back)."""
    style = _styles()
    names = _list_names(terms)
    # with Afnemers, the column afnemer after the computed one, so the other columns keep their place
    # (raamovereenkomst.afnemers, thirteenth reading F MAJOR-3)
    _header(sheet, 1, (*names, CALL_OFF_OBLIGATION, *(("afnemer",) if terms.afnemers else ())))
    sheet.freeze_panes = "A2"
    for index, name in enumerate(names, start=1):
        sheet.column_dimensions[_letter(index)].width = 40 if name == "toelichting" else 16
        for r in range(2, 202):
            cell = sheet.cell(row=r, column=index)
            cell.fill = style["input_fill"]
            if name in ("startdatum", "einddatum"):
                cell.number_format = _DATE
            elif name == "waarde_eur":
                cell.number_format = _AMOUNT
            else:
                cell.number_format = "@"
    # what each Nadere overeenkomst owes, computed as calloffs.obligation_of does (lawyer10
    # MINOR-4): the lot's percentage of its value (times the labour share of a wage-sum basis),
    # "gebundeld" below call_off_min_eur; calloffs.parse_list reads only the columns above
    column = len(names) + 1
    sheet.column_dimensions[_letter(column)].width = 24
    value = _letter(names.index("waarde_eur") + 1)
    lot = _letter(names.index("perceel") + 1) if "perceel" in names else None
    rate = _call_off_rate(terms, lot)
    for r in range(2, 202):
        cell = sheet.cell(row=r, column=column)
        cell.value = (f'=IF({value}{r}="","",IF({value}{r}<{terms.call_off_min_eur},"gebundeld",'
                      f"ROUND({value}{r}*{rate.format(r=r)},2)))")  # fmt: skip
        cell.number_format = _AMOUNT
    if terms.afnemers:
        _afnemer_column(sheet, terms, column + 1, style)


def _afnemer_column(sheet: Worksheet, terms: Terms, column: int, style: dict[str, Any]) -> None:
    """The party that concluded each call-off, chosen from the contract's Opdrachtgever and
    Afnemers (empty: the Opdrachtgever); calloffs.parse_list checks it strictly."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from .calloffs import creditors

    letter = _letter(column)
    sheet.column_dimensions[letter].width = 36
    for r in range(2, 202):
        cell = sheet.cell(row=r, column=column)
        cell.fill = style["input_fill"]
        cell.number_format = "@"
    parties = creditors(terms)
    listed = ",".join(parties)
    if len(listed) <= 250 and not any("," in p or '"' in p for p in parties):
        validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        validation.error = "Kies de Opdrachtgever of een Afnemer uit de lijst, of laat de cel leeg."
        validation.prompt = "De partij die de Nadere overeenkomst sloot; leeg: de Opdrachtgever."
        validation.showErrorMessage = True
        validation.showInputMessage = True
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}201")


CALL_OFF_OBLIGATION = "verplichting_eur (berekend)"
"""The computed column of the sheet 'Nadere overeenkomsten' (not read back)."""


def _call_off_rate(terms: Terms, lot_column: str | None) -> str:
    """The factor on a call-off's value in a formula: the percentage (times the labour share of a
    wage-sum basis) as an exact decimal; with lots, chosen by the row's lot ({r} is the row)."""

    def factor(percentage: Decimal, share: Decimal) -> str:
        return format((percentage * share / 100).normalize(), "f")

    rated = [(lot.id, factor(lot.percentage, lot.basis_share)) for lot in terms.lots if lot.percentage is not None]
    if lot_column is None:
        return rated[0][1] if rated else "0"
    formula = "0"
    for lot_id, rate in reversed(rated):
        formula = f'IF(TRIM({lot_column}{{r}})="{lot_id}",{rate},{formula})'
    return formula


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)

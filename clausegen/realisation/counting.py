"""The counting rules of the contract interface, row by row: each row of a verantwoording valued
by the value table and the counting rules of the contract, inside the periods in which work counts
(the Looptijd and, once a shortfall has been notified, the Hersteltermijn). Ratios are exact
fractions; each row's value is rounded once, to whole cents, half up."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from ..catalog import message
from ..fmt import datum, euro, hours_text, percentage
from .rows import Refused, ReportRow
from .terms import BONUSES, SUBJECT, Terms

CENT = Decimal("0.01")
DAY = datetime.timedelta(days=1)
ZERO = Decimal("0.00")
UNTIL_NOTE = "alleen het deel tot en met de peildatum telt als gerealiseerd"
"""The note on a row that runs past the peildatum (sixth legal reading MAJOR-1)."""
UNLINKED_NOTE = ("na het einde van de raamovereenkomst telt alleen inzet in een Nadere overeenkomst die doorliep: "
                 "vul in de kolom nadere_overeenkomst haar nummer in")  # fmt: skip
"""A framework-level row after the framework's end that names no Nadere overeenkomst (H MAJOR-2)."""
MARK_HINT = " (zet dan in de kolom onderhoud 'ja')"
"""A work's row after the planned oplevering that is not marked onderhoud (twelfth reading C MAJOR-1)."""

Span = tuple[datetime.date, datetime.date]
Piece = tuple[datetime.date, datetime.date, Fraction]
"""Inclusive first and last day, and the hours per week counted on those days."""


@dataclass(frozen=True)
class RowValue:
    """One row's outcome: its value, whether it counts, and why not (or a note on what was cut)."""

    row: int
    lot: str
    value_eur: Decimal
    counted: bool
    reason: str
    refused: bool = False
    months: Fraction = Fraction(0)
    spans: tuple[Span, ...] = ()
    """The days this row was valued for (placements and support by hours), for the chart."""
    kind: str = ""
    """The block's kind where the row counted by its amount as a purchase (`inkoop`): the letter
    reminds of the accountant's statement above the setting's amount (lawyer7 MINOR-6); and
    `ondersteuning` for support, which counts only with the buyer's prior consent (thirteenth
    reading E MINOR-4)."""
    pieces: tuple[Piece, ...] = ()
    """A placement's days that counted, each with the hours per week that counted on them (less
    than the row's hours where the Kandidaat's earlier rows already fill part of a full-time week)."""


def outside_target_group(block: str) -> str:
    """Why a row with a block of the value table that does not apply to this tender's Doelgroep
    does not count, in the contract's own words (clause telregels; lawyer4 MINOR-4). Distinct from
    a block that is not in the value table at all, which refuses the row as a typing error."""
    return f"het Bouwblok {block} geldt volgens de Waardetabel niet voor de Doelgroep van deze aanbesteding"


def pre_existing(terms: Terms, kind: str, van: datetime.date) -> str:
    """Why a placement or learning place that began before the contract's start date does not
    count (clause algemeen.onderwerp, lawyer5 MAJOR-1): a person the contractor already employed is
    no social return, unless a new or extended employment follows, which gets its own row with its
    own start date. Always in Dutch, like the letter and the register that store the reason."""
    what = "de leerwerkplek" if kind == "leerwerkplek" else "het dienstverband"
    params = {
        "employment": what,
        "van": datum(van),
        "start": datum(terms.excluded_before),
        "party": terms.party,
        "article": terms.article(SUBJECT).cite(),
    }
    return message("realisation.row-pre-existing", params, lang="nl")


def cents(value: Fraction) -> Decimal:
    """An exact amount rounded to whole cents, half up (amounts are never negative here)."""
    hundredths = value * 100
    whole = (hundredths.numerator * 2 + hundredths.denominator) // (2 * hundredths.denominator)
    return (Decimal(whole) / 100).quantize(CENT)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole calendar months, on the last day of a shorter month."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_pieces(span: Span) -> list[tuple[Span, Fraction]]:
    """The span cut at month ends, each piece with its share of its month (days / days of month)."""
    start, end = span
    pieces = []
    while start <= end:
        last = datetime.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        piece_end = min(last, end)
        pieces.append(((start, piece_end), Fraction((piece_end - start).days + 1, last.day)))
        start = piece_end + DAY
    return pieces


def months_in(span: Span) -> Fraction:
    return sum((share for _, share in month_pieces(span)), Fraction(0))


def _subtract(span: Span, taken: Sequence[Span]) -> list[Span]:
    """The days of `span` not in any of `taken`."""
    free = [span]
    for t_start, t_end in taken:
        rest = []
        for start, end in free:
            if t_end < start or t_start > end:
                rest.append((start, end))
                continue
            if start < t_start:
                rest.append((start, t_start - DAY))
            if t_end < end:
                rest.append((t_end + DAY, end))
        free = rest
    return sorted(free)


def _take_months(free: list[Span], allowance: Fraction) -> tuple[list[Span], Fraction]:
    """The earliest days of `free` up to `allowance` months, and the months taken."""
    taken: list[Span] = []
    total = Fraction(0)
    for span in free:
        for (start, end), share in month_pieces(span):
            if total >= allowance:
                return taken, total
            if total + share <= allowance:
                taken.append((start, end))
                total += share
                continue
            days_in_month = calendar.monthrange(start.year, start.month)[1]
            days = int((allowance - total) * days_in_month)
            if days:
                taken.append((start, start + (days - 1) * DAY))
            total = allowance  # the cap is a number of months, cut within the day where it falls
            return taken, total
    return taken, total


def split_by_load(span: Span, load: Sequence[Piece]) -> list[tuple[Span, Fraction]]:
    """`span` cut where a Kandidaat's counted hours change, each part with the hours per week his
    earlier rows already count on it (0 where none do). `load` is sorted and its pieces disjoint."""
    start, end = span
    parts: list[tuple[Span, Fraction]] = []
    cursor = start
    for first, last, hours in load:
        if last < cursor or first > end:
            continue
        if first > cursor:
            parts.append(((cursor, first - DAY), Fraction(0)))
        parts.append(((max(first, cursor), min(last, end)), hours))
        cursor = min(last, end) + DAY
        if cursor > end:
            return parts
    if cursor <= end:
        parts.append(((cursor, end), Fraction(0)))
    return parts


def add_load(load: Sequence[Piece], span: Span, hours: Fraction) -> list[Piece]:
    """`load` with `hours` per week added on the days of `span`."""
    start, end = span
    out: list[Piece] = []
    for first, last, have in load:
        if last < start or first > end:
            out.append((first, last, have))
            continue
        if first < start:
            out.append((first, start - DAY, have))
        if last > end:
            out.append((end + DAY, last, have))
    out.extend((s, e, have + hours) for (s, e), have in split_by_load(span, load))
    return sorted(out)


def clip_pieces(spans: Sequence[Span], pieces: Sequence[Piece]) -> list[Piece]:
    """The parts of `pieces` that fall in `spans`, with their hours."""
    out = []
    for start, end in spans:
        for first, last, hours in pieces:
            if last >= start and first <= end:
                out.append((max(first, start), min(last, end), hours))
    return sorted(out)


def expected_share(start: datetime.date, end: datetime.date, report_date: datetime.date) -> Fraction:
    """Elapsed days of the term up to and including the report date, as a share of the term (0..1)."""
    term = (end - start).days + 1
    elapsed = (report_date - start).days + 1
    return Fraction(min(max(elapsed, 0), term), term)


@dataclass(frozen=True)
class Periods:
    """When work counts: the Looptijd (to the oplevering where a work has one) and, once the buyer
    has notified a shortfall in writing, the Hersteltermijn after that melding (monitoring.sancties:
    work in it counts as if delivered in the Looptijd). Without a melding there is no Hersteltermijn."""

    term: Span
    recovery: Span | None = None
    until: datetime.date | None = None
    """The peildatum: what lies after it has not happened yet and counts as realised only in a
    report with a later peildatum (lawyer6 MAJOR-1). None: no cut (the whole row is valued)."""
    maintenance: Span | None = None
    """A work's onderhoudstermijn after its oplevering, where its end is given: inzet bij onderhoud
    en herstel in it counts and lowers a tekort even after the Hersteltermijn (algemeen.definities
    Looptijd, monitoring.sancties; lawyer9 MAJOR-2), but only a row marked so in the column
    onderhoud (twelfth reading C MAJOR-1); other work after the oplevering counts only in the
    Hersteltermijn."""
    completed: datetime.date | None = None
    """A work's oplevering, where given: work after it counts only in the onderhoudstermijn."""
    unlinked_end: datetime.date | None = None
    """With `--laatste-nadere-overeenkomst-tot`: the framework's end. A row that names no Nadere
    overeenkomst (column nadere_overeenkomst) counts only up to it: only work in a Nadere
    overeenkomst that ran on counts after it (raamovereenkomst.telling; fourteenth reading H MAJOR-2)."""
    running: Mapping[str, datetime.date] | None = None
    """With `--laatste-nadere-overeenkomst-tot NUMMER=DATUM`: the Nadere overeenkomsten that ran past
    the framework's end, each with its end. After the framework's end only a row that names one of
    them counts, up to its end (sixteenth reading L MAJOR-2); None: any row with a number counts."""
    windows: Mapping[int, tuple[Span, Span]] | None = None
    """Per row of a per-call-off framework whose Nadere overeenkomst ended before a melding: the
    term of that Nadere overeenkomst and the Hersteltermijn, the only days on which the row counts.
    Work between the two is work for no Nadere overeenkomst (calloffs.clip_rows; fifteenth reading
    J MAJOR-1)."""

    @property
    def spans(self) -> tuple[Span, ...]:
        return self.spans_for(maintained=True)

    def spans_for(self, maintained: bool) -> tuple[Span, ...]:
        """The periods in which a row counts: the onderhoudstermijn only for maintenance and repair."""
        extra = tuple(span for span in (self.recovery, self.maintenance if maintained else None) if span is not None)
        return (self.term, *extra)


class _Valuer:
    """Applies the rules row by row; a candidate's placements in date order across all rows."""

    def __init__(self, terms: Terms, periods: Periods, granted: Mapping[int, RowValue] | None = None) -> None:
        self.terms = terms
        self.periods = periods
        self.load: dict[str, list[Piece]] = {}
        """Per Kandidaat, the hours per week his rows counted so far, day by day (algemeen.telregels)."""
        self.months_used: dict[str, Fraction] = {}
        self.granted = granted
        """A Nadere overeenkomst's rows as the framework valued them over all its Nadere overeenkomsten:
        a Kandidaat's hours and months there are his hours and months in all of them together, so a
        row counts only the days and hours it counted there (thirteenth reading F MAJOR-2)."""
        self.first_row: dict[tuple[str, datetime.date], int] = {}

    def lot_of(self, row: ReportRow) -> tuple[str | None, str]:
        """The row's lot id, or None with the reason it does not belong to this contract."""
        ids = [lot.id for lot in self.terms.lots]
        if not self.terms.has_lots:
            if row.perceel:
                return None, f"dit contract heeft geen percelen; laat perceel leeg (staat nu '{row.perceel}')"
            return "", ""
        if not row.perceel:
            if len(ids) == 1:
                return ids[0], ""
            return None, f"vul het perceel in ({', '.join(ids)})"
        if row.perceel not in ids:
            return None, f"perceel {row.perceel} hoort niet bij dit contract (wel: {', '.join(ids)})"
        return row.perceel, ""

    def inside(self, van: datetime.date, tot: datetime.date, maintained: bool = True) -> list[Span]:
        """The parts of van..tot that fall in a period in which work counts, whatever the peildatum
        (the onderhoudstermijn only where `maintained`: the row's column onderhoud says ja)."""
        parts = sorted((max(van, start), min(tot, end)) for start, end in self.periods.spans_for(maintained))
        merged: list[Span] = []
        for start, end in parts:
            if start > end:
                continue
            if merged and start <= merged[-1][1] + datetime.timedelta(days=1):  # periods may overlap or touch
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def realised(self, spans: list[Span]) -> list[Span]:
        """The parts of `spans` up to and including the peildatum: what has happened by then."""
        until = self.periods.until
        if until is None:
            return spans
        return [(start, min(end, until)) for start, end in spans if start <= until]

    def unmarked(self, row: ReportRow, van: datetime.date, tot: datetime.date) -> bool:
        """Whether a row not marked as onderhoud has days in a work's onderhoudstermijn that do not
        count for that reason (outside the Looptijd and the Hersteltermijn)."""
        if row.onderhoud or self.periods.maintenance is None:
            return False
        return self.inside(van, tot, maintained=False) != self.inside(van, tot)

    def maintenance_reason(self, part: bool = False) -> str:
        """Why (the part of) a row after a work's oplevering does not count (twelfth reading C MAJOR-1)."""
        assert self.periods.completed is not None
        day = datum(self.periods.completed)
        outside = " buiten de Hersteltermijn" if self.periods.recovery is not None else ""
        text = f"het deel na de oplevering ({day}){outside} telt" if part else f"telt na de oplevering ({day}){outside}"
        return (
            f"{text} alleen als inzet bij onderhoud en herstel in de onderhoudstermijn: zet in de kolom onderhoud 'ja'"
        )

    def future_reason(self) -> str:
        assert self.periods.until is not None
        return (f"ligt na de peildatum ({datum(self.periods.until)}); telt pas mee in een verantwoording met een "
                "peildatum waarop het gerealiseerd is")  # fmt: skip

    def no_part_reason(self, van: datetime.date, marked: bool = True) -> str:
        """Why a row with no day in a period in which work counts does not count. A row after the
        peildatum has not happened yet (eleventh reading A MINOR-2): it is said so before it is said
        to fall outside the term, unless the periods are final (the term's end is known and, for a
        work, the end of its onderhoudstermijn too). A work's row after its planned oplevering may
        count once the real oplevering or the onderhoudstermijn is known, the latter only where the
        row is marked onderhoud (`marked`; twelfth reading C MAJOR-1)."""
        until, periods = self.periods.until, self.periods
        open_work = self.terms.works and (periods.completed is None or periods.maintenance is None)
        # a framework's row after its end may lie in a Nadere overeenkomst that runs on (thirteenth F MINOR-2)
        open_framework = self.terms.call_off_valued or self.terms.per_call_off
        if until is not None and van > until and (open_work or open_framework or van <= periods.term[1]):
            return self.future_reason()
        if self.terms.works and periods.completed is None and van > periods.term[1]:
            return ("ligt na de geplande oplevering; telt mee als de oplevering later is of als het inzet bij "
                    "onderhoud en herstel in de onderhoudstermijn is" + ("" if marked else MARK_HINT))  # fmt: skip
        return self.outside_reason(marked)

    def no_part_reason_of(self, row: ReportRow, tot: datetime.date) -> str:
        """Why a row with no day that counts does not count: after a work's oplevering, for want of
        the mark onderhoud where it lies in the onderhoudstermijn."""
        assert row.van is not None
        if self.unmarked(row, row.van, tot):
            return self.maintenance_reason()
        return self.no_part_reason(row.van, row.onderhoud)

    def outside_reason(self, marked: bool = True) -> str:
        term = self.periods.term
        text = f"valt buiten de looptijd van het contract ({datum(term[0])} tot en met {datum(term[1])})"
        if self.periods.unlinked_end is not None:  # the framework's end and the last Nadere overeenkomst (L MINOR-8)
            text = (f"valt buiten de looptijd van de raamovereenkomst ({datum(term[0])} tot en met "
                    f"{datum(self.periods.unlinked_end)}) en van de Nadere overeenkomst die daarna doorliep (tot en "
                    f"met {datum(term[1])})")  # fmt: skip
        if self.periods.recovery is not None:
            start, end = self.periods.recovery
            text += f" en buiten de Hersteltermijn ({datum(start)} tot en met {datum(end)})"
        if self.periods.maintenance is not None:
            start, end = self.periods.maintenance
            text += f" en buiten de onderhoudstermijn ({datum(start)} tot en met {datum(end)})"
        elif (
            self.terms.call_off_valued
            and not self.terms.per_call_off
            and self.terms.contract_type == "raamovereenkomst"
        ):
            text += ("; inzet in een Nadere overeenkomst die na het einde van de raamovereenkomst doorliep, telt mee "
                     "tot haar einde als die einddatum is opgegeven")  # fmt: skip
        elif self.periods.completed is not None:
            text += ("; inzet bij onderhoud en herstel in de onderhoudstermijn telt mee zodra het einde van de "
                     "onderhoudstermijn is opgegeven" + ("" if marked else " en de regel in de kolom onderhoud 'ja' "
                     "heeft"))  # fmt: skip
        return text

    def part_note(self, maintained: bool = True) -> str:
        periods = ["de looptijd"]
        if self.periods.recovery is not None:
            periods.append("de Hersteltermijn")
        if self.periods.maintenance is not None and maintained:
            periods.append("de onderhoudstermijn")
        listed = periods[0] if len(periods) == 1 else ", ".join(periods[:-1]) + " of " + periods[-1]
        return f"alleen het deel binnen {listed} telt"

    def value(self, row: ReportRow) -> RowValue:
        window = (self.periods.windows or {}).get(row.row)
        if window is not None:
            own, self.periods = self.periods, replace(self.periods, term=window[0], recovery=window[1], windows=None)
            try:
                return self.value(row)
            finally:
                self.periods = own
        end = self.periods.unlinked_end
        running = self.periods.running
        if end is not None and row.nadere_overeenkomst and running is not None:
            label = row.nadere_overeenkomst
            stop = running.get(label)
            if stop is None:  # a Nadere overeenkomst that did not run on counts up to the framework's end
                return self.value_up_to(row, end, f"Nadere overeenkomst {label} liep na het einde van de "
                                        f"raamovereenkomst ({datum(end)}) niet door")  # fmt: skip
            if stop < self.periods.term[1]:
                return self.value_up_to(row, stop, f"Nadere overeenkomst {label} liep tot en met {datum(stop)}")
            return self.value_in_periods(row)
        if end is None or row.nadere_overeenkomst:
            value = self.value_in_periods(row)
            if end is not None and value.counted and row.tot is not None and row.tot > end:
                # a plain date names no call-off: say which number made the row count after the end
                note = (f"telt na het einde van de raamovereenkomst ({datum(end)}) als inzet in Nadere "
                        f"overeenkomst {row.nadere_overeenkomst}")  # fmt: skip
                value = replace(value, reason="; ".join(filter(None, (value.reason, note))))
            return value
        return self.value_up_to(row, end, UNLINKED_NOTE)

    def value_up_to(self, row: ReportRow, end: datetime.date, why: str) -> RowValue:
        """The row valued with the term cut at `end`, saying `why` where that cut a part or all of it."""
        linked, self.periods = self.periods, replace(self.periods, term=(self.periods.term[0], end), unlinked_end=None)
        try:
            value = self.value_in_periods(row)
        finally:
            self.periods = linked
        if row.tot is not None and row.tot > end and value.counted:
            value = replace(value, reason="; ".join(filter(None, (value.reason, why))))
        elif not value.counted and row.van is not None and row.van > end:
            value = replace(value, reason=f"{value.reason}; {why}")
        return value

    def value_in_periods(self, row: ReportRow) -> RowValue:
        lot, why = self.lot_of(row)
        if lot is None:
            return RowValue(row.row, row.perceel, ZERO, False, why)
        block = self.terms.block(row.bouwblok)
        if not row.bouwblok:
            return RowValue(row.row, lot, ZERO, False, "vul het bouwblok in", refused=True)
        if block is None:
            known = ", ".join(b.id for b in self.terms.blocks if b.allowed) or "geen"
            return RowValue(row.row, lot, ZERO, False,
                            f"bouwblok '{row.bouwblok}' staat niet in de waardetabel (kies uit: {known})",
                            refused=True)  # fmt: skip
        if not block.allowed:
            return RowValue(row.row, lot, ZERO, False, outside_target_group(self.named(block.id)))
        if block.kind == "bonus":
            return RowValue(row.row, lot, ZERO, False,
                            f"{self.named(block.id)} is een toeslag: die telt alleen bij een plaatsing; zet hem in de kolom "
                            "toeslagen van de regel van die plaatsing")  # fmt: skip
        if row.van is None:
            return RowValue(row.row, lot, ZERO, False, "vul de datum van in", refused=True)
        if block.kind in ("plaatsing", "leerwerkplek"):
            return self.placement(row, lot, block.kind, block.value_eur or Decimal(0))
        notes = self.stray_bonuses(row, block.kind)
        if block.kind == "inkoop":
            return replace(self.purchase(row, lot, notes), kind="inkoop")
        return replace(self.support(row, lot, notes), kind="ondersteuning")

    def cut_notes(self, row: ReportRow, in_term: list[Span], spans: list[Span]) -> list[str]:
        """The notes on a row that counts only in part: outside the periods, after the oplevering
        without the mark onderhoud, after the peildatum."""
        assert row.van is not None and row.tot is not None
        notes = []
        if in_term != [(row.van, row.tot)]:
            notes.append(self.part_note(row.onderhoud))
        if self.unmarked(row, row.van, row.tot):
            notes.append(self.maintenance_reason(part=True))
        if spans != in_term:
            notes.append(UNTIL_NOTE)
        return notes

    def stray_bonuses(self, row: ReportRow, kind: str) -> list[str]:
        if not row.toeslagen:
            return []
        return [f"de toeslagen ({', '.join(row.toeslagen)}) tellen niet: alleen bij een plaatsing, niet bij {kind}"]

    def named(self, block_id: str) -> str:
        """A block as the letter names it: its name in the Waardetabel, with the code of the report in
        brackets (fifteenth reading I MINOR-3); the code alone where the manifest has no name."""
        block = self.terms.block(block_id)
        if block is None or not block.label or block.label == block_id:
            return block_id
        return f"‘{block.label}’ ({block_id})"

    def bonuses(self, row: ReportRow, kind: str, block_id: str = "") -> tuple[Decimal, list[str]]:
        total, notes, seen = Decimal(0), [], set()
        for bonus_id in row.toeslagen:
            bonus = self.terms.block(bonus_id)
            if bonus_id in seen:
                notes.append(f"toeslag {bonus_id} staat twee keer in de regel en telt één keer")
                continue
            seen.add(bonus_id)
            if bonus is None or bonus.kind != "bonus":
                notes.append(f"toeslag '{bonus_id}' staat niet als toeslag in de waardetabel en telt niet")
            elif not bonus.allowed:
                notes.append(f"toeslag '{bonus_id}' geldt volgens de Waardetabel niet voor de Doelgroep van deze "
                             "aanbesteding en telt niet")  # fmt: skip
            elif kind != "plaatsing":
                notes.append(f"de toeslag {self.named(bonus_id)} telt niet: een toeslag telt alleen bij een "
                             "plaatsing")  # fmt: skip
            elif block_id in bonus.withheld_in:  # thirteenth reading E MAJOR-2; fifteenth I MINOR-3: the names
                notes.append(f"de toeslag {self.named(bonus_id)} telt niet bij het Bouwblok {self.named(block_id)}: "
                             "in die categorie zou de toeslag laten zien tot welke groep uit de Doelgroep de "
                             f"Kandidaat behoort ({self.terms.article(BONUSES).cite()})")  # fmt: skip
            else:
                total += bonus.value_eur or Decimal(0)
        return total, notes

    def placement(self, row: ReportRow, lot: str, kind: str, block_value: Decimal) -> RowValue:
        missing = [name for name, value in (("uren_per_week", row.uren_per_week), ("tot", row.tot)) if value is None]
        if not row.kandidaat:
            missing.insert(0, "kandidaat")
        if missing:
            return RowValue(row.row, lot, ZERO, False, f"vul in: {', '.join(missing)}", refused=True)
        assert row.tot is not None and row.uren_per_week is not None and row.van is not None
        in_term = self.inside(row.van, row.tot, row.onderhoud)
        if not in_term:
            return RowValue(row.row, lot, ZERO, False, self.no_part_reason_of(row, row.tot))
        if row.van < self.terms.excluded_before and self.terms.pre_existing_excluded:
            return RowValue(row.row, lot, ZERO, False, pre_existing(self.terms, kind, row.van))
        spans = self.realised(in_term)
        if not spans:
            return RowValue(row.row, lot, ZERO, False, self.future_reason())
        notes = self.cut_notes(row, in_term, spans)
        if self.granted is not None:
            return self.granted_placement(row, lot, kind, block_value, spans, notes)
        key = row.kandidaat.lower()
        full = Fraction(self.terms.hours_per_week)
        hours = min(Fraction(row.uren_per_week), full)
        load = self.load.get(key, [])
        parts = [part for span in spans for part in split_by_load(span, load)]
        free = [span for span, have in parts if have == 0]
        shared = [(span, have) for span, have in parts if have > 0]
        room = [(span, min(hours, full - have)) for span, have in shared if have < full and hours > 0]
        cap = Fraction(self.terms.max_months_per_candidate)
        used = self.months_used.get(key, Fraction(0))
        counted_spans, months = _take_months(free, cap - used) if used < cap else ([], Fraction(0))
        if not counted_spans and not room:
            if not free:
                return RowValue(row.row, lot, ZERO, False, self.filled_reason(row.kandidaat, whole=True))
            return RowValue(row.row, lot, ZERO, False,
                            f"kandidaat {row.kandidaat} telt al {self.terms.max_months_per_candidate} maanden mee "
                            "(het maximum per kandidaat)")  # fmt: skip
        if shared:
            if not room:
                notes.append(self.filled_reason(row.kandidaat, whole=False))
            elif len(room) < len(shared) or any(given < hours for _, given in room):
                notes.append(self.shared_note(row.kandidaat))
        if months < sum((months_in(s) for s in free), Fraction(0)):
            notes.append(f"telt tot het maximum van {self.terms.max_months_per_candidate} maanden per kandidaat")
        self.months_used[key] = used + months
        pieces = [(s, e, hours) for s, e in counted_spans] + [(s, e, given) for (s, e), given in room]
        for first, last, given in pieces:
            load = add_load(load, (first, last), given)
        self.load[key] = load
        bonus_total, bonus_notes = self.bonuses(row, kind, row.bouwblok)
        notes += bonus_notes
        self.hours_note(row, notes)
        # the new days count for their months up to the cap; shared days were counted before
        worked = hours * months + sum((given * months_in((s, e)) for (s, e), given in room), Fraction(0))
        value = cents(Fraction(block_value + bonus_total) * worked / full / 12)
        return RowValue(row.row, lot, value, True, "; ".join(notes), months=months,
                        spans=tuple(sorted((s, e) for s, e, _ in pieces)), pieces=tuple(sorted(pieces)))  # fmt: skip

    def granted_placement(
        self, row: ReportRow, lot: str, kind: str, block_value: Decimal, spans: list[Span], notes: list[str]
    ) -> RowValue:
        """A Nadere overeenkomst's row valued within what it counted over the whole framework."""
        assert self.granted is not None
        framework = self.granted.get(row.row)
        if framework is None or not framework.counted:
            return RowValue(row.row, lot, ZERO, False, framework.reason if framework else "telt niet")
        pieces = clip_pieces(spans, framework.pieces)
        if not pieces:
            return RowValue(row.row, lot, ZERO, False, self.outside_reason(row.onderhoud))
        bonus_total, bonus_notes = self.bonuses(row, kind, row.bouwblok)
        if tuple(pieces) == framework.pieces:  # the whole row: as the framework counted it (the cap may cut a day)
            value = framework.value_eur
        else:
            worked = sum((hours * months_in((s, e)) for s, e, hours in pieces), Fraction(0))
            value = cents(Fraction(block_value + bonus_total) * worked / Fraction(self.terms.hours_per_week) / 12)
        return RowValue(row.row, lot, value, True, "; ".join(notes + bonus_notes), spans=tuple((s, e) for s, e, _ in pieces),
                        pieces=tuple(pieces))  # fmt: skip

    def filled_reason(self, kandidaat: str, whole: bool) -> str:
        """Why (the overlap of) a row adds nothing: the Kandidaat's earlier rows already count a full-time week."""
        week = hours_text(self.terms.hours_per_week)
        if whole:
            return (f"valt geheel samen met eerdere regels van kandidaat {kandidaat}, die daar al {week} uur per week "
                    "tellen; telt één keer")  # fmt: skip
        return f"de overlap met een eerdere regel van kandidaat {kandidaat} telt niet: daar telt al {week} uur per week"

    def shared_note(self, kandidaat: str) -> str:
        week = hours_text(self.terms.hours_per_week)
        return (f"in de overlap met een eerdere regel van kandidaat {kandidaat} tellen zijn uren samen tot ten hoogste "
                f"{week} uur per week")  # fmt: skip

    def hours_note(self, row: ReportRow, notes: list[str]) -> None:
        assert row.uren_per_week is not None
        if row.uren_per_week > self.terms.hours_per_week:  # algemeen.telregels (lawyer9 A MINOR-8)
            hours = self.terms.hours_per_week
            notes.append(f"uren boven {hours_text(hours)} per week tellen niet mee")

    def amount_row(self, row: ReportRow, lot: str, share: Decimal, notes: list[str]) -> RowValue:
        if row.bedrag_eur is None:
            return RowValue(row.row, lot, ZERO, False, "vul bedrag_eur in (exclusief btw)", refused=True)
        assert row.van is not None
        tot = row.tot or row.van
        spans = self.inside(row.van, tot, row.onderhoud)
        if not spans:
            return RowValue(row.row, lot, ZERO, False, self.no_part_reason_of(row, tot))
        if spans != [(row.van, tot)]:
            split = "valt deels buiten de looptijd; splits de regel op de begin- of einddatum van het contract"
            if self.unmarked(row, row.van, tot):
                split += f"; {self.maintenance_reason(part=True)}"
            return RowValue(row.row, lot, ZERO, False, split)
        realised = self.realised(spans)
        if not realised:
            return RowValue(row.row, lot, ZERO, False, self.future_reason())
        if realised != spans:
            return RowValue(row.row, lot, ZERO, False,
                            "valt deels na de peildatum; een bedrag telt als de hele periode vóór of op de peildatum "
                            "ligt: splits de regel op de peildatum")  # fmt: skip
        value = cents(Fraction(row.bedrag_eur) * Fraction(share))
        return RowValue(row.row, lot, value, True, "; ".join(notes), spans=((row.van, row.van),))

    def purchase(self, row: ReportRow, lot: str, notes: list[str]) -> RowValue:
        """A purchase counts when it was invoiced and paid in the Looptijd, or in the Hersteltermijn
        (buy-social.inkoop): `van` is the invoice date and `tot` the day of payment, each tested on
        its own (fifteenth reading I MINOR-4: the contract knows no period of a purchase to split)."""
        if row.bedrag_eur is None:
            return RowValue(row.row, lot, ZERO, False, "vul bedrag_eur in (exclusief btw)", refused=True)
        assert row.van is not None
        paid = row.tot or row.van
        if paid < row.van:
            return RowValue(row.row, lot, ZERO, False, "de betaaldatum (tot) ligt vóór de factuurdatum (van)",
                            refused=True)  # fmt: skip
        if not self.inside(row.van, row.van, row.onderhoud) and not self.inside(paid, paid, row.onderhoud):
            return RowValue(row.row, lot, ZERO, False, self.no_part_reason_of(row, paid))
        outside = [
            name
            for name, day in (("de factuurdatum (van)", row.van), ("de betaaldatum (tot)", paid))
            if not self.inside(day, day, row.onderhoud)
        ]
        if outside:
            periods = "de looptijd of de Hersteltermijn" if self.periods.recovery is not None else "de looptijd"
            return RowValue(row.row, lot, ZERO, False,
                            f"{outside[0]} valt buiten {periods}; inkoop telt alleen als zij in {periods} is "
                            "gefactureerd en betaald")  # fmt: skip
        if not self.realised([(paid, paid)]):
            if self.realised([(row.van, row.van)]):
                return RowValue(row.row, lot, ZERO, False,
                                "de betaaldatum (tot) ligt na de peildatum; de inkoop telt mee in een "
                                "verantwoording met een peildatum op of na de betaling")  # fmt: skip
            return RowValue(row.row, lot, ZERO, False, self.future_reason())
        value = cents(Fraction(row.bedrag_eur) * Fraction(self.terms.buy_social_share_percent / 100))
        return RowValue(row.row, lot, value, True, "; ".join(notes), spans=((row.van, row.van),))

    def support(self, row: ReportRow, lot: str, notes: list[str]) -> RowValue:
        if row.bedrag_eur is not None:
            return self.amount_row(row, lot, Decimal(1), notes)
        if row.uren_per_week is None or row.tot is None:
            return RowValue(row.row, lot, ZERO, False,
                            "vul bedrag_eur in (de kosten), of uren_per_week en tot (de uren)", refused=True)  # fmt: skip
        assert row.van is not None
        in_term = self.inside(row.van, row.tot, row.onderhoud)
        if not in_term:
            return RowValue(row.row, lot, ZERO, False, self.no_part_reason_of(row, row.tot))
        spans = self.realised(in_term)
        if not spans:
            return RowValue(row.row, lot, ZERO, False, self.future_reason())
        notes += self.cut_notes(row, in_term, spans)
        days = sum((end - start).days + 1 for start, end in spans)
        hours = Fraction(row.uren_per_week) * days / 7
        value = cents(hours * Fraction(self.terms.hourly_value_eur))
        return RowValue(row.row, lot, value, True, "; ".join(notes), spans=tuple(spans))


def value_rows(
    terms: Terms,
    rows: Iterable[ReportRow],
    refused: Iterable[Refused] = (),
    periods: Periods | None = None,
    granted: Mapping[int, RowValue] | None = None,
) -> tuple[RowValue, ...]:
    """Every row's value, in row order; placements of one candidate are taken in date order. With
    `periods.until` (the peildatum) a row counts only up to and including that day. `granted`: the
    framework's values of these rows, when they are valued for one Nadere overeenkomst."""
    valuer = _Valuer(terms, periods or Periods((terms.start_date, terms.end_date)), granted)
    ordered = sorted(rows, key=lambda r: (r.van or datetime.date.max, r.row))
    results = {r.row: valuer.value(r) for r in ordered}
    for bad in refused:
        results[bad.row] = RowValue(bad.row, "", ZERO, False, bad.reason, refused=True)
    return tuple(results[number] for number in sorted(results))


def no_consent(terms: Terms) -> str:
    """Why a support row does not count: the buyer did not consent to it in writing beforehand
    (algemeen.onderwerp; fourteenth reading G MINOR-6). Dutch, like every reason the letter and
    the register store."""
    return (f"ondersteuning telt alleen mee als de Opdrachtgever vooraf schriftelijk heeft ingestemd "
            f"({terms.article(SUBJECT).cite()}); voor deze regel is geen instemming van de Opdrachtgever vastgelegd")  # fmt: skip


def without_consent(terms: Terms, values: tuple[RowValue, ...], rows: Collection[int]) -> tuple[RowValue, ...]:
    """The values with the support rows in `rows` not counted: the buyer did not consent to them."""
    if not rows:
        return values
    return tuple(
        replace(v, value_eur=ZERO, counted=False, reason=no_consent(terms), spans=(), pieces=(), months=Fraction(0))
        if v.row in rows and v.kind == "ondersteuning" and v.counted
        else v
        for v in values
    )


def cap_support(
    terms: Terms,
    values: tuple[RowValue, ...],
    rows: Iterable[ReportRow],
    caps: Mapping[str, Decimal],
    recovery_start: datetime.date | None = None,
    reduced: Collection[str] = (),
) -> tuple[RowValue, ...]:
    """Support counts, with work elsewhere in the enterprise, for at most `outside_max_percent` of
    the obligation of each lot (algemeen.onderwerp; `caps`: per lot id that amount). The rows take
    the room in row order; the row that crosses the limit counts up to it, later rows not at all.
    Support in the Hersteltermijn (a row that starts on or after `recovery_start`) counts without
    that limit (monitoring.sancties) and takes no room (fifteenth reading I MAJOR-1). Work
    elsewhere is not marked in the report, so only support is capped here; the letter says so."""
    if not caps:
        return values
    start = {row.row: row.van for row in rows}
    used: dict[str, Decimal] = {}
    out = []
    for value in values:
        van = start.get(value.row)
        if value.kind != "ondersteuning" or not value.counted or value.lot not in caps:
            out.append(value)
            continue
        if recovery_start is not None and van is not None and van >= recovery_start:
            out.append(value)
            continue
        room = max(caps[value.lot] - used.get(value.lot, ZERO), ZERO)
        taken = min(value.value_eur, room)
        used[value.lot] = used.get(value.lot, ZERO) + taken
        if taken == value.value_eur:
            out.append(value)
        elif taken > 0:
            note = f"{cap_text(terms, value.lot, caps[value.lot], pso=value.lot in reduced)}; het deel daarboven ({euro(value.value_eur - taken)}) telt niet"
            out.append(replace(value, value_eur=taken, reason="; ".join(filter(None, (value.reason, note)))))
        else:
            out.append(replace(value, value_eur=ZERO, counted=False, spans=(), pieces=(), months=Fraction(0),
                               reason=f"{cap_text(terms, value.lot, caps[value.lot], reached=True, pso=value.lot in reduced)}"))  # fmt: skip
    return tuple(out)


CAPPED = "voor ondersteuning en werk elders in de onderneming"
"""The words every reason of a capped support row carries (cap_text), by which the letter finds them."""


def cap_text(terms: Terms, lot: str, cap: Decimal, *, reached: bool = False, pso: bool = False) -> str:
    """The limit on support and work elsewhere in the contract's words (algemeen.onderwerp)."""
    if terms.opdracht_start is not None:  # one Nadere overeenkomst or bundle valued on its own (calloffs)
        where = " van de Nadere overeenkomst of de bundel waarvoor de regel telt"
    else:
        where = f" van perceel {lot}" if terms.has_lots and lot else ""
    part = "het deel van de Social-returnverplichting" if pso else "de Social-returnverplichting"
    left = " dat het PSO-certificaat niet invult" if pso else ""
    limit = (f"de grens van {percentage(terms.outside_max_percent)} van {part}{where}{left} "
             f"({euro(cap)}) {CAPPED} "
             f"({terms.article(SUBJECT).cite()})")  # fmt: skip
    return f"{limit} is met eerdere regels al bereikt" if reached else f"telt tot {limit}"

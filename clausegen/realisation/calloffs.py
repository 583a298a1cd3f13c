"""The Nadere overeenkomsten of a framework whose obligation lives per call-off, each settled on its
own (raamovereenkomst.nadere-overeenkomsten, lawyer9 MAJOR finding on `realisatie`).

The list comes from the sheet 'Nadere overeenkomsten' of the verantwoording workbook or from the
file given with `--nadere-overeenkomsten` (which wins). Each call-off's obligation is the lot's
percentage of its value excl. btw (times the labour share where the basis is the wage sum), in
cents; call-offs below `call_off_min_eur` are summed per calendar year in which their term starts
(and per lot) into one bundled obligation that runs from the first start to the last end of its
members, so a bundle never ends before their work (raamovereenkomst.kleine-nadere-overeenkomsten;
lawyer10 MAJOR-3). Each obligation is then valued exactly as a contract of its
own: `valuation.value_report` on a Terms for its term, with the rows that name it."""

from __future__ import annotations

import dataclasses
import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import ClausegenError
from ..files import read_bytes
from ..fmt import datum
from .counting import CAPPED, CENT, ZERO, RowValue, Span, cents
from .reader import CALL_OFF_SHEET, MAX_FILE_BYTES, MAX_ROWS, csv_table
from .rows import CellError, Refused, ReportRow, parse_date, parse_number, parse_text
from .terms import ContractLot, Terms
from .valuation import RenewalInput, Valuation, recovery_period, value_report

LIST_COLUMNS = ("nummer", "perceel", "startdatum", "einddatum", "waarde_eur", "toelichting", "afnemer")
"""The columns of the list (perceel only where the plan has lots; toelichting and afnemer may be
left out; afnemer: the party that concluded the call-off, empty for the Opdrachtgever)."""
OPDRACHTGEVER = "de Opdrachtgever"
"""The creditor named where a manifest written before `valuation.opdrachtgever` gives no name."""
REQUIRED = ("nummer", "startdatum", "einddatum", "waarde_eur")


@dataclass(frozen=True)
class CallOff:
    """One Nadere overeenkomst as the buyer lists it: its number, lot ("" without lots), term and
    value excl. btw (inclusive of options and extensions), and the line it was read from."""

    number: str
    lot: str
    start: datetime.date
    end: datetime.date
    value_eur: Decimal
    note: str = ""
    line: int = 0
    afnemer: str = ""
    """The party that concluded it and is the creditor of its boete (raamovereenkomst.afnemers):
    the Opdrachtgever's or an Afnemer's name as the manifest gives it."""


@dataclass(frozen=True)
class CallOffValue:
    """The settlement of one Nadere overeenkomst (or of one year's bundle of small ones)."""

    number: str
    lot: str
    start: datetime.date
    end: datetime.date
    value_eur: Decimal
    obligation_eur: Decimal
    pso_eur: Decimal
    realised_eur: Decimal
    fulfilment_percent: Decimal | None
    remaining_eur: Decimal
    shortfall_eur: Decimal
    charge_eur: Decimal | None
    status: str
    """lopend, achter (below the interim threshold during its term), gehaald or tekort."""
    bundled: tuple[str, ...] = ()
    """For a bundle: the numbers of the small call-offs in it (its `number` is `bundel-JJJJ[-perceel]`)."""
    recovery_end: datetime.date | None = None
    afnemer: str = ""
    """The creditor of its boete (raamovereenkomst.afnemers); for a bundle of several parties the
    party with the largest share, with the split in `charge_by_party`."""
    charge_by_party: tuple[tuple[str, Decimal], ...] = ()
    """For a bundle with a boete: each party's part, in proportion to the value of its call-offs in
    the bundle, in cents, the rounding remainder on the largest share (raamovereenkomst.afnemers)."""
    parties: tuple[str, ...] = ()
    """For a bundle: the parties of its call-offs, in the order of the list."""
    melding: datetime.date | None = None
    """The melding of its tekort that its settlement counts with (its own, or the one for all)."""
    rows: tuple[RowValue, ...] = ()
    """Its rows as its settlement counted them: the framework's values, with support capped at
    its own obligation's share (counting.cap_support)."""

    def to_json(self) -> dict[str, Any]:
        """One entry of `realisatie --json`'s `call_offs`: amounts as strings with two decimals."""
        return {
            "number": self.number,
            "lot": self.lot,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "value_eur": _s(self.value_eur),
            "obligation_eur": _s(self.obligation_eur),
            "pso_eur": _s(self.pso_eur),
            "realised_eur": _s(self.realised_eur),
            "remaining_eur": _s(self.remaining_eur),
            "shortfall_eur": _s(self.shortfall_eur),
            "charge_eur": _s(self.charge_eur),
            "status": self.status,
            "bundled": list(self.bundled),
            "afnemer": self.afnemer,
            "melding": self.melding.isoformat() if self.melding else None,
            "recovery_end": self.recovery_end.isoformat() if self.recovery_end else None,
            **(
                {"charge_by_party": [{"party": p, "charge_eur": _s(c)} for p, c in self.charge_by_party]}
                if self.bundled
                else {}
            ),
        }


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT, ROUND_HALF_UP))


def read_list_file(path: str | Path, terms: Terms) -> tuple[CallOff, ...]:
    """The list given with --nadere-overeenkomsten: a .csv, or an .xlsx (its sheet 'Nadere
    overeenkomsten', else its first sheet)."""
    path = Path(path)
    if not path.exists():
        raise ClausegenError(code="file.not-found", params={"what": "lijst van Nadere overeenkomsten"}, path=path)
    data = read_bytes(path, "lijst van Nadere overeenkomsten", MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ClausegenError(code="realisation.too-large", params={"mb": MAX_FILE_BYTES // 1_000_000}, path=path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        table: list[tuple[int, Sequence[object]]] = list(csv_table(path, data))
    elif suffix == ".xlsx":
        table = _xlsx_table(path, data)
    else:
        raise ClausegenError(code="realisation.call-offs-suffix", path=path)
    return parse_list(path, table, terms)


LIST_MAX_COLUMN = 12
"""A list in a workbook is read up to column L (the sheet's computed column and afnemer included)."""


def _xlsx_table(path: Path, data: bytes) -> list[tuple[int, Sequence[object]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl and zipfile raise many types for a file that is no workbook
        raise ClausegenError(code="realisation.not-a-workbook", path=path) from None
    try:
        name = CALL_OFF_SHEET if CALL_OFF_SHEET in workbook.sheetnames else workbook.sheetnames[0]
        rows = workbook[name].iter_rows(min_row=1, max_col=LIST_MAX_COLUMN, values_only=True)
        return [(index, tuple(values)) for index, values in enumerate(rows, start=1) if index <= MAX_ROWS + 1]
    finally:
        workbook.close()


def parse_list(path: str | Path, table: Iterable[tuple[int, Sequence[object]]], terms: Terms) -> tuple[CallOff, ...]:
    """The call-offs of a list's cells (header row first); bad input is an error naming the line."""
    rows = [(line, list(values)) for line, values in table]
    rows = [(line, values) for line, values in rows if any(v not in (None, "") for v in values)]
    if not rows:
        raise ClausegenError(code="realisation.call-offs-empty", params={"columns": _columns(terms)}, path=path)
    header_line, header = rows[0]
    names = [str(v).strip().lower() if v is not None else "" for v in header]
    wanted = (*REQUIRED, "perceel") if terms.has_lots else REQUIRED
    for column in wanted:
        if column not in names:
            raise ClausegenError(
                code="realisation.call-offs-column",
                params={"column": column, "columns": _columns(terms)},
                path=path,
                line=header_line,
            )
    index = {name: names.index(name) for name in LIST_COLUMNS if name in names}
    lots = [lot.id for lot in terms.lots]
    parties = creditors(terms)
    found: dict[str, int] = {}
    result = []
    for line, values in rows[1:]:
        if all(values[at] in (None, "") for at in index.values() if at < len(values)):
            continue  # only other columns filled, such as the workbook's computed obligation

        def cell(name: str, values: list[object] = values) -> object:
            at = index.get(name)
            return values[at] if at is not None and at < len(values) else None

        try:
            number = parse_text(cell("nummer"), "nummer")
            lot = parse_text(cell("perceel"), "perceel") if terms.has_lots else ""
            start = parse_date(cell("startdatum"), "startdatum")
            end = parse_date(cell("einddatum"), "einddatum")
            value = parse_number(cell("waarde_eur"), "waarde_eur", 2)
            note = parse_text(cell("toelichting"), "toelichting")
            party = " ".join(parse_text(cell("afnemer"), "afnemer").split())
        except CellError as exc:
            raise ClausegenError(code="realisation.call-offs-cell", params={"problem": str(exc)}, path=path,
                                 line=line) from None  # fmt: skip
        missing = [name for name, v in (("nummer", number), ("startdatum", start), ("einddatum", end),
                                         ("waarde_eur", value)) if v in (None, "")]  # fmt: skip
        if terms.has_lots and not lot:
            missing.append("perceel")
        if missing:
            raise ClausegenError(code="realisation.call-offs-missing", params={"columns": missing}, path=path,
                                 line=line)  # fmt: skip
        assert start is not None and end is not None and value is not None
        if terms.has_lots and lot not in lots:
            raise ClausegenError(code="realisation.call-offs-lot", params={"lot": lot, "lots": lots}, path=path,
                                 line=line)  # fmt: skip
        if end < start:
            raise ClausegenError(code="realisation.call-offs-end", params={"start": datum(start), "end": datum(end)}, path=path,
                                 line=line)  # fmt: skip
        if number in found:
            raise ClausegenError(code="realisation.call-offs-duplicate", params={"number": number,
                                 "first": found[number]}, path=path, line=line)  # fmt: skip
        creditor = parties[0]
        if party:
            known = {p.casefold(): p for p in parties}
            if party.casefold() not in known:
                raise ClausegenError(code="realisation.call-offs-afnemer", params={"party": party, "number": number,
                                     "allowed": parties}, path=path, line=line)  # fmt: skip
            creditor = known[party.casefold()]
        found[number] = line
        result.append(CallOff(number, lot, start, end, value, note, line, creditor))
    return tuple(result)


def creditors(terms: Terms) -> list[str]:
    """The parties that may conclude a Nadere overeenkomst (raamovereenkomst.afnemers): the
    Opdrachtgever first (the creditor of an empty `afnemer`), then the Afnemers, each once."""
    out = [terms.opdrachtgever or OPDRACHTGEVER]
    for name in terms.afnemers:
        if name.casefold() not in {p.casefold() for p in out}:
            out.append(name)
    return out


def split_charge(charge: Decimal, shares: Sequence[tuple[str, Decimal]]) -> tuple[tuple[str, Decimal], ...]:
    """A bundle's boete over its parties in proportion to the value of their call-offs in it, each
    part rounded down to the cent and the remainder on the largest share (raamovereenkomst.afnemers)."""
    total = sum((value for _, value in shares), ZERO)
    if total <= 0 or not shares:
        return ()
    parts = [(party, (charge * value / total).quantize(CENT, ROUND_DOWN)) for party, value in shares]
    largest = max(range(len(shares)), key=lambda i: shares[i][1])
    rest = charge.quantize(CENT, ROUND_HALF_UP) - sum((p for _, p in parts), ZERO)
    parts[largest] = (parts[largest][0], parts[largest][1] + rest)
    return tuple(parts)


def _columns(terms: Terms) -> list[str]:
    return [c for c in LIST_COLUMNS if terms.has_lots or c != "perceel"]


def check_rows(report: str | Path, rows: Iterable[ReportRow], call_offs: Sequence[CallOff]) -> None:
    """A row naming a call-off that is not in the list is an error with its line (not a guess)."""
    known = {c.number for c in call_offs}
    for row in rows:
        if row.nadere_overeenkomst and row.nadere_overeenkomst not in known:
            raise ClausegenError(
                code="realisation.call-offs-unknown-row",
                params={"number": row.nadere_overeenkomst, "known": sorted(known)},
                path=report,
                line=row.row,
            )


def unassigned(rows: Iterable[ReportRow]) -> tuple[int, ...]:
    """The rows of a per-call-off framework that name no Nadere overeenkomst: counted nowhere."""
    return tuple(row.row for row in rows if not row.nadere_overeenkomst)


@dataclass(frozen=True)
class _Obligation:
    number: str
    lot: str
    start: datetime.date
    end: datetime.date
    value_eur: Decimal
    members: tuple[str, ...]
    bundled: bool
    parties: tuple[tuple[str, Decimal], ...] = ()
    """Each party's value of the call-offs in it, in the order of the list."""


def obligations(
    terms: Terms, call_offs: Sequence[CallOff], bundles: Sequence[tuple[str, ...]] = ()
) -> list[_Obligation]:
    """The settled units: each call-off of at least `call_off_min_eur`, and per calendar year of its
    start (and lot) one bundle of the smaller ones, from their first start to their last end; each
    bundling the buyer consented to (`realisatie --bundel`) merges the units of its call-offs."""
    units = _units(terms, call_offs)
    for index, numbers in enumerate(bundles, start=1):
        merged = [unit for unit in units if set(unit.members) & set(numbers)]
        if {n for u in merged for n in u.members} < set(numbers) or len({u.lot for u in merged}) > 1:
            missing = sorted(set(numbers) - {n for u in merged for n in u.members})
            raise ClausegenError(code="realisation.bundle-call-offs",
                                 params={"bundle": ",".join(numbers), "missing": ", ".join(missing) or "-"},
                                 key=("bundel",))  # fmt: skip
        values: dict[str, Decimal] = {}
        for unit in merged:
            for party, value in unit.parties:
                values[party] = values.get(party, ZERO) + value
        units = [u for u in units if u not in merged] + [
            _Obligation(
                f"bundeling-{index}",
                merged[0].lot,
                min(u.start for u in merged),
                max(u.end for u in merged),
                sum((u.value_eur for u in merged), ZERO),
                tuple(n for u in merged for n in u.members),
                True,
                tuple(values.items()),
            )  # fmt: skip
        ]
    return units


def _units(terms: Terms, call_offs: Sequence[CallOff]) -> list[_Obligation]:
    units = []
    small: dict[tuple[int, str], list[CallOff]] = {}
    for c in call_offs:
        if c.value_eur >= terms.call_off_min_eur:
            units.append(_Obligation(c.number, c.lot, c.start, c.end, c.value_eur, (c.number,), False,
                                     ((c.afnemer, c.value_eur),)))  # fmt: skip
        else:
            small.setdefault((c.start.year, c.lot), []).append(c)
    for (year, lot), members in sorted(small.items()):
        number = f"bundel-{year}" + (f"-{lot}" if lot else "")
        units.append(_Obligation(number, lot, min(c.start for c in members), max(c.end for c in members),
                                 sum((c.value_eur for c in members), ZERO), tuple(c.number for c in members),
                                 True, _by_party(members)))  # fmt: skip
    return units


def _by_party(members: Sequence[CallOff]) -> tuple[tuple[str, Decimal], ...]:
    values: dict[str, Decimal] = {}
    for c in members:
        values[c.afnemer] = values.get(c.afnemer, ZERO) + c.value_eur
    return tuple(values.items())


def obligation_of(terms: Terms, lot_id: str, value: Decimal) -> Decimal:
    """The lot's percentage of the value (times the labour share of a wage-sum basis), in cents; zero
    where the table gives the lot no percentage."""
    lot = next((lot for lot in terms.lots if lot.id == lot_id), None)
    if lot is None or lot.percentage is None:
        return ZERO
    return cents(Fraction(value) * Fraction(lot.basis_share) * Fraction(lot.percentage) / 100)


@dataclass(frozen=True)
class Clipped:
    """The rows of a per-call-off framework as they can count: each cut to the term of the
    Nadere overeenkomst it names (and that obligation's Hersteltermijn after a melding), with a note
    where a part was cut, and the rows that count for none (no call-off named, or none of their days
    in its term) with the reason. Only the former take a Kandidaat's hours and months."""

    rows: tuple[ReportRow, ...]
    notes: Mapping[int, str]
    outside: Mapping[int, tuple[str, str]]
    """Per row number: its lot and why it counts for no Nadere overeenkomst."""
    windows: Mapping[int, tuple[Span, Span]] = dataclasses.field(default_factory=dict)
    """Per row whose Nadere overeenkomst ended before the melding: that term and the Hersteltermijn,
    the only days on which it counts (counting.Periods.windows)."""


def clip_rows(
    terms: Terms,
    rows: Sequence[ReportRow],
    call_offs: Sequence[CallOff],
    melding: datetime.date | None,
    meldingen: Mapping[str, datetime.date] | None = None,
    bundles: Sequence[tuple[str, ...]] = (),
) -> Clipped:
    """Each row cut to the days on which it can count for the Nadere overeenkomst it names: work
    for a call-off before its start or after its end is not work for it, not even in a bundle whose
    term runs on (raamovereenkomst.telling, raamovereenkomst.nadere-overeenkomsten); after a melding,
    the Hersteltermijn of its obligation counts as its term (monitoring.sancties). A row that began
    before the framework's start keeps its own start, so the rule on existing employment decides."""
    by_number = {c.number: c for c in call_offs}
    units = obligations(terms, call_offs, bundles)
    unit_end = {member: unit.end for unit in units for member in unit.members}
    unit_melding = {member: unit_notice(unit, melding, meldingen) for unit in units for member in unit.members}
    kept: list[ReportRow] = []
    notes: dict[int, str] = {}
    outside: dict[int, tuple[str, str]] = {}
    windows: dict[int, tuple[Span, Span]] = {}
    for row in rows:
        call_off = by_number.get(row.nadere_overeenkomst)
        if call_off is None:
            outside[row.row] = (row.perceel, "noemt geen Nadere overeenkomst en telt daarom bij geen enkele; vul in "
                                "de kolom nadere_overeenkomst het nummer uit de lijst in")  # fmt: skip
            continue
        own: Span = (call_off.start, call_off.end)
        spans = [own]
        noticed = unit_melding[call_off.number]
        if noticed is not None and noticed > unit_end[call_off.number]:
            # the Hersteltermijn after the melding counts as well, but not the days between the end of the
            # Nadere overeenkomst and the melding (monitoring.sancties; fifteenth reading J MAJOR-1)
            spans.append(recovery_period(terms, noticed))
        term = f"{call_off.number} ({datum(call_off.start)} tot en met {datum(call_off.end)})"
        where = outside_where = f"de looptijd van Nadere overeenkomst {term}"
        if len(spans) > 1:
            recovery = f"de Hersteltermijn ({datum(spans[1][0])} tot en met {datum(spans[1][1])})"
            where, outside_where = f"{where} of {recovery}", f"{where} en buiten {recovery}"
        if row.van is None:
            kept.append(row)
            continue
        start = row.van if row.van < terms.excluded_before else max(row.van, call_off.start)
        stop = min(row.tot, spans[-1][1]) if row.tot is not None else None
        last = row.tot if row.tot is not None else start
        hit = [(max(start, a), min(last, b)) for a, b in spans if max(start, a) <= min(last, b)]
        if not hit or (stop is not None and stop < start):
            outside[row.row] = (row.perceel, f"valt buiten {outside_where}")
            continue
        block = terms.block(row.bouwblok)
        if block is not None and block.kind == "inkoop" and row.bedrag_eur is not None:
            # a purchase counts where it was invoiced (van) and paid (tot) in one of the periods (I MINOR-4)
            dated = [day for day in (row.van, last) if not any(a <= day <= b for a, b in spans)]
            if dated:
                which = "de factuurdatum (van)" if dated[0] == row.van else "de betaaldatum (tot)"
                outside[row.row] = (row.perceel, f"{which} valt buiten {where}; inkoop telt alleen als zij daarin "
                                    "is gefactureerd en betaald")  # fmt: skip
                continue
            if len(spans) > 1:
                windows[row.row] = (own, spans[1])
            kept.append(row)
            continue
        if row.bedrag_eur is not None and (start != row.van or stop != row.tot or hit != [(row.van, last)]):
            # an amount is not cut to the days: the whole period must lie in one of the periods
            outside[row.row] = (row.perceel, f"valt deels buiten {where}; splits de regel op haar begin- of "
                                "einddatum")  # fmt: skip
            continue
        if row.tot is not None:
            start, stop = hit[0][0], hit[-1][1]
        if len(spans) > 1:
            windows[row.row] = (own, spans[1])
        if start != row.van or stop != row.tot or len(hit) > 1:
            notes[row.row] = f"alleen het deel binnen {where} telt"
        kept.append(dataclasses.replace(row, van=start, tot=stop))
    return Clipped(tuple(kept), notes, outside, windows)


def with_clipping(valued: Iterable[RowValue], clipped: Clipped) -> tuple[RowValue, ...]:
    """The framework's list of rows with the notes of `clip_rows` and the rows that count for none."""
    out = {}
    for value in valued:
        note = clipped.notes.get(value.row)
        if note and value.counted:
            value = dataclasses.replace(value, reason="; ".join(filter(None, (note, value.reason))))
        out[value.row] = value
    for number, (lot, reason) in clipped.outside.items():
        out[number] = RowValue(number, lot, ZERO, False, reason)
    return tuple(out[number] for number in sorted(out))


def value_call_offs(
    terms: Terms,
    rows: Sequence[ReportRow],
    call_offs: Sequence[CallOff],
    report_date: datetime.date,
    refused: Iterable[Refused] = (),
    *,
    melding: datetime.date | None = None,
    pso_renewals: Iterable[RenewalInput] = (),
    granted: Mapping[int, RowValue] | None = None,
    meldingen: Mapping[str, datetime.date] | None = None,
    bundles: Sequence[tuple[str, ...]] = (),
) -> tuple[CallOffValue, ...]:
    """Each call-off (or bundle) valued on its own, as a contract of its own with its term and
    obligation: `value_report` gives realised, PSO credit, interim test, tekort and boete. A melding
    applies to the call-offs whose term ended before it; a surplus never fills another call-off.
    `granted`: the rows as the framework valued them over all call-offs together, so a Kandidaat who
    works in two call-offs at once counts his total hours, at most a full-time week, and his months
    once (algemeen.telregels, raamovereenkomst.telling; thirteenth reading F MAJOR-2)."""
    del refused  # refused rows are listed with the framework's rows; they belong to no call-off
    renewals = tuple(pso_renewals)
    results = []
    default = creditors(terms)[0]
    call_offs = [c if c.afnemer else dataclasses.replace(c, afnemer=default) for c in call_offs]
    for unit in obligations(terms, call_offs, bundles):
        lot = next((lot for lot in terms.lots if lot.id == unit.lot), terms.lots[0] if terms.lots else None)
        title = lot.title if lot is not None else ""
        obligation = obligation_of(terms, unit.lot, unit.value_eur)
        own = dataclasses.replace(
            terms,
            start_date=unit.start,
            end_date=unit.end,
            obligation_eur=obligation,
            lots=(ContractLot(unit.lot, title, obligation),),
            per_call_off=False,
            offsetting=False,
            holders=1,
            opdracht_start=terms.excluded_before,
        )
        members = set(unit.members)
        mine = [row for row in rows if row.nadere_overeenkomst in members]
        if not terms.has_lots:
            mine = [dataclasses.replace(row, perceel="") for row in mine]
        noticed = unit_notice(unit, melding, meldingen)
        noticed = noticed if noticed is not None and noticed > unit.end else None
        day = max(report_date, unit.start)
        valued = value_report(own, mine, day, melding=noticed, pso_renewals=renewals, granted=granted)
        results.append(_result(unit, valued, report_date))
    return tuple(results)


def unit_notice(
    unit: _Obligation, melding: datetime.date | None, meldingen: Mapping[str, datetime.date] | None
) -> datetime.date | None:
    """The melding of a Nadere overeenkomst or bundle: its own (`--melding NUMMER=DATUM`, by its
    number or, for a bundle, by the number of one of its call-offs), else the one melding for all
    (fourteenth reading H MINOR-9)."""
    for key in (unit.number, *unit.members):
        if meldingen and key in meldingen:
            return meldingen[key]
    return melding


def check_meldingen(
    terms: Terms,
    call_offs: Sequence[CallOff],
    meldingen: Mapping[str, datetime.date],
    bundles: Sequence[tuple[str, ...]] = (),
) -> None:
    """Each `--melding NUMMER=DATUM` names a Nadere overeenkomst or bundle of the list, once, and
    falls after its end: a tekort is notified after the eindrapportage (monitoring.sancties)."""
    units = obligations(terms, call_offs, bundles)
    for key, day in meldingen.items():
        unit = next((u for u in units if key == u.number or key in u.members), None)
        if unit is None:
            known = ", ".join(u.number for u in units)
            raise ClausegenError(code="realisation.melding-unknown-call-off", params={"number": key, "known": known},
                                 key=("melding",))  # fmt: skip
        if day <= unit.end:
            raise ClausegenError(code="realisation.melding-before-call-off-end",
                                 params={"number": key, "melding": datum(day), "end": datum(unit.end)},
                                 key=("melding",))  # fmt: skip
        twice = [k for k in meldingen if k != key and (k == unit.number or k in unit.members)]
        if twice:
            raise ClausegenError(code="realisation.melding-twice", params={"number": unit.number},
                                 key=("melding",))  # fmt: skip


def _result(unit: _Obligation, valued: Valuation, report_date: datetime.date) -> CallOffValue:
    lot = valued.lots[0]
    if report_date < unit.start:
        status = "lopend"
    elif report_date <= unit.end:
        status = "achter" if (lot.shortfall_eur or ZERO) > 0 else "lopend"
    else:
        status = "tekort" if (lot.shortfall_eur or ZERO) > 0 else "gehaald"
    during = report_date <= unit.end
    parties = tuple(party for party, _ in unit.parties)
    creditor = max(unit.parties, key=lambda p: p[1])[0] if unit.parties else ""
    split = (split_charge(lot.charge_eur, unit.parties)
             if unit.bundled and lot.charge_eur is not None and len(unit.parties) > 1 else ())  # fmt: skip
    if unit.bundled and lot.charge_eur is not None and len(unit.parties) == 1:
        split = ((creditor, lot.charge_eur.quantize(CENT, ROUND_HALF_UP)),)
    return CallOffValue(
        number=unit.number,
        lot=unit.lot,
        start=unit.start,
        end=unit.end,
        value_eur=unit.value_eur,
        obligation_eur=lot.obligation_eur,
        pso_eur=lot.pso_eur,
        realised_eur=lot.realised_eur,
        fulfilment_percent=lot.fulfilment_percent,
        remaining_eur=lot.remaining_eur or ZERO,
        shortfall_eur=ZERO if during else (lot.shortfall_eur or ZERO),
        charge_eur=lot.charge_eur,
        status=status,
        bundled=unit.members if unit.bundled else (),
        recovery_end=valued.recovery_end,
        afnemer=creditor,
        charge_by_party=split,
        parties=parties,
        melding=valued.melding,
        rows=valued.rows,
    )


def with_unit_caps(valuation: Valuation, settled: Sequence[CallOffValue]) -> Valuation:
    """The framework's list of rows with support as each Nadere overeenkomst's settlement capped it
    (counting.cap_support, per Nadere overeenkomst and bundle; fifteenth reading I MAJOR-1), and its
    realised amounts lowered by what the caps took, so the list and the table agree."""
    capped = {row.row: row for unit in settled for row in unit.rows if CAPPED in row.reason}
    if not capped:
        return valuation
    taken: dict[str, Decimal] = {}
    rows = []
    for row in valuation.rows:
        new = capped.get(row.row, row)
        if new is not row and row.counted:
            taken[row.lot] = taken.get(row.lot, ZERO) + row.value_eur - new.value_eur
            new = dataclasses.replace(new, lot=row.lot)
        rows.append(new)
    lots = tuple(
        dataclasses.replace(lot, realised_eur=lot.realised_eur - taken.get(lot.id, ZERO)) for lot in valuation.lots
    )
    return dataclasses.replace(valuation, rows=tuple(rows), lots=lots,
                               realised_eur=valuation.realised_eur - sum(taken.values(), ZERO))  # fmt: skip

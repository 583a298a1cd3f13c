"""Counting one supplier's candidates once across all its contracts (pure, no database).

The realisation code values each contract on its own: there, a candidate's overlapping rows
count once and the month cap holds within the contract. Across the contracts of one supplier
the register applies the same two rules to the days each contract counted:

- Allocation rule for overlaps: on a day on which one candidate is counted in two contracts, his
  hours there count together up to a full-time week, as algemeen.telregels counts them within one
  contract; contracts whose value tables differ in their full-time week (`hours_per_week`) are
  compared by the share of their own week. The row that starts
  first (its `van`) counts first; on the same start day, the lower contract number (compared as
  text), then the lower row number. A later row loses the hours that no longer fit: all of them
  where the earlier rows already count a full-time week.
- The month cap (`max_months_per_candidate`, the smallest of the contracts concerned) runs over
  the candidate's days in all contracts in that same order, the days of an overlap once; days
  beyond it are cut.

What a contract loses is returned as pieces (row number, days and the hours per week lost on
them), which the caller values with the realisation code and deducts; each piece is a reported
conflict."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from ..realisation.counting import Piece, add_load, split_by_load

Interval = tuple[datetime.date, datetime.date]
"""Inclusive first and last day."""

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Stint:
    """Days one row of a contract counted for a candidate (a span the realisation code valued:
    inside the contract period, after that contract's own overlap and cap rules)."""

    contract: str
    row: int
    kandidaat: str
    van: datetime.date
    tot: datetime.date
    cap_months: int
    start: datetime.date
    """The row's own `van` (the allocation order), which may lie before this span."""
    hours: Fraction = Fraction(36)
    """The hours per week the contract counted on these days (at most its full-time week)."""
    full: Fraction = Fraction(36)
    """The hours of a full-time week in that contract's value table."""
    row_hours: Fraction | None = None
    """The row's own hours per week (at most `full`); None: the same as `hours`. A cut of all that
    a stint counted names its hours where the contract counted fewer than the row's."""


@dataclass(frozen=True)
class Cut:
    """Days a contract counted that the register takes away (kind "overlap" or "maximum")."""

    contract: str
    row: int
    kandidaat: str
    first: datetime.date
    last: datetime.date
    kind: str
    kept_contract: str
    kept_row: int
    hours: Fraction | None = None
    """The hours per week lost on these days; None: all the row counted there."""


def _subtract(piece: Interval, taken: Sequence[Interval]) -> list[Interval]:
    """`piece` minus the (sorted, disjoint) intervals in `taken`."""
    result = []
    start, end = piece
    for a, b in taken:
        if b < start or a > end:
            continue
        if a > start:
            result.append((start, min(end, a - ONE_DAY)))
        start = max(start, b + ONE_DAY)
        if start > end:
            return result
    if start <= end:
        result.append((start, end))
    return result


def _add(taken: list[Interval], piece: Interval) -> None:
    """Add a piece disjoint from `taken`, keeping it sorted and merged."""
    taken.append(piece)
    taken.sort()
    merged: list[Interval] = []
    for a, b in taken:
        if merged and a <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    taken[:] = merged


def _day_weight(day: datetime.date) -> Fraction:
    return Fraction(1, calendar.monthrange(day.year, day.month)[1])


def months(pieces: Iterable[Interval]) -> Fraction:
    """Calendar months covered, a partial month as its days over the days of that month."""
    total = Fraction(0)
    for start, end in pieces:
        day = start
        while day <= end:
            last_of_month = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            stop = min(end, last_of_month)
            total += Fraction((stop - day).days + 1, calendar.monthrange(day.year, day.month)[1])
            day = stop + ONE_DAY
    return total


def _within_cap(piece: Interval, used: Fraction, cap: int) -> tuple[Interval | None, Fraction]:
    """The part of `piece` that still fits under the cap, and the months used after it."""
    if used >= cap:
        return None, used
    whole = months([piece])
    if used + whole <= cap:
        return piece, used + whole
    day, end = piece
    while day <= end and used + _day_weight(day) <= cap:
        used += _day_weight(day)
        day += ONE_DAY
    return ((piece[0], day - ONE_DAY) if day > piece[0] else None), used


def _counted(stints: Sequence[Stint]) -> list[tuple[Stint, Interval, Fraction]]:
    """The days the given stints count under the full-time week and the cap, in allocation order,
    each with the share of a full-time week counted on them (contracts may differ in their week)."""
    order = sorted(stints, key=lambda s: (s.start, s.contract, s.row, s.van))
    load: list[Piece] = []
    taken: list[Interval] = []
    used = Fraction(0)
    result = []
    for stint in order:
        share = min(stint.hours / stint.full, Fraction(1))
        for (first, last), have in split_by_load((stint.van, stint.tot), load):
            if have:  # days already counted: only the share that still fits, no new months
                room = min(share, 1 - have)
                if room > 0:
                    load = add_load(load, (first, last), room)
                    result.append((stint, (first, last), room))
                continue
            for piece in _subtract((first, last), taken):
                fitting, used = _within_cap(piece, used, stint.cap_months)
                if fitting is not None:
                    _add(taken, fitting)
                    load = add_load(load, fitting, share)
                    result.append((stint, fitting, share))
    return result


def _explained(stint: Stint, lost: Interval, kept: Sequence[tuple[Stint, Interval, Fraction]]) -> list[Cut]:
    """The lost days of a stint split by cause: held by another contract's row, or over the cap."""
    cuts = []
    rest = [lost]
    for holder, (a, b), _hours in kept:
        if holder.contract == stint.contract or b < lost[0] or a > lost[1]:
            continue
        first, last = max(a, lost[0]), min(b, lost[1])
        cuts.append(
            Cut(stint.contract, stint.row, stint.kandidaat, first, last, "overlap", holder.contract, holder.row)
        )
        rest = [piece for r in rest for piece in _subtract(r, [(first, last)])]
    cuts.extend(Cut(stint.contract, stint.row, stint.kandidaat, a, b, "maximum", "", 0) for a, b in rest)
    return sorted(cuts, key=lambda c: c.first)


def allocate(stints: Iterable[Stint]) -> list[Cut]:
    """The cuts across the contracts of one supplier (all stints of that supplier)."""
    by_candidate: dict[str, list[Stint]] = {}
    for stint in stints:
        by_candidate.setdefault(stint.kandidaat, []).append(stint)
    cuts: list[Cut] = []
    for _candidate, group in sorted(by_candidate.items()):
        if len({s.contract for s in group}) < 2:
            continue
        cap = min(s.cap_months for s in group)
        order = [replace(s, cap_months=cap) for s in group]
        kept = _counted(order)
        for stint in sorted(order, key=lambda s: (s.contract, s.row, s.van)):
            share = min(stint.hours / stint.full, Fraction(1))
            got = sorted((a, b, h) for s, (a, b), h in kept if s is stint)
            for (first, last), counted in split_by_load((stint.van, stint.tot), got):
                if counted >= share:
                    continue
                whole = counted == 0 and (stint.row_hours is None or stint.hours >= stint.row_hours)
                lost = None if whole else (share - counted) * stint.full
                cuts.extend(replace(cut, hours=lost) for cut in _explained(stint, (first, last), kept))
    return _merged(cuts)


def _merged(cuts: list[Cut]) -> list[Cut]:
    """Adjacent cuts of one row with the same cause as one cut (one value, one conflict)."""
    result: list[Cut] = []
    for cut in cuts:
        last = result[-1] if result else None
        if (
            last is not None
            and (last.contract, last.row, last.kandidaat, last.kind, last.kept_contract, last.kept_row, last.hours)
            == (cut.contract, cut.row, cut.kandidaat, cut.kind, cut.kept_contract, cut.kept_row, cut.hours)
            and cut.first == last.last + ONE_DAY
        ):
            result[-1] = replace(last, last=cut.last)
        else:
            result.append(cut)
    return result


def bundle(figures: Sequence[tuple[str, Decimal, Decimal, bool]]) -> dict[str, tuple[Decimal, Decimal]]:
    """Bundling across a supplier's contracts that allow it: (number, obligation, realised,
    allowed) in; per number (received, given) out. A surplus (realised above the obligation)
    covers shortfalls in contract-number order, never more than a shortfall and never more than
    the surplus; contracts without bundling neither give nor receive."""
    zero = Decimal("0.00")
    received = {number: zero for number, *_ in figures}
    given = dict(received)
    allowed = sorted((n, o - r) for n, o, r, ok in figures if ok)
    surplus = {n: -gap for n, gap in allowed if gap < 0}
    for number, gap in allowed:
        for giver in surplus:
            if gap <= 0:
                break
            moved = min(gap, surplus[giver])
            if moved <= 0:
                continue
            surplus[giver] -= moved
            gap -= moved
            received[number] += moved
            given[giver] += moved
    return {number: (received[number], given[number]) for number in received}

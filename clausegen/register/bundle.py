"""Counting one supplier's candidates once across all its contracts (pure, no database).

The realisation code values each contract on its own: there, a candidate's overlapping rows
count once and the month cap holds within the contract. Across the contracts of one supplier
the register applies the same two rules to the days each contract counted:

- Allocation rule for overlaps: a day on which one candidate is counted in two contracts stays
  with the row that starts first (its `van`); on the same start day, with the lower contract
  number (compared as text), then the lower row number. The other contract loses that day.
- The month cap (`max_months_per_candidate`, the smallest of the contracts concerned) runs over
  the candidate's days in all contracts in that same order; days beyond it are cut.

What a contract loses is returned as pieces (row number and days), which the caller values
with the realisation code and deducts; each piece is a reported conflict."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

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


def _counted(stints: Sequence[Stint]) -> list[tuple[Stint, Interval]]:
    """The days the given stints count under overlap-once and the cap, in allocation order."""
    order = sorted(stints, key=lambda s: (s.start, s.contract, s.row, s.van))
    taken: list[Interval] = []
    used = Fraction(0)
    result = []
    for stint in order:
        for piece in _subtract((stint.van, stint.tot), taken):
            fitting, used = _within_cap(piece, used, stint.cap_months)
            if fitting is not None:
                _add(taken, fitting)
                result.append((stint, fitting))
    return result


def _owner(day: datetime.date, kept: Sequence[tuple[Stint, Interval]]) -> Stint | None:
    for stint, (a, b) in kept:
        if a <= day <= b:
            return stint
    return None


def allocate(stints: Iterable[Stint]) -> list[Cut]:
    """The cuts across the contracts of one supplier (all stints of that supplier)."""
    by_candidate: dict[str, list[Stint]] = {}
    for stint in stints:
        by_candidate.setdefault(stint.kandidaat, []).append(stint)
    cuts: list[Cut] = []
    for kandidaat, group in sorted(by_candidate.items()):
        if len({s.contract for s in group}) < 2:
            continue
        cap = min(s.cap_months for s in group)
        kept = _counted([replace(s, cap_months=cap) for s in group])
        kept_by_contract: dict[str, list[Interval]] = {}
        for stint, piece in kept:
            _add(kept_by_contract.setdefault(stint.contract, []), piece)
        for stint in sorted(group, key=lambda s: (s.contract, s.row, s.van)):
            for lost in _subtract((stint.van, stint.tot), kept_by_contract.get(stint.contract, [])):
                holder = _owner(lost[0], kept)
                cuts.append(
                    Cut(
                        contract=stint.contract,
                        row=stint.row,
                        kandidaat=kandidaat,
                        first=lost[0],
                        last=lost[1],
                        kind="overlap" if holder is not None else "maximum",
                        kept_contract=holder.contract if holder else "",
                        kept_row=holder.row if holder else 0,
                    )
                )
    return cuts


def bundle(figures: Sequence[tuple[str, Decimal, Decimal, bool]]) -> dict[str, tuple[Decimal, Decimal]]:
    """Bundling across a supplier's contracts that allow it: (number, obligation, realised,
    allowed) in; per number (received, given) out. A surplus (realised above the obligation)
    covers shortfalls in contract-number order, never more than a shortfall and never more than
    the surplus; contracts without bundling neither give nor receive."""
    zero = Decimal("0.00")
    received = {number: zero for number, *_ in figures}
    given = dict(received)
    allowed = sorted((n, o - r) for n, o, r, ok in figures if ok)
    surplus = [[n, -gap] for n, gap in allowed if gap < 0]
    for number, gap in allowed:
        for entry in surplus:
            if gap <= 0:
                break
            moved = min(gap, Decimal(entry[1]))
            if moved <= 0:
                continue
            entry[1] = Decimal(entry[1]) - moved
            gap -= moved
            received[number] += moved
            given[str(entry[0])] += moved
    return {number: (received[number], given[number]) for number in received}

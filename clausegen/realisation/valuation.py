"""A verantwoording valued against the contract's enforcement procedure: a pure function
(terms, rows, report date, the dates and values the contract manager gives) -> Valuation.

The contract (monitoring.evaluatie, monitoring.sancties, buy-social.pso) decides what the figures
mean: during the Looptijd the only test is the interim threshold (a share of the linear path), and
a shortfall there is no breach; after the Looptijd the tekort is indicative until the buyer has
notified it in writing (the melding), the Hersteltermijn after that melding has passed, and the
voornemen and the decision have followed. A PSO certificate fills its share of the obligation pro
rata over the months it is valid; a surplus on one lot fills a shortfall on another lot where the
contract says so; a framework holder owes the percentage of its real call-off value."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..fmt import euro
from .counting import (
    CENT,
    DAY,
    ZERO,
    Periods,
    RowValue,
    Span,
    add_months,
    cap_support,
    cents,
    expected_share,
    month_pieces,
    months_in,
    value_rows,
    without_consent,
)
from .offset import Transfer, offset
from .rows import Refused, ReportRow
from .terms import ContractLot, Terms

if TYPE_CHECKING:
    from .calloffs import CallOffValue

__all__ = [
    "DAY",
    "LotValue",
    "Renewal",
    "RowValue",
    "Span",
    "Transfer",
    "Valuation",
    "add_months",
    "as_renewal",
    "cents",
    "month_pieces",
    "value_report",
]


@dataclass(frozen=True)
class Renewal:
    """A renewed PSO certificate as the contract manager gives it: the day the buyer received it,
    its last valid day and, where known, its start date (ingangsdatum)."""

    received: datetime.date
    valid_until: datetime.date
    starts: datetime.date | None = None

    def counts_from(self, weeks: int) -> datetime.date:
        """The one rule of buy-social.pso: from its start date when the buyer received it at the
        latest `weeks` after that date (or before it), else only from the day of receipt. Without a
        start date, from the day of receipt."""
        if self.starts is not None and self.received <= self.starts + datetime.timedelta(weeks=weeks):
            return self.starts
        return self.received

    def on_time(self, weeks: int) -> bool:
        """Whether it counts from its start date (received within `weeks` after it)."""
        return self.starts is not None and self.counts_from(weeks) == self.starts


RenewalInput = Renewal | tuple[datetime.date, datetime.date] | tuple[datetime.date, datetime.date, datetime.date]
"""A renewal as callers give it: a Renewal, (received, valid until) or (received, valid until, start)."""


def as_renewal(value: RenewalInput) -> Renewal:
    """A renewal from a Renewal or a tuple of dates (received, valid until[, start])."""
    if isinstance(value, Renewal):
        return value
    return Renewal(*value)


@dataclass(frozen=True)
class LotValue:
    id: str
    title: str
    obligation_eur: Decimal
    realised_eur: Decimal
    fulfilment_percent: Decimal | None
    expected_eur: Decimal
    shortfall_eur: Decimal | None
    """Before the end of the Looptijd: below the interim threshold; after it: the tekort. None
    where the obligation is not yet fixed (a framework holder without its call-off value)."""
    remaining_eur: Decimal | None
    charge_eur: Decimal | None
    """The indicative boete: only after the Hersteltermijn that a melding started."""
    pso_eur: Decimal = ZERO
    """What the PSO certificate fills by the report date (buy-social.pso)."""
    threshold_eur: Decimal = ZERO
    """The interim threshold at the report date (the whole obligation after the Looptijd)."""
    excess_eur: Decimal = ZERO
    """A framework holder's settled obligation above the annex's raming for the lot: the part of
    a tekort up to it has the longer Hersteltermijn (raamovereenkomst.niveau)."""
    excess_shortfall_eur: Decimal = ZERO
    """The part of the tekort under the longer Hersteltermijn: what is realised counts first
    for the obligation up to the raming, so this is the tekort up to `excess_eur`."""
    charge_pending_eur: Decimal | None = None
    """The indicative boete of `excess_shortfall_eur` while the longer Hersteltermijn still runs
    (not yet due); None where nothing is pending."""


@dataclass(frozen=True)
class Valuation:
    """Per lot and in total: obligation, realised value, the PSO credit, fulfilment, the linear
    expectation and the contract's test at the report date, and after the Hersteltermijn the
    indicative boete."""

    contract: str
    report_date: datetime.date
    start_date: datetime.date
    end_date: datetime.date
    """The end of the Looptijd the figures use: the oplevering of a work where given, else the
    contract's (planned) end date."""
    recovery_end: datetime.date | None
    obligation_eur: Decimal
    realised_eur: Decimal
    fulfilment_percent: Decimal | None
    expected_eur: Decimal
    shortfall_eur: Decimal | None
    remaining_eur: Decimal | None
    charge_eur: Decimal | None
    lots: tuple[LotValue, ...]
    rows: tuple[RowValue, ...]
    sanction_percent: Decimal = Decimal(100)
    notes: tuple[str, ...] = field(default=())
    terms: Terms | None = None
    melding: datetime.date | None = None
    recovery_start: datetime.date | None = None
    oplevering: datetime.date | None = None
    maintenance_end: datetime.date | None = None
    """The last day of a work's onderhoudstermijn, where given (`--onderhoudstermijn-tot`)."""
    last_call_off_end: datetime.date | None = None
    """The end of the last Nadere overeenkomst that ran past a framework-level obligation's term."""
    planned_end: datetime.date | None = None
    pso_eur: Decimal = ZERO
    pso_term_eur: Decimal = ZERO
    """What the PSO certificate fills over the whole Looptijd, as long as it stays valid."""
    threshold_eur: Decimal = ZERO
    pso_renewals: tuple[Renewal, ...] = ()
    obligation_fixed: bool = True
    """False for a framework holder whose real call-off value was not given: the obligation is
    then only the estimate at an equal split, and no tekort or boete is computed."""
    transfers: tuple[Transfer, ...] = ()
    """The surpluses moved between lots after the Looptijd (monitoring.sancties), in lot order."""
    call_off: dict[str, Decimal] | None = None
    """A framework holder's Afroepwaarde per lot id, as valued with (None for a fixed obligation)."""
    call_off_sources: dict[str, str] = field(default_factory=dict)
    """Where each lot's Afroepwaarde came from: "werkmap" (the holder's sheet) or "opgegeven"
    (given by the buyer with --afroepwaarde); filled by the caller that combined them."""
    letter_date: datetime.date | None = None
    """The date the letter bears (`realisatie --briefdatum`; default the later of today and the
    peildatum): the reaction period of a voornemen runs from it (fourteenth reading G MINOR-12)."""
    none_ran_on: bool = False
    """`--laatste-nadere-overeenkomst-tot geen`: the buyer stated that no Nadere overeenkomst ran past
    the framework's end (seventeenth reading N MAJOR-4)."""
    consented: tuple[int, ...] | None = None
    """The support rows the buyer consented to in writing beforehand (`realisatie --instemming`);
    None where no consent was recorded: during the Looptijd support then counts under the
    reservation of consent, after it not at all (fourteenth reading G MINOR-6)."""
    call_offs: tuple[CallOffValue, ...] = ()
    """Per Nadere overeenkomst (and per bundle of small ones) its own settlement, where the buyer
    gave the list of a per-call-off framework (calloffs.py); empty otherwise."""
    call_offs_given: bool = False
    """Whether a list of Nadere overeenkomsten was given (the sheet or --nadere-overeenkomsten)."""
    recovery_excess_end: datetime.date | None = None
    """The last day of the longer Hersteltermijn for the part of a tekort above the raming
    (raamovereenkomst.niveau); None where no lot's settled obligation exceeds its raming or
    without a melding."""
    excess_eur: Decimal = ZERO
    excess_shortfall_eur: Decimal = ZERO
    charge_pending_eur: Decimal | None = None
    """The indicative boete still pending under the longer Hersteltermijn (not yet due)."""
    unassigned_rows: tuple[int, ...] = ()
    """With a list: the rows that name no Nadere overeenkomst and so count in no settlement."""
    after_term_eur: Decimal | None = None
    """What counted after the end of the Looptijd (in the Hersteltermijn, a work's onderhoudstermijn
    or a Nadere overeenkomst that ran on), as the table counts it: the chart draws it as a segment
    of its own (fourteenth reading H MINOR-11). None where nothing did, or not computed."""

    @property
    def after_recovery(self) -> bool:
        return self.charge_eur is not None

    @property
    def phase(self) -> str:
        """geen-verplichting, per-nadere-overeenkomst, niet-vast, looptijd, na-looptijd, hersteltermijn or na-hersteltermijn."""
        if self.terms is not None and not self.terms.has_obligation:
            return "geen-verplichting"
        if self.terms is not None and self.terms.per_call_off:
            return "per-nadere-overeenkomst"
        if not self.obligation_fixed:
            return "niet-vast"
        if self.report_date <= max(self.end_date, self.last_call_off_end or self.end_date):  # a call-off runs on
            return "looptijd"
        if self.recovery_start is None or self.recovery_end is None or self.report_date < self.recovery_start:
            return "na-looptijd"
        return "hersteltermijn" if self.report_date <= self.recovery_end else "na-hersteltermijn"

    def to_json(self) -> dict[str, Any]:
        """`realisatie --json` (DESIGN.md §7): amounts as strings with two decimals."""
        return {
            "contract": self.contract,
            "report_date": self.report_date.isoformat(),
            "letter_date": _d(self.letter_date),
            "consented_rows": list(self.consented) if self.consented is not None else None,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
            "planned_end_date": _d(self.planned_end or self.end_date),
            "oplevering": _d(self.oplevering),
            "maintenance_end": _d(self.maintenance_end),
            "last_call_off_end": _d(self.last_call_off_end),
            "melding": _d(self.melding),
            "recovery_start": _d(self.recovery_start),
            "recovery_end": _d(self.recovery_end),
            "recovery_excess_end": _d(self.recovery_excess_end),
            "phase": self.phase,
            "obligation_fixed": self.obligation_fixed,
            "settled_per_call_off": self.terms is not None and self.terms.per_call_off,
            "obligation_eur": _s(self.obligation_eur),
            "realised_eur": _s(self.realised_eur),
            "pso_eur": _s(self.pso_eur),
            "fulfilment_percent": _s(self.fulfilment_percent),
            "expected_eur": _s(self.expected_eur),
            "interim_threshold_eur": _s(self.threshold_eur),
            "shortfall_eur": _s(self.shortfall_eur),
            "remaining_eur": _s(self.remaining_eur),
            "charge_eur": _s(self.charge_eur),
            "excess_eur": _s(self.excess_eur),
            "excess_shortfall_eur": _s(self.excess_shortfall_eur),
            "charge_pending_eur": _s(self.charge_pending_eur),
            "transfers": [
                {"from_lot": t.source, "to_lot": t.target, "amount_eur": _s(t.amount_eur)} for t in self.transfers
            ],
            "lots": [
                {
                    "id": lot.id,
                    "title": lot.title,
                    "obligation_eur": _s(lot.obligation_eur),
                    "realised_eur": _s(lot.realised_eur),
                    "pso_eur": _s(lot.pso_eur),
                    "fulfilment_percent": _s(lot.fulfilment_percent),
                    "expected_eur": _s(lot.expected_eur),
                    "interim_threshold_eur": _s(lot.threshold_eur),
                    "shortfall_eur": _s(lot.shortfall_eur),
                    "remaining_eur": _s(lot.remaining_eur),
                    "charge_eur": _s(lot.charge_eur),
                    "excess_eur": _s(lot.excess_eur),
                    "excess_shortfall_eur": _s(lot.excess_shortfall_eur),
                    "charge_pending_eur": _s(lot.charge_pending_eur),
                }
                for lot in self.lots
            ],
            "call_offs": [c.to_json() for c in self.call_offs],
            "rows": [
                {
                    "row": r.row,
                    "lot": r.lot,
                    "value_eur": _s(r.value_eur),
                    "counted": r.counted,
                    "refused": r.refused,
                    "reason": r.reason,
                }
                for r in self.rows
            ],
        }


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(CENT, ROUND_HALF_UP))


def _d(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return (part * 100 / whole).quantize(CENT, ROUND_HALF_UP)


def recovery_period(terms: Terms, melding: datetime.date, *, excess: bool = False) -> Span:
    """The Hersteltermijn a melding starts: from the day after the melding up to and including the
    same day `recovery_months` later (monitoring.sancties); with `excess`, the longer one of the
    part of a framework holder's tekort above the raming (raamovereenkomst.niveau)."""
    return melding + DAY, add_months(melding, terms.excess_months if excess else terms.recovery_months)


def excess_of(terms: Terms, lot: ContractLot, obligation: Decimal, fixed: bool) -> Decimal:
    """How far a framework holder's settled obligation exceeds the annex's raming for the lot (the
    lot's amount in the manifest, the raming over the Indicatief aandeel): zero for any other contract."""
    if not terms.call_off_valued or terms.per_call_off or not fixed:
        return ZERO
    return max(obligation - lot.obligation_eur, ZERO)


def expected_amount(terms: Terms, lot: ContractLot, obligation: Decimal, share: Fraction) -> Decimal:
    """The linear path at the peildatum: the elapsed share of the Looptijd times the obligation.
    For a framework valued on its call-offs (monitoring.evaluatie; eleventh reading A MINOR-3) the
    share times the larger of the raming and the obligation over the call-offs concluded so far,
    but never more than the latter: those call-offs already reflect the elapsed part of the term,
    so multiplying them by it again would count it twice."""
    if not terms.call_off_valued or terms.per_call_off:
        return cents(Fraction(obligation) * share)
    return min(obligation, cents(Fraction(max(obligation, lot.obligation_eur)) * share))


def valid_spans(terms: Terms, renewals: Iterable[Renewal], term: Span, until: datetime.date) -> list[Span]:
    """The days of the Looptijd up to `until` in which a PSO certificate counts: the one of the
    award, and each renewed one from its start date if the buyer received it at the latest
    `pso_renewal_weeks` after that date, else from the day of receipt (buy-social.pso)."""
    if terms.pso is None:
        return []
    last = min(until, term[1])
    spans = sorted(
        (max(start, term[0]), min(end, last))
        for start, end in [
            (term[0], terms.pso.valid_until),
            *((r.counts_from(terms.pso_renewal_weeks), r.valid_until) for r in renewals),
        ]
    )
    merged: list[Span] = []
    for start, end in spans:
        if start > end:
            continue
        if merged and start <= merged[-1][1] + DAY:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def pso_credit(
    terms: Terms,
    lot: ContractLot,
    obligation: Decimal,
    term: Span,
    until: datetime.date,
    renewals: Iterable[Renewal] = (),
) -> Decimal:
    """What the PSO certificate fills of a lot's obligation for the months up to `until`: the
    contract's share, pro rata over the calendar months of the Looptijd in which a certificate is
    valid (buy-social.pso; a part of a month as its days / the days of that month)."""
    if terms.pso is None or lot.id not in terms.pso.lots or obligation == 0:
        return ZERO
    months = sum((months_in(span) for span in valid_spans(terms, renewals, term, until)), Fraction(0))
    return cents(Fraction(obligation) * Fraction(terms.pso_share_percent) / 100 * months / months_in(term))


def owed(terms: Terms, lot: ContractLot, call_off: Mapping[str, Decimal] | None) -> tuple[Decimal, bool]:
    """A lot's obligation and whether it is fixed: for a holder of a framework with more holders the
    percentage of its real call-off value (raamovereenkomst.houders), else the contract's amount."""
    if not terms.call_off_valued:
        return lot.obligation_eur, True
    if call_off is None or lot.id not in call_off or lot.percentage is None:
        # the one holder of a framework without its real value: the raming, as before this was possible
        return lot.obligation_eur, terms.holders <= 1
    basis = Fraction(call_off[lot.id]) * Fraction(lot.basis_share)
    amount = cents(basis * Fraction(lot.percentage) / 100)
    return (min(amount, lot.cap_eur) if lot.cap_eur is not None else amount), True


def value_report(
    terms: Terms,
    rows: Iterable[ReportRow],
    report_date: datetime.date,
    refused: Iterable[Refused] = (),
    *,
    melding: datetime.date | None = None,
    oplevering: datetime.date | None = None,
    call_off: Mapping[str, Decimal] | None = None,
    pso_renewals: Iterable[RenewalInput] = (),
    onderhoud: datetime.date | None = None,
    last_call_off: datetime.date | None = None,
    granted: Mapping[int, RowValue] | None = None,
    unconsented: Collection[int] = (),
    windows: Mapping[int, tuple[Span, Span]] | None = None,
    running: Mapping[str, datetime.date] | None = None,
) -> Valuation:
    """The valuation of a report at `report_date`, per lot and in total. `melding`: the day the buyer
        notified a shortfall in writing (it starts the Hersteltermijn); `oplevering`: the actual
        completion of a work (the end of its Looptijd); `call_off`: a framework holder's real call-off
        value per lot id ("" without lots); `pso_renewals`: each renewed PSO certificate as a Renewal or
    (the day the buyer received it, its last valid day[, its start date]); `last_call_off`: the end of
    the last Nadere overeenkomst of a framework-level obligation that ran past the framework: work in
    it counts up to that day (raamovereenkomst.telling); `granted`: for one Nadere overeenkomst, its rows
    as the framework valued them (counting.value_rows); `unconsented`: the support rows that do not
    count because the buyer did not consent to them (counting.without_consent). The caller checks
    them (api.check_circumstances); `windows`: per row of a per-call-off framework, the term of its
    Nadere overeenkomst and the Hersteltermijn after a melding (calloffs.clip_rows); `running`: the
    Nadere overeenkomsten that ran past a framework-level obligation's term, each with its end."""
    renewals = tuple(as_renewal(r) for r in pso_renewals)
    term_end = oplevering or terms.end_date
    term = (terms.start_date, term_end)
    recovery = recovery_period(terms, melding) if melding is not None else None
    # per call-off, a Nadere overeenkomst may run past the framework and its work still counts, up
    # to the peildatum (raamovereenkomst.telling; lawyer8 MAJOR-2)
    counted = (terms.start_date, max(term_end, report_date)) if terms.per_call_off else term
    if last_call_off is not None and last_call_off > term_end:  # twelfth reading C MAJOR-3
        counted = (terms.start_date, last_call_off)
    # a work's onderhoudstermijn after the oplevering: its maintenance and repair count (lawyer9 MAJOR-2)
    maintenance = (term_end + DAY, onderhoud) if oplevering is not None and onderhoud is not None else None
    unlinked = term_end if last_call_off is not None and last_call_off > term_end else None
    periods = Periods(counted, recovery, until=report_date, maintenance=maintenance, completed=oplevering,
                      unlinked_end=unlinked, windows=windows, running=running)  # fmt: skip
    rows = tuple(rows)
    # support is capped per lot at its obligation's share (algemeen.onderwerp); per Nadere
    # overeenkomst each settlement caps its own (calloffs.value_call_offs)
    # of what a PSO certificate leaves over the whole term, so that not everything is met outside the
    # Opdracht (algemeen.onderwerp; seventeenth reading M MAJOR-2)
    caps: dict[str, Decimal] = {}
    reduced: set[str] = set()
    for lot in () if terms.per_call_off else terms.lots:
        owes = owed(terms, lot, call_off)[0]
        left = owes - pso_credit(terms, lot, owes, term, term_end, renewals)
        if left < owes:
            reduced.add(lot.id)
        caps[lot.id] = cents(Fraction(left) * Fraction(terms.outside_max_percent) / 100)
    recovery_start = recovery[0] if recovery is not None else None
    valued = cap_support(terms, without_consent(terms, value_rows(terms, rows, refused, periods, granted),
                                                unconsented), rows, caps, recovery_start, reduced)  # fmt: skip
    share = expected_share(terms.start_date, term_end, report_date)
    during = report_date <= max(term_end, last_call_off or term_end)
    after = recovery is not None and report_date > recovery[1]
    figures = []
    for lot in terms.lots:
        obligation, fixed = owed(terms, lot, call_off)
        realised = sum((r.value_eur for r in valued if r.counted and r.lot == lot.id), ZERO)
        pso = ZERO if terms.per_call_off else pso_credit(terms, lot, obligation, term, report_date, renewals)
        pso_full = ZERO if terms.per_call_off else pso_credit(terms, lot, obligation, term, term_end, renewals)
        expected = expected_amount(terms, lot, obligation, share)
        threshold = cents(Fraction(expected) * Fraction(terms.interim_percent) / 100) if during else obligation
        figures.append((lot, obligation, fixed, realised, pso, pso_full, expected, threshold))
    fixed_all = all(f[2] for f in figures) and not terms.per_call_off  # per call-off: nothing settled here
    excesses = [excess_of(terms, f[0], f[1], f[2]) for f in figures]
    # the longer Hersteltermijn of the part above the raming (raamovereenkomst.niveau; lawyer10
    # MAJOR-1): what is delivered after the normal term counts only for that part
    longer = recovery_period(terms, melding, excess=True) if melding is not None and any(excesses) else None
    extra = [ZERO] * len(figures)
    if longer is not None and recovery is not None and longer[1] > recovery[1] and report_date > recovery[1]:
        late = Periods(counted, longer, until=report_date, maintenance=maintenance, completed=oplevering,
                       unlinked_end=unlinked, windows=windows, running=running)  # fmt: skip
        valued = cap_support(terms, without_consent(terms, value_rows(terms, rows, refused, late, granted),
                                                    unconsented), rows, caps, recovery_start, reduced)  # fmt: skip
        extra = [
            max(sum((r.value_eur for r in valued if r.counted and r.lot == f[0].id), ZERO) - f[3], ZERO)
            for f in figures
        ]
    filled = [f[3] + f[4] for f in figures]
    parts = [
        (max(f[7] - done, ZERO), ZERO) if during else _parts(f[1], excess, done, late_eur)
        for f, done, excess, late_eur in zip(figures, filled, excesses, extra, strict=True)
    ]
    shortfalls = [normal + over for normal, over in parts]
    transfers: tuple[Transfer, ...] = ()
    if terms.offsetting and not during:
        surpluses = [
            max(done + late_eur - f[1], ZERO) for f, done, late_eur in zip(figures, filled, extra, strict=True)
        ]
        netted, transfers = offset([f[0].id for f in figures], shortfalls, surpluses, terms.offset_closed)
        # a surplus moved in fills the part up to the raming first
        parts = [_less(part, old - new) for part, old, new in zip(parts, shortfalls, netted, strict=True)]
        shortfalls = netted
    pso_term = sum((f[5] for f in figures), ZERO)
    pending_open = longer is not None and report_date <= longer[1]
    lots = []
    for (lot, obligation, _fixed, realised, pso, pso_full, expected, threshold), shortfall, (
        normal,
        over,
    ), excess, late_eur in zip(figures, shortfalls, parts, excesses, extra, strict=True):
        realised += late_eur
        charged = normal if pending_open else shortfall
        charge = cents(Fraction(charged) * Fraction(terms.sanction_percent) / 100) if after else None
        pending = cents(Fraction(over) * Fraction(terms.sanction_percent) / 100) if pending_open and over else None
        remaining = max(obligation - pso_full - realised, ZERO)
        lots.append(
            LotValue(
                lot.id,
                lot.title,
                obligation,
                realised,
                _percent(realised + pso, obligation) if fixed_all else None,
                expected,
                shortfall if fixed_all else None,
                remaining if fixed_all else None,
                charge if fixed_all else None,
                pso,
                threshold,
                excess if fixed_all else ZERO,
                over if fixed_all else ZERO,
                pending if fixed_all and after else None,
            )  # fmt: skip
        )
    notes = []
    obligation = sum((lot.obligation_eur for lot in lots), ZERO)
    if fixed_all and terms.holders <= 1 and call_off is None and obligation != terms.obligation_eur:
        notes.append(f"de verplichting van het contract ({euro(terms.obligation_eur)}) is niet de som van de "
                     f"percelen ({euro(obligation)}); de percelen zijn gevolgd")  # fmt: skip
    realised = sum((lot.realised_eur for lot in lots), ZERO)
    pso_total = sum((lot.pso_eur for lot in lots), ZERO)
    # voluntary work on a lot without obligation fills no obligation (twelfth reading C MAJOR-2)
    owing_realised = sum((lot.realised_eur for lot in lots if lot.obligation_eur > 0), ZERO)

    def total(values: list[Decimal | None]) -> Decimal | None:
        return None if any(v is None for v in values) else sum((v or ZERO for v in values), ZERO)

    return Valuation(
        contract=terms.number,
        report_date=report_date,
        start_date=terms.start_date,
        end_date=term_end,
        recovery_end=recovery[1] if recovery else None,
        obligation_eur=obligation,
        realised_eur=realised,
        fulfilment_percent=_percent(owing_realised + pso_total, obligation) if fixed_all else None,
        expected_eur=sum((lot.expected_eur for lot in lots), ZERO),
        shortfall_eur=total([lot.shortfall_eur for lot in lots]),
        remaining_eur=total([lot.remaining_eur for lot in lots]),
        charge_eur=total([lot.charge_eur for lot in lots]) if after and fixed_all else None,
        lots=tuple(lots),
        rows=valued,
        sanction_percent=terms.sanction_percent,
        notes=tuple(notes),
        terms=terms,
        melding=melding,
        recovery_start=recovery[0] if recovery else None,
        oplevering=oplevering,
        maintenance_end=maintenance[1] if maintenance else None,
        last_call_off_end=last_call_off if last_call_off is not None and last_call_off > term_end else None,
        planned_end=terms.end_date,
        pso_eur=pso_total,
        pso_term_eur=pso_term,
        pso_renewals=renewals,
        threshold_eur=sum((lot.threshold_eur for lot in lots), ZERO),
        obligation_fixed=fixed_all,
        transfers=transfers if fixed_all else (),
        call_off=dict(call_off) if call_off is not None and terms.call_off_valued else None,
        recovery_excess_end=longer[1] if longer is not None and any(lot.excess_eur for lot in lots) else None,
        excess_eur=sum((lot.excess_eur for lot in lots), ZERO),
        excess_shortfall_eur=sum((lot.excess_shortfall_eur for lot in lots), ZERO),
        charge_pending_eur=total_pending(lots),
    )


def total_pending(lots: Iterable[LotValue]) -> Decimal | None:
    """The boete still pending under the longer Hersteltermijn, over the lots; None where none is."""
    pending = [lot.charge_pending_eur for lot in lots if lot.charge_pending_eur is not None]
    return sum(pending, ZERO) if pending else None


def _parts(obligation: Decimal, excess: Decimal, filled: Decimal, late: Decimal) -> tuple[Decimal, Decimal]:
    """A lot's tekort after the Looptijd in its two parts (raamovereenkomst.niveau): up to the
    raming (the normal Hersteltermijn), and up to the excess above it (the longer one). What was
    filled by the end of the normal Hersteltermijn counts first for the part up to the raming;
    what was delivered later (`late`) only for the excess."""
    base = obligation - excess
    normal = max(base - filled, ZERO)
    over = max(excess - max(filled - base, ZERO) - late, ZERO)
    return normal, over


def _less(part: tuple[Decimal, Decimal], reduction: Decimal) -> tuple[Decimal, Decimal]:
    """A tekort's two parts after `reduction` from another lot's surplus, the part up to the raming first."""
    normal, over = part
    first = min(normal, reduction)
    return normal - first, max(over - (reduction - first), ZERO)

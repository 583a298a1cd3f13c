"""`register status`: per contract, supplier, category and year the obligation, what counts
towards it, fulfilment, the linear expected path, overdue reports and recovery periods.

The figures follow the contract's enforcement procedure (monitoring.sancties), as the realisation
letter does: after the Looptijd what is still missing is an indicative tekort; the Hersteltermijn
starts only with the written melding of that tekort (`register melding`), and only after it has
passed does the register show a boete (`charge_eur`). Before that `charge_eur` is 0 and the
tekort stands in `indicative_shortfall_eur`, with the Hersteltermijn "nog niet aangevangen".
A PSO certificate fills its share of the obligation with the realisation code's own credit
(pso.py): it counts in fulfilment, the shortfall, what remains and the tekort, not in `realised_eur`
(which stays what the contributions bring, as the reconciliation of the council report adds up).

A framework holder whose latest report fixed its obligation from the Afroepwaarde (CALL_OFF) above
the raming of its signed annex (the contract's stored amount) has a longer Hersteltermijn,
`recovery_months_excess`, for the part of the tekort up to that excess (raamovereenkomst.niveau).
Between the end of the normal term and the end of the longer one the register shows the boete of
the part up to the raming only, max(raming - what counts, 0) x the sanction percentage, and the
boete of the rest as pending (`charge_pending_eur`); after the longer term, the whole tekort. The
register keeps report totals, not dated rows, so it counts everything reported towards the part up
to the raming first, which is also what the contract says of filled value; what the supplier
delivers after the normal term (which by the contract counts only above the raming) the register
cannot tell apart: the realisation letter, which has the rows and their dates, decides."""

from __future__ import annotations

import calendar
import datetime
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, Select, String, select, type_coerce
from sqlalchemy.engine import Connection, Engine

from .tables import Cents, conflicts, contracts, figures, meldingen, report_lots, reports

PERIOD_MONTHS = {"per kwartaal": 3, "halfjaarlijks": 6, "jaarlijks": 12}
"""Months per reporting period, by the manifest's `reporting` setting."""
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
FIXED = "vast"
ESTIMATE = "raming"
CALL_OFF = "afroepwaarde"
ESTIMATE_KEY = "obligation_is_estimate"
NOT_STARTED = "nog niet aangevangen"
"""The Hersteltermijn of a contract that fell short after its Looptijd without a recorded melding."""


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if day.day <= 28:  # every month has that day
        return datetime.date(year, month + 1, day.day)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(slots=True)
class Figures:
    """Sums over a group of contracts (or one contract)."""

    obligation: Decimal = ZERO
    realised: Decimal = ZERO
    expected: Decimal = ZERO
    charge: Decimal = ZERO
    contracts: int = 0
    overdue_reports: int = 0
    recovery_running: int = 0
    recovery_ended: int = 0
    indicative: Decimal = ZERO
    """After the Looptijd: what is still missing (obligation - realised), the base of a boete once
    the procedure allows one; 0 during the Looptijd."""
    recovery_not_started: int = 0
    """Contracts short after their Looptijd without a recorded melding."""
    pso: Decimal = ZERO
    """What PSO certificates fill by the day (buy-social.pso), as `realisatie`'s `pso_eur`."""
    pso_term: Decimal = ZERO
    """What they fill over the whole Looptijd, as long as they stay valid."""
    estimate: Decimal = ZERO
    """The part of `obligation` that is only an estimate: the equal-split obligation of a holder of
    a framework with several holders whose latest report did not give its Afroepwaarde."""
    apart: Decimal = ZERO
    """What the lots of contracts whose lots may not offset each other add to what is still to do,
    over what the totals give: a surplus on one lot fills no tekort on another (`lots_shortfall`)."""

    def add(self, other: Figures) -> None:
        self.obligation += other.obligation
        self.realised += other.realised
        self.expected += other.expected
        self.charge += other.charge
        self.contracts += other.contracts
        self.overdue_reports += other.overdue_reports
        self.recovery_running += other.recovery_running
        self.recovery_ended += other.recovery_ended
        self.indicative += other.indicative
        self.recovery_not_started += other.recovery_not_started
        self.pso += other.pso
        self.pso_term += other.pso_term
        self.estimate += other.estimate
        self.apart += other.apart

    @property
    def fixed(self) -> Decimal:
        """The part of `obligation` that is fixed (`obligation` = `fixed` + `estimate`)."""
        return self.obligation - self.estimate

    @property
    def fulfilment(self) -> Decimal | None:
        if not self.obligation:
            return None
        return ((self.realised + self.pso) * 100 / self.obligation).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def shortfall(self) -> Decimal:
        """Behind the linear expectation, the PSO credit counted (as `realisatie` computes it)."""
        return max(self.expected - self.realised - self.pso, ZERO)

    @property
    def remaining(self) -> Decimal:
        """Still to realise with contributions until the whole obligation is met, after what the PSO
        certificate fills over the Looptijd (as the letter's "Nog in te vullen met bijdragen")."""
        return max(self.obligation - self.pso_term - self.realised, ZERO) + self.apart

    def to_json(self) -> dict[str, object]:
        return {
            "contracts": self.contracts,
            "obligation_eur": str(self.obligation),
            "realised_eur": str(self.realised),
            "fulfilment_percent": None if self.fulfilment is None else str(self.fulfilment),
            "expected_eur": str(self.expected),
            "shortfall_eur": str(self.shortfall),
            "remaining_eur": str(self.remaining),
            "charge_eur": str(self.charge),
            "overdue_reports": self.overdue_reports,
            "recovery_running": self.recovery_running,
            "recovery_ended": self.recovery_ended,
            "indicative_shortfall_eur": str(self.indicative),
            "recovery_not_started": self.recovery_not_started,
            "pso_eur": str(self.pso),
            "obligation_fixed_eur": str(self.fixed),
            "obligation_estimate_eur": str(self.estimate),
        }


@dataclass(slots=True)
class ContractStatus:
    number: str
    kvk: str
    contractor: str
    category: str
    year: int
    start: datetime.date
    end: datetime.date
    manifest_sha256: str
    reported: datetime.date | None
    own_cents: int
    """The latest report's own value, what the cross-contract rules deduct, and what bundling
    moves in and out, as whole cents (the Decimal euros below are made when read)."""
    deducted_cents: int
    in_cents: int
    out_cents: int
    recovery: str
    """"" (term, no shortfall, or no melding yet), "loopt" or "afgelopen": the Hersteltermijn that
    the recorded melding started; "loopt" also while the longer term of the part above the raming
    still runs (`recovery_excess_end`)."""
    figures: Figures = field(default_factory=Figures)
    melding: datetime.date | None = None
    recovery_months: int = 0
    basis: str = FIXED
    """Where the obligation comes from: FIXED (the contract's amount), ESTIMATE (a framework holder's
    equal-split estimate) or CALL_OFF (the percentage of the Afroepwaarde its latest report gave)."""
    recovery_excess_end: datetime.date | None = None
    """The last day of the longer Hersteltermijn of the part of the tekort above the raming: only for a
    CALL_OFF obligation above the raming with a recorded melding (raamovereenkomst.niveau)."""
    charge_pending: Decimal = ZERO
    """The boete of the part above the raming while its longer Hersteltermijn still runs after the
    normal one (not yet due, so not in `charge`); 0 otherwise."""
    lots: tuple[LotFigures, ...] = ()
    """The lots of the latest report (migration 0005; none for a report stored before)."""
    lots_shortfall: Decimal | None = None
    """Where two or more lots carry an obligation and may not offset each other: the sum of the
    lots' tekort (what each lot still misses), which the contract's tekort is at least; else None."""

    @property
    def recovery_start(self) -> datetime.date | None:
        return None if self.melding is None else self.melding + datetime.timedelta(days=1)

    @property
    def recovery_end(self) -> datetime.date | None:
        return None if self.melding is None else add_months(self.melding, self.recovery_months)

    @property
    def hersteltermijn(self) -> str:
        """How the Hersteltermijn stands: "" (none is due), NOT_STARTED, "loopt" or "afgelopen"."""
        if self.recovery:
            return self.recovery
        return NOT_STARTED if self.figures.recovery_not_started else ""

    @property
    def phase(self) -> str:
        """looptijd, na-looptijd, hersteltermijn or na-hersteltermijn, as `realisatie --json`."""
        if self.as_of <= self.end:
            return "looptijd"
        if self.melding is None or self.recovery_end is None or self.as_of <= self.melding:
            return "na-looptijd"
        return "hersteltermijn" if self.as_of <= self.recovery_end else "na-hersteltermijn"

    as_of: datetime.date = datetime.date.min

    @property
    def realised_own(self) -> Decimal:
        return _euro(self.own_cents)

    @property
    def deducted(self) -> Decimal:
        return _euro(self.deducted_cents)

    @property
    def bundled_in(self) -> Decimal:
        return _euro(self.in_cents)

    @property
    def bundled_out(self) -> Decimal:
        return _euro(self.out_cents)

    def to_json(self) -> dict[str, object]:
        return {
            "contract": self.number,
            "kvk": self.kvk,
            "contractor": self.contractor,
            "category": self.category,
            "year": self.year,
            "start_date": self.start.isoformat(),
            "end_date": self.end.isoformat(),
            "manifest_sha256": self.manifest_sha256,
            "last_report_date": self.reported.isoformat() if self.reported else None,
            "reported_eur": str(self.realised_own),
            "deducted_eur": str(self.deducted),
            "bundled_in_eur": str(self.bundled_in),
            "bundled_out_eur": str(self.bundled_out),
            "recovery": self.recovery or None,
            **self.figures.to_json(),
            "phase": self.phase,
            "hersteltermijn": self.hersteltermijn or None,
            "melding_date": _iso(self.melding),
            "recovery_start": _iso(self.recovery_start),
            "recovery_end": _iso(self.recovery_end),
            "obligation_basis": self.basis,
            "recovery_excess_end": _iso(self.recovery_excess_end),
            "charge_pending_eur": str(self.charge_pending),
            "lots_shortfall_eur": None if self.lots_shortfall is None else str(self.lots_shortfall),
            "lots": [lot.to_json() for lot in self.lots],
        }


@dataclass
class Status:
    as_of: datetime.date
    contracts: list[ContractStatus]
    suppliers: dict[str, Figures]
    categories: dict[str, Figures]
    years: dict[int, Figures]
    total: Figures
    conflicts: list[dict[str, object]]
    names: dict[str, str]

    def to_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "total": self.total.to_json(),
            "contracts": [c.to_json() for c in self.contracts],
            "suppliers": [{"kvk": k, "name": self.names[k], **f.to_json()} for k, f in self.suppliers.items()],
            "categories": [{"category": k, **f.to_json()} for k, f in self.categories.items()],
            "years": [{"year": k, **f.to_json()} for k, f in self.years.items()],
            "conflicts": self.conflicts,
        }


def expected(obligation: Decimal, start: datetime.date, end: datetime.date, day: datetime.date) -> Decimal:
    """Linear expectation at `day`: obligation x elapsed days / term days, capped to 0..1."""
    term = (end - start).days + 1
    elapsed = min(max((day - start).days + 1, 0), term)
    return (obligation * elapsed / term).quantize(CENT, rounding=ROUND_HALF_UP)


def overdue(start: datetime.date, end: datetime.date, reporting: str, weeks: int,
            reported: datetime.date | None, day: datetime.date) -> int:  # fmt: skip
    """Reporting periods (and the end of the term) whose report was due `weeks` after the
    period ended, before `day`, while the latest report's date lies before that period end."""
    step = PERIOD_MONTHS.get(reporting, 12)
    count, k = 0, 1
    grace, one = datetime.timedelta(weeks=weeks), datetime.timedelta(days=1)
    while True:
        period_end = min(add_months(start, step * k) - one, end)
        if period_end + grace >= day:
            return count
        if reported is None or reported < period_end:
            count += 1
        if period_end >= end:
            return count
        k += 1


def status_query() -> Select[Any]:
    """The one query `status` runs over all contracts (the benchmark prints its plan). Amounts
    come as whole cents and dates as the database gives them, converted below without
    SQLAlchemy's per-value type processing (10,000 contracts in well under a second)."""
    raw = [
        type_coerce(column, BigInteger if isinstance(column.type, Cents) else String).label(column.name)
        for column in (contracts.c.obligation, contracts.c.start_date, contracts.c.end_date, figures.c.report_date,
                       figures.c.realised, figures.c.deducted, figures.c.bundled_in, figures.c.bundled_out,
                       meldingen.c.melding_date)
    ]  # fmt: skip
    fixed = type_coerce(reports.c.obligation, BigInteger).label("fixed_obligation")  # the latest report's
    return select(
        contracts.c.number, contracts.c.contractor_kvk, contracts.c.contractor_name, contracts.c.profile_id,
        contracts.c.reporting, contracts.c.report_weeks, contracts.c.recovery_months, contracts.c.sanction_percent,
        contracts.c.manifest_sha256, *raw, fixed, contracts.c.recovery_months_excess,
        type_coerce(reports.c.lots_shortfall, BigInteger).label("lots_shortfall"),
    ).outerjoin(figures, figures.c.contract_id == contracts.c.id).outerjoin(
        reports, reports.c.id == figures.c.report_id).outerjoin(
        meldingen, meldingen.c.contract_id == contracts.c.id).order_by(contracts.c.number)  # fmt: skip


_MAY_ESTIMATE: Select[Any] = select(contracts.c.number, contracts.c.manifest, contracts.c.manifest_sha256).where(
    contracts.c.manifest.contains(ESTIMATE_KEY, autoescape=True)
)


def estimates(connection: Connection) -> tuple[set[str], set[str], dict[str, Any]]:
    """The numbers of the contracts whose stored manifest marks the obligation as an estimate
    (`contract.obligation_is_estimate`), and of those whose estimate the realisation code still
    settles: the one holder of a framework whose obligation lives at framework level owes, without
    its Afroepwaarde, the raming, and its letter gives a tekort and a boete on it (so the register
    does; twelfth reading C MAJOR-4). Only manifests that name the key are parsed. Third: the
    Terms of every such contract whose obligation follows its call-offs (`call_off_valued`), for
    its expected amount (`framework_expected`)."""
    from .figures import terms_for

    found, settled, frameworks = set(), set(), {}
    for number, text, sha in connection.execute(_MAY_ESTIMATE):
        manifest = json.loads(text)
        contract = manifest.get("contract")
        if isinstance(contract, dict) and contract.get(ESTIMATE_KEY) is True:
            found.add(number)
            terms = terms_for(sha, manifest)
            if terms.holders <= 1 and not terms.per_call_off:
                settled.add(number)
            if terms.call_off_valued:
                frameworks[number] = terms
    return found, settled, frameworks


_LATEST_LOTS: Select[Any] = (
    select(contracts.c.number, report_lots.c.lot_id, report_lots.c.call_off, report_lots.c.obligation,
           report_lots.c.realised, report_lots.c.shortfall)
    .join(figures, figures.c.contract_id == contracts.c.id)
    .join(report_lots, report_lots.c.report_id == figures.c.report_id)
    .order_by(contracts.c.number, report_lots.c.lot_id)
)  # fmt: skip
"""Per contract the lots of the report its figures use (migration 0005; none for older reports)."""


@dataclass(frozen=True, slots=True)
class LotFigures:
    """One lot of a contract's latest report as the register keeps it (`report_lots`)."""

    lot: str
    call_off: Decimal | None
    obligation: Decimal
    realised: Decimal
    shortfall: Decimal

    def to_json(self) -> dict[str, object]:
        return {
            "lot": self.lot,
            "call_off_eur": None if self.call_off is None else str(self.call_off),
            "obligation_eur": str(self.obligation),
            "realised_eur": str(self.realised),
            "shortfall_eur": str(self.shortfall),
        }


def latest_lots(connection: Connection) -> dict[str, tuple[LotFigures, ...]]:
    """Per contract number the lots of its latest report, in lot order."""
    found: dict[str, list[LotFigures]] = {}
    for number, lot, call_off, obligation, realised, shortfall in connection.execute(_LATEST_LOTS):
        found.setdefault(number, []).append(LotFigures(lot, call_off, obligation, realised, shortfall))
    return {number: tuple(lots) for number, lots in found.items()}


def framework_expected(
    terms: Any, lots: tuple[LotFigures, ...], obligation: Decimal, raming: Decimal, fixed: bool,
    start: datetime.date, end: datetime.date, day: datetime.date,
) -> Decimal:  # fmt: skip
    """The expected amount at `day` of a contract whose obligation follows its call-offs, by the
    letter's own rule (`valuation.expected_amount`, eleventh reading A MINOR-3): per lot the elapsed
    share times the larger of the raming and the obligation on the call-offs so far, never more
    than the latter. The lots' obligations are those of the latest report (`report_lots`); a report
    stored before migration 0005 that fixed the obligation has only its total, so its contract is
    then taken as one lot with the whole raming."""
    from dataclasses import replace

    from ..realisation.counting import expected_share
    from ..realisation.valuation import expected_amount

    share = expected_share(start, end, day)
    if lots or not fixed:
        owed = {lot.lot: lot.obligation for lot in lots}
        return sum(
            (expected_amount(terms, lot, owed.get(lot.id, lot.obligation_eur), share) for lot in terms.lots), ZERO
        )
    whole = replace(terms.lots[0], obligation_eur=raming)
    return expected_amount(terms, whole, obligation, share)


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _euro(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


class _Dates(dict[Any, datetime.date]):
    """Dates as the database gives them (SQLite: text) parsed once per distinct value."""

    def __missing__(self, value: Any) -> datetime.date:
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])
        self[value] = day
        return day


_SUMS = 14
"""obligation, realised, expected, charge (cents), contracts, overdue, recovery running, ended,
indicative shortfall (cents), recovery not started, PSO credit by the day and over the term, the
estimated part of the obligation (cents), what lots that may not offset add to what is to do (cents)"""


def _basis(number: str, fixed: int | None, estimated: set[str]) -> str:
    """FIXED, ESTIMATE or CALL_OFF: see ContractStatus.basis."""
    if fixed is not None:
        return CALL_OFF
    return ESTIMATE if number in estimated else FIXED


def _one(
    r: tuple[Any, ...],
    day: datetime.date,
    dates: _Dates,
    credits: dict[str, tuple[int, int]],
    estimated: set[str],
    settled: frozenset[str] | set[str] = frozenset(),
    frameworks: dict[str, Any] | None = None,
    lots: dict[str, tuple[LotFigures, ...]] | None = None,
) -> tuple[ContractStatus, tuple[int, ...]]:
    """One contract's status, and its sums in whole cents for the groups. Amounts are whole
    cents here (exact integers; the expectation rounds half up like `realisatie`), so the groups
    add integers and become Decimal euros once. A framework holder's obligation is the one its
    latest report fixed from the Afroepwaarde where it did, else the estimate (`estimated`); where
    that fixed amount exceeds the raming (the contract's stored amount), the part of the tekort up
    to the excess has the longer Hersteltermijn (see the module's docstring). The expectation of
    a contract whose obligation follows its call-offs (`frameworks`) is the letter's
    (`framework_expected`); of any other, the elapsed share times the obligation, which is what
    `valuation.expected_amount` gives for it."""
    (number, kvk, name, category, reporting, weeks, recovery_months, sanction, sha,
     obligation, start_raw, end_raw, reported_raw, own, deducted, bundled_in, bundled_out, melding_raw,
     fixed, excess_months, lots_shortfall) = r  # fmt: skip
    basis = _basis(number, fixed, estimated)
    raming = obligation
    obligation = obligation if fixed is None else fixed
    excess = obligation - raming if basis == CALL_OFF else 0
    estimate = obligation if basis == ESTIMATE else 0
    own, deducted, bundled_in, bundled_out = own or 0, deducted or 0, bundled_in or 0, bundled_out or 0
    realised = own - deducted + bundled_in - bundled_out
    start, end = dates[start_raw], dates[end_raw]
    reported = None if reported_raw is None else dates[reported_raw]
    term = (end - start).days + 1
    elapsed = min(max((day - start).days + 1, 0), term)
    expected_c = (2 * obligation * elapsed + term) // (2 * term)  # half up, as expected() does
    own_lots = (lots or {}).get(number, ())
    terms = (frameworks or {}).get(number)
    if terms is not None:
        framework = framework_expected(terms, own_lots, _euro(obligation), _euro(raming), fixed is not None,
                                       start, end, day)  # fmt: skip
        expected_c = int(framework.scaleb(2))
    late = overdue(start, end, reporting, weeks, reported, day)
    melding = None if melding_raw is None else dates[melding_raw]
    recovery, running, ended, pending, charge, charge_pending = "", 0, 0, 0, ZERO, ZERO
    longer = None if melding is None or excess <= 0 else add_months(melding, excess_months or 2 * recovery_months)
    pso, pso_term = credits.get(number, (0, 0))
    remaining = obligation - pso_term - realised
    apart = 0
    if lots_shortfall is not None and lots_shortfall > max(remaining, 0):
        # lots that may not offset each other: a surplus on one hides no tekort on another (the
        # letter's lots); the totals' cuts and bundling can only make the tekort larger, never smaller
        apart = lots_shortfall - max(remaining, 0)
        remaining = lots_shortfall
    # no tekort (nor boete) on an estimate, as the letter says: the holder owes the percentage of
    # its real call-offs, or each call-off is settled on its own (lawyer7 MAJOR-1); but the one
    # holder of a framework-level obligation owes the raming until it gives its Afroepwaarde, and
    # its letter settles on that (`settled`; twelfth reading C MAJOR-4)
    open_estimate = basis == ESTIMATE and number not in settled
    indicative = remaining if day > end and remaining > 0 and not open_estimate else 0
    if indicative:
        if melding is None or day <= melding:
            pending = 1  # no written melding yet: the Hersteltermijn has not started
        elif day <= add_months(melding, recovery_months):
            recovery, running = "loopt", 1
        elif longer is not None and day <= longer:
            # the longer term still runs for the part above the raming: what counts fills the part
            # up to the raming first (raamovereenkomst.niveau), only that part's boete is shown
            recovery, running = "loopt", 1
            normal = max(raming - pso_term - realised, 0)
            charge = _boete(normal, sanction)
            charge_pending = _boete(remaining - normal, sanction)
        else:
            recovery, ended = "afgelopen", 1
            charge = _boete(remaining, sanction)
    f = Figures(_euro(obligation), _euro(realised), _euro(expected_c), charge, 1, late, running, ended,
                _euro(indicative), pending, _euro(pso), _euro(pso_term), _euro(estimate), _euro(apart))  # fmt: skip
    status_row = ContractStatus(
        number=number, kvk=kvk, contractor=name, category=category,
        year=start.year, start=start, end=end, manifest_sha256=sha,
        reported=reported, own_cents=own, deducted_cents=deducted, in_cents=bundled_in,
        out_cents=bundled_out, recovery=recovery, figures=f, melding=melding,
        recovery_months=recovery_months, as_of=day, basis=basis,
        recovery_excess_end=longer, charge_pending=charge_pending, lots=own_lots,
        lots_shortfall=None if lots_shortfall is None else _euro(lots_shortfall),
    )  # fmt: skip
    return status_row, (obligation, realised, expected_c, int(charge.scaleb(2)), 1, late, running, ended,
                        indicative, pending, pso, pso_term, estimate, apart)  # fmt: skip


def _boete(cents: int, sanction: str) -> Decimal:
    """The indicative boete of a tekort of `cents`: the sanction percentage of it, in euros."""
    return (_euro(cents) * Decimal(sanction) / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _sums(items: list[tuple[int, ...]]) -> list[int]:
    return [sum(column) for column in zip(*items, strict=True)] if items else [0] * _SUMS


def _figures(acc: list[int]) -> Figures:
    ob, real, exp, charge, count, late, running, ended, indicative, pending, pso, pso_term, estimate, apart = acc
    return Figures(_euro(ob), _euro(real), _euro(exp), _euro(charge), count, late, running, ended,
                   _euro(indicative), pending, _euro(pso), _euro(pso_term), _euro(estimate), _euro(apart))  # fmt: skip


def _group(groups: dict[Any, list[tuple[int, ...]]]) -> dict[Any, Figures]:
    return {key: _figures(_sums(groups[key])) for key in sorted(groups)}


def read_status(connection: Connection, day: datetime.date) -> Status:
    dates = _Dates()
    rows: list[ContractStatus] = []
    every: list[tuple[int, ...]] = []
    suppliers: dict[Any, list[tuple[int, ...]]] = {}
    categories: dict[Any, list[tuple[int, ...]]] = {}
    years: dict[Any, list[tuple[int, ...]]] = {}
    from .pso import credits as pso_credits

    credits = pso_credits(connection, day)
    estimated, settled, frameworks = estimates(connection)
    lots = latest_lots(connection)
    for row in connection.execute(status_query()):
        c, sums = _one(tuple(row), day, dates, credits, estimated, settled, frameworks, lots)
        rows.append(c)
        every.append(sums)
        suppliers.setdefault(c.kvk, []).append(sums)
        categories.setdefault(c.category, []).append(sums)
        years.setdefault(c.year, []).append(sums)
    found = connection.execute(
        select(conflicts).order_by(conflicts.c.contractor_kvk, conflicts.c.kandidaat, conflicts.c.first_day)
    ).all()
    return Status(
        as_of=day,
        contracts=rows,
        suppliers=_group(suppliers),
        categories=_group(categories),
        years=_group(years),
        total=_figures(_sums(every)),
        conflicts=[
            {
                "kvk": c.contractor_kvk,
                "kandidaat": c.kandidaat,
                "kind": c.kind,
                "kept_contract": c.kept_contract or None,
                "kept_row": c.kept_row or None,
                "cut_contract": c.cut_contract,
                "cut_row": c.cut_row,
                "first_day": c.first_day.isoformat(),
                "last_day": c.last_day.isoformat(),
                "hours": c.hours,
            }  # fmt: skip
            for c in found
        ],
        names={c.kvk: c.contractor for c in rows},
    )


def status(engine: Engine, day: datetime.date | None = None) -> Status:
    """The register's status at `day` (default today), read in one transaction."""
    with engine.connect() as connection:
        return read_status(connection, day or datetime.date.today())

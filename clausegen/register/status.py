"""`register status`: per contract, supplier, category and year the obligation, what counts
towards it, fulfilment, the linear expected path, overdue reports and recovery periods."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, Select, String, select, type_coerce
from sqlalchemy.engine import Connection, Engine

from .tables import Cents, conflicts, contracts, figures

PERIOD_MONTHS = {"per kwartaal": 3, "halfjaarlijks": 6, "jaarlijks": 12}
"""Months per reporting period, by the manifest's `reporting` setting."""
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
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

    def add(self, other: Figures) -> None:
        self.obligation += other.obligation
        self.realised += other.realised
        self.expected += other.expected
        self.charge += other.charge
        self.contracts += other.contracts
        self.overdue_reports += other.overdue_reports
        self.recovery_running += other.recovery_running
        self.recovery_ended += other.recovery_ended

    @property
    def fulfilment(self) -> Decimal | None:
        if not self.obligation:
            return None
        return (self.realised * 100 / self.obligation).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def shortfall(self) -> Decimal:
        """Behind the linear expectation (as `realisatie` computes it)."""
        return max(self.expected - self.realised, ZERO)

    @property
    def remaining(self) -> Decimal:
        """Still to realise until the whole obligation is met."""
        return max(self.obligation - self.realised, ZERO)

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
    realised_own: Decimal
    deducted: Decimal
    bundled_in: Decimal
    bundled_out: Decimal
    recovery: str
    """"" (term or no shortfall), "loopt" or "afgelopen"."""
    figures: Figures = field(default_factory=Figures)

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
    while True:
        period_end = min(add_months(start, step * k) - datetime.timedelta(days=1), end)
        if period_end + datetime.timedelta(weeks=weeks) >= day:
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
                       figures.c.realised, figures.c.deducted, figures.c.bundled_in, figures.c.bundled_out)
    ]  # fmt: skip
    return select(
        contracts.c.number, contracts.c.contractor_kvk, contracts.c.contractor_name, contracts.c.profile_id,
        contracts.c.reporting, contracts.c.report_weeks, contracts.c.recovery_months, contracts.c.sanction_percent,
        contracts.c.manifest_sha256, *raw,
    ).outerjoin(figures, figures.c.contract_id == contracts.c.id).order_by(contracts.c.number)  # fmt: skip


def _euro(cents: int | None) -> Decimal:
    return ZERO if cents is None else Decimal(int(cents)).scaleb(-2)


def _date(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def _one(r: tuple[Any, ...], day: datetime.date) -> ContractStatus:
    (number, kvk, name, category, reporting, weeks, recovery_months, sanction, sha,
     obligation_c, start_raw, end_raw, reported_raw, own_c, deducted_c, in_c, out_c) = r  # fmt: skip
    own, deducted = _euro(own_c), _euro(deducted_c)
    bundled_in, bundled_out = _euro(in_c), _euro(out_c)
    obligation = _euro(obligation_c)
    start, end = _date(start_raw), _date(end_raw)
    reported = None if reported_raw is None else _date(reported_raw)
    f = Figures(obligation=obligation, realised=own - deducted + bundled_in - bundled_out, contracts=1)
    f.expected = expected(obligation, start, end, day)
    f.overdue_reports = overdue(start, end, reporting, weeks, reported, day)
    recovery = ""
    if day > end and f.remaining > 0:
        if day <= add_months(end, recovery_months):
            recovery, f.recovery_running = "loopt", 1
        else:
            recovery, f.recovery_ended = "afgelopen", 1
            f.charge = (f.remaining * Decimal(sanction) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return ContractStatus(
        number=number, kvk=kvk, contractor=name, category=category,
        year=start.year, start=start, end=end, manifest_sha256=sha,
        reported=reported, realised_own=own, deducted=deducted, bundled_in=bundled_in,
        bundled_out=bundled_out, recovery=recovery, figures=f,
    )  # fmt: skip


def _group(items: Iterable[tuple[Any, Figures]]) -> dict[Any, Figures]:
    groups: dict[Any, Figures] = {}
    for key, f in items:
        groups.setdefault(key, Figures()).add(f)
    return dict(sorted(groups.items()))


def read_status(connection: Connection, day: datetime.date) -> Status:
    rows = [_one(tuple(row), day) for row in connection.execute(status_query())]
    total = Figures()
    for c in rows:
        total.add(c.figures)
    found = connection.execute(
        select(conflicts).order_by(conflicts.c.contractor_kvk, conflicts.c.kandidaat, conflicts.c.first_day)
    ).all()
    return Status(
        as_of=day,
        contracts=rows,
        suppliers=_group((c.kvk, c.figures) for c in rows),
        categories=_group((c.category, c.figures) for c in rows),
        years=_group((c.year, c.figures) for c in rows),
        total=total,
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
            }  # fmt: skip
            for c in found
        ],
        names={c.kvk: c.contractor for c in rows},
    )


def status(engine: Engine, day: datetime.date | None = None) -> Status:
    """The register's status at `day` (default today), read in one transaction."""
    with engine.connect() as connection:
        return read_status(connection, day or datetime.date.today())

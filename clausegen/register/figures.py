"""The register's figures per contract: the realisation code's value of the latest report,
less what the cross-contract rules take away (bundle.allocate), plus or minus bundling. They
are recomputed for all of a supplier's contracts in the transaction that changes any of them."""

from __future__ import annotations

import datetime
import json
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from .bundle import Cut, Stint, allocate, bundle
from .tables import conflicts, contracts, figures, meldingen, report_lots, report_rows, reports

PERSONAL_KINDS = frozenset({"plaatsing", "leerwerkplek"})
"""Block kinds whose rows are about a candidate, and so fall under overlap-once and the cap."""
DEFAULT_CAP_MONTHS = 24


@dataclass(frozen=True)
class Stored:
    """One contract's latest report as the register holds it."""

    number: str
    manifest: dict[str, Any]
    manifest_sha256: str
    obligation: Decimal
    bundling: bool
    report_id: int
    report_date: datetime.date
    realised: Decimal
    rows: tuple[Any, ...]
    """The realisation code's ReportRow for every readable row."""
    values: dict[int, Any]
    """RowValue per row number, as the realisation code gives it."""
    melding: datetime.date | None = None
    """The recorded melding of the contract's tekort (its Hersteltermijn counts), or None."""


CACHE_SIZE = 4096
"""Valuations of stored reports kept per process (a report version never changes)."""
_valued: OrderedDict[tuple[str, int, str, str, datetime.date, datetime.date | None], tuple[tuple[Any, ...], Any]] = (
    OrderedDict()
)
_ROWS_OF = (
    select(report_rows)
    .where(report_rows.c.report_id.in_(bindparam("ids", expanding=True)))
    .order_by(report_rows.c.report_id, report_rows.c.row)
)


_terms: OrderedDict[str, Any] = OrderedDict()


def terms_for(sha256: str, manifest: dict[str, Any]) -> Any:
    """A contract's Terms (the realisation code's reading of its manifest), read once per
    manifest in this process: `sha256` is that of the manifest file, so it names its content."""
    terms = _terms.get(sha256)
    if terms is None:
        from ..realisation.terms import terms_from_manifest

        terms = _terms[sha256] = terms_from_manifest(manifest)
        while len(_terms) > CACHE_SIZE:
            _terms.popitem(last=False)
    return terms


Key = tuple[str, int, str, str, datetime.date, datetime.date | None]


def cache_key(
    connection: Connection,
    report_id: int,
    source_sha256: str,
    manifest_sha256: str,
    day: datetime.date,
    melding: datetime.date | None = None,
) -> Key:
    """What a valuation depends on: the report file's and the manifest's content, the date and the
    recorded melding (the database and report id too, so a report id reused after a deletion is
    never confused)."""
    return (str(connection.engine.url), report_id, source_sha256, manifest_sha256, day, melding)


def valued(
    terms: Any,
    readable: Sequence[Any],
    refused: Sequence[Any],
    day: datetime.date,
    melding: datetime.date | None = None,
    call_off: Any = None,
) -> Any:
    """A stored report valued as `clausegen realisatie` values it on the same contract folder and
    file with `--melding` (the contract's recorded melding, if any) and the Afroepwaarde: the
    Hersteltermijn that the melding started counts, and a melding without a tekort leaves the
    valuation without one (as the letter does; twelfth reading C MAJOR-4)."""
    from ..realisation import value_report
    from ..realisation.valuation import value_report as with_dates

    plain = value_report(terms, readable, day, refused, call_off=call_off)
    if melding is None or (plain.shortfall_eur is not None and plain.shortfall_eur <= 0):
        return plain
    # the register records a work's melding against its planned end (it knows no oplevering), so
    # the dates are not checked again here: `register melding` did
    return with_dates(terms, readable, day, refused, melding=melding, call_off=call_off)


def toward(valuation: Any) -> Decimal:
    """What a valuation counts towards the obligation: the value on the lots that carry one. Work
    on a lot without an obligation is voluntary: it fills no other lot's obligation unless the
    valuation moved it there (its transfers already sit in the lots' tekort, not in their value),
    so it is not part of what the register counts (twelfth reading C MAJOR-4)."""
    return sum((lot.realised_eur for lot in valuation.lots if lot.obligation_eur > 0), Decimal("0.00"))


def lots_apart(terms: Any) -> bool:
    """Whether the contract has two or more lots with an obligation that may not offset each other
    (terms.offsetting False): then a surplus on one lot fills no tekort on another, and the register
    settles the lots one by one, as the letter does."""
    return not terms.offsetting and sum(1 for lot in terms.lots if lot.obligation_eur > 0) >= 2


def _lot_shortfall(lot: Any) -> Decimal:
    """A lot's tekort as the letter has it: the obligation less the PSO credit over the Looptijd
    and what counts, at least 0 (`remaining_eur`; for an obligation not fixed, without the credit)."""
    remaining: Decimal | None = lot.remaining_eur
    if remaining is not None:
        return remaining
    return max(Decimal(lot.obligation_eur) - Decimal(lot.realised_eur), Decimal("0.00"))


_DELETE_LOTS = delete(report_lots).where(report_lots.c.report_id == bindparam("rid"))
_SET_LOTS_SHORTFALL = update(reports).where(reports.c.id == bindparam("rid")).values(lots_shortfall=bindparam("sum"))
_CALL_OFFS = select(report_lots.c.report_id, report_lots.c.lot_id, report_lots.c.call_off).where(
    report_lots.c.report_id.in_(bindparam("ids", expanding=True))
)


def store_lots(
    connection: Connection, report_id: int, valuation: Any, call_off: dict[str, Decimal] | None
) -> Decimal | None:
    """Keep per lot of a stored report the Afroepwaarde it was valued with (`call_off`; NULL for a
    lot without one) and the lot's obligation, what counts on it and its tekort, and on the report
    the sum of the lots' tekort where its lots may not offset each other (migration 0005), which
    it returns (None where the lots may offset, or fewer than two carry an obligation)."""
    connection.execute(_DELETE_LOTS, {"rid": report_id})
    rows = [
        {"report_id": report_id, "lot_id": lot.id, "call_off": None if call_off is None else call_off.get(lot.id),
         "obligation": lot.obligation_eur, "realised": lot.realised_eur, "shortfall": _lot_shortfall(lot)}
        for lot in valuation.lots
    ]  # fmt: skip
    if rows:
        connection.execute(insert(report_lots), rows)
    apart = valuation.terms is not None and lots_apart(valuation.terms) and valuation.obligation_fixed
    total = sum((_lot_shortfall(lot) for lot in valuation.lots if lot.obligation_eur > 0), Decimal("0.00"))
    connection.execute(_SET_LOTS_SHORTFALL, {"rid": report_id, "sum": total if apart else None})
    return total if apart else None


def refresh_lots(
    connection: Connection, report_id: int, valuation: Any, call_off: dict[str, Decimal] | None, known: bool
) -> tuple[bool, Decimal | None]:
    """`store_lots` for a report valued again, where the register knows what it was valued with
    (`known`): its lots were stored (since migration 0005), or it fixed no obligation from an
    Afroepwaarde. A report stored before 0005 that did fix one keeps no lots: its Afroepwaarde is
    not known, so it keeps today's figures (store the report again to fix it). Returns whether it
    stored them, and the report's `lots_shortfall`."""
    if not known:
        return False, None
    return True, store_lots(connection, report_id, valuation, call_off)


def stored_call_offs(connection: Connection, report_ids: Sequence[int]) -> dict[int, dict[str, Decimal] | None]:
    """The Afroepwaarde each stored report was valued with, per lot, by report id: only the reports
    stored since migration 0005 have an entry (None where no lot had one: valued without)."""
    found: dict[int, dict[str, Decimal] | None] = {}
    if report_ids:
        for report_id, lot_id, value in connection.execute(_CALL_OFFS, {"ids": list(report_ids)}):
            known = found.setdefault(report_id, None)
            if value is not None:
                found[report_id] = {**(known or {}), lot_id: value}
    return found


def remember(connection: Connection, key: Key, rows: Sequence[Any], valuation: Any) -> None:
    """Keep a report's rows and valuation for later refreshes of its supplier in this process."""
    _valued[key] = (tuple(rows), valuation)
    while len(_valued) > CACHE_SIZE:
        _valued.popitem(last=False)


def forget() -> None:
    """Empty the per-process caches (`recompute` values everything from the stored rows)."""
    _valued.clear()
    _terms.clear()


def _as_rows(stored: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    from ..realisation.rows import Refused, ReportRow

    readable, refused = [], []
    for r in stored:
        if r.refused:
            refused.append(Refused(row=r.row, reason=r.reason))
            continue
        readable.append(
            ReportRow(
                row=r.row,
                perceel=r.perceel,
                kandidaat=r.kandidaat,
                bouwblok=r.bouwblok,
                uren_per_week=Decimal(r.uren_per_week) if r.uren_per_week else None,
                van=r.van,
                tot=r.tot,
                toeslagen=tuple(t for t in r.toeslagen.split(",") if t),
                bedrag_eur=Decimal(r.bedrag_eur) if r.bedrag_eur else None,
                toelichting=r.toelichting,
            )
        )
    return readable, refused


def stored_rows_of(connection: Connection, report_ids: Sequence[int]) -> dict[int, tuple[list[Any], list[Any]]]:
    """The rows of several stored reports in one query, back as ReportRow and Refused."""
    grouped: dict[int, list[Any]] = {i: [] for i in report_ids}
    if report_ids:
        for r in connection.execute(_ROWS_OF, {"ids": list(report_ids)}):
            grouped[r.report_id].append(r)
    return {i: _as_rows(rows) for i, rows in grouped.items()}


def stored_rows(connection: Connection, report_id: int) -> tuple[list[Any], list[Any]]:
    """The rows of a stored report, back as the realisation code's ReportRow and Refused."""
    return stored_rows_of(connection, [report_id])[report_id]


def value_stored(
    connection: Connection,
    manifest: dict[str, Any],
    report_id: int,
    report_date: datetime.date,
    melding: datetime.date | None = None,
) -> Any:
    """The valuation of a stored report, recomputed from its stored rows by `realisatie`'s code
    (with the contract's recorded `melding`, as `realisatie --melding`, and the Afroepwaarde the
    report was valued with when it was stored)."""
    from ..realisation.terms import terms_from_manifest

    readable, refused = stored_rows(connection, report_id)
    call_off = stored_call_offs(connection, [report_id]).get(report_id)
    return valued(terms_from_manifest(manifest), readable, refused, report_date, melding, call_off)


def _newest(kvk: str | None) -> Any:
    """Each contract (of supplier `:kvk`, or all) with its newest report: the version is found
    per contract through the (contract_id, version) index, so the plan never scans `reports`."""
    newer = reports.alias("newer")
    newest = select(func.max(newer.c.version)).where(newer.c.contract_id == contracts.c.id).scalar_subquery()
    query = (
        select(
            contracts,
            reports.c.id.label("report_id"),
            reports.c.report_date,
            reports.c.realised.label("stored"),
            reports.c.source_sha256,
            reports.c.obligation.label("fixed_obligation"),
            meldingen.c.melding_date.label("melding"),
        )
        .join(reports, reports.c.contract_id == contracts.c.id)
        .outerjoin(meldingen, meldingen.c.contract_id == contracts.c.id)
        .where(reports.c.version == newest)
    )
    if kvk is not None:
        query = query.where(contracts.c.contractor_kvk == bindparam("kvk"))
    return query.order_by(contracts.c.contractor_kvk, contracts.c.number)


LATEST_OF_SUPPLIER = _newest("kvk")
LATEST_OF_ALL = _newest(None)
_CANDIDATES = (
    select(report_rows.c.report_id, report_rows.c.kandidaat)
    .where(report_rows.c.report_id.in_(bindparam("ids", expanding=True)) & (report_rows.c.kandidaat != ""))
    .distinct()
)


def _latest(connection: Connection, found: Sequence[Any], known: dict[int, Any], cached: bool = True) -> list[Stored]:
    """The latest report of each of the supplier's contracts (`found`, rows of `_newest`). Only
    contracts that share a candidate number with another of them are valued again here (the
    cross-contract rules need the days each row counted); the others keep the value stored with
    their report, which the same code computed from the same rows. `cached`: reuse a valuation
    this process made of the same stored report under the same manifest and date."""
    seen: dict[str, set[int]] = {}
    if len(found) > 1:
        for report_id, kandidaat in connection.execute(_CANDIDATES, {"ids": [row.report_id for row in found]}):
            seen.setdefault(kandidaat, set()).add(report_id)
    shared = {report_id for ids in seen.values() if len(ids) > 1 for report_id in ids}
    hits: dict[int, tuple[tuple[Any, ...], Any]] = {}
    if cached:
        for row in found:
            if row.report_id in shared:
                hit = _valued.get(
                    cache_key(connection, row.report_id, row.source_sha256, row.manifest_sha256, row.report_date,
                              row.melding)
                )  # fmt: skip
                if hit is not None:
                    hits[row.report_id] = hit
    loaded = stored_rows_of(connection, sorted(shared - set(hits)))
    call_offs = stored_call_offs(connection, sorted(shared - set(hits) - set(known)))
    result = []
    for row in found:
        manifest = json.loads(row.manifest)
        if row.report_id in hits:
            readable_rows, valuation = hits[row.report_id]
            readable = list(readable_rows)
        elif row.report_id in shared:
            readable, refused = loaded[row.report_id]
            valuation = known.get(row.report_id)
            if valuation is None:
                terms = terms_for(row.manifest_sha256, manifest)
                valuation = valued(terms, readable, refused, row.report_date, row.melding,
                                   call_offs.get(row.report_id))  # fmt: skip
            if cached:
                key = cache_key(connection, row.report_id, row.source_sha256, row.manifest_sha256, row.report_date,
                                row.melding)  # fmt: skip
                remember(connection, key, readable, valuation)
        if row.report_id in shared:
            realised, values = toward(valuation), {v.row: v for v in valuation.rows}
        else:
            readable, realised, values = [], row.stored, {}
        result.append(
            Stored(
                number=row.number,
                manifest=manifest,
                manifest_sha256=row.manifest_sha256,
                obligation=row.obligation if row.fixed_obligation is None else row.fixed_obligation,
                bundling=row.bundling,
                report_id=row.report_id,
                report_date=row.report_date,
                realised=realised,
                rows=tuple(readable),
                values=values,
                melding=row.melding,
            )
        )
    return result


def _kinds(manifest: dict[str, Any]) -> dict[str, str]:
    blocks = ((manifest.get("valuation") or {}).get("value_table") or {}).get("blocks") or []
    return {str(b.get("id")): str(b.get("kind")) for b in blocks}


def _cap(manifest: dict[str, Any]) -> int:
    settings = (manifest.get("valuation") or {}).get("settings") or {}
    return int(settings.get("max_months_per_candidate") or DEFAULT_CAP_MONTHS)


def stints(latest: Sequence[Stored]) -> list[Stint]:
    """The days each counted candidate row was valued for, over all given contracts."""
    result = []
    for stored in latest:
        kinds, cap = _kinds(stored.manifest), _cap(stored.manifest)
        # a lot without an obligation is not in what the register counts (`toward`), so no cut comes off it
        voluntary = {
            lot.id for lot in terms_for(stored.manifest_sha256, stored.manifest).lots if lot.obligation_eur <= 0
        }
        full = Fraction(terms_for(stored.manifest_sha256, stored.manifest).hours_per_week)
        for row in stored.rows:
            value = stored.values.get(row.row)
            if value is None or not value.counted or kinds.get(row.bouwblok) not in PERSONAL_KINDS:
                continue
            if value.lot in voluntary:
                continue
            if not row.kandidaat or row.van is None:
                continue
            for first, last, hours in value.pieces:
                own = min(Fraction(row.uren_per_week), full) if row.uren_per_week is not None else None
                result.append(Stint(stored.number, row.row, row.kandidaat, first, last, cap, row.van, hours, full, own))
    return result


def cut_value(stored: Stored, cut: Cut) -> Decimal:
    """What the days of a cut are worth in that contract: its row valued for those days only, with
    the hours per week the cut takes (all the row counted there where the cut names none)."""
    from dataclasses import replace

    from ..realisation.valuation import value_report

    row = next(r for r in stored.rows if r.row == cut.row)
    valuation = value_report(
        terms_for(stored.manifest_sha256, stored.manifest),
        [
            replace(
                row, van=cut.first, tot=cut.last, **({} if cut.hours is None else {"uren_per_week": _hours(cut.hours)})
            )
        ],
        stored.report_date,
        melding=stored.melding,
    )
    return sum((v.value_eur for v in valuation.rows if v.counted), Decimal("0.00"))


def _hours(hours: Fraction) -> Decimal:
    """A cut's hours per week as the row's Decimal (exact where the fraction has a finite decimal)."""
    return Decimal(hours.numerator) / Decimal(hours.denominator)


_SUPPLIER_IDS = select(contracts.c.id).where(contracts.c.contractor_kvk == bindparam("kvk"))
_DELETE_FIGURES = delete(figures).where(figures.c.contract_id.in_(_SUPPLIER_IDS.scalar_subquery()))
_DELETE_CONFLICTS = delete(conflicts).where(conflicts.c.contractor_kvk == bindparam("kvk"))
_INSERT_FIGURES = insert(figures)
_INSERT_CONFLICTS = insert(conflicts)


def supplier_figures(
    connection: Connection, kvk: str, found: Sequence[Any], known: dict[int, Any], cached: bool = True
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The `figures` and `conflicts` rows of supplier `kvk`, computed from its contracts' latest
    reports (`found`, rows of the latest-report query) without writing anything."""
    latest = _latest(connection, found, known, cached)
    ids = {row.number: row.id for row in found}
    by_number = {s.number: s for s in latest}
    cuts = allocate(stints(latest))
    deducted = {s.number: Decimal("0.00") for s in latest}
    for cut in cuts:
        deducted[cut.contract] += cut_value(by_number[cut.contract], cut)
    net = {s.number: s.realised - deducted[s.number] for s in latest}
    moved = bundle([(s.number, s.obligation, net[s.number], s.bundling) for s in latest])
    figure_rows = [
        {"contract_id": ids[s.number], "report_id": s.report_id, "report_date": s.report_date,
         "realised": s.realised, "deducted": deducted[s.number],
         "bundled_in": moved[s.number][0], "bundled_out": moved[s.number][1]}
        for s in latest
    ]  # fmt: skip
    conflict_rows = [
        {"contractor_kvk": kvk, "kandidaat": cut.kandidaat, "kept_contract": cut.kept_contract,
         "kept_row": cut.kept_row, "cut_contract": cut.contract, "cut_row": cut.row, "kind": cut.kind,
         "first_day": cut.first, "last_day": cut.last, "hours": None if cut.hours is None else str(cut.hours)}
        for cut in cuts
    ]  # fmt: skip
    return figure_rows, conflict_rows


def refresh_supplier(connection: Connection, kvk: str, known: dict[int, Any] | None = None) -> None:
    """Recompute figures and conflicts of every contract of supplier `kvk` (in the caller's
    transaction); `known`: valuations just computed from the same rows, by report id."""
    found = connection.execute(LATEST_OF_SUPPLIER, {"kvk": kvk}).all()
    figure_rows, conflict_rows = supplier_figures(connection, kvk, found, known or {})
    connection.execute(_DELETE_FIGURES, {"kvk": kvk})
    connection.execute(_DELETE_CONFLICTS, {"kvk": kvk})
    if figure_rows:
        connection.execute(_INSERT_FIGURES, figure_rows)
    if conflict_rows:
        connection.execute(_INSERT_CONFLICTS, conflict_rows)


_REPORTS_OF = (
    select(reports.c.id, reports.c.report_date, reports.c.realised, reports.c.obligation)
    .where(reports.c.contract_id == bindparam("cid"))
    .order_by(reports.c.version)
)
_SET_REALISED = update(reports).where(reports.c.id == bindparam("rid")).values(realised=bindparam("new"))
_SET_ROW = (
    update(report_rows)
    .where((report_rows.c.report_id == bindparam("rid")) & (report_rows.c.row == bindparam("rno")))
    .values(value=bindparam("v"), counted=bindparam("c"), reason=bindparam("why"))
)


def revalue_contract(
    connection: Connection, cid: int, manifest_sha256: str, manifest: dict[str, Any], melding: datetime.date | None
) -> dict[int, Any]:
    """Value every stored report version of one contract again with its recorded `melding` (in
    the caller's transaction), as `realisatie --melding` values the same file: what counts in the
    Hersteltermijn now counts, with the Afroepwaarde each version was valued with when stored.
    Stores each version's value, its lots' figures and its rows' values; returns the valuations
    by report id (for `refresh_supplier`)."""
    found = connection.execute(_REPORTS_OF, {"cid": cid}).all()
    loaded = stored_rows_of(connection, [r.id for r in found])
    call_offs = stored_call_offs(connection, [r.id for r in found])
    terms = terms_for(manifest_sha256, manifest)
    known: dict[int, Any] = {}
    fixes, rows = [], []
    for r in found:
        readable, refused = loaded[r.id]
        call_off = call_offs.get(r.id)
        valuation = known[r.id] = valued(terms, readable, refused, r.report_date, melding, call_off)
        refresh_lots(connection, r.id, valuation, call_off, r.id in call_offs or r.obligation is None)
        if toward(valuation) != r.realised:
            fixes.append({"rid": r.id, "new": toward(valuation)})
        numbers = {row.row for row in readable}
        rows += [
            {"rid": r.id, "rno": v.row, "v": v.value_eur, "c": bool(v.counted), "why": v.reason}
            for v in valuation.rows
            if v.row in numbers
        ]
    if fixes:
        connection.execute(_SET_REALISED, fixes)
    if rows:
        connection.execute(_SET_ROW, rows)
    return known

"""The register's figures per contract: the realisation code's value of the latest report,
less what the cross-contract rules take away (bundle.allocate), plus or minus bundling. They
are recomputed for all of a supplier's contracts in the transaction that changes any of them."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from .bundle import Cut, Stint, allocate, bundle
from .tables import conflicts, contracts, figures, report_rows, reports

PERSONAL_KINDS = frozenset({"plaatsing", "leerwerkplek"})
"""Block kinds whose rows are about a candidate, and so fall under overlap-once and the cap."""
DEFAULT_CAP_MONTHS = 24


@dataclass(frozen=True)
class Stored:
    """One contract's latest report as the register holds it."""

    number: str
    manifest: dict[str, Any]
    obligation: Decimal
    bundling: bool
    report_id: int
    report_date: datetime.date
    realised: Decimal
    rows: tuple[Any, ...]
    """The realisation code's ReportRow for every readable row."""
    values: dict[int, Any]
    """RowValue per row number, as the realisation code gives it."""


def stored_rows(connection: Connection, report_id: int) -> tuple[list[Any], list[Any]]:
    """The rows of a stored report, back as the realisation code's ReportRow and Refused."""
    from ..realisation.rows import Refused, ReportRow

    readable, refused = [], []
    for r in connection.execute(
        select(report_rows).where(report_rows.c.report_id == report_id).order_by(report_rows.c.row)
    ):
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


def value_stored(connection: Connection, manifest: dict[str, Any], report_id: int, report_date: datetime.date) -> Any:
    """The valuation of a stored report, recomputed from its stored rows by `realisatie`'s code."""
    from ..realisation import value_report

    readable, refused = stored_rows(connection, report_id)
    return value_report(manifest, readable, report_date, refused)


def _latest(connection: Connection, kvk: str, known: dict[int, Any]) -> list[Stored]:
    """The latest report of each of the supplier's contracts. Only contracts that share a
    candidate number with another of them are valued again here (the cross-contract rules need
    the days each row counted); the others keep the value stored with their report, which the
    same code computed from the same rows."""
    newest = (
        select(reports.c.contract_id, func.max(reports.c.version).label("version"))
        .join(contracts, contracts.c.id == reports.c.contract_id)
        .where(contracts.c.contractor_kvk == kvk)
        .group_by(reports.c.contract_id)
        .subquery()
    )
    query = (
        select(contracts, reports.c.id.label("report_id"), reports.c.report_date, reports.c.realised.label("stored"))
        .join(newest, newest.c.contract_id == contracts.c.id)
        .join(reports, (reports.c.contract_id == newest.c.contract_id) & (reports.c.version == newest.c.version))
        .order_by(contracts.c.number)
    )
    found = connection.execute(query).all()
    candidates = connection.execute(
        select(report_rows.c.report_id, report_rows.c.kandidaat)
        .where(report_rows.c.report_id.in_([row.report_id for row in found]) & (report_rows.c.kandidaat != ""))
        .distinct()
    ).all()
    seen: dict[str, set[int]] = {}
    for report_id, kandidaat in candidates:
        seen.setdefault(kandidaat, set()).add(report_id)
    shared = {report_id for ids in seen.values() if len(ids) > 1 for report_id in ids}
    result = []
    for row in found:
        manifest = json.loads(row.manifest)
        if row.report_id in shared:
            readable, refused = stored_rows(connection, row.report_id)
            valuation = known.get(row.report_id)
            if valuation is None:
                from ..realisation import value_report

                valuation = value_report(manifest, readable, row.report_date, refused)
            realised, values = valuation.realised_eur, {v.row: v for v in valuation.rows}
        else:
            readable, realised, values = [], row.stored, {}
        result.append(
            Stored(
                number=row.number,
                manifest=manifest,
                obligation=row.obligation,
                bundling=row.bundling,
                report_id=row.report_id,
                report_date=row.report_date,
                realised=realised,
                rows=tuple(readable),
                values=values,
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
        for row in stored.rows:
            value = stored.values.get(row.row)
            if value is None or not value.counted or kinds.get(row.bouwblok) not in PERSONAL_KINDS:
                continue
            if not row.kandidaat or row.van is None:
                continue
            for first, last in value.spans:
                result.append(Stint(stored.number, row.row, row.kandidaat, first, last, cap, row.van))
    return result


def cut_value(stored: Stored, cut: Cut) -> Decimal:
    """What the days of a cut are worth in that contract: its row valued for those days only."""
    from dataclasses import replace

    from ..realisation import value_report

    row = next(r for r in stored.rows if r.row == cut.row)
    valuation = value_report(stored.manifest, [replace(row, van=cut.first, tot=cut.last)], stored.report_date)
    return sum((v.value_eur for v in valuation.rows if v.counted), Decimal("0.00"))


def refresh_supplier(connection: Connection, kvk: str, known: dict[int, Any] | None = None) -> None:
    """Recompute figures and conflicts of every contract of supplier `kvk` (in the caller's
    transaction); `known`: valuations just computed from the same rows, by report id."""
    latest = _latest(connection, kvk, known or {})
    by_number = {s.number: s for s in latest}
    cuts = allocate(stints(latest))
    deducted = {s.number: Decimal("0.00") for s in latest}
    for cut in cuts:
        deducted[cut.contract] += cut_value(by_number[cut.contract], cut)
    net = {s.number: s.realised - deducted[s.number] for s in latest}
    moved = bundle([(s.number, s.obligation, net[s.number], s.bundling) for s in latest])
    ids = dict(
        connection.execute(select(contracts.c.number, contracts.c.id).where(contracts.c.contractor_kvk == kvk)).all()
    )
    connection.execute(delete(figures).where(figures.c.contract_id.in_(list(ids.values()))))
    connection.execute(delete(conflicts).where(conflicts.c.contractor_kvk == kvk))
    for s in latest:
        connection.execute(
            insert(figures).values(
                contract_id=ids[s.number],
                report_id=s.report_id,
                report_date=s.report_date,
                realised=s.realised,
                deducted=deducted[s.number],
                bundled_in=moved[s.number][0],
                bundled_out=moved[s.number][1],
            )
        )
    for cut in cuts:
        connection.execute(
            insert(conflicts).values(
                contractor_kvk=kvk,
                kandidaat=cut.kandidaat,
                kept_contract=cut.kept_contract,
                kept_row=cut.kept_row,
                cut_contract=cut.contract,
                cut_row=cut.row,
                kind=cut.kind,
                first_day=cut.first,
                last_day=cut.last,
            )
        )

"""`register recompute`: rebuild every derived figure of the register from its stored rows, in
one transaction, and say what changed.

What the register derives and keeps (so that `status` reads one row per contract):
- `reports.realised`: each stored report version's value, by the realisation code, from its
  stored rows and its contract's stored manifest;
- `figures`: per contract the latest report's value, what the cross-contract rules deduct and
  what bundling moves in and out;
- `conflicts`: the days counted twice or over the month cap across a supplier's contracts.

Normally each write refreshes them for its supplier. After a repair by hand in the database, a
restore, or a change to the valuation code, `recompute` makes them true again: it values every
stored report afresh (no cache of this process is used) and replaces figures and conflicts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection, Engine

from .. import fmt
from . import db
from .figures import (
    LATEST_OF_ALL,
    forget,
    refresh_lots,
    stored_call_offs,
    stored_rows_of,
    supplier_figures,
    terms_for,
    toward,
    valued,
)
from .tables import conflicts, contracts, figures, meldingen, reports

BATCH = 500
"""Reports whose rows are read in one query."""
_FIGURE_COLUMNS = ("report_id", "report_date", "realised", "deducted", "bundled_in", "bundled_out")
_CONFLICT_COLUMNS = ("contractor_kvk", "kandidaat", "kept_contract", "kept_row", "cut_contract", "cut_row",
                     "kind", "first_day", "last_day", "hours")  # fmt: skip
_LABELS = {"realised": "gerealiseerd", "deducted": "afgetrokken", "bundled_in": "gebundeld in",
           "bundled_out": "gebundeld uit", "report_id": "rapportage", "report_date": "rapportagedatum"}  # fmt: skip
_ALL_REPORTS = (
    select(reports.c.id, reports.c.version, reports.c.report_date, reports.c.realised, reports.c.obligation,
           reports.c.lots_shortfall, contracts.c.number,
           contracts.c.manifest, contracts.c.manifest_sha256, meldingen.c.melding_date)
    .join(contracts, contracts.c.id == reports.c.contract_id)
    .outerjoin(meldingen, meldingen.c.contract_id == contracts.c.id)
    .order_by(reports.c.id)
)  # fmt: skip
_SET_REALISED = update(reports).where(reports.c.id == bindparam("key")).values(realised=bindparam("new"))


@dataclass(frozen=True)
class Recomputed:
    """What `recompute` did: how much it went over, and every figure it changed (Dutch lines)."""

    reports: int
    contracts: int
    suppliers: int
    changes: tuple[str, ...]


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _shown(value: object) -> str:
    if value is None:
        return "-"
    return fmt.euro(value).replace("\u00a0", " ") if isinstance(value, Decimal) else str(value)


def _revalue_reports(connection: Connection, changes: list[str]) -> tuple[int, dict[int, Any]]:
    """Value every stored report again from its rows, with its contract's recorded melding (as
    `realisatie --melding`); fix `reports.realised` (what counts towards the obligation) where it
    differs. Returns the number of reports and the valuations by report id."""
    import json

    found = connection.execute(_ALL_REPORTS).all()
    valuations: dict[int, Any] = {}
    fixes = []
    manifests: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(found, BATCH):
        rows = stored_rows_of(connection, [r.id for r in chunk])
        call_offs = stored_call_offs(connection, [r.id for r in chunk])
        for r in chunk:
            manifest = manifests.get(r.manifest_sha256)
            if manifest is None:
                manifest = manifests[r.manifest_sha256] = json.loads(r.manifest)
            readable, refused = rows[r.id]
            terms = terms_for(r.manifest_sha256, manifest)
            # with the Afroepwaarde the report was valued with when stored (migration 0005)
            call_off = call_offs.get(r.id)
            valuation = valued(terms, readable, refused, r.report_date, r.melding_date, call_off)
            valuations[r.id] = valuation
            known = r.id in call_offs or r.obligation is None
            stored, after = refresh_lots(connection, r.id, valuation, call_off, known)
            if stored and after != r.lots_shortfall:
                changes.append(f"{r.number} versie {r.version}: tekort over de percelen "
                               f"{_shown(r.lots_shortfall)} -> {_shown(after)}")  # fmt: skip
            counted = toward(valuation)
            if counted != r.realised:
                fixes.append({"key": r.id, "new": counted})
                changes.append(f"{r.number} versie {r.version}: gerealiseerd {_shown(r.realised)} -> {_shown(counted)}")
    if fixes:
        connection.execute(_SET_REALISED, fixes)
    return len(found), valuations


def _compare(connection: Connection, new_figures: list[dict[str, Any]], new_conflicts: list[dict[str, Any]],
             changes: list[str]) -> None:  # fmt: skip
    numbers = dict(connection.execute(select(contracts.c.id, contracts.c.number)).all())
    old = {row.contract_id: row for row in connection.execute(select(figures))}
    new = {f["contract_id"]: f for f in new_figures}
    for cid in sorted(set(old) | set(new), key=lambda i: numbers.get(i, "")):
        before, after = old.get(cid), new.get(cid)
        for column in _FIGURE_COLUMNS:
            a = None if before is None else getattr(before, column)
            b = None if after is None else after[column]
            if a != b:
                changes.append(f"{numbers.get(cid, cid)}: {_LABELS[column]} {_shown(a)} -> {_shown(b)}")
    old_conflicts = {tuple(getattr(c, k) for k in _CONFLICT_COLUMNS) for c in connection.execute(select(conflicts))}
    new_set = {tuple(c[k] for k in _CONFLICT_COLUMNS) for c in new_conflicts}
    for c in sorted(old_conflicts - new_set):
        changes.append(f"conflict vervallen: KvK {c[0]} kandidaat {c[1]} {c[4]} rij {c[5]} {c[7]} t/m {c[8]}")
    for c in sorted(new_set - old_conflicts):
        changes.append(f"conflict erbij: KvK {c[0]} kandidaat {c[1]} {c[4]} rij {c[5]} {c[7]} t/m {c[8]}")


def recompute_connection(connection: Connection) -> Recomputed:
    """`recompute` inside an open write transaction."""
    forget()
    changes: list[str] = []
    count, valuations = _revalue_reports(connection, changes)
    latest = connection.execute(LATEST_OF_ALL).all()
    new_figures: list[dict[str, Any]] = []
    new_conflicts: list[dict[str, Any]] = []
    suppliers = 0
    for kvk, group in groupby(latest, key=lambda row: row.contractor_kvk):
        found = list(group)
        known = {row.report_id: valuations[row.report_id] for row in found}
        figure_rows, conflict_rows = supplier_figures(connection, kvk, found, known, cached=False)
        new_figures += figure_rows
        new_conflicts += conflict_rows
        suppliers += 1
    _compare(connection, new_figures, new_conflicts, changes)
    connection.execute(delete(figures))
    connection.execute(delete(conflicts))
    for chunk in _chunks(new_figures, BATCH):
        connection.execute(insert(figures), list(chunk))
    for chunk in _chunks(new_conflicts, BATCH):
        connection.execute(insert(conflicts), list(chunk))
    forget()
    return Recomputed(count, len(new_figures), suppliers, tuple(changes))


def recompute(engine: Engine) -> Recomputed:
    """`register recompute`: every stored report valued again from its rows, and every
    contract's figures and every conflict rebuilt from them, in one transaction."""
    with db.write(engine) as connection:
        return recompute_connection(connection)

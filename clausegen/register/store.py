"""Writing contracts into the register: add (idempotent), replace, and retention. Every call is
one transaction; a refusal changes nothing."""

from __future__ import annotations

import dataclasses
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection, Engine

from ..errors import ClausegenError
from . import db
from .manifest import Manifest, read_manifest
from .pso import note_certificate
from .tables import contract_lots, contracts, tender_lots

DEFAULT_RETENTION_YEARS = 7
"""Rows of a contract are kept this many years after its end date (the fiscal retention term of
art. 52 AWR, which also covers the contract's financial records); `register retention` deletes
older ones."""

SHOWN_CHANGES = 5
"""A refused manifest names at most this many changed keys, then how many more there are."""

Outcome = Literal["toegevoegd", "ongewijzigd", "vervangen", "aanbesteding"]


@dataclass(frozen=True)
class Added:
    number: str
    outcome: Outcome
    changes: tuple[str, ...] = ()
    estimate: Decimal | None = None
    """The recorded obligation where the manifest marks it as an estimate (a holder of a framework
    with several holders, `contract.obligation_is_estimate`): the register counts it as the
    contract's obligation, and `register add` says so (lawyer5 MINOR-9)."""


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)


# Statements built once: SQLAlchemy then compiles each once per process and every call only
# binds its values (building `.values(...)` per call cost most of `add`'s time).
_TENDER_LOT_SHA = select(tender_lots.c.tender_reference, tender_lots.c.lot_id, tender_lots.c.tender_sha256).where(
    tender_lots.c.tender_reference == bindparam("reference")
)
_INSERT_TENDER_LOT = insert(tender_lots)
_UPDATE_TENDER_LOT = update(tender_lots).where(
    (tender_lots.c.tender_reference == bindparam("key_reference")) & (tender_lots.c.lot_id == bindparam("key_lot"))
)
"""Executed with the new values as parameters: they make its SET clause."""
_CONTRACT_BY_NUMBER = select(contracts.c.id, contracts.c.manifest_sha256, contracts.c.manifest).where(
    contracts.c.number == bindparam("number")
)
_INSERT_CONTRACT = insert(contracts)
_DELETE_LOTS = delete(contract_lots).where(contract_lots.c.contract_id == bindparam("cid"))
_INSERT_LOT = insert(contract_lots)
_CONTRACT_ID = select(contracts.c.id).where(contracts.c.number == bindparam("number"))


def _store_tender_lots(connection: Connection, manifest: Manifest, replace: bool) -> None:
    """The tender's lots, in one query for what is stored and one batch for what is new."""
    stored = {
        row.lot_id: row.tender_sha256
        for row in connection.execute(_TENDER_LOT_SHA, {"reference": manifest.tender_reference})
    }
    new: list[dict[str, object]] = []
    for lot in manifest.tender_lots:
        values = {
            "tender_sha256": manifest.tender_sha256,
            "profile_id": manifest.profile_id,
            "value": lot.value,
            "obligation": lot.obligation,
            "band": lot.band,
            "instruments": lot.instruments,
            "reason": lot.reason,
        }
        sha = stored.get(lot.lot_id)
        if sha is None:
            new.append({"tender_reference": manifest.tender_reference, "lot_id": lot.lot_id, **values})
            stored[lot.lot_id] = manifest.tender_sha256
        elif sha != manifest.tender_sha256:
            if not replace:
                raise ClausegenError(
                    code="register.tender-changed",
                    params={"reference": manifest.tender_reference, "lot": lot.lot_id or "-"},
                    path=manifest.path,
                )
            connection.execute(
                _UPDATE_TENDER_LOT, {"key_reference": manifest.tender_reference, "key_lot": lot.lot_id, **values}
            )
    if new:
        connection.execute(_INSERT_TENDER_LOT, new)


def _store_lots(connection: Connection, contract_id: int, manifest: Manifest, fresh: bool = False) -> None:
    """The contract's lots in one batch (after deleting the old ones unless the contract is new)."""
    if not fresh:
        connection.execute(_DELETE_LOTS, {"cid": contract_id})
    batch = [
        {"contract_id": contract_id, "lot_id": lot.lot_id, "title": lot.title,
         "obligation": lot.obligation, "instruments": lot.instruments}
        for lot in manifest.lots
    ]  # fmt: skip
    if batch:
        connection.execute(_INSERT_LOT, batch)


def add_manifest(connection: Connection, manifest: Manifest, replace: bool = False) -> Added:
    """Record one manifest inside an open write transaction (see `add`)."""
    _store_tender_lots(connection, manifest, replace)
    if manifest.contract is None:
        return Added(manifest.tender_reference, "aanbesteding")
    row = manifest.contract
    old = connection.execute(_CONTRACT_BY_NUMBER, {"number": row["number"]}).first()
    if old is None:
        key = connection.execute(_INSERT_CONTRACT, {**row, "added_at": _now()}).inserted_primary_key
        assert key is not None
        _store_lots(connection, int(key[0]), manifest, fresh=True)
        note_certificate(connection, int(key[0]), manifest.data, fresh=True)
        return Added(row["number"], "toegevoegd")
    if old.manifest_sha256 == row["manifest_sha256"]:
        return Added(row["number"], "ongewijzigd")
    from .manifest import difference

    changes = tuple(difference(json.loads(old.manifest), manifest.data))
    if not replace:
        raise _changed(row["number"], changes, manifest.path)
    connection.execute(update(contracts).where(contracts.c.id == old.id).values(**row))
    _store_lots(connection, old.id, manifest)
    note_certificate(connection, old.id, manifest.data)
    from .figures import refresh_supplier

    refresh_supplier(connection, row["contractor_kvk"])
    return Added(row["number"], "vervangen", changes)


def _changed(number: str, changes: tuple[str, ...], path: Path) -> ClausegenError:
    """The refusal of a changed manifest: its first changed keys (`key: old -> new`), and how many more."""
    params: dict[str, object] = {"number": number, "changes": "; ".join(changes[:SHOWN_CHANGES])}
    if not changes:  # the same data, written differently (spacing, key order)
        return ClausegenError(code="register.contract-changed-layout", params=params, path=path)
    if len(changes) > SHOWN_CHANGES:
        params["more"] = len(changes) - SHOWN_CHANGES
        return ClausegenError(code="register.contract-changed-more", params=params, path=path)
    return ClausegenError(code="register.contract-changed", params=params, path=path)


def add(engine: Engine, folder: str | Path, replace: bool = False) -> Added:
    """`register add CONTRACT_DIR`: record a contract from its manifest, in one transaction.
    The same manifest again changes nothing; a different one is refused unless `replace`."""
    manifest = read_manifest(Path(folder))
    with db.write(engine) as connection:
        added = add_manifest(connection, manifest, replace)
    contract = manifest.data.get("contract")
    if manifest.contract is not None and isinstance(contract, dict) and contract.get("obligation_is_estimate"):
        return dataclasses.replace(added, estimate=manifest.contract["obligation"])
    return added


def contract_id(connection: Connection, number: str) -> int | None:
    return connection.execute(_CONTRACT_ID, {"number": number}).scalar()


def retention(
    engine: Engine, years: int = DEFAULT_RETENTION_YEARS, today: datetime.date | None = None, dry_run: bool = False
) -> list[str]:
    """Delete every contract (with its lots, reports, rows and figures) whose end date lies more
    than `years` years before `today`; returns their numbers."""
    if years < 1:
        raise ClausegenError(code="register.retention-years", params={"years": years})
    today = today or datetime.date.today()
    try:
        limit = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - years, day=28)
    with db.write(engine) as connection:
        old = connection.execute(
            select(contracts.c.number, contracts.c.contractor_kvk).where(contracts.c.end_date < limit)
        ).all()
        if dry_run or not old:
            return [row.number for row in old]
        from .figures import refresh_supplier
        from .tables import conflicts

        numbers = [row.number for row in old]
        connection.execute(delete(contracts).where(contracts.c.number.in_(numbers)))
        connection.execute(
            delete(conflicts).where(conflicts.c.kept_contract.in_(numbers) | conflicts.c.cut_contract.in_(numbers))
        )
        for kvk in sorted({row.contractor_kvk for row in old}):
            refresh_supplier(connection, kvk)
        return numbers

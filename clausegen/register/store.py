"""Writing contracts into the register: add (idempotent), replace, and retention. Every call is
one transaction; a refusal changes nothing."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine

from ..errors import ClausegenError
from . import db
from .manifest import Manifest, read_manifest
from .tables import contract_lots, contracts, tender_lots

DEFAULT_RETENTION_YEARS = 7
"""Rows of a contract are kept this many years after its end date (the fiscal retention term of
art. 52 AWR, which also covers the contract's financial records); `register retention` deletes
older ones."""

_CHANGED = "contract {number} staat al in het register met een ander manifest: {diff}"
_CHANGED_HINT = "controleer de map; gebruik --replace om het nieuwe manifest vast te leggen"
_TENDER_CHANGED = "aanbesteding {reference} staat al in het register met een ander plan (perceel {lot})"
_NOT_A_CONTRACT = "dit is een manifest van een aanbesteding, niet van een overeenkomst"
_RETENTION = "bewaartermijn moet 1 jaar of meer zijn, niet {years}"

Outcome = Literal["toegevoegd", "ongewijzigd", "vervangen", "aanbesteding"]


@dataclass(frozen=True)
class Added:
    number: str
    outcome: Outcome
    changes: tuple[str, ...] = ()


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)


def _store_tender_lots(connection: Connection, manifest: Manifest, replace: bool) -> None:
    for lot in manifest.tender_lots:
        key = (tender_lots.c.tender_reference == manifest.tender_reference) & (tender_lots.c.lot_id == lot.lot_id)
        row = connection.execute(select(tender_lots.c.tender_sha256).where(key)).first()
        values = {
            "tender_sha256": manifest.tender_sha256,
            "profile_id": manifest.profile_id,
            "value": lot.value,
            "obligation": lot.obligation,
            "band": lot.band,
            "instruments": lot.instruments,
            "reason": lot.reason,
        }
        if row is None:
            connection.execute(
                insert(tender_lots).values(tender_reference=manifest.tender_reference, lot_id=lot.lot_id, **values)
            )
        elif row.tender_sha256 != manifest.tender_sha256:
            if not replace:
                raise ClausegenError(
                    _TENDER_CHANGED.format(reference=manifest.tender_reference, lot=lot.lot_id or "-"),
                    path=manifest.path,
                    hint=_CHANGED_HINT,
                )
            connection.execute(update(tender_lots).where(key).values(**values))


def _store_lots(connection: Connection, contract_id: int, manifest: Manifest) -> None:
    connection.execute(delete(contract_lots).where(contract_lots.c.contract_id == contract_id))
    for lot in manifest.lots:
        connection.execute(
            insert(contract_lots).values(
                contract_id=contract_id,
                lot_id=lot.lot_id,
                title=lot.title,
                obligation=lot.obligation,
                instruments=lot.instruments,
            )
        )


def add_manifest(connection: Connection, manifest: Manifest, replace: bool = False) -> Added:
    """Record one manifest inside an open write transaction (see `add`)."""
    _store_tender_lots(connection, manifest, replace)
    if manifest.contract is None:
        return Added(manifest.tender_reference, "aanbesteding")
    row = manifest.contract
    old = connection.execute(
        select(contracts.c.id, contracts.c.manifest_sha256, contracts.c.manifest).where(
            contracts.c.number == row["number"]
        )
    ).first()
    if old is None:
        key = connection.execute(insert(contracts).values(**row, added_at=_now())).inserted_primary_key
        assert key is not None
        _store_lots(connection, int(key[0]), manifest)
        return Added(row["number"], "toegevoegd")
    if old.manifest_sha256 == row["manifest_sha256"]:
        return Added(row["number"], "ongewijzigd")
    from .manifest import difference

    changes = tuple(difference(json.loads(old.manifest), manifest.data))
    if not replace:
        shown = "; ".join(changes[:5]) + (f"; en nog {len(changes) - 5}" if len(changes) > 5 else "")
        raise ClausegenError(
            _CHANGED.format(number=row["number"], diff=shown or "opmaak"), path=manifest.path, hint=_CHANGED_HINT
        )
    connection.execute(update(contracts).where(contracts.c.id == old.id).values(**row))
    _store_lots(connection, old.id, manifest)
    from .figures import refresh_supplier

    refresh_supplier(connection, row["contractor_kvk"])
    return Added(row["number"], "vervangen", changes)


def add(engine: Engine, folder: str | Path, replace: bool = False) -> Added:
    """`register add CONTRACT_DIR`: record a contract from its manifest, in one transaction.
    The same manifest again changes nothing; a different one is refused unless `replace`."""
    manifest = read_manifest(Path(folder))
    with db.write(engine) as connection:
        return add_manifest(connection, manifest, replace)


def contract_id(connection: Connection, number: str) -> int | None:
    return connection.execute(select(contracts.c.id).where(contracts.c.number == number)).scalar()


def retention(
    engine: Engine, years: int = DEFAULT_RETENTION_YEARS, today: datetime.date | None = None, dry_run: bool = False
) -> list[str]:
    """Delete every contract (with its lots, reports, rows and figures) whose end date lies more
    than `years` years before `today`; returns their numbers."""
    if years < 1:
        raise ClausegenError(_RETENTION.format(years=years))
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

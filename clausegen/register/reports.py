"""`register report`: store a valued verantwoording as a new dated version of a contract's
report, with every row, and recompute the supplier's figures, in one transaction."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Connection, Engine

from ..files import MAX_WORKBOOK_BYTES, read_bytes
from . import db
from .figures import cache_key, refresh_supplier, remember, store_lots, terms_for, toward, valued
from .manifest import read_manifest
from .store import add_manifest, contract_id
from .tables import meldingen, report_rows, reports

_LATEST = (
    select(reports.c.version, reports.c.source_sha256, reports.c.report_date)
    .where(reports.c.contract_id == bindparam("cid"))
    .order_by(reports.c.version.desc())
    .limit(1)
)
"""The newest version of a contract's report (versions only grow, so also the highest)."""
_MELDING = select(meldingen.c.melding_date).where(meldingen.c.contract_id == bindparam("cid"))
_INSERT_REPORT = insert(reports)
_INSERT_ROWS = insert(report_rows)


@dataclass(frozen=True)
class Stored:
    number: str
    version: int
    new: bool
    valuation: Any
    """The realisation code's Valuation of this report on its own."""
    counted: Decimal = Decimal("0.00")
    """What the report counts towards the obligation (`figures.toward`: the lots that carry one), as
    the register stores it and `status` shows it (`reported_eur`)."""


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _store_rows(connection: Connection, report_id: int, read: Any, valuation: Any) -> None:
    values = {v.row: v for v in valuation.rows}
    batch: list[dict[str, Any]] = []
    for row in read.rows:
        v = values.get(row.row)
        batch.append(
            {
                "report_id": report_id,
                "row": row.row,
                "perceel": row.perceel,
                "kandidaat": row.kandidaat,
                "bouwblok": row.bouwblok,
                "uren_per_week": _text(row.uren_per_week),
                "van": row.van,
                "tot": row.tot,
                "toeslagen": ",".join(row.toeslagen),
                "bedrag_eur": _text(row.bedrag_eur),
                "toelichting": row.toelichting,
                "value": v.value_eur if v else 0,
                "counted": bool(v and v.counted),
                "refused": False,
                "reason": v.reason if v else "",
            }
        )
    for refused in read.refused:
        empty = dict.fromkeys(("perceel", "kandidaat", "bouwblok", "uren_per_week", "toeslagen", "bedrag_eur"), "")
        batch.append(
            {
                "report_id": report_id,
                "row": refused.row,
                **empty,
                "van": None,
                "tot": None,
                "toelichting": "",
                "value": 0,
                "counted": False,
                "refused": True,
                "reason": refused.reason,
            }  # fmt: skip
        )
    if batch:
        connection.execute(_INSERT_ROWS, batch)


def fixed_obligation(valuation: Any) -> Decimal | None:
    """What a framework holder owes by its report: the percentage of the Afroepwaarde the report
    gave (its sheet Verplichting), once every lot has one; None for any other report."""
    return valuation.obligation_eur if valuation.call_off is not None and valuation.obligation_fixed else None


def store_report(
    connection: Connection, folder: Path, read: Any, source_name: str, source_sha256: str, day: datetime.date
) -> Stored:
    """Store one read report inside an open write transaction (see `report`)."""
    from ..errors import ClausegenError
    from ..realisation.afroep import combine

    manifest = read_manifest(folder)
    if manifest.contract is None:
        raise ClausegenError(code="register.tender-manifest", path=manifest.path)
    add_manifest(connection, manifest)
    number = manifest.contract["number"]
    cid = contract_id(connection, number)
    latest = connection.execute(_LATEST, {"cid": cid}).first()
    terms = terms_for(manifest.sha256, manifest.data)
    call_off, _notes = combine(terms, None, read.call_off)
    # valued as `realisatie` values it: with the recorded melding, so its Hersteltermijn counts
    melding = connection.execute(_MELDING, {"cid": cid}).scalar()
    valuation = valued(terms, read.rows, read.refused, day, melding, call_off)
    if latest is not None and latest.source_sha256 == source_sha256 and latest.report_date == day:
        return Stored(number, latest.version, False, valuation, toward(valuation))
    version = (0 if latest is None else latest.version) + 1
    key = connection.execute(
        _INSERT_REPORT,
        {
            "contract_id": cid,
            "version": version,
            "report_date": day,
            "source_name": source_name,
            "source_sha256": source_sha256,
            "realised": toward(valuation),
            "obligation": fixed_obligation(valuation),
            "added_at": datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0),
        },
    ).inserted_primary_key
    assert key is not None
    report_id = int(key[0])
    _store_rows(connection, report_id, read, valuation)
    # the Afroepwaarde it was valued with and its lots' figures, for `melding`, `recompute` and `status`
    store_lots(connection, report_id, valuation, valuation.call_off)
    key = cache_key(connection, report_id, source_sha256, manifest.sha256, day, melding)
    remember(connection, key, read.rows, valuation)
    refresh_supplier(connection, manifest.contract["contractor_kvk"], {report_id: valuation})
    return Stored(number, version, True, valuation, toward(valuation))


def report(
    engine: Engine, folder: str | Path, source: str | Path, report_date: datetime.date | None = None,
    data: bytes | None = None,
) -> Stored:  # fmt: skip
    """`register report CONTRACT_DIR REPORT`: value the report (.xlsx or .csv) with the
    contract's rules and store it as the next version; the same file on the same date again
    adds nothing. The contract is added first when the register does not hold it yet."""
    from ..realisation.reader import read_report

    source = Path(source)
    raw = read_bytes(source, "verantwoording", MAX_WORKBOOK_BYTES) if data is None else data
    read = read_report(source, raw)
    day = report_date or datetime.date.today()
    with db.write(engine) as connection:
        return store_report(connection, Path(folder), read, source.name, hashlib.sha256(raw).hexdigest(), day)

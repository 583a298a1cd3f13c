"""`register melding`: record the day the buyer notified a contract's shortfall in writing.

Under the contract (monitoring.sancties) that melding is the ingebrekestelling: only from it runs
the Hersteltermijn of `recovery_months`, and only after that term (and the voornemen and the
decision that follow it) can a boete be due. The register therefore shows a boete only for a
contract whose melding is recorded here and whose Hersteltermijn has passed (status.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Engine

from ..errors import ClausegenError
from ..fmt import datum
from . import db
from .status import add_months
from .tables import contracts, meldingen

Outcome = Literal["vastgelegd", "ongewijzigd", "vervangen"]

_CONTRACT = select(contracts.c.id, contracts.c.end_date, contracts.c.obligation, contracts.c.recovery_months).where(
    contracts.c.number == bindparam("number")
)
_STORED = select(meldingen.c.melding_date).where(meldingen.c.contract_id == bindparam("cid"))


@dataclass(frozen=True)
class Recorded:
    """What `record_melding` did, and the Hersteltermijn the melding starts."""

    number: str
    outcome: Outcome
    melding: datetime.date
    recovery_start: datetime.date
    recovery_end: datetime.date


def parse_melding_date(text: str) -> datetime.date:
    """The melding's day as the CLI gives it (JJJJ-MM-DD)."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ClausegenError(code="register.melding-date", params={"text": text[:30]}) from None


def record_melding(engine: Engine, number: str, melding: datetime.date, replace: bool = False) -> Recorded:
    """Record (in one transaction) that the shortfall of contract `number` was notified in
    writing on `melding`. The same day again changes nothing; another day replaces the stored
    one only with `replace` (a melding sent in error is corrected, never silently overwritten)."""
    with db.write(engine) as connection:
        found = connection.execute(_CONTRACT, {"number": number}).first()
        if found is None:
            raise ClausegenError(code="register.melding-unknown-contract", params={"contract": number[:120]})
        if found.obligation <= 0:
            raise ClausegenError(code="register.melding-no-obligation", params={"contract": number})
        if melding <= found.end_date:
            raise ClausegenError(
                code="register.melding-too-early", params={"melding": datum(melding), "end": datum(found.end_date)}
            )
        stored = connection.execute(_STORED, {"cid": found.id}).scalar()
        now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
        outcome: Outcome
        if stored is None:
            connection.execute(insert(meldingen), {"contract_id": found.id, "melding_date": melding, "added_at": now})
            outcome = "vastgelegd"
        elif stored == melding:
            outcome = "ongewijzigd"
        elif not replace:
            raise ClausegenError(
                code="register.melding-exists",
                params={"contract": number, "stored": datum(stored), "melding": datum(melding)},
            )
        else:
            connection.execute(
                update(meldingen).where(meldingen.c.contract_id == found.id).values(melding_date=melding, added_at=now)
            )
            outcome = "vervangen"
    return Recorded(
        number, outcome, melding, melding + datetime.timedelta(days=1), add_months(melding, found.recovery_months)
    )

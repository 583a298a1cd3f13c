"""`register melding`: record the day the buyer notified a contract's shortfall in writing.

Under the contract (monitoring.sancties) that melding is the ingebrekestelling and the aanmaning
(6:82, 6:93 BW): only from it runs the Hersteltermijn of `recovery_months`, and only after that
term (and the voornemen and the decision that follow it) can a boete be due. The register therefore
shows a boete only for a contract whose melding is recorded here and whose Hersteltermijn has
passed (status.py). Where the latest report fixed a framework holder's obligation from the
Afroepwaarde above the raming, the part of the tekort up to that excess has the longer term of
`recovery_months_excess` (raamovereenkomst.niveau); `Recorded` gives its end too."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Engine

from ..errors import ClausegenError
from ..fmt import datum
from . import db
from .figures import refresh_supplier, revalue_contract
from .status import add_months
from .tables import contracts, figures, meldingen, reports

Outcome = Literal["vastgelegd", "ongewijzigd", "vervangen"]

_CONTRACT = select(
    contracts.c.id, contracts.c.end_date, contracts.c.obligation, contracts.c.recovery_months,
    contracts.c.recovery_months_excess, reports.c.obligation.label("fixed"), contracts.c.contractor_kvk,
    contracts.c.manifest, contracts.c.manifest_sha256,
).outerjoin(figures, figures.c.contract_id == contracts.c.id).outerjoin(
    reports, reports.c.id == figures.c.report_id).where(contracts.c.number == bindparam("number"))  # fmt: skip
"""The contract, with the obligation its latest report fixed from the Afroepwaarde (or NULL)."""
_STORED = select(meldingen.c.melding_date).where(meldingen.c.contract_id == bindparam("cid"))


@dataclass(frozen=True)
class Recorded:
    """What `record_melding` did, and the Hersteltermijn the melding starts."""

    number: str
    outcome: Outcome
    melding: datetime.date
    recovery_start: datetime.date
    recovery_end: datetime.date
    recovery_excess_end: datetime.date | None = None
    """The end of the longer Hersteltermijn of the part of the tekort above the raming, where the
    latest report fixed the obligation above it; None otherwise."""


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
        if outcome != "ongewijzigd":
            # the stored reports valued again with the melding, as `realisatie --melding` values them:
            # work in the Hersteltermijn counts (twelfth reading C MAJOR-4)
            known = revalue_contract(connection, found.id, found.manifest_sha256, json.loads(found.manifest), melding)
            refresh_supplier(connection, found.contractor_kvk, known)
    longer = None
    if found.fixed is not None and found.fixed > found.obligation:
        longer = add_months(melding, found.recovery_months_excess or 2 * found.recovery_months)
    return Recorded(
        number, outcome, melding, melding + datetime.timedelta(days=1), add_months(melding, found.recovery_months),
        longer,
    )  # fmt: skip

"""The PSO credit in the register's figures: what a contract's PSO certificate fills of its
obligation, computed by the realisation code (`realisation.valuation.pso_credit`, the same
formula the realisation letter uses: the contract's share, pro rata over the calendar months of
the Looptijd in which the certificate is valid), never by a formula of the register's own.

Only contracts whose stored manifest names a PSO certificate are read (`add` notes them in the
table `pso_certificates`; the manifest's own reading then decides), so `status` over many
contracts without a certificate costs one small extra query."""

from __future__ import annotations

import datetime
import json
from typing import Any

from sqlalchemy import Select, bindparam, delete, insert, select
from sqlalchemy.engine import Connection

from .tables import contracts, pso_certificates

_WITH_CERTIFICATE: Select[Any] = select(contracts.c.number, contracts.c.manifest_sha256, contracts.c.manifest).join(
    pso_certificates, pso_certificates.c.contract_id == contracts.c.id
)
_FORGET = delete(pso_certificates).where(pso_certificates.c.contract_id == bindparam("cid"))
_NOTE = insert(pso_certificates)


def valid_until_of(manifest: object) -> datetime.date | None:
    """The last valid day of the PSO certificate a manifest credits (`valuation.pso`), or None."""
    valuation = manifest.get("valuation") if isinstance(manifest, dict) else None
    pso = valuation.get("pso") if isinstance(valuation, dict) else None
    if not isinstance(pso, dict):
        return None
    try:
        return datetime.date.fromisoformat(str(pso.get("valid_until")))
    except ValueError:
        return None


def note_certificate(connection: Connection, contract_id: int, manifest: object, fresh: bool = False) -> None:
    """Note (in the caller's transaction) whether the contract's manifest credits a certificate."""
    if not fresh:
        connection.execute(_FORGET, {"cid": contract_id})
    day = valid_until_of(manifest)
    if day is not None:
        connection.execute(_NOTE, {"contract_id": contract_id, "valid_until": day})


def credits(connection: Connection, day: datetime.date) -> dict[str, tuple[int, int]]:
    """Per contract number with a PSO credit: what the certificate fills up to `day` and over the
    whole Looptijd (as long as it stays valid), both in whole cents. A renewed certificate is not
    known to the register (only to `realisatie --pso-vernieuwd`), so only the award's one counts."""
    from ..realisation.valuation import owed, pso_credit
    from .figures import terms_for

    found: dict[str, tuple[int, int]] = {}
    for number, sha256, text in connection.execute(_WITH_CERTIFICATE):
        terms = terms_for(sha256, json.loads(text))
        if terms.pso is None:
            continue
        term = (terms.start_date, terms.end_date)
        at_day = over_term = 0
        for lot in terms.lots:
            obligation, _fixed = owed(terms, lot, None)
            at_day += int(pso_credit(terms, lot, obligation, term, day).scaleb(2))
            over_term += int(pso_credit(terms, lot, obligation, term, term[1]).scaleb(2))
        if over_term:
            found[number] = (at_day, over_term)
    return found

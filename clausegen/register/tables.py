"""The register's tables (SQLAlchemy Core). Amounts are whole cents in integers, so SQLite and
PostgreSQL store and add them exactly; the Alembic migrations in `migrations/` create them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect


class Cents(TypeDecorator[Decimal]):
    """A Decimal euro amount stored as whole cents (BIGINT): exact on every database."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:  # noqa: ARG002
        if value is None:
            return None
        return int((Decimal(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:  # noqa: ARG002
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


metadata = MetaData()

contracts = Table(
    "contracts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(120), nullable=False, unique=True),
    Column("contractor_kvk", String(8), nullable=False),
    Column("contractor_name", String(300), nullable=False),
    Column("tender_reference", String(120), nullable=False),
    Column("tender_sha256", String(64), nullable=False),
    Column("award_sha256", String(64)),
    Column("manifest_sha256", String(64), nullable=False),
    Column("profile_id", String(80), nullable=False),
    Column("profile_version", Integer, nullable=False),
    Column("library_fingerprint", String(128), nullable=False),
    Column("contract_type", String(40), nullable=False),
    Column("obligation", Cents, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("reporting", String(40), nullable=False),
    Column("report_weeks", Integer, nullable=False),
    Column("recovery_months", Integer, nullable=False),
    Column("sanction_percent", String(20), nullable=False),
    Column("bundling", Boolean, nullable=False),
    Column("manifest", Text, nullable=False),
    Column("added_at", DateTime, nullable=False),
    Column("recovery_months_excess", Integer),
)
"""`recovery_months_excess`: the longer Hersteltermijn of a framework holder for the part of its
tekort above the raming (raamovereenkomst.niveau; migration 0004); NULL reads as twice
`recovery_months`, the contract's default."""
Index("ix_contracts_kvk", contracts.c.contractor_kvk)
Index("ix_contracts_profile", contracts.c.profile_id)
Index("ix_contracts_end", contracts.c.end_date)

contract_lots = Table(
    "contract_lots",
    metadata,
    Column("contract_id", Integer, ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True),
    Column("lot_id", String(40), primary_key=True),
    Column("title", String(300), nullable=False),
    Column("obligation", Cents, nullable=False),
    Column("instruments", String(300), nullable=False),
)

tender_lots = Table(
    "tender_lots",
    metadata,
    Column("tender_reference", String(120), primary_key=True),
    Column("lot_id", String(40), primary_key=True),
    Column("tender_sha256", String(64), nullable=False),
    Column("profile_id", String(80), nullable=False),
    Column("value", Cents, nullable=False),
    Column("obligation", Cents, nullable=False),
    Column("band", Integer, nullable=False),
    Column("instruments", String(300), nullable=False),
    Column("reason", String(300), nullable=False),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("contract_id", Integer, ForeignKey("contracts.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("report_date", Date, nullable=False),
    Column("source_name", String(300), nullable=False),
    Column("source_sha256", String(64), nullable=False),
    Column("realised", Cents, nullable=False),
    Column("added_at", DateTime, nullable=False),
    Column("obligation", Cents),
    Column("lots_shortfall", Cents),
    UniqueConstraint("contract_id", "version", name="uq_reports_version"),
)
"""`obligation`: what a framework holder owes by this report, the percentage of the Afroepwaarde
the report gave (migration 0003); NULL where the report did not fix the obligation (a fixed
contract, or a holder's report without its Afroepwaarde, whose obligation stays the estimate).
`lots_shortfall`: where two or more lots carry an obligation and may not offset each other
(terms.offsetting False), the sum of the lots' tekort (`report_lots.shortfall`), so a surplus on
one lot hides no tekort on another (migration 0005); NULL otherwise, and for reports stored before."""
Index("ix_reports_contract_date", reports.c.contract_id, reports.c.report_date)

report_lots = Table(
    "report_lots",
    metadata,
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("lot_id", String(40), primary_key=True),
    Column("call_off", Cents),
    Column("obligation", Cents, nullable=False),
    Column("realised", Cents, nullable=False),
    Column("shortfall", Cents, nullable=False),
)
"""Per report version and lot (migration 0005): the Afroepwaarde the report was valued with
(`call_off`; NULL where none was given for the lot), so that `register melding` and `recompute`
value it again with the same one; and the lot's obligation, what counts on it and its tekort (the
obligation less the PSO credit over the Looptijd and what counts, at least 0), as the letter has
them. Reports stored before migration 0005 have no rows until `recompute` fills them."""

report_rows = Table(
    "report_rows",
    metadata,
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("perceel", String(40), nullable=False),
    Column("kandidaat", String(80), nullable=False),
    Column("bouwblok", String(80), nullable=False),
    Column("uren_per_week", String(20), nullable=False),
    Column("van", Date),
    Column("tot", Date),
    Column("toeslagen", String(300), nullable=False),
    Column("bedrag_eur", String(20), nullable=False),
    Column("toelichting", Text, nullable=False),
    Column("value", Cents, nullable=False),
    Column("counted", Boolean, nullable=False),
    Column("refused", Boolean, nullable=False),
    Column("reason", Text, nullable=False),  # migration 0007: a reason may cite a rule at length
)

figures = Table(
    "figures",
    metadata,
    Column("contract_id", Integer, ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("report_date", Date, nullable=False),
    Column("realised", Cents, nullable=False),
    Column("deducted", Cents, nullable=False),
    Column("bundled_in", Cents, nullable=False),
    Column("bundled_out", Cents, nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("contractor_kvk", String(8), nullable=False),
    Column("kandidaat", String(80), nullable=False),
    Column("kept_contract", String(120), nullable=False),
    Column("kept_row", Integer, nullable=False),
    Column("cut_contract", String(120), nullable=False),
    Column("cut_row", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
    Column("hours", String(40), nullable=True),
    # the hours per week the cut takes, as an exact fraction ("12", "90/7"); NULL: all the row counted
)
Index("ix_conflicts_kvk", conflicts.c.contractor_kvk)

meldingen = Table(
    "meldingen",
    metadata,
    Column("contract_id", Integer, ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True),
    Column("melding_date", Date, nullable=False),
    Column("added_at", DateTime, nullable=False),
)
"""The written melding of a shortfall per contract (monitoring.sancties): the day the buyer
notified it; the Hersteltermijn of the contract's `recovery_months` runs from that day."""

pso_certificates = Table(
    "pso_certificates",
    metadata,
    Column("contract_id", Integer, ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True),
    Column("valid_until", Date, nullable=False),
)
"""The contracts whose manifest credits a PSO certificate (`valuation.pso`), so that `status`
reads only their manifests for the credit (register/pso.py)."""

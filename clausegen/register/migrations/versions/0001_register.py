"""The first register tables: contracts, their lots, tender lots for coverage, report versions
with their rows, the figures per contract and the cross-contract conflicts.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("number", sa.String(120), nullable=False, unique=True),
        sa.Column("contractor_kvk", sa.String(8), nullable=False),
        sa.Column("contractor_name", sa.String(300), nullable=False),
        sa.Column("tender_reference", sa.String(120), nullable=False),
        sa.Column("tender_sha256", sa.String(64), nullable=False),
        sa.Column("award_sha256", sa.String(64)),
        sa.Column("manifest_sha256", sa.String(64), nullable=False),
        sa.Column("profile_id", sa.String(80), nullable=False),
        sa.Column("profile_version", sa.Integer, nullable=False),
        sa.Column("library_fingerprint", sa.String(128), nullable=False),
        sa.Column("contract_type", sa.String(40), nullable=False),
        sa.Column("obligation", sa.BigInteger, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("reporting", sa.String(40), nullable=False),
        sa.Column("report_weeks", sa.Integer, nullable=False),
        sa.Column("recovery_months", sa.Integer, nullable=False),
        sa.Column("sanction_percent", sa.String(20), nullable=False),
        sa.Column("bundling", sa.Boolean, nullable=False),
        sa.Column("manifest", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_contracts_kvk", "contracts", ["contractor_kvk"])
    op.create_index("ix_contracts_profile", "contracts", ["profile_id"])
    op.create_index("ix_contracts_end", "contracts", ["end_date"])
    op.create_table(
        "contract_lots",
        sa.Column("contract_id", sa.Integer, sa.ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("lot_id", sa.String(40), primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("obligation", sa.BigInteger, nullable=False),
        sa.Column("instruments", sa.String(300), nullable=False),
    )
    op.create_table(
        "tender_lots",
        sa.Column("tender_reference", sa.String(120), primary_key=True),
        sa.Column("lot_id", sa.String(40), primary_key=True),
        sa.Column("tender_sha256", sa.String(64), nullable=False),
        sa.Column("profile_id", sa.String(80), nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("obligation", sa.BigInteger, nullable=False),
        sa.Column("band", sa.Integer, nullable=False),
        sa.Column("instruments", sa.String(300), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contract_id", sa.Integer, sa.ForeignKey("contracts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("report_date", sa.Date, nullable=False),
        sa.Column("source_name", sa.String(300), nullable=False),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("realised", sa.BigInteger, nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("contract_id", "version", name="uq_reports_version"),
    )
    op.create_index("ix_reports_contract_date", "reports", ["contract_id", "report_date"])
    op.create_table(
        "report_rows",
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("perceel", sa.String(40), nullable=False),
        sa.Column("kandidaat", sa.String(80), nullable=False),
        sa.Column("bouwblok", sa.String(80), nullable=False),
        sa.Column("uren_per_week", sa.String(20), nullable=False),
        sa.Column("van", sa.Date),
        sa.Column("tot", sa.Date),
        sa.Column("toeslagen", sa.String(300), nullable=False),
        sa.Column("bedrag_eur", sa.String(20), nullable=False),
        sa.Column("toelichting", sa.Text, nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.Column("counted", sa.Boolean, nullable=False),
        sa.Column("refused", sa.Boolean, nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
    )
    op.create_table(
        "figures",
        sa.Column("contract_id", sa.Integer, sa.ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("report_date", sa.Date, nullable=False),
        sa.Column("realised", sa.BigInteger, nullable=False),
        sa.Column("deducted", sa.BigInteger, nullable=False),
        sa.Column("bundled_in", sa.BigInteger, nullable=False),
        sa.Column("bundled_out", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contractor_kvk", sa.String(8), nullable=False),
        sa.Column("kandidaat", sa.String(80), nullable=False),
        sa.Column("kept_contract", sa.String(120), nullable=False),
        sa.Column("kept_row", sa.Integer, nullable=False),
        sa.Column("cut_contract", sa.String(120), nullable=False),
        sa.Column("cut_row", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("first_day", sa.Date, nullable=False),
        sa.Column("last_day", sa.Date, nullable=False),
    )
    op.create_index("ix_conflicts_kvk", "conflicts", ["contractor_kvk"])


def downgrade() -> None:
    for name in ("conflicts", "figures", "report_rows", "reports", "tender_lots", "contract_lots", "contracts"):
        op.drop_table(name)

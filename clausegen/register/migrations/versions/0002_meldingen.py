"""The written melding of a shortfall per contract: it starts the Hersteltermijn, so `status` and
the council report show a boete only after it (`register melding`); and the contracts whose
manifest credits a PSO certificate, filled here from the manifests already stored.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from clausegen.register.pso import valid_until_of

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meldingen",
        sa.Column("contract_id", sa.Integer, sa.ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("melding_date", sa.Date, nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
    )
    certificates = op.create_table(
        "pso_certificates",
        sa.Column("contract_id", sa.Integer, sa.ForeignKey("contracts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("valid_until", sa.Date, nullable=False),
    )
    stored = sa.table("contracts", sa.column("id", sa.Integer), sa.column("manifest", sa.Text))
    rows = []
    for contract_id, text in op.get_bind().execute(sa.select(stored.c.id, stored.c.manifest)):
        day = valid_until_of(json.loads(text))
        if day is not None:
            rows.append({"contract_id": contract_id, "valid_until": day})
    if rows:
        op.bulk_insert(certificates, rows)


def downgrade() -> None:
    op.drop_table("pso_certificates")
    op.drop_table("meldingen")

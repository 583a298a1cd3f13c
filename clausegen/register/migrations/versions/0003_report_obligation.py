"""The obligation a report fixed: a holder of a framework with several holders owes the percentage
of its real Afroepwaarde, so a report that gives it stores what it computed (`reports.obligation`,
whole cents); NULL for every report stored before, whose obligation was the contract's.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("reports", sa.Column("obligation", sa.BigInteger, nullable=True))


def downgrade() -> None:
    op.drop_column("reports", "obligation")

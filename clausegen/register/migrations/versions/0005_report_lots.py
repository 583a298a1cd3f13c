"""Per report version and per lot what the register needs to revalue and settle it as the letter
does (second reader of the register): `report_lots` with the Afroepwaarde the report was valued
with (`call_off`, whole cents; NULL where none was given for the lot), and the lot's obligation,
what counts on it and its tekort (the obligation less the PSO credit over the Looptijd and what
counts, never below 0); and `reports.lots_shortfall`, the sum of the lots' tekort where two or
more lots carry an obligation and may not offset each other (NULL otherwise). Reports stored
before get no rows and NULL: they are valued and compared as before, until `register recompute`
(or a new version, or `register melding`) fills them from their stored rows.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_lots",
        sa.Column("report_id", sa.Integer, sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("lot_id", sa.String(40), primary_key=True),
        sa.Column("call_off", sa.BigInteger, nullable=True),
        sa.Column("obligation", sa.BigInteger, nullable=False),
        sa.Column("realised", sa.BigInteger, nullable=False),
        sa.Column("shortfall", sa.BigInteger, nullable=False),
    )
    # a plain ALTER TABLE on both databases (SQLite adds and, from 3.35, drops a column in place):
    # no batch_alter_table, whose copy-and-drop of `reports` would cascade, with the register's
    # foreign keys on, to every report's rows and figures
    op.add_column("reports", sa.Column("lots_shortfall", sa.BigInteger, nullable=True))


def downgrade() -> None:
    op.drop_column("reports", "lots_shortfall")
    op.drop_table("report_lots")

"""A cut of part of a row's hours (algemeen.telregels v8: a Kandidaat's hours in overlapping periods
count together up to a full-time week, also across one supplier's contracts): `conflicts.hours`,
the hours per week the cut takes as an exact fraction in text ("12", "90/7"); NULL for a cut of all
the row counted on those days, which is every cut stored before.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("conflicts", sa.Column("hours", sa.String(40), nullable=True))


def downgrade() -> None:
    op.drop_column("conflicts", "hours")  # in place, as 0005 does (SQLite 3.35 and later)

"""A stored row's reason without a length limit: the reasons of the fourteenth legal reading (an
existing employment or internship with its remedy, a row cut to its Nadere overeenkomst, a row
after a framework's end) can be longer than the 500 characters `report_rows.reason` allowed, which
PostgreSQL enforces. The column becomes TEXT: an ALTER on PostgreSQL, a copy of the table on SQLite
(batch mode; no table refers to `report_rows`, so the copy drops nothing else).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_rows") as batch:
        batch.alter_column("reason", type_=sa.Text, existing_type=sa.String(500), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("report_rows") as batch:
        batch.alter_column("reason", type_=sa.String(500), existing_type=sa.Text, existing_nullable=False,
                           postgresql_using="left(reason, 500)")  # fmt: skip

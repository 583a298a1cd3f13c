"""The longer Hersteltermijn of a framework holder for the part of its tekort above the raming
(raamovereenkomst.niveau v8): `contracts.recovery_months_excess`, as `add` reads it from the
manifest's `valuation.settings.recovery_months_excess`. The contracts stored before get the
setting of their stored manifest where it names one, else twice their `recovery_months` (the
contract's default for a manifest written before the setting).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _months(text: str, recovery: int) -> int:
    """The stored manifest's setting when it is a whole number of at least `recovery`, else twice `recovery`."""
    try:
        settings = json.loads(text).get("valuation", {}).get("settings", {})
        value = settings.get("recovery_months_excess") if isinstance(settings, dict) else None
    except (ValueError, AttributeError):
        value = None
    if isinstance(value, bool) or not isinstance(value, int) or value < recovery:
        return 2 * recovery
    return value


def upgrade() -> None:
    op.add_column("contracts", sa.Column("recovery_months_excess", sa.Integer, nullable=True))
    stored = sa.table(
        "contracts",
        sa.column("id", sa.Integer),
        sa.column("recovery_months", sa.Integer),
        sa.column("recovery_months_excess", sa.Integer),
        sa.column("manifest", sa.Text),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(stored.c.id, stored.c.recovery_months, stored.c.manifest)).all()
    if rows:
        bind.execute(
            stored.update().where(stored.c.id == sa.bindparam("cid")).values(recovery_months_excess=sa.bindparam("m")),
            [{"cid": contract_id, "m": _months(text, recovery)} for contract_id, recovery, text in rows],
        )


def downgrade() -> None:
    op.drop_column("contracts", "recovery_months_excess")

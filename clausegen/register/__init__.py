"""The organisation's register of contracts and their realisation (DESIGN.md §7, issue 16):
SQLite by default, PostgreSQL when shared, through SQLAlchemy Core with Alembic migrations.

    engine = open_engine("clausegen-register.sqlite")   # or postgresql+psycopg://..., or None
    add(engine, "contracten/2026-0142-P2")
    report(engine, "contracten/2026-0142-P2", "verantwoording-2028.xlsx", datetime.date(2028, 4, 1))
    status(engine).to_json()
    recompute(engine).changes       # derived figures rebuilt from the stored rows
"""

from __future__ import annotations

from .db import DEFAULT_FILE, ENV_VAR, open_engine, resolve_url
from .maintenance import backup, dump, restore
from .recompute import Recomputed, recompute
from .reports import report
from .status import Status, status
from .store import DEFAULT_RETENTION_YEARS, Added, add, retention

__all__ = [
    "DEFAULT_FILE",
    "DEFAULT_RETENTION_YEARS",
    "ENV_VAR",
    "Added",
    "Recomputed",
    "Status",
    "add",
    "backup",
    "dump",
    "open_engine",
    "recompute",
    "report",
    "resolve_url",
    "restore",
    "retention",
    "status",
]

"""Opening the register: which database, its connection settings, and its migrations.

SQLite (the default, `clausegen-register.sqlite` in the working folder) runs in WAL mode with
foreign keys on and a busy timeout; every transaction starts with BEGIN IMMEDIATE, so two
processes that write at once wait for each other instead of failing halfway. On PostgreSQL
every write transaction takes one advisory lock, which serialises writers the same way."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, OperationalError

from ..errors import ClausegenError

DEFAULT_FILE = "clausegen-register.sqlite"
ENV_VAR = "CLAUSEGEN_DB"
BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another one before giving up (30 seconds)."""
WRITE_LOCK = 0x5C1A05E
"""The PostgreSQL advisory lock key every register write holds."""
MIGRATIONS = Path(__file__).with_name("migrations")

_PASSWORD = re.compile(r"(://[^/:@]*:)[^/@]*@")


def shown_url(url: str) -> str:
    """A database URL for a message: its password, if any, replaced by `***`."""
    return _PASSWORD.sub(r"\1***@", url)


def _reason(exc: OperationalError) -> str:
    """The driver's own first line (PostgreSQL's or SQLite's words: they name the host or file)."""
    return (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0][:200]


def _unreachable(exc: OperationalError) -> ClausegenError:
    reason = _reason(exc)
    if "locked" in reason:  # SQLite's busy timeout ran out: another writer held the register
        return ClausegenError(code="register.busy", params={"seconds": BUSY_TIMEOUT_MS // 1000})
    return ClausegenError(code="register.unreachable", params={"reason": reason})


def resolve_url(db: str | None) -> str:
    """The SQLAlchemy URL for `--db`, else $CLAUSEGEN_DB, else the default SQLite file here.
    A plain path is a SQLite file; `postgresql://` means the psycopg 3 driver."""
    value = db or os.environ.get(ENV_VAR) or DEFAULT_FILE
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser()}"
    if value.startswith("postgresql://") or value.startswith("postgres://"):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def _sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _wal_mode(cursor)
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _wal_mode(cursor: Any) -> None:
    """Switch the file to WAL. SQLite answers "database is locked" at once, without its busy
    handler, when another process holds a write lock on a file that is not yet in WAL mode (two
    processes opening a new register together), so wait here the way the busy timeout would."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def make_engine(db: str | None = None) -> Engine:
    """An engine for the register (not yet migrated: use `open_engine`)."""
    url = resolve_url(db)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            _sqlite_settings(engine)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError, ValueError):
        raise ClausegenError(code="register.bad-url", params={"url": shown_url(url)}) from None


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration shipped with this version of clausegen."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    revision = ScriptDirectory.from_config(config).get_current_head()
    assert revision is not None
    return revision


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed whole or not at all, one writer at a time."""
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
            yield connection
    except OperationalError as exc:
        raise _unreachable(exc) from None


def open_engine(db: str | None = None) -> Engine:
    """The engine of a register brought up to the newest migration (`alembic upgrade head`)."""
    engine = make_engine(db)
    head = head_revision()
    try:
        with engine.connect() as connection:
            if current_revision(connection) == head:
                return engine
    except OperationalError as exc:
        raise _unreachable(exc) from None
    with write(engine) as connection:
        command.upgrade(_config(connection), "head")
    return engine

"""Backup and restore of the register. SQLite: `backup` copies the file with SQLite's online
backup API (consistent while others write). Any database, and always PostgreSQL: a portable JSON
dump of the register's tables (`.json`), which `restore` reads back into an empty register."""

from __future__ import annotations

import datetime
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..errors import ClausegenError
from . import db
from .tables import Cents, metadata

FORMAT = "clausegen-register"
MAX_DUMP_BYTES = 2_000_000_000
"""The largest JSON copy `restore` reads (2 GB). A register keeps each contract's manifest, some
20 KB, so 10,000 contracts with their reports dump to a few hundred MB."""


def _sqlite_file(engine: Engine) -> str | None:
    return engine.url.database if engine.dialect.name == "sqlite" else None


def _temp(target: Path) -> Path:
    return target.with_name(f".clausegen-tmp-{target.name}")


def backup(engine: Engine, target: Path, force: bool = False) -> str:
    """Write a copy of the register to `target`; returns its kind ("sqlite" or "json")."""
    if target.exists() and not force:
        raise ClausegenError(code="register.backup-exists", path=target)
    temp = _temp(target)
    temp.unlink(missing_ok=True)
    kind = "json" if target.suffix.lower() == ".json" else "sqlite"
    try:
        if kind == "sqlite":
            source = _sqlite_file(engine)
            if source is None:
                raise ClausegenError(code="register.backup-sqlite-only", path=target)
            src = sqlite3.connect(source, timeout=db.BUSY_TIMEOUT_MS / 1000)
            dst = sqlite3.connect(temp)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
        else:
            temp.write_text(json.dumps(dump(engine), ensure_ascii=False, indent=1), encoding="utf-8")
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)
    return kind


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def dump(engine: Engine) -> dict[str, Any]:
    """Every table's rows as JSON-ready lists, in dependency order, with the migration revision."""
    with engine.connect() as connection:
        return {
            "format": FORMAT,
            "revision": db.current_revision(connection),
            "tables": {
                table.name: [
                    {k: _plain(v) for k, v in row._mapping.items()}
                    for row in connection.execute(select(table).order_by(*table.primary_key.columns))
                ]
                for table in metadata.sorted_tables
            },
        }


def _typed(table_name: str, row: dict[str, Any]) -> dict[str, Any]:
    table = metadata.tables[table_name]
    result: dict[str, Any] = {}
    for key, value in row.items():
        column_type = table.c[key].type
        if value is None:
            result[key] = None
        elif isinstance(column_type, DateTime):
            result[key] = datetime.datetime.fromisoformat(value)
        elif isinstance(column_type, Date):
            result[key] = datetime.date.fromisoformat(value)
        elif isinstance(column_type, Cents):
            result[key] = Decimal(value)
        elif isinstance(column_type, Boolean):
            result[key] = bool(value)
        else:
            result[key] = value
    return result


def _read_dump(source: Path) -> dict[str, list[dict[str, Any]]]:
    """The rows of a JSON dump per table, typed for inserting; refused whole when anything in it
    is not what `backup` writes (a damaged or edited copy never half-restores)."""
    from ..files import read_bytes

    raw = read_bytes(source, "backup", MAX_DUMP_BYTES)
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
        raise ClausegenError(code="register.dump-not-json", path=source, line=line) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        raise ClausegenError(code="register.not-a-dump", path=source)
    if data.get("revision") != db.head_revision():
        found = str(data.get("revision"))[:40]
        raise ClausegenError(
            code="register.dump-revision", params={"found": found, "expected": db.head_revision()}, path=source
        )
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in metadata.sorted_tables:
        rows = data["tables"].get(table.name, [])
        try:
            tables[table.name] = [_typed(table.name, row) for row in rows]
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError):
            raise ClausegenError(code="register.dump-damaged", params={"table": table.name}, path=source) from None
    return tables


def restore(engine: Engine, source: Path) -> int:
    """Read a JSON dump into an empty register (same migration revision); returns the rows."""
    tables = _read_dump(source)
    count = 0
    with db.write(engine) as connection:
        for table in metadata.sorted_tables:
            if connection.execute(select(table).limit(1)).first() is not None:
                raise ClausegenError(code="register.not-empty")
        for table in metadata.sorted_tables:
            rows = tables[table.name]
            if rows:
                try:
                    connection.execute(insert(table), rows)
                except IntegrityError:  # rows that refer to rows the copy lacks, or twice the same key
                    raise ClausegenError(
                        code="register.dump-damaged", params={"table": table.name}, path=source
                    ) from None
                count += len(rows)
        if connection.dialect.name == "postgresql":
            for table in metadata.sorted_tables:
                if "id" in table.c and table.c.id.primary_key:
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    ))  # fmt: skip
    return count

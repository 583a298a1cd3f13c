"""The register tests' databases: every test gets a fresh SQLite file and, where a PostgreSQL
server is given in $CLAUSEGEN_TEST_PG, a fresh schema on it. Without that variable the
PostgreSQL cases are skipped, except under CI=true, where they fail."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

PG_ENV = "CLAUSEGEN_TEST_PG"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "register"


def pg_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} must name a PostgreSQL server in CI (.ci/run sets it)")
        pytest.skip(f"no PostgreSQL server ({PG_ENV} is not set)")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@pytest.fixture(name="db_url", params=["sqlite", "postgresql"])
def db_url_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty register database: a SQLite file, or a schema of its own on PostgreSQL."""
    if request.param == "sqlite":
        yield str(tmp_path / "register.sqlite")
        return
    base = pg_url()
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(base, poolclass=NullPool)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

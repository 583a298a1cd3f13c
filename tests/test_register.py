"""The register without reports: adding contracts and tenders, refusals, status, retention,
backup and restore, migrations; on SQLite and on PostgreSQL (tests/register_db.py)."""

from __future__ import annotations

import datetime
import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from conftest import run_cli
from register_db import FIXTURES, db_url_fixture  # noqa: F401 - the db_url fixture
from sqlalchemy import inspect, select

from clausegen.errors import ClausegenError
from clausegen.register import add, backup, dump, open_engine, restore, retention, status
from clausegen.register.db import resolve_url
from clausegen.register.tables import contracts, metadata, tender_lots

CONTRACTS = ["2026-0142-P1", "2026-0142-P2", "2026-0201", "2015-0007"]
TENDERS = ["tender-2026-0300", "tender-2026-0301", "tender-2026-0302"]


def _filled(url: str):
    engine = open_engine(url)
    for name in CONTRACTS + TENDERS:
        add(engine, FIXTURES / name)
    return engine


def test_migrations_create_exactly_the_tables(db_url: str) -> None:
    engine = open_engine(db_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
        names = set(inspect(connection).get_table_names())
    assert {t.name for t in metadata.sorted_tables} | {"alembic_version"} == names
    open_engine(db_url)  # a second open finds the head revision and changes nothing


def test_sqlite_settings(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    engine = open_engine(str(path))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_default_url_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAUSEGEN_DB", raising=False)
    assert resolve_url(None) == "sqlite:///clausegen-register.sqlite"
    monkeypatch.setenv("CLAUSEGEN_DB", "postgresql://u@h/d")
    assert resolve_url(None) == "postgresql+psycopg://u@h/d"
    assert resolve_url(str(tmp_path / "x.sqlite")).endswith("/x.sqlite")


def test_add_records_the_manifest(db_url: str) -> None:
    engine = _filled(db_url)
    with engine.connect() as connection:
        row = connection.execute(select(contracts).where(contracts.c.number == "2026-0142-P2")).one()
        coverage = connection.execute(select(tender_lots).order_by(tender_lots.c.tender_reference)).all()
    manifest = json.loads((FIXTURES / "2026-0142-P2" / "manifest.json").read_text())
    assert row.contractor_kvk == "12345678" and row.contractor_name == "Voorbeeld Schoonmaak B.V."
    assert row.obligation == Decimal("45000.00")
    assert (row.start_date, row.end_date) == (datetime.date(2027, 4, 1), datetime.date(2031, 3, 31))
    assert row.tender_sha256 == manifest["tender"]["sha256"]
    assert row.library_fingerprint == manifest["library"]["fingerprint"]
    assert row.bundling is True and row.reporting == "jaarlijks"
    reasons = {(r.tender_reference, r.lot_id): r.reason for r in coverage if r.obligation == 0}
    assert reasons == {
        ("2026-0300", "1"): "onder de drempel: alleen een inspanningsbepaling",
        ("2026-0301", ""): "leveringen: geen social-returnverplichting",
        ("2026-0302", ""): "looptijd korter dan het profiel vraagt",
    }
    assert {(r.tender_reference, r.lot_id) for r in coverage if r.obligation > 0} == {
        ("2026-0142", "1"),
        ("2026-0142", "2"),
        ("2026-0201", ""),
        ("2015-0007", ""),
    }


def test_add_is_idempotent_and_refuses_a_changed_manifest(db_url: str, tmp_path: Path) -> None:
    engine = _filled(db_url)
    assert add(engine, FIXTURES / "2026-0142-P2").outcome == "ongewijzigd"
    changed = tmp_path / "P2"
    shutil.copytree(FIXTURES / "2026-0142-P2", changed)
    data = json.loads((changed / "manifest.json").read_text())
    data["contract"]["obligation_eur"] = "50000.00"
    (changed / "manifest.json").write_text(json.dumps(data))
    with pytest.raises(ClausegenError) as caught:
        add(engine, changed)
    assert 'contract.obligation_eur: "45000.00" -> "50000.00"' in str(caught.value)
    assert "--replace" in str(caught.value)
    assert status(engine).to_json()["total"]["obligation_eur"] == "150000.00"
    replaced = add(engine, changed, replace=True)
    assert replaced.outcome == "vervangen"
    assert status(engine).to_json()["total"]["obligation_eur"] == "155000.00"


def test_bad_manifest_changes_nothing(db_url: str, tmp_path: Path) -> None:
    engine = open_engine(db_url)
    bad = tmp_path / "bad"
    shutil.copytree(FIXTURES / "2026-0142-P1", bad)
    data = json.loads((bad / "manifest.json").read_text())
    data["contract"]["contractor"]["kvk"] = "1234"
    (bad / "manifest.json").write_text(json.dumps(data))
    with pytest.raises(ClausegenError, match="8 cijfers"):
        add(engine, bad)
    with pytest.raises(ClausegenError, match="geen manifest.json"):
        add(engine, tmp_path)
    assert status(engine).contracts == []


def test_status_expected_path_overdue_and_recovery(db_url: str) -> None:
    engine = _filled(db_url)
    st = status(engine, datetime.date(2029, 4, 1)).to_json()
    by = {c["contract"]: c for c in st["contracts"]}
    # 2027-04-01..2029-04-01 (inclusive) of 2027-04-01..2031-03-31: 732 of 1461 days of 75,000
    assert by["2026-0142-P1"]["expected_eur"] == "37577.00"
    # yearly: periods ending 2028-03-31 (due 6 weeks later) and 2029-03-31 (not yet due)
    assert by["2026-0142-P1"]["overdue_reports"] == 1
    # quarterly over 2027-2028: eight periods, all due, none reported
    assert by["2026-0201"]["overdue_reports"] == 8
    # ended 2028-12-31 without a recorded melding: an indicative tekort, no Hersteltermijn, no boete
    short = by["2026-0201"]
    assert short["indicative_shortfall_eur"] == "20000.00" and short["charge_eur"] == "0.00"
    assert short["recovery"] is None and short["hersteltermijn"] == "nog niet aangevangen"
    assert short["phase"] == "na-looptijd" and short["melding_date"] is None
    assert by["2026-0142-P1"]["indicative_shortfall_eur"] == "0.00" and by["2026-0142-P1"]["phase"] == "looptijd"
    suppliers = {s["kvk"]: s for s in st["suppliers"]}
    assert suppliers["12345678"]["obligation_eur"] == "65000.00" and suppliers["12345678"]["contracts"] == 2
    assert {c["category"] for c in st["categories"]} == {"schoonmaak", "catering", "groenonderhoud"}
    assert [y["year"] for y in st["years"]] == [2015, 2027]


def test_retention_deletes_old_contracts_only(db_url: str) -> None:
    engine = _filled(db_url)
    day = datetime.date(2026, 12, 1)
    assert retention(engine, 7, day, dry_run=True) == ["2015-0007"]  # ended 2017-12-31
    assert retention(engine, 10, day) == []
    assert retention(engine, 8, day) == ["2015-0007"]
    assert sorted(c.number for c in status(engine).contracts) == sorted(CONTRACTS[:3])
    with pytest.raises(ClausegenError):
        retention(engine, 0, day)


def test_json_backup_restores_into_an_empty_register(db_url: str, tmp_path: Path) -> None:
    engine = _filled(db_url)
    target = tmp_path / "kopie.json"
    assert backup(engine, target) == "json"
    with pytest.raises(ClausegenError, match="bestaat al"):
        backup(engine, target)
    fresh = open_engine(str(tmp_path / "nieuw.sqlite"))
    assert restore(fresh, target) > 0
    assert dump(fresh)["tables"] == dump(engine)["tables"]
    with pytest.raises(ClausegenError, match="niet leeg"):
        restore(fresh, target)
    add(fresh, FIXTURES / "2026-0142-P1")  # the restored register takes new writes (sequences moved on)


def test_sqlite_online_backup(tmp_path: Path) -> None:
    engine = _filled(str(tmp_path / "r.sqlite"))
    target = tmp_path / "kopie.sqlite"
    assert backup(engine, target) == "sqlite"
    with sqlite3.connect(target) as copy:
        assert copy.execute("select count(*) from contracts").fetchone() == (4,)


def test_no_names_or_bsn_columns() -> None:
    columns = {c.name for t in metadata.sorted_tables for c in t.columns}
    assert not columns & {"name", "naam", "bsn", "candidate_name", "kandidaat_naam"}
    assert "contractor_name" in columns  # the company, never a person


def test_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAUSEGEN_DB", raising=False)
    result = run_cli("register", "add", FIXTURES / "2026-0142-P2")
    assert result.exit_code == 0 and result.stdout.strip() == "2026-0142-P2: toegevoegd"
    assert (tmp_path / "clausegen-register.sqlite").is_file()
    assert run_cli("register", "add", FIXTURES / "2026-0142-P2").stdout.strip() == "2026-0142-P2: ongewijzigd"
    result = run_cli("register", "add", tmp_path / "nergens")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "geen manifest.json" in result.stderr
    text = run_cli("register", "status", "--peildatum", "2028-01-01").stdout
    assert "Per leverancier" in text and "€ 45.000,00" in text
    data = json.loads(run_cli("register", "status", "--json").stdout)
    assert data["total"]["obligation_eur"] == "45000.00"
    assert run_cli("register", "backup", "-o", "kopie.sqlite").exit_code == 0
    result = run_cli("register", "retention", "--years", "7", "--dry-run")
    assert result.exit_code == 0 and result.stdout.startswith("0 overeenkomst(en)")
    other = tmp_path / "ander.sqlite"
    assert run_cli("register", "--db", other, "add", FIXTURES / "2026-0201").exit_code == 0
    assert json.loads(run_cli("register", "--db", other, "status", "--json").stdout)["total"]["contracts"] == 1

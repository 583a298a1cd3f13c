"""`register melding`: the written melding of a shortfall starts the Hersteltermijn, and only
after that term does the register (status and council report) show a boete; on SQLite and on
PostgreSQL (tests/register_db.py)."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
from alembic import command
from conftest import run_cli
from register_db import FIXTURES, db_url_fixture  # noqa: F401 - the db_url fixture
from sqlalchemy import inspect, select

from clausegen.errors import ClausegenError
from clausegen.register import add, backup, open_engine, recompute, restore, status
from clausegen.register.db import _config, make_engine, write
from clausegen.register.melding import record_melding
from clausegen.register.tables import meldingen, pso_certificates

# 2026-0201: 2027-01-01 to 2028-12-31, obligation 20,000, recovery_months 3, sanction 100 %


def _contract(url: str):  # noqa: ANN202
    engine = open_engine(url)
    add(engine, FIXTURES / "2026-0201")
    add(engine, FIXTURES / "2026-0142-P1")
    return engine


def _one(engine, day: datetime.date, number: str = "2026-0201") -> dict:  # noqa: ANN001
    return next(c for c in status(engine, day).to_json()["contracts"] if c["contract"] == number)


def test_boete_only_after_the_hersteltermijn_of_a_recorded_melding(db_url: str) -> None:
    engine = _contract(db_url)
    late = datetime.date(2030, 6, 1)  # long after the end: still no boete without a melding
    before = _one(engine, late)
    assert (before["charge_eur"], before["indicative_shortfall_eur"]) == ("0.00", "20000.00")
    assert before["hersteltermijn"] == "nog niet aangevangen" and before["recovery"] is None
    assert status(engine, late).to_json()["total"]["recovery_not_started"] == 1

    done = record_melding(engine, "2026-0201", datetime.date(2029, 2, 10))
    assert done.outcome == "vastgelegd"
    assert (done.recovery_start, done.recovery_end) == (datetime.date(2029, 2, 11), datetime.date(2029, 5, 10))
    running = _one(engine, datetime.date(2029, 5, 10))  # the last day of the Hersteltermijn
    assert running["phase"] == "hersteltermijn" and running["recovery"] == "loopt"
    assert running["charge_eur"] == "0.00" and running["indicative_shortfall_eur"] == "20000.00"
    assert (running["melding_date"], running["recovery_start"], running["recovery_end"]) == (
        "2029-02-10", "2029-02-11", "2029-05-10")  # fmt: skip
    ended = _one(engine, datetime.date(2029, 5, 11))
    assert ended["phase"] == "na-hersteltermijn" and ended["recovery"] == "afgelopen"
    assert ended["charge_eur"] == "20000.00" and ended["hersteltermijn"] == "afgelopen"
    total = status(engine, datetime.date(2029, 5, 11)).to_json()["total"]
    assert (total["charge_eur"], total["recovery_ended"], total["recovery_not_started"]) == ("20000.00", 1, 0)
    # a peildatum on or before the melding: the Hersteltermijn had not started yet
    assert _one(engine, datetime.date(2029, 2, 10))["hersteltermijn"] == "nog niet aangevangen"


def test_same_day_again_changes_nothing_another_day_needs_replace(db_url: str) -> None:
    engine = _contract(db_url)
    first = datetime.date(2029, 1, 15)
    assert record_melding(engine, "2026-0201", first).outcome == "vastgelegd"
    assert record_melding(engine, "2026-0201", first).outcome == "ongewijzigd"
    with pytest.raises(ClausegenError) as caught:
        record_melding(engine, "2026-0201", datetime.date(2029, 1, 20))
    assert caught.value.code == "register.melding-exists"
    assert "15 januari 2029" in str(caught.value) and "--replace" in str(caught.value)
    assert _one(engine, datetime.date(2029, 3, 1))["melding_date"] == "2029-01-15"
    replaced = record_melding(engine, "2026-0201", datetime.date(2029, 1, 20), replace=True)
    assert replaced.outcome == "vervangen" and replaced.recovery_end == datetime.date(2029, 4, 20)
    assert _one(engine, datetime.date(2029, 4, 20))["recovery"] == "loopt"


def test_refusals_change_nothing(db_url: str) -> None:
    engine = _contract(db_url)
    with pytest.raises(ClausegenError) as caught:
        record_melding(engine, "2026-9999", datetime.date(2029, 2, 1))
    assert caught.value.code == "register.melding-unknown-contract" and "register add" in str(caught.value)
    with pytest.raises(ClausegenError) as caught:
        record_melding(engine, "2026-0201", datetime.date(2028, 12, 31))  # the last day of the Looptijd
    assert caught.value.code == "register.melding-too-early"
    assert "31 december 2028" in str(caught.value)
    with engine.connect() as connection:
        assert connection.execute(select(meldingen)).all() == []


def test_cli_melding_and_status(db_url: str) -> None:
    _contract(db_url).dispose()
    result = run_cli("register", "--db", db_url, "melding", "2026-0201", "2029-01-15")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "2026-0201: melding van 15 januari 2029 vastgelegd; Hersteltermijn van 16 januari 2029 tot en met 15 april 2029"
    )
    shown = run_cli("register", "--db", db_url, "status", "--peildatum", "2029-03-01")
    assert shown.exit_code == 0 and "loopt" in shown.stdout
    data = json.loads(run_cli("register", "--db", db_url, "status", "--json", "--peildatum", "2029-05-01").stdout)
    assert data["total"]["charge_eur"] == "20000.00"
    again = run_cli("register", "--db", db_url, "melding", "2026-0201", "2029-01-20")
    assert again.exit_code == 2 and "Traceback" not in again.stderr
    assert "--replace" in again.stderr and len(again.stderr.strip().splitlines()) == 1
    bad = run_cli("register", "--db", db_url, "melding", "2026-0201", "15-01-2029")
    assert bad.exit_code == 2 and "JJJJ-MM-DD" in bad.stderr


def test_status_text_without_melding(db_url: str) -> None:
    _contract(db_url).dispose()
    shown = run_cli("register", "--db", db_url, "status", "--peildatum", "2029-06-01")
    assert shown.exit_code == 0, shown.output
    assert "nog niet aangevangen" in shown.stdout
    assert "Indicatief tekort na de looptijd: € 20.000,00" in shown.stdout
    assert "nu verschuldigd: € 0,00" in shown.stdout and "clausegen register melding" in shown.stdout


def test_melding_survives_backup_restore_and_recompute(db_url: str, tmp_path: Path) -> None:
    engine = _contract(db_url)
    record_melding(engine, "2026-0201", datetime.date(2029, 1, 15))
    copy = tmp_path / "kopie.json"
    backup(engine, copy)
    assert json.loads(copy.read_text())["tables"]["meldingen"][0]["melding_date"] == "2029-01-15"
    recompute(engine)
    assert _one(engine, datetime.date(2029, 6, 1))["charge_eur"] == "20000.00"
    other = open_engine(str(tmp_path / "terug.sqlite"))
    restore(other, copy)
    assert _one(other, datetime.date(2029, 6, 1))["melding_date"] == "2029-01-15"
    assert _one(other, datetime.date(2029, 6, 1))["charge_eur"] == "20000.00"


def test_a_register_at_the_first_revision_gets_the_meldingen_table(tmp_path: Path) -> None:
    path = tmp_path / "oud.sqlite"
    engine = make_engine(str(path))
    with write(engine) as connection:
        command.upgrade(_config(connection), "0001")
    with engine.connect() as connection:
        assert "meldingen" not in inspect(connection).get_table_names()
    engine.dispose()
    old = tmp_path / "oud-contract"
    shutil.copytree(FIXTURES / "2026-0201", old)
    upgraded = open_engine(str(path))
    with upgraded.connect() as connection:
        assert "meldingen" in inspect(connection).get_table_names()
    add(upgraded, old)
    assert record_melding(upgraded, "2026-0201", datetime.date(2029, 1, 15)).outcome == "vastgelegd"


@pytest.fixture(scope="module")
def groen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GZW-2027-014-01 as `clausegen contract` writes it (lawyer's third reading): 60.000 from
    1 July 2027 to 30 June 2031, PSO trede 2 valid until 30 September 2028."""
    out = tmp_path_factory.mktemp("contracten")
    tender = FIXTURES.parent / "derde-lezing" / "groen.yaml"
    made = run_cli("contract", tender, tender.with_name("groen-gunning.yaml"), "-o", out)
    assert made.exit_code == 0, made.output
    return out / "GZW-2027-014-01"


def test_the_pso_credit_is_the_letters_credit(db_url: str, tmp_path: Path, groen: Path) -> None:
    """Lawyer's third reading B-1: 40.000 realised; the letter's figures are 9.375 PSO and a tekort
    of 10.625."""
    from contract_builder import write_csv

    folder = groen
    report = write_csv(
        tmp_path / "groen.csv",
        [("1", "K-001", "plaatsing-a", 18, datetime.date(2027, 9, 1), datetime.date(2029, 8, 31), "", "", "")],
    )
    engine = open_engine(db_url)
    add(engine, folder)
    from clausegen.register import report as store_report

    store_report(engine, folder, report, datetime.date(2031, 12, 1))
    letter = json.loads(
        run_cli("realisatie", folder, report, "--json", "--peildatum", "2031-12-01", "--melding", "2031-08-15").stdout
    )
    before = _one(engine, datetime.date(2031, 12, 1), "GZW-2027-014-01")
    assert before["pso_eur"] == letter["pso_eur"] == "9375.00"
    assert before["realised_eur"] == letter["realised_eur"] == "40000.00"
    assert before["indicative_shortfall_eur"] == letter["shortfall_eur"] == "10625.00"
    assert before["remaining_eur"] == letter["remaining_eur"] and before["charge_eur"] == "0.00"
    assert before["fulfilment_percent"] == letter["fulfilment_percent"]
    record_melding(engine, "GZW-2027-014-01", datetime.date(2031, 8, 15))
    after = _one(engine, datetime.date(2031, 12, 1), "GZW-2027-014-01")
    assert after["charge_eur"] == letter["charge_eur"] == "10625.00"
    # during the Looptijd the credit is pro rata to the months the certificate was valid by then
    early = _one(engine, datetime.date(2027, 12, 31), "GZW-2027-014-01")
    assert early["pso_eur"] == "3750.00"  # 50 % x 60.000 x 6/48 months


def test_the_migration_notes_the_certificates_of_contracts_already_stored(tmp_path: Path, groen: Path) -> None:
    path = tmp_path / "r.sqlite"
    engine = open_engine(str(path))
    add(engine, groen)
    add(engine, FIXTURES / "2026-0201")
    with write(engine) as connection:
        command.downgrade(_config(connection), "0001")
    engine.dispose()
    again = open_engine(str(path))  # upgrades to the head and fills pso_certificates from the manifests
    with again.connect() as connection:
        assert connection.execute(select(pso_certificates.c.valid_until)).scalars().all() == [
            datetime.date(2028, 9, 30)
        ]
    assert _one(again, datetime.date(2027, 12, 31), "GZW-2027-014-01")["pso_eur"] == "3750.00"
    assert _one(again, datetime.date(2027, 12, 31))["pso_eur"] == "0.00"

"""`register recompute`: the register's derived figures (a report's value, a contract's figures,
the conflicts across a supplier's contracts) rebuilt from the stored rows after they were
damaged by hand, in one transaction; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime

from conftest import run_cli
from register_db import FIXTURES, db_url_fixture  # noqa: F401 - the db_url fixture
from sqlalchemy import delete, select, update

from clausegen.register import open_engine, recompute, report, status
from clausegen.register.tables import conflicts, contracts, figures, reports

DAY = datetime.date(2028, 4, 1)  # after the last day of every fixture row: each counts in full
P2, C0201 = FIXTURES / "2026-0142-P2", FIXTURES / "2026-0201"


def _registered(db_url: str):  # noqa: ANN202
    engine = open_engine(db_url)
    report(engine, P2, P2 / "verantwoording-2027.csv", DAY)
    report(engine, C0201, C0201 / "verantwoording-2028.csv", DAY)
    return engine


def _figure_id(engine, number: str) -> int:  # noqa: ANN001
    with engine.connect() as connection:
        return connection.execute(select(contracts.c.id).where(contracts.c.number == number)).scalar_one()


def test_recompute_of_a_sound_register_changes_nothing(db_url: str) -> None:
    engine = _registered(db_url)
    before = status(engine, DAY).to_json()
    done = recompute(engine)
    assert (done.reports, done.contracts, done.suppliers, done.changes) == (2, 2, 1, ())
    assert status(engine, DAY).to_json() == before


def test_recompute_repairs_figures_report_values_and_conflicts(db_url: str) -> None:
    engine = _registered(db_url)
    before = status(engine, DAY).to_json()
    p2, c0201 = _figure_id(engine, "2026-0142-P2"), _figure_id(engine, "2026-0201")
    with engine.begin() as connection:  # damage every kind of derived figure by hand
        connection.execute(update(figures).where(figures.c.contract_id == p2).values(realised=1))
        connection.execute(update(figures).where(figures.c.contract_id == c0201).values(deducted=0))
        connection.execute(update(reports).where(reports.c.contract_id == c0201).values(realised=99))
        connection.execute(delete(conflicts))
    damaged = {c["contract"]: c for c in status(engine, DAY).to_json()["contracts"]}
    assert damaged["2026-0142-P2"]["realised_eur"] == "1.00"
    assert damaged["2026-0201"]["realised_eur"] == "25000.00"  # the deduction of 10,000 is gone

    done = recompute(engine)

    assert status(engine, DAY).to_json() == before
    assert list(done.changes) == [
        "2026-0201 versie 1: gerealiseerd € 99,00 -> € 25.000,00",
        "2026-0142-P2: gerealiseerd € 1,00 -> € 42.484,57",
        "2026-0201: afgetrokken € 0,00 -> € 10.000,00",
        "conflict erbij: KvK 12345678 kandidaat K-001 2026-0201 rij 2 2027-10-01 t/m 2027-12-31",
    ]
    with engine.connect() as connection:
        assert connection.execute(select(reports.c.realised).where(reports.c.contract_id == c0201)).scalar() == 25000


def test_recompute_rebuilds_missing_figures(db_url: str) -> None:
    engine = _registered(db_url)
    before = status(engine, DAY).to_json()
    with engine.begin() as connection:
        connection.execute(delete(figures))
    assert status(engine, DAY).to_json()["total"]["realised_eur"] == "0.00"
    done = recompute(engine)
    assert len(done.changes) == 2 * 6  # every column of both contracts' figure rows came back
    assert status(engine, DAY).to_json() == before


def test_cli_recompute(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAUSEGEN_DB", raising=False)
    engine = _registered(str(tmp_path / "clausegen-register.sqlite"))
    with engine.begin() as connection:
        connection.execute(update(figures).values(bundled_in=5))
    engine.dispose()
    result = run_cli("register", "recompute")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2026-0142-P2: gebundeld in € 5,00 -> € 0,00",
        "2026-0201: gebundeld in € 5,00 -> € 0,00",
        "2 rapportage(s), 2 overeenkomst(en), 1 leverancier(s) herberekend: 2 wijziging(en)",
    ]
    again = run_cli("register", "recompute")
    assert again.stdout.strip().endswith("herberekend: geen wijziging(en)")
    assert (
        "clausegen register --db clausegen-register.sqlite recompute"
        in run_cli("register", "recompute", "--help").stdout
    )

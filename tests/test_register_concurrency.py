"""Two real processes add contracts and store reports in one register at the same time, on
SQLite and on PostgreSQL: nothing is lost, nothing is stored twice, every figure adds up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from register_db import FIXTURES, db_url_fixture  # noqa: F401 - the db_url fixture
from sqlalchemy import func, select

from clausegen.register import open_engine, status
from clausegen.register.tables import contracts, report_rows, reports

WORKER = Path(__file__).with_name("register_worker.py")
ROOT = Path(__file__).resolve().parent.parent
COUNT = 12
ROW = "2,K-{n:03d},participatiewet,36,2027-04-01,2027-09-30,,,"
HEADER = "perceel,kandidaat,bouwblok,uren_per_week,van,tot,toeslagen,bedrag_eur,toelichting"


def _folders(tmp_path: Path) -> list[Path]:
    """COUNT contracts of COUNT suppliers (a copy of the P2 fixture each), one report each."""
    manifest = json.loads((FIXTURES / "2026-0142-P2" / "manifest.json").read_text())
    folders = []
    for n in range(COUNT):
        manifest["contract"]["number"] = f"2026-0142-C{n:02d}"
        manifest["contract"]["contractor"]["kvk"] = f"{10000000 + n}"
        folder = tmp_path / f"c{n:02d}"
        folder.mkdir()
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        (folder / "verantwoording.csv").write_text(f"{HEADER}\n{ROW.format(n=n)}\n", encoding="utf-8")
        folders.append(folder)
    return folders


def test_two_processes_write_at_once(db_url: str, tmp_path: Path) -> None:
    folders = [str(f) for f in _folders(tmp_path)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    orders = [folders, folders[::-1]]  # both processes write every contract, in opposite orders
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), db_url, *order],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for order in orders
    ]
    outputs = [w.communicate(timeout=240) for w in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    added = [line for out, _ in outputs for line in out.split() if not line.isdigit()]
    assert sorted(added) == ["ongewijzigd"] * COUNT + ["toegevoegd"] * COUNT
    engine = open_engine(db_url)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(contracts)).scalar() == COUNT
        # each contract got exactly one report version: the second identical write was recognised
        assert connection.execute(select(func.count()).select_from(reports)).scalar() == COUNT
        assert connection.execute(select(func.count()).select_from(report_rows)).scalar() == COUNT
    total = status(engine).total
    assert total.realised == Decimal(20000) * COUNT  # half a year full time of 40,000 each


def test_opening_a_new_register_waits_for_a_writer(tmp_path: Path) -> None:
    """SQLite refuses the switch to WAL at once while another process writes to a file that is
    not yet in WAL mode; opening the register waits for that writer instead of failing."""
    import sqlite3
    import threading

    path = tmp_path / "register.sqlite"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("CREATE TABLE elsewhere (n INTEGER)")
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    engine = open_engine(str(path))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    other.close()

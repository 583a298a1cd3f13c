"""Reports in the register: dated versions, figures recomputed from the stored rows by the
realisation code, and the cross-contract rules for one supplier (overlap once, the month cap
across contracts, bundling); on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
import shutil
from decimal import Decimal
from pathlib import Path

from conftest import run_cli
from register_db import FIXTURES, db_url_fixture  # noqa: F401 - the db_url fixture
from sqlalchemy import select

from clausegen.realisation import realisatie
from clausegen.register import add, open_engine, report, status
from clausegen.register.bundle import Stint, allocate, bundle
from clausegen.register.figures import value_stored
from clausegen.register.tables import report_rows, reports

DAY = datetime.date(2028, 4, 1)  # after the last day of every fixture row: each counts in full
HEADER = "perceel,kandidaat,bouwblok,uren_per_week,van,tot,toeslagen,bedrag_eur,toelichting"
P2, C0201, P1 = (FIXTURES / n for n in ("2026-0142-P2", "2026-0201", "2026-0142-P1"))


def _csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _by(engine, day=DAY) -> dict:  # noqa: ANN001
    return {c["contract"]: c for c in status(engine, day).to_json()["contracts"]}


def test_report_is_valued_stored_and_recomputed_from_rows(db_url: str) -> None:
    engine = open_engine(db_url)
    source = P2 / "verantwoording-2027.csv"
    stored = report(engine, P2, source, DAY)
    # 9 months full time of 40,000; half time for half a year (10,000) with a 50+ bonus (1,250); a purchase
    assert (stored.version, stored.new, stored.valuation.realised_eur) == (1, True, Decimal("42484.57"))
    direct = realisatie(P2, source, DAY)
    # the letter date belongs to the letter realisatie writes, not to the valuation the register stores
    assert stored.valuation.to_json() == {**direct.to_json(), "letter_date": None}
    with engine.connect() as connection:
        row = connection.execute(select(reports)).one()
        again = value_stored(connection, stored_manifest(), row.id, row.report_date)
        kept = connection.execute(select(report_rows.c.kandidaat, report_rows.c.value)).all()
    assert again.to_json() == stored.valuation.to_json()
    assert sorted(kept) == [("", Decimal("1234.57")), ("K-001", Decimal("30000.00")), ("K-002", Decimal("11250.00"))]
    assert _by(engine)["2026-0142-P2"]["realised_eur"] == "42484.57"


def stored_manifest() -> dict:
    import json

    return json.loads((P2 / "manifest.json").read_text())


def test_versions_keep_history(db_url: str, tmp_path: Path) -> None:
    engine = open_engine(db_url)
    first = _csv(tmp_path / "v1.csv", "2,K-001,participatiewet,36,2027-04-01,2027-06-30,,,")
    second = _csv(tmp_path / "v2.csv", "2,K-001,participatiewet,36,2027-04-01,2027-12-31,,,")
    assert report(engine, P2, first, DAY).version == 1
    assert report(engine, P2, first, DAY).new is False  # the same file on the same date adds nothing
    assert report(engine, P2, second, DAY).version == 2
    assert report(engine, P2, first, datetime.date(2028, 3, 1)).version == 3  # a later correction back
    with engine.connect() as connection:
        versions = connection.execute(select(reports.c.version, reports.c.realised).order_by(reports.c.version)).all()
        rows = connection.execute(select(report_rows.c.report_id)).all()
    assert [(v, str(r)) for v, r in versions] == [(1, "10000.00"), (2, "30000.00"), (3, "10000.00")]
    assert len(rows) == 3
    assert _by(engine, datetime.date(2028, 3, 1))["2026-0142-P2"]["realised_eur"] == "10000.00"


def test_overlap_across_contracts_counts_once(db_url: str) -> None:
    engine = open_engine(db_url)
    report(engine, P2, P2 / "verantwoording-2027.csv", DAY)
    report(engine, C0201, C0201 / "verantwoording-2028.csv", DAY)
    st = status(engine, DAY).to_json()
    by = {c["contract"]: c for c in st["contracts"]}
    # K-001 is in P2 (row 2, from 2027-04-01) and in 2026-0201 (row 2, from 2027-10-01): the three
    # months October-December 2027 stay with P2, whose row starts first; 2026-0201 loses 3/12 x 40,000
    assert by["2026-0201"]["reported_eur"] == "25000.00"
    assert by["2026-0201"]["deducted_eur"] == "10000.00"
    assert by["2026-0201"]["realised_eur"] == "15000.00"
    assert by["2026-0142-P2"]["realised_eur"] == "42484.57"
    assert st["conflicts"] == [
        {"kvk": "12345678", "kandidaat": "K-001", "kind": "overlap", "kept_contract": "2026-0142-P2", "kept_row": 2,
         "cut_contract": "2026-0201", "cut_row": 2, "first_day": "2027-10-01", "last_day": "2027-12-31",
         "hours": None}
    ]  # fmt: skip
    supplier = next(s for s in st["suppliers"] if s["kvk"] == "12345678")
    assert supplier["realised_eur"] == "57484.57"


def test_month_cap_across_contracts(db_url: str, tmp_path: Path) -> None:
    engine = open_engine(db_url)
    # K-050: 3 months in 2026-0201 first, then 24 months in P2: P2 keeps 21 and loses Jan-Mar 2029
    # (peildatum 1 April 2029, after the last day of the rows, so that all of them have happened)
    day = datetime.date(2029, 4, 1)
    report(engine, C0201, _csv(tmp_path / "a.csv", ",K-050,participatiewet,36,2027-01-01,2027-03-31,,,"), day)
    report(engine, P2, _csv(tmp_path / "b.csv", "2,K-050,participatiewet,36,2027-04-01,2029-03-31,,,"), day)
    by = _by(engine, day)
    assert by["2026-0142-P2"]["reported_eur"] == "80000.00"
    assert by["2026-0142-P2"]["deducted_eur"] == "10000.00"
    conflicts = status(engine, day).conflicts
    assert [(c["kind"], c["cut_contract"], c["first_day"], c["last_day"]) for c in conflicts] == [
        ("maximum", "2026-0142-P2", "2029-01-01", "2029-03-31")
    ]


def test_bundling_covers_a_shortfall_never_beyond_it(db_url: str, tmp_path: Path) -> None:
    engine = open_engine(db_url)
    add(engine, P1)
    # 2026-0201 (20,000) realises 30,000: a surplus of 10,000; P2 (45,000) realises 42,484.57
    report(engine, C0201, _csv(tmp_path / "a.csv", ",K-100,participatiewet,36,2027-01-01,2027-09-30,,,"), DAY)
    report(engine, P2, P2 / "verantwoording-2027.csv", DAY)
    by = _by(engine)
    assert by["2026-0142-P2"]["bundled_in_eur"] == "2515.43"
    assert by["2026-0142-P2"]["realised_eur"] == "45000.00"
    assert by["2026-0201"]["bundled_out_eur"] == "2515.43"
    assert by["2026-0201"]["realised_eur"] == "27484.57"
    assert by["2026-0142-P1"]["bundled_in_eur"] == "0.00"  # another supplier, and no bundling clause


def test_bundle_only_between_contracts_that_allow_it() -> None:
    moved = bundle([("A", Decimal(100), Decimal(300), True), ("B", Decimal(100), Decimal(0), False),
                    ("C", Decimal(100), Decimal(50), True), ("D", Decimal(500), Decimal(0), True)])  # fmt: skip
    assert moved == {"A": (0, 200), "B": (0, 0), "C": (50, 0), "D": (150, 0)}


def test_allocation_rule_ties_go_to_the_lower_contract_number() -> None:
    day = datetime.date
    stints = [
        Stint("2027-0002", 1, "K", day(2027, 1, 1), day(2027, 1, 31), 24, day(2027, 1, 1)),
        Stint("2027-0001", 4, "K", day(2027, 1, 1), day(2027, 1, 31), 24, day(2027, 1, 1)),
    ]
    (cut,) = allocate(stints)
    assert (cut.contract, cut.kept_contract, cut.kept_row, cut.kind) == ("2027-0002", "2027-0001", 4, "overlap")


def test_cli_report(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAUSEGEN_DB", raising=False)
    result = run_cli("register", "report", P2, P2 / "verantwoording-2027.csv", "--peildatum", "2028-02-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "2026-0142-P2: opgeslagen als versie 1 (42484.57 gerealiseerd)"
    copy = tmp_path / "leeg.csv"
    copy.write_text("", encoding="utf-8")
    result = run_cli("register", "report", P2, copy)
    assert result.exit_code == 2 and "leeg" in result.stderr
    shutil.copy(P2 / "verantwoording-2027.csv", tmp_path / "v.csv")
    assert (
        "al opgeslagen als versie 1"
        in run_cli("register", "report", P2, tmp_path / "v.csv", "--peildatum", "2028-02-01").stdout
    )

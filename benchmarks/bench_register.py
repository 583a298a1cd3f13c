"""The register section of the benchmark: add N contracts (default 10,000) with 20 report rows
each, then time `add`, `report` and `status`, on SQLite and, when --pg URL or $CLAUSEGEN_TEST_PG
is given, on PostgreSQL, and print the query plans of `status` and of the queries that refresh a
supplier's figures (their indexes). Times are wall clock and, in brackets, this process's CPU
time: on a shared machine the second shows what the code costs, the first what the load adds.

    python benchmarks/bench.py --register-only [--register-contracts 10000] [--pg URL]

Goal (issue 16): `status` under a second at 10,000 contracts. Figures only, never a test."""

from __future__ import annotations

import datetime
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "register" / "2026-0142-P2" / "manifest.json"
HEADER = "perceel,kandidaat,bouwblok,uren_per_week,van,tot,toeslagen,bedrag_eur,toelichting"
ROWS = 20
PER_SUPPLIER = 5
DAY = datetime.date(2028, 4, 1)


def make_folders(work: Path, count: int) -> list[Path]:
    """`count` contract folders (a copy of the P2 fixture each, 5 per supplier) with a report of
    20 rows; every fifth contract shares a candidate with the contract before it."""
    manifest = json.loads(FIXTURE.read_text(encoding="utf-8"))
    folders = []
    for i in range(count):
        manifest["contract"]["number"] = f"B-{i:05d}"
        manifest["contract"]["contractor"]["kvk"] = f"{20000000 + i // PER_SUPPLIER}"
        folder = work / f"c{i:05d}"
        folder.mkdir()
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        lines = [HEADER]
        for r in range(ROWS - 1):
            month = 4 + r % 9
            lines.append(f"2,K-{i:05d}-{r:02d},participatiewet,{18 + r % 19},2027-{month:02d}-01,2027-12-31,,,")
        shared = f"K-{i - 1:05d}-00" if i % PER_SUPPLIER == 4 else f"K-{i:05d}-99"
        lines.append(f"2,{shared},participatiewet,36,2027-06-01,2027-09-30,,,")
        (folder / "verantwoording.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        folders.append(folder)
    return folders


def _plan(engine, query) -> list[str]:  # noqa: ANN001
    sql = str(query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(prefix + sql).all()
    return [" | ".join(str(v) for v in row[-1:]) for row in rows]


def _timed(work) -> tuple[float, float, object]:  # noqa: ANN001
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def run(url: str, folders: list[Path], label: str) -> dict[str, float]:
    from sqlalchemy import select

    from clausegen.register import add, open_engine, report, status
    from clausegen.register.figures import LATEST_OF_SUPPLIER
    from clausegen.register.status import status_query
    from clausegen.register.tables import conflicts, contracts, report_rows, reports

    engine = open_engine(url)
    added, added_cpu, _ = _timed(lambda: [add(engine, folder) for folder in folders])
    reported, reported_cpu, _ = _timed(
        lambda: [report(engine, folder, folder / "verantwoording.csv", DAY) for folder in folders]
    )
    runs = [_timed(lambda: status(engine, DAY)) for _ in range(5)]
    wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    result = runs[-1][2]
    n = len(folders)
    print(f"{label}: {n:,} contracts x {ROWS} rows  (wall clock s, [CPU s of this process])")
    print(f"  add     {added:8.1f} [{added_cpu:7.1f}]   {added / n * 1000:6.2f} ms per contract")
    print(f"  report  {reported:8.1f} [{reported_cpu:7.1f}]   {reported / n * 1000:6.2f} ms per report "
          "(read, valued, stored, supplier refreshed)")  # fmt: skip
    print(f"  status  {wall:8.3f} [{cpu:7.3f}]   median of 5 ({len(result.contracts):,} contracts, "  # type: ignore[attr-defined]
          f"{len(result.suppliers):,} suppliers, {len(result.conflicts):,} conflicts)")  # type: ignore[attr-defined]  # fmt: skip
    if engine.dialect.name == "postgresql":  # the statistics autovacuum keeps, now rather than later
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    kvk = "20000000"
    plans = {
        "status (all contracts with their figures)": status_query(),
        "a supplier's contracts": select(contracts.c.id).where(contracts.c.contractor_kvk == kvk),
        "a supplier's latest reports (refresh)": LATEST_OF_SUPPLIER.params(kvk=kvk),
        "a report's rows": select(report_rows).where(report_rows.c.report_id == 1),
        "a contract's newest report": select(reports.c.version).where(reports.c.contract_id == 1)
        .order_by(reports.c.version.desc()).limit(1),
        "a supplier's conflicts": select(conflicts).where(conflicts.c.contractor_kvk == kvk),
    }  # fmt: skip
    for title, query in plans.items():
        print(f"  plan of {title}:")
        for line in _plan(engine, query):
            print(f"    {line}")
    engine.dispose()
    return {"add": added, "report": reported, "status": wall, "status_cpu": cpu}


def _fresh_pg_schema(base: str) -> tuple[str, object]:
    import secrets

    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    if base.startswith("postgresql://"):
        base = "postgresql+psycopg://" + base.split("://", 1)[1]
    schema = f"bench_{secrets.token_hex(4)}"
    admin = create_engine(base, poolclass=NullPool)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))

    return f"{base}{sep}options=-csearch_path%3D{schema}", drop


def register_section(count: int = 10_000, pg: str | None = None) -> dict[str, dict[str, float]]:
    """Print the register figures; returns them per database."""
    figures = {}
    with tempfile.TemporaryDirectory(prefix="clausegen-bench-register-") as tmp:
        work = Path(tmp)
        folders = make_folders(work, count)
        figures["sqlite"] = run(str(work / "register.sqlite"), folders, "SQLite")
        pg = pg or os.environ.get("CLAUSEGEN_TEST_PG")
        if pg:
            url, drop = _fresh_pg_schema(pg)
            try:
                figures["postgresql"] = run(url, folders, "PostgreSQL")
            finally:
                drop()  # type: ignore[operator]
        else:
            print("PostgreSQL: not measured (give --pg URL or set CLAUSEGEN_TEST_PG)")
    for name, f in figures.items():
        print(f"goal: status under 1 s at {count:,} contracts on {name}: {f['status']:.3f} s wall, "
              f"{f['status_cpu']:.3f} s CPU ({'met' if f['status'] < 1 else 'NOT met on the wall clock'})")  # fmt: skip
    return figures

"""The register keeps a framework holder's estimated obligation apart from the fixed ones: in
`register status` (text and --json) and in the council report (.docx and .xlsx), per contract,
supplier, category, year and in total; a report that gives the Afroepwaarde fixes the obligation."""

from __future__ import annotations

import datetime
import json
import shutil
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from alembic import command
from conftest import run_cli
from register_db import FIXTURES, db_url_fixture  # noqa: F401 - the db_url fixture
from sqlalchemy import inspect

from clausegen.register import add, backup, open_engine, recompute, report, restore, status
from clausegen.register.db import _config, make_engine, write
from clausegen.register.export import export

ROOT = Path(__file__).resolve().parent.parent
BEVEILIGING = ROOT / "examples" / "beveiliging-raamovereenkomst-houders"
DAY = datetime.date(2028, 2, 1)
ORDINARY = FIXTURES / "2026-0201"  # a fixed obligation of 20.000,00


@pytest.fixture(scope="module")
def holders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2026-0621-A (lots 1 and 2, raming 161.000,00) and 2026-0621-B (lot 1, raming 105.000,00),
    holders of a framework with several holders per lot, 5 % of their Afroepwaarde."""
    out = tmp_path_factory.mktemp("houders")
    result = run_cli("contract", f"{BEVEILIGING}.yaml", f"{BEVEILIGING}-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def _register(url: str, holders: Path):  # noqa: ANN202
    engine = open_engine(url)
    for folder in (holders / "2026-0621-A", holders / "2026-0621-B", ORDINARY):
        add(engine, folder)
    return engine


def _with_call_off(folder: Path, target: Path, amount: int) -> Path:
    """The holder's own workbook with the Afroepwaarde of lot 1 typed into its sheet Verplichting."""
    workbook = openpyxl.load_workbook(folder / f"{folder.name}-verantwoording.xlsx")
    sheet = workbook["Verplichting"]
    row = next(r for r in range(1, 60) if sheet.cell(row=r, column=1).value == "1")
    sheet.cell(row=row, column=6, value=amount)
    workbook.save(target)
    return target


def _json(engine) -> dict:  # noqa: ANN001
    return status(engine, DAY).to_json()


def test_status_shows_the_estimate_apart_and_the_totals_still_add_up(db_url: str, holders: Path) -> None:
    engine = _register(db_url, holders)
    data = _json(engine)
    total = data["total"]
    assert total["obligation_eur"] == "286000.00"  # as before: 161.000 + 105.000 + 20.000
    assert total["obligation_estimate_eur"] == "266000.00" and total["obligation_fixed_eur"] == "20000.00"
    by = {c["contract"]: c for c in data["contracts"]}
    assert [by[n]["obligation_basis"] for n in ("2026-0201", "2026-0621-A", "2026-0621-B")] == [
        "vast", "raming", "raming"
    ]  # fmt: skip
    assert by["2026-0621-A"]["obligation_estimate_eur"] == by["2026-0621-A"]["obligation_eur"] == "161000.00"
    assert by["2026-0201"]["obligation_estimate_eur"] == "0.00"
    for group in ("suppliers", "categories", "years"):
        rows = data[group]
        assert sum(Decimal(r["obligation_estimate_eur"]) for r in rows) == Decimal("266000.00")
        for r in rows:
            assert Decimal(r["obligation_fixed_eur"]) + Decimal(r["obligation_estimate_eur"]) == Decimal(
                r["obligation_eur"]
            )
    categories = {r["category"]: r for r in data["categories"]}
    assert categories["beveiliging"]["obligation_estimate_eur"] == "266000.00"
    text = run_cli("register", "--db", db_url, "status", "--peildatum", "2028-02-01").stdout.replace("\u00a0", " ")
    assert "waarvan raming" in text
    assert "De verplichting van € 286.000,00 bestaat uit € 20.000,00 vaste verplichting en € 266.000,00 raming" in text
    added = run_cli("register", "--db", db_url, "add", holders / "2026-0621-C")
    assert "tonen het apart als raming" in added.stderr.replace("\u00a0", " ")


def test_a_report_with_the_afroepwaarde_fixes_the_obligation(db_url: str, holders: Path, tmp_path: Path) -> None:
    engine = _register(db_url, holders)
    folder = holders / "2026-0621-B"
    report(engine, folder, _with_call_off(folder, tmp_path / "b.xlsx", 900000), DAY)
    data = _json(engine)
    by = {c["contract"]: c for c in data["contracts"]}
    assert by["2026-0621-B"]["obligation_basis"] == "afroepwaarde"
    assert by["2026-0621-B"]["obligation_eur"] == "45000.00"  # 5 % of 900.000
    assert by["2026-0621-B"]["obligation_estimate_eur"] == "0.00"
    assert data["total"]["obligation_eur"] == "226000.00"  # 161.000 + 45.000 + 20.000
    assert data["total"]["obligation_estimate_eur"] == "161000.00"
    assert data["total"]["obligation_fixed_eur"] == "65000.00"
    recompute(engine)  # values the stored rows again; the obligation the report fixed stays
    assert _json(engine)["total"] == data["total"]
    backup(engine, tmp_path / "kopie.json")
    restored = open_engine(str(tmp_path / "terug.sqlite"))
    restore(restored, tmp_path / "kopie.json")
    assert _json(restored)["contracts"] == data["contracts"]
    # a later report without the Afroepwaarde leaves the obligation an estimate again
    later = openpyxl.load_workbook(folder / f"{folder.name}-verantwoording.xlsx")
    later.save(tmp_path / "zonder.xlsx")
    report(engine, folder, tmp_path / "zonder.xlsx", DAY + datetime.timedelta(days=1))
    again = {c["contract"]: c for c in _json(engine)["contracts"]}["2026-0621-B"]
    assert again["obligation_basis"] == "raming" and again["obligation_eur"] == "105000.00"


def test_the_council_report_shows_the_estimate_and_why(db_url: str, holders: Path, tmp_path: Path) -> None:
    engine = _register(db_url, holders)
    folder = holders / "2026-0621-B"
    report(engine, folder, _with_call_off(folder, tmp_path / "b.xlsx", 900000), DAY)
    document = docx.Document(str(export(engine, tmp_path / "raad.docx", DAY)))
    text = "\n".join(p.text for p in document.paragraphs).replace("\u00a0", " ")
    assert "raming bij gelijke verdeling over de houders" in text
    per_category = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:4] == [
        "Categorie", "Overeenkomsten", "Verplichting", "Waarvan raming"])  # fmt: skip
    total = [c.text.replace("\u00a0", " ") for c in per_category.rows[-1].cells]
    assert total[:4] == ["Totaal", "3", "€ 226.000,00", "€ 161.000,00"]
    sources = next(t for t in document.tables if t.rows[0].cells[-1].text == "Verplichting")
    basis = {row.cells[0].text: row.cells[-1].text for row in sources.rows[1:]}
    assert basis == {
        "2026-0201": "bedrag uit het manifest",
        "2026-0621-A": "raming bij gelijke verdeling",
        "2026-0621-B": "percentage van de Afroepwaarde (verantwoording versie 1)",
    }
    book = openpyxl.load_workbook(export(engine, tmp_path / "raad.xlsx", DAY))
    sheet = book["Verplichting en realisatie per "]
    header = [c.value for c in sheet[2]]
    last = dict(zip(header, (c.value for c in sheet[sheet.max_row]), strict=True))
    assert last["Categorie"] == "Totaal"
    assert Decimal(str(last["Verplichting"])) == Decimal("226000.00")
    assert Decimal(str(last["Waarvan raming"])) == Decimal("161000.00")
    reconciliation = book["Verantwoording van de cijfers"]
    assert Decimal(str(reconciliation.cell(row=reconciliation.max_row, column=3).value)) == Decimal("226000.00")


def test_a_register_at_revision_0002_gets_the_report_obligation(tmp_path: Path, holders: Path) -> None:
    path = tmp_path / "oud.sqlite"
    engine = make_engine(str(path))
    with write(engine) as connection:
        command.upgrade(_config(connection), "0002")
    with engine.connect() as connection:
        assert "obligation" not in {c["name"] for c in inspect(connection).get_columns("reports")}
    engine.dispose()
    old = tmp_path / "oud-contract"
    shutil.copytree(ORDINARY, old)
    upgraded = open_engine(str(path))
    with upgraded.connect() as connection:
        assert "obligation" in {c["name"] for c in inspect(connection).get_columns("reports")}
    add(upgraded, old)
    report(upgraded, old, old / "verantwoording-2028.csv", DAY)
    assert _json(upgraded)["total"]["obligation_fixed_eur"] == "20000.00"
    data = json.loads(run_cli("register", "--db", str(path), "status", "--json", "--peildatum", "2028-02-01").stdout)
    assert data["total"]["obligation_estimate_eur"] == "0.00"


def test_the_contracts_page_shows_the_estimate(tmp_path: Path, holders: Path) -> None:
    from clausegen.web.app import create_app

    url = str(tmp_path / "web.sqlite")
    _register(url, holders)
    app = create_app(None)
    app.config["CLAUSEGEN_DB"] = url
    page = app.test_client().get("/contracten?peildatum=2028-02-01")
    html = page.get_data(as_text=True).replace("&nbsp;", " ").replace("\u00a0", " ")
    assert page.status_code == 200
    assert "€ 161.000,00<br><small>waarvan raming € 161.000,00</small>" in html
    assert "€ 20.000,00<br>" not in html  # a fixed obligation has no estimate line

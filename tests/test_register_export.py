"""The council report (`register export`) read back from .docx and .xlsx, and the contracts
page of the web form reading the same register."""

from __future__ import annotations

import datetime
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
from conftest import browser_client, docx_text, run_cli
from openpyxl import load_workbook
from register_db import FIXTURES, db_url_fixture  # noqa: F401 - the db_url fixture

from clausegen.register import add, open_engine, report
from clausegen.register.export import export
from clausegen.register.melding import record_melding
from clausegen.web.app import create_app

DAY = datetime.date(2029, 6, 1)


def _register(url: str):  # noqa: ANN202
    engine = open_engine(url)
    for name in ("2015-0007", "tender-2026-0300", "tender-2026-0301", "tender-2026-0302"):
        add(engine, FIXTURES / name)
    for name, source in (("2026-0142-P2", "verantwoording-2027.csv"), ("2026-0201", "verantwoording-2028.csv"),
                         ("2026-0142-P1", "verantwoording-2028.csv")):  # fmt: skip
        report(engine, FIXTURES / name, FIXTURES / name / source, datetime.date(2028, 4, 1))  # after every row
    return engine


def test_docx_council_report(db_url: str, tmp_path: Path) -> None:
    engine = _register(db_url)
    target = export(engine, tmp_path / "raad.docx", DAY)
    text = docx_text(target)
    for reason in ("onder de drempel: alleen een inspanningsbepaling", "leveringen: geen social-returnverplichting",
                   "looptijd korter dan het profiel vraagt"):  # fmt: skip
        assert reason in text
    assert "4 percelen hebben een social-returnverplichting, 3 niet" in text
    document = docx.Document(str(target))
    reconciliation = next(
        [[c.text.replace("\u00a0", " ") for c in row.cells] for row in t.rows]
        for t in document.tables
        if t.rows[0].cells[-1].text == "Meegeteld"
    )
    assert reconciliation[0] == [
        "Overeenkomst",
        "KvK",
        "Verplichting",
        "Verantwoord",
        "Aftrek",
        "Bundeling",
        "Meegeteld",
    ]
    # 40,000 + 42,484.57 + (25,000 - 10,000 for K-001's overlap with P2) + 0; P1's B-18 was already
    # employed before the start date and does not count (algemeen.onderwerp, lawyer5 MAJOR-1)
    assert reconciliation[-1] == ["Totaal", "", "€ 150.000,00", "€ 107.484,57", "€ 10.000,00", "€ 0,00", "€ 97.484,57"]
    sources = next(t for t in document.tables if t.rows[0].cells[1].text == "Manifest (sha256)")
    manifest_hash = __import__("hashlib").sha256((FIXTURES / "2026-0201" / "manifest.json").read_bytes()).hexdigest()
    assert manifest_hash in [row.cells[1].text for row in sources.rows]
    # 2015-0007 is short all 10,000 and 2026-0201 5,000 after their Looptijd, but no melding is
    # recorded: an indicative tekort, the Hersteltermijn not started, no boete
    charges = next(t for t in document.tables if t.rows[0].cells[-1].text == "Boete")
    assert [c.text for c in charges.rows[0].cells][-3:] == ["Hersteltermijn", "Indicatief tekort", "Boete"]
    assert {row.cells[4].text for row in charges.rows[1:-1]} == {"nog niet aangevangen"}
    assert [c.text for c in charges.rows[-1].cells][-2:] == ["€\u00a015.000,00", "€\u00a00,00"]
    with zipfile.ZipFile(target) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(images) == 1 and package.read(images[0])[:4] == b"\x89PNG"
    again = export(engine, tmp_path / "raad2.docx", DAY)
    assert again.read_bytes() == target.read_bytes()
    record_melding(engine, "2015-0007", datetime.date(2018, 2, 1))
    record_melding(engine, "2026-0201", datetime.date(2029, 3, 15))  # Hersteltermijn until 2029-06-15
    after = docx.Document(str(export(engine, tmp_path / "raad3.docx", DAY)))
    charges = next(t for t in after.tables if t.rows[0].cells[-1].text == "Boete")
    by = {row.cells[0].text: [c.text for c in row.cells] for row in charges.rows[1:-1]}
    assert by["2015-0007"][3:] == ["1 februari 2018", "afgelopen", "€\u00a010.000,00", "€\u00a010.000,00"]
    assert by["2026-0201"][3:] == ["15 maart 2029", "loopt", "€\u00a05.000,00", "€\u00a00,00"]
    assert charges.rows[-1].cells[-1].text == "€\u00a010.000,00"


def test_xlsx_council_report(db_url: str, tmp_path: Path) -> None:
    engine = _register(db_url)
    book = load_workbook(export(engine, tmp_path / "raad.xlsx", DAY))
    assert book.sheetnames[:2] == ["Dekking", "Verplichting en realisatie per "]
    sheet = book["Verantwoording van de cijfers"]
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[0] == "Totaal" and Decimal(str(last[-1])) == Decimal("97484.57")
    assert book["Grafiek"]._images


def test_export_cli_refuses_other_suffixes(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAUSEGEN_DB", raising=False)
    result = run_cli("register", "export", "-o", "raad.pdf")
    assert result.exit_code == 2 and ".docx of .xlsx" in result.stderr
    assert run_cli("register", "export", "-o", "raad.docx").exit_code == 0
    assert run_cli("register", "export", "-o", "raad.docx").exit_code == 2  # exists, no --force


def test_web_contracts_page(db_url: str) -> None:
    _register(db_url)
    app = create_app(None)
    app.config["CLAUSEGEN_DB"] = db_url
    page = app.test_client().get("/contracten?peildatum=2028-02-01")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "2026-0142-P2" in html and "Voorbeeld Schoonmaak B.V." in html
    assert '<progress value="94.41" max="100"' in html  # 42,484.57 of 45,000
    assert "€ 45.000,00" in html.replace("&nbsp;", " ").replace("\u00a0", " ")
    assert "Hersteltermijn nog niet aangevangen" in html  # 2015-0007: short after 2017, no melding


def test_web_upload_stores_into_the_register(tmp_path: Path) -> None:
    import io

    url = str(tmp_path / "web.sqlite")
    app = create_app(None)
    app.config["CLAUSEGEN_DB"] = url
    client = browser_client(app)
    folder = FIXTURES / "2026-0142-P2"
    data = {
        "manifest": (io.BytesIO((folder / "manifest.json").read_bytes()), "manifest.json"),
        "verantwoording": (io.BytesIO((folder / "verantwoording-2027.csv").read_bytes()), "verantwoording-2027.csv"),
        "peildatum": "2028-02-01",
    }
    page = client.post("/contracten", data=data, content_type="multipart/form-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Verantwoording van 2026-0142-P2 opgeslagen als versie 1." in html
    assert '<progress value="94.41" max="100"' in html
    from clausegen.register import status

    assert status(open_engine(url), datetime.date(2028, 2, 1)).total.realised == Decimal("42484.57")
    empty = client.post("/contracten", data={"peildatum": "2028-02-01"}, content_type="multipart/form-data")
    assert empty.status_code == 422 and "Kies het manifest.json van de overeenkomst" in empty.get_data(as_text=True)

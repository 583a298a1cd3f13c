"""The realisation page of `clausegen serve` through Flask's test client: the figures and rows
equal `clausegen realisatie`, the chart is shown, the letter downloads with the same bytes as the
CLI writes, and bad uploads get a Dutch message on the page, never a traceback."""

from __future__ import annotations

import base64
import datetime
import io
import json
from pathlib import Path

import lxml.html
import pytest
from conftest import docx_text
from contract_builder import contract_folder, fill_workbook, manifest, workbook_path, write_csv

import clausegen
from clausegen.web.app import create_app

D = datetime.date
ROWS = [
    ("2", "K-001", "participatiewet", 18, D(2028, 1, 1), D(2028, 6, 30), "", "", "halve dag"),
    ("2", "K-005", "ww", 36, D(2028, 1, 1), D(2028, 12, 31), "", "", "buiten de Doelgroep"),
    ("2", "111222333", "participatiewet", 36, D(2028, 1, 1), D(2028, 12, 31), "", "", ""),
]


@pytest.fixture(scope="module")
def client():  # noqa: ANN201
    client = create_app(None).test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"  # as a browser sends on the form's posts
    return client


def _post(client, manifest_bytes: bytes, report: bytes, name: str, peildatum: str = "2029-04-01"):  # noqa: ANN001, ANN202
    return client.post(
        "/realisatie",
        data={
            "manifest": (io.BytesIO(manifest_bytes), "manifest.json"),
            "report": (io.BytesIO(report), name),
            "peildatum": peildatum,
        },
        content_type="multipart/form-data",
    )


def test_the_page_offers_the_two_uploads(client) -> None:  # noqa: ANN001
    response = client.get("/realisatie")
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.data)
    assert doc.xpath("//input[@name='manifest'][@type='file']") and doc.xpath("//input[@name='report'][@type='file']")
    assert doc.xpath("//nav/a[@aria-current='page']/text()") == ["Realisatie"]


def test_a_workbook_upload_shows_the_valuation_rows_and_chart(client, tmp_path: Path) -> None:  # noqa: ANN001
    folder = contract_folder(tmp_path / "out")
    filled = fill_workbook(workbook_path(folder), tmp_path / "ingevuld.xlsx", ROWS)
    response = _post(client, (folder / "manifest.json").read_bytes(), filled.read_bytes(), "ingevuld.xlsx")
    assert response.status_code == 200, response.data[:500]
    doc = lxml.html.fromstring(response.data)
    cli = clausegen.realisatie(folder, filled, D(2029, 4, 1))
    cells = [td.text_content().replace("\u00a0", " ") for td in doc.xpath("//table[contains(@class,'figures')]//td")]
    assert cells[:3] == ["Perceel 2", "€ 45.000,00", "€ 10.000,00"]
    assert str(cli.realised_eur) == "10000.00"
    lines = [li.text_content() for li in doc.xpath("//ul[@class='rows']/li")]
    assert (
        lines[0].startswith("rij 2: €")
        and "geldt volgens de Waardetabel niet voor de Doelgroep van deze aanbesteding" in lines[1]
    )
    assert "lijkt op een BSN" in lines[2] and "111222333" not in response.get_data(as_text=True)
    (img,) = doc.xpath("//img[@class='chart']")
    assert base64.b64decode(img.get("src").split(",", 1)[1]).startswith(b"\x89PNG")
    assert "Regels (1 van 3 tellen mee)" in doc.text_content()


def test_the_letter_downloads_and_equals_the_cli_letter(client, tmp_path: Path) -> None:  # noqa: ANN001
    folder = contract_folder(tmp_path / "out")
    report = write_csv(tmp_path / "verantwoording.csv", ROWS)
    page = _post(client, (folder / "manifest.json").read_bytes(), report.read_bytes(), "verantwoording.csv")
    doc = lxml.html.fromstring(page.data)
    form = doc.xpath("//form[contains(@action,'/realisatie/brief')]")[0]
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    response = client.post("/realisatie/brief", data=fields)
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert 'filename="2026-0142-P2-realisatie-2029-04-01.docx"' in response.headers["Content-Disposition"]
    out = tmp_path / "cli.docx"
    clausegen.realisatie(folder, report, "2029-04-01", output=out)
    assert response.data == out.read_bytes()
    (tmp_path / "web.docx").write_bytes(response.data)
    assert "€\u00a010.000,00" in docx_text(tmp_path / "web.docx")


@pytest.mark.parametrize(
    ("manifest_bytes", "report", "name", "status", "message"),
    [
        (b"{kapot", b"perceel", "r.csv", 422, "geen geldige JSON"),
        (json.dumps({"contract": {}}).encode(), b"x", "r.csv", 422, "valuation ontbreekt"),
        (None, b"PK\x03\x04rommel", "r.xlsx", 422, "geen leesbare werkmap"),
        (None, b"naam;x\n", "r.csv", 422, "de kolommen kloppen niet"),
        (None, b"x", "r.pdf", 422, "geen verantwoording"),
    ],
)
def test_bad_uploads_get_a_message_on_the_page(client, manifest_bytes, report, name, status, message) -> None:  # noqa: ANN001
    raw = manifest_bytes if manifest_bytes is not None else json.dumps(manifest()).encode()
    response = _post(client, raw, report, name)
    assert response.status_code == status
    text = lxml.html.fromstring(response.data).xpath("//div[@id='realisatie-errors']")[0].text_content()
    assert message in text and "Traceback" not in response.get_data(as_text=True)


def test_missing_files_a_bad_date_and_a_tampered_letter_form(client) -> None:  # noqa: ANN001
    response = client.post("/realisatie", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Kies het manifest.json van de overeenkomst" in response.get_data(as_text=True)
    bad_day = _post(client, json.dumps(manifest()).encode(), b"perceel", "r.csv", peildatum="1-4-2029")
    assert bad_day.status_code == 422 and "JJJJ-MM-DD" in bad_day.get_data(as_text=True)
    tampered = client.post("/realisatie/brief", data={"manifest_b64": "!!!", "report_b64": ""})
    assert tampered.status_code == 400 and "lees ze opnieuw in" in tampered.get_data(as_text=True)
    foreign = client.post("/realisatie", data={}, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403

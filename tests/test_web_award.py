"""The web form's award step through Flask's test client: contractor details per contract, then
the contract documents as a .zip or one by one, each with only its own lots and obligation."""

from __future__ import annotations

import io
import json
import zipfile

import lxml.html
import pytest
from conftest import browser_client, docx_text

from clausegen.web.app import create_app

TENDER_FORM = {
    "reference": "2026-0142",
    "title": "Schoonmaakdiensten kantoren Den Haag",
    "contracting_authority": "Ministerie van Voorbeeldzaken",
    "authority_legal_entity": "De Staat der Nederlanden",
    "authority_represented_by": "de secretaris-generaal",
    "category": "schoonmaak",
    "contract_type": "overeenkomst",
    "value_eur": "2.400.000",
    "duration_months": "48",
    "publication_date": "2026-12-01",
    "lots-0-id": "1",
    "lots-0-title": "Den Haag Centrum",
    "lots-0-value_eur": "1.500.000",
    "lots-1-id": "2",
    "lots-1-title": "Den Haag Zuid",
    "lots-1-value_eur": "900.000",
}
CONTRACTS = {
    "award_date": "2027-03-01",
    "contract-0-number": "2026-0142-P1",
    "contract-0-name": "Schoon Centrum B.V.",
    "contract-0-kvk": "87654321",
    "contract-0-address": "Plein 10, Den Haag",
    "contract-0-signatory": "A. Jansen",
    "contract-0-lots": "1",
    "contract-0-start_date": "2027-04-01",
    "contract-1-number": "2026-0142-P2",
    "contract-1-name": "Voorbeeld Schoonmaak B.V.",
    "contract-1-kvk": "12345678",
    "contract-1-address": "Voorbeeldstraat 1, Den Haag",
    "contract-1-signatory": "J. de Vries",
    "contract-1-lots": "2",
    "contract-1-start_date": "2027-04-01",
}


@pytest.fixture
def client():  # noqa: ANN201
    return browser_client(create_app())


def test_award_step_offers_one_contract_per_lot(client) -> None:  # noqa: ANN001
    response = client.post("/award", data=TENDER_FORM)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.data)
    assert page.xpath("//input[@name='contract-0-number']/@value") == ["2026-0142-P1"]
    assert page.xpath("//input[@name='contract-1-lots']/@value") == ["2"]
    assert page.xpath("//input[@type='hidden' and @name='authority_legal_entity']/@value") == [
        "De Staat der Nederlanden"
    ]


def test_award_step_downloads_each_contract_with_only_its_lots(client, tmp_path) -> None:  # noqa: ANN001
    response = client.post("/award/contracts", data={**TENDER_FORM, **CONTRACTS, "download": "zip"})
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert "2026-0142-P2/2026-0142-P2-overeenkomst-social-return.docx" in names
    assert "2026-0142-P1/manifest.json" in names
    manifest = json.loads(archive.read("2026-0142-P2/manifest.json"))
    assert manifest["contract"]["obligation_eur"] == "45000.00" and manifest["contract"]["lots"] == ["2"]
    path = tmp_path / "p2.docx"
    path.write_bytes(archive.read("2026-0142-P2/2026-0142-P2-overeenkomst-social-return.docx"))
    text = docx_text(path).replace("\u00a0", " ")
    assert "Voorbeeld Schoonmaak B.V." in text and "€ 45.000,00" in text
    assert "€ 75.000,00" not in text and "€ 120.000,00" not in text and "Schoon Centrum" not in text
    assert (
        "De Staat der Nederlanden (Ministerie van Voorbeeldzaken), vertegenwoordigd door de secretaris-generaal" in text
    )
    one = client.post("/award/contracts", data={**TENDER_FORM, **CONTRACTS, "download": "2026-0142-P1"})
    assert one.status_code == 200
    assert one.headers["Content-Disposition"] == 'attachment; filename="2026-0142-P1-overeenkomst-social-return.docx"'


def test_award_step_shows_every_problem(client) -> None:  # noqa: ANN001
    data = {**TENDER_FORM, **CONTRACTS, "contract-1-lots": "1", "contract-0-kvk": "123"}
    response = client.post("/award/contracts", data=data)
    assert response.status_code == 422
    page = lxml.html.fromstring(response.data)
    problems = page.xpath("//div[@id='award-errors']//li/text()")
    assert any("KvK-nummer bestaat uit precies 8 cijfers" in p for p in problems), problems
    # the typed values stay in the form
    assert page.xpath("//input[@name='contract-0-kvk']/@value") == ["123"]


def test_award_step_sends_a_broken_tender_back_to_the_form(client) -> None:  # noqa: ANN001
    response = client.post("/award", data={**TENDER_FORM, "duration_months": "veel"})
    assert response.status_code == 422
    assert b"Looptijd" in response.data

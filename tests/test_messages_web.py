"""The web form's messages (`web.*`) and the messages of the files it reads, through Flask's test
client with real files: Dutch from the catalog, rendered by the one renderer (`web/messages.py`)
with the upload's name and line, a validation message on the field its key path names, never a
temporary path or a traceback; English when the language is English."""

from __future__ import annotations

import ast
import io
import json
import re
import socket
from pathlib import Path

import lxml.html
import pytest
from conftest import EXAMPLES, browser_client, run_cli
from register_db import FIXTURES

from clausegen import catalog
from clausegen.library.roots import resolve_root
from clausegen.realisation import COLUMNS
from clausegen.web import views
from clausegen.web.app import create_app

PACKAGE = Path(__file__).resolve().parent.parent / "clausegen"
TENDER = (EXAMPLES / "schoonmaak-den-haag.yaml").read_bytes()


@pytest.fixture(scope="module")
def app():  # noqa: ANN201
    return create_app(resolve_root(None))


@pytest.fixture
def client(app, tmp_path: Path):  # noqa: ANN001, ANN201
    app.config["CLAUSEGEN_DB"] = str(tmp_path / "web.sqlite")
    return browser_client(app)


@pytest.fixture
def english():  # noqa: ANN201
    catalog.set_language("en")
    yield
    catalog.set_language(None)


def doc(response) -> lxml.html.HtmlElement:  # noqa: ANN001
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and 'File "' not in body
    return lxml.html.fromstring(body)


def upload_errors(response) -> list[str]:  # noqa: ANN001
    return [p.text_content().strip() for p in doc(response).get_element_by_id("error-tender_file").iter("p")]


def upload(client, content: bytes, name: str = "aanbesteding.yaml"):  # noqa: ANN001, ANN201
    return client.post("/upload", data={"tender_file": (io.BytesIO(content), name)})


def test_an_upload_names_the_file_and_line_as_the_cli_does(client, tmp_path: Path) -> None:  # noqa: ANN001
    tabbed = TENDER.replace(b"title:", b"\ttitle:", 1)
    response = upload(client, tabbed, "../../mappen/tender.yaml")
    assert response.status_code == 422
    (line,) = upload_errors(response)
    assert line == (
        "tender.yaml:3: in kolom 1 staat een tab; YAML springt alleen in met spaties: vervang de tab door spaties "
        "(twee per niveau, zoals de regels erboven)"
    )
    file = tmp_path / "tender.yaml"
    file.write_bytes(tabbed)
    assert run_cli("calc", file).stderr.strip() == f"Error: {tmp_path}/{line}"
    response = upload(client, b"reference: 2026\n\xff\xfe\n")
    assert upload_errors(response) == ["aanbesteding.yaml:2: het bestand is geen UTF-8-tekst; sla het op als UTF-8"]


def test_a_field_the_form_cannot_hold_is_refused_not_dropped(client) -> None:  # noqa: ANN001
    framework = TENDER.replace(b"contract_type: overeenkomst", b"contract_type: raamovereenkomst\nsuppliers: 3")
    response = upload(client, framework)
    assert response.status_code == 422
    (line,) = upload_errors(response)
    assert re.fullmatch(
        r"aanbesteding\.yaml:\d+: suppliers: het formulier heeft hiervoor geen veld en zou het weglaten; "
        r"maak de documenten van dit bestand met `clausegen generate`, of haal de regel weg om het formulier te "
        r"gebruiken",
        line,
    )


def test_an_authority_with_its_legal_entity_fills_the_form(client) -> None:  # noqa: ANN001
    party = TENDER.replace(
        b"contracting_authority: Ministerie van Voorbeeldzaken",
        b"contracting_authority:\n  name: Ministerie van Voorbeeldzaken\n  legal_entity: De Staat der Nederlanden\n",
    )
    assert party != TENDER
    response = upload(client, party)
    assert response.status_code == 200
    page = doc(response)
    assert page.get_element_by_id("f-authority_legal_entity").get("value") == "De Staat der Nederlanden"
    assert page.get_element_by_id("f-contracting_authority").get("value") == "Ministerie van Voorbeeldzaken"


def test_a_bad_value_in_an_upload_sits_on_its_field(client) -> None:  # noqa: ANN001
    response = upload(client, TENDER.replace(b"value_eur: 2400000", b"value_eur: veel", 1))
    page = doc(response)
    assert page.get_element_by_id("error-value_eur").text_content().strip() == (
        "'veel' is geen bedrag; schrijf bijvoorbeeld 1500000 of 1500000.50"
    )


def test_the_contracts_page_names_the_uploaded_file_not_a_temporary_folder(client) -> None:  # noqa: ANN001
    def post(manifest: bytes | None, report: bytes | None, day: str = "2028-02-01"):  # noqa: ANN202
        data: dict = {"peildatum": day}
        if manifest is not None:
            data["manifest"] = (io.BytesIO(manifest), "manifest.json")
        if report is not None:
            data["verantwoording"] = (io.BytesIO(report), "verantwoording.csv")
        response = client.post("/contracten", data=data, content_type="multipart/form-data")
        assert response.status_code == 422
        return [p.text_content() for p in doc(response).find_class("error")[0].iter("p")]

    manifest = (FIXTURES / "2026-0142-P2" / "manifest.json").read_bytes()
    report = (FIXTURES / "2026-0142-P2" / "verantwoording-2027.csv").read_bytes()
    assert post(None, report) == [
        "Kies het manifest.json van de overeenkomst (uit de map die `clausegen contract` schreef)."
    ]
    assert post(manifest, None) == ["Kies de ingevulde verantwoording (.xlsx of .csv)."]
    assert post(manifest, report, "1-2-2028") == [
        "peildatum: '1-2-2028' is geen datum; schrijf de peildatum als JJJJ-MM-DD, bijvoorbeeld 2028-04-01"
    ]
    tender = (FIXTURES / "tender-2026-0300" / "manifest.json").read_bytes()
    assert post(tender, report) == [
        "manifest.json: dit manifest.json is van een aanbesteding; een verantwoording hoort bij een overeenkomst: "
        "geef de map van de overeenkomst die `clausegen contract` schreef"
    ]
    data = json.loads(manifest)
    data["contract"]["end_date"] = "2020-01-01"
    (line,) = post(json.dumps(data).encode(), report)
    assert line.startswith("manifest.json: contract.end_date: de einddatum 2020-01-01 ligt vóór de ingangsdatum")
    assert "/tmp" not in line
    assert post(manifest, b"naam;bedrag\n") == [
        "verantwoording.csv:1: de kolommen kloppen niet: kolom 1 heet 'naam', daar hoort 'perceel'; de eerste rij "
        f"moet de kolommen {', '.join(COLUMNS)} bevatten, in deze volgorde"
    ]
    assert post(b" " * 200_001, report)[0].startswith("manifest.json: dit manifest.json is groter dan 200.000 bytes")


def test_the_realisation_page_in_english(client, english) -> None:  # noqa: ANN001
    manifest = (FIXTURES / "2026-0142-P2" / "manifest.json").read_bytes()
    data = {"manifest": (io.BytesIO(manifest), "manifest.json"), "report": (io.BytesIO(b"x"), "r.pdf")}
    response = client.post("/realisatie", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    errors = [p.text_content() for p in doc(response).get_element_by_id("realisatie-errors").iter("p")]
    assert errors == [
        "r.pdf: this is not a verantwoording; give the filled-in workbook (.xlsx) or a .csv with the same columns"
    ]
    response = client.post("/realisatie", data={}, content_type="multipart/form-data")
    assert "Choose the contract's manifest.json" in doc(response).text_content()
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "This page does not exist; go to the form on the start page." in doc(response).text_content()


def test_a_preview_that_breaks_says_where_the_details_are(monkeypatch: pytest.MonkeyPatch) -> None:
    from clausegen.library.load import load_library
    from clausegen.review import preview

    def broken(*args: object) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setattr(preview, "preview", broken)
    shown = views.clause_preview(load_library(resolve_root(None)), "x")
    assert shown["error"] == "interne fout; de technische melding staat in het venster waarin clausegen serve draait"


def test_serve_says_why_it_cannot_listen(tmp_path: Path) -> None:
    result = run_cli("serve", "--host", "192.0.2.1", "--port", "8000")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Error: 192.0.2.1 is geen adres van deze computer; geef met --host een eigen adres, zoals 127.0.0.1"
    )
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("--lang", "en", "serve", "--port", port)
    assert result.stderr.splitlines()[-1] == (
        f"Error: port {port} on 127.0.0.1 is already in use (is clausegen serve already running?); choose another "
        "port with --port, or --port 0 for a free one"
    )


def test_every_web_message_is_in_both_catalogs() -> None:
    """The web form's own messages are looked up by `text(code)` / `message(code)`: each code
    there has a Dutch and an English entry (tests/test_errors.py checks the raised codes)."""
    used = set()
    for path in (PACKAGE / "web").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("text", "message") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    used.add(first.value)
            if isinstance(node, ast.Dict):  # the HTTP status codes' messages
                used |= {
                    v.value for v in node.values if isinstance(v, ast.Constant) and str(v.value).startswith("web.")
                }
    assert len(used) > 15
    for lang in catalog.LANGUAGES:
        assert not [code for code in sorted(used) if not catalog.has(code, lang)], lang


def test_an_upload_with_many_problems_shows_the_limit_then_how_many_more(client) -> None:  # noqa: ANN001
    lots = "".join(f"  - id: {n}\n    title: Perceel {n}\n    value_eur: veel\n" for n in range(1, 26))
    text = (
        TENDER.decode()
        .split("lots:")[0]
        .replace("contract_type: overeenkomst", "contract_type: overeenkomst\nsuppliers: 2")
    )
    response = upload(client, (text + "lots:\n" + lots).encode())
    lines = upload_errors(response)
    assert len(lines) == 21 and lines[-1].startswith("en nog 6 ")
    assert lines[0].startswith("aanbesteding.yaml:") and "lots.0.value_eur: 'veel' is geen bedrag" in lines[0]

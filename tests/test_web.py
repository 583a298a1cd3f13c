"""`clausegen serve` through Flask's test client: the plan equals `clausegen calc --json`, the
downloads equal `clausegen generate`, messages are Dutch and sit next to their field, uploads
are read strictly from bytes, and bad requests get a message, never a traceback."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import shutil
import socket
import zipfile
from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import EXAMPLES, docx_text, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausegen import fmt
from clausegen.library.load import load_library, resolve_root
from clausegen.model import Tender
from clausegen.web.app import MAX_REQUEST_BYTES, create_app
from clausegen.web.forms import parse_amount

LOONSOM_PROFILE = """\
id: groenbeheer
name: Groenbeheer en terreinonderhoud
version: 1
owner: Categoriemanagement Facilitair
kind: diensten
basis: loonsom
min_duration_months: 6
value_table: standaard
reference_block: plaatsing-a
target_groups: [participatiewet, banenafspraak]
bands:
  - up_to: 250000
    instruments: []
    effort_clause: true
  - percentage: 5
    instruments: [generieke-maatregel, bouwblokken]
labour_extensive:
  below_share: 0.30
  percentage: 2
max_obligation_eur: 300000
settings:
  min_groups_outside_sensitive_kind: 1
"""

EXAMPLE = {
    "reference": "2026-0142",
    "title": "Schoonmaakdiensten kantoren Den Haag",
    "contracting_authority": "Ministerie van Voorbeeldzaken",
    "category": "schoonmaak",
    "contract_type": "overeenkomst",
    "value_eur": 2400000,
    "duration_months": 48,
    "publication_date": "2026-12-01",
    "lots": [
        {"id": "1", "title": "Den Haag Centrum", "value_eur": 1500000},
        {"id": "2", "title": "Den Haag Zuid", "value_eur": 900000},
    ],
    "target_groups": ["banenafspraak", "participatiewet", "statushouders"],
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The library buyers get, plus one profile that computes over the wage bill."""
    root = tmp_path_factory.mktemp("library")
    source = resolve_root(None)
    shutil.copytree(source / "clauses", root / "clauses")
    shutil.copytree(source / "profiles", root / "profiles")
    (root / "profiles" / "groenbeheer.yaml").write_text(LOONSOM_PROFILE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def client(library: Path):
    client = create_app(library).test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"  # as a browser sends on the form's posts
    return client


def amount_field(value: object) -> str:
    """How a buyer types an amount: Dutch thousands separators and decimal comma."""
    number = Decimal(str(value))
    return fmt.aantal(number, 2 if number != number.to_integral_value() else 0).replace("\u00a0", "")


def form_for(tender: dict) -> dict:
    """The form fields a buyer fills in for this tender."""
    form: dict = {}
    for key in ("reference", "title", "contracting_authority", "category", "contract_type", "publication_date"):
        if key in tender:
            form[key] = str(tender[key])
    if "value_eur" in tender:
        form["value_eur"] = amount_field(tender["value_eur"])
    if "duration_months" in tender:
        form["duration_months"] = str(tender["duration_months"])
    if "labour_share" in tender:
        form["labour_share"] = amount_field(Decimal(str(tender["labour_share"])) * 100)
    for index, lot in enumerate(tender.get("lots", [])):
        form[f"lots-{index}-id"] = lot["id"]
        form[f"lots-{index}-title"] = lot["title"]
        form[f"lots-{index}-value_eur"] = amount_field(lot["value_eur"])
    if "target_groups" in tender:
        form["target_groups_shown"] = "1"
        form["target_groups"] = list(tender["target_groups"])
    return form


def calc_json(tender: dict, library: Path, tmp_path: Path) -> dict:
    """`clausegen calc --json` on a tender file written from the same data."""
    path = tmp_path / "tender.yaml"
    data = dict(tender, publication_date=datetime.date.fromisoformat(tender["publication_date"]))
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = run_cli("calc", path, "--json", "--library", library)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def page(response) -> lxml.html.HtmlElement:  # noqa: ANN001
    return lxml.html.fromstring(response.get_data(as_text=True))


def error_text(doc: lxml.html.HtmlElement, field: str) -> str:
    return doc.get_element_by_id(f"error-{field}").text_content().strip()


def no_traceback(response) -> None:  # noqa: ANN001
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and 'File "' not in body and "Error:" not in body.split("</title>")[0]


# ---------------------------------------------------------------------------------- the page


def test_form_offers_the_profiles_by_name_and_sets_safe_headers(client) -> None:  # noqa: ANN001
    response = client.get("/")
    assert response.status_code == 200
    doc = page(response)
    options = {o.get("value"): o.text_content() for o in doc.get_element_by_id("f-category").findall("option")}
    assert options["schoonmaak"] == "Schoonmaakdiensten"
    assert options["groenbeheer"] == "Groenbeheer en terreinonderhoud"
    assert doc.get_element_by_id("f-reference").get("name") == "reference"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers  # no session: nothing of a tender is kept


def test_templates_escape_what_the_buyer_typed(client) -> None:  # noqa: ANN001
    form = form_for(EXAMPLE)
    form["title"] = '<script>alert("x")</script> & co'
    response = client.post("/", data=form)
    body = response.get_data(as_text=True)
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body
    assert page(response).get_element_by_id("f-title").get("value") == form["title"]


# ---------------------------------------------------------------------------------- the plan


PLAN_CASES = {
    "example with lots": EXAMPLE,
    "one lot, below the threshold": dict(
        EXAMPLE, reference="K-1", value_eur=180000, lots=[], contract_type="overeenkomst", target_groups=[]
    ),
    "too short": dict(EXAMPLE, reference="K-2", duration_months=4),
    "framework above 5 million": dict(
        {k: v for k, v in EXAMPLE.items() if k not in ("lots", "target_groups")},
        reference="RO-7",
        contract_type="raamovereenkomst",
        value_eur="6250000.55",
    ),
    "wage bill, labour-extensive": dict(
        {k: v for k, v in EXAMPLE.items() if k not in ("lots", "target_groups")},
        category="groenbeheer",
        value_eur=3000000,
        labour_share="0.25",
    ),
    "wage bill, capped": dict(
        {k: v for k, v in EXAMPLE.items() if k not in ("lots", "target_groups")},
        category="groenbeheer",
        value_eur="99000000",
        labour_share="0.8",
    ),
}


def _clean(tender: dict) -> dict:
    """Drop empty lists (a form without lots or groups) and use exact decimals in the file."""
    out = {k: v for k, v in tender.items() if v != []}
    for key in ("value_eur", "labour_share"):
        if isinstance(out.get(key), str):
            out[key] = float(out[key]) if "." in out[key] else int(out[key])
    return out


@pytest.mark.parametrize("name", list(PLAN_CASES))
def test_plan_endpoint_equals_calc_json(client, library: Path, tmp_path: Path, name: str) -> None:  # noqa: ANN001
    tender = _clean(PLAN_CASES[name])
    response = client.post("/api/plan", data=form_for(tender))
    body = response.get_json()
    assert response.status_code == 200, body["errors"]
    assert body["ok"] is True
    assert body["plan"] == calc_json(tender, library, tmp_path)
    view = body["view"]
    assert view["total_obligation"] == fmt.euro(Decimal(body["plan"]["total_obligation_eur"]))
    for lot, shown in zip(body["plan"]["lots"], view["lots"], strict=True):
        assert shown["obligation"] == fmt.euro(Decimal(lot["obligation_eur"]))
        assert shown["band"] == (lot["band"] or "–")
    assert view["explain"][0].startswith(f"Aanbesteding {tender['reference']}")
    assert view["total_obligation"] in body["panel"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cents=st.integers(min_value=1, max_value=20_000_000_000),
    months=st.integers(min_value=1, max_value=120),
    framework=st.booleans(),
)
def test_plan_endpoint_equals_calc_json_for_any_value(client, library, tmp_path, cents, months, framework) -> None:  # noqa: ANN001
    value = Decimal(cents) / 100
    tender = {k: v for k, v in EXAMPLE.items() if k not in ("lots", "target_groups")}
    tender.update(
        value_eur=float(value) if cents % 100 else int(value),
        duration_months=months,
        contract_type="raamovereenkomst" if framework else "overeenkomst",
    )
    response = client.post("/api/plan", data=form_for(tender))
    assert response.get_json()["plan"] == calc_json(tender, library, tmp_path)


def test_dutch_amounts_are_read_as_the_buyer_means_them() -> None:
    assert parse_amount("2.400.000") == Decimal("2400000")
    assert parse_amount("€ 1.250.000,50") == Decimal("1250000.50")
    assert parse_amount("2400000.5") == Decimal("2400000.5")
    assert parse_amount("1,5") == Decimal("1.5")
    assert parse_amount("veel") == "veel"  # left to the model, which refuses it


# ---------------------------------------------------------------------------------- downloads


def test_zip_holds_the_documents_manifest_and_tender_as_generate_writes_them(client, library, tmp_path) -> None:  # noqa: ANN001
    response = client.post("/generate", data=form_for(EXAMPLE))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="2026-0142-social-return.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    manifest = json.loads(archive.read("manifest.json"))
    kinds = [d["kind"] for d in manifest["documents"]]
    assert kinds[:2] == ["bijlage", "overeenkomst"]
    assert sorted(names) == sorted(
        [d["path"] for d in manifest["documents"]] + ["manifest.json", "2026-0142-aanbesteding.yaml"]
    )
    for entry in manifest["documents"]:
        data = archive.read(entry["path"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    tender_bytes = archive.read("2026-0142-aanbesteding.yaml")
    assert manifest["tender"]["sha256"] == hashlib.sha256(tender_bytes).hexdigest()

    archive.extractall(tmp_path / "web")
    text = docx_text(tmp_path / "web" / "2026-0142-overeenkomst-social-return.docx")
    for lot in manifest["plan"]["lots"]:
        assert fmt.euro(Decimal(lot["obligation_eur"])) in text
    assert "Den Haag Zuid" in text

    # The saved tender run through the CLI gives the very same documents and manifest.
    result = run_cli("generate", tmp_path / "web" / "2026-0142-aanbesteding.yaml", "-o", tmp_path / "cli",
                     "--json", "--library", library)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == manifest
    for entry in manifest["documents"]:
        assert (tmp_path / "cli" / entry["path"]).read_bytes() == archive.read(entry["path"])


def test_each_document_on_its_own_is_made_again_from_the_form(client) -> None:  # noqa: ANN001
    form = form_for(EXAMPLE)
    archive = zipfile.ZipFile(io.BytesIO(client.post("/generate", data=form).data))
    manifest = json.loads(archive.read("manifest.json"))
    for entry in manifest["documents"]:
        response = client.post(f"/document/{entry['kind']}", data=form)
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == f'attachment; filename="{entry["path"]}"'
        assert response.data == archive.read(entry["path"])
    missing = client.post("/document/raamovereenkomst", data=form)
    assert missing.status_code == 404
    assert "geen document van de soort 'raamovereenkomst'" in page(missing).text_content()
    assert client.post("/document/..%2F..%2Fetc%2Fpasswd", data=form).status_code == 404


def test_tender_yaml_round_trips_through_the_models(client) -> None:  # noqa: ANN001
    tender = dict(EXAMPLE, value_eur="2400000.50", lots=[
        {"id": "1", "title": "Den Haag Centrum", "value_eur": "1500000.25"},
        {"id": "2", "title": "Den Haag Zuid", "value_eur": "900000.25"},
    ])  # fmt: skip
    response = client.post("/tender.yaml", data=form_for(tender))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="2026-0142-aanbesteding.yaml"'
    saved = yaml.safe_load(response.data)
    assert set(saved) == set(tender)
    assert Tender.model_validate(saved) == Tender.model_validate(tender)
    assert Tender.model_validate(saved).value_eur == Decimal("2400000.50")


# ---------------------------------------------------------------------------------- messages


def test_validation_errors_are_dutch_and_next_to_their_field(client) -> None:  # noqa: ANN001
    form = form_for(EXAMPLE)
    form.update(title="", duration_months="vier jaar", publication_date="31-02-2026", contract_type="huur")
    form["lots-1-value_eur"] = "-5"
    form["lots-0-id"] = "1 a"
    body = client.post("/api/plan", data=form).get_json()
    assert body["ok"] is False and body["plan"] is None
    assert body["errors"] == {
        "title": ["Vul dit veld in."],
        "contract_type": ["'huur' is geen toegestane keuze; kies uit: overeenkomst, raamovereenkomst"],
        "duration_months": ["Vul een heel aantal maanden in, bijvoorbeeld 48."],
        "publication_date": ["Vul een bestaande datum in als JJJJ-MM-DD, bijvoorbeeld 2026-03-01."],
        "lots-0-id": [
            "Gebruik letters, cijfers, punt of streepje (ten hoogste 20 tekens), te beginnen met een letter of cijfer."
        ],
        "lots-1-value_eur": ["Het bedrag moet groter zijn dan nul."],
    }
    assert body["labels"]["duration_months"] == "Looptijd in maanden"

    response = client.post("/generate", data=form)  # no download: the form again, with the messages
    assert response.status_code == 422
    doc = page(response)
    assert error_text(doc, "title") == "Vul dit veld in."
    assert doc.get_element_by_id("f-title").get("aria-invalid") == "true"
    assert "error-title" in doc.get_element_by_id("f-title").get("aria-describedby")
    assert error_text(doc, "lots-1-value_eur") == "Het bedrag moet groter zijn dan nul."
    assert error_text(doc, "reference") == ""
    summary = [li.text_content() for li in doc.get_element_by_id("form-errors").findall(".//li")]
    assert "Titel: Vul dit veld in." in summary
    assert "Perceel 2, waarde (excl. btw): Het bedrag moet groter zijn dan nul." in summary
    for link in doc.get_element_by_id("form-errors").xpath(".//a/@href"):
        assert doc.get_element_by_id(link[1:]) is not None  # each links to its field


def test_messages_for_whole_tender_rules_land_on_the_right_field(client) -> None:  # noqa: ANN001
    form = form_for(dict(EXAMPLE, value_eur=2500000))
    assert client.post("/api/plan", data=form).get_json()["errors"] == {
        "value_eur": [
            "De geraamde waarde (€ 2.500.000) is niet gelijk aan de som van de percelen (€ 2.400.000); "
            "pas een van beide aan of laat de geraamde waarde leeg."
        ]
    }
    form = form_for({k: v for k, v in EXAMPLE.items() if k not in ("value_eur", "lots")})
    assert client.post("/api/plan", data=form).get_json()["errors"] == {
        "value_eur": ["Vul de geraamde waarde in, of voeg percelen toe."]
    }
    form = form_for(dict(EXAMPLE, lots=[dict(EXAMPLE["lots"][0]), dict(EXAMPLE["lots"][1], id="1")]))
    errors = client.post("/api/plan", data=form).get_json()["errors"]
    assert errors == {"lots-1-id": ["Perceelnummer '1' komt meer dan eens voor; geef elk perceel een eigen nummer."]}


def test_api_errors_come_back_to_their_field(client) -> None:  # noqa: ANN001
    errors = client.post("/api/plan", data=form_for(dict(EXAMPLE, category="schoonmak"))).get_json()["errors"]
    assert errors["category"][0].startswith(
        "Er is geen profiel voor categorie 'schoonmak' (bedoelt u 'schoonmaak'?); kies een categorie uit de lijst ("
    )
    groen = {k: v for k, v in EXAMPLE.items() if k not in ("lots", "target_groups")}
    outside = dict(groen, category="groenbeheer", labour_share="0.6", target_groups=["statushouders"])
    errors = client.post("/api/plan", data=form_for(outside)).get_json()["errors"]
    assert errors == {
        "target_groups": [
            "Doelgroep 'statushouders' hoort niet bij het profiel 'groenbeheer'; kies uit de lijst: banenafspraak, participatiewet."
        ]
    }
    errors = client.post("/api/plan", data=form_for(dict(groen, category="groenbeheer"))).get_json()["errors"]
    assert errors == {
        "labour_share": [
            "Deze categorie rekent de verplichting over de loonsom (profiel 'groenbeheer'): vul het arbeidsaandeel "
            "in (in een bestand bijvoorbeeld 'labour_share: 0.6')."
        ]
    }
    errors = client.post("/api/plan", data=form_for(dict(groen, category="groenbeheer", labour_share=2))).get_json()
    assert errors["errors"] == {
        "labour_share": ["Vul een percentage tussen 0 en 100 in, bijvoorbeeld 60 (in een bestand als deel van 1: 0.6)."]
    }


def test_labour_share_is_asked_where_the_profile_uses_it(client) -> None:  # noqa: ANN001
    doc = page(client.post("/", data={"category": "groenbeheer", "contract_type": "overeenkomst"}))
    assert doc.get_element_by_id("labour-share-field").get("hidden") is None
    groups = [i.get("value") for i in doc.get_element_by_id("groups-list").findall(".//input[@type='checkbox']")]
    assert groups == ["participatiewet", "banenafspraak"]
    doc = page(client.post("/", data={"category": "schoonmaak", "contract_type": "overeenkomst"}))
    assert doc.get_element_by_id("labour-share-field").get("hidden") is not None


def test_lots_can_be_added_and_removed_without_javascript(client) -> None:  # noqa: ANN001
    form = form_for(EXAMPLE)
    doc = page(client.post("/", data=dict(form, action="add-lot")))
    assert doc.get_element_by_id("tender").xpath(".//input[@name='lots-2-id']")[0].get("value") == "3"
    doc = page(client.post("/", data=dict(form, action="remove-lot-0")))
    assert not doc.xpath("//form[@id='tender']//input[@name='lots-0-id']")
    assert error_text(doc, "value_eur").startswith("De geraamde waarde (€ 2.400.000)")


# ---------------------------------------------------------------------------------- uploads


def test_upload_fills_the_form_and_saving_gives_the_same_tender(client) -> None:  # noqa: ANN001
    source = EXAMPLES / "schoonmaak-den-haag.yaml"
    response = client.post("/upload", data={"tender_file": (io.BytesIO(source.read_bytes()), "schoonmaak.yaml")})
    assert response.status_code == 200
    doc = page(response)
    assert doc.get_element_by_id("f-value_eur").get("value") == "2.400.000"
    plan = json.loads(run_cli("calc", source, "--json").stdout)
    total = fmt.euro(Decimal(plan["total_obligation_eur"]))
    assert total == doc.get_element_by_id("total-obligation").text_content().strip()
    fields = doc.get_element_by_id("tender").form_values()  # what the browser would post back
    saved = client.post("/tender.yaml", data=_multidict(fields))
    assert saved.status_code == 200
    original = Tender.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
    again = Tender.model_validate(yaml.safe_load(saved.data))
    # Target groups come back in the profile's order, which is the order the documents use anyway.
    assert again.model_copy(update={"target_groups": sorted(again.target_groups)}) == original.model_copy(
        update={"target_groups": sorted(original.target_groups)}
    )


def _multidict(pairs: list[tuple[str, str]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"reference: &a x\ntitle: *a\n", "YAML-ankers (&naam) zijn niet toegestaan"),
        (b"reference: a\nreference: b\n", "het veld 'reference' staat er twee keer"),
        (b"\xff\xfe\x00garbage", "geen UTF-8-tekst"),
        (b"- a list\n", "moet velden bevatten (naam: waarde)"),
        (b"reference: x\ncolour: blue\n", "onbekend veld 'colour'"),
        (b"reference: !!python/object:os.system x\n", "labels zoals"),
        (b"", "is leeg"),
    ],
)
def test_upload_is_read_strictly(client, content: bytes, expected: str) -> None:  # noqa: ANN001
    response = client.post("/upload", data={"tender_file": (io.BytesIO(content), "../../etc/passwd")})
    assert response.status_code == 422
    no_traceback(response)
    message = error_text(page(response), "tender_file")
    assert expected in message
    assert "etc" not in message  # the name from the browser is only used as a label, without folders


def test_upload_and_request_size_limits(client) -> None:  # noqa: ANN001
    big = b"reference: x\n" + b"#" * MAX_REQUEST_BYTES
    response = client.post("/upload", data={"tender_file": (io.BytesIO(big), "groot.yaml")})
    assert response.status_code == 413
    assert "te groot: ten hoogste 1 MB" in error_text(page(response), "tender_file")
    response = client.post("/api/plan", data={"title": "x" * (MAX_REQUEST_BYTES + 10)})
    assert response.status_code == 413
    assert response.get_json()["general"] == ["Het verzoek of bestand is te groot: ten hoogste 1 MB."]
    response = client.post("/api/plan", data={f"f{i}": "1" for i in range(3000)}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert client.post("/upload", data={}).status_code == 400


# ---------------------------------------------------------------------------------- safety


def test_garbage_gets_a_message_never_a_traceback(client, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    requests = [
        client.post("/api/plan", data=b"\x00\xff" * 500, content_type="multipart/form-data"),
        client.post("/api/plan", data=b"\x00\xff" * 500, content_type="multipart/form-data; boundary=x"),
        client.post("/api/plan", data={"lots-99999-id": "1", "lots-x-title": "y", "value_eur": "1e400"}),
        client.post("/api/plan", data=dict(form_for(EXAMPLE), value_eur="NaN", duration_months="9" * 40)),
        client.post("/generate", data={"title": "\x00\x01"}),
        client.post("/", data={"action": "remove-lot-zzz", "category": "../../../etc"}),
        client.get("/generate"),
        client.get("/niet-bestaand"),
        client.get("/static/../../pyproject.toml"),
    ]
    for response in requests:
        assert 400 <= response.status_code < 500, response.status_code
        no_traceback(response)

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("internal detail /secret/path")

    monkeypatch.setattr("clausegen.web.app.render_documents", broken)
    response = client.post("/generate", data=form_for(EXAMPLE))
    assert response.status_code == 500
    no_traceback(response)
    assert "/secret/path" not in response.get_data(as_text=True)
    assert "Er ging iets mis in clausegen" in page(response).text_content()


def test_other_hosts_and_sites_are_refused(client) -> None:  # noqa: ANN001
    response = client.get("/", headers={"Host": "evil.example:8000"})
    assert response.status_code == 400
    assert "Onbekende hostnaam" in page(response).text_content()
    response = client.post("/generate", data=form_for(EXAMPLE), headers={"Origin": "http://evil.example"})
    assert response.status_code == 403
    ok = client.post("/api/plan", data=form_for(EXAMPLE), headers={"Origin": "http://localhost"})
    assert ok.status_code == 200


# ---------------------------------------------------------------------------------- library


def test_library_browser_lists_clauses_and_profile_bands(client, library: Path) -> None:  # noqa: ANN001
    result = run_cli("list", "clauses", "--json", "--library", library)
    clauses = json.loads(result.stdout)
    response = client.get("/bibliotheek")
    assert response.status_code == 200
    doc = page(response)
    for clause in clauses:
        row = doc.get_element_by_id(f"bepaling-{clause['id']}")
        cells = [c.text_content().strip() for c in row.findall("td")]
        assert cells[0] == clause["id"]
        assert cells[2] == str(clause["version"])
        assert cells[3] == {"approved": "vastgesteld", "draft": "concept", "withdrawn": "ingetrokken"}[clause["status"]]
        if clause["status"] != "withdrawn":  # the text a reviewer reads is what `clausegen preview` renders
            shown = [
                p.text_content().replace("\u00a0", " ") for p in row.xpath(".//div[contains(@class, 'rendered')]/p")
            ]
            previewed = run_cli("preview", clause["id"], "--library", library).stdout
            assert shown and shown[0] == f"Artikel 1  {clause['title']}", clause["id"]
            assert all(line in previewed for line in shown)
            assert "{{" not in " ".join(shown)
    rows = _band_rows(doc, "groenbeheer")  # the fixture profile, so the figures are known here
    assert rows == [
        ["1", "€\u00a00", "€\u00a0250.000,00", "–", "geen verplichting", "inspanningsbepaling"],
        ["2", "meer dan €\u00a0250.000,00", "geen bovengrens", "5%", "Generieke maatregelBouwblokken", ""],
    ]
    lib = load_library(library)
    for profile in lib.profile_list():
        rows = _band_rows(doc, profile.id)
        assert [row[2] for row in rows] == [fmt.euro(b.up_to) if b.up_to else "geen bovengrens" for b in profile.bands]
        assert [row[3] for row in rows] == [
            fmt.percentage(b.percentage) if b.percentage else "–" for b in profile.bands
        ]


def _band_rows(doc: lxml.html.HtmlElement, profile_id: str) -> list[list[str]]:
    bands = doc.get_element_by_id(f"profiel-{profile_id}").xpath(".//table[@class='bands']/tbody/tr")
    return [[c.text_content().strip() for c in tr.findall("td")] for tr in bands]


# ---------------------------------------------------------------------------------- serve


def test_serve_refuses_a_missing_library_and_a_taken_port(tmp_path: Path, library: Path) -> None:
    result = run_cli("serve", "--library", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "bestaat niet" in result.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--library", library, "--port", port)
    assert result.exit_code == 2
    assert (
        f"poort {port} op 127.0.0.1 is al in gebruik" in result.stderr
        and "kies een andere poort met --port" in result.stderr
    )

"""generate / calc / explain / list through the CLI, with the documents read back."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from conftest import (
    FIXTURES,
    all_xml,
    article_paragraphs,
    body_paragraphs,
    body_tables,
    docx_text,
    run_cli,
    to_pdf_text,
)
from docx.oxml.ns import qn

from clausegen import fmt

LIB = FIXTURES / "library"

TENDER = """\
reference: 2026/0142 schoonmaak
title: Schoonmaakdiensten kantoren Den Haag
contracting_authority: Ministerie van Voorbeeldzaken
category: schoonmaak
contract_type: overeenkomst
value_eur: 2400000.10
duration_months: 48
publication_date: 2026-12-01
lots:
  - id: 1
    title: "1. Centrum & *Binnenstad*"
    value_eur: 1500000.05
  - id: 2
    title: Den Haag Zuid
    value_eur: 900000.05
"""


@pytest.fixture
def tender_file(tmp_path: Path) -> Path:
    path = tmp_path / "tender.yaml"
    path.write_text(TENDER, encoding="utf-8")
    return path


@pytest.fixture
def generated(tmp_path: Path, tender_file: Path) -> tuple[Path, dict]:
    out = tmp_path / "out"
    result = run_cli("generate", tender_file, "-o", out, "--library", LIB)
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def calc_json(tender_file: Path) -> dict:
    result = run_cli("calc", tender_file, "--json", "--library", LIB)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_generate_writes_documents_and_manifest(generated: tuple[Path, dict], tender_file: Path) -> None:
    out, manifest = generated
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "2026-0142-schoonmaak-bijlage-social-return.docx",
        "2026-0142-schoonmaak-overeenkomst-social-return.docx",
        "manifest.json",
    ]
    assert manifest["plan"] == calc_json(tender_file)
    assert manifest["profile"] == {"id": "schoonmaak", "version": 1}
    assert [d["kind"] for d in manifest["documents"]] == ["bijlage", "overeenkomst"]
    for document in manifest["documents"]:
        assert (out / document["path"]).exists()
        assert [c["article"] for c in document["clauses"]] == list(range(1, len(document["clauses"]) + 1))
        assert all(re.fullmatch(r"[0-9a-f]{64}", c["sha256"]) for c in document["clauses"])


def test_calc_json_follows_the_rules(tender_file: Path) -> None:
    plan = calc_json(tender_file)
    # 5 % of 1.500.000,05 = 75.000,0025 -> 75.000,00; of 900.000,05 = 45.000,0025 -> 45.000,00
    assert [lot["obligation_eur"] for lot in plan["lots"]] == ["75000.00", "45000.00"]
    assert plan["total_obligation_eur"] == "120000.00"
    assert [lot["band"] for lot in plan["lots"]] == [2, 2]
    assert plan["lots"][0]["instruments"] == ["generieke-maatregel", "bouwblokken", "buy-social"]


def test_figures_in_text_and_tables_equal_the_plan(generated: tuple[Path, dict], tender_file: Path) -> None:
    out, manifest = generated
    plan = calc_json(tender_file)
    total = fmt.euro(Decimal(plan["total_obligation_eur"]))
    for document in manifest["documents"]:
        path = out / document["path"]
        text = docx_text(path)
        model = document["kind"] == "overeenkomst"  # the model contract: per lot, never all lots together
        assert model or total in text, document["kind"]  # (this test library's own clauses may still say it)
        for lot in plan["lots"]:
            assert fmt.euro(Decimal(lot["obligation_eur"])) in text
            assert fmt.euro(Decimal(lot["value_eur"])) in text
        table = next(t for t in body_tables(path) if t.rows[0].cells[0].text == "Perceel")
        body = [[c.text for c in row.cells] for row in table.rows[1:]]
        figures = [fmt.euro(Decimal(x["obligation_eur"])) for x in plan["lots"]]
        assert [row[4] for row in body] == (figures if model else [*figures, total])
        assert (body[-1][1] == "Totaal") != model


def test_every_article_heading_carries_word_numbering(generated: tuple[Path, dict]) -> None:
    out, manifest = generated
    for document in manifest["documents"]:
        path = out / document["path"]
        headings = article_paragraphs(path)
        assert len(headings) == len(document["clauses"])
        numbering = docx.Document(str(path)).part.numbering_part.element
        for heading in headings:
            num_pr = heading._p.pPr.find(qn("w:numPr"))
            assert num_pr is not None, heading.text
            num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
            num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
            abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
            abstract = next(
                a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id
            )
            level0 = abstract.find(qn("w:lvl"))
            assert level0.find(qn("w:lvlText")).get(qn("w:val")) == "Artikel\u00a0%1"
        assert not any(re.match(r"\s*Artikel \d", h.text) for h in headings), "article numbers must not be typed"


def test_members_are_numbered_at_the_second_level(generated: tuple[Path, dict]) -> None:
    out, manifest = generated
    path = out / manifest["documents"][1]["path"]
    members = [p for p in body_paragraphs(path) if p.style.style_id == "Lid"]
    assert members
    for member in members:
        assert member._p.pPr.find(qn("w:numPr")).find(qn("w:ilvl")).get(qn("w:val")) == "1"


def test_no_template_leftovers_and_tender_text_stays_text(generated: tuple[Path, dict]) -> None:
    out, manifest = generated
    for document in manifest["documents"]:
        xml = all_xml(out / document["path"])
        for leftover in ("{{", "{%", "None", "Undefined", "\ue000"):
            assert leftover not in xml, (document["kind"], leftover)
        text = docx_text(out / document["path"])
        assert "1. Centrum & *Binnenstad*" in text  # a title is never Markdown


def test_header_footer_and_properties(generated: tuple[Path, dict]) -> None:
    out, manifest = generated
    path = out / manifest["documents"][0]["path"]
    document = docx.Document(str(path))
    section = document.sections[0]
    assert "2026/0142 schoonmaak" in section.header.paragraphs[-1].text
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "pagina" in footer_xml
    core = document.core_properties
    assert core.title == "Bijlage Social Return: Schoonmaakdiensten kantoren Den Haag"
    assert core.author == "Ministerie van Voorbeeldzaken"
    assert core.subject == "Social return"
    assert "schoonmaak" in core.keywords and "2026/0142 schoonmaak" in core.keywords
    assert document.styles["Title"].type == 1
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_refs_become_fields_with_the_article_number(generated: tuple[Path, dict]) -> None:
    out, manifest = generated
    document = manifest["documents"][1]
    target = next(c["article"] for c in document["clauses"] if c["id"] == "algemeen.definities")
    xml = all_xml(out / document["path"])
    assert re.search(r"REF _Art_[0-9a-f]{8} \\r \\h", xml)
    assert f"zie Artikel\u00a0{target}" in docx_text(out / document["path"])


def test_existing_output_is_kept_without_force(generated: tuple[Path, dict], tender_file: Path) -> None:
    out, manifest = generated
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = run_cli("generate", tender_file, "-o", out, "--library", LIB)
    assert result.exit_code == 2
    assert "bestaat al" in result.stderr and "--force" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    again = run_cli("generate", tender_file, "-o", out, "--library", LIB, "--force")
    assert again.exit_code == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # same input, same bytes


def test_generate_json_prints_the_manifest(tmp_path: Path, tender_file: Path) -> None:
    result = run_cli("generate", tender_file, "-o", tmp_path / "o", "--json", "--library", LIB)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads((tmp_path / "o" / "manifest.json").read_text())


def test_below_threshold_gets_only_the_effort_clause(tmp_path: Path) -> None:
    path = tmp_path / "klein.yaml"
    path.write_text(TENDER.split("lots:")[0].replace("value_eur: 2400000.10", "value_eur: 250000"), encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("generate", path, "-o", out, "--library", LIB).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["plan"]["total_obligation_eur"] == "0.00"
    for document in manifest["documents"]:
        assert [c["id"] for c in document["clauses"]] == ["algemeen.inspanning"]


def test_explain_names_profile_band_and_clauses(tender_file: Path) -> None:
    result = run_cli("explain", tender_file, "--library", LIB)
    assert result.exit_code == 0
    text = result.stdout
    assert "profiel 'schoonmaak'" in text
    assert "valt in schijf 2" in text
    assert "Artikel 1: algemeen.definities (versie 1)" in text
    assert "niet opgenomen: algemeen.inspanning" in text


def test_list_clauses_and_profiles(tmp_path: Path) -> None:
    clauses = json.loads(run_cli("list", "clauses", "--json", "--library", LIB).stdout)
    assert {"id", "title", "version", "status", "instrument"} == set(clauses[0])
    assert "generieke-maatregel.verplichting" in {c["id"] for c in clauses}
    profiles = json.loads(run_cli("list", "profiles", "--json", "--library", LIB).stdout)
    assert {"id": "proef", "name": "Proefcategorie", "kind": "diensten", "version": 4} in profiles
    assert "Schoonmaakdiensten" in run_cli("list", "profiles", "--library", LIB).stdout


def test_library_from_environment_variable(tender_file: Path) -> None:
    result = run_cli("calc", tender_file, "--json", env={"CLAUSEGEN_LIBRARY": str(LIB)})
    assert result.exit_code == 0
    missing = run_cli("calc", tender_file, env={"CLAUSEGEN_LIBRARY": "/nonexistent/library"})
    assert missing.exit_code == 2
    assert "bestaat niet" in missing.stderr and "Traceback" not in missing.stderr


@pytest.mark.libreoffice
def test_libreoffice_opens_every_document(generated: tuple[Path, dict]) -> None:
    out, manifest = generated
    paths = [out / d["path"] for d in manifest["documents"]]
    texts = to_pdf_text(paths)
    for document, path in zip(manifest["documents"], paths, strict=True):
        pdf = texts[path].replace("\u00a0", " ")
        titles = [c["id"] for c in document["clauses"]]
        assert len(titles) >= 3
        for number, heading in enumerate(article_paragraphs(path), start=1):
            assert re.search(rf"Artikel {number}\s+{re.escape(heading.text)}", pdf), heading.text
        assert "€ 120.000,00" in pdf
        assert "pagina 1 van" in pdf


def test_a_document_without_any_clause_is_refused(tmp_path: Path, tender_file: Path) -> None:
    lib = tmp_path / "lib"
    shutil.copytree(LIB, lib)
    for clause in (lib / "clauses").rglob("*.yaml"):
        clause.write_text(clause.read_text(encoding="utf-8").replace("status: approved", "status: draft"))
    result = run_cli("generate", tender_file, "-o", tmp_path / "out", "--library", lib)
    assert result.exit_code == 2
    assert "heeft voor het document 'bijlage' van deze aanbesteding alleen concepten; voeg --allow-draft toe" in (
        result.stderr
    )
    assert not (tmp_path / "out").exists()
    assert run_cli("generate", tender_file, "-o", tmp_path / "out", "--library", lib, "--allow-draft").exit_code == 0


def test_a_folder_named_like_a_clause_file_is_reported(tmp_path: Path, tender_file: Path) -> None:
    lib = tmp_path / "lib"
    shutil.copytree(LIB, lib)
    (lib / "clauses" / "algemeen" / "nieuw.yaml").mkdir()
    result = run_cli("calc", tender_file, "--library", lib)
    assert result.exit_code == 2
    assert "nieuw.yaml: dit is een map, geen YAML-bestand; geef de map een andere naam" in result.stderr


def test_the_shipped_base_template_is_what_its_script_builds() -> None:
    """clausegen/data/basis.docx is reviewable: `python -m clausegen.docx.template` rebuilds it exactly."""
    from clausegen.docx.template import build_base_template
    from clausegen.docx.writer import BASE_TEMPLATE

    assert build_base_template() == BASE_TEMPLATE.read_bytes()


def test_core_properties_stay_valid_after_composing(
    generated: tuple[Path, dict], tender_file: Path, tmp_path: Path
) -> None:
    """docxcompose rebinds python-docx's 'cp' prefix on import; documents made afterwards in the
    same process must still have a valid docProps/core.xml and the same bytes as before."""
    import clausegen.docx.compose  # noqa: F401 - the import is what used to break core.xml

    out, manifest = generated
    again = tmp_path / "again"
    assert run_cli("generate", tender_file, "-o", again, "--library", LIB).exit_code == 0
    for document in manifest["documents"]:
        assert (again / document["path"]).read_bytes() == (out / document["path"]).read_bytes()
        with zipfile.ZipFile(again / document["path"]) as z:
            core = z.read("docProps/core.xml").decode()
        assert "custom-properties" not in core
        assert "<cp:lastModifiedBy>clausegen</cp:lastModifiedBy>" in core

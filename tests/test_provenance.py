"""Provenance and drafts: what manifest.json and the .docx properties prove about a document,
byte-identical output for the same inputs, and the CONCEPT marking of drafts on every page."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import docx_text, pdf_text, run_cli, to_pdf
from library_builder import clause_yaml, make_library
from lxml import etree

from clausegen.library.load import collect

TENDER = """\
reference: 2026-77/A
title: Schoonmaak stadhuis
contracting_authority: Gemeente Testdam
category: schoonmaak
contract_type: overeenkomst
value_eur: 1000000
duration_months: 36
publication_date: 2026-10-01
"""

LONG_DRAFT = "".join(
    f"{n}. De Opdrachtnemer houdt een administratie bij waaruit per Kandidaat de inzet, de periode en de "
    f"Inspanningswaarde blijken, en legt die op verzoek binnen {n + 1} weken over aan de Opdrachtgever.\n"
    for n in range(1, 41)
)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    """A library with approved, draft and withdrawn clauses, and a tender for it."""
    lib = make_library(
        tmp_path / "bib",
        {
            "algemeen/begrippen.yaml": clause_yaml("algemeen.begrippen", "Begrippen voor {{ tender.title }}.\n", title="Begrippen"),
            "generieke-maatregel/verplichting.yaml": clause_yaml(
                "generieke-maatregel.verplichting", "Besteed {{ lot.obligation | euro }}.\n",
                instrument="generieke-maatregel", order="300", title="Verplichting",
            ),
            "monitoring/administratie.yaml": clause_yaml(
                "monitoring.administratie", LONG_DRAFT, instrument="monitoring", order="800", status="draft",
                reviewed_by=None, reviewed_on=None, title="Administratie (concept)",
            ),
            "monitoring/oud.yaml": clause_yaml(
                "monitoring.oud", "Ingetrokken tekst.\n", instrument="monitoring", order="900", status="withdrawn",
                title="Oude sanctie",
            ),
        },
    )  # fmt: skip
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER)
    return lib, tender


def generate(lib: Path, tender: Path, out: Path, *extra: str) -> dict:
    result = run_cli("generate", tender, "-o", out, "--library", lib, *extra)
    assert result.exit_code == 0, result.output
    return json.loads((out / "manifest.json").read_text())


def custom_properties(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("docProps/custom.xml"))
    return {prop.get("name"): "".join(prop.itertext()) for prop in root}


def test_manifest_lists_clause_versions_and_text_hashes(setup: tuple[Path, Path], tmp_path: Path) -> None:
    lib, tender = setup
    manifest = generate(lib, tender, tmp_path / "out")
    library = collect(lib.resolve())
    assert manifest["draft"] is False
    assert manifest["library"]["fingerprint"] == library.fingerprint
    assert manifest["tender"]["sha256"] == hashlib.sha256(tender.read_bytes()).hexdigest()
    assert [d["kind"] for d in manifest["documents"]] == ["bijlage", "overeenkomst"]
    for document in manifest["documents"]:
        data = (tmp_path / "out" / document["path"]).read_bytes()
        assert document["sha256"] == hashlib.sha256(data).hexdigest()
        assert document["draft"] is False
        clauses = document["clauses"]
        assert [c["article"] for c in clauses] == list(range(1, len(clauses) + 1))
        for entry in clauses:
            clause = library.clause(entry["id"])
            assert entry["version"] == clause.version
            assert entry["sha256"] == hashlib.sha256(clause.text.encode()).hexdigest()
    ids = [c["id"] for c in manifest["documents"][1]["clauses"]]
    assert ids == ["algemeen.begrippen", "generieke-maatregel.verplichting"]  # no draft, no withdrawn


def test_docx_custom_properties_carry_provenance(setup: tuple[Path, Path], tmp_path: Path) -> None:
    lib, tender = setup
    manifest = generate(lib, tender, tmp_path / "out")
    for document in manifest["documents"]:
        props = custom_properties(tmp_path / "out" / document["path"])
        assert props["clausegen.reference"] == "2026-77/A"
        assert props["clausegen.profile"] == "schoonmaak"
        assert props["clausegen.profile_version"] == "1"
        assert props["clausegen.library"] == manifest["library"]["fingerprint"]
        assert props["clausegen.kind"] == document["kind"]
    # editing any library file changes the fingerprint the documents carry
    clause = lib / "clauses/algemeen/begrippen.yaml"
    clause.write_text(clause.read_text().replace("Begrippen voor", "Begrippen bij"))
    again = generate(lib, tender, tmp_path / "out2")
    assert again["library"]["fingerprint"] != manifest["library"]["fingerprint"]


def file_hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("extra", [(), ("--allow-draft",)])
def test_same_tender_twice_gives_identical_files(setup: tuple[Path, Path], tmp_path: Path, extra: tuple) -> None:
    lib, tender = setup
    generate(lib, tender, tmp_path / "een", *extra)
    generate(lib, tender, tmp_path / "twee", *extra)
    first, second = file_hashes(tmp_path / "een"), file_hashes(tmp_path / "twee")
    assert len(first) == 3  # bijlage, overeenkomst, manifest.json
    assert first == second


def test_draft_never_reaches_a_document_without_allow_draft(setup: tuple[Path, Path], tmp_path: Path) -> None:
    lib, tender = setup
    manifest = generate(lib, tender, tmp_path / "out")
    for document in manifest["documents"]:
        path = tmp_path / "out" / document["path"]
        assert "Administratie (concept)" not in docx_text(path)
        with zipfile.ZipFile(path) as z:
            assert not any(b"CONCEPT" in z.read(n) for n in z.namelist())
    explained = run_cli("explain", tender, "--library", lib).stdout
    assert "niet opgenomen: monitoring.administratie – concept (alleen met --allow-draft)" in explained


def test_withdrawn_never_appears_even_with_allow_draft(setup: tuple[Path, Path], tmp_path: Path) -> None:
    lib, tender = setup
    manifest = generate(lib, tender, tmp_path / "out", "--allow-draft")
    for document in manifest["documents"]:
        assert "monitoring.oud" not in [c["id"] for c in document["clauses"]]
        assert "Ingetrokken tekst" not in docx_text(tmp_path / "out" / document["path"])


def test_allow_draft_marks_manifest_and_header(setup: tuple[Path, Path], tmp_path: Path) -> None:
    lib, tender = setup
    manifest = generate(lib, tender, tmp_path / "out", "--allow-draft")
    assert manifest["draft"] is True
    overeenkomst = manifest["documents"][1]
    assert overeenkomst["draft"] is True
    assert "monitoring.administratie" in [c["id"] for c in overeenkomst["clauses"]]
    with zipfile.ZipFile(tmp_path / "out" / overeenkomst["path"]) as z:
        header = b"".join(z.read(n) for n in z.namelist() if n.startswith("word/header")).decode()
    assert 'id="PowerPlusWaterMarkObject1"' in header and 'string="CONCEPT"' in header
    assert ">CONCEPT  </w:t>" in header


def pdf_pages(docx_path: Path) -> tuple[list[str], Path]:
    """LibreOffice's PDF of a .docx: the text of every page, and the PDF file."""
    pdf = to_pdf([docx_path])[docx_path]
    return [page for page in pdf_text(pdf).split("\f") if page.strip()], pdf


def watermark_pixels(pdf: Path, page: int) -> int:
    """Pixels of the light grey LibreOffice paints the watermark in (a 30 dpi greyscale render)."""
    data = subprocess.run(
        ["pdftoppm", "-gray", "-r", "30", "-f", str(page), "-l", str(page), str(pdf)], check=True, capture_output=True
    ).stdout
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert match, "pdftoppm did not write a greyscale image"
    counts = Counter(data[match.end() :])
    return sum(counts[value] for value in range(218, 229))


@pytest.mark.libreoffice
def test_every_page_of_a_draft_shows_concept_in_libreoffice(setup: tuple[Path, Path], tmp_path: Path) -> None:
    lib, tender = setup
    generate(lib, tender, tmp_path / "concept", "--allow-draft")
    generate(lib, tender, tmp_path / "gewoon")
    draft_doc = tmp_path / "concept" / "2026-77-A-overeenkomst-social-return.docx"
    plain_doc = tmp_path / "gewoon" / "2026-77-A-overeenkomst-social-return.docx"
    pages, pdf = pdf_pages(draft_doc)
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert "CONCEPT 2026-77/A" in page, f"page {number} lacks the CONCEPT header"
        assert watermark_pixels(pdf, number) > 800, f"page {number} lacks the watermark"
    plain_pages, plain_pdf = pdf_pages(plain_doc)
    assert "CONCEPT" not in "".join(plain_pages)
    assert watermark_pixels(plain_pdf, 1) < 200

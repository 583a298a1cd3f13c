"""The contracting authority is printed as a party, and no clause can print a whole record
(review 2026-12 follow-up, B-1: "Opdrachtgever: <tender.contracting_authority>")."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, TENDER_EXAMPLES, docx_text, run_cli

TENDER = """\
reference: 2027-0801
title: Schoonmaak kantoren Rijkswaterstaat Zuid
contracting_authority:
  name: Rijkswaterstaat Zuid
  legal_entity: De Staat der Nederlanden (Ministerie van Infrastructuur en Waterstaat)
  represented_by: de hoofdingenieur-directeur
category: schoonmaak
contract_type: overeenkomst
value_eur: 2400000
duration_months: 48
publication_date: 2026-12-01
"""


def _texts(outdir: Path) -> dict[str, str]:
    return {p.name: docx_text(p) for p in sorted(outdir.glob("*.docx"))}


def test_authority_given_as_a_mapping_is_printed_as_the_party(tmp_path: Path):
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    result = run_cli("generate", str(tender), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    texts = _texts(tmp_path / "out")
    annex = texts["2027-0801-bijlage-social-return.docx"]
    assert (
        "Opdrachtgever: De Staat der Nederlanden (Ministerie van Infrastructuur en Waterstaat)"
        ", handelend onder de naam Rijkswaterstaat Zuid, vertegenwoordigd door de hoofdingenieur-directeur." in annex
    )
    contract = texts["2027-0801-overeenkomst-social-return.docx"]
    definition = re.compile(r"Opdrachtgever: de partij die in Artikel\xa0\d+ als Opdrachtgever is genoemd\.")
    assert any(definition.fullmatch(line) for line in contract.splitlines())
    assert "Opdrachtgever: De Staat der Nederlanden" in contract  # in the parties' article


@pytest.mark.parametrize("example", [p.name for p in TENDER_EXAMPLES])
def test_no_document_prints_a_record(example: str, tmp_path: Path):
    result = run_cli("generate", str(EXAMPLES / example), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for name, text in _texts(tmp_path / "out").items():
        assert not re.search(r"<(tender|lot|plan|contract|profile|settings)[.>]", text), name


def test_a_clause_that_prints_a_record_fails_at_its_file_and_line(tmp_path: Path):
    library = tmp_path / "lib"
    shutil.copytree(ROOT / "clauses", library / "clauses")
    shutil.copytree(ROOT / "profiles", library / "profiles")
    path = library / "clauses" / "algemeen" / "definities.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{{ a.party }}", "{{ contract.authority }}", 1), encoding="utf-8")
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    result = run_cli("generate", str(tender), "-o", str(tmp_path / "out"), "--library", str(library))
    assert result.exit_code == 2
    assert "definities.yaml:" in result.output
    assert "is a record, not text" in result.output
    assert "legal_entity" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())

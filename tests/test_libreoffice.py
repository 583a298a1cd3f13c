"""The real client: every document of every example, converted to PDF by LibreOffice in one run,
holds its article headings with their numbers, every article title and the total obligation in
Dutch notation."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import TENDER_EXAMPLES, document_total, run_cli, to_pdf_text

from clausegen import fmt
from clausegen.library.load import load_library

pytestmark = pytest.mark.libreoffice

ALL_KINDS = {"bijlage", "overeenkomst", "raamovereenkomst", "plan-van-aanpak-formulier"}
FRAMEWORK = """\
# A framework agreement above the plan-of-approach threshold: the kinds the examples may lack.
reference: 2026-0980
title: Schoonmaak rijkskantoren Randstad
contracting_authority: Ministerie van Voorbeeldzaken
category: schoonmaak
contract_type: raamovereenkomst
duration_months: 48
publication_date: 2026-12-01
lots:
  - id: A
    title: Noord-Holland
    value_eur: 6000000
  - id: B
    title: Zuid-Holland
    value_eur: 1750000.50
"""


def _flat(text: str) -> str:
    """PDF text with every run of whitespace (line breaks, non-breaking spaces) as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, dict, dict, str]]:
    """(example, manifest, document entry, PDF text) for every document of every example."""
    root = tmp_path_factory.mktemp("lo")
    framework = root / "raamovereenkomst-groot.yaml"
    framework.write_text(FRAMEWORK, encoding="utf-8")
    pending = []
    for example in [*TENDER_EXAMPLES, framework]:
        outdir = root / example.stem
        result = run_cli("generate", example, "-o", outdir)
        assert result.exit_code == 0, f"{example.name}: {result.stderr}"
        manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
        for document in manifest["documents"]:
            # One folder for the conversion; names made unique across examples.
            copy = root / "all" / f"{example.stem}--{document['path']}"
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(outdir / document["path"], copy)
            pending.append((example, manifest, document, copy))
    assert pending, "no example produced a document"
    texts = to_pdf_text([copy for *_, copy in pending])
    return [(example, manifest, document, texts[copy]) for example, manifest, document, copy in pending]


def test_every_document_kind_is_converted(converted) -> None:  # noqa: ANN001
    assert {document["kind"] for _, _, document, _ in converted} == ALL_KINDS


def test_every_article_is_numbered_and_titled_in_the_pdf(converted) -> None:  # noqa: ANN001
    library = load_library()
    for example, _, document, text in converted:
        flat = _flat(text)
        where = f"{example.name} {document['kind']}"
        assert document["clauses"], where
        for clause in document["clauses"]:
            title = _flat(library.clause(clause["id"]).title)
            heading = f"Artikel {clause['article']} {title}"
            assert heading in flat, f"{where}: {heading!r} not in the PDF"


def test_the_total_obligation_is_printed_in_dutch_notation(converted) -> None:  # noqa: ANN001
    for example, manifest, document, text in converted:
        total = fmt.euro(document_total(manifest, document["kind"]))
        assert re.fullmatch(r"€\u00a0\d{1,3}(\.\d{3})*,\d{2}", total), total
        # the model contract of a tender with lots is for one contractor: never the sum of all lots
        model = document["kind"] in ("overeenkomst", "raamovereenkomst") and len(manifest["plan"]["lots"]) > 1
        printed = _flat(total) in _flat(text)
        assert printed != model, f"{example.name} {document['kind']}: {total!r} printed={printed}"


def test_each_lot_obligation_is_in_the_annexes(converted) -> None:  # noqa: ANN001
    for example, manifest, document, text in converted:
        if document["kind"] not in ("bijlage", "overeenkomst", "raamovereenkomst"):
            continue
        flat = _flat(text)
        for lot in manifest["plan"]["lots"]:
            if lot["instruments"]:
                amount = _flat(fmt.euro(Decimal(lot["obligation_eur"])))
                assert amount in flat, f"{example.name} {document['kind']} lot {lot['id']}: {amount}"

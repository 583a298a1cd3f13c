"""Document kinds and instruments are declared once (clausegen/kinds.py); every stage reads the
same declaration, and the file names and labels it holds are the contract of DESIGN.md §4."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

from conftest import ROOT, docx_text

from clausegen import api, kinds, model
from clausegen.contract import write
from clausegen.documents import assemble
from clausegen.publish import notice
from clausegen.review import preview
from clausegen.web import views

CONTRACT_NAMES = {
    "bijlage": "{ref}-bijlage-social-return.docx",
    "overeenkomst": "{ref}-overeenkomst-social-return.docx",
    "raamovereenkomst": "{ref}-raamovereenkomst-social-return.docx",
    "plan-van-aanpak-formulier": "{ref}-plan-van-aanpak-formulier.docx",
}


def test_every_stage_reads_the_one_declaration() -> None:
    assert api.FILE_NAMES is kinds.FILE_NAMES
    assert assemble.TITLES is kinds.TITLES and preview.TITLES is kinds.TITLES
    assert views.DOCUMENT_LABELS is kinds.DOCUMENT_LABELS and views.INSTRUMENT_LABELS is kinds.INSTRUMENT_LABELS
    assert notice.INSTRUMENT_NAMES is kinds.INSTRUMENT_NAMES
    assert write.CONTRACT_FILE is kinds.CONTRACT_FILE
    assert model.DocumentKind is kinds.DocumentKind and model.INSTRUMENTS is kinds.INSTRUMENTS


def test_file_names_and_labels_stay_as_the_contract_says() -> None:
    assert kinds.FILE_NAMES == CONTRACT_NAMES
    assert kinds.CONTRACT_FILE == "{number}-{kind}-social-return.docx"
    assert kinds.COMPOSED == "samengesteld"
    assert kinds.TITLES["overeenkomst"] == "Bijlage Social Return bij de Overeenkomst"
    assert kinds.INSTRUMENT_LABELS["buy-social"] == "Buy Social"
    assert kinds.INSTRUMENT_NAMES["generieke-maatregel"] == "de generieke maatregel"


def test_the_records_and_the_literal_types_name_the_same_kinds() -> None:
    assert tuple(kind.id for kind in kinds.KINDS) == get_args(kinds.DocumentKind)
    assert set(kinds.INSTRUMENT_LABELS) == set(get_args(model.Clause.model_fields["instrument"].annotation))
    assert set(kinds.INSTRUMENT_NAMES) == set(kinds.BAND_INSTRUMENTS)
    assert kinds.contract_kind(True) == "raamovereenkomst" and kinds.contract_kind(False) == "overeenkomst"


def test_a_written_document_is_named_and_titled_from_the_declaration(tmp_path: Path) -> None:
    manifest = api.generate(ROOT / "examples" / "schoonmaak-den-haag.yaml", tmp_path)
    ref = api.safe_reference(manifest["tender"]["reference"])
    for document in manifest["documents"]:
        assert document["path"] == kinds.FILE_NAMES[document["kind"]].format(ref=ref)
        assert kinds.TITLES[document["kind"]] in docx_text(tmp_path / document["path"])

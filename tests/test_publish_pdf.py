"""`generate --pdf`: tagged PDF/A-2b with language, title, outline; a missing LibreOffice
writes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pikepdf
from conftest import EXAMPLES, article_paragraphs, pdf_text, run_cli

from clausegen.publish import convert


def _pdfs(published: dict) -> list[tuple[Path, Path, dict]]:
    rows = []
    for outdir, manifest in published.values():
        for entry in manifest["documents"]:
            if entry.get("format") == "pdf":
                rows.append((outdir / entry["path"], outdir / entry["source"], entry))
    return rows


def test_every_document_of_every_example_has_a_pdf(published) -> None:  # noqa: ANN001
    for outdir, manifest in published.values():
        docx_entries = [d for d in manifest["documents"] if "format" not in d]
        assert docx_entries, outdir
        pdf_sources = {d["source"] for d in manifest["documents"] if d.get("format") == "pdf"}
        assert pdf_sources == {d["path"] for d in docx_entries}


def test_pdfs_are_tagged_pdf_a2b_in_dutch_with_title_and_outline(published) -> None:  # noqa: ANN001
    for pdf_path, docx_path, entry in _pdfs(published):
        with pikepdf.open(pdf_path) as pdf:
            assert "/StructTreeRoot" in pdf.Root, pdf_path
            assert str(pdf.Root.Lang) == "nl-NL"
            assert pdf.Root.MarkInfo.Marked
            meta = pdf.open_metadata()
            assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("2", "B")
            import docx

            title = docx.Document(str(docx_path)).core_properties.title
            assert meta.get("dc:title") == title and title
            with pdf.open_outline() as outline:
                titles = [item.title.replace("\xa0", " ") for item in outline.root]
        headings = [p.text for p in article_paragraphs(docx_path)]
        assert [t.split(" ", 2)[-1] for t in titles] == headings, pdf_path
        assert titles[0].startswith("Artikel 1 ")
        assert entry["sha256"] == hashlib.sha256(pdf_path.read_bytes()).hexdigest()


def test_pdf_text_has_the_total_obligation(published) -> None:  # noqa: ANN001
    outdir, manifest = published["schoonmaak-den-haag"]
    pdf = next(outdir / d["path"] for d in manifest["documents"] if d.get("format") == "pdf" and d["kind"] == "bijlage")
    assert "€ 120.000,00" in pdf_text(pdf).replace("\xa0", " ")


def test_missing_libreoffice_is_one_dutch_line_and_writes_nothing(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    result = run_cli(
        "generate", EXAMPLES / "schoonmaak-den-haag.yaml", "-o", outdir, "--pdf",
        env={"CLAUSEGEN_SOFFICE": "geen-libreoffice-hier"},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "libreoffice-writer-nogui" in result.stderr
    assert "LibreOffice is niet gevonden" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not outdir.exists()


def test_convert_writes_next_to_the_docx_and_refuses_to_overwrite(tmp_path: Path) -> None:
    result = run_cli("generate", EXAMPLES / "catering-kantine-klein.yaml", "-o", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    paths = [tmp_path / d["path"] for d in manifest["documents"]]
    written = convert(paths, pdf=True, odt=False, force=False)
    assert sorted(written) == sorted(p.with_suffix(".pdf") for p in paths)
    assert not list(tmp_path.glob(".clausegen-tmp-*"))
    before = {p: p.read_bytes() for p in written}
    try:
        convert(paths, pdf=True, odt=False, force=False)
    except Exception as exc:  # noqa: BLE001
        assert "bestaat al" in str(exc)
    else:
        raise AssertionError("convert overwrote without force")
    assert {p: p.read_bytes() for p in written} == before
    assert convert(paths, pdf=True, odt=False, force=True) == written

"""The plan-of-approach form as a bidder fills it in (review §6): the budget's Omvang and
Inspanningswaarde columns and its total are fill-in fields like the form's other answers, and a
form that ends with the signature table has no blank last page."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from clausegen.api import prepare, render_documents
from clausegen.library import load_library
from tests.conftest import EXAMPLES, copy_library, pdf_text, require_soffice, run_cli, to_pdf

ROOT = Path(__file__).resolve().parent.parent
HWI = EXAMPLES / "hoogwaardige-inhuur-raamovereenkomst.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OMVANG = "Omvang (voltijd jaren of euro's)"


def _form(tmp_path: Path, tender: Path = HWI) -> Path:
    out = tmp_path / tender.stem
    result = run_cli("generate", tender, "-o", out)
    assert result.exit_code == 0, result.output
    return next(out.glob("*-plan-van-aanpak-formulier.docx"))


def _body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml")).find(f"{W}body")


def _cell_text(cell: etree._Element) -> str:
    return "".join(t.text or "" for t in cell.iter(f"{W}t"))


def test_budget_columns_and_total_are_fill_in_fields(tmp_path: Path) -> None:
    body = _body(_form(tmp_path))
    budget = next(
        t for t in body.iter(f"{W}tbl") if [_cell_text(c) for c in t.find(f"{W}tr").findall(f"{W}tc")][:1] == ["Bouwblok"]
        and len(t.find(f"{W}tr").findall(f"{W}tc")) == 4
    )  # fmt: skip
    rows = budget.findall(f"{W}tr")
    labels = [block.label for block in load_library(ROOT).value_table("standaard").blocks]
    assert [_cell_text(r.findall(f"{W}tc")[0]) for r in rows[1:]] == [*labels, "Totaal"]
    for row in rows[1:]:
        cells = row.findall(f"{W}tc")
        name = _cell_text(cells[0])
        assert cells[0].find(f"{W}sdt") is None and cells[1].find(f"{W}sdt") is None, "the given values stay text"
        for cell, head in ((cells[2], OMVANG), (cells[3], "Inspanningswaarde")):
            control = cell.find(f"{W}sdt")
            assert control is not None, (name, head)
            pr = control.find(f"{W}sdtPr")
            assert pr.find(f"{W}tag").get(f"{W}val") == "clausegen-veld"
            assert pr.find(f"{W}alias").get(f"{W}val") == f"{head}: {name}"
            assert pr.find(f"{W}text") is not None and pr.find(f"{W}showingPlcHdr") is not None
            assert "".join(control.itertext()) == "Vul hier in."


def test_budget_fields_show_in_the_pdf(tmp_path: Path) -> None:
    text = pdf_text(next(iter(to_pdf([_form(tmp_path)]).values())))
    start = text.index("Begroting met Bouwblokken")
    budget = text[start : text.index("Beoordeling", start)]
    labels = [block.label for block in load_library(ROOT).value_table("standaard").blocks]
    assert budget.count("Vul hier in.") == 2 * (len(labels) + 1)


def _last_page_lines(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(
        ["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [line for line in text.splitlines() if line.strip() and "pagina " not in line and " · " not in line]


def test_the_form_ends_with_a_one_point_paragraph_after_the_signature_table(tmp_path: Path) -> None:
    body = _body(_form(tmp_path))
    last = [child for child in body if child.tag != f"{W}sectPr"][-1]
    paragraphs = list(last.iter(f"{W}p"))
    end = paragraphs[-1]
    assert end.getprevious() is not None and end.getprevious().tag == f"{W}tbl", "the form ends with its table"
    spacing = end.find(f"{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule"), spacing.get(f"{W}after")) == ("20", "exact", "0")
    assert not "".join(end.itertext())


def test_no_form_has_a_blank_last_page_wherever_the_signature_table_ends(tmp_path: Path) -> None:
    """The signature table pushed down a line at a time across a page end: the last page always
    holds text (LibreOffice, the client the review used)."""
    require_soffice()
    library = tmp_path / "library"
    copy_library(library)
    clause = library / "clauses" / "plan-van-aanpak" / "formulier-ondertekening.yaml"
    original = clause.read_text(encoding="utf-8")
    paths = [
        _form(tmp_path / "voorbeelden", tender)
        for tender in (HWI, EXAMPLES / "beveiliging-percelen-raamovereenkomst.yaml")
    ]
    for lines in range(8, 26):
        filler = "".join(f"  Toelichting {i}.\n\n" for i in range(lines))
        clause.write_text(original.replace("  {{ invulvelden(", filler + "  {{ invulvelden(", 1), encoding="utf-8")
        documents, _ = render_documents(prepare(HWI, library))
        path = tmp_path / f"formulier-{lines:02d}.docx"
        path.write_bytes(next(data for name, data in documents.items() if "formulier" in name))
        paths.append(path)
    for path, pdf in to_pdf(paths).items():
        assert _last_page_lines(pdf), f"{path.name}: the last page is blank"

"""Shared test helpers: the CLI runner, reading .docx files back, and LibreOffice conversion."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from clausegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TENDER_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.yaml") if not p.stem.endswith("-gunning"))
"""The example tenders; `*-gunning.yaml` beside them are award files (DESIGN.md §7)."""
AWARD_EXAMPLES = sorted(EXAMPLES.glob("*-gunning.yaml"))

os.environ["CLAUSEGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="clausegen-test-cache-")
"""`calc`'s result cache (clausegen/library/cache.py) in a folder of this test run, never the
user's own: a second `calc` of the same inputs in the tests is then answered from it."""


@pytest.fixture(autouse=True)
def _default_language():  # noqa: ANN202
    """Every test starts and ends in the default language: `clausegen --lang en` in one test (an
    in-process CliRunner call) must not leave the next test's API calls in English."""
    from clausegen.catalog import set_language

    set_language(None)
    yield
    set_language(None)


def run_cli(*args: str, env: dict | None = None):
    """Run the CLI in-process (CliRunner) and return the result; stderr is kept apart."""
    runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def copy_library(target: Path) -> Path:
    """A copy of the bundled library (clauses/ and profiles/) in `target`, for a test that changes
    one of its files; returns `target`."""
    shutil.copytree(ROOT / "clauses", target / "clauses")
    shutil.copytree(ROOT / "profiles", target / "profiles")
    return target


def docx_text(path: Path) -> str:
    """All text of a .docx: body paragraphs and table cells, in document order."""
    document = docx.Document(str(path))
    lines = []
    for element in document.element.body.iter(qn("w:p")):
        lines.append("".join(t.text or "" for t in element.iter(qn("w:t"))))
    return "\n".join(lines)


def all_xml(path: Path) -> str:
    """Every XML part of a .docx joined, for checks that must see headers and footers too."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def article_paragraphs(path: Path) -> list:
    """Paragraphs styled as article headings."""
    return [p for p in body_paragraphs(path) if p.style is not None and p.style.style_id == "Artikelkop"]


def body_paragraphs(path: Path) -> list:
    """Every body paragraph in order, also those inside the articles' content controls (w:sdt),
    which python-docx's `Document.paragraphs` does not see."""
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    body = document.element.body
    return [
        Paragraph(p, document._body)
        for p in body.iter(qn("w:p"))
        if p.getparent().tag != qn("w:tc") and not any(a.tag == qn("w:tc") for a in p.iterancestors())
    ]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The LibreOffice binary; the test is skipped without it, and fails without it in CI."""
    binary = soffice()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice is not installed")
    return binary


def to_pdf(paths: list[Path]) -> dict[Path, Path]:
    """Convert .docx files with LibreOffice (the real client), each to its PDF, in one run."""
    binary = require_soffice()
    out = Path(tempfile.mkdtemp(prefix="clausegen-pdf-"))
    profile = Path(tempfile.mkdtemp(prefix="clausegen-lo-profile-"))
    cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
           "--outdir", str(out), *[str(p) for p in paths]]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    shutil.rmtree(profile, ignore_errors=True)
    pdfs = {}
    for path in paths:
        pdf = out / (path.stem + ".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {path.name}"
        pdfs[path] = pdf
    return pdfs


def libreoffice_sheets(path: Path, sheets: tuple[str, ...]) -> dict[str, list[list[str]]]:
    """The named sheets of a workbook as LibreOffice computes them (formulas recalculated), as csv rows."""
    import csv
    import io

    binary = require_soffice()
    out = Path(tempfile.mkdtemp(prefix="clausegen-csv-"))
    profile = Path(tempfile.mkdtemp(prefix="clausegen-lo-profile-"))
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1"
    cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", options,
           "--outdir", str(out), str(path)]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    shutil.rmtree(profile, ignore_errors=True)
    found = {}
    for sheet in sheets:
        text = (out / f"{path.stem}-{sheet}.csv").read_text(encoding="utf-8")
        found[sheet] = list(csv.reader(io.StringIO(text)))
    shutil.rmtree(out, ignore_errors=True)
    return found


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def to_pdf_text(paths: list[Path]) -> dict[Path, str]:
    """Convert .docx files with LibreOffice and return each PDF's text."""
    return {path: pdf_text(pdf) for path, pdf in to_pdf(paths).items()}


@pytest.fixture
def example() -> Path:
    return EXAMPLES / "schoonmaak-den-haag.yaml"


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    """Every example generated with --pdf --odt once per session: name -> (outdir, manifest)."""
    import json

    require_soffice()
    out = {}
    for tender in sorted(EXAMPLES.glob("*.yaml")):
        if "gunning" in tender.name:
            continue
        outdir = tmp_path_factory.mktemp("published") / tender.stem
        result = run_cli("generate", tender, "-o", outdir, "--pdf", "--odt")
        assert result.exit_code == 0, result.output
        out[tender.stem] = (outdir, json.loads((outdir / "manifest.json").read_text()))
    return out


def body_tables(path: Path) -> list:
    """Every table of the body that is not nested in another table, also inside the articles'
    content controls (w:sdt), which python-docx's `Document.tables` does not see."""
    from docx.table import Table

    document = docx.Document(str(path))
    body = document.element.body
    return [
        Table(t, document._body)
        for t in body.iter(qn("w:tbl"))
        if not any(a.tag == qn("w:tc") for a in t.iterancestors())
    ]


def browser_client(app):  # noqa: ANN001, ANN201 - a Flask app and its test client
    """A test client that sends the form's own Origin on every request, as a browser does on the
    form's posts (the server refuses a POST without one: docs/security.md)."""
    client = app.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    return client


def one_contract_award(path: Path, tender: str, number: str, contractor: tuple[str, str, str, str], extra: str) -> Path:
    """An award file with one contract, awarded on 1 March 2027 and starting on 1 April 2027:
    `contractor` is (name, kvk, address, signatory), `extra` the contract's further YAML lines
    (indented by four spaces)."""
    name, kvk, address, signatory = contractor
    path.write_text(
        f"tender: {tender}\naward_date: 2027-03-01\ncontracts:\n  - number: {number}\n    contractor:\n"
        f"      name: {name}\n      kvk: '{kvk}'\n      address: {address}\n      signatory: {signatory}\n"
        f"    start_date: 2027-04-01\n{extra}",
        encoding="utf-8",
    )
    return path


def written_contract(tmp_path_factory: pytest.TempPathFactory, tender: Path, award: Path, number: str) -> Path:
    """The folder of contract `number` that `clausegen contract TENDER AWARD` writes (module fixtures
    of the reading tests share it)."""
    out = tmp_path_factory.mktemp(tender.stem) / "c"
    result = run_cli("contract", tender, award, "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out / number


def framework_holder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RVB-2027-FM3-H1 written by `clausegen contract` from tests/fixtures/derde-lezing: a framework
    with three holders, no lots; H1 commits 6,5 % (raming € 260.000,00)."""
    out = tmp_path_factory.mktemp("raam")
    fixtures = FIXTURES / "derde-lezing"
    result = run_cli("contract", fixtures / "raam.yaml", fixtures / "raam-gunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    return out / "RVB-2027-FM3-H1"


def document_total(manifest: dict, kind: str) -> Decimal:
    """The obligation a document's figures end on: the plan-of-approach form covers only the lots
    that ask for a plan (ninth reading A MINOR-3), every other document the whole plan."""
    lots = manifest["plan"]["lots"]
    asked = [lot for lot in lots if "plan-van-aanpak" in lot.get("instruments", [])]
    if kind == "plan-van-aanpak-formulier" and len(lots) > 1 and asked and len(asked) < len(lots):
        return sum((Decimal(lot["obligation_eur"]) for lot in asked), Decimal("0.00"))
    return Decimal(manifest["plan"]["total_obligation_eur"])


def computed_invoer(
    workbook: Path, rows: list[tuple], target: Path, *, numbers: tuple[str, ...] = (), call_offs: tuple[tuple, ...] = ()
) -> list[list[str]]:
    """The workbook with `rows` typed into the sheet Invoer from row 2 on, saved as `target`, and
    that sheet as LibreOffice computes it (the header first). `numbers`: per row, its Nadere
    overeenkomst (column R); `call_offs`: rows typed into the sheet Nadere overeenkomsten."""
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    sheet = book["Invoer"]
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=index, column=column, value=value)
    for index, number in enumerate(numbers, start=2):
        sheet.cell(row=index, column=18, value=number)
    for index, row in enumerate(call_offs, start=2):
        for column, value in enumerate(row, start=1):
            book["Nadere overeenkomsten"].cell(row=index, column=column, value=value)
    book.save(target)
    return libreoffice_sheets(target, ("Invoer",))["Invoer"]


def documents_text(folder: Path) -> dict[str, str]:
    """Every .docx under `folder` by file name, as text with non-breaking spaces made plain."""
    return {p.name: docx_text(p).replace("\u00a0", " ") for p in sorted(folder.rglob("*.docx"))}


def written_texts(out: Path, *args: object) -> dict[str, str]:
    """Run `clausegen ARGS -o OUT` (generate or contract), which must succeed, and read what it wrote."""
    result = run_cli(*args, "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return documents_text(out)

"""Property-based tests (hypothesis): for any valid tender the plan adds up, every obligation is
the rounded percentage of its basis (or the cap), every amount the documents print is a figure
of the plan or the library, and every .docx is well-formed XML that python-docx reopens."""

from __future__ import annotations

import datetime
import io
import re
import tempfile
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
from conftest import document_total
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from clausegen import fmt
from clausegen.api import prepare, render_documents
from clausegen.errors import MAX_REPORTED
from clausegen.library.load import load_library

CENT = Decimal("0.01")
LIBRARY = load_library()
CATEGORIES = sorted(LIBRARY.profiles)
AMOUNT = re.compile(r"€[\s\u00a0]?(\d{1,3}(?:\.\d{3})*,\d{2})")
TITLE_CHARS = st.characters(
    codec="utf-8", categories=("Lu", "Ll", "Nd", "Zs"), include_characters="-&'(),./:*_#[]<>ëéïöü€"
)

cents = st.integers(min_value=100, max_value=20_000_000_000).map(lambda c: Decimal(c) / 100)
shares = st.integers(min_value=0, max_value=100).map(lambda p: Decimal(p) / 100)
titles = st.text(TITLE_CHARS, min_size=1, max_size=40).filter(lambda t: t.strip() and not t.startswith(("*", "#")))


@st.composite
def tenders(draw: st.DrawFn) -> dict:
    category = draw(st.sampled_from(CATEGORIES))
    profile = LIBRARY.profile(category)
    tender: dict = {
        "reference": f"2027-{draw(st.integers(1, 9999)):04d}",
        "title": draw(titles),
        "contracting_authority": "Gemeente Voorbeeld",
        "category": category,
        "contract_type": draw(st.sampled_from(["overeenkomst", "raamovereenkomst"])),
        "duration_months": draw(st.integers(1, 120)),
        "publication_date": draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2035, 12, 31))),
    }
    if profile.basis == "loonsom" or draw(st.booleans()):
        tender["labour_share"] = draw(shares)
    if draw(st.booleans()):
        tender["value_eur"] = draw(cents)
    else:
        values = draw(st.lists(cents, min_size=1, max_size=4))
        tender["lots"] = [
            {"id": str(index), "title": draw(titles), "value_eur": value} for index, value in enumerate(values, 1)
        ]
        if draw(st.booleans()):
            tender["value_eur"] = sum(values, Decimal(0))
    return tender


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(value)  # Decimal as a plain YAML number (read as a float, as a buyer's file is)


def tender_yaml(tender: dict) -> str:
    lines = []
    for key, value in tender.items():
        if key == "lots":
            lines.append("lots:")
            for lot in value:
                lines.append(f"  - id: {_scalar(lot['id'])}")
                lines.append(f"    title: {_scalar(lot['title'])}")
                lines.append(f"    value_eur: {lot['value_eur']}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def prepared_for(tender: dict):  # noqa: ANN201
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tender.yaml"
        path.write_text(tender_yaml(tender), encoding="utf-8")
        return prepare(path)


def expected_obligation(profile, basis: Decimal, percentage: Decimal) -> tuple[Decimal, bool]:  # noqa: ANN001
    raw = (basis * percentage / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    cap = profile.max_obligation_eur
    if cap is not None and raw > cap:
        return cap.quantize(CENT), True
    return raw, False


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tenders())
def test_the_plan_adds_up_and_follows_the_rules(tender: dict) -> None:
    prepared = prepared_for(tender)
    plan, profile = prepared.plan, prepared.inputs.profile
    values = [lot["value_eur"] for lot in tender["lots"]] if "lots" in tender else [tender["value_eur"]]
    assert [lot.value_eur for lot in plan.lots] == values
    assert plan.total_value == sum(values, Decimal(0))
    assert plan.total_obligation == sum((lot.obligation for lot in plan.lots), Decimal(0))
    for lot in plan.lots:
        assert lot.obligation == lot.obligation.quantize(CENT)
        assert lot.obligation >= 0
        if not lot.instruments:
            assert lot.obligation == 0
            continue
        band = profile.bands[lot.band - 1]
        assert band.up_to is None or lot.value_eur <= band.up_to
        if lot.band > 1:
            assert lot.value_eur > profile.bands[lot.band - 2].up_to
        share = tender.get("labour_share")
        if profile.basis == "loonsom":
            assert lot.basis_eur == (lot.value_eur * share).quantize(CENT, rounding=ROUND_HALF_UP)
        else:
            assert lot.basis_eur == lot.value_eur
        rule = profile.labour_extensive
        lower = rule is not None and share is not None and share < rule.below_share
        assert lot.percentage == (rule.percentage if lower else band.percentage)
        obligation, capped = expected_obligation(profile, lot.basis_eur, lot.percentage)
        assert (lot.obligation, lot.capped) == (obligation, capped)
        assert tender["duration_months"] >= profile.min_duration_months


def _paragraph_texts(document: docx.document.Document) -> list[str]:
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for part in parts for p in part.iter(qn("w:p"))]


def library_figures(prepared) -> set[Decimal]:  # noqa: ANN001
    """Amounts a document may print besides the plan's: the value table, the profile's amount
    settings (hourly value, call-off minimum, light-regime bound), its band bounds and cap."""
    profile, table = prepared.inputs.profile, prepared.inputs.table
    figures = {block.value_eur for block in table.blocks if block.value_eur is not None}
    figures |= {band.up_to for band in profile.bands if band.up_to is not None}
    figures |= {value for name, value in profile.settings if name.endswith("_eur")} | {Decimal(0)}
    if profile.max_obligation_eur is not None:
        figures.add(profile.max_obligation_eur)
    return {figure.quantize(CENT) for figure in figures}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tenders())
def test_documents_print_the_plan_and_are_valid_word_files(tender: dict) -> None:
    prepared = prepared_for(tender)
    plan = prepared.plan
    files, manifest = render_documents(prepared)
    assert manifest["plan"]["total_obligation_eur"] == str(plan.total_obligation.quantize(CENT))
    allowed = {figure.quantize(CENT) for lot in plan.lots for figure in (lot.value_eur, lot.basis_eur, lot.obligation)}
    allowed |= {plan.total_obligation, plan.total_value} | library_figures(prepared)
    # the plan-of-approach form covers only the lots that ask for a plan: their totals (ninth reading A MINOR-3)
    asked = [lot for lot in plan.lots if "plan-van-aanpak" in lot.instruments]
    allowed |= {sum((lot.value_eur for lot in asked), Decimal(0)).quantize(CENT),
                sum((lot.obligation for lot in asked), Decimal(0)).quantize(CENT)}  # fmt: skip
    for name, data in files.items():
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert package.testzip() is None
            for part in package.namelist():
                if part.endswith((".xml", ".rels")):
                    etree.fromstring(package.read(part))  # well-formed, or this raises
        texts = _paragraph_texts(docx.Document(io.BytesIO(data)))
        text = "\n".join(texts)
        printed = {Decimal(m.group(1).replace(".", "").replace(",", ".")) for m in AMOUNT.finditer(text)}
        assert printed <= allowed, f"{name} prints amounts that are not in the plan: {sorted(printed - allowed)}"
        model = plan.has_lots and name.endswith("overeenkomst-social-return.docx")  # per lot, never all lots
        kind = name.removeprefix(f"{plan.reference}-").removesuffix(".docx")
        assert model or fmt.euro(document_total(manifest, kind)) in text, name
        if name.endswith(("bijlage-social-return.docx", "overeenkomst-social-return.docx")):
            for lot in plan.obligation_lots:
                assert fmt.euro(lot.obligation) in text, (name, lot.id)
        if plan.has_lots and name.endswith("bijlage-social-return.docx"):
            for lot in plan.obligation_lots:  # tender text is printed as text, never as Markdown
                title = " ".join(lot.title.split())
                assert any(title in " ".join(t.split()) for t in texts), (name, title)


# ---------------------------------------------------------------------------------- fuzzing

VALID_TENDER = """\
reference: 2026-0970
title: Schoonmaak kantoren Leiden
contracting_authority: Gemeente Voorbeeld
category: schoonmaak
contract_type: overeenkomst
value_eur: 2400000
duration_months: 48
publication_date: 2026-12-01
lots:
  - id: 1
    title: Leiden Centrum
    value_eur: 1500000
  - id: 2
    title: Leiden Zuid
    value_eur: 900000
"""
YAML_FRAGMENTS = [
    "&a ", "*a", "<<: *a\n", "!!python/object/apply:os.system ['true'] ", "!euro ", "!!binary ", "{", "}", "[", "]",
    ": ", "- ", "\t", "---\n", "...\n", "%YAML 1.1\n", "? ", "|\n", ">-\n", "\x00", "\x07", "\ufeff", "\u2028",
    "\x85", "'", '"', "\\", "#", "\n", "    ", "1e9999", ".nan", "-.inf", "~", "null", "2026-02-30", "0x1F",
    "9" * 400, "é", "€", "🙂", "title: x\n", "lots: []\n", "id: 1\n", "value_eur: -1\n", "labour_share: 2\n",
]  # fmt: skip


@st.composite
def mutated_tenders(draw: st.DrawFn) -> bytes:
    """The valid tender with a few fragments inserted, lines dropped or doubled, or bytes flipped."""
    text = VALID_TENDER
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["insert", "drop-line", "double-line", "cut"]))
        lines = text.splitlines(keepends=True)
        if action == "insert":
            at = draw(st.integers(0, len(text)))
            fragment = draw(st.sampled_from(YAML_FRAGMENTS) | st.text(max_size=4))
            text = text[:at] + fragment + text[at:]
        elif action == "drop-line" and lines:
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "".join(lines)
        elif action == "double-line" and lines:
            at = draw(st.integers(0, len(lines) - 1))
            lines.insert(at, lines[at])
            text = "".join(lines)
        elif action == "cut":
            text = text[: draw(st.integers(0, len(text)))]
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    return data


def _calc(data: bytes):  # noqa: ANN202
    from conftest import run_cli

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tender.yaml"
        path.write_bytes(data)
        return path, run_cli("calc", path)


@settings(max_examples=150, deadline=None)
@given(mutated_tenders())
def test_any_damaged_tender_is_either_valid_or_one_clean_error(data: bytes) -> None:
    """Files nobody wrote a case for: the run succeeds, or ends with exit 2 and one line per problem,
    each naming the file; never a traceback (run_cli lets any other exception through)."""
    path, result = _calc(data)
    assert result.exit_code in (0, 2), result.stderr
    if result.exit_code == 2:
        _clean_problems(result.stderr, result.stdout, path)


def _clean_problems(stderr: str, stdout: str, path: Path) -> None:
    """Several problems are reported one per line, each naming the file, at most MAX_REPORTED,
    then "en nog N"; nothing on stdout."""
    lines = stderr.splitlines()
    assert 1 <= len(lines) <= MAX_REPORTED + 1, stderr
    problems = lines[:MAX_REPORTED]  # a 21st line can only be "en nog N"
    assert all(line.startswith(f"Error: {path}") for line in problems), stderr
    assert lines[MAX_REPORTED:] in ([], [lines[-1]]) and (len(lines) <= MAX_REPORTED or "en nog" in lines[-1])
    assert stdout == ""


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_are_clean_errors(data: bytes) -> None:
    path, result = _calc(data)
    assert result.exit_code == 2
    _clean_problems(result.stderr, result.stdout, path)


JINJA_FRAGMENTS = [
    "{{ ", " }}", "{% ", " %}", "for x in ", "endfor", "if ", "endif", "else", "set y = ", "macro m()", "endmacro",
    "m()", "plan.lots", "tender.title", "lot.obligation", "x", "y", "loop.index", "|upper", "|join(', ')",
    "|euro", "|percentage", "|datum", "|aantal", "|length", "|list", "|first", " ~ ", " * ", " + ", " % ", "**",
    "10**9", "(", ")", "[", "]", "'x'", "1", "0", "-1", ".", "__class__", "_x", "[0]", "ref('a.b')",
    "tabel_percelen()", "fout('stop')", "none", "1/0", "recursive", "loop(x)", "\n", "1. ", "**vet**", "|", "---",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(JINJA_FRAGMENTS), max_size=25).map("".join))
def test_any_clause_text_renders_or_fails_with_a_template_or_clausegen_error(text: str) -> None:
    """Random clause texts over the real context: only Jinja's template errors (which
    render_clause turns into `file:line` messages) or ClausegenErrors, never anything else."""
    import jinja2

    from clausegen.documents.assemble import base_context
    from clausegen.errors import ClausegenError
    from clausegen.template.render import compile_text, render_text, variables

    prepared = _fuzz_prepared()
    context = {**base_context(prepared.inputs, "bijlage"), "lot": prepared.plan.lots[0]}
    try:
        variables(text)
        render_text(compile_text(text), context)
    except (jinja2.TemplateError, ClausegenError):
        pass


_PREPARED: list = []


def _fuzz_prepared():  # noqa: ANN202
    if not _PREPARED:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "tender.yaml"
            path.write_text(VALID_TENDER, encoding="utf-8")
            _PREPARED.append(prepare(path))
    return _PREPARED[0]


LIBRARY_FILES = {
    str(path.relative_to(LIBRARY.root)): path.read_bytes()
    for sub in ("clauses", "profiles")
    for path in sorted((LIBRARY.root / sub).rglob("*.yaml"))
}
"""The library as it was when the tests started (the same input for every example)."""


@st.composite
def damaged_library_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """One library file with fragments inserted, lines dropped or doubled, or a byte flipped."""
    name = draw(st.sampled_from(sorted(LIBRARY_FILES)))
    text = LIBRARY_FILES[name].decode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        lines = text.splitlines(keepends=True)
        action = draw(st.sampled_from(["insert", "drop-line", "double-line"]))
        if action == "insert":
            at = draw(st.integers(0, len(text)))
            fragment = draw(st.sampled_from(YAML_FRAGMENTS + JINJA_FRAGMENTS) | st.text(max_size=4))
            text = text[:at] + fragment + text[at:]
        elif lines:
            at = draw(st.integers(0, len(lines) - 1))
            if action == "drop-line":
                del lines[at]
            else:
                lines.insert(at, lines[at])
            text = "".join(lines)
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    return name, data


@settings(max_examples=25, deadline=None)
@given(damaged_library_files())
def test_any_damaged_library_file_gives_documents_or_one_clean_error(damaged: tuple[str, bytes]) -> None:
    """`generate` and `check` over a library with one damaged file: documents, or exit 2 with one
    line per problem (generate) / a list of problems (check); never a traceback, and no output on failure."""
    from conftest import run_cli

    name, data = damaged
    with tempfile.TemporaryDirectory() as folder:
        lib = Path(folder) / "lib"
        for relative, content in {**LIBRARY_FILES, name: data}.items():
            (lib / relative).parent.mkdir(parents=True, exist_ok=True)
            (lib / relative).write_bytes(content)
        tender = Path(folder) / "tender.yaml"
        tender.write_text(VALID_TENDER, encoding="utf-8")
        outdir = Path(folder) / "out"
        result = run_cli("generate", tender, "-o", outdir, "--library", lib)
        assert result.exit_code in (0, 2), result.stderr
        if result.exit_code == 2:
            lines = result.stderr.splitlines()
            assert 1 <= len(lines) <= MAX_REPORTED + 1, result.stderr
            assert all(line.startswith("Error: ") for line in lines), result.stderr
            assert not outdir.exists()
        checked = run_cli("check", "--library", lib)
        assert checked.exit_code in (0, 1, 2), checked.stderr

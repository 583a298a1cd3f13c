"""The bad-input table (docs/bad-input.md): every malformed tender, clause or profile file gives
exit 2, exactly one `Error: path:line: message` line on stderr, no traceback and no output."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_library, run_cli

BAD = FIXTURES / "bad"
DOC = ROOT / "docs" / "bad-input.md"

TENDER = """\
# A valid tender; each case below breaks one thing in it.
reference: 2026-0900
title: Schoonmaak kantoren Utrecht
contracting_authority: Gemeente Voorbeeld
category: schoonmaak
contract_type: overeenkomst
value_eur: 2400000
duration_months: 48
publication_date: 2026-12-01
lots:
  - id: 1
    title: Utrecht Centrum
    value_eur: 1500000
  - id: 2
    title: Utrecht Zuid
    value_eur: 900000
"""


def edit(old: str, new: str, count: int = 1) -> str:
    assert TENDER.count(old) >= count, old
    return TENDER.replace(old, new, count)


@dataclass(frozen=True)
class Case:
    id: str
    content: str | bytes | None  # None: the file is not created
    line: int | None  # the line the message must name; None when there is none to give
    expected: tuple[str, ...]  # pieces of the message, in order
    name: str = "tender.yaml"


CASES = [
    # -- fields: missing, unknown, misspelt
    Case(
        "missing-field",
        edit("reference: 2026-0900\n", ""),
        2,
        ("reference: het veld ontbreekt; voeg bovenaan het bestand een regel toe: 'reference: 2026-0142'",),
    ),
    Case(
        "unknown-field",
        TENDER + "budget: 5\n",
        17,
        ("budget: onbekend veld 'budget'; toegestaan zijn: reference, title",),
    ),
    Case(
        "misspelt-field",
        edit("duration_months:", "duration_month:"),
        8,
        ("onbekend veld 'duration_month'; bedoelt u 'duration_months'?",),
    ),  # fmt: skip
    Case(
        "misspelt-lot-field",
        edit("    value_eur: 900000", "    valeu_eur: 900000"),
        16,
        ("onbekend veld 'valeu_eur'; bedoelt u 'value_eur'?",),
    ),  # fmt: skip
    Case(
        "unknown-category",
        edit("category: schoonmaak", "category: schoonmak"),
        5,
        ("Er is geen profiel voor categorie 'schoonmak' (bedoelt u 'schoonmaak'?); kies een categorie uit de lijst (",),
    ),  # fmt: skip
    Case(
        "category-not-a-slug",
        edit("category: schoonmaak", "category: Schoon Maak"),
        5,
        ("category: Kies een categorie uit de lijst (kleine letters, bijvoorbeeld schoonmaak).",),
    ),  # fmt: skip
    Case(
        "unknown-contract-type",
        edit("contract_type: overeenkomst", "contract_type: overeenkomsten"),
        6,
        (
            "contract_type: 'overeenkomsten' is geen toegestane keuze; bedoelt u 'overeenkomst'? (keuzes: overeenkomst, raamovereenkomst)",
        ),
    ),  # fmt: skip
    Case(
        "unknown-target-group",
        TENDER + "target_groups: [banenafsprak]\n",
        17,
        (
            "target_groups.0: Doelgroep 'banenafsprak' hoort niet bij het profiel 'schoonmaak'; kies uit de lijst: arbeidsongeschikt, banenafspraak,",
        ),
    ),  # fmt: skip
    # -- wrong types
    Case(
        "text-for-a-number",
        edit("duration_months: 48", "duration_months: vier jaar"),
        8,
        ("duration_months: Vul een heel aantal maanden in, bijvoorbeeld 48.",),
    ),  # fmt: skip
    Case(
        "fraction-of-a-month",
        edit("duration_months: 48", "duration_months: 48.5"),
        8,
        ("duration_months: Vul een heel aantal maanden in, bijvoorbeeld 48.",),
    ),  # fmt: skip
    Case(
        "amount-in-words",
        edit("value_eur: 2400000", "value_eur: 2,4 miljoen"),
        7,
        ("value_eur: '2,4 miljoen' is geen bedrag; schrijf bijvoorbeeld 1500000 of 1500000.50",),
    ),  # fmt: skip
    Case(
        "mapping-for-a-list",
        TENDER.split("lots:")[0] + "lots: {id: 1, title: Centrum, value_eur: 2400000}\n",
        10,
        ("lots: hier hoort een lijst: elke waarde op een eigen regel die begint met '- '",),
    ),
    Case(
        "number-as-field-name",
        TENDER + "2026: x\n",
        17,
        ("2026: de veldnaam 2026 is geen tekst; gebruik een veldnaam",),
    ),
    Case(
        "list-for-a-text",
        edit("title: Schoonmaak kantoren Utrecht", "title: [Schoonmaak, kantoren]"),
        3,
        ("title: hier hoort tekst",),
    ),  # fmt: skip
    # -- amounts
    Case(
        "negative-amount",
        edit("value_eur: 1500000", "value_eur: -1500000"),
        13,
        ("lots.0.value_eur: Het bedrag moet groter zijn dan nul.",),
    ),  # fmt: skip
    Case(
        "zero-amount",
        edit("value_eur: 900000", "value_eur: 0"),
        16,
        ("lots.1.value_eur: Het bedrag moet groter zijn dan nul.",),
    ),  # fmt: skip
    Case(
        "nan-amount",
        edit("value_eur: 2400000", "value_eur: .nan"),
        7,
        ("value_eur: .nan en .inf zijn geen bedragen",),
    ),  # fmt: skip
    Case(
        "infinite-amount",
        edit("value_eur: 1500000", "value_eur: .inf"),
        13,
        ("lots.0.value_eur: .nan en .inf zijn geen bedragen",),
    ),  # fmt: skip
    Case(
        "fractions-of-a-cent",
        edit("value_eur: 900000", "value_eur: 900000.005"),
        16,
        ("lots.1.value_eur: '900000.005' heeft meer dan twee decimalen; een bedrag is in euro's en centen",),
    ),  # fmt: skip
    Case(
        "lots-do-not-add-up",
        edit("value_eur: 2400000", "value_eur: 2500000"),
        7,
        (
            "value_eur: De geraamde waarde (€ 2.500.000) is niet gelijk aan de som van de percelen (€ 2.400.000)",
            "laat de geraamde waarde leeg",
        ),
    ),  # fmt: skip
    Case(
        "duplicate-lot-id",
        edit("  - id: 2", "  - id: 1"),
        14,
        ("lots.1.id: Perceelnummer '1' komt meer dan eens voor; geef elk perceel een eigen nummer.",),
    ),
    Case(
        "no-value-no-lots",
        edit("value_eur: 2400000\n", "").split("lots:")[0],
        2,
        ("value_eur: Vul de geraamde waarde in, of voeg percelen toe.",),
    ),  # fmt: skip
    # -- dates, shares, limits
    Case(
        "impossible-date",
        edit("2026-12-01", "2026-02-30"),
        9,
        ("'2026-02-30' is geen bestaande datum; schrijf de datum als JJJJ-MM-DD",),
    ),  # fmt: skip
    Case(
        "date-in-words",
        edit("2026-12-01", "1 december 2026"),
        9,
        ("publication_date: Vul een bestaande datum in als JJJJ-MM-DD, bijvoorbeeld 2026-03-01.",),
    ),
    Case(
        "labour-share-above-1",
        TENDER + "labour_share: 1.5\n",
        17,
        ("labour_share: Vul een percentage tussen 0 en 100 in, bijvoorbeeld 60 (in een bestand als deel van 1: 0.6).",),
    ),  # fmt: skip
    Case(
        "labour-share-negative",
        TENDER + "labour_share: -0.2\n",
        17,
        ("labour_share: Vul een percentage tussen 0 en 100 in, bijvoorbeeld 60 (in een bestand als deel van 1: 0.6).",),
    ),  # fmt: skip
    Case(
        "duration-zero",
        edit("duration_months: 48", "duration_months: 0"),
        8,
        ("duration_months: De looptijd is ten minste 1 maand.",),
    ),  # fmt: skip
    Case(
        "absurdly-long-text",
        edit("title: Utrecht Zuid", "title: " + "Zuid " * 20_000),
        15,
        ("lots.1.title: Te lang: ten hoogste 500 tekens.",),
    ),  # fmt: skip
    Case(
        "control-character",
        edit("title: Utrecht Zuid", 'title: "Utrecht\\x07Zuid"'),
        15,
        ("lots.1.title: Bevat een stuurteken (U+0007); verwijder het.",),
    ),  # fmt: skip
    Case(
        "nul-byte",
        edit("Utrecht Zuid", "Utrecht\x00Zuid").encode(),
        15,
        ("het teken U+0000 mag niet in een YAML-bestand staan; verwijder het",),
    ),  # fmt: skip
    Case(
        "reference-only-punctuation",
        edit("reference: 2026-0900", "reference: '/../!!'"),
        2,
        ("reference: Moet letters of cijfers bevatten (het kenmerk staat in de bestandsnamen).",),
    ),  # fmt: skip
    # -- YAML itself
    Case(
        "syntax-error", edit("title: Utrecht Zuid", "title: [Utrecht Zuid"), 16, ("het bestand is geen geldige YAML (",)
    ),
    Case(
        "tab-indentation",
        edit("  - id: 2\n    title", "  - id: 2\n\ttitle"),
        15,
        ("in kolom 1 staat een tab; YAML springt alleen in met spaties: vervang de tab door spaties",),
    ),  # fmt: skip
    Case(
        "duplicate-key",
        TENDER + "category: catering\n",
        17,
        ("het veld 'category' staat er twee keer (eerst op regel 5); houd er één",),
    ),  # fmt: skip
    Case(
        "not-utf8",
        edit("Utrecht Zuid", "Utrecht Zuïd").encode("latin-1"),
        15,
        ("het bestand is geen UTF-8-tekst; sla het op als UTF-8",),
    ),  # fmt: skip
    Case("empty-file", "", None, ("het aanbestedingsbestand is leeg; `clausegen schema` laat zien wat erin hoort",)),
    Case("only-comments", "# nothing here\n", None, ("het aanbestedingsbestand bevat geen gegevens",)),
    Case(
        "a-list-not-a-mapping",
        "- reference: 2026-0900\n- title: x\n",
        1,
        ("het aanbestedingsbestand moet velden bevatten (naam: waarde), geen lijst",),
    ),  # fmt: skip
    Case(
        "a-plain-text",
        "schoonmaak kantoren\n",
        1,
        ("het aanbestedingsbestand moet velden bevatten (naam: waarde), niet alleen",),
    ),
    Case(
        "alias-bomb",
        (BAD / "billion-laughs.yaml").read_text(),
        2,
        ("YAML-ankers (&naam) zijn niet toegestaan; schrijf de waarde voluit",),
    ),  # fmt: skip
    Case(
        "python-object-tag",
        TENDER + "notes: !!python/object/apply:os.system ['echo pwned']\n",
        17,
        ("labels zoals 'tag:yaml.org,2002:python/object/apply:os.system' zijn niet toegestaan",),
    ),  # fmt: skip
    Case(
        "custom-tag",
        edit("value_eur: 2400000", "value_eur: !euro 2400000"),
        7,
        ("labels zoals '!euro' zijn niet toegestaan; schrijf gewone waarden",),
    ),  # fmt: skip
    Case(
        "number-with-5000-digits",
        edit("duration_months: 48", "duration_months: " + "9" * 5000),
        8,
        ("de waarde kan niet worden gelezen (Exceeds the limit",),
    ),  # fmt: skip
    Case(
        "nested-too-deeply",
        TENDER + "notes: " + "[" * 3000 + "]" * 3000 + "\n",
        None,
        ("de gegevens zijn te diep genest",),
    ),  # fmt: skip
    # -- files and folders
    Case("missing-file", None, None, ("het aanbestedingsbestand bestaat niet; controleer het pad",)),
    Case(
        "folder-not-a-file",
        None,
        None,
        ("dit is een map, geen aanbestedingsbestand; geef het pad van het bestand zelf",),
        name="a-folder",
    ),
]


def _write(tmp_path: Path, case: Case) -> Path:
    path = tmp_path / case.name
    if case.name == "a-folder":
        path.mkdir()
    elif isinstance(case.content, bytes):
        path.write_bytes(case.content)
    elif case.content is not None:
        path.write_text(case.content, encoding="utf-8")
    return path


def assert_one_clean_error(
    result, path: Path, line: int | None, expected: tuple[str, ...], *, several: bool = False
) -> str:
    """Exit 2, one `Error: path[:line]: ...` line on stderr naming the pieces, nothing on stdout
    (with `several`: each problem of the library on its own `Error:` line, this one among them)."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    where = f"{path}:{line}: " if line else f"{path}: "
    if several:
        assert all(row.startswith("Error: ") for row in lines), result.stderr
        lines = [row for row in lines if row.startswith(f"Error: {where}")][:1] or lines
    assert len(lines) == 1, result.stderr
    message = lines[0]
    assert message.startswith(f"Error: {where}"), message
    position = 0
    for piece in expected:
        found = message.find(piece, position)
        assert found >= 0, f"{piece!r} not in {message!r}"
        position = found + len(piece)
    return message


WRITE_DOC = os.environ.get("CLAUSEGEN_WRITE_DOC") == "1"
"""`CLAUSEGEN_WRITE_DOC=1 python -m pytest tests/test_bad_input.py` writes each case's message
into its row of docs/bad-input.md instead of failing on a row that differs."""


def _row(case_id: str) -> re.Pattern[str]:
    return re.compile(rf"^(\| `{re.escape(case_id)}` \| [^|]+ \| )(.*)( \| 2 \|)$", re.M)


def assert_documented(case_id: str, message: str, tmp_path: Path) -> None:
    """The table in docs/bad-input.md shows exactly the message a user sees for this case (paths
    relative to the folder of the run), so the page stays true as the wording changes."""
    shown = message.replace(f"{tmp_path}{os.sep}", "").replace("|", "\\|")
    text = DOC.read_text(encoding="utf-8")
    found = _row(case_id).search(text)
    assert found, f"{case_id} is missing from docs/bad-input.md"
    if WRITE_DOC:
        DOC.write_text(text[: found.start(2)] + shown + text[found.end(2) :], encoding="utf-8")
        return
    assert found.group(2) == shown, (
        f"docs/bad-input.md shows another message for {case_id}; rewrite the rows with "
        "CLAUSEGEN_WRITE_DOC=1 python -m pytest tests/test_bad_input.py"
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_tender(case: Case, tmp_path: Path) -> None:
    path = _write(tmp_path, case)
    outdir = tmp_path / "out"
    result = run_cli("generate", path, "-o", outdir)
    assert_documented(case.id, assert_one_clean_error(result, path, case.line, case.expected), tmp_path)
    assert not outdir.exists()
    # `calc` reads the same file the same way.
    again = run_cli("calc", path)
    assert again.stderr == result.stderr and again.exit_code == 2


def test_the_table_has_at_least_30_cases_and_docs_list_them_all() -> None:
    assert len(CASES) + len(LIBRARY_CASES) >= 30
    documented = DOC.read_text(encoding="utf-8")
    for case in [*CASES, *LIBRARY_CASES]:
        assert f"`{case.id}`" in documented, f"{case.id} is missing from docs/bad-input.md"


def test_existing_output_is_untouched_by_a_bad_tender(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "keep.docx").write_bytes(b"old")
    bad = tmp_path / "tender.yaml"
    bad.write_text(edit("value_eur: 2400000", "value_eur: 2500000"))
    result = run_cli("generate", bad, "-o", outdir, "--force")
    assert result.exit_code == 2
    assert sorted(p.name for p in outdir.iterdir()) == ["keep.docx"]
    assert (outdir / "keep.docx").read_bytes() == b"old"


# ---------------------------------------------------------------------------------- usage


def test_missing_argument_is_a_usage_error_exit_2() -> None:
    result = run_cli("generate")
    assert result.exit_code == 2
    assert "Missing argument 'TENDER'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_option_is_a_usage_error_exit_2(tmp_path: Path) -> None:
    result = run_cli("calc", tmp_path / "t.yaml", "--no-such-option")
    assert result.exit_code == 2
    assert "No such option" in result.stderr and "--no-such-option" in result.stderr


def test_unknown_command_is_a_usage_error_exit_2() -> None:
    result = run_cli("genrate", "x.yaml")
    assert result.exit_code == 2
    assert "No such command 'genrate'" in result.stderr


def test_a_missing_library_folder(tmp_path: Path) -> None:
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER)
    result = run_cli("calc", tender, "--library", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: de bibliotheekmap {tmp_path / 'nowhere'} (--library) bestaat niet; "
        "geef een map met clauses/ en profiles/"
    ]


def test_a_library_without_profiles(tmp_path: Path) -> None:
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER)
    (tmp_path / "lib" / "clauses").mkdir(parents=True)
    result = run_cli("calc", tender, "--library", tmp_path / "lib")
    assert result.exit_code == 2
    assert "heeft geen map profiles/; een bibliotheek bevat clauses/ en profiles/" in result.stderr


def test_an_unreadable_tender_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied (simulated: the tests may run as root, who can read anything)."""
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER)
    import clausegen.files

    real = os.open

    def denied(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if Path(path) == tender:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(clausegen.files.os, "open", denied)
    result = run_cli("calc", tender)
    assert_one_clean_error(
        result, tender, None, ("het aanbestedingsbestand kan niet worden gelezen (Permission denied)",)
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_refused_without_reading_it() -> None:
    result = run_cli("calc", "/dev/zero")
    assert_one_clean_error(result, Path("/dev/zero"), None, ("dit is een apparaat, geen gewoon bestand",))


def test_a_huge_unknown_key_is_not_repeated_in_full(tmp_path: Path) -> None:
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER + "x" * 1000 + ": 1\n")
    result = run_cli("calc", tender)
    message = assert_one_clean_error(result, tender, 17, ("onbekend veld 'xxxxxxxxxx", "…'"))
    assert "x" * 100 not in message  # the key is shortened, in the key path and in the text
    assert len(message) - len(str(tender)) < 400


def test_a_huge_tag_is_not_repeated_in_full(tmp_path: Path) -> None:
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER + "notes: !" + "x" * 100_000 + " 1\n")
    result = run_cli("calc", tender)
    message = assert_one_clean_error(result, tender, 17, ("labels zoals '!xxxx", " … "))
    assert len(message) < 400


# ---------------------------------------------------------------------------------- library


@dataclass(frozen=True)
class LibCase:
    id: str
    file: str  # relative to the library
    old: str | None  # text to replace; None: `new` is the whole file (bytes or text)
    new: str | bytes
    at: str | int | None  # the message's line: the first line holding this text, a number, or none
    expected: tuple[str, ...]


CLAUSE = "clauses/monitoring/sancties.yaml"
PROFILE = "profiles/schoonmaak.yaml"
TABLE = "profiles/value-tables/standaard.yaml"
GROUPS = "profiles/target-groups/doelgroepen.yaml"

LIBRARY_CASES = [
    LibCase(
        "clause-misspelt-field",
        CLAUSE,
        "title:",
        "titel:",
        "titel:",
        ("titel: onbekend veld 'titel'; bedoelt u 'title'?",),
    ),  # fmt: skip
    LibCase(
        "clause-unknown-instrument",
        CLAUSE,
        "instrument: monitoring",
        "instrument: monitorring",
        "instrument:",
        ("instrument: 'monitorring' is geen toegestane keuze", "bedoelt u 'monitoring'?"),
    ),  # fmt: skip
    LibCase(
        "clause-unknown-document-kind",
        CLAUSE,
        "documents: [",
        "documents: [bijlagen, ",
        "documents:",
        ("documents.0: 'bijlagen' is geen toegestane keuze", "bedoelt u 'bijlage'?"),
    ),  # fmt: skip
    LibCase(
        "clause-version-as-text",
        CLAUSE,
        "version:",
        "version: twee\nold_version:",
        "old_version:",
        ("old_version: onbekend veld 'old_version'",),
    ),  # fmt: skip
    LibCase(
        "clause-bad-id",
        CLAUSE,
        "id: monitoring.sancties",
        "id: Monitoring Sancties",
        "id:",
        ("id: een clausule-id bestaat uit woorden in kleine letters, gescheiden door punten",),
    ),  # fmt: skip
    LibCase(
        "clause-python-tag",
        CLAUSE,
        "order:",
        "x: !!python/object/apply:os.system ['id']\norder:",
        "python/",
        ("labels zoals 'tag:yaml.org,2002:python/object/apply:os.system' zijn niet toegestaan",),
    ),  # fmt: skip
    LibCase(
        "clause-alias",
        CLAUSE,
        "order:",
        "x: &x [1, 2]\ny: *x\norder:",
        "&x",
        ("YAML-ankers (&naam) zijn niet toegestaan",),
    ),  # fmt: skip
    LibCase(
        "clause-not-utf8",
        CLAUSE,
        None,
        "id: monitoring.sancties\ntitle: Sancti\xebs\n".encode("latin-1"),
        2,
        ("het bestand is geen UTF-8-tekst",),
    ),  # fmt: skip
    LibCase("clause-empty", CLAUSE, None, "", None, ("het clausulebestand is leeg",)),
    LibCase(
        "profile-band-gap",
        PROFILE,
        "bands:\n",
        "bands:\n  - up_to: 300000\n    instruments: []\n",
        "- up_to: 250000",
        ("bands.1.up_to: schijf 2: up_to 250000 moet boven die van schijf 1 liggen (300000)",),
    ),
    LibCase(
        "profile-percentage-over-100",
        PROFILE,
        "percentage: 5",
        "percentage: 500",
        "percentage: 500",
        ("bands.1.percentage: Mag ten hoogste 100 zijn.",),
    ),  # fmt: skip
    LibCase(
        "profile-unknown-value-table",
        PROFILE,
        "value_table: standaard",
        "value_table: standard",
        "value_table:",
        ("value_table: waardetabel 'standard' bestaat niet in profiles/value-tables (bedoelt u 'standaard'?)",),
    ),  # fmt: skip
    LibCase(
        "profile-unknown-kind",
        PROFILE,
        "kind: diensten",
        "kind: dienst",
        "kind:",
        ("kind: 'dienst' is geen toegestane keuze; bedoelt u 'diensten'? (keuzes: diensten, werken, leveringen)",),
    ),  # fmt: skip
    LibCase(
        "profile-control-character",
        PROFILE,
        "name: Schoonmaakdiensten",
        'name: "Schoon\\x07maakdiensten"',
        'name: "Schoon',
        ("name: Bevat een stuurteken (U+0007); verwijder het.",),
    ),
    LibCase(
        "target-group-lone-surrogate",
        GROUPS,
        "label: Participatiewet",
        'label: "Participatie\\udc80wet"',
        "Participatie",
        ("target_groups.0.label: Bevat het teken U+DC80, dat een Word-bestand niet kan bevatten",),
    ),
    LibCase(
        "profile-duplicate-key",
        PROFILE,
        "kind: diensten",
        "kind: diensten\nkind: werken",
        "kind: werken",
        ("het veld 'kind' staat er twee keer",),
    ),  # fmt: skip
    LibCase(
        "value-table-negative-block",
        TABLE,
        "value_eur: 40000",
        "value_eur: -40000",
        "value_eur: -40000",
        ("blocks.", "value_eur: Het bedrag moet groter zijn dan nul."),
    ),  # fmt: skip
    LibCase(
        "target-groups-a-list",
        GROUPS,
        None,
        "- participatiewet\n- banenafspraak\n",
        1,
        ("het doelgroepenbestand moet velden bevatten (naam: waarde), geen lijst",),
    ),  # fmt: skip
]


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    """The real library, copied so one file can be broken."""
    lib = tmp_path / "lib"
    copy_library(lib)
    return lib


@pytest.mark.parametrize("case", LIBRARY_CASES, ids=[c.id for c in LIBRARY_CASES])
def test_bad_library_file(case: LibCase, library_copy: Path, tmp_path: Path) -> None:
    path = library_copy / case.file
    if case.old is None:
        if isinstance(case.new, bytes):
            path.write_bytes(case.new)
        else:
            path.write_text(case.new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert case.old in text, f"{case.file} no longer holds {case.old!r}"
        path.write_text(text.replace(case.old, case.new, 1), encoding="utf-8")
    line = case.at
    if isinstance(case.at, str):
        line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if case.at in text)
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER)
    outdir = tmp_path / "out"
    result = run_cli("generate", tender, "-o", outdir, "--library", library_copy)
    assert_documented(case.id, assert_one_clean_error(result, path, line, case.expected, several=True), tmp_path)
    assert not outdir.exists()
    # `check` reports the same problem at the same place.
    checked = run_cli("check", "--library", library_copy)
    assert checked.exit_code == 1
    assert any(
        case.expected[0] in row and f"{case.file}" in row
        for row in checked.stdout.splitlines() + checked.stderr.splitlines()
    )


def test_a_misspelt_clause_id_in_requires_gets_a_suggestion(library_copy: Path, tmp_path: Path) -> None:
    path = library_copy / CLAUSE
    text = re.sub(r"^requires:.*\n", "", path.read_text(encoding="utf-8"), flags=re.M)
    path.write_text(text.replace("order:", "requires: [algemeen.definitie]\norder:", 1), encoding="utf-8")
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER)
    outdir = tmp_path / "out"
    result = run_cli("generate", tender, "-o", outdir, "--library", library_copy)
    line = next(n for n, row in enumerate(path.read_text().splitlines(), 1) if row.startswith("requires:"))
    assert_one_clean_error(
        result,
        path,
        line,
        ("clausule monitoring.sancties vereist algemeen.definitie, maar dat is geen clausule van de bibliotheek "
         "(bedoelt u 'algemeen.definities'?); verbeter het id in requires",),
    )  # fmt: skip
    assert not outdir.exists()


# ---------------------------------------------------------------------------------- held out


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.name)
def test_every_malformed_fixture_fails_cleanly(path: Path, tmp_path: Path) -> None:
    """Files nobody wrote a case for behave the same: exit 2, each problem on a line naming the file, no output."""
    outdir = tmp_path / "out"
    result = run_cli("generate", path, "-o", outdir)
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(f"Error: {path}:") for line in lines), result.stderr
    assert not outdir.exists()


# ---------------------------------------------------------------------------------- Word files


BASE_DOCX = ROOT / "clausegen" / "data" / "basis.docx"


def _rezip(target: Path, change) -> Path:  # noqa: ANN001
    """A copy of the base template with `change(name, data)` applied to each part (None drops it)."""
    import zipfile

    with zipfile.ZipFile(BASE_DOCX) as source, zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            data = change(name, source.read(name))
            if data is not None:
                out.writestr(name, data)
    return target


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _with_entity(name: str, data: bytes) -> bytes:
    """An external entity in the document part: it must never be resolved (no file is read)."""
    if name != "word/document.xml":
        return data
    body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
    body = body.replace(b"<w:body>", b"<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p>", 1)
    return b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + body


WORD_FILES = {
    "not-a-zip": lambda path: _bytes(path, b"PK\x03\x04 this is not a zip"),
    "truncated": lambda path: _bytes(path, BASE_DOCX.read_bytes()[:2000]),
    "empty-zip": lambda path: _rezip(path, lambda name, data: None),
    "broken-xml": lambda path: _rezip(path, lambda name, data: b"<w:document" if name == "word/document.xml" else data),
    "no-content-types": lambda path: _rezip(path, lambda name, data: None if name == "[Content_Types].xml" else data),
    "external-entity": lambda path: _rezip(path, _with_entity),
}


@pytest.mark.parametrize("option", ["--template", "--into"])
@pytest.mark.parametrize("kind", list(WORD_FILES))
def test_a_broken_word_file_is_one_clean_error(kind: str, option: str, tmp_path: Path) -> None:
    word = WORD_FILES[kind](tmp_path / f"{kind}.docx")
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER)
    outdir = tmp_path / "out"
    result = run_cli("generate", tender, option, word, "-o", outdir)
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and word.name in lines[0], result.stderr
    assert "root:" not in result.stderr  # /etc/passwd was not read
    assert not outdir.exists()

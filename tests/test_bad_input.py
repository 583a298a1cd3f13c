"""The bad-input table (docs/bad-input.md): every malformed tender, clause or profile file gives
exit 2, exactly one `Error: path:line: message` line on stderr, no traceback and no output."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_cli

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
    Case("missing-field", edit("reference: 2026-0900\n", ""), 2, ("tender: reference: this field is required",)),
    Case(
        "unknown-field",
        TENDER + "budget: 5\n",
        17,
        ("tender: unknown field 'budget'", "allowed: reference, title"),
    ),
    Case(
        "misspelt-field",
        edit("duration_months:", "duration_month:"),
        8,
        ("unknown field 'duration_month'; did you mean 'duration_months'?",),
    ),  # fmt: skip
    Case(
        "misspelt-lot-field",
        edit("    value_eur: 900000", "    valeu_eur: 900000"),
        16,
        ("unknown field 'valeu_eur'; did you mean 'value_eur'?",),
    ),  # fmt: skip
    Case(
        "unknown-category",
        edit("category: schoonmaak", "category: schoonmak"),
        5,
        ("category 'schoonmak' has no profile; did you mean 'schoonmaak'?", "(profiles: "),
    ),  # fmt: skip
    Case(
        "category-not-a-slug",
        edit("category: schoonmaak", "category: Schoon Maak"),
        5,
        ("tender: category: use lowercase letters, digits and hyphens only",),
    ),  # fmt: skip
    Case(
        "unknown-contract-type",
        edit("contract_type: overeenkomst", "contract_type: overeenkomsten"),
        6,
        ("contract_type: Input should be 'overeenkomst' or 'raamovereenkomst'; did you mean 'overeenkomst'?",),
    ),  # fmt: skip
    Case(
        "unknown-target-group",
        TENDER + "target_groups: [banenafsprak]\n",
        17,
        ("target group 'banenafsprak' is not one of profile 'schoonmaak's groups; did you mean 'banenafspraak'?",),
    ),  # fmt: skip
    # -- wrong types
    Case(
        "text-for-a-number",
        edit("duration_months: 48", "duration_months: vier jaar"),
        8,
        ("tender: duration_months: Input should be a valid integer",),
    ),  # fmt: skip
    Case(
        "fraction-of-a-month",
        edit("duration_months: 48", "duration_months: 48.5"),
        8,
        ("tender: duration_months: Input should be a valid integer",),
    ),  # fmt: skip
    Case(
        "amount-in-words",
        edit("value_eur: 2400000", "value_eur: 2,4 miljoen"),
        7,
        ("tender: value_eur: '2,4 miljoen' is geen bedrag; schrijf bijvoorbeeld 1500000 of 1500000.50",),
    ),  # fmt: skip
    Case(
        "mapping-for-a-list",
        TENDER.split("lots:")[0] + "lots: {id: 1, title: Centrum, value_eur: 2400000}\n",
        10,
        ("tender: lots: Input should be a valid list",),
    ),
    Case(
        "number-as-field-name", TENDER + "2026: x\n", 17, ("tender: the field name 2026 is not text; use a field name",)
    ),
    Case(
        "list-for-a-text",
        edit("title: Schoonmaak kantoren Utrecht", "title: [Schoonmaak, kantoren]"),
        3,
        ("tender: title: Input should be a valid string",),
    ),  # fmt: skip
    # -- amounts
    Case(
        "negative-amount",
        edit("value_eur: 1500000", "value_eur: -1500000"),
        13,
        ("tender: lots.0.value_eur: Input should be greater than 0",),
    ),  # fmt: skip
    Case(
        "zero-amount",
        edit("value_eur: 900000", "value_eur: 0"),
        16,
        ("tender: lots.1.value_eur: Input should be greater than 0",),
    ),  # fmt: skip
    Case(
        "nan-amount",
        edit("value_eur: 2400000", "value_eur: .nan"),
        7,
        ("tender: value_eur: Input should be a finite number (.nan and .inf are not amounts)",),
    ),  # fmt: skip
    Case(
        "infinite-amount",
        edit("value_eur: 1500000", "value_eur: .inf"),
        13,
        ("tender: lots.0.value_eur: Input should be a finite number (.nan and .inf are not amounts)",),
    ),  # fmt: skip
    Case(
        "fractions-of-a-cent",
        edit("value_eur: 900000", "value_eur: 900000.005"),
        16,
        ("tender: lots.1.value_eur: '900000.005' heeft meer dan twee decimalen; een bedrag is in euro's en centen",),
    ),  # fmt: skip
    Case(
        "lots-do-not-add-up",
        edit("value_eur: 2400000", "value_eur: 2500000"),
        7,
        ("value_eur (2500000) must equal the sum of the lots' value_eur (2400000)", "leave value_eur out"),
    ),  # fmt: skip
    Case(
        "duplicate-lot-id", edit("  - id: 2", "  - id: 1"), 14, ("lot ids must be unique; '1' is used more than once",)
    ),
    Case(
        "no-value-no-lots",
        edit("value_eur: 2400000\n", "").split("lots:")[0],
        2,
        ("value_eur is required when the tender has no lots",),
    ),  # fmt: skip
    # -- dates, shares, limits
    Case(
        "impossible-date",
        edit("2026-12-01", "2026-02-30"),
        9,
        ("YAML error: '2026-02-30' is not a real date; write it as YYYY-MM-DD",),
    ),  # fmt: skip
    Case(
        "date-in-words",
        edit("2026-12-01", "1 december 2026"),
        9,
        ("tender: publication_date: Input should be a valid date",),
    ),
    Case(
        "labour-share-above-1",
        TENDER + "labour_share: 1.5\n",
        17,
        ("tender: labour_share: Input should be less than or equal to 1",),
    ),  # fmt: skip
    Case(
        "labour-share-negative",
        TENDER + "labour_share: -0.2\n",
        17,
        ("tender: labour_share: Input should be greater than or equal to 0",),
    ),  # fmt: skip
    Case(
        "duration-zero",
        edit("duration_months: 48", "duration_months: 0"),
        8,
        ("tender: duration_months: Input should be greater than 0",),
    ),  # fmt: skip
    Case(
        "absurdly-long-text",
        edit("title: Utrecht Zuid", "title: " + "Zuid " * 20_000),
        15,
        ("tender: lots.1.title: String should have at most 500 characters",),
    ),  # fmt: skip
    Case(
        "control-character",
        edit("title: Utrecht Zuid", 'title: "Utrecht\\x07Zuid"'),
        15,
        ("tender: lots.1.title: contains the control character U+0007; remove it",),
    ),  # fmt: skip
    Case(
        "nul-byte",
        edit("Utrecht Zuid", "Utrecht\x00Zuid").encode(),
        15,
        ("YAML error: the character U+0000 is not allowed in a YAML file (remove it)",),
    ),  # fmt: skip
    Case(
        "reference-only-punctuation",
        edit("reference: 2026-0900", "reference: '/../!!'"),
        2,
        ("tender: reference: must contain letters or digits (it names the output files)",),
    ),  # fmt: skip
    # -- YAML itself
    Case("syntax-error", edit("title: Utrecht Zuid", "title: [Utrecht Zuid"), 16, ("YAML error: ",)),
    Case(
        "tab-indentation",
        edit("  - id: 2\n    title", "  - id: 2\n\ttitle"),
        15,
        ("YAML error: found character '\\t' that cannot start any token",),
    ),  # fmt: skip
    Case(
        "duplicate-key",
        TENDER + "category: catering\n",
        17,
        ("YAML error: duplicate key 'category' (first on line 5); keep one",),
    ),  # fmt: skip
    Case(
        "not-utf8",
        edit("Utrecht Zuid", "Utrecht Zuïd").encode("latin-1"),
        15,
        ("file is not UTF-8 text (save it as UTF-8)",),
    ),  # fmt: skip
    Case("empty-file", "", None, ("tender file is empty (see `clausegen schema`)",)),
    Case("only-comments", "# nothing here\n", None, ("tender file holds no data",)),
    Case(
        "a-list-not-a-mapping",
        "- reference: 2026-0900\n- title: x\n",
        1,
        ("tender file must be a mapping of fields (key: value), not a list",),
    ),  # fmt: skip
    Case("a-plain-text", "schoonmaak kantoren\n", 1, ("tender file must be a mapping of fields (key: value), not",)),
    Case(
        "alias-bomb",
        (BAD / "billion-laughs.yaml").read_text(),
        2,
        ("YAML error: YAML anchors (&name) are not allowed; write the value out",),
    ),  # fmt: skip
    Case(
        "python-object-tag",
        TENDER + "notes: !!python/object/apply:os.system ['echo pwned']\n",
        17,
        ("YAML error: tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed",),
    ),  # fmt: skip
    Case(
        "custom-tag",
        edit("value_eur: 2400000", "value_eur: !euro 2400000"),
        7,
        ("YAML error: tags such as '!euro' are not allowed; use plain values",),
    ),  # fmt: skip
    Case(
        "number-with-5000-digits",
        edit("duration_months: 48", "duration_months: " + "9" * 5000),
        8,
        ("YAML error: the value cannot be read (Exceeds the limit",),
    ),  # fmt: skip
    Case(
        "nested-too-deeply",
        TENDER + "notes: " + "[" * 3000 + "]" * 3000 + "\n",
        None,
        ("YAML error: the data is nested too deeply",),
    ),  # fmt: skip
    # -- files and folders
    Case("missing-file", None, None, ("tender file does not exist (check the path)",)),
    Case("folder-not-a-file", None, None, ("tender must be a file, not a folder",), name="a-folder"),
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


def assert_one_clean_error(result, path: Path, line: int | None, expected: tuple[str, ...]) -> str:
    """Exit 2, one `Error: path[:line]: ...` line on stderr naming the pieces, nothing on stdout."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    message = lines[0]
    where = f"{path}:{line}: " if line else f"{path}: "
    assert message.startswith(f"Error: {where}"), message
    position = 0
    for piece in expected:
        found = message.find(piece, position)
        assert found >= 0, f"{piece!r} not in {message!r}"
        position = found + len(piece)
    return message


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_tender(case: Case, tmp_path: Path) -> None:
    path = _write(tmp_path, case)
    outdir = tmp_path / "out"
    result = run_cli("generate", path, "-o", outdir)
    assert_one_clean_error(result, path, case.line, case.expected)
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
        f"Error: library folder {tmp_path / 'nowhere'} (--library) does not exist "
        "(give a folder that holds clauses/ and profiles/)"
    ]


def test_a_library_without_profiles(tmp_path: Path) -> None:
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER)
    (tmp_path / "lib" / "clauses").mkdir(parents=True)
    result = run_cli("calc", tender, "--library", tmp_path / "lib")
    assert result.exit_code == 2
    assert "has no profiles/ folder (a library holds clauses/ and profiles/)" in result.stderr


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
    assert_one_clean_error(result, tender, None, ("cannot read the tender file: Permission denied",))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_refused_without_reading_it() -> None:
    result = run_cli("calc", "/dev/zero")
    assert_one_clean_error(result, Path("/dev/zero"), None, ("tender is een apparaat, geen gewoon bestand",))


def test_a_huge_unknown_key_is_not_repeated_in_full(tmp_path: Path) -> None:
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER + "x" * 1000 + ": 1\n")
    result = run_cli("calc", tender)
    message = assert_one_clean_error(result, tender, 17, ("tender: unknown field 'xxxxxxxxxx", "…'"))
    assert len(message) < 400


def test_a_huge_tag_is_not_repeated_in_full(tmp_path: Path) -> None:
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER + "notes: !" + "x" * 100_000 + " 1\n")
    result = run_cli("calc", tender)
    message = assert_one_clean_error(result, tender, 17, ("YAML error: tags such as '!xxxx", " … "))
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
        ("clause: unknown field 'titel'; did you mean 'title'?",),
    ),  # fmt: skip
    LibCase(
        "clause-unknown-instrument",
        CLAUSE,
        "instrument: monitoring",
        "instrument: monitorring",
        "instrument:",
        ("clause: instrument: Input should be", "did you mean 'monitoring'?"),
    ),  # fmt: skip
    LibCase(
        "clause-unknown-document-kind",
        CLAUSE,
        "documents: [",
        "documents: [bijlagen, ",
        "documents:",
        ("clause: documents.0: Input should be", "did you mean 'bijlage'?"),
    ),  # fmt: skip
    LibCase(
        "clause-version-as-text",
        CLAUSE,
        "version:",
        "version: twee\nold_version:",
        "old_version:",
        ("clause: unknown field 'old_version'",),
    ),  # fmt: skip
    LibCase(
        "clause-bad-id",
        CLAUSE,
        "id: monitoring.sancties",
        "id: Monitoring Sancties",
        "id:",
        ("clause: id: a clause id is lowercase words joined by dots",),
    ),  # fmt: skip
    LibCase(
        "clause-python-tag",
        CLAUSE,
        "order:",
        "x: !!python/object/apply:os.system ['id']\norder:",
        "python/",
        ("YAML error: tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed",),
    ),  # fmt: skip
    LibCase(
        "clause-alias",
        CLAUSE,
        "order:",
        "x: &x [1, 2]\ny: *x\norder:",
        "&x",
        ("YAML error: YAML anchors (&name) are not allowed",),
    ),  # fmt: skip
    LibCase(
        "clause-not-utf8",
        CLAUSE,
        None,
        "id: monitoring.sancties\ntitle: Sancti\xebs\n".encode("latin-1"),
        2,
        ("file is not UTF-8 text",),
    ),  # fmt: skip
    LibCase("clause-empty", CLAUSE, None, "", None, ("clause file is empty",)),
    LibCase(
        "profile-band-gap",
        PROFILE,
        "bands:\n",
        "bands:\n  - up_to: 300000\n    instruments: []\n",
        "- up_to: 250000",
        ("profile: bands: band 2: up_to 250000 must be above band 1's 300000",),
    ),
    LibCase(
        "profile-percentage-over-100",
        PROFILE,
        "percentage: 5",
        "percentage: 500",
        "percentage: 500",
        ("profile: bands.1.percentage: Input should be less than or equal to 100",),
    ),  # fmt: skip
    LibCase(
        "profile-unknown-value-table",
        PROFILE,
        "value_table: standaard",
        "value_table: standard",
        "value_table:",
        ("profile: value_table 'standard' does not exist in profiles/value-tables; did you mean 'standaard'?",),
    ),  # fmt: skip
    LibCase(
        "profile-unknown-kind",
        PROFILE,
        "kind: diensten",
        "kind: dienst",
        "kind:",
        ("profile: kind: Input should be 'diensten', 'werken' or 'leveringen'; did you mean 'diensten'?",),
    ),  # fmt: skip
    LibCase(
        "profile-control-character",
        PROFILE,
        "name: Schoonmaakdiensten",
        'name: "Schoon\\x07maakdiensten"',
        'name: "Schoon',
        ("profile: name: contains the control character U+0007; remove it",),
    ),
    LibCase(
        "target-group-lone-surrogate",
        GROUPS,
        "label: Participatiewet",
        'label: "Participatie\\udc80wet"',
        "Participatie",
        ("target groups: target_groups.0.label: contains a character a Word file cannot hold",),
    ),
    LibCase(
        "profile-duplicate-key",
        PROFILE,
        "kind: diensten",
        "kind: diensten\nkind: werken",
        "kind: werken",
        ("YAML error: duplicate key 'kind'",),
    ),  # fmt: skip
    LibCase(
        "value-table-negative-block",
        TABLE,
        "value_eur: 40000",
        "value_eur: -40000",
        "value_eur: -40000",
        ("value table: blocks.", "value_eur: Input should be greater than 0"),
    ),  # fmt: skip
    LibCase(
        "target-groups-a-list",
        GROUPS,
        None,
        "- participatiewet\n- banenafspraak\n",
        1,
        ("target groups file must be a mapping of fields (key: value), not a list",),
    ),  # fmt: skip
]


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    """The real library, copied so one file can be broken."""
    lib = tmp_path / "lib"
    shutil.copytree(ROOT / "clauses", lib / "clauses")
    shutil.copytree(ROOT / "profiles", lib / "profiles")
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
    assert_one_clean_error(result, path, line, case.expected)
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
        ("clause monitoring.sancties requires algemeen.definitie, which is not a clause in the library; "
         "did you mean 'algemeen.definities'?",),
    )  # fmt: skip
    assert not outdir.exists()


# ---------------------------------------------------------------------------------- held out


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.name)
def test_every_malformed_fixture_fails_cleanly(path: Path, tmp_path: Path) -> None:
    """Files nobody wrote a case for behave the same: exit 2, one line naming the file, no output."""
    outdir = tmp_path / "out"
    result = run_cli("generate", path, "-o", outdir)
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}"), result.stderr
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

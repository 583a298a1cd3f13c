"""Every message of the core modules (output, batch, api, cli, documents, template, docx,
library/tables, review) comes from the catalog: Dutch by default, English with --lang en, one
line, exit 2, no traceback. The guard at the end keeps literal messages from coming back."""

from __future__ import annotations

import ast
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, run_cli
from hostdocs import host_document
from library_builder import CLAUSE_HEAD

from clausegen.batch import batch
from clausegen.errors import ClausegenError

PACKAGE = Path(__file__).resolve().parent.parent / "clausegen"
TENDER = EXAMPLES / "schoonmaak-den-haag.yaml"


def one_error(result) -> str:  # noqa: ANN001
    """The one error line of a failed run: exit 2, nothing on stdout, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def library_with_clause(tmp_path: Path, text: str) -> Path:
    """The real profiles with one clause of our own."""
    lib = tmp_path / "lib"
    shutil.copytree(ROOT / "profiles", lib / "profiles")
    folder = lib / "clauses" / "algemeen"
    folder.mkdir(parents=True)
    body = "".join(f"  {line}\n" for line in text.splitlines())
    (folder / "proef.yaml").write_text(CLAUSE_HEAD + "text: |\n" + body, encoding="utf-8")
    return lib


# ---------------------------------------------------------------------------------- output


def test_an_output_folder_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "uit"
    target.write_text("al iets", encoding="utf-8")
    line = one_error(run_cli("generate", TENDER, "-o", target))
    assert line == f"Error: {target}: dit pad bestaat al en is geen map; kies met -o een map"
    english = one_error(run_cli("--lang", "en", "generate", TENDER, "-o", target))
    assert english == f"Error: {target}: this path exists and is not a folder; choose a folder with -o"


def test_existing_documents_are_kept_and_the_message_says_force(tmp_path: Path) -> None:
    out = tmp_path / "uit"
    assert run_cli("generate", TENDER, "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    line = one_error(run_cli("generate", TENDER, "-o", out))
    assert " bestaat al (en nog " in line
    assert line.endswith("gebruik --force om te overschrijven, of kies een andere map met -o")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    english = one_error(run_cli("--lang", "en", "generate", TENDER, "-o", out))
    assert english.endswith("use --force to overwrite, or choose another folder with -o")


# ---------------------------------------------------------------------------------- batch


def test_batch_without_tenders_says_what_to_give(tmp_path: Path) -> None:
    with pytest.raises(ClausegenError) as caught:
        batch([], tmp_path / "uit")
    assert caught.value.code == "batch.no-tenders"
    assert str(caught.value).startswith("er zijn geen aanbestedingsbestanden gegeven; noem een of meer bestanden")
    assert not (tmp_path / "uit").exists()


# ---------------------------------------------------------------------------------- api and docx


def test_into_a_missing_document(tmp_path: Path) -> None:
    host = tmp_path / "bestek.docx"
    line = one_error(run_cli("generate", TENDER, "-o", tmp_path / "uit", "--into", host))
    assert line == (
        f"Error: {host}: het document bij --into bestaat niet; controleer het pad (--into neemt het eigen "
        "Word-document (.docx) van de aanbestedende dienst)"
    )
    assert not (tmp_path / "uit").exists()


def test_into_the_output_folder_itself_would_overwrite_the_document(tmp_path: Path) -> None:
    out = tmp_path / "uit"
    out.mkdir()
    host = host_document(out / "bestek.docx")
    before = host.read_bytes()
    line = one_error(run_cli("generate", TENDER, "-o", out, "--into", host))
    assert line == (
        f"Error: {host}: de samengestelde kopie zou het document van --into overschrijven; kies een andere map "
        "met -o (het document zelf wordt nooit veranderd)"
    )
    assert host.read_bytes() == before


def test_a_template_that_is_no_word_file(tmp_path: Path) -> None:
    fake = tmp_path / "huisstijl.docx"
    fake.write_text("dit is tekst, geen Word-bestand", encoding="utf-8")
    line = one_error(run_cli("generate", TENDER, "-o", tmp_path / "uit", "--template", fake))
    assert line == (
        f"Error: {fake}: het sjabloon is geen Word-bestand (.docx); --template neemt een Word-document (.docx) "
        "of Word-sjabloon (.dotx)"
    )
    english = one_error(run_cli("--lang", "en", "generate", TENDER, "-o", tmp_path / "uit", "--template", fake))
    assert english == (
        f"Error: {fake}: the template is not a Word .docx file; --template takes a Word document (.docx) or "
        "Word template (.dotx)"
    )


def test_a_template_with_macros_says_how_to_save_it(tmp_path: Path) -> None:
    source = host_document(tmp_path / "bron.docx")
    macro = tmp_path / "macro.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(macro, "w") as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        new.writestr("word/vbaProject.bin", b"\0" * 16)
    line = one_error(run_cli("generate", TENDER, "-o", tmp_path / "uit", "--template", macro))
    assert line == (
        f"Error: {macro}: het Word-bestand bevat macro's of ActiveX (word/vbaProject.bin); dat wordt niet "
        "gelezen; sla het in Word op als .docx of .dotx zonder macro's"
    )


# ---------------------------------------------------------------------------------- cli


def test_memo_without_an_output_file(tmp_path: Path) -> None:
    line = one_error(run_cli("explain", TENDER, "--memo"))
    assert line == (
        "Error: --memo en -o horen bij elkaar; geef ze allebei, bijvoorbeeld: clausegen explain "
        "aanbesteding.yaml --memo -o motivering.docx"
    )


def test_a_report_date_that_is_no_date(tmp_path: Path) -> None:
    database = tmp_path / "register.db"
    line = one_error(run_cli("register", "--db", database, "status", "--peildatum", "1-4-2029"))
    assert (
        line
        == "Error: peildatum: '1-4-2029' is geen datum; schrijf de peildatum als JJJJ-MM-DD, bijvoorbeeld 2028-04-01"
    )


def test_a_usage_error_points_at_the_help_in_the_chosen_language() -> None:
    assert one_error(run_cli("--lang", "en", "-q", "-v", "list", "clauses")) == (
        "Error: -q and -v exclude each other; choose one (see `clausegen --help`)"
    )


# ---------------------------------------------------------------------------------- documents, template


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "{{ antwoordveld('Toelichting', regels=0) }}",
            "clausule algemeen.proef: text: antwoordveld(): regels moet een heel getal van 1 tot en met 60 zijn, "
            "bijvoorbeeld regels=5",
        ),
        (
            "Zie {{ ref('algemeen.elders') }}.",
            "clausule algemeen.proef: ref('algemeen.elders') verwijst naar een clausule die niet in het document "
            "'bijlage' staat; verwijs naar een clausule van hetzelfde document, of pas when aan",
        ),
        ("{{ fout('Vul eerst de looptijd in.') }}", "clausule algemeen.proef: text: Vul eerst de looptijd in."),
        (
            "{{ tender.titel }}",
            "clausule algemeen.proef: text: tender heeft geen attribuut 'titel'; de namen die een clausule kan "
            "gebruiken staan in docs/clauses.md",
        ),
    ],
    ids=["field-lines", "ref-outside", "fout", "undefined"],
)
def test_a_clause_problem_at_generate_is_one_dutch_line(tmp_path: Path, text: str, expected: str) -> None:
    lib = library_with_clause(tmp_path, text)
    line = one_error(run_cli("generate", TENDER, "-o", tmp_path / "uit", "--library", lib))
    assert line.startswith(f"Error: {lib / 'clauses' / 'algemeen' / 'proef.yaml'}:")
    assert line.endswith(expected), line
    assert not (tmp_path / "uit").exists()


def test_a_clause_problem_in_english(tmp_path: Path) -> None:
    lib = library_with_clause(tmp_path, "{{ 'x' * 10**9 }}")
    line = one_error(run_cli("--lang", "en", "generate", TENDER, "-o", tmp_path / "uit", "--library", lib))
    assert line.endswith(
        "clause algemeen.proef: text: the clause would build a repeated text or list of more than 200,000 "
        "characters or items; make the text or list smaller"
    )


# ---------------------------------------------------------------------------------- review


def test_diff_with_a_date_that_is_no_date(tmp_path: Path) -> None:
    line = one_error(run_cli("diff", ROOT, ROOT, "-o", tmp_path / "r.docx", "--date", "gisteren"))
    assert line == "Error: --date 'gisteren' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-01"
    assert not (tmp_path / "r.docx").exists()


def test_check_prints_dutch_lines_and_english_with_lang(tmp_path: Path) -> None:
    lib = library_with_clause(tmp_path, "Regel. {% if plan.has_lots %}\n1. Een lid.\n{% endif +%}\n")
    result = run_cli("check", "--library", lib)
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{lib / 'clauses' / 'algemeen' / 'proef.yaml'}:11: clausule algemeen.proef: ")
    assert "sluit de tag af met '+%}' (bijvoorbeeld '{% endif +%}')" in line
    assert "1 probleem in bibliotheek" in result.stderr
    english = run_cli("--lang", "en", "check", "--library", lib)
    (line,) = english.stdout.splitlines()
    assert "end the tag with '+%}' (for example '{% endif +%}')" in line
    assert "1 problem in library" in english.stderr


def test_check_json_gives_the_code_of_each_problem(tmp_path: Path) -> None:
    import json

    lib = library_with_clause(tmp_path, "Zie {{ ref('algemeen.nergens') }}.")
    result = run_cli("check", "--library", lib, "--json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["code"] == "check.ref-unknown"
    assert problem["message"] == (
        "clausule algemeen.proef: text: ref('algemeen.nergens'): die clausule bestaat niet; verbeter het id"
    )
    assert set(problem) >= {"path", "line", "message", "hint", "text", "code"}


# ---------------------------------------------------------------------------------- the guard

CONVERTED = ["."]
"""Every module of the package: each user message has a code (issue 12)."""

ERRORS = {"ClausegenError", "OutputExistsError"}


STATUS = {"_say"}
"""The CLI's status line printer: it must get a catalog message (`_status(code, ...)`, `message(...)`
or a result's `summary()`), never text written in place."""


def _is_literal_text(node: ast.expr) -> bool:
    """A text written in place: "…", f"…", "…" + x, "…" % x, or "…".format(…)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_literal_text(node.left) or _is_literal_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _is_literal_text(node.func.value)
    return False


def _literal_lines(tree: ast.AST) -> list[int]:
    """The lines of `ClausegenError("…")` or `ClausegenError(f"…")`, any `hint=`, and a status line
    `_say(f"wrote …")` written in place, in one parsed module."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        ready_error = name in ERRORS and (node.args or any(keyword.arg == "hint" for keyword in node.keywords))
        ready_status = name in STATUS and any(_is_literal_text(arg) for arg in node.args)
        if ready_error or ready_status:
            found.append(node.lineno)
    return found


def _literal_messages(path: Path) -> list[str]:
    """Every literal message of one module, as `module:line`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(PACKAGE)}:{line}" for line in _literal_lines(tree)]


def test_the_guard_catches_a_status_line_written_in_place() -> None:
    source = """
_say(f"wrote {path}")
_say("No annex to append.")
_say("{} of {} tenders".format(done, count))
_say("wrote " + str(path))
_say(message("status.wrote", {"path": path}))
_status("status.wrote", path=path)
_say(result.summary())
"""
    assert _literal_lines(ast.parse(source)) == [2, 3, 4, 5]


def test_no_literal_message_comes_back_in_a_converted_module() -> None:
    paths: list[Path] = []
    for name in CONVERTED:
        target = PACKAGE / name
        paths += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    assert len(paths) > 15
    found = [where for path in paths for where in _literal_messages(path)]
    assert not found, f"raise ClausegenError(code=..., params=...) or _status(code, ...) instead: {found}"

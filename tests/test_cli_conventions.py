"""The command line's conventions (issue 12): -q/-v, status lines on stderr and data on stdout,
--json on explain/check/batch, examples in every --help, the whole command list, shell completion,
and the library of the folder you stand in for check, diff, list and preview."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT, run_cli
from library_builder import clause_yaml, make_library

from clausegen.cli import main
from clausegen.cli_help import EXAMPLES as HELP_EXAMPLES

TENDER = EXAMPLES / "schoonmaak-den-haag.yaml"
NO_ENV = {"CLAUSEGEN_LIBRARY": None}
UNMOTIVATED = (
    "Waarschuwing: de evenredigheid van de verplichting is niet gemotiveerd: de aanbesteding geeft geen "
    "labour_share en geen proportionality_motivation (artikel 1.10 Aanbestedingswet 2012). Vul vóór publicatie "
    "labour_share of proportionality_motivation in."
)
"""The example tender gives neither a labour share nor a motivation (lawyer4 MINOR-1)."""
"""CliRunner's `env`: None removes the variable, so a developer's own setting cannot leak in."""


def cli(*args: object, env: dict | None = None):  # noqa: ANN201 - click's Result
    return run_cli(*[str(a) for a in args], env={**NO_ENV, **(env or {})})


def _no_floats(value: object) -> None:
    """Amounts in --json are strings: no float anywhere in the document."""
    assert not isinstance(value, float), value
    if isinstance(value, dict):
        for item in value.values():
            _no_floats(item)
    elif isinstance(value, list):
        for item in value:
            _no_floats(item)


# ------------------------------------------------------------------ stdout is data, stderr is status


def test_generate_status_lines_go_to_stderr_and_quiet_silences_them(tmp_path: Path) -> None:
    result = cli("generate", TENDER, "-o", tmp_path / "a")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"bibliotheek: {ROOT} (ingebouwd)"
    assert lines[1:] == [
        f"opgeslagen: {tmp_path / 'a' / '2026-0142-bijlage-social-return.docx'}  (bijlage, 26 artikelen)",
        f"opgeslagen: {tmp_path / 'a' / '2026-0142-overeenkomst-social-return.docx'}  (overeenkomst, 28 artikelen)",
        f"opgeslagen: {tmp_path / 'a' / 'manifest.json'}",
        UNMOTIVATED,
    ]
    quiet = cli("-q", "generate", TENDER, "-o", tmp_path / "b")  # warnings still show
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == UNMOTIVATED + "\n"
    assert (tmp_path / "b" / "2026-0142-bijlage-social-return.docx").read_bytes() == (
        tmp_path / "a" / "2026-0142-bijlage-social-return.docx"
    ).read_bytes()


def test_generate_json_is_the_manifest_on_stdout_alone(tmp_path: Path) -> None:
    result = cli("generate", TENDER, "-o", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert "opgeslagen" not in result.stdout and "bibliotheek" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("calc", TENDER),
        ("calc", TENDER, "--json"),
        ("explain", TENDER),
        ("notice", TENDER),
        ("list", "profiles"),
        ("check", "--json"),
        ("preview", "monitoring.sancties"),
    ],
    ids=lambda args: " ".join(str(a) for a in args if a != TENDER),
)
def test_stdout_holds_the_result_and_quiet_leaves_it_alone(args: tuple) -> None:
    loud, quiet = cli(*args), cli("-q", *args)
    assert loud.exit_code == quiet.exit_code == 0, loud.output
    assert loud.stdout == quiet.stdout != ""
    assert "bibliotheek:" not in loud.stdout and not loud.stdout.startswith("opgeslagen:")
    assert loud.stderr.startswith(f"bibliotheek: {ROOT} (")
    # only warnings survive -q (the example's proportionality is not motivated: explain says so)
    assert all(line.startswith("Waarschuwing: ") for line in quiet.stderr.splitlines())


def test_a_sound_library_prints_nothing_on_stdout_and_its_summary_on_stderr() -> None:
    result = cli("check", "--library", ROOT)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith(f"bibliotheek {ROOT} is in orde: ")
    assert cli("-q", "check", "--library", ROOT).stderr == ""
    schema = cli("schema")  # schemas do not depend on a library, so no library line either
    assert json.loads(schema.stdout)["tender.schema.json"] and schema.stderr == ""


def test_written_files_are_reported_on_stderr(tmp_path: Path) -> None:
    schema = cli("schema", "-o", tmp_path / "s")
    assert schema.stdout == "" and f"opgeslagen: {tmp_path / 's' / 'tender.schema.json'}" in schema.stderr
    preview = cli("preview", "monitoring.sancties", "-o", tmp_path / "p.docx")
    assert preview.stdout == "" and preview.stderr.splitlines()[-1] == f"opgeslagen: {tmp_path / 'p.docx'}"
    memo = cli("explain", TENDER, "--memo", "-o", tmp_path / "m.docx")
    assert memo.stdout == "" and memo.stderr.splitlines()[-2:] == [f"opgeslagen: {tmp_path / 'm.docx'}", UNMOTIVATED]


def test_verbose_names_the_tender_profile_and_library_files() -> None:
    plain, verbose = cli("calc", TENDER), cli("-v", "calc", TENDER)
    assert verbose.exit_code == 0 and verbose.stdout == plain.stdout
    assert verbose.stderr.splitlines() == [
        f"bibliotheek: {ROOT} (ingebouwd)",
        f"aanbesteding: {TENDER}",
        f"profiel: schoonmaak (versie 3), {ROOT / 'profiles' / 'schoonmaak.yaml'}",
        f"bibliotheekbestanden: 52 bepalingen in {ROOT / 'clauses'}, 8 profielen en 1 waardetabel in "
        f"{ROOT / 'profiles'}",
    ]
    assert plain.stderr.splitlines() == [f"bibliotheek: {ROOT} (ingebouwd)"]


def test_verbose_lines_and_the_library_line_follow_the_language(tmp_path: Path) -> None:
    english = cli("--lang", "en", "-v", "calc", TENDER)
    assert english.exit_code == 0
    assert english.stderr.splitlines() == [
        f"library: {ROOT} (built-in)",
        f"tender: {TENDER}",
        f"profile: schoonmaak (version 3), {ROOT / 'profiles' / 'schoonmaak.yaml'}",
        f"library files: 52 clauses in {ROOT / 'clauses'}, 8 profiles and 1 value table in {ROOT / 'profiles'}",
    ]
    missing = cli("--lang", "en", "calc", TENDER, "--library", tmp_path / "none")
    assert missing.exit_code == 2 and "(--library)" in missing.stderr and "bibliotheek" not in missing.stderr


def test_quiet_and_verbose_together_is_a_usage_error() -> None:
    result = cli("-q", "-v", "calc", TENDER)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == ["Error: -q en -v sluiten elkaar uit; kies er één (zie `clausegen --help`)"]


def test_quiet_keeps_errors_and_warnings() -> None:
    missing = cli("-q", "calc", "bestaat-niet.yaml")
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: ")
    warned = cli("-q", "calc", TENDER, "--award", EXAMPLES / "schoonmaak-den-haag-gunning.yaml")
    assert warned.exit_code == 0 and warned.stderr.startswith("Waarschuwing: contract 2026-0142-P2")


# ------------------------------------------------------------------ --json


def test_explain_json_holds_the_plans_figures_and_the_reasons(tmp_path: Path) -> None:
    result = cli("explain", TENDER, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    _no_floats(data)
    assert data["tender"] == {"reference": "2026-0142", "title": "Schoonmaakdiensten kantoren Den Haag"}
    assert data["profile"] == {"id": "schoonmaak", "name": "Schoonmaakdiensten", "version": 3}
    plan = data["plan"]
    assert plan["total_obligation_eur"] == "120000.00"
    assert [(lot["id"], lot["obligation_eur"], lot["band"]) for lot in plan["lots"]] == [
        ("1", "75000.00", 2),
        ("2", "45000.00", 2),
    ]
    assert sum(Decimal(lot["obligation_eur"]) for lot in plan["lots"]) == Decimal(plan["total_obligation_eur"])
    assert plan == json.loads(cli("calc", TENDER, "--json").stdout)
    assert data["reasons"][1] == "2 percelen: elk perceel krijgt zijn eigen schijf en verplichting"
    assert "verplichting 5% van €\u00a01.500.000,00 = €\u00a075.000,00" in data["lots"][0]["reasons"]
    # the clauses and articles are those generate writes, and what is left out says why
    manifest = json.loads(cli("generate", TENDER, "-o", tmp_path, "--json").stdout)
    for document, written in zip(data["documents"], manifest["documents"], strict=True):
        assert document["kind"] == written["kind"]
        assert [(c["id"], c["version"], c["article"]) for c in document["clauses"]] == [
            (c["id"], c["version"], c["article"]) for c in written["clauses"]
        ]
        assert all(c["reason"] for c in document["clauses"])
    assert {"id": "algemeen.inspanning", "reason": "voorwaarde 'plan.effort_clause' is onwaar"} in data["documents"][0][
        "skipped"
    ]
    assert data["award_warnings"] == []
    award = cli("explain", TENDER, "--json", "--award", EXAMPLES / "schoonmaak-den-haag-gunning.yaml")
    assert json.loads(award.stdout)["award_warnings"][0].startswith("contract 2026-0142-P2: het PSO-certificaat")


def test_check_json_lists_each_problem_with_path_and_line(tmp_path: Path) -> None:
    lib = make_library(
        tmp_path / "bib",
        {
            "algemeen/a.yaml": clause_yaml("algemeen.a", "Tekst {{ plan.nonsense }}.\n"),
            "algemeen/b.yaml": clause_yaml("algemeen.b", "Tekst {% if %}.\n"),
        },
    )
    result = cli("check", "--library", lib, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["library"] == str(lib.resolve())
    assert data["counts"]["clauses"] == 2
    first, second = data["problems"]
    assert first["path"].endswith("a.yaml") and first["line"] == 11
    assert first["message"] == (
        "clausule algemeen.a: text: 'plan.nonsense': plan heeft geen attribuut 'nonsense'; docs/clauses.md noemt "
        "de attributen"
    )
    assert first["code"] == "check.no-attribute"
    assert first["text"] == f"{first['path']}:11: {first['message']}"
    assert second["path"].endswith("b.yaml") and "fout in de sjabloonsyntaxis" in second["message"]
    assert second["code"] == "check.syntax"
    assert "2 problemen" in result.stderr
    clean = cli("check", "--library", make_library(tmp_path / "goed", {"algemeen/a.yaml": clause_yaml("algemeen.a")}),
                "--json")  # fmt: skip
    assert clean.exit_code == 0 and json.loads(clean.stdout)["problems"] == []


def test_batch_json_gives_each_tenders_folder_and_files_or_its_error(tmp_path: Path) -> None:
    broken = tmp_path / "stuk.yaml"
    text = TENDER.read_text(encoding="utf-8").replace("category: schoonmaak", "category: schoonmaakk")
    broken.write_text(text.replace("reference: 2026-0142", "reference: 2026-0999"), encoding="utf-8")
    out = tmp_path / "out"
    other = EXAMPLES / "bouw-fietsbrug.yaml"
    result = cli("batch", TENDER, broken, other, "-o", out, "--jobs", "1", "--json")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    _no_floats(rows)
    assert [(r["tender"], r["ok"]) for r in rows] == [(str(TENDER), True), (str(broken), False), (str(other), True)]
    good = rows[0]
    assert good["folder"] == str(out / "2026-0142") and good["total_obligation_eur"] == "120000.00"
    assert good["files"] == [
        str(out / "2026-0142" / name)
        for name in (
            "2026-0142-bijlage-social-return.docx",
            "2026-0142-overeenkomst-social-return.docx",
            "manifest.json",
        )
    ]
    assert all(Path(f).is_file() for r in rows for f in r["files"])
    assert rows[1]["files"] == [] and "Er is geen profiel voor categorie 'schoonmaakk'" in rows[1]["error"]
    assert rows[2]["error"] is None and rows[2]["documents"] == len(rows[2]["files"]) - 1
    assert result.stderr.splitlines()[-1] == f"2 van 3 aanbestedingen opgeslagen in {out}, 1 mislukt"


# ------------------------------------------------------------------ the library of the folder you stand in


def _reviewer_library(root: Path) -> Path:
    """A cloned library a reviewer edits: one broken clause, so `check` must find it."""
    return make_library(root, {"algemeen/a.yaml": clause_yaml("algemeen.a", "Tekst {{ plan.nonsense }}.\n")})


def test_check_uses_the_library_of_the_folder_you_stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib = _reviewer_library(tmp_path / "kloon").resolve()
    monkeypatch.chdir(lib)
    result = cli("check")
    assert result.exit_code == 1, result.output
    assert "a.yaml:11: clausule algemeen.a: text: 'plan.nonsense'" in result.stdout
    assert result.stderr.splitlines()[0] == f"bibliotheek: {lib} (folder waarin u staat)"


def test_the_library_is_found_in_a_parent_folder_as_git_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib = _reviewer_library(tmp_path / "kloon").resolve()
    deep = lib / "clauses" / "algemeen"
    monkeypatch.chdir(deep)
    listed = cli("list", "clauses", "--json")
    assert listed.exit_code == 0, listed.output
    assert [row["id"] for row in json.loads(listed.stdout)] == ["algemeen.a"]
    assert listed.stderr == f"bibliotheek: {lib} (folder waarin u staat)\n"
    preview = cli("preview", "algemeen.a")
    assert preview.exit_code == 2 and "plan heeft geen attribuut 'nonsense'" in preview.stderr
    # commands for buyers keep the installed library: the folder's own is only for reviewing it
    calc = cli("calc", TENDER)
    assert calc.exit_code == 0 and calc.stderr == f"bibliotheek: {ROOT} (ingebouwd)\n"


def test_library_option_and_environment_win_over_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = _reviewer_library(tmp_path / "kloon").resolve()
    other = make_library(tmp_path / "ander", {"algemeen/b.yaml": clause_yaml("algemeen.b")}).resolve()
    monkeypatch.chdir(here / "profiles")
    by_env = cli("list", "clauses", "--json", env={"CLAUSEGEN_LIBRARY": str(other)})
    assert [row["id"] for row in json.loads(by_env.stdout)] == ["algemeen.b"]
    assert by_env.stderr == f"bibliotheek: {other} (CLAUSEGEN_LIBRARY)\n"
    by_option = cli("check", "--library", ROOT)
    assert by_option.exit_code == 0 and by_option.stderr.splitlines()[0] == f"bibliotheek: {ROOT} (--library)"
    missing = cli("list", "clauses", env={"CLAUSEGEN_LIBRARY": str(tmp_path / "weg")})
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"Error: de bibliotheekmap {tmp_path / 'weg'} (CLAUSEGEN_LIBRARY) bestaat niet")


def test_outside_any_library_the_embedded_one_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "clauses").mkdir()  # clauses/ without profiles/ is no library
    monkeypatch.chdir(tmp_path)
    result = cli("list", "profiles")
    assert result.exit_code == 0 and "schoonmaak" in result.stdout
    assert result.stderr == f"bibliotheek: {ROOT} (ingebouwd)\n"


def test_diff_of_git_revisions_uses_the_repository_you_stand_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = make_library(tmp_path / "repo", {"algemeen/a.yaml": clause_yaml("algemeen.a")}).resolve()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(lib)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "eerste"], check=True)
    (lib / "clauses" / "algemeen" / "a.yaml").write_text(
        clause_yaml("algemeen.a", "De Opdrachtnemer doet iets anders.\n", version="2"), encoding="utf-8"
    )
    subprocess.run([*git, "commit", "-qam", "tweede"], check=True)
    monkeypatch.chdir(lib / "clauses")
    result = cli("diff", "HEAD~1", "HEAD", "-o", tmp_path / "r.docx")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"bibliotheek: {lib} (folder waarin u staat)",
        f"opgeslagen: {tmp_path / 'r.docx'}  (1 gewijzigd, 0 toegevoegd, 0 verwijderd, 0 ongewijzigde clausules)",
    ]


# ------------------------------------------------------------------ help and completion


def _commands(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    out: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        out[prefix + name] = command
        if isinstance(command, click.Group):
            out.update(_commands(command, f"{prefix}{name} "))
    return out


def test_the_group_help_lists_every_command_with_its_whole_first_line() -> None:
    text = cli("--help").stdout
    rows = text.split("Commands:")[1].split("Examples:")[0].splitlines()
    listed = [re.split(r"\s{2,}", row.strip())[0] for row in rows if re.match(r"  \S", row)]
    for name in _commands(main):
        assert name in listed, name
    assert "-q, --quiet" in text and "-v, --verbose" in text and "-V, --version" in text
    assert "_CLAUSEGEN_COMPLETE=bash_source clausegen" in text


@pytest.mark.parametrize("name", sorted(_commands(main)))
def test_every_command_help_shows_examples_that_parse(name: str) -> None:
    result = cli(*name.split(), "--help")
    assert result.exit_code == 0
    examples = result.stdout.split("Examples:\n")[1].splitlines()
    assert examples and [line.strip() for line in examples if line.strip()] == list(HELP_EXAMPLES[name])
    for line in HELP_EXAMPLES[name]:
        words = line.split("#")[0].split(">")[0].split()
        assert words[0] == "clausegen"
        args = [w for w in words[1:] if w not in ("-q", "-v")]
        if args[0] == "register" and args[1] == "--db":
            args = [args[0], *args[3:]]
        assert " ".join(args[: len(name.split())]) == name, line
        # click accepts the options and arguments as written (resilient_parsing: no files are read)
        command = _commands(main)[name]
        ctx = command.make_context(name, list(args[len(name.split()) :]), resilient_parsing=True)
        assert ctx.command is command


@pytest.mark.parametrize("shell, marker", [("bash", "_clausegen_completion()"), ("zsh", "#compdef clausegen"),
                                           ("fish", "complete --no-files --command clausegen")])  # fmt: skip
def test_the_completion_script_is_produced(shell: str, marker: str) -> None:
    result = CliRunner().invoke(main, [], prog_name="clausegen", env={"_CLAUSEGEN_COMPLETE": f"{shell}_source"})
    assert result.exit_code == 0
    assert marker in result.stdout and "_CLAUSEGEN_COMPLETE" in result.stdout


def test_completion_offers_the_commands_and_options() -> None:
    env = {"_CLAUSEGEN_COMPLETE": "bash_complete", "COMP_WORDS": "clausegen ge", "COMP_CWORD": "1"}
    result = CliRunner().invoke(main, [], prog_name="clausegen", env=env)
    assert result.stdout.split() == ["plain,generate"]
    env = {**env, "COMP_WORDS": "clausegen explain x --j", "COMP_CWORD": "3"}
    assert CliRunner().invoke(main, [], prog_name="clausegen", env=env).stdout.split() == ["plain,--json"]


def test_the_installed_entry_point_produces_the_script() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "_CLAUSEGEN_COMPLETE": "bash_source"}
    done = subprocess.run([sys.executable, "-m", "clausegen"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "complete -o nosort -F _clausegen_completion clausegen" in done.stdout


def test_bad_input_stays_one_line_without_the_library_line(tmp_path: Path) -> None:
    """The library line follows only a command that did its work: an error is the one line on stderr."""
    award = cli("calc", TENDER, "--award", tmp_path / "bestaat-niet.yaml")
    assert award.exit_code == 2 and len(award.stderr.splitlines()) == 1 and award.stderr.startswith("Error: ")
    target = tmp_path / "p.docx"
    target.write_bytes(b"van de jurist")
    again = cli("preview", "monitoring.sancties", "-o", target)
    assert again.exit_code == 2 and again.stderr.splitlines() == [
        f"Error: {target} bestaat al; gebruik --force om te overschrijven, of kies een andere map met -o"
    ]
    assert target.read_bytes() == b"van de jurist"

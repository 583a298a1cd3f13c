"""Docs that stay true: every `$ clausegen ...` example in README.md is run, in order, in a fresh
copy of the project, and its output must be what the README shows.

The copy is a git clone of this checkout (so `diff` finds the revisions the README names) with the
working tree's library and examples laid over it. Before the blocks run, the files a reader makes
by hand are put in place (`HANDMADE`). Each command runs through click's CliRunner; its output is
stdout and stderr together, in the order a terminal shows them.

Normalised, because they necessarily vary: the folder of the copy and of this checkout (the README
shows `~/clausegen`) and a no-break space (a terminal shows it as a space). In the README's
output a line `...` stands for any number of lines, and a line ending in ` ...` for a line that
starts with what comes before. Everything else must match exactly, and so must the exit status:
non-zero where the shown output has an `Error:` line, zero otherwise. docs/cli.md's JSON examples
must have the keys of the real output."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT, copy_library

from clausegen.cli import main

README = ROOT / "README.md"
SHOWN_ROOT = "~/clausegen"
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)

VERANTWOORDING = """\
perceel,kandidaat,bouwblok,uren_per_week,van,tot,toeslagen,bedrag_eur,toelichting
2,K-001,plaatsing-a,18,2028-01-01,2028-06-30,,,schoonmaker
2,K-002,plaatsing-a,36,2027-05-01,2027-08-31,bonus-50-plus,,
2,K-002,plaatsing-a,36,2027-07-01,2027-10-31,bonus-50-plus,,verlenging
2,,inkoop-sociaal,,2027-05-01,2027-05-31,,1234.56,loonkosten sociale onderneming
2,,ondersteuning,4,2028-01-01,2028-01-31,,,jobcoach
2,K-003,plaatsing-b,36,2027-05-01,2027-12-31,,,
2,K-004,plaatsing-a,36,2027-01-01,2027-03-31,,,voor de start
"""
"""The supplier's filled-in verantwoording of contract 2026-0142-P2: the worked example of
docs/verantwoording.md, row for row."""


def _faulty_award() -> str:
    """The README's `gunning-fout.yaml`: the example award with contract P1 given lot 2 (already
    P2's) and a lot 3 that does not exist, and starting before the award date."""
    text = (EXAMPLES / "schoonmaak-den-haag-gunning.yaml").read_text(encoding="utf-8")
    head, p1 = text.split("  - number: 2026-0142-P1\n")
    p1 = p1.replace("lots: [1]", "lots: [2, 3]").replace("start_date: 2027-04-01", "start_date: 2027-02-01")
    return head + "  - number: 2026-0142-P1\n" + p1


HANDMADE = {"verantwoording.csv": lambda: VERANTWOORDING, "gunning-fout.yaml": _faulty_award}
"""Files the README's reader writes by hand before typing the commands."""


@dataclass
class Example:
    line: int
    """The line of README.md the command is on."""
    command: str
    shown: list[str]


def examples(text: str) -> list[Example]:
    """Every `$ clausegen ...` line in a fenced block, with the output shown below it."""
    found: list[Example] = []
    for block in FENCE.finditer(text):
        first = text.count("\n", 0, block.start(1)) + 1
        lines = block.group(1).splitlines()
        if not lines or not lines[0].startswith("$ clausegen"):
            continue
        for offset, line in enumerate(lines):
            if line.startswith("$ "):
                found.append(Example(first + offset, line[2:], []))
            else:
                found[-1].shown.append(line)
    return found


def _pattern(shown: list[str]) -> re.Pattern[str]:
    parts = []
    for line in shown:
        if line == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        elif line.endswith(" ..."):
            parts.append(re.escape(line[:-4]) + r"[^\n]*\n")
        else:
            parts.append(re.escape(line) + r"\n")
    return re.compile("".join(parts))


def _normalise(output: str, folders: list[Path]) -> str:
    for folder in folders:
        output = output.replace(str(folder), SHOWN_ROOT)
    lines = [line.replace("\u00a0", " ").rstrip() for line in output.splitlines()]
    return "".join(line + "\n" for line in lines)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this checkout with the working tree's library and examples."""
    if (
        shutil.which("git") is None
        or subprocess.run(["git", "-C", str(ROOT), "rev-parse"], capture_output=True).returncode
    ):
        pytest.fail("the README's diff example needs this checkout's git history")
    target = tmp_path_factory.mktemp("readme") / "clausegen"
    subprocess.run(["git", "clone", "-q", "--shared", str(ROOT), str(target)], check=True, timeout=120)
    for folder in ("clauses", "profiles", "examples"):
        shutil.rmtree(target / folder, ignore_errors=True)
        shutil.copytree(ROOT / folder, target / folder)
    for name, content in HANDMADE.items():
        (target / name).write_text(content(), encoding="utf-8")
    return target


def test_the_readme_shows_what_the_commands_print(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(copy)
    for name in ("CLAUSEGEN_LIBRARY", "CLAUSEGEN_DB", "CLAUSEGEN_LANG"):
        monkeypatch.delenv(name, raising=False)
    found = examples(README.read_text(encoding="utf-8"))
    assert len(found) >= 12, "the README's examples were not found"
    folders = sorted({copy, copy.resolve(), ROOT, ROOT.resolve()}, key=lambda p: -len(str(p)))
    wrong = []
    for example in found:
        args = shlex.split(example.command, comments=True)
        assert args[0] == "clausegen", example.command
        result = CliRunner().invoke(main, args[1:], prog_name="clausegen", catch_exceptions=False)
        printed = _normalise(result.output, folders)
        failing = any(line.startswith("Error:") for line in example.shown)
        if _pattern(example.shown).fullmatch(printed) is None or (result.exit_code != 0) != failing:
            wrong.append(
                f"README.md:{example.line}: $ {example.command}\n(exit {result.exit_code}) it prints:\n{printed}"
            )
    assert not wrong, "\n\n".join(wrong)


# ------------------------------------------------------------------ docs/cli.md's JSON shapes


def _keys(value: object, path: str = "") -> set[str]:
    """Every key path of a JSON value (lists by their first item)."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            out.add(f"{path}.{key}")
            out |= _keys(item, f"{path}.{key}")
    elif isinstance(value, list) and value and isinstance(value[0], dict | list):
        out |= _keys(value[0], f"{path}[]")
    return out


def test_the_json_shapes_in_docs_cli_md_are_the_real_ones(tmp_path: Path) -> None:
    from conftest import run_cli

    shown = [json.loads(block.group(1)) for block in re.finditer(r"```json\n(.*?)```", (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), re.DOTALL)]  # fmt: skip
    explain_doc, check_doc, batch_doc = shown
    tender = EXAMPLES / "schoonmaak-den-haag.yaml"
    explain = json.loads(run_cli("explain", tender, "--json").stdout)
    assert _keys(explain_doc) == _keys(explain)
    library = tmp_path / "bib"
    copy_library(library)
    sancties = library / "clauses" / "monitoring" / "sancties.yaml"
    sancties.write_text(sancties.read_text(encoding="utf-8").replace("Hersteltermijn", "{{ plan.nonsense }}", 1))
    check = json.loads(run_cli("check", "--json", "--library", library).stdout)
    assert check["problems"] and _keys(check_doc) == _keys(check)
    broken = tmp_path / "stuk.yaml"
    broken.write_text("reference: x\ntitle: [niet afgesloten\n", encoding="utf-8")
    batch = json.loads(run_cli("batch", tender, broken, "-o", tmp_path / "batch", "--jobs", "1", "--json").stdout)
    assert _keys(batch_doc) == _keys(batch)
    assert [row["ok"] for row in batch] == [row["ok"] for row in batch_doc]

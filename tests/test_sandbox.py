"""A shared clause library must never run code, read or write outside its folder, or exhaust
memory or time: hostile clause texts fail with one clear error naming the clause file."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import ROOT, docx_text, run_cli
from library_builder import CLAUSE_HEAD

from clausegen.template.render import MAX_OUTPUT_CHARS, environment
from clausegen.template.sandbox import MAX_STEPS

TENDER = """\
reference: 2026-0950
title: Schoonmaak kantoren Zwolle
contracting_authority: Gemeente Voorbeeld
category: schoonmaak
contract_type: overeenkomst
duration_months: 48
publication_date: 2026-12-01
lots:
  - id: 1
    title: Zwolle Centrum
    value_eur: 1500000
  - id: 2
    title: Zwolle Zuid
    value_eur: 900000
"""


def make_library(tmp_path: Path, text: str, extra: str = "") -> tuple[Path, Path]:
    """The real profiles with one clause of our own (the library's other clauses are left out, so
    this test only sees the clause under test). Returns (library, clause file)."""
    lib = tmp_path / "lib"
    shutil.copytree(ROOT / "profiles", lib / "profiles")
    folder = lib / "clauses" / "algemeen"
    folder.mkdir(parents=True)
    clause = folder / "proef.yaml"
    body = "".join(f"  {line}\n" for line in text.splitlines())
    clause.write_text(CLAUSE_HEAD + extra + "text: |\n" + body, encoding="utf-8")
    return lib, clause


def generate(tmp_path: Path, lib: Path):
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    started = time.perf_counter()
    result = run_cli("generate", tender, "-o", tmp_path / "out", "--library", lib)
    return result, time.perf_counter() - started


HOSTILE = {
    # escapes through Python internals
    "dunder-class": ("{{ tender.__class__ }}", "niet toegestaan in een clausule: het attribuut '__class__'"),
    "subclasses": (
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "niet toegestaan in een clausule: het attribuut '__class__' van een str mag een clausule niet gebruiken",
    ),
    "globals-of-a-function": ("{{ fout.__globals__ }}", "het attribuut '__globals__' van een Helper"),
    "init-globals": ("{{ tender.__init__.__globals__['os'] }}", "het attribuut '__init__'"),
    "attr-filter": ("{{ tender|attr('__class__') }}", "het attribuut '__class__'"),
    "format-escape": ("{{ '{0.__class__}'.format(tender) }}", "het attribuut '__class__'"),
    "mro-call": ("{{ tender.mro() }}", "heeft geen attribuut 'mro'"),
    "private-attribute": ("{{ tender._iter }}", "het attribuut '_iter'"),
    "map-attribute": ("{{ plan.lots|map(attribute='__class__')|list }}", "het attribuut '__class__'"),
    "sort-attribute": ("{{ plan.lots|sort(attribute='__init__.__globals__')|list }}", "attribuut '__init__'"),
    "mutating-a-list": (
        "{{ target_groups.append(1) }}",
        "het attribuut 'append' van een tuple mag een clausule niet gebruiken",
    ),
    # Jinja globals that could loop or build objects
    "cycler": ("{{ cycler(1, 2) }}", "'cycler' bestaat niet"),
    "joiner": ("{{ joiner(',') }}", "'joiner' bestaat niet"),
    "namespace": ("{% set ns = namespace(a=1) %}{{ ns.a }}", "'namespace' bestaat niet"),
    "lipsum": ("{{ lipsum(10**6) }}", "'lipsum' bestaat niet"),
    "range-billion": ("{% for i in range(10**9) %}x{% endfor %}", "'range' bestaat niet"),
    # other templates and files
    "include-etc-passwd": (
        "{% include '/etc/passwd' %}",
        "een clausule kan geen ander sjabloon invoegen, importeren of uitbreiden ('/etc/passwd')",
    ),
    "import": (
        "{% import '../profiles/schoonmaak.yaml' as p %}",
        "kan geen ander sjabloon invoegen, importeren of uitbreiden",
    ),
    "extends": ("{% extends 'basis' %}", "kan geen ander sjabloon invoegen, importeren of uitbreiden"),
    # memory
    "string-times-billion": ("{{ 'x' * 10**9 }}", "zou een herhaalde tekst of lijst van meer dan 200.000"),
    "list-times-billion": ("{{ [1] * 10**9 }}", "zou een herhaalde tekst of lijst"),
    "huge-power": ("{{ 9 ** 100000000 }}", "rekent met een geheel getal van meer dan 100.000 bits"),
    "ljust-billion": ("{{ 'x'.ljust(10**9) }}", "het attribuut 'ljust' van een str mag een clausule niet gebruiken"),
    "replace-billion": ("{{ 'x'.replace('x', 'y' * 100000).replace('y', 'z' * 100000) }}", "zou een waarde"),
    "center-filter": ("{{ 'x'|center(10**9) }}", "zou een waarde van meer dan 200.000"),
    "percent-width": ("{{ '%0999999999d' % 1 }}", "zou een opgemaakte tekst"),
    "percent-star": ("{{ '%*d' % (999999999, 1) }}", "zou een opgemaakte tekst"),
    "format-width": ("{{ '{:>999999999}'.format(1) }}", "zou een opgemaakte tekst"),
    "format-filter-width": ("{{ '%0999999999d'|format(1) }}", "zou een opgemaakte tekst"),
    "concat-doubling": (
        "{% set a = 'x' * 100000 %}{% set b = a ~ a ~ a %}{{ b|length }}",
        "zou een samengevoegde tekst",
    ),
    "captured-block": (
        "{% set a = 'x' * 1000 %}{% set b %}{% for c in a %}{{ a }}{% endfor %}{% endset %}{{ b|length }}",
        "zou een opgevangen blok",
    ),
    "join-with-huge-separator": ("{{ ('x' * 100000)|join('y' * 100000) }}", "zou een waarde"),
    "replace-blowup": ("{{ ('x' * 100000)|replace('x', 'y' * 1000) }}", "zou een waarde"),
    "indent-blowup": ("{{ ('x\\n' * 50000)|indent(100000) }}", "zou een waarde"),
    "tuple-of-big-texts-joined": (
        "{% set s = 'x' * 200000 %}{{ ((s,) * 100000)|join|length }}",
        "zou een herhaalde tekst of lijst",
    ),
    "printing-a-list-of-big-texts": (
        "{% set s = 'x' * 200000 %}{% set big = [s, s, s, s, s] %}{{ big }}",
        "zou een tekst van meer dan 200.000",
    ),
    "formatting-a-list-of-big-texts": (
        "{% set s = 'x' * 200000 %}{{ ('%s' % [s, s, s])|length }}",
        "zou een tekst van meer dan 200.000",
    ),
    "random-filter": ("{{ plan.lots|random }}", "er is geen filter 'random'"),
    "batch-fill": ("{{ tender.title|batch(10**9, 'x')|list }}", "zou een waarde"),
    "output-cap": (
        "{% set a = 'x' * 150000 %}{{ a }}{{ a }}",
        f"de clausuletekst wordt langer dan {MAX_OUTPUT_CHARS:,} tekens".replace(",", "."),
    ),
    # time
    "nested-loops": (
        "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
        f"de clausule doet te veel werk (meer dan {MAX_STEPS:,} stappen".replace(",", "."),
    ),
    "nested-filtered-loops": (
        "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s if b == 'y' %}{% endfor %}{% endfor %}",
        "de clausule doet te veel werk",
    ),
    "loop-over-heavy-body": (
        "{% set s = 'x' * 100000 %}{% for a in s %}{{ s|upper|length }}{% endfor %}",
        "de clausule doet te veel werk",
    ),
    "lazy-filter-in-a-loop": (
        "{% set s = 'abcdefghij' * 20000 %}{% for c in s %}{{ s|unique|list|length }}{% endfor %}",
        "de clausule doet te veel werk",
    ),
    "exponential-macro": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}",
        "de clausule doet te veel werk",
    ),
    "infinite-recursion": (
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        "de clausuletekst is te diep genest",
    ),
    "recursive-loop": (
        "{% for x in [[1]] recursive %}{{ loop([[1], [1]]) }}{% endfor %}",
        "de clausuletekst is te diep genest",
    ),
    "deep-nesting": ("{% if 1 %}" * 1500 + "{% endif %}" * 1500, "de tekst is te diep genest"),
    "deep-brackets": ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "de tekst is te diep genest"),
    # plain Python errors in a template are errors, not tracebacks
    "decimal-overflow": ("{{ (plan.lots[0].obligation ** 1000000)|euro }}", "een bedrag valt buiten het bereik"),
    "division-by-zero": ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
    "multi-line-fout": ("{{ fout('eerste regel\\ntweede regel') }}", "eerste regel tweede regel"),
    "pydantic-methods": ("{{ tender.model_copy(update={'title': 'x'}) }}", "tender heeft geen attribuut 'model_copy'"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_clause_fails_clearly(name: str, tmp_path: Path) -> None:
    text, expected = HOSTILE[name]
    lib, clause = make_library(tmp_path, text)
    result, seconds = generate(tmp_path, lib)
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {clause}:"), lines[0]
    assert "clausule algemeen.proef: " in lines[0]
    assert expected in lines[0], lines[0]
    assert not (tmp_path / "out").exists()
    assert seconds < 20, f"{name} took {seconds:.1f} s"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_check_reports_or_passes_a_hostile_clause_without_crashing(name: str, tmp_path: Path) -> None:
    """`clausegen check` reads every template statically: no traceback, no hang."""
    lib, clause = make_library(tmp_path, HOSTILE[name][0])
    started = time.perf_counter()
    result = run_cli("check", "--library", lib)
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 1:  # the problems, each at the clause file
        assert all(line.startswith(f"{clause}:") for line in result.stdout.splitlines()), result.stdout
    assert time.perf_counter() - started < 20


def test_a_hostile_when_condition_fails_clearly(tmp_path: Path) -> None:
    lib, clause = make_library(tmp_path, "Tekst.", extra="when: \"('x' * 10**9) and plan.has_obligation\"\n")
    result, seconds = generate(tmp_path, lib)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {clause}:10: clausule algemeen.proef: when: de clausule zou een herhaalde tekst of lijst van meer "
        "dan 200.000 tekens of elementen maken; maak de tekst of lijst kleiner"
    ]
    assert seconds < 20


def test_a_when_condition_cannot_escape(tmp_path: Path) -> None:
    lib, clause = make_library(tmp_path, "Tekst.", extra='when: "plan.__class__.__init__.__globals__"\n')
    result, _ = generate(tmp_path, lib)
    assert result.exit_code == 2
    assert f"Error: {clause}:10: clausule algemeen.proef: when: niet toegestaan in een clausule" in result.stderr


def test_real_loops_macros_and_filters_still_work(tmp_path: Path) -> None:
    """The limits leave room for what real clauses do."""
    text = (
        "{% macro regel(lot) %}perceel {{ lot.id }} ({{ lot.title }}): {{ lot.obligation | euro }}{% endmacro %}\n"
        "Verplichtingen: {% for lot in plan.lots %}{{ regel(lot) }}{% if not loop.last %}; {% endif %}{% endfor %}.\n"
        "\n"
        "Doelgroepen: {{ target_groups | map(attribute='label') | join(', ') }}.\n"
        "\n"
        "{% set woorden = tender.title.split() %}Titel in {{ woorden | length }} woorden: "
        "{{ ('=' * 3) ~ ' ' ~ tender.title | upper }}."
    )
    lib, _ = make_library(tmp_path, text)
    result, seconds = generate(tmp_path, lib)
    assert result.exit_code == 0, result.stderr
    body = docx_text(tmp_path / "out" / "2026-0950-bijlage-social-return.docx")
    assert (
        "Verplichtingen: perceel 1 (Zwolle Centrum): €\u00a075.000,00; perceel 2 (Zwolle Zuid): €\u00a045.000,00."
        in body
    )
    assert "Doelgroepen: Participatiewet, " in body
    assert "Titel in 3 woorden: === SCHOONMAAK KANTOREN ZWOLLE." in body
    assert seconds < 20


def test_the_environment_has_no_globals_and_no_loader() -> None:
    env = environment()
    assert env.loader is None
    assert set(env.globals) == {"fout"}
    assert env.sandboxed


# ---------------------------------------------------------------------------------- YAML


def test_a_python_tag_in_a_clause_file_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    lib, clause = make_library(tmp_path, "Tekst.")
    clause.write_text(
        clause.read_text().replace("order: 100", f"order: !!python/object/apply:os.system ['touch {marker}']")
    )
    result, _ = generate(tmp_path, lib)
    assert result.exit_code == 2
    assert "labels zoals 'tag:yaml.org,2002:python/object/apply:os.system' zijn niet toegestaan" in result.stderr
    assert f"{clause}:9:" in result.stderr
    assert not marker.exists()


# ---------------------------------------------------------------------------------- paths


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A valid clause file outside the library."""
    folder = tmp_path / "elders"
    folder.mkdir()
    (folder / "buiten.yaml").write_text(
        CLAUSE_HEAD.replace("algemeen.proef", "algemeen.buiten") + "text: |\n  Van buiten.\n"
    )
    return folder


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_symlinked_clause_file_pointing_outside_is_refused(tmp_path: Path, outside: Path) -> None:
    lib, _ = make_library(tmp_path, "Tekst.")
    link = lib / "clauses" / "algemeen" / "buiten.yaml"
    link.symlink_to(outside / "buiten.yaml")
    result, _ = generate(tmp_path, lib)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {link}: verwijst naar een bestand buiten de bibliotheekmap; kopieer het bestand in de map"
    ]
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_symlinked_folder_pointing_outside_is_never_read(tmp_path: Path, outside: Path) -> None:
    """A linked folder is reported, never read: its clauses would otherwise go missing silently."""
    lib, _ = make_library(tmp_path, "Tekst.")
    link = lib / "clauses" / "extern"
    link.symlink_to(outside, target_is_directory=True)
    listed = run_cli("list", "clauses", "--library", lib)
    assert listed.exit_code == 2
    assert listed.stderr.splitlines() == [
        f"Error: {link}: een gekoppelde map wordt niet gelezen; kopieer de bestanden in de bibliotheek"
    ]
    result, _ = generate(tmp_path, lib)
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_symlinked_profile_pointing_at_a_system_file_is_refused(tmp_path: Path) -> None:
    lib, _ = make_library(tmp_path, "Tekst.")
    link = lib / "profiles" / "passwd.yaml"
    link.symlink_to("/etc/passwd")
    result, _ = generate(tmp_path, lib)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {link}: verwijst naar een bestand buiten de bibliotheekmap; kopieer het bestand in de map"
    ]


def test_the_library_root_itself_may_be_a_symlink(tmp_path: Path) -> None:
    """Only links that lead out of the library are refused, not a linked library folder."""
    lib, _ = make_library(tmp_path, "Tekst.")
    linked = tmp_path / "linked-lib"
    linked.symlink_to(lib, target_is_directory=True)
    result, _ = generate(tmp_path, linked)
    assert result.exit_code == 0, result.stderr

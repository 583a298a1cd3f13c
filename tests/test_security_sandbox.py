"""The sandbox holds by design: templates see plain, immutable data and declared helpers only,
so pydantic's v1 API (`parse_raw(..., proto='pickle')`, `parse_file`, `schema_json`) and every
other method are out of reach from a clause text or a `when`, through every object in the
context; work grows with the budget; rendered text never holds characters XML forbids."""

from __future__ import annotations

import datetime
import pickle
import shutil
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
import pytest
from conftest import ROOT, run_cli
from jinja2.runtime import Undefined
from test_sandbox import CLAUSE_HEAD, TENDER, make_library

from clausegen.api import prepare
from clausegen.documents.assemble import CONTEXT_TYPES, base_context, context_data, document_kinds
from clausegen.errors import ClausegenError
from clausegen.review.check import check
from clausegen.template.plain import DECLARED_HELPERS, Helper, Record, record_fields, to_plain
from clausegen.template.render import compile_condition, compile_text, render_text
from clausegen.template.sandbox import budget
from clausegen.web.app import create_app

EXAMPLES = sorted(
    p for p in (ROOT / "examples").glob("*.yaml") if not p.stem.endswith("-gunning")
)  # tenders, not award files
LEAVES = (str, Decimal, int, bool, type(None), datetime.date)


def contexts() -> list[tuple[str, str, dict]]:
    """The real context of every example tender, for every document kind it gets."""
    out = []
    for example in EXAMPLES:
        prepared = prepare(example)
        for kind in document_kinds(prepared.plan) or ["bijlage"]:
            out.append((example.name, kind, base_context(prepared.inputs, kind)))
    return out


CONTEXTS = contexts()


def walk(value: Any, path: str, seen: set[int]) -> list[tuple[str, Any]]:
    """(path, value) of everything reachable from `value` through record fields and tuples."""
    found = [(path, value)]
    if id(value) in seen:
        return found
    seen.add(id(value))
    if isinstance(value, Record):
        for name, item in record_fields(value).items():
            found += walk(item, f"{path}.{name}", seen)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            found += walk(item, f"{path}[{index}]", seen)
    return found


def reachable(context: dict) -> list[tuple[str, Any]]:
    seen: set[int] = set()
    return [pair for name, value in context.items() for pair in walk(value, name, seen)]


# ---------------------------------------------------------------------------------- the data


@pytest.mark.parametrize(("example", "kind", "context"), CONTEXTS, ids=[f"{e}-{k}" for e, k, _ in CONTEXTS])
def test_everything_reachable_is_plain_data_or_a_declared_helper(example: str, kind: str, context: dict) -> None:
    found = reachable(context)
    assert len(found) > 50, example
    for path, value in found:
        if isinstance(value, Helper):
            assert value.name in DECLARED_HELPERS, path
            continue
        assert not callable(value), f"{path}: {type(value).__name__} is callable but not a declared helper"
        assert type(value) in (*LEAVES, Record, tuple), f"{path}: {type(value).__name__}"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_the_declared_context_types_are_the_context(example: Path) -> None:
    """`check` reads the shapes from CONTEXT_TYPES: it must name exactly what the renderer passes."""
    prepared = prepare(example)
    data = context_data(prepared.inputs, "bijlage")
    assert set(data) | ({"lot"} if prepared.plan.has_lots else set()) == set(CONTEXT_TYPES)


def test_records_cannot_be_changed_and_give_only_their_fields() -> None:
    _, _, context = CONTEXTS[0]
    tender = context["tender"]
    with pytest.raises(AttributeError):
        tender.title = "x"
    with pytest.raises(AttributeError):
        tender.parse_raw  # noqa: B018
    assert tender["title"] == tender.title
    assert isinstance(context["plan"].lots, tuple)


def test_a_float_or_an_unknown_object_never_becomes_template_data() -> None:
    with pytest.raises(TypeError, match="float"):
        to_plain(1.5, "x")
    with pytest.raises(TypeError, match="cannot be shown"):
        to_plain(object(), "x")


# ---------------------------------------------------------------------------------- attacks


def _pickle_payload(marker: Path) -> str:
    class Boom:
        def __reduce__(self):  # noqa: ANN204
            return (shutil.copy, ("/etc/hostname", str(marker)))

    return pickle.dumps(Boom(), protocol=0).decode("ascii")


def attacks(obj: str, marker: Path) -> dict[str, str]:
    payload = _pickle_payload(marker).replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
    return {
        "pickle": f"{{{{ {obj}.parse_raw('{payload}', proto='pickle', allow_pickle=True) }}}}",
        "parse_file": f"{{{{ {obj}.parse_file('/etc/passwd') }}}}",
        "schema_json": f"{{{{ {obj}.schema_json(indent=10**7) }}}}",
        "copy": f"{{{{ {obj}.copy() }}}}",
        "dict": f"{{{{ {obj}.dict() }}}}",
        "json": f"{{{{ {obj}.json() }}}}",
        "construct": f"{{{{ {obj}.construct() }}}}",
        "model_validate": f"{{{{ {obj}.model_validate({{}}) }}}}",
        "class": f"{{{{ {obj}.__class__ }}}}",
        "attr-filter": f"{{{{ ({obj}|attr('parse_file'))('/etc/passwd') }}}}",
        "item": f"{{{{ {obj}['parse_file']('/etc/passwd') }}}}",
    }


def _objects(context: dict) -> list[str]:
    """A template expression for every object in the context (one per record/tuple/value type path)."""
    out = []
    for path, value in reachable(context):
        if isinstance(value, Helper):
            continue
        shape = path.split("[")[0] + ("[]" if "[" in path else "")
        if shape not in {o.split("[")[0] + ("[]" if "[" in o else "") for o in out}:
            out.append(path)
    return out


@pytest.mark.parametrize(("example", "kind", "context"), CONTEXTS[:3], ids=[f"{e}-{k}" for e, k, _ in CONTEXTS[:3]])
def test_no_attack_works_through_any_object_in_the_context(
    example: str, kind: str, context: dict, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    objects = _objects(context)
    assert {"tender", "plan", "settings", "value_table", "reference_block", "document"} <= set(objects)
    for obj in objects:
        for name, text in attacks(obj, marker).items():
            with pytest.raises((jinja2.TemplateError, ClausegenError)):
                render_text(compile_text(text), context)
            with pytest.raises((jinja2.TemplateError, ClausegenError)):
                compile_condition(text[3:-3])(**context)
            assert not marker.exists(), (obj, name)


COMMAND_ATTACKS = {
    "pickle-tender": "tender",
    "parse-file-reference-block": "reference_block",
    "schema-json-value-table": "value_table",
    "pickle-lot": "plan.lots[0]",
    "pickle-settings": "settings",
    "pickle-target-group": "target_groups[0]",
    "parse-file-document": "document",
}


def _attack_library(tmp_path: Path, obj: str, which: str, where: str) -> tuple[Path, Path, Path]:
    marker = tmp_path / "pwned"
    text = attacks(obj, marker)[which]
    if where == "when":
        lib, clause = make_library(tmp_path, "Tekst.", extra=f'when: "{text[3:-3]}"\n'.replace("\\", "\\\\"))
        return lib, clause, marker
    lib, clause = make_library(tmp_path, "Eerste regel.\n\n" + text)
    return lib, clause, marker


@pytest.mark.parametrize("case", list(COMMAND_ATTACKS))
@pytest.mark.parametrize("where", ["text", "when"])
def test_generate_explain_and_preview_refuse_an_attack_in_one_line(case: str, where: str, tmp_path: Path) -> None:
    which = "pickle" if case.startswith("pickle") else case.split("-")[0] + "_" + case.split("-")[1]
    lib, clause, marker = _attack_library(tmp_path, COMMAND_ATTACKS[case], which, where)
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    line = 10 if where == "when" else 13
    for args in (
        ("generate", tender, "-o", tmp_path / "out"),
        ("explain", tender),
        ("preview", "algemeen.proef", "--tender", tender),
    ):
        result = run_cli(*args, "--library", lib)
        if args[0] == "explain" and where == "text":  # explain renders no text: nothing runs at all
            assert result.exit_code == 0 and not marker.exists()
            continue
        assert result.exit_code == 2, (args, result.stdout)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"Error: {clause}:{line}: clausule algemeen.proef"), lines[0]
        assert not marker.exists()
    assert not (tmp_path / "out").exists()


def test_check_reports_every_attack_at_its_line(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    lib, _ = make_library(tmp_path, "Tekst.")
    folder = lib / "clauses" / "algemeen"
    expected = []
    objects = ["tender", "profile", "settings", "plan", "plan.lots[0]", "target_groups[0]", "value_table",
               "value_table.blocks[0]", "reference_block", "document", "lot", "tender.publication_date",
               "plan.total_obligation", "tender.title"]  # fmt: skip
    for index, obj in enumerate(objects):
        for which in ("pickle", "parse_file", "schema_json"):
            name = f"a{index}-{which.replace('_', '')}"
            text = attacks(obj, marker)[which]
            body = CLAUSE_HEAD.replace("algemeen.proef", f"algemeen.{name}") + "text: |\n  Regel.\n  " + text + "\n"
            (folder / f"{name}.yaml").write_text(body, encoding="utf-8")
            expected.append(f"{folder / name}.yaml:12: clausule algemeen.{name}: text: ")
    result = run_cli("check", "--library", lib)
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    for prefix in expected:
        assert any(line.startswith(prefix) for line in out), prefix
    assert "Traceback" not in result.stdout + result.stderr
    assert not marker.exists()


CAN_DO = "docs/clauses.md zegt wat een clausule ermee kan (bijvoorbeeld een filter als |length of |euro)"


def test_check_reports_calls_of_data_and_attributes_of_plain_values(tmp_path: Path) -> None:
    text = (
        "{{ plan.total_obligation.scaleb(3) }}\n{{ plan.lots() }}\n{{ plan() }}\n{{ tender.title.ljust(9) }}\n"
        "{{ plan.lots.count }}\n{{ tender.publication_date.isoformat() }}\n"
        "{{ plan.lots_with('bouwblokken')[0].title }}{{ tender.title.upper() }}{{ tender.publication_date.year }}"
    )
    lib, clause = make_library(tmp_path, text)
    problems = [str(p) for p in check(lib).problems]
    assert problems == [
        f"{clause}:11: clausule algemeen.proef: text: 'plan.total_obligation.scaleb': plan.total_obligation is "
        f"een bedrag en heeft geen attributen; {CAN_DO}",
        f"{clause}:12: clausule algemeen.proef: text: 'plan.lots' is een gegeven, geen functie; schrijf het zonder ()",
        f"{clause}:13: clausule algemeen.proef: text: 'plan' is een gegeven, geen functie; schrijf het zonder ()",
        f"{clause}:14: clausule algemeen.proef: text: 'tender.title.ljust': tender.title heeft geen attribuut "
        "'ljust'; docs/clauses.md noemt de attributen",
        f"{clause}:15: clausule algemeen.proef: text: 'plan.lots.count': plan.lots is een lijst en heeft geen "
        f"attributen; {CAN_DO}",
        f"{clause}:16: clausule algemeen.proef: text: 'tender.publication_date.isoformat': "
        "tender.publication_date heeft geen attribuut 'isoformat'; docs/clauses.md noemt de attributen",
    ]


def test_the_web_library_page_shows_an_attack_as_one_line_and_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    lib, clause = make_library(tmp_path, "Regel.\n\n" + attacks("tender", marker)["pickle"])
    client = create_app(lib).test_client()
    response = client.get("/bibliotheek")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert f"{clause}:13: clausule algemeen.proef:" in body
    assert "heeft geen attribuut" in body
    assert not marker.exists()


# ---------------------------------------------------------------------------------- the budget


@pytest.mark.parametrize(
    "text",
    [
        "{% set n = 7 ** 33000 %}{% set m = 5 ** 20000 %}{% for i in [0] * 100000 %}{{ (n // m) % 2 }}{% endfor %}",
        "{% set n = 7 ** 33000 %}{% set m = 5 ** 20000 %}{% for i in [0] * 100000 %}{{ (n % m) % 2 }}{% endfor %}",
        "{% set n = 3 ** 20000 %}{% for i in [0] * 100000 %}{{ (n * n) % 2 }}{% endfor %}",
        "{% set n = 3 ** 20000 %}{% for i in [0] * 100000 %}{{ (n - 1) % 2 }}{% endfor %}",
        "{% for i in [0] * 100000 %}{{ (3 ** 30000) % 2 }}{% endfor %}",
        "{% set n = 3 ** 4000 %}{% for i in [0] * 100000 %}{{ ('%d' % n)|length }}{% endfor %}",
        "{% for i in [0] * 100000 %}{{ ('ab' * 90000)|length }}{% endfor %}",
    ],
    ids=["floordiv", "mod", "mul", "sub", "pow", "percent-format", "repeat"],
)
def test_big_arithmetic_in_a_loop_stops_within_a_second_or_two(text: str) -> None:
    with budget():  # a few turns are fine: only the loop runs out of steps
        render_text(compile_text(text.replace("[0] * 100000", "[0] * 3")), {})
    started = time.perf_counter()
    with pytest.raises(ClausegenError, match="doet te veel werk"), budget():
        render_text(compile_text(text), {})
    assert time.perf_counter() - started < 4


# ---------------------------------------------------------------------------------- characters


@pytest.mark.parametrize(
    "literal", ["\\x07", "\\x00", "\\x1b", "\\r", "\\x0c", "\\ud800", "\\udfff", "\\ufffe", "\\uffff", "\\ue000",
                "\\ue001"]
)  # fmt: skip
def test_a_clause_cannot_print_a_character_xml_forbids(literal: str, tmp_path: Path) -> None:
    lib, clause = make_library(tmp_path, f"Regel een.\n\nRegel {{{{ 'a{literal}b' }}}}.")
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    result = run_cli("generate", tender, "-o", tmp_path / "out", "--library", lib)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"Error: {clause}:13: clausule algemeen.proef: text: een clausule drukte een waarde af met het teken U+"
    )
    assert not (tmp_path / "out").exists()


def test_a_forged_table_marker_is_one_line(tmp_path: Path) -> None:
    lib, clause = make_library(tmp_path, "{{ '\\ue000T:velden:zz\\ue001' | safe }}")
    tender = tmp_path / "tender.yaml"
    tender.write_text(TENDER, encoding="utf-8")
    result = run_cli("generate", tender, "-o", tmp_path / "out", "--library", lib)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {clause}:11: clausule algemeen.proef: text: een clausule drukte een waarde af met het teken U+E000, "
        "dat clausegen voor zijn eigen velden en tabellen gebruikt; verwijder dat teken"
    ]


def test_an_amount_times_a_huge_number_is_refused_at_once() -> None:
    started = time.perf_counter()
    with pytest.raises(ClausegenError, match="meer dan 1.000 cijfers"), budget():
        render_text(compile_text("{% set n = 7 ** 33000 %}{{ (d * n) > 0 }}"), {"d": Decimal("1.5")})
    assert time.perf_counter() - started < 1


def test_undefined_values_still_say_what_is_missing() -> None:
    with pytest.raises(jinja2.UndefinedError, match="'cycler' is undefined"):
        render_text(compile_text("{{ cycler(1) }}"), {})
    assert isinstance(compile_text("x").environment.undefined(), Undefined)

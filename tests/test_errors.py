"""Errors as data: one code per problem, words from the nl/en catalogs, the same words in the
CLI and the web form, every problem of a file reported (up to the limit, then "en nog N")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from conftest import run_cli

from clausegen import catalog
from clausegen.errors import MAX_REPORTED, ClausegenError, Problems, render
from clausegen.library.load import resolve_root
from clausegen.web.app import create_app

PACKAGE = Path(__file__).resolve().parent.parent / "clausegen"

TENDER = """\
reference: 2026-0142
title: Schoonmaakdiensten kantoren Den Haag
contracting_authority: Ministerie van Voorbeeldzaken
category: {category}
contract_type: overeenkomst
value_eur: {value}
duration_months: 48
publication_date: 2026-03-01
"""

FORM = {
    "reference": "2026-0142",
    "title": "Schoonmaakdiensten kantoren Den Haag",
    "contracting_authority": "Ministerie van Voorbeeldzaken",
    "contract_type": "overeenkomst",
    "duration_months": "48",
    "publication_date": "2026-03-01",
}


def write(tmp_path: Path, text: str, name: str = "aanbesteding.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(result) -> list[str]:  # noqa: ANN001
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr and result.stdout == ""
    return result.stderr.splitlines()


@pytest.fixture(scope="module")
def client():  # noqa: ANN201
    client = create_app(resolve_root(None)).test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    return client


@pytest.mark.parametrize(
    ("category", "value", "form", "field", "key"),
    [
        ("schoonmak", "2400000", {"category": "schoonmak", "value_eur": "2400000"}, "category", "category"),
        ("schoonmaak", "veel", {"category": "schoonmaak", "value_eur": "veel"}, "value_eur", "value_eur"),
    ],
)
def test_the_cli_and_the_web_form_say_the_same(client, tmp_path: Path, category, value, form, field, key) -> None:  # noqa: ANN001
    tender = write(tmp_path, TENDER.format(category=category, value=value))
    (line,) = errors_of(run_cli("calc", tender))
    body = client.post("/api/plan", data=dict(FORM, **form)).get_json()
    (message,) = body["errors"][field]
    line_no = 4 if key == "category" else 6
    assert line == f"Error: {tender}:{line_no}: {key}: {message}"


def test_a_pydantic_type_error_reads_as_dutch_advice(tmp_path: Path) -> None:
    tender = write(tmp_path, TENDER.format(category="schoonmaak", value="veel").replace("48", "vier jaar"))
    lines = errors_of(run_cli("calc", tender))
    assert lines == [
        f"Error: {tender}:6: value_eur: '{'veel'}' is geen bedrag; schrijf bijvoorbeeld 1500000 of 1500000.50",
        f"Error: {tender}:7: duration_months: Vul een heel aantal maanden in, bijvoorbeeld 48.",
    ]
    wrong_type = write(tmp_path, TENDER.format(category="schoonmaak", value="[1, 2]"), "lijst.yaml")
    (line,) = errors_of(run_cli("calc", wrong_type))
    assert line.endswith("value_eur: Vul een bedrag in euro's in, bijvoorbeeld 2400000 of 1250000,50.")
    for jargon in ("Input should", "Field required", "Extra inputs", "valid decimal"):
        assert jargon not in line


def test_every_problem_of_a_tender_is_reported_up_to_the_limit(tmp_path: Path) -> None:
    lots = "".join(f"  - id: {n}\n    title: Perceel {n}\n    value_eur: veel\n" for n in range(1, 26))
    text = TENDER.format(category="schoonmaak", value="2400000").replace("value_eur: 2400000\n", "") + "lots:\n" + lots
    tender = write(tmp_path, text)
    lines = errors_of(run_cli("calc", tender))
    assert len(lines) == MAX_REPORTED + 1 == 21
    assert lines[0] == (
        f"Error: {tender}:11: lots.0.value_eur: 'veel' is geen bedrag; schrijf bijvoorbeeld 1500000 of 1500000.50"
    )
    assert lines[19].startswith(f"Error: {tender}:68: lots.19.value_eur: ")
    assert lines[-1].startswith("Error: en nog 5 ")
    lines = errors_of(run_cli("calc", tender, env={"CLAUSEGEN_MAX_ERRORS": "3"}))
    assert len(lines) == 4 and lines[-1].startswith("Error: en nog 22 ")


def test_the_award_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    problems = Problems(
        [ClausegenError(code="value.date", params={"input": "x"}, path="a.yaml", line=n) for n in (2, 5)]
    )
    assert str(problems).splitlines() == [
        "a.yaml:2: Vul een bestaande datum in als JJJJ-MM-DD, bijvoorbeeld 2026-03-01.",
        "a.yaml:5: Vul een bestaande datum in als JJJJ-MM-DD, bijvoorbeeld 2026-03-01.",
    ]


def test_english_with_lang_and_with_the_environment(tmp_path: Path) -> None:
    missing = tmp_path / "nergens.yaml"
    assert errors_of(run_cli("calc", missing)) == [
        f"Error: {missing}: het aanbestedingsbestand bestaat niet; controleer het pad"
    ]
    english = [f"Error: {missing}: the tender file does not exist; check the path"]
    assert errors_of(run_cli("--lang", "en", "calc", missing)) == english
    assert errors_of(run_cli("calc", missing, env={"CLAUSEGEN_LANG": "en"})) == english
    assert errors_of(run_cli("--lang", "nl", "calc", missing, env={"CLAUSEGEN_LANG": "en"}))[0].endswith(
        "bestaat niet; controleer het pad"
    )


def test_the_tab_and_missing_field_messages_say_the_fix(tmp_path: Path) -> None:
    text = TENDER.format(category="schoonmaak", value="2400000")
    tabbed = write(tmp_path, text.replace("title:", "\ttitle:"), "tab.yaml")
    (line,) = errors_of(run_cli("calc", tabbed))
    assert line == (
        f"Error: {tabbed}:2: in kolom 1 staat een tab; YAML springt alleen in met spaties: "
        "vervang de tab door spaties (twee per niveau, zoals de regels erboven)"
    )
    lacking = write(tmp_path, text.replace("duration_months: 48\n", ""), "mist.yaml")
    (line,) = errors_of(run_cli("calc", lacking))
    assert line == (
        f"Error: {lacking}:1: duration_months: het veld ontbreekt; voeg bovenaan het bestand een regel toe: "
        "'duration_months: 48'"
    )
    lots = text.replace("value_eur: 2400000\n", "") + "lots:\n  - id: 1\n    value_eur: 100\n"
    (line,) = errors_of(run_cli("calc", write(tmp_path, lots, "perceel.yaml")))
    assert line.endswith(
        "lots.0.title: het veld ontbreekt; voeg onder 'lots.0' een regel toe, even ver ingesprongen als de "
        "andere velden daar: 'title: Schoonmaak gemeentehuis'"
    )


def test_a_plain_message_still_works() -> None:
    error = ClausegenError("iets ging mis", path="x.yaml", line=3, hint="doe het anders")
    assert error.code is None and error.message == "iets ging mis"
    assert str(error) == "x.yaml:3: iets ging mis (doe het anders)"


# ---------------------------------------------------------------------------------- catalogs

CODE = re.compile(r"^(?:[a-z]+)\.[a-z0-9-]+(?:\.[a-z0-9-]+)*$")
CODE_CALLS = {"ClausegenError", "Invalid", "ValueAt", "_Refused", "Problem", "problem", "_status", "message"}


def codes_in_source() -> set[str]:
    """Every code the package raises or shows: `code=` keywords and the first argument of the coded
    constructors, of `catalog.message` and of the CLI's status lines (`_status`), the codes `validation.code_of` returns, and `number.<kind>` of numbers._fail."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            values = [kw.value for kw in node.keywords if kw.arg == "code"]
            if name in CODE_CALLS and node.args:
                values.append(node.args[0])
            if name == "_fail" and node.args and isinstance(node.args[0], ast.Constant):
                found.add(f"number.{node.args[0].value}")
            while values:
                value = values.pop()
                if isinstance(value, ast.IfExp):  # code="a.b" if ... else "a.c"
                    values += [value.body, value.orelse]
                elif isinstance(value, ast.Constant) and isinstance(value.value, str) and CODE.match(value.value):
                    found.add(value.value)
        if path.name == "validation.py":
            for node in ast.walk(tree):
                text = node.value if isinstance(node, ast.Constant) else None
                if isinstance(text, str) and re.match(r"^(value|field|number|text)\.[a-z-]+$", text):
                    found.add(text)
    for kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        found.add(f"value.{kind.replace('_', '-')}")
    return found


def po(lang: str):  # noqa: ANN201
    with (catalog.LOCALE_DIR / lang / "LC_MESSAGES" / "clausegen.po").open("rb") as handle:
        return read_po(handle)


def test_every_code_has_a_dutch_and_an_english_message() -> None:
    codes = codes_in_source()
    assert len(codes) > 100
    for lang in catalog.LANGUAGES:
        entries = {m.id: m.string for m in po(lang) if m.id}
        missing = sorted(code for code in codes if not entries.get(code))
        assert not missing, f"{lang}: {missing}"
    assert {m.id for m in po("nl")} == {m.id for m in po("en")}


def test_the_compiled_catalogs_match_their_po_files() -> None:
    for lang in catalog.LANGUAGES:
        with (catalog.LOCALE_DIR / lang / "LC_MESSAGES" / "clausegen.mo").open("rb") as handle:
            compiled = {m.id: m.string for m in read_mo(handle) if m.id}
        assert compiled == {m.id: m.string for m in po(lang) if m.id}, "run `python -m clausegen.catalog`"


def test_every_message_template_names_only_known_parameters() -> None:
    for lang in catalog.LANGUAGES:
        for entry in po(lang):
            if entry.id:
                dutch = set(re.findall(r"{(\w+)(?::[^{}]*)?}", po("nl")[entry.id].string))
                assert set(re.findall(r"{(\w+)(?::[^{}]*)?}", entry.string)) <= dutch, (lang, entry.id)


def test_render_falls_back_to_dutch_then_to_the_code() -> None:
    error = ClausegenError(code="value.months-max", params={"limit": 600})
    assert render(error) == "De looptijd is ten hoogste 600 maanden."
    assert render(error, "en") == "The duration is at most 600 months."
    assert render(ClausegenError(code="does.not-exist", params={"n": 1})) == "does.not-exist (n=1)"


def test_a_count_chooses_its_noun() -> None:
    from clausegen.catalog import message

    counts = {"approved": 1, "draft": 0, "withdrawn": 0, "value_tables": 2, "target_groups": 1}
    one = message("check.counts", {"clauses": 1, "profiles": 1, **counts}, lang="nl")
    assert one == "1 clausule (1 goedgekeurd, 0 concept, 0 ingetrokken), 1 profiel, 2 waardetabellen, 1 doelgroep"
    many = message("check.counts", {"clauses": 1_200, "profiles": 0, **counts}, lang="en")
    assert many.startswith("1200 clauses (1 approved") and "0 profiles, 2 value tables, 1 target group" in many

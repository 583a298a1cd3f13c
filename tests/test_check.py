"""`clausegen check`: each rule on a small broken library, with its message and line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from library_builder import PROFILE, clause_yaml, make_library

from clausegen.review.check import check


def problems(root: Path) -> list[str]:
    """Each problem as `relative/path:line: message`."""
    out = []
    for problem in check(root).problems:
        rel = Path(problem.path).resolve().relative_to(root.resolve())
        out.append(f"{rel}:{problem.line}: {problem.keyed()}")
    return out


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_a_sound_library_passes_with_a_summary(tmp_path: Path) -> None:
    lib = make_library(
        tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a", "Zie {{ plan.total_obligation | euro }}.\n")}
    )
    result = run_cli("check", "--library", lib)
    assert result.exit_code == 0, result.output
    assert "is in orde: 1 clausule (1 goedgekeurd, 0 concept, 0 ingetrokken), 1 profiel" in result.stderr
    english = run_cli("--lang", "en", "check", "--library", lib)
    assert "is fine: 1 clause (1 approved, 0 draft, 0 withdrawn), 1 profile" in english.stderr


def test_the_embedded_library_passes() -> None:
    report = check(ROOT)
    assert report.ok, [str(p) for p in report.problems]


def test_cli_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    lib = make_library(
        tmp_path,
        {
            "algemeen/a.yaml": clause_yaml("algemeen.a", "Tekst {{ plan.nonsense }}.\n"),
            "algemeen/b.yaml": clause_yaml("algemeen.b", "Tekst {% if %}.\n"),
        },
    )
    result = run_cli("check", "--library", lib)
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(
        "a.yaml:11: clausule algemeen.a: text: 'plan.nonsense': plan heeft geen attribuut 'nonsense'; "
        "docs/clauses.md noemt de attributen"
    )
    assert "b.yaml:11: clausule algemeen.b: text: fout in de sjabloonsyntaxis" in lines[1]
    assert "2 problemen in bibliotheek" in result.stderr


def test_schema_error_points_at_the_key(tmp_path: Path) -> None:
    lib = make_library(tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a", status="final")})
    assert problems(lib) == [
        "clauses/algemeen/a.yaml:4: status: 'final' is geen toegestane keuze; kies uit: draft, approved, withdrawn"
    ]


def test_yaml_error_has_its_line(tmp_path: Path) -> None:
    lib = make_library(tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a") + "title: nog een titel\n"})
    [problem] = problems(lib)
    assert problem.startswith(
        "clauses/algemeen/a.yaml:12: het veld 'title' staat er twee keer (eerst op regel 2); houd er één"
    )


def test_jinja_syntax_error_at_the_template_line(tmp_path: Path) -> None:
    text = "Eerste regel.\n\n1. lid een\n2. lid {% if plan.has_lots %}twee\n"
    lib = make_library(tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a", text)})
    [problem] = problems(lib)
    # text starts on line 11; the unclosed `if` is found at the end of the template (line 4 of it)
    assert problem.startswith(
        "clauses/algemeen/a.yaml:14: clausule algemeen.a: text: fout in de sjabloonsyntaxis (Unexpected end"
    )


def test_unknown_filter_is_found_without_rendering(tmp_path: Path) -> None:
    text = "Regel.\n{{ plan.total_obligation | geld }}\n"
    lib = make_library(tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a", text)})
    assert problems(lib) == [
        "clauses/algemeen/a.yaml:12: clausule algemeen.a: text: er is geen filter 'geld'; "
        "gebruik een van de filters voor clausules: aantal, datum, euro, percentage"
    ]


def test_unknown_variable_with_suggestion(tmp_path: Path) -> None:
    text = "Regel een.\nRegel twee {{ plann.has_lots }} en {{ opdrachtgever }}.\n"
    lib = make_library(tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a", text)})
    assert problems(lib) == [
        "clauses/algemeen/a.yaml:12: clausule algemeen.a: text gebruikt 'opdrachtgever', dat het plan niet levert; "
        "docs/clauses.md noemt de namen die een clausule kan gebruiken",
        "clauses/algemeen/a.yaml:12: clausule algemeen.a: text gebruikt 'plann', dat het plan niet levert "
        "(bedoelt u 'plan'?); docs/clauses.md noemt de namen die een clausule kan gebruiken",
    ]


def test_loop_and_set_variables_are_not_unknown(tmp_path: Path) -> None:
    text = (
        "{% set totaal = plan.total_obligation %}{{ totaal | euro }}\n"
        "{% for l in plan.obligation_lots %}{{ l.title }} {{ l.obligation | euro }} {{ loop.index }}{% endfor %}\n"
        "{% for g in target_groups %}{{ g.label }}{% endfor %}\n"
        "{% for b in value_table.blocks %}{{ b.label }}{% endfor %} {{ settings.recovery_months }} {{ document.kind }}\n"
        "{{ profile.framework.obligation_level }} {{ profile.pso.accepted_from if profile.pso else '' }}\n"
    )
    lib = make_library(tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a", text)})
    assert problems(lib) == []


def test_unknown_attributes_of_known_objects(tmp_path: Path) -> None:
    text = (
        "{{ settings.recovery_month }}\n"
        "{% for l in plan.lots %}{{ l.obligatoin }}{% endfor %}\n"
        "{{ lot.percentage | percentage }} {{ profile.framework.level }} {{ document.naam }}\n"
    )
    lib = make_library(tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a", text)})
    assert problems(lib) == [
        "clauses/algemeen/a.yaml:11: clausule algemeen.a: text: 'settings.recovery_month': settings heeft geen "
        "attribuut 'recovery_month' (bedoelt u 'recovery_months'?); docs/clauses.md noemt de attributen",
        "clauses/algemeen/a.yaml:12: clausule algemeen.a: text: 'l.obligatoin': plan.lots heeft geen attribuut "
        "'obligatoin' (bedoelt u 'obligation'?); docs/clauses.md noemt de attributen",
        "clauses/algemeen/a.yaml:13: clausule algemeen.a: text: 'document.naam': document heeft geen attribuut "
        "'naam'; docs/clauses.md noemt de attributen",
        "clauses/algemeen/a.yaml:13: clausule algemeen.a: text: 'profile.framework.level': profile.framework heeft "
        "geen attribuut 'level'; docs/clauses.md noemt de attributen",
    ]


def test_when_is_checked_at_its_line(tmp_path: Path) -> None:
    lib = make_library(
        tmp_path,
        {
            "algemeen/a.yaml": clause_yaml("algemeen.a", when="plan.has_obligaton"),
            "algemeen/b.yaml": clause_yaml("algemeen.b", when="plan.has_lots and"),
            "algemeen/c.yaml": clause_yaml("algemeen.c", when="lot.award_criterion"),
        },
    )
    found = problems(lib)
    assert found[0] == (
        "clauses/algemeen/a.yaml:10: clausule algemeen.a: when: 'plan.has_obligaton': plan heeft geen attribuut "
        "'has_obligaton' (bedoelt u 'has_obligation'?); docs/clauses.md noemt de attributen"
    )
    assert found[1].startswith("clauses/algemeen/b.yaml:10: clausule algemeen.b: when: fout in de sjabloonsyntaxis")
    assert found[2] == (
        "clauses/algemeen/c.yaml:10: clausule algemeen.c: when gebruikt 'lot', dat een voorwaarde in een "
        "aanbesteding met percelen niet kan zien; gebruik plan (bijvoorbeeld plan.obligation_lots)"
    )
    assert len(found) == 3


def test_ref_targets(tmp_path: Path) -> None:
    text = (
        "Zie {{ ref('monitoring.rapportage') }}.\n"
        "Zie {{ ref('algemeen.formulier') }}.\n"
        "Zie {{ ref('algemeen.oud') }}.\n"
        "Zie {{ ref('algemeen.concept') }}.\n"
        "Zie {{ ref('algemeen.goed') }} en {{ ref(document.kind) }}.\n"
    )
    lib = make_library(
        tmp_path,
        {
            "algemeen/a.yaml": clause_yaml("algemeen.a", text),
            "algemeen/formulier.yaml": clause_yaml("algemeen.formulier", documents="[plan-van-aanpak-formulier]"),
            "algemeen/oud.yaml": clause_yaml("algemeen.oud", status="withdrawn"),
            "algemeen/concept.yaml": clause_yaml(
                "algemeen.concept", status="draft", reviewed_by=None, reviewed_on=None
            ),
            "algemeen/goed.yaml": clause_yaml("algemeen.goed", documents="[overeenkomst]"),
        },
    )
    assert problems(lib) == [
        "clauses/algemeen/a.yaml:11: clausule algemeen.a: text: ref('monitoring.rapportage'): die clausule bestaat "
        "niet; verbeter het id",
        "clauses/algemeen/a.yaml:12: clausule algemeen.a: text: ref('algemeen.formulier'): de twee clausules staan "
        "nooit in hetzelfde document (algemeen.a: bijlage, overeenkomst; algemeen.formulier: "
        "plan-van-aanpak-formulier); verwijs naar een clausule van hetzelfde document",
        "clauses/algemeen/a.yaml:13: clausule algemeen.a: text: ref('algemeen.oud'): die clausule is ingetrokken en "
        "staat dus nooit in een document; verwijs naar een andere clausule",
        "clauses/algemeen/a.yaml:14: clausule algemeen.a: text: ref('algemeen.concept'): die clausule is een concept "
        "en blijft zonder --allow-draft buiten de documenten; keur haar goed of verwijs naar een andere",
        "clauses/algemeen/a.yaml:15: clausule algemeen.a: text: ref() neemt één clausule-id tussen aanhalingstekens, "
        "bijvoorbeeld ref('monitoring.rapportage')",
    ]


def test_requires_and_excludes(tmp_path: Path) -> None:
    lib = make_library(
        tmp_path,
        {
            "algemeen/a.yaml": clause_yaml(
                "algemeen.a", requires="[algemeen.defintie, algemeen.b]", excludes="[algemeen.c, algemeen.b]"
            ),
            "algemeen/b.yaml": clause_yaml("algemeen.b", documents="[bijlage]"),
            "algemeen/definitie.yaml": clause_yaml("algemeen.definitie"),
        },
    )
    assert problems(lib) == [
        "clauses/algemeen/a.yaml:10: clausule algemeen.a: requires: er is geen clausule 'algemeen.defintie' "
        "(bedoelt u 'algemeen.definitie'?); verbeter het id",
        "clauses/algemeen/a.yaml:10: clausule algemeen.a: vereist algemeen.b, maar die staat nooit in het document "
        "overeenkomst (haar documenten: bijlage); pas documents van een van beide aan",
        "clauses/algemeen/a.yaml:10: clausule algemeen.a: vereist en sluit algemeen.b tegelijk uit; houd het in "
        "requires of in excludes, niet in beide",
        "clauses/algemeen/a.yaml:11: clausule algemeen.a: excludes: er is geen clausule 'algemeen.c'; verbeter het id",
    ]


def test_requires_cycle_is_reported_once(tmp_path: Path) -> None:
    lib = make_library(
        tmp_path,
        {
            "algemeen/a.yaml": clause_yaml("algemeen.a", requires="[algemeen.b]"),
            "algemeen/b.yaml": clause_yaml("algemeen.b", requires="[algemeen.c]"),
            "algemeen/c.yaml": clause_yaml("algemeen.c", requires="[algemeen.a]"),
        },
    )
    assert problems(lib) == [
        "clauses/algemeen/a.yaml:10: clausule algemeen.a: requires vormt een kring: algemeen.a -> algemeen.b -> "
        "algemeen.c -> algemeen.a; haal één van deze verwijzingen weg"
    ]


def test_duplicate_ids(tmp_path: Path) -> None:
    lib = make_library(
        tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a"), "monitoring/x.yaml": clause_yaml("algemeen.a")}
    )
    [problem] = problems(lib)
    assert problem.startswith("clauses/monitoring/x.yaml:1: het id 'algemeen.a' wordt ook gebruikt door ")
    assert problem.endswith("clauses/algemeen/a.yaml; geef elk clausulebestand een eigen id")


def test_bands_not_increasing_point_at_the_band(tmp_path: Path) -> None:
    profile = PROFILE.replace("  - up_to: 5000000\n", "  - up_to: 200000\n")
    lib = make_library(tmp_path, {}, profile)
    path = lib / "profiles/schoonmaak.yaml"
    assert problems(lib) == [
        f"profiles/schoonmaak.yaml:{line_of(path, 'up_to: 200000')}: bands.1.up_to: schijf 2: up_to 200000 moet "
        "boven die van schijf 1 liggen (250000); de schijven lopen zonder gaten op vanaf 0"
    ]


def test_open_band_in_the_middle_points_at_that_band(tmp_path: Path) -> None:
    profile = PROFILE.replace("  - up_to: 5000000\n    percentage: 5\n", "  - percentage: 5\n")
    lib = make_library(tmp_path, {}, profile)
    [problem] = problems(lib)
    assert (
        problem == "profiles/schoonmaak.yaml:13: bands.1: schijf 2 heeft up_to nodig: alleen de laatste schijf is open"
    )


def test_profile_links(tmp_path: Path) -> None:
    profile = (
        PROFILE.replace("value_table: standaard", "value_table: standard")
        .replace("target_groups: [participatiewet]", "target_groups: [participatiewet, jongeren]")
        .replace("instruments: [generieke-maatregel]", "instruments: [generieke-maatregel, inkoop]")
    )
    lib = make_library(tmp_path, {}, profile)
    found = problems(lib)
    assert found[0].startswith("profiles/schoonmaak.yaml:15: bands.1.instruments.1: 'inkoop' is geen toegestane keuze")
    # the instrument error stops validation; fix it and the links are checked
    lib = make_library(tmp_path, {}, profile.replace(", inkoop", ""))
    assert problems(lib) == [
        "profiles/schoonmaak.yaml:6: value_table: waardetabel 'standard' bestaat niet in profiles/value-tables "
        "(bedoelt u 'standaard'?)",
        "profiles/schoonmaak.yaml:8: target_groups.1: doelgroep 'jongeren' is niet gedefinieerd in profiles/target-groups",
    ]


def test_approved_needs_review_data(tmp_path: Path) -> None:
    lib = make_library(
        tmp_path,
        {
            "algemeen/a.yaml": clause_yaml("algemeen.a", reviewed_by=None),
            "algemeen/b.yaml": clause_yaml("algemeen.b", status="draft", reviewed_by=None, reviewed_on=None),
        },
    )
    assert problems(lib) == [
        "clauses/algemeen/a.yaml:4: clausule algemeen.a: de status is approved maar reviewed_by ontbreekt; vul in "
        "wie de clausule heeft goedgekeurd (reviewed_by) en wanneer (reviewed_on)"
    ]


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def git_library(tmp_path: Path) -> Path:
    """A library two folders deep inside a git repository, committed once."""
    lib = make_library(tmp_path / "juridisch" / "bibliotheek", {"algemeen/a.yaml": clause_yaml("algemeen.a")})
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "eerste versie")
    return lib


def test_text_changed_without_new_version(git_library: Path) -> None:
    path = git_library / "clauses/algemeen/a.yaml"
    assert problems(git_library) == []
    path.write_text(clause_yaml("algemeen.a", "De Opdrachtnemer doet iets anders.\n"))
    assert problems(git_library) == [
        "clauses/algemeen/a.yaml:3: clausule algemeen.a: text veranderd sinds de laatste commit (HEAD) maar "
        "version is nog 1; verhoog het naar 2"
    ]
    path.write_text(clause_yaml("algemeen.a", "De Opdrachtnemer doet iets anders.\n", version="2"))
    assert problems(git_library) == []


def test_moved_clause_is_compared_by_id_and_version_may_not_drop(git_library: Path) -> None:
    (git_library / "clauses/algemeen/a.yaml").unlink()
    moved = git_library / "clauses/monitoring/a.yaml"
    moved.parent.mkdir()
    moved.write_text(clause_yaml("algemeen.a", when="plan.has_obligation"))
    assert problems(git_library) == [
        "clauses/monitoring/a.yaml:3: clausule algemeen.a: when veranderd sinds de laatste commit (HEAD) maar "
        "version is nog 1; verhoog het naar 2"
    ]
    moved.write_text(clause_yaml("algemeen.a", when="plan.has_obligation", version="2"))
    _git(git_library, "add", "-A", ".")
    _git(git_library, "commit", "-q", "-m", "verplaatst")
    moved.write_text(clause_yaml("algemeen.a", when="plan.has_obligation", version="1"))
    assert problems(git_library) == [
        "clauses/monitoring/a.yaml:3: clausule algemeen.a: de versie is gedaald van 2 (HEAD) naar 1; een versie "
        "gaat alleen omhoog"
    ]


def test_outside_git_the_version_rule_is_skipped(tmp_path: Path) -> None:
    lib = make_library(tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a")})
    assert check(lib).ok


def test_missing_library_is_bad_input(tmp_path: Path) -> None:
    result = run_cli("check", "--library", tmp_path / "nergens")
    assert result.exit_code == 2
    assert "bestaat niet" in result.stderr


def test_template_loading_and_private_attributes_are_refused(tmp_path: Path) -> None:
    text = "Regel.\n{% include 'andere.txt' %}\n{{ plan.__class__ }}\n"
    lib = make_library(tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a", text)})
    assert problems(lib) == [
        "clauses/algemeen/a.yaml:12: clausule algemeen.a: text: een clausule kan geen andere sjablonen invoegen, "
        "importeren of uitbreiden (include, import, extends); schrijf de tekst uit",
        "clauses/algemeen/a.yaml:13: clausule algemeen.a: text: 'plan.__class__': namen die met _ beginnen zijn in "
        "een clausule niet toegestaan; gebruik een naam uit docs/clauses.md",
    ]


def test_self_requirement_is_not_also_a_cycle(tmp_path: Path) -> None:
    lib = make_library(tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a", requires="[algemeen.a]")})
    assert problems(lib) == [
        "clauses/algemeen/a.yaml:10: clausule algemeen.a: requires noemt de clausule zelf; verwijder dat id"
    ]


def test_comparisons_with_values_that_never_occur(tmp_path: Path) -> None:
    text = (
        "{% if document.kind == 'bijlage' %}goed{% endif %}\n"
        "{% if document.kind == 'bijlag' %}typo{% endif %}\n"
        "{% if 'inkoop' in plan.instruments %}nooit{% endif %}\n"
        "{% for l in plan.lots %}{% if 'buy-social' in l.instruments %}goed{% endif %}{% endfor %}\n"
        "{{ 'x' if settings.reporting != 'maandelijks' }}\n"
    )
    lib = make_library(
        tmp_path, {"algemeen/a.yaml": clause_yaml("algemeen.a", text, when="plan.contract_type == 'raam'")}
    )
    assert problems(lib) == [
        "clauses/algemeen/a.yaml:10: clausule algemeen.a: when: 'plan.contract_type' is nooit 'raam'; het is een "
        "van: overeenkomst, raamovereenkomst",
        "clauses/algemeen/a.yaml:13: clausule algemeen.a: text: 'document.kind' is nooit 'bijlag' (bedoelt u "
        "'bijlage'?); het is een van: bijlage, overeenkomst, raamovereenkomst, plan-van-aanpak-formulier",
        "clauses/algemeen/a.yaml:14: clausule algemeen.a: text: 'plan.instruments' is nooit 'inkoop'; het is een "
        "van: generieke-maatregel, plan-van-aanpak, bouwblokken, buy-social",
        "clauses/algemeen/a.yaml:16: clausule algemeen.a: text: 'settings.reporting' is nooit 'maandelijks' "
        "(bedoelt u 'jaarlijks'?); het is een van: per kwartaal, halfjaarlijks, jaarlijks",
    ]

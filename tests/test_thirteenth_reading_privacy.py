"""Thirteenth legal reading, reader E, MAJOR-2: in categorie B, whose groups in the RVO tender are
only `ww-langdurig` and `jongeren`, the 50+ bonus can only be the WW group, so reporting it per
Kandidaat reveals a WW benefit (art. 5(1)(c) AVG). The bonus block names the groups it never
applies to (`excludes_groups`); where too few groups of the Doelgroep remain in a category without
them, the annex says the bonus does not apply there and `realisatie` does not count it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES, copy_library, run_cli
from conftest import docx_text as _docx_text

FOLDER = FIXTURES / "dertiende-lezing"
TENDER = FOLDER / "e1.yaml"
AWARD = FOLDER / "e1-gunning-a.yaml"

SENTENCE = (
    "De toeslag ‘Toeslag voor een Kandidaat van 50 jaar of ouder bij het begin van de plaatsing’ geldt niet "
    "voor een dienstverband uit het Bouwblok ‘Dienstverband Kandidaat in categorie B’. In die categorie zou de "
    "toeslag laten zien tot welke groep uit de Doelgroep de Kandidaat behoort; de Opdrachtnemer vermeldt haar "
    "daarom niet bij een dienstverband in die categorie, en zij telt daar niet mee."
)

REPORT = """\
perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting
;K-01;plaatsing-a;36;1-10-2027;30-9-2028;bonus-50-plus;;receptie
;K-02;plaatsing-b;36;1-1-2028;31-12-2028;bonus-50-plus;;postkamer
"""
"""One year full time in each category with the 50+ bonus: A € 40.000 + € 10.000, B € 20.000 (+ € 10.000)."""

REASON = (
    "de toeslag ‘Toeslag voor een Kandidaat van 50 jaar of ouder bij het begin van de plaatsing’ (bonus-50-plus) "
    "telt niet bij het Bouwblok ‘Dienstverband Kandidaat in categorie B’ (plaatsing-b): in die categorie zou de "
    "toeslag laten zien tot welke groep uit de Doelgroep de Kandidaat behoort (artikel "
)


def docx_text(path: Path) -> str:
    """The document's text with no-break spaces as spaces."""
    return _docx_text(path).replace("\u00a0", " ")


def _wider(tmp_path: Path) -> Path:
    """The RVO tender with `niet-uitkeringsgerechtigd` added: categorie B keeps two groups without `jongeren`."""
    text = TENDER.read_text(encoding="utf-8")
    old = "target_groups: [participatiewet, banenafspraak, ww-langdurig, statushouders, jongeren]"
    assert old in text
    path = tmp_path / "e1.yaml"
    path.write_text(text.replace(old, old[:-1] + ", niet-uitkeringsgerechtigd]"), encoding="utf-8")
    shutil.copy(AWARD, tmp_path / "e1-gunning-a.yaml")
    return path


def _contract(tender: Path, award: Path, out: Path) -> Path:
    result = run_cli("-q", "contract", tender, award, "-o", out)
    assert result.exit_code == 0, result.output
    return out / "RVO-2027-0088-01"


def _rows(folder: Path, tmp_path: Path) -> list[dict]:
    report = tmp_path / "rapportage.csv"
    report.write_text(REPORT, encoding="utf-8")
    result = run_cli("realisatie", folder, report, "--json", "--peildatum", "2031-01-01")
    assert result.exit_code == 0, result.output
    rows: list[dict] = json.loads(result.stdout)["rows"]
    return rows


def test_annex_says_the_50_plus_bonus_does_not_apply_in_categorie_b(tmp_path: Path) -> None:
    result = run_cli("-q", "generate", TENDER, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output  # not refused
    for name in ("bijlage", "overeenkomst"):
        text = docx_text(tmp_path / "out" / f"RVO-2027-0088-{name}-social-return.docx")
        assert SENTENCE in text
        # the bonus itself stays in the list: it still counts in categorie A
        assert "Toeslag voor een Kandidaat van 50 jaar of ouder bij het begin van de plaatsing: € 10.000,00" in text
        assert "uit het Bouwblok ‘Dienstverband Kandidaat in categorie A’" not in text  # only B is named
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    clause = next(c for d in manifest["documents"] for c in d.get("clauses", []) if c["id"] == "bouwblokken.toeslagen")
    assert clause["version"] == 4


def test_contract_manifest_and_realisatie_do_not_count_the_bonus_in_categorie_b(tmp_path: Path) -> None:
    folder = _contract(TENDER, AWARD, tmp_path / "c")
    assert SENTENCE in docx_text(folder / "RVO-2027-0088-01-overeenkomst-social-return.docx")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    blocks = {b["id"]: b for b in manifest["valuation"]["value_table"]["blocks"]}
    assert blocks["bonus-50-plus"]["excludes_groups"] == ["jongeren", "leerlingen"]
    assert blocks["bonus-50-plus"]["withheld_in"] == ["plaatsing-b"]
    assert blocks["bonus-vast-contract"]["withheld_in"] == []
    article = manifest["valuation"]["articles"]["bouwblokken.toeslagen"]["article"]

    rows = _rows(folder, tmp_path)
    assert rows[0] == {"row": 2, "lot": "", "value_eur": "50000.00", "counted": True, "refused": False, "reason": ""}
    assert rows[1]["value_eur"] == "20000.00"  # the placement counts, the bonus does not
    assert rows[1]["reason"] == f"{REASON}{article})"

    report = tmp_path / "rapportage.csv"
    letter = tmp_path / "brief.docx"
    result = run_cli("realisatie", folder, report, "--peildatum", "2031-01-01", "-o", letter)
    assert result.exit_code == 0, result.output
    assert f"rij 3: € 20.000,00 ({REASON}{article}))" in result.stdout.replace("\u00a0", " ")
    text = docx_text(letter)
    section = text[text.index("Regels die niet of niet geheel meetellen") :]
    assert f"{REASON}{article})" in section


def test_older_manifest_without_withheld_in_still_counts_as_before(tmp_path: Path) -> None:
    folder = _contract(TENDER, AWARD, tmp_path / "c")
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for block in manifest["valuation"]["value_table"]["blocks"]:
        del block["excludes_groups"], block["withheld_in"]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    rows = _rows(folder, tmp_path)
    assert rows[1]["value_eur"] == "30000.00" and rows[1]["reason"] == ""


def test_doelgroep_with_enough_groups_in_categorie_b_keeps_the_bonus(tmp_path: Path) -> None:
    tender = _wider(tmp_path)
    result = run_cli("-q", "generate", tender, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "out" / "RVO-2027-0088-bijlage-social-return.docx")
    assert "Toeslag voor een Kandidaat van 50 jaar of ouder bij het begin van de plaatsing: € 10.000,00" in text
    assert "geldt niet voor een dienstverband uit het Bouwblok" not in text
    assert "zou de toeslag laten zien" not in text

    folder = _contract(tender, tmp_path / "e1-gunning-a.yaml", tmp_path / "c")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    blocks = {b["id"]: b for b in manifest["valuation"]["value_table"]["blocks"]}
    assert blocks["bonus-50-plus"]["withheld_in"] == []
    rows = _rows(folder, tmp_path)
    assert rows[1] == {"row": 3, "lot": "", "value_eur": "30000.00", "counted": True, "refused": False, "reason": ""}


def test_check_reports_an_unknown_group_in_excludes_groups_with_file_and_line(tmp_path: Path) -> None:
    library = copy_library(tmp_path / "lib")
    table = library / "profiles" / "value-tables" / "standaard.yaml"
    text = table.read_text(encoding="utf-8")
    old = "    excludes_groups: [jongeren, leerlingen]\n"
    assert old in text
    table.write_text(text.replace(old, "    excludes_groups: [jongeren, scholieren]\n"), encoding="utf-8")
    line = table.read_text(encoding="utf-8").splitlines().index("    excludes_groups: [jongeren, scholieren]") + 1
    result = run_cli("check", "--library", library)
    assert result.exit_code != 0
    assert f"standaard.yaml:{line}" in result.output
    assert (
        "waardetabel 'standaard', bouwblok 'bonus-50-plus': doelgroep 'scholieren' bestaat niet in "
        "profiles/target-groups" in result.output
    )

"""Privacy after narrowing is about risk, not only a count (lawyer's third reading M-4): a placement
category that holds a group whose membership is health data (art. 9 AVG) or a criminal record
(art. 10 AVG) must also hold `settings.min_groups_outside_sensitive_kind` groups of another kind.
The lawyer's DJI tender (category A = Participatiewet + Ex-gedetineerden) and works tender
(category A = Participatiewet + Wsw) are refused with a fix; the privacy article promises that no
such data is processed only where that holds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from conftest import EXAMPLES, FIXTURES, ROOT, docx_text, run_cli

DERDE = FIXTURES / "derde-lezing"
DJI = DERDE / "dji-catering.yaml"
WERK = DERDE / "werk.yaml"
PROMISE = "Partijen verwerken geen bijzondere persoonsgegevens of persoonsgegevens van strafrechtelijke aard"
CAVEAT = "Bij deze Doelgroep kan die categorie erop wijzen dat een Kandidaat behoort tot een groep waaruit"


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\u00a0", " "))


def _with_groups(tmp_path: Path, source: Path, groups: list[str]) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["target_groups"] = groups
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / source.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_dji_tender_is_refused_because_category_a_reveals_a_detention(tmp_path: Path) -> None:
    result = run_cli("generate", str(DJI), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert (
        f"{DJI}:12: target_groups: in bouwblok 'plaatsing-a' (Dienstverband Kandidaat in categorie A) vallen uit "
        "de Doelgroep ex-gedetineerden, waaruit een strafrechtelijk verleden blijkt, en maar 1 groep(en) van een "
        "andere soort;"
    ) in result.stderr
    assert "(settings.min_groups_outside_sensitive_kind)" in result.stderr
    assert "Neem in target_groups ook een of meer van wajong, wsw, banenafspraak, arbeidsongeschikt op" in result.stderr
    assert "of laat ex-gedetineerden weg" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_works_tender_is_refused_because_category_a_reveals_health(tmp_path: Path) -> None:
    result = run_cli("generate", str(WERK), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "vallen uit de Doelgroep wsw, waaruit een gegeven over de gezondheid blijkt" in result.stderr
    assert "Neem in target_groups ook een of meer van ex-gedetineerden op, of laat wsw weg" in result.stderr
    english = run_cli("--lang", "en", "generate", str(WERK), "-o", str(tmp_path / "out"))
    assert "the Doelgroep has wsw, which reveals health data, and only 1 group(s) of another kind" in english.stderr


def test_each_fix_is_accepted_and_the_promise_then_holds(tmp_path: Path) -> None:
    dropped = _with_groups(tmp_path / "a", DJI, ["statushouders", "jongeren"])
    pooled = _with_groups(
        tmp_path / "b", DJI, ["ex-gedetineerden", "participatiewet", "wsw", "statushouders", "jongeren"]
    )
    for tender in (dropped, pooled):
        out = tender.parent / "out"
        result = run_cli("generate", str(tender), "-o", str(out))
        assert result.exit_code == 0, result.output
        annex = _plain(docx_text(out / "DJI-2027-C11-bijlage-social-return.docx"))
        assert PROMISE in annex and CAVEAT not in annex
    annex = _plain(docx_text(tmp_path / "b" / "out" / "DJI-2027-C11-bijlage-social-return.docx"))
    assert (
        "Een categorie met een groep waaruit een gegeven over de gezondheid of een strafrechtelijk verleden blijkt, "
        "omvat daarnaast ten minste 2 groepen van een andere soort"
    ) in annex


def test_the_rule_is_a_profile_setting_and_switched_off_the_article_says_what_the_category_shows(
    tmp_path: Path,
) -> None:
    library = tmp_path / "library"
    shutil.copytree(ROOT / "clauses", library / "clauses")
    shutil.copytree(ROOT / "profiles", library / "profiles")
    profile = library / "profiles" / "catering.yaml"
    text = profile.read_text(encoding="utf-8")
    assert text.count("\nsettings:\n") == 1
    profile.write_text(
        text.replace("\nsettings:\n", "\nsettings:\n  min_groups_outside_sensitive_kind: 0\n"), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run_cli("generate", str(DJI), "-o", str(out), "--library", str(library))
    assert result.exit_code == 0, result.output
    annex = _plain(docx_text(out / "DJI-2027-C11-bijlage-social-return.docx"))
    assert PROMISE not in annex
    assert f"{CAVEAT} een strafrechtelijk verleden (artikel 10 AVG) blijkt." in annex
    assert "verbindt haar niet met andere gegevens die hij over de Kandidaat heeft" in annex


def test_check_reports_a_profile_whose_own_doelgroep_reveals_a_kind(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(ROOT / "clauses", library / "clauses")
    shutil.copytree(ROOT / "profiles", library / "profiles")
    profile = library / "profiles" / "beveiliging.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("  min_groups_outside_sensitive_kind: 1\n", ""), encoding="utf-8")
    result = run_cli("check", "--library", str(library))
    assert result.exit_code == 1
    assert "profiles/beveiliging.yaml" in result.output
    assert "waaruit een gegeven over de gezondheid blijkt, en maar 1 groep(en) van een andere soort" in result.output


def test_the_den_haag_example_pools_its_health_group(tmp_path: Path) -> None:
    result = run_cli("generate", str(EXAMPLES / "schoonmaak-den-haag.yaml"), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    annex = _plain(docx_text(tmp_path / "2026-0142-bijlage-social-return.docx"))
    assert "‘Dienstverband Kandidaat in categorie A’: de groepen ‘Participatiewet’, ‘Banenafspraak’ en" in annex
    assert PROMISE in annex

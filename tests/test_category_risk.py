"""Privacy after narrowing is about risk, not only a count (lawyer's third reading M-4, fourth
reading MAJOR-1): a placement category that holds a group whose membership is health data
(art. 9 AVG) or a criminal record (art. 10 AVG) must also hold
`settings.min_groups_outside_sensitive_kind` groups that reveal neither. A criminal-record group
never counts as the other kind for a health group, nor the other way round, and the refusal never
suggests adding one. The lawyer's framework tender, the DJI tender and the works tender are
refused with a fix; the privacy article and the memo promise only what the rule delivers."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import EXAMPLES, FIXTURES, copy_library, docx_text, run_cli

DERDE = FIXTURES / "derde-lezing"
DJI = DERDE / "dji-catering.yaml"
WERK = DERDE / "werk.yaml"
RAAM = FIXTURES / "vierde-lezing" / "facilitair-raam.yaml"
LAWYER = ["banenafspraak", "participatiewet", "wajong", "jongeren", "statushouders"]
"""The Doelgroep the lawyer of the fourth reading tried first."""
PROMISE = "Partijen verwerken geen bijzondere persoonsgegevens of persoonsgegevens van strafrechtelijke aard"
CAVEAT = "Bij deze Doelgroep kan die categorie erop wijzen dat een Kandidaat behoort tot een groep waaruit"
NOT_ANOTHER_KIND = (
    "een groep waaruit een gegeven over de gezondheid of een strafrechtelijk verleden blijkt, telt niet als "
    "groep van een andere soort"
)
MEMO_RULE = (
    "Elke categorie met een groep waaruit een gegeven over de gezondheid of een strafrechtelijk verleden kan "
    "blijken, bevat ten minste 2 groepen waaruit zo'n gegeven niet blijkt"
)


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\u00a0", " "))


def _with_groups(tmp_path: Path, source: Path, groups: list[str]) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["target_groups"] = groups
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / source.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _library(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    copy_library(library)
    return library


def _old_categories(tmp_path: Path) -> Path:
    """A library whose value table still has Statushouders in category B, as version 2 had: category
    A then holds Participatiewet as its only group without health or criminal data."""
    library = _library(tmp_path)
    table = library / "profiles" / "value-tables" / "standaard.yaml"
    text = table.read_text(encoding="utf-8")
    text = text.replace("[participatiewet, statushouders, wajong,", "[participatiewet, wajong,")
    text = text.replace(
        "[ww-langdurig, niet-uitkeringsgerechtigd, jongeren]",
        "[ww-langdurig, niet-uitkeringsgerechtigd, jongeren, statushouders]",
    )
    table.write_text(text, encoding="utf-8")
    return library


def test_the_lawyers_category_a_is_refused_even_with_ex_gedetineerden_added(tmp_path: Path) -> None:
    """The fourth reading's case on the old categories: Participatiewet, Wajong, Banenafspraak and
    (after the old hint) Ex-gedetineerden passed; three of four groups reveal art. 9 or 10 data."""
    library = _old_categories(tmp_path)
    for groups, inside in (
        (LAWYER, "wajong, banenafspraak"),
        (LAWYER + ["ex-gedetineerden"], "wajong, banenafspraak, ex-gedetineerden"),
    ):
        tender = _with_groups(tmp_path / str(len(groups)), RAAM, groups)
        result = run_cli("generate", tender, "-o", tmp_path / "out", "--library", library)
        assert result.exit_code == 2, result.output
        message = result.stderr.strip()
        assert len(message.splitlines()) == 1 and "Traceback" not in result.output
        assert (
            f"in bouwblok 'plaatsing-a' (Dienstverband Kandidaat in categorie A) vallen uit de Doelgroep {inside},"
            in message
        )
        assert "en maar één groep waaruit zo'n gegeven niet blijkt" in message
        assert NOT_ANOTHER_KIND in message
        assert f"Laat {inside} weg uit target_groups" in message
        assert "ex-gedetineerden op" not in message and "Neem in target_groups" not in message
        assert not (tmp_path / "out").exists()


def test_the_hint_suggests_only_groups_without_health_or_criminal_data(tmp_path: Path) -> None:
    """With the shipped table category A offers Statushouders; Ex-gedetineerden, which the facilitair
    profile also offers in that category, is never suggested."""
    for groups in (
        ["banenafspraak", "participatiewet", "wajong", "jongeren", "ww-langdurig"],
        ["banenafspraak", "participatiewet", "wajong", "jongeren", "ww-langdurig", "ex-gedetineerden"],
    ):
        tender = _with_groups(tmp_path / str(len(groups)), RAAM, groups)
        result = run_cli("generate", tender, "-o", tmp_path / "out")
        assert result.exit_code == 2
        assert (
            "Neem in target_groups ook een of meer van statushouders op, of laat wajong, banenafspraak" in result.stderr
        )
        assert "van statushouders, ex-gedetineerden" not in result.stderr
        assert "een of meer van ex-gedetineerden" not in result.stderr
        assert NOT_ANOTHER_KIND in result.stderr
    english = run_cli("--lang", "en", "generate", tender, "-o", tmp_path / "out")
    assert (
        "which reveals health data or a criminal record, and only one group that reveals no such data" in english.stderr
    )
    assert "does not count as a group of another kind. Add one or more of statushouders" in english.stderr


def test_the_lawyers_doelgroep_on_the_shipped_table_pools_two_groups_without_such_data(tmp_path: Path) -> None:
    """Category A now holds Participatiewet and Statushouders next to Wajong and Banenafspraak; the
    lawyer's Doelgroep is refused only because Jongeren would be alone in category B, and the fix
    that message names passes, with the promise and the memo's statement of the rule."""
    refused = run_cli("generate", RAAM, "-o", tmp_path / "out")
    assert refused.exit_code == 2
    assert "in bouwblok 'plaatsing-b'" in refused.stderr and "'jongeren'" in refused.stderr
    assert "ex-gedetineerden op" not in refused.stderr
    tender = _with_groups(tmp_path / "ok", RAAM, LAWYER + ["ww-langdurig"])
    out = tmp_path / "ok" / "out"
    result = run_cli("generate", tender, "-o", out)
    assert result.exit_code == 0, result.output
    annex = _plain(docx_text(out / "2027-FM-112-bijlage-social-return.docx"))
    assert (
        "‘Dienstverband Kandidaat in categorie A’: de groepen ‘Participatiewet’, ‘Wajong’, ‘Banenafspraak’ en "
        "‘Statushouders’."
    ) in annex
    assert PROMISE in annex and CAVEAT not in annex
    assert "verbindt hij haar niet met andere gegevens die hij over de Kandidaat heeft" in annex
    memo = tmp_path / "memo.docx"
    assert run_cli("explain", tender, "--memo", "-o", memo).exit_code == 0
    text = _plain(docx_text(memo))
    assert MEMO_RULE + "." in text and "(instelling" not in text  # settings in the annex (I TAAL-4)
    assert (
        "tellen daarvoor niet als groep van een andere soort; in deze Doelgroep zijn dat Wajong en Banenafspraak."
        in text
    )
    assert "De categorie laat zo'n gegeven dus niet met zekerheid zien" in text
    assert "ontvangt geen bijzondere persoonsgegevens" not in text


def test_the_dji_tender_is_refused_because_category_a_reveals_a_detention(tmp_path: Path) -> None:
    tender = _with_groups(tmp_path, DJI, ["ex-gedetineerden", "participatiewet", "jongeren", "ww-langdurig"])
    result = run_cli("generate", tender, "-o", tmp_path / "out")
    assert result.exit_code == 2
    line = next(i for i, t in enumerate(tender.read_text().splitlines(), 1) if t.startswith("target_groups"))
    assert (
        f"{tender}:{line}: target_groups: in bouwblok 'plaatsing-a' (Dienstverband Kandidaat in categorie A) vallen uit "
        "de Doelgroep ex-gedetineerden, waaruit een strafrechtelijk verleden blijkt, en maar één groep waaruit "
        "zo'n gegeven niet blijkt;"
    ) in result.stderr
    assert "(settings.min_groups_outside_sensitive_kind)" in result.stderr
    assert "Neem in target_groups ook een of meer van statushouders op, of laat ex-gedetineerden weg" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_works_tender_is_refused_because_category_a_reveals_health(tmp_path: Path) -> None:
    tender = _with_groups(tmp_path, WERK, ["leerlingen", "jongeren", "ww-langdurig", "participatiewet", "wsw"])
    result = run_cli("generate", tender, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "vallen uit de Doelgroep wsw, waaruit een gegeven over de gezondheid blijkt" in result.stderr
    # the bouw profile offers Ex-gedetineerden in category A too; it does not dilute a health group
    assert "Neem in target_groups ook een of meer van statushouders op, of laat wsw weg" in result.stderr
    english = run_cli("--lang", "en", "generate", tender, "-o", tmp_path / "out")
    assert (
        "the Doelgroep has wsw, which reveals health data, and only one group that reveals no such data"
        in english.stderr
    )


def test_each_fix_is_accepted_and_the_promise_then_holds(tmp_path: Path) -> None:
    dropped = _with_groups(tmp_path / "a", DJI, ["jongeren", "ww-langdurig"])
    pooled = _with_groups(
        tmp_path / "b", DJI, ["ex-gedetineerden", "participatiewet", "statushouders", "wsw", "jongeren", "ww-langdurig"]
    )
    for tender in (dropped, pooled):
        out = tender.parent / "out"
        result = run_cli("generate", str(tender), "-o", str(out))
        assert result.exit_code == 0, result.output
        annex = _plain(docx_text(out / "DJI-2027-C11-bijlage-social-return.docx"))
        assert PROMISE in annex and CAVEAT not in annex
    memo = tmp_path / "memo.docx"
    assert run_cli("explain", dropped, "--memo", "-o", memo).exit_code == 0
    text = _plain(docx_text(memo))
    assert "Uit geen van de groepen van de Doelgroep blijkt een gegeven over de gezondheid of een" in text
    assert MEMO_RULE not in text
    annex = _plain(docx_text(tmp_path / "b" / "out" / "DJI-2027-C11-bijlage-social-return.docx"))
    assert (
        "Een categorie met een groep waaruit een gegeven over de gezondheid of een strafrechtelijk verleden blijkt, "
        "omvat daarnaast ten minste 2 groepen waaruit zo'n gegeven niet blijkt"
    ) in annex


def test_the_rule_is_a_profile_setting_and_switched_off_the_article_says_what_the_category_shows(
    tmp_path: Path,
) -> None:
    library = _library(tmp_path)
    profile = library / "profiles" / "catering.yaml"
    text = profile.read_text(encoding="utf-8")
    assert text.count("\nsettings:\n") == 1
    profile.write_text(
        text.replace("\nsettings:\n", "\nsettings:\n  min_groups_outside_sensitive_kind: 0\n"), encoding="utf-8"
    )
    tender = _with_groups(tmp_path / "t", DJI, ["ex-gedetineerden", "participatiewet", "jongeren", "ww-langdurig"])
    out = tmp_path / "out"
    result = run_cli("generate", str(tender), "-o", str(out), "--library", str(library))
    assert result.exit_code == 0, result.output
    annex = _plain(docx_text(out / "DJI-2027-C11-bijlage-social-return.docx"))
    assert PROMISE not in annex
    assert f"{CAVEAT} een strafrechtelijk verleden (artikel 10 AVG) blijkt." in annex
    assert "verbindt haar niet met andere gegevens die hij over de Kandidaat heeft" in annex
    memo = tmp_path / "memo.docx"
    assert run_cli("explain", tender, "--memo", "-o", memo, "--library", library).exit_code == 0
    text = _plain(docx_text(memo))
    assert "De instelling min_groups_outside_sensitive_kind staat op 0: een categorie kan erop wijzen" in text
    assert MEMO_RULE not in text


def test_check_reports_a_profile_whose_own_doelgroep_reveals_a_kind(tmp_path: Path) -> None:
    library = _library(tmp_path)
    profile = library / "profiles" / "beveiliging.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "leerlingen, statushouders]" in text
    profile.write_text(text.replace("leerlingen, statushouders]", "leerlingen]"), encoding="utf-8")
    result = run_cli("check", "--library", str(library))
    assert result.exit_code == 1
    assert "profiles/beveiliging.yaml" in result.output
    assert (
        "waaruit een gegeven over de gezondheid blijkt, en maar één groep waaruit zo'n gegeven niet blijkt"
        in result.output
    )
    assert "Laat wajong, wsw, banenafspraak, arbeidsongeschikt weg uit target_groups" in result.output


def test_the_den_haag_example_pools_its_health_group_without_ex_gedetineerden(tmp_path: Path) -> None:
    result = run_cli("generate", str(EXAMPLES / "schoonmaak-den-haag.yaml"), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    annex = _plain(docx_text(tmp_path / "2026-0142-bijlage-social-return.docx"))
    assert (
        "‘Dienstverband Kandidaat in categorie A’: de groepen ‘Participatiewet’, ‘Banenafspraak’ en ‘Statushouders’."
    ) in annex
    assert "Ex-gedetineerden" not in annex
    assert PROMISE in annex


def test_the_hint_does_not_propose_groups_that_cannot_reach_the_minimum(tmp_path: Path) -> None:
    """At 3 the catering profile's category A offers only Statushouders besides Participatiewet: adding
    it would leave two groups without such data, so the refusal says to leave the group out."""
    library = _library(tmp_path)
    profile = library / "profiles" / "catering.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text.replace("\nsettings:\n", "\nsettings:\n  min_groups_outside_sensitive_kind: 3\n"), encoding="utf-8"
    )
    tender = _with_groups(tmp_path / "t", DJI, ["ex-gedetineerden", "participatiewet", "jongeren", "ww-langdurig"])
    result = run_cli("generate", tender, "-o", tmp_path / "out", "--library", library)
    assert result.exit_code == 2
    assert "ten minste 3 groepen uit de Doelgroep bevatten waaruit geen gegeven" in result.stderr
    assert "Laat ex-gedetineerden weg uit target_groups; het profiel heeft in deze categorie te weinig" in result.stderr
    assert "Neem in target_groups" not in result.stderr


def test_the_refusal_counts_two_groups_in_the_plural(tmp_path: Path) -> None:
    """lawyer6 MINOR-12: one group reads "maar één groep", two read "maar 2 groepen", never "groep(en)"."""
    library = _library(tmp_path)
    profile = library / "profiles" / "catering.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text.replace("\nsettings:\n", "\nsettings:\n  min_groups_outside_sensitive_kind: 3\n"), encoding="utf-8"
    )
    groups = ["ex-gedetineerden", "participatiewet", "statushouders", "jongeren", "ww-langdurig"]
    result = run_cli(
        "generate", _with_groups(tmp_path / "t", DJI, groups), "-o", tmp_path / "out", "--library", library
    )
    assert result.exit_code == 2
    assert "waaruit een strafrechtelijk verleden blijkt, en maar 2 groepen waaruit zo'n gegeven niet blijkt" in (
        result.stderr
    )
    assert "groep(en)" not in result.stderr
    english = run_cli(
        "--lang",
        "en",
        "generate",
        _with_groups(tmp_path / "e", DJI, groups),
        "-o",
        tmp_path / "o2",
        "--library",
        library,
    )
    assert "only 2 groups that reveal no such data" in english.stderr

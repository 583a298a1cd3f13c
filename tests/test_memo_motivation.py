"""The memo motivates (lawyer M-9, m-21, m-24): the link with the subject matter, the award
criterion with its scale and page limit, a framework's holders, the Doelgroep and privacy, PSO and
Buy Social; proportionality is never asserted without a labour share; the bouw figure uses the
reference block value; headings are numbered '1.' and not 'Artikel 1'. Memos are generated
through the CLI from the lawyer's tenders and the bundled examples and read back."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, TENDER_EXAMPLES, copy_library, docx_text, run_cli
from lxml import etree

from clausegen.api import prepare

LEZING = FIXTURES / "tweede-lezing"
LEZING_TENDERS = sorted(p for p in LEZING.glob("*.yaml") if "gunning" not in p.name)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ALWAYS = ("Waarom social return wel of niet", "Instrumenten en alternatieven")
FIGURES = "Grondslag, schijf en verplichting"
FIGURES_FRAMEWORK = "Geraamde waarde, schijf en raming"  # a framework's value is an estimate (tenth MINOR-2)
WITH_OBLIGATION = ("Verband met het voorwerp van de opdracht", "Doelgroep en privacy", "PSO en Buy Social")


def _memo(tender: Path, out: Path, *extra: str) -> str:
    result = run_cli("explain", tender, "--memo", "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return re.sub(r"[ \t]+", " ", docx_text(out).replace("\u00a0", " "))


def _section(text: str, heading: str) -> str:
    """The text under one heading, up to the next heading of the memo."""
    headings = (*ALWAYS, FIGURES, FIGURES_FRAMEWORK, *WITH_OBLIGATION, "Gunningscriterium en beoordelingsmethode",
                "Meer leveranciers en nadere overeenkomsten", "Evenredigheid",
                "Technische bijlage: instellingen")  # fmt: skip
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i] in headings), len(lines))
    return "\n".join(lines[start:end])


def _heading_labels(path: Path) -> list[str]:
    """The number label Word prints before each memo heading, read from numbering.xml: the
    lvlText of level 0 of the list each heading paragraph points at."""
    with zipfile.ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        numbering = etree.fromstring(z.read("word/numbering.xml"))
    abstract_of = {
        num.get(f"{W}numId"): num.find(f"{W}abstractNumId").get(f"{W}val") for num in numbering.iter(f"{W}num")
    }
    labels = {}
    for abstract in numbering.iter(f"{W}abstractNum"):
        level = next(lvl for lvl in abstract.iter(f"{W}lvl") if lvl.get(f"{W}ilvl") == "0")
        labels[abstract.get(f"{W}abstractNumId")] = level.find(f"{W}lvlText").get(f"{W}val")
    found = []
    for para in document.iter(f"{W}p"):
        style = para.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") == "Artikelkop":
            num_id = para.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
            found.append(labels[abstract_of[num_id]])
    return found


@pytest.mark.parametrize("tender", LEZING_TENDERS + TENDER_EXAMPLES, ids=lambda p: p.stem)
def test_every_memo_has_its_sections_and_numbers_them_as_a_memo(tender: Path, tmp_path: Path) -> None:
    out = tmp_path / "motivering.docx"
    text = _memo(tender, out)
    prepared = prepare(tender)
    lines = text.splitlines()
    figures = FIGURES_FRAMEWORK if prepared.plan.framework else FIGURES
    for heading in (*ALWAYS, figures, "Evenredigheid"):
        assert heading in lines
    assert (FIGURES if prepared.plan.framework else FIGURES_FRAMEWORK) not in lines
    for heading in WITH_OBLIGATION:
        assert (heading in lines) == prepared.plan.has_obligation, heading
    assert ("Gunningscriterium en beoordelingsmethode" in lines) == prepared.plan.award_criterion
    framework = prepared.plan.framework and prepared.plan.has_obligation
    assert ("Meer leveranciers en nadere overeenkomsten" in lines) == framework
    labels = _heading_labels(out)
    assert labels and set(labels) == {"%1."}, labels  # '1. Waarom ...', never 'Artikel 1' (m-21)
    if prepared.tender.labour_share is None and prepared.plan.has_obligation:
        assert "Evenredig:" not in text and "labour_share" in _section(text, "Evenredigheid")


def test_an_annex_keeps_its_article_numbering(tmp_path: Path) -> None:
    result = run_cli("generate", LEZING / "bouw.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    labels = _heading_labels(tmp_path / "2027-0801-bijlage-social-return.docx")
    assert labels and set(labels) == {"Artikel\u00a0%1"}


def test_bouw_proportionality_uses_the_reference_block_and_the_plan_comes_after_award(tmp_path: Path) -> None:
    text = _memo(LEZING / "bouw.yaml", tmp_path / "m.docx")
    proportion = _section(text, "Evenredigheid")
    # 6.200.000 × 0,45 / 2,5 years / € 40.000 (the value table's person-year) = 27,9 (not 27,7)
    assert "27,9 arbeidsjaren per jaar die de opdracht zelf aan arbeid vraagt" in proportion
    assert "27,7" not in text
    assert "Evenredig: perceel 1" in proportion
    instruments = _section(text, "Instrumenten en alternatieven")
    assert "de aannemer kiest de mix na gunning in het Plan van aanpak" in instruments
    assert "inschrijver kiest" not in text
    assert "Gunningscriterium en beoordelingsmethode" not in text.splitlines()
    subject = _section(text, "Verband met het voorwerp van de opdracht")
    assert "opdracht voor werken in de categorie Bouw en infrastructuur" in subject
    assert "45% van de waarde uit arbeid" in subject
    assert "(profiel): Op en rond de bouwplaats is werk dat bij de Doelgroep past" in subject  # profile rationale
    assert "'Verband met de Opdracht'" in subject and "ten hoogste 50% van de verplichting" in subject
    assert "Een PSO-certificaat telt niet mee" in _section(text, "PSO en Buy Social")


def test_framework_memo_splits_per_holder_and_scores_the_plan(tmp_path: Path) -> None:
    text = _memo(LEZING / "schoonmaak-raam.yaml", tmp_path / "m.docx")
    assert "Raming social return, alle Opdrachtnemers samen\n€ 450.000,00" in text
    holders = _section(text, "Meer leveranciers en nadere overeenkomsten")
    assert "ten hoogste 3 opdrachtnemers" in holders
    assert "€ 450.000,00 voor alle houders samen" in holders and "€ 150.000,00 per houder" in holders
    assert "Geen houder is de verplichting van de hele raamovereenkomst" in holders
    award = _section(text, "Gunningscriterium en beoordelingsmethode")
    assert "weegt 10% van het totaal aantal punten" in award and "de overige 90%" in award
    assert "uitstekend 10; goed 7; voldoende 5; matig 2; onvoldoende 0" in award
    assert "gedeeld door 50" in award and "ten hoogste 4 A4-pagina's" in award
    assert "het percentage bieden van de waarde van de nadere overeenkomsten die aan de inschrijver" in award
    privacy = _section(text, "Doelgroep en privacy")
    assert "beperkt de Doelgroep tot 8 van de 11 groepen" in privacy
    assert "ten minste 2 groepen van de Doelgroep" in privacy and "pseudonieme nummers" in privacy
    assert "Ex-gedetineerden" in privacy and "Jongeren zonder startkwalificatie" not in privacy
    assert "in deze Doelgroep zijn dat Wajong, Wsw, Banenafspraak en Ex-gedetineerden." in privacy
    proportion = _section(text, "Evenredigheid")
    assert "geen aandeel arbeid (labour_share), dus deze toets is niet gedaan" in proportion
    assert "Evenredig" not in proportion.replace("evenredig is", "")
    assert (
        "Let op: de evenredigheid van de verplichting is niet gemotiveerd. Vul vóór publicatie labour_share of "
        "proportionality_motivation in." in proportion
    )


def test_the_buyers_motivation_is_printed_without_a_labour_share(tmp_path: Path) -> None:
    tender = tmp_path / "raam.yaml"
    reason = "Schoonmaak is arbeidsintensief; de verplichting vraagt minder dan een tiende van de uren."
    source = (LEZING / "schoonmaak-raam.yaml").read_text(encoding="utf-8")
    tender.write_text(source.rstrip("\n") + f"\nproportionality_motivation: '{reason}'\n", encoding="utf-8")
    proportion = _section(_memo(tender, tmp_path / "m.docx"), "Evenredigheid")
    assert f"Motivering van de aanbestedende dienst: {reason}" in proportion
    assert "niet gemotiveerd" not in proportion


def test_pso_counts_for_part_with_its_motivation(tmp_path: Path) -> None:
    section = _section(_memo(LEZING / "ict.yaml", tmp_path / "m.docx"), "PSO en Buy Social")
    assert "telt voor ten hoogste 50% van de verplichting mee, omdat" in section
    assert "de sociale inzet van de hele onderneming meet" in section
    assert "voorwerp van de opdracht (artikel 2.78 en volgende van de Aanbestedingswet 2012)" in section
    assert "ander bewijs wordt aanvaard (artikel 2.78 en volgende van de Aanbestedingswet 2012)" in section
    assert "2.78a" not in section  # not verifiable against DOMAIN.md's "art. 2.78 ff." (fourth reading MINOR-8)
    assert "Inkoop bij een sociale onderneming (Buy Social) telt mee" in section


def test_award_figures_follow_the_profile_settings(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    copy_library(library)
    profile = library / "profiles" / "schoonmaak.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "settings:\n" in text and "plan_max_pages" not in text
    text = re.sub(r"\n  award_weight_percent: [0-9]+\n", "\n", text)
    profile.write_text(
        text.replace("settings:\n", "settings:\n  award_weight_percent: 15\n  plan_max_pages: 2\n", 1), encoding="utf-8"
    )
    memo = _memo(LEZING / "schoonmaak-raam.yaml", tmp_path / "m.docx", "--library", library)
    award = _section(memo, "Gunningscriterium en beoordelingsmethode")
    assert "weegt 15% van het totaal" in award and "ten hoogste 2 A4-pagina's" in award

"""Framework agreements and lots end to end with the default library: which documents, the
figures per lot in every document, "per perceel" only with lots, and the plan-of-approach form
(questions, answer fields, building-block budget, assessment and weight)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, body_paragraphs, body_tables, run_cli, to_pdf_text
from conftest import docx_text as raw_docx_text
from docx.oxml.ns import qn
from hostdocs import host_document, part, real_library_copy, tender_file

from clausegen.library.load import load_library

HOOGWAARDIGE_INHUUR = """\
reference: 2026-0311
title: Raamovereenkomst Hoogwaardige inhuur advies
contracting_authority: Ministerie van Voorbeeldzaken
category: hoogwaardige-inhuur
contract_type: raamovereenkomst
value_eur: 12000000
duration_months: 48
publication_date: 2026-12-01
"""

SCHOONMAAK_LOTS = """\
reference: 2026-0200
title: Schoonmaak rijkskantoren
contracting_authority: Ministerie van Voorbeeldzaken
category: schoonmaak
contract_type: raamovereenkomst
duration_months: 48
publication_date: 2026-12-01
lots:
  - id: 1
    title: Regio West
    value_eur: 6000000
  - id: 2
    title: Regio Oost
    value_eur: 2000000
  - id: 3
    title: Regio Noord
    value_eur: 200000
"""

SCHOONMAAK_ONE = """\
reference: 2026-0400
title: Schoonmaak hoofdkantoor
contracting_authority: Ministerie van Voorbeeldzaken
category: schoonmaak
contract_type: raamovereenkomst
value_eur: 6000000
duration_months: 48
publication_date: 2026-12-01
"""

LOT_ROWS = [
    ["1", "Regio West", "€ 6.000.000,00", "5%", "€ 300.000,00", "7,5"],
    ["2", "Regio Oost", "€ 2.000.000,00", "5%", "€ 100.000,00", "2,5"],
    ["3", "Regio Noord", "€ 200.000,00", "geen", "€ 0,00", "–"],
]
LOT_TOTAL = ["", "Totaal", "€ 8.200.000,00", "", "€ 400.000,00", "10,0"]


def generate(tmp_path: Path, text: str, *extra: str, out_name: str = "out") -> tuple[Path, dict]:
    out = tmp_path / out_name
    tender = tender_file(tmp_path, text, name=f"{out_name}.yaml")
    result = run_cli("generate", tender, "-o", out, *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def docx_text(path: Path) -> str:
    """The document's text with the no-break spaces (after €) as plain spaces, for comparing."""
    return raw_docx_text(path).replace("\xa0", " ")


def by_kind(manifest: dict) -> dict[str, dict]:
    return {d["kind"]: d for d in manifest["documents"]}


def tables(path: Path) -> list[list[list[str]]]:
    """Every table of a document as rows of cell texts (nested answer controls included)."""
    return [
        [[cell.text.replace("\xa0", " ").strip() for cell in row.cells] for row in table.rows]
        for table in body_tables(path)
    ]


def lot_table(path: Path) -> list[list[str]]:
    found = [t for t in tables(path) if t[0][:2] == ["Perceel", "Omschrijving"]]
    assert found, f"{path.name} has no lot table"
    return found[0]


@pytest.fixture(scope="module")
def hwi(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    return generate(tmp_path_factory.mktemp("hwi"), HOOGWAARDIGE_INHUUR)


@pytest.fixture(scope="module")
def lots(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    tmp_path = tmp_path_factory.mktemp("lots")
    host = host_document(tmp_path / "leidraad.docx")
    return generate(tmp_path, SCHOONMAAK_LOTS, "--into", str(host))


def test_hoogwaardige_inhuur_framework_gives_annex_framework_annex_and_form(hwi: tuple[Path, dict]) -> None:
    out, manifest = hwi
    documents = by_kind(manifest)
    assert list(documents) == ["bijlage", "raamovereenkomst", "plan-van-aanpak-formulier"]
    # review L9: a 2 % floor, not a hidden 5 % result obligation, and the plan is scored at award
    assert manifest["plan"]["total_obligation_eur"] == "240000.00"
    (lot,) = manifest["plan"]["lots"]
    assert lot["instruments"] == ["plan-van-aanpak", "bouwblokken", "buy-social"]
    assert lot["award_criterion"] is True
    framework = documents["raamovereenkomst"]
    ids = [c["id"] for c in framework["clauses"]]
    assert any(i.startswith("raamovereenkomst.") for i in ids), "the framework clauses are in the framework annex"
    assert not any(i.startswith("generieke-maatregel.") for i in ids)
    assert "plan-van-aanpak.inhoud" in ids
    text = docx_text(out / framework["path"])
    assert "Nadere overeenkomst" in text
    assert "€ 240.000,00" in text
    assert not re.search("percee?l", text, re.I), "no lots: no perceel"


def test_obligation_level_follows_the_profile(tmp_path: Path) -> None:
    library = real_library_copy(tmp_path)
    profile_path = library / "profiles" / "hoogwaardige-inhuur.yaml"
    profile = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
    profile["framework"] = {"obligation_level": "nadere-overeenkomst"}
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out, manifest = generate(tmp_path, HOOGWAARDIGE_INHUUR, "--library", str(library))
    assert manifest["plan"]["obligation_level"] == "nadere-overeenkomst"
    ids = {c["id"] for c in by_kind(manifest)["raamovereenkomst"]["clauses"]}
    default_ids = {c["id"] for c in by_kind(generate(tmp_path, HOOGWAARDIGE_INHUUR, out_name="default")[1])[
        "raamovereenkomst"]["clauses"]}  # fmt: skip
    assert ids != default_ids, "another obligation level chooses other framework clauses"


def test_plan_of_approach_form_for_a_framework_without_award_criterion(tmp_path: Path) -> None:
    library = real_library_copy(tmp_path)
    profile_path = library / "profiles" / "hoogwaardige-inhuur.yaml"
    profile = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
    profile["bands"][1]["award_criterion"] = False
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out, manifest = generate(tmp_path, HOOGWAARDIGE_INHUUR, "--library", str(library))
    form = by_kind(manifest)["plan-van-aanpak-formulier"]
    ids = [c["id"] for c in form["clauses"]]
    assert all(i.startswith("plan-van-aanpak.formulier-") for i in ids)
    assert "plan-van-aanpak.formulier-begroting" in ids, "building blocks apply: the budget table is in"
    assert "plan-van-aanpak.formulier-beoordeling" not in ids, "the plan is no award criterion here"
    path = out / form["path"]
    text = docx_text(path)
    assert "binnen 8 weken na de ingangsdatum van de Raamovereenkomst" in text
    assert "over de geraamde Opdrachtwaarde is dat ten minste € 240.000,00" in text
    assert "Raamovereenkomst" in text
    # review §5.14: a form filled in after award speaks of the Opdrachtnemer throughout
    assert "Inschrijver" not in text
    # the budget: every block of the value table with its value and two empty cells to fill in
    table = load_library(ROOT).value_table("standaard")
    budget = next(t for t in tables(path) if t[0][0] == "Bouwblok" and len(t[0]) == 4)
    assert [row[0] for row in budget[1:-1]] == [block.label for block in table.blocks]
    assert all(row[2:] == ["", ""] for row in budget[1:])
    assert budget[-1][0] == "Totaal"
    assert budget[1][1] == "€ 40.000,00"


def test_form_answer_fields_are_content_controls(hwi: tuple[Path, dict]) -> None:
    out, manifest = hwi
    body = part(out / by_kind(manifest)["plan-van-aanpak-formulier"]["path"], "word/document.xml")
    controls = [  # the answer fields; the articles' own controls (tag cg:...) are for `verify`
        s
        for s in body.iter(qn("w:sdt"))
        if s.find(f"{qn('w:sdtPr')}/{qn('w:tag')}") is not None
        and not s.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")).startswith("cg:")
    ]
    assert controls
    aliases = {}
    for control in controls:
        pr = control.find(qn("w:sdtPr"))
        assert pr.find(qn("w:tag")).get(qn("w:val")) == "clausegen-veld"
        assert pr.find(qn("w:showingPlcHdr")) is not None
        alias = pr.find(qn("w:alias")).get(qn("w:val"))
        aliases[alias] = pr.find(qn("w:text")) is not None
        assert "".join(control.itertext()) == "Vul hier in."
        assert control.getparent().tag == qn("w:tc"), "each answer sits in its own table cell"
    for one_line in (
        "Naam Inschrijver",
        "KvK-nummer",
        "E-mailadres",
        "Percentage en bedrag aan Inspanningswaarde, exclusief btw",
    ):
        assert aliases[one_line] is True, one_line
    for long in ("Bijdragen", "Doelgroep", "Werving, partners en begeleiding", "Planning en resultaten"):
        assert aliases[long] is False, f"{long} takes paragraphs (rich text)"
    heights = {int(h.get(qn("w:val"))) for h in body.iter(qn("w:trHeight"))}
    assert max(heights) >= 10 * 276, "a long answer leaves room to write"


def test_lot_figures_in_every_document(lots: tuple[Path, dict]) -> None:
    out, manifest = lots
    plan_lots = manifest["plan"]["lots"]
    assert [(lot["band"], lot["obligation_eur"]) for lot in plan_lots] == [
        (3, "300000.00"),
        (2, "100000.00"),
        (1, "0.00"),
    ]
    documents = by_kind(manifest)
    assert list(documents) == ["bijlage", "raamovereenkomst", "plan-van-aanpak-formulier", "samengesteld"]
    for document in documents.values():
        table = lot_table(out / document["path"])
        # the model framework annex is for one holder: per lot, without the sum of all lots
        expected = [*LOT_ROWS] if document["kind"] == "raamovereenkomst" else [*LOT_ROWS, LOT_TOTAL]
        if document["kind"] == "plan-van-aanpak-formulier":  # only the lot that asks for a plan (ninth reading)
            expected = [LOT_ROWS[0], ["", "Totaal", "€ 6.000.000,00", "", "€ 300.000,00", "7,5"]]
        assert table[1:] == expected, document["kind"]
    for kind in ("bijlage", "raamovereenkomst", "samengesteld"):
        # the articles themselves (not only the table) state each lot's own obligation
        paragraphs = [p.text.replace("\xa0", " ") for p in body_paragraphs(out / documents[kind]["path"])]
        for amount in ("€ 300.000,00", "€ 100.000,00"):
            assert any(amount in p for p in paragraphs), (kind, amount)


def test_form_with_lots_names_the_lots_and_weights(lots: tuple[Path, dict]) -> None:
    out, manifest = lots
    path = out / by_kind(manifest)["plan-van-aanpak-formulier"]["path"]
    asked = next(t for t in tables(path) if t[0] == ["Perceel", "Plan van aanpak", "Indienen"])
    assert asked[1:] == [["1: Regio West", "gunningscriterium", "bij de inschrijving"]], "only lot 1 has a plan"
    text = docx_text(path)
    assert "Het weegt voor 10% mee" in text
    labels = {
        s.find(f"{qn('w:sdtPr')}/{qn('w:alias')}").get(qn("w:val"))
        for s in part(path, "word/document.xml").iter(qn("w:sdt"))
    }
    assert "Perceel waarvoor dit Plan van aanpak geldt" in labels
    aspects = next(t for t in tables(path) if t[0] == ["Aspect", "Waar de Beoordelaar op let"])
    assert [row[0] for row in aspects[1:]] == [
        "Omvang en bijdragen",
        "Doelgroep",
        "Werving en begeleiding",
        "Duurzaamheid",
        "Planning",
    ]


def test_per_perceel_only_with_lots(tmp_path: Path, lots: tuple[Path, dict]) -> None:
    out, manifest = generate(tmp_path, SCHOONMAAK_ONE)
    assert [d["kind"] for d in manifest["documents"]] == ["bijlage", "raamovereenkomst", "plan-van-aanpak-formulier"]
    for document in manifest["documents"]:
        text = docx_text(out / document["path"])
        found = re.findall(r".{0,40}percee?l.{0,40}", text, re.I)
        assert not found, f"{document['kind']} speaks of lots without lots: {found[:3]}"
        assert lot_table_or_none(out / document["path"]) is None
    lot_out, lot_manifest = lots
    for document in lot_manifest["documents"]:
        assert "Perceel" in docx_text(lot_out / document["path"]), document["kind"]


def lot_table_or_none(path: Path) -> list | None:
    found = [t for t in tables(path) if t[0][:2] == ["Perceel", "Omschrijving"]]
    return found[0] if found else None


def test_award_weight_comes_from_the_profile_settings(tmp_path: Path) -> None:
    library = real_library_copy(tmp_path)
    profile_path = library / "profiles" / "schoonmaak.yaml"
    profile = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
    profile.setdefault("settings", {})["award_weight_percent"] = 15
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out, manifest = generate(tmp_path, SCHOONMAAK_ONE, "--library", str(library))
    text = docx_text(out / by_kind(manifest)["plan-van-aanpak-formulier"]["path"])
    assert "Het weegt voor 15% mee" in text
    assert "10%" not in text


def test_form_and_framework_annex_render_in_libreoffice(lots: tuple[Path, dict]) -> None:
    out, manifest = lots
    documents = by_kind(manifest)
    paths = [out / documents[k]["path"] for k in ("raamovereenkomst", "plan-van-aanpak-formulier")]
    texts = to_pdf_text(paths)
    framework, form = (texts[p].replace("\xa0", " ") for p in paths)
    library = load_library(ROOT)
    for clause in documents["raamovereenkomst"]["clauses"][:3]:
        title = library.clauses[clause["id"]].item.title
        assert re.search(rf"Artikel {clause['article']}\s+{re.escape(title)}", framework), title
    assert re.search(r"Artikel 1\s+Over dit formulier", form)
    assert re.search(r"Artikel 3\s+Het Plan van aanpak", form)
    assert re.search(r"3\.1\s+Omvang\.", form)
    assert form.count("Vul hier in.") >= 10
    for text in (framework, form):
        assert re.search(r"Regio West\s+€ 6\.000\.000,00\s+5%\s+€ 300\.000,00\s+7,5", text)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("antwoordveld('Bijdragen', regels=0)", "regels moet een heel getal van 1 tot en met 60 zijn"),
        ("invulvelden()", "nemen een of meer labels"),
        ("invulvelden('Naam', 3)", "nemen een of meer labels"),
    ],
)
def test_bad_field_calls_are_clause_errors(tmp_path: Path, call: str, message: str) -> None:
    library = real_library_copy(tmp_path)
    path = library / "clauses" / "plan-van-aanpak" / "formulier-ondertekening.yaml"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("invulvelden('Naam', 'Functie', 'Plaats', 'Datum')", call), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("generate", tender_file(tmp_path, SCHOONMAAK_ONE), "-o", out, "--library", library)
    assert result.exit_code == 2
    assert "formulier-ondertekening.yaml:" in result.stderr
    assert message in result.stderr
    assert not out.exists()


def test_form_follows_the_plan_lots_not_other_award_criteria(tmp_path: Path) -> None:
    """A profile where the generic-measure band is the award criterion and the plan of approach is
    only a condition: the form asks for the plan after award and has no assessment."""
    library = real_library_copy(tmp_path)
    profile_path = library / "profiles" / "schoonmaak.yaml"
    profile = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
    profile["bands"][1]["award_criterion"] = True
    profile["bands"][2]["award_criterion"] = False
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out, manifest = generate(tmp_path, SCHOONMAAK_LOTS, "--library", str(library))
    assert [lot["award_criterion"] for lot in manifest["plan"]["lots"]] == [False, True, False]
    form = by_kind(manifest)["plan-van-aanpak-formulier"]
    assert "plan-van-aanpak.formulier-beoordeling" not in [c["id"] for c in form["clauses"]]
    path = out / form["path"]
    asked = next(t for t in tables(path) if t[0] == ["Perceel", "Plan van aanpak", "Indienen"])
    assert asked[1:] == [["1: Regio West", "voorwaarde bij de uitvoering", "binnen 8 weken na de ingangsdatum"]]
    assert "gunningscriterium" not in docx_text(path)

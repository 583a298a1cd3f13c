"""Third legal reading (December 2026): the lawyer's minor findings m-1 to m-23 that still showed,
and the works calendar (M-3), n-4 to n-8, n-10, n-11 and n-15 of the third reading. Every test
generates the documents with the real CLI and reads them back (docs/juridische-toets-minors.md)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli

LEZING = FIXTURES / "tweede-lezing"


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\u00a0", " "))


def _generate(out: Path, stem: str) -> dict[str, str]:
    """The tender documents and the award contracts of a fixture, as plain text per file stem."""
    tender = LEZING / f"{stem}.yaml"
    result = run_cli("generate", str(tender), "-o", str(out / "tender"))
    assert result.exit_code == 0, result.output
    result = run_cli("contract", str(tender), str(LEZING / f"{stem}-gunning.yaml"), "-o", str(out / "gunning"))
    assert result.exit_code == 0, result.output
    return {p.stem: _plain(docx_text(p)) for p in sorted(out.rglob("*.docx"))}


def _articles(manifest: Path) -> dict[str, int]:
    """Clause id -> article number in the first document of a manifest."""
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return {c["id"]: c["article"] for c in data["documents"][0]["clauses"]}


@pytest.fixture(scope="module")
def bouw(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _generate(tmp_path_factory.mktemp("bouw"), "bouw")


@pytest.fixture(scope="module")
def raam(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    out = tmp_path_factory.mktemp("raam")
    return out, _generate(out, "schoonmaak-raam")


@pytest.fixture(scope="module")
def catering(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _generate(tmp_path_factory.mktemp("catering"), "catering")


def test_m1_the_contact_with_the_wsp_has_its_own_deadline(bouw: dict[str, str], catering: dict[str, str]) -> None:
    for name, text in (("bouw", bouw["2027-0801-bijlage-social-return"]),
                       ("catering", catering["2027-0222-bijlage-social-return"])):  # fmt: skip
        assert "diezelfde termijn" not in text, name
        assert (
            "neemt binnen 4 weken na de ingangsdatum van de Overeenkomst contact op met het Werkgeversservicepunt"
            in text
        )


def test_m3_a_framework_is_settled_in_one_article_and_every_reference_points_to_it(
    raam: tuple[Path, dict[str, str]],
) -> None:
    out, docs = raam
    for number in ("2027-0350-H1", "2027-0350-H2"):
        articles = _articles(out / "gunning" / number / "manifest.json")
        text = docs[f"{number}-raamovereenkomst-social-return"]
        settle, sanctions = articles["raamovereenkomst.afrekening"], articles["monitoring.sancties"]
        assert "Vaststelling op de werkelijke waarde\nNa de eindrapportage stelt de Opdrachtgever" in text
        cited = {
            int(n)
            for n in re.findall(r"(?<!goedgekeurd of )(?:vastgesteld|vaststelling)[^.]*?volgens Artikel (\d+)", text)
        }
        cited |= {int(n) for n in re.findall(r"vaststelling op de werkelijke waarde van Artikel (\d+)", text)}
        assert settle in cited, number
        assert cited <= {settle, sanctions}, (number, cited, settle)
        assert "De Opdrachtgever stelt het bedrag aan het einde van de looptijd vast" not in text
        assert f"stelt het bedrag na de eindrapportage vast volgens Artikel {settle}" in text


def test_m6_the_contractor_does_not_pass_the_ground_on(catering: dict[str, str]) -> None:
    text = catering["2027-0222-bijlage-social-return"]
    assert "verstrekt die grond niet aan de Opdrachtgever, en de Opdrachtgever vraagt er niet naar" in text
    assert "vraagt de Opdrachtgever niet om die grond" not in text


def test_m8_a_ministry_is_printed_as_the_state_and_explain_asks_for_the_legal_entity(
    catering: dict[str, str],
) -> None:
    contract = catering["2027-0222-01-overeenkomst-social-return"]
    assert "Opdrachtgever: De Staat der Nederlanden (Ministerie van Voorbeeldzaken)" in contract
    assert "Voor de Opdrachtgever, De Staat der Nederlanden (Ministerie van Voorbeeldzaken)" in contract
    result = run_cli("explain", str(LEZING / "catering.yaml"))
    assert result.exit_code == 0
    assert "Waarschuwing partij: legal_entity ontbreekt" in result.output
    assert "'De Staat der Nederlanden (Ministerie van Voorbeeldzaken)'" in result.output
    data = json.loads(run_cli("explain", str(LEZING / "catering.yaml"), "--json").stdout)
    assert any(w.startswith("Waarschuwing partij") for w in data["warnings"])
    given = run_cli("explain", str(LEZING / "bouw.yaml"))
    assert "Waarschuwing partij" not in given.output


def test_m8_a_municipality_needs_no_legal_entity_but_a_service_does(tmp_path: Path) -> None:
    source = (LEZING / "catering.yaml").read_text(encoding="utf-8")
    # a municipality is a legal person, but a plain name gives no representative: explain asks for
    # represented_by only (lawyer4 MINOR-7); a service is no legal person at all
    for name, warns in (("Gemeente Zuidwaarde", False), ("Dienst ICT Uitvoering", True)):
        tender = tmp_path / "t.yaml"
        tender.write_text(re.sub(r"(?m)^contracting_authority: .*$", f"contracting_authority: {name}", source))
        result = run_cli("explain", str(tender))
        assert result.exit_code == 0, result.output
        assert ("Waarschuwing partij: legal_entity ontbreekt" in result.output) is warns, name
        assert ("Waarschuwing partij: represented_by ontbreekt" in result.output) is not warns, name


def test_n11_explain_warns_when_the_public_task_basis_is_missing(tmp_path: Path) -> None:
    # ministries contract as the State, whose statute the documents name (lawyer6 MINOR-8): no warning
    assert "grondslag publieke taak ontbreekt" not in run_cli("explain", str(LEZING / "catering.yaml")).output
    source = (LEZING / "catering.yaml").read_text(encoding="utf-8")
    agency = re.sub(r"(?m)^contracting_authority: .*$", "contracting_authority: Dienst ICT Uitvoering", source)
    tender = tmp_path / "t.yaml"
    tender.write_text(agency, encoding="utf-8")
    result = run_cli("explain", str(tender))
    assert "grondslag publieke taak ontbreekt (artikel 6 lid 3 AVG); vul public_task_basis" in result.output
    tender.write_text(agency + "public_task_basis: artikel 3.1 van de Comptabiliteitswet 2016\n", encoding="utf-8")
    result = run_cli("explain", str(tender))
    assert result.exit_code == 0, result.output
    assert "grondslag publieke taak ontbreekt" not in result.output


def test_m13_a_no_obligation_contract_has_no_date_table(bouw: dict[str, str]) -> None:
    p2 = bouw["2027-0801-P2-overeenkomst-social-return"]
    assert "Social return\ninspanningsbepaling (geen verplichting)" in p2
    assert "Voor Perceel 2 geldt geen verplichting" in p2
    assert "Ingangsdatum en termijnen" not in p2 and "behalve bij het eerste evaluatiegesprek" not in p2
    assert "de data staan in Artikel" not in p2
    # m-11: a one-lot contract names its lot, not "de Percelen die ... aan hem zijn gegund"
    assert "genoemd in Artikel 1, voor Perceel 2; hij is de aannemer in de zin van de UAV 2012." in p2
    p1 = bouw["2027-0801-P1-overeenkomst-social-return"]
    assert "Ingangsdatum en termijnen" in p1 and "de data staan in Artikel 2" in p1


def test_m14_a_post_award_form_speaks_of_the_awarded_lot_and_the_approval(bouw: dict[str, str]) -> None:
    form = bouw["2027-0801-plan-van-aanpak-formulier"]
    assert (
        "voor elk Perceel uit die tabel" in form or "voor elk Perceel dat aan hem is gegund een eigen formulier" in form
    )
    assert "waarvoor hij inschrijft" not in form
    assert (
        "uitvoert als onderdeel van de Overeenkomst zodra de Opdrachtgever het heeft goedgekeurd of vastgesteld, "
        "zoals de Bijlage Social Return bepaalt."
    ) in form


def test_m15_a_plan_of_approach_form_asks_nothing_about_pso(
    raam: tuple[Path, dict[str, str]], catering: dict[str, str]
) -> None:
    for text in (raam[1]["2027-0350-plan-van-aanpak-formulier"], catering["2027-0222-plan-van-aanpak-formulier"]):
        assert "PSO" not in text and "Prestatieladder" not in text


def test_m22_a_signature_is_a_dotted_line_not_a_fill_in_field(bouw: dict[str, str], tmp_path: Path) -> None:
    p1 = bouw["2027-0801-P1-overeenkomst-social-return"]
    assert "Handtekening\n" + "\u2026" * 30 in p1
    assert "Handtekening\nVul hier in." not in p1
    assert "Plaats\nVul hier in." in p1, "the other fields stay fill-in fields"
    for text in bouw.values():
        assert "ten minste een " not in text
        assert not [line for line in text.splitlines() if "  " in line.strip()]
    assert "Indicatief aantal arbeidsjaren" in p1


def test_m22_the_signature_cell_holds_no_content_control(tmp_path: Path) -> None:
    out = tmp_path / "c"
    result = run_cli("contract", str(LEZING / "bouw.yaml"), str(LEZING / "bouw-gunning.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(next(out.rglob("2027-0801-P1-*.docx"))) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert 'w:alias w:val="Handtekening"' not in xml
    assert 'w:alias w:val="Plaats"' in xml


def test_m3_works_enforcement_starts_at_the_final_report_after_oplevering(bouw: dict[str, str]) -> None:
    for name in ("2027-0801-P1-overeenkomst-social-return", "2027-0801-bijlage-social-return"):
        text = bouw[name]
        assert "Na de eindrapportage na de oplevering stelt de Opdrachtgever schriftelijk vast" in text, name
        assert "Blijkt bij de vaststelling na de oplevering dat de erkende gerealiseerde Inspanningswaarde" in text
        assert "Hersteltermijn van 3 maanden, die loopt vanaf de dag na de melding," in text
        assert "Inzet bij onderhoud en herstel in de onderhoudstermijn vermindert het tekort" in text
        assert "bij de eindafrekening van het werk een bedrag ter hoogte van het gemelde tekort inhouden" in text
        assert "zekerheid verlangen in de vorm van een bankgarantie" in text
        assert "Na de aanvullende rapportage na afloop van de onderhoudstermijn" not in text
        assert "van de laatste termijn een bedrag" not in text
    p1 = bouw["2027-0801-P1-overeenkomst-social-return"]
    assert "gaat in op 1 september 2027; de oplevering is volgens de planning voorzien op" in p1
    assert "gaat in op 1 september 2027 en eindigt op" not in p1


def test_n4_n5_works_change_and_interim_test_are_unambiguous(bouw: dict[str, str]) -> None:
    p1 = bouw["2027-0801-P1-overeenkomst-social-return"]
    assert "als het saldo daarvan meer dan 10% van de aanneemsom bedraagt; de nieuwe waarde is dan de" in p1
    assert "vermeerderd of verminderd met het hele saldo" in p1
    assert "voor zover het saldo" not in p1
    assert re.search(
        r"maal het verstreken deel van de periode van de ingangsdatum tot de geplande opleverdatum "
        r"\(\d+ \w+ \d{4}\), of tot de datum na een verlenging van de bouwtijd",
        p1,
    )
    annex = bouw["2027-0801-bijlage-social-return"]
    assert "tot de geplande opleverdatum, of tot de datum na een verlenging van de bouwtijd" in annex


def test_n6_after_award_the_assessor_is_independent_of_the_contractor(bouw: dict[str, str]) -> None:
    p1 = bouw["2027-0801-P1-overeenkomst-social-return"]
    assert "De Beoordelaar is niet betrokken bij de Aannemer" in p1
    assert "Inschrijvers" not in p1


def test_n7_joint_signatories_get_a_block_each_and_partners_are_jointly_liable(tmp_path: Path) -> None:
    award = tmp_path / "gunning.yaml"
    award.write_text(
        """\
tender: 2027-0801
award_date: 2027-07-01
contracts:
  - number: 2027-0801-C1
    contractor:
      name: Combinatie Zuidkanaal V.O.F.
      kvk: "11223344"
      address: Havenweg 3, 4611 AA Bergen op Zoom
      signatory: ir. T. Jansen en M. de Wit, gezamenlijk bevoegd
      signatories: [ir. T. Jansen, M. de Wit]
      partners:
        - {name: Jansen Wegenbouw B.V., kvk: "61234561"}
        - {name: De Wit Infra B.V., kvk: "61234562"}
    lots: [1]
    start_date: 2027-09-01
""",
        encoding="utf-8",
    )
    out = tmp_path / "c"
    result = run_cli("contract", str(LEZING / "bouw.yaml"), str(award), "-o", str(out))
    assert result.exit_code == 0, result.output
    text = _plain(docx_text(next(out.rglob("*.docx"))))
    assert (
        "De Aannemer is een combinatie van Jansen Wegenbouw B.V. (KvK 61234561) en De Wit Infra B.V. "
        "(KvK 61234562); zij zijn ieder hoofdelijk aansprakelijk voor de nakoming van de Overeenkomst en van "
        "deze bijlage."
    ) in text
    signing = text[text.index("Voor de Aannemer") :]
    assert "ir. T. Jansen:\nPlaats" in signing and "M. de Wit:\nPlaats" in signing
    assert signing.count("Handtekening\n") == 2


def test_n7_a_single_signatory_keeps_one_block(bouw: dict[str, str]) -> None:
    p1 = bouw["2027-0801-P1-overeenkomst-social-return"]
    signing = p1[p1.index("Voor de Aannemer") :]
    assert signing.count("Handtekening\n") == 1
    assert "De Aannemer is een combinatie van" not in p1


def test_n8_other_proof_of_pso_must_show_the_requirements_are_met(tmp_path: Path) -> None:
    out = tmp_path / "ict"
    assert run_cli("generate", str(LEZING / "ict.yaml"), "-o", str(out)).exit_code == 0
    annex = _plain(docx_text(next(out.glob("*-bijlage-social-return.docx"))))
    assert "zoals een rapport van een certificerende instelling waaruit dat blijkt" in annex
    assert "lopende aanvraag" not in annex


def test_n10_a_fixed_contract_form_says_when_the_amount_changes(bouw: dict[str, str]) -> None:
    form = bouw["2027-0801-plan-van-aanpak-formulier"]
    assert (
        "Het bedrag verandert alleen in de gevallen die de Bijlage Social Return noemt (wijziging, niet gebruikte "
        "optie, eerdere beëindiging, meer- en minderwerk boven de grens van die bijlage)."
    ) in form  # a works form names no extension: it does not change the amount (fourteenth reading G MINOR-5)
    assert "verandert mee met de waarde van de Overeenkomst" not in form


@pytest.mark.parametrize(
    ("groups", "named", "consequence"),
    [
        ("[leerlingen, jongeren, participatiewet, wsw]", "‘Jongeren zonder startkwalificatie’", None),
        ("[leerlingen, ex-gedetineerden, ww-langdurig, jongeren]", "‘Ex-gedetineerden’",
         ", en zo een strafrechtelijk verleden"),
        ("[leerlingen, jongeren, ww-langdurig, participatiewet]", "‘Participatiewet’", ", en zo een uitkering"),
    ],
)  # fmt: skip
def test_n15_the_refusal_names_the_real_consequence(
    tmp_path: Path, groups: str, named: str, consequence: str | None
) -> None:
    tender = tmp_path / "t.yaml"
    tender.write_text((LEZING / "bouw.yaml").read_text(encoding="utf-8") + f"target_groups: {groups}\n")
    result = run_cli("generate", str(tender), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    message = result.output + (result.stderr or "")
    assert f"verraadt dan tot welke groep hij behoort (hier: {named})" in message
    if consequence is None:
        assert "uitkering" not in message.split("(hier:")[1].split("(art.")[0]
        assert "strafrechtelijk" not in message
    else:
        assert consequence in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

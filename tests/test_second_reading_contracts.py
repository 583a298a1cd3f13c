"""Second legal reading (December 2026), contracts: a fixed contract's percentage commitment does not
float (M-3), and a works contract follows the UAV 2012 timing and meer- en minderwerk (M-4)."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, copy_library, docx_text, run_cli
from openpyxl import load_workbook

LEZING = FIXTURES / "tweede-lezing"


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\u00a0", " "))


def _documents(tmp_path_factory: pytest.TempPathFactory, stem: str) -> dict[str, str]:
    out = tmp_path_factory.mktemp(stem)
    tender = LEZING / f"{stem}.yaml"
    assert run_cli("generate", str(tender), "-o", str(out / "tender")).exit_code == 0
    result = run_cli("contract", str(tender), str(LEZING / f"{stem}-gunning.yaml"), "-o", str(out / "gunning"))
    assert result.exit_code == 0, result.output
    return {p.stem: _plain(docx_text(p)) for p in sorted(out.rglob("*.docx"))}


@pytest.fixture(scope="module")
def bouw(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _documents(tmp_path_factory, "bouw")


def test_fixed_contract_commitment_is_a_fixed_amount(tmp_path_factory: pytest.TempPathFactory) -> None:
    docs = _documents(tmp_path_factory, "catering")
    contract = docs["2027-0222-01-overeenkomst-social-return"]
    assert "Het bedrag van Artikel" in contract
    assert " staat vast; het verandert alleen in de gevallen van Artikel" in contract
    assert "maal de werkelijke waarde, volgens" not in contract


def test_works_term_runs_to_oplevering_and_the_maintenance_period(bouw: dict[str, str]) -> None:
    p1 = bouw["2027-0801-P1-overeenkomst-social-return"]
    assert "tot en met de dag waarop het werk is opgeleverd (§ 9 en § 10 van de UAV 2012)" in p1
    assert "tot het einde van de onderhoudstermijn (§ 11 van de UAV 2012)" in p1
    table = p1[p1.index("behalve bij het eerste evaluatiegesprek") :]
    assert "Eindrapportage\n6 weken na de oplevering van het werk" in table
    assert "Aanvullende rapportage over de onderhoudstermijn\n6 weken na het einde van de onderhoudstermijn" in table
    assert "Einde van de looptijd" not in table.split("Valt een datum")[0]
    # third reading M-3: the shortfall is established after the final report that follows oplevering
    assert "Na de eindrapportage na de oplevering stelt de Opdrachtgever schriftelijk vast" in p1
    annex = bouw["2027-0801-bijlage-social-return"]
    assert "tot en met de dag waarop het werk is opgeleverd" in annex


def test_works_change_clause_names_meer_en_minderwerk_and_the_basis(bouw: dict[str, str]) -> None:
    for name in ("2027-0801-bijlage-social-return", "2027-0801-P1-overeenkomst-social-return"):
        text = bouw[name]
        assert "de verrekening van meer- en minderwerk (§ 35 tot en met § 37 van de UAV 2012)" in text, name
        assert "meer dan 10% van de aanneemsom bedraagt" in text, name
        assert "Zij is de grondslag van de Social-returnverplichting, ook als de aanneemsom daarvan afwijkt" in text
        assert "wat tot de einddatum is geleverd en nog geleverd moet worden" not in text  # m-5
        assert "door ontbinding wegens een tekortkoming van de Aannemer" in text  # m-5
    p1 = bouw["2027-0801-P1-overeenkomst-social-return"]
    assert "Aannemer: de partij met wie de Opdrachtgever de Overeenkomst heeft gesloten, genoemd in Artikel" in p1
    assert "voor elk Perceel de partij aan wie dat Perceel is gegund" not in p1  # m-11


def test_works_change_threshold_is_a_profile_setting(tmp_path_factory: pytest.TempPathFactory) -> None:
    library = tmp_path_factory.mktemp("lib")
    copy_library(library)
    profile = library / "profiles" / "bouw.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("settings:\n", "settings:\n  works_change_percent: 15\n", 1),
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("bouw15")
    result = run_cli("generate", str(LEZING / "bouw.yaml"), "-o", str(out), "--library", str(library))
    assert result.exit_code == 0, result.output
    assert "meer dan 15% van de aanneemsom" in _plain(docx_text(out / "2027-0801-bijlage-social-return.docx"))


def test_works_cover_and_drafting_points(bouw: dict[str, str]) -> None:
    p1 = bouw["2027-0801-P1-overeenkomst-social-return"]
    assert "Aannemer\nBouwcombinatie Zuidkanaal V.O.F. (KvK 11223344)" in p1  # m-10
    assert "\nOpdrachtnemer\n" not in p1
    assert "wijkt uitdrukkelijk af van de UAV 2012 voor zover zij regels geeft over de inhouding" in p1  # m-12
    assert "§ 2 lid 1 UAV 2012" not in p1
    assert "Indicatief aantal arbeidsjaren" in p1 and "Indicatief arbeidsjaren" not in p1  # m-22
    assert "rapportageperiode, aan de Directie," in p1 and ",  aan" not in p1
    assert "via een Sociale onderneming of een uitzendonderneming inleent" in p1  # m-7
    assert "bij inlening van een uitzendonderneming als plaatsing" in p1
    p2 = bouw["2027-0801-P2-overeenkomst-social-return"]
    assert "Deze bijlage wijkt niet af van de UAV 2012." in p2


def test_workbook_prints_a_name_ending_in_a_full_stop_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("werkmap")
    tender, award = LEZING / "bouw.yaml", LEZING / "bouw-gunning.yaml"
    assert run_cli("contract", str(tender), str(award), "-o", str(out)).exit_code == 0
    book = load_workbook(out / "2027-0801-P1" / "2027-0801-P1-verantwoording.xlsx", read_only=True)
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any("Bouwcombinatie Zuidkanaal V.O.F. Looptijd" in c for c in cells)  # m-20
    assert not any("V.O.F.." in c for c in cells)


def test_pso_pro_rata_follows_the_call_off_and_cites_art_2_78_ff(tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("ict")
    assert run_cli("generate", str(LEZING / "ict.yaml"), "-o", str(out)).exit_code == 0
    annex = _plain(docx_text(out / "2027-0512-bijlage-social-return.docx"))
    assert "naar rato van het deel van de looptijd van de Nadere overeenkomst waarin het certificaat geldig is" in annex
    assert (
        "geen geldig certificaat heeft, geldt niets als ingevuld: het deel van de Social-returnverplichting" in annex
    )  # m-17
    assert "artikel 2.78 en volgende van de Aanbestedingswet 2012" in annex  # m-24, fourth reading MINOR-8
    assert "2.78a" not in annex
    assert "2.78 tot en met 2.81" not in annex


def test_a_contract_without_obligation_says_so_on_its_cover(tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("p2")
    tender, award = LEZING / "bouw.yaml", LEZING / "bouw-gunning.yaml"
    assert run_cli("contract", str(tender), str(award), "-o", str(out)).exit_code == 0
    p2 = _plain(docx_text(out / "2027-0801-P2" / "2027-0801-P2-overeenkomst-social-return.docx"))
    assert "Social return\ninspanningsbepaling (geen verplichting)" in p2  # m-13
    assert "€ 0,00" not in p2
    assert "Voor Perceel 2 geldt geen verplichting tot social return" in p2
    assert "geen van de Percelen" not in p2

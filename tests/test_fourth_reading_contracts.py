"""Fourth legal reading (December 2026), contract and framework annexes: the findings MINOR-2 (one
article numbering for every holder of a framework), MINOR-5 (a voluntary lot says that it offsets a
shortfall elsewhere), MINOR-6 (one deadline for a renewed PSO certificate) and MINOR-8 (the PSO
equivalence citation), generated through the CLI from the third reading's tenders and read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, article_paragraphs, docx_text, run_cli

LEZING = FIXTURES / "derde-lezing"
HOLDERS = ("RVB-2027-FM3-H1", "RVB-2027-FM3-H2", "RVB-2027-FM3-H3")
"""T-RAAM: H1 commits 6,5 %, H2 commits nothing (it holds a PSO certificate), H3 commits 5,5 %."""


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.replace("\u00a0", " "))


@pytest.fixture(scope="module")
def raam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("raam")
    result = run_cli("contract", str(LEZING / "raam.yaml"), str(LEZING / "raam-gunning.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def groen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("groen")
    tender = LEZING / "groen.yaml"
    assert run_cli("generate", str(tender), "-o", str(out / "tender")).exit_code == 0
    result = run_cli("contract", str(tender), str(LEZING / "groen-gunning.yaml"), "-o", str(out / "gunning"))
    assert result.exit_code == 0, result.output
    return {"_out": str(out)} | {p.stem: _plain(docx_text(p)) for p in sorted(out.rglob("*.docx"))}


def _annex(folder: Path, number: str) -> Path:
    return folder / number / f"{number}-raamovereenkomst-social-return.docx"


def test_every_holder_of_one_framework_has_the_same_article_numbers(raam: Path) -> None:
    headings = {n: [p.text for p in article_paragraphs(_annex(raam, n))] for n in HOLDERS}
    assert headings["RVB-2027-FM3-H1"] == headings["RVB-2027-FM3-H2"] == headings["RVB-2027-FM3-H3"]
    assert "Toezegging bij de inschrijving" in headings["RVB-2027-FM3-H2"]
    articles = {}
    for number in HOLDERS:
        manifest = json.loads((raam / number / "manifest.json").read_text(encoding="utf-8"))
        articles[number] = [(c["id"], c["article"]) for d in manifest["documents"] for c in d.get("clauses", [])]
    assert articles["RVB-2027-FM3-H1"] == articles["RVB-2027-FM3-H2"] == articles["RVB-2027-FM3-H3"]
    # a letter that quotes "artikel N" means the same article for every holder
    refs = {n: re.findall(r"Artikel \d+", docx_text(_annex(raam, n))) for n in HOLDERS}
    assert refs["RVB-2027-FM3-H1"] == refs["RVB-2027-FM3-H2"] == refs["RVB-2027-FM3-H3"]


def test_a_holder_without_commitment_says_so_in_the_commitment_article(raam: Path) -> None:
    overview = 1 + [p.text for p in article_paragraphs(_annex(raam, HOLDERS[1]))].index(
        "Omvang van de Social-returnverplichting"
    )
    holders = 1 + [p.text for p in article_paragraphs(_annex(raam, HOLDERS[1]))].index(
        "Raamovereenkomst met meer Opdrachtnemers"
    )
    without = _plain(docx_text(_annex(raam, HOLDERS[1])))
    assert (
        "De Opdrachtnemer heeft in het Plan van aanpak dat hij bij zijn inschrijving heeft ingediend, geen hoger "
        f"percentage toegezegd dan het percentage uit Artikel {overview}. Voor hem geldt dat percentage." in without
    )
    assert f"ook als de Afroepwaarde afwijkt van het Indicatief aandeel, volgens Artikel {holders}." in without
    assert "toegezegd ten minste" not in without
    committed = _plain(docx_text(_annex(raam, HOLDERS[0])))
    assert "toegezegd ten minste 6,5% van de waarde van zijn eigen Nadere overeenkomsten" in committed
    assert "geen hoger percentage toegezegd" not in committed


def test_the_voluntary_lot_says_that_it_offsets_a_shortfall_on_the_obligated_lot(groen: dict[str, str]) -> None:
    contract = groen["GZW-2027-014-01-overeenkomst-social-return"]
    sancties = re.search(r"Heeft de Opdrachtnemer onder deze Overeenkomst meer Percelen, dan vermindert", contract)
    assert sancties is not None
    offsetting = (
        "De Inspanningswaarde die de Opdrachtnemer bij de uitvoering van Perceel 2 realiseert, telt volgens "
        "Artikel {} mee voor een tekort op Perceel 1, dat hij onder deze Overeenkomst ook uitvoert."
    )
    found = re.search(re.escape(offsetting).replace(r"\{\}", r"(\d+)"), contract)
    assert found is not None
    # the cited article is the one with the offsetting rule (monitoring.sancties)
    assert int(found.group(1)) == _article(groen["_out"], "GZW-2027-014-01", "monitoring.sancties")
    assert contract.index("Vrijwillige inzet voor social return") < found.start()
    assert "een bijdrage telt daarbij één keer" in contract
    annex = groen["GZW-2027-014-bijlage-social-return"]
    assert (
        "Voert de Opdrachtnemer onder dezelfde Overeenkomst ook Perceel 1 uit, dan telt de Inspanningswaarde" in annex
    )


def _article(out: str, number: str, clause_id: str) -> int:
    manifest = json.loads((Path(out) / "gunning" / number / "manifest.json").read_text(encoding="utf-8"))
    return next(c["article"] for d in manifest["documents"] for c in d.get("clauses", []) if c["id"] == clause_id)


def test_a_renewed_pso_certificate_has_one_deadline(groen: dict[str, str]) -> None:
    contract = groen["GZW-2027-014-01-overeenkomst-social-return"]
    assert "uiterlijk 4 weken na de ingangsdatum daarvan aan de Opdrachtgever; dan telt het mee vanaf die" in contract
    assert "Ontvangt de Opdrachtgever het later, dan telt het pas mee vanaf de dag van ontvangst." in contract
    assert "Elk vernieuwd certificaat stuurt hij volgens het eerste lid" in contract
    # the date table gives that deadline for a renewal that connects: 30-9-2028 + 1 day + 4 weeks
    assert "aansluit op het huidige (4 weken na die ingangsdatum, Artikel" in contract
    assert "\n29 oktober 2028" in contract
    for old in (
        "het certificaat dat aansluit op het huidige stuurt hij uiterlijk op",
        "zodra hij het heeft ontvangen",
        "vanaf de dag waarop de Opdrachtnemer het aan de Opdrachtgever stuurt",
        "Stuurt hij het uiterlijk op 30 september 2028",
        "Toezenden van een vernieuwd PSO-certificaat\n30 september 2028",
    ):
        assert old not in contract, old


def test_the_pso_equivalence_cites_art_2_78_ff(groen: dict[str, str]) -> None:
    for name, text in groen.items():
        assert name == "_out" or "2.78a" not in text
    contract = groen["GZW-2027-014-01-overeenkomst-social-return"]
    assert "(artikel 2.78 en volgende van de Aanbestedingswet 2012)" in contract

"""Fourth legal reading (December 2026), contract and framework annexes: the findings MINOR-2 (one
article numbering for every holder of a framework), MINOR-5 (a voluntary lot says that it offsets a
shortfall elsewhere), MINOR-6 (one deadline for a renewed PSO certificate) and MINOR-8 (the PSO
equivalence citation), generated through the CLI from the third reading's tenders and read back."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, article_paragraphs, docx_text, run_cli
from contract_builder import write_csv

D = datetime.date
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
    assert "Elk vernieuwd certificaat stuurt de Opdrachtnemer volgens het eerste lid" in contract
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


def _realisation(groen: dict[str, str], tmp_path: Path, renewal: str, letter: str) -> tuple[dict, str]:
    """The groen contract's valuation and letter with one renewed PSO certificate (the 15-month
    certificate of the award ends 30 September 2028; the Looptijd is 48 months)."""
    folder = Path(groen["_out"]) / "gunning" / "GZW-2027-014-01"
    report = write_csv(
        tmp_path / "groen.csv", [("1", "K-001", "plaatsing-a", 18, D(2027, 9, 1), D(2029, 8, 31), "", "", "")]
    )
    options = ("--peildatum", "2031-12-01", "--pso-vernieuwd", renewal)
    result = run_cli("realisatie", folder, report, "--json", *options)
    assert result.exit_code == 0, result.output + result.stderr
    written = run_cli("realisatie", folder, report, "-o", tmp_path / letter, *options)
    assert written.exit_code == 0, written.output + written.stderr
    return json.loads(result.stdout), docx_text(tmp_path / letter).replace("\u00a0", " ")


def test_a_renewal_received_in_time_counts_from_its_start_date(groen: dict[str, str], tmp_path: Path) -> None:
    # starts 1 October 2028, received 20 October 2028: within 4 weeks, so no month is lost:
    # 50 % x 60.000 x 48/48 = 30.000,00
    data, letter = _realisation(groen, tmp_path, "2028-10-20:2031-06-30:2028-10-01", "op-tijd.docx")
    assert data["pso_eur"] == "30000.00"
    article = _article(groen["_out"], "GZW-2027-014-01", "buy-social.pso")
    assert (
        "Een vernieuwd PSO-certificaat, ingegaan op 1 oktober 2028, door de Opdrachtgever ontvangen op 20 oktober "
        f"2028 en geldig tot en met 30 juni 2031, telt volgens artikel {article} mee vanaf zijn ingangsdatum, omdat "
        "de Opdrachtgever het uiterlijk 4 weken daarna heeft ontvangen" in letter
    )


def test_a_late_renewal_counts_only_from_the_day_of_receipt(groen: dict[str, str], tmp_path: Path) -> None:
    # received 15 November 2028, more than 4 weeks after 1 October: October and 14 days of November
    # fill nothing: 30.000 x (48 - 1 - 14/30) / 48 = 29.083,33
    data, letter = _realisation(groen, tmp_path, "2028-11-15:2031-06-30:2028-10-01", "te-laat.docx")
    assert data["pso_eur"] == "29083.33"
    assert "telt volgens artikel" in letter and "pas mee vanaf de dag van ontvangst, omdat de Opdrachtgever" in letter
    # without the start date the renewal counts from receipt, as before
    plain, _ = _realisation(groen, tmp_path, "2028-10-20:2031-06-30", "zonder-ingang.docx")
    assert plain["pso_eur"] == "29616.94"  # 19 days of October lost: 30.000 x (48 - 19/31) / 48


def test_a_renewal_that_ends_before_it_starts_is_refused(groen: dict[str, str], tmp_path: Path) -> None:
    folder = Path(groen["_out"]) / "gunning" / "GZW-2027-014-01"
    report = write_csv(
        tmp_path / "r.csv", [("1", "K-001", "plaatsing-a", 18, D(2027, 9, 1), D(2028, 8, 31), "", "", "")]
    )
    result = run_cli("realisatie", folder, report, "--pso-vernieuwd", "2028-09-25:2028-09-28:2028-10-01")
    assert result.exit_code == 2
    assert "de einddatum ligt voor de ingangsdatum" in result.stderr
    bad = run_cli("realisatie", folder, report, "--pso-vernieuwd", "2028-10-20:2031-06-30:2028-10-01:x")
    assert bad.exit_code == 2 and "ONTVANGEN:GELDIG_TOT:INGANG" in bad.stderr

"""The award stage: per-contract annexes that state only the contractor's own lots and obligation,
read back from the .docx and from LibreOffice's PDF, and the contract manifest."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES, docx_text, run_cli, to_pdf_text

import clausegen

TENDER = FIXTURES / "contract" / "drie-percelen.yaml"
AWARD = FIXTURES / "contract" / "drie-percelen-gunning.yaml"
OWN = {"T-3P-01": ("Alfa Schoonmaak B.V.", "€ 120.000,00"), "T-3P-02": ("Beta Facilitair B.V.", "€ 38.000,00")}
FIGURES = {"T-3P-01": ("€ 65.000,00", "€ 55.000,00"), "T-3P-02": ("€ 38.000,00",)}
OTHER = {"T-3P-01": "T-3P-02", "T-3P-02": "T-3P-01"}


def _annex(outdir: Path, number: str) -> Path:
    return outdir / number / f"{number}-overeenkomst-social-return.docx"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    outdir = tmp_path_factory.mktemp("contracten")
    return outdir, clausegen.contract(TENDER, AWARD, outdir)


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_each_annex_names_its_own_contractor_lots_and_obligation_only(written: tuple[Path, list[dict]]) -> None:
    outdir, _ = written
    for number, (name, obligation) in OWN.items():
        text = _plain(docx_text(_annex(outdir, number)))
        other = OTHER[number]
        assert name in text and number in text
        assert obligation in text
        for figure in FIGURES[number]:
            assert figure in text
        for figure in FIGURES[other]:
            assert figure not in text, f"{number} shows {figure} of {other}"
        assert OWN[other][0] not in text
        assert "€ 158.000,00" not in text  # the sum of all three lots
        assert "na gunning" not in text
        assert "[...]" not in text


def test_lots_of_other_contractors_are_absent(written: tuple[Path, list[dict]]) -> None:
    outdir, _ = written
    first = _plain(docx_text(_annex(outdir, "T-3P-01")))
    second = _plain(docx_text(_annex(outdir, "T-3P-02")))
    assert "Stadhuis" in first and "Sportcentra" in first and "Wijkkantoren" not in first
    assert "Wijkkantoren" in second and "Stadhuis" not in second and "Sportcentra" not in second
    assert "€ 760.000,00" not in first and "€ 1.300.000,00" not in second


def test_parties_deadlines_and_signature(written: tuple[Path, list[dict]]) -> None:
    outdir, _ = written
    text = _plain(docx_text(_annex(outdir, "T-3P-02")))
    assert "Gemeente Voorbeeldstad, vertegenwoordigd door de wethouder Financiën, drs. K. de Boer" in text
    assert "onder nummer 22222222, gevestigd aan Marktweg 2, 1234 CD Voorbeeldstad" in text
    assert "vertegenwoordigd door Q. Beta, directeur" in text
    # start 1 juni 2027 + 36 months - 1 day; werkgeversservicepunt 4 weeks after the start
    assert "gaat in op 1 juni 2027 en eindigt op 31 mei 2030" in text
    assert "uiterlijk op 29 juni 2027 contact op met het Werkgeversservicepunt" in text
    assert "Ondertekening" in text and "Voor de Opdrachtnemer" in text
    with zipfile.ZipFile(_annex(outdir, "T-3P-02")) as z:
        xml = z.read("word/document.xml").decode()
    assert xml.count("<w:sdt>") >= 8  # place, date and signature fields of both parties


def test_manifest_follows_the_interface(written: tuple[Path, list[dict]]) -> None:
    outdir, manifests = written
    on_disk = json.loads((outdir / "T-3P-01" / "manifest.json").read_text())
    assert on_disk == manifests[0]
    contract = on_disk["contract"]
    assert contract["number"] == "T-3P-01"
    assert contract["contractor"] == {"name": "Alfa Schoonmaak B.V.", "kvk": "11111111"}
    assert contract["lots"] == ["1", "3"]
    assert contract["obligation_eur"] == "120000.00"
    assert (contract["start_date"], contract["end_date"]) == ("2027-05-01", "2030-04-30")
    assert contract["contract_type"] == "overeenkomst"
    assert on_disk["award"]["award_date"] == "2027-04-01" and len(on_disk["award"]["sha256"]) == 64
    assert [lot["id"] for lot in on_disk["plan"]["lots"]] == ["1", "3"]
    assert on_disk["plan"]["total_obligation_eur"] == "120000.00"
    valuation = on_disk["valuation"]
    assert [lot["obligation_eur"] for lot in valuation["lots"]] == ["65000.00", "55000.00"]
    assert valuation["settings"]["max_months_per_candidate"] == 24
    assert valuation["settings"]["hourly_value_eur"] == "100.00"
    assert "plaatsing-a" in valuation["allowed_blocks"]  # the reference block of the standard table
    assert {b["id"] for b in valuation["value_table"]["blocks"]} >= set(valuation["allowed_blocks"])
    document = on_disk["documents"][0]
    assert document["kind"] == "overeenkomst" and document["path"] == "T-3P-01-overeenkomst-social-return.docx"
    assert any(c["id"] == "algemeen.partijen" for c in document["clauses"])


def test_libreoffice_pdf_shows_only_own_figures(written: tuple[Path, list[dict]]) -> None:
    outdir, _ = written
    paths = [_annex(outdir, number) for number in OWN]
    texts = to_pdf_text(paths)
    for path, number in zip(paths, OWN, strict=True):
        text = " ".join(_plain(texts[path]).split())
        assert OWN[number][0] in text and OWN[number][1] in text
        for figure in FIGURES[OTHER[number]]:
            assert figure not in text
        assert "€ 158.000,00" not in text


def test_cli_contract_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    result = run_cli("contract", TENDER, AWARD, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert "T-3P-02-overeenkomst-social-return.docx" in result.output
    assert "verplichting € 38.000,00" in result.output
    again = run_cli("contract", TENDER, AWARD, "-o", tmp_path)
    assert again.exit_code == 2 and "bestaat al" in again.stderr
    forced = run_cli("contract", TENDER, AWARD, "-o", tmp_path, "--force", "--json")
    assert forced.exit_code == 0
    assert [m["contract"]["number"] for m in json.loads(forced.stdout)] == ["T-3P-01", "T-3P-02"]


def test_pso_and_no_commitment_in_the_example(tmp_path: Path) -> None:
    """Neither lot of the example asks for a Plan van aanpak at tender stage, so the award records
    no commitment and each contract keeps the tender's 5 % (lawyer M-11)."""
    manifests = clausegen.contract(
        EXAMPLES / "schoonmaak-den-haag.yaml", EXAMPLES / "schoonmaak-den-haag-gunning.yaml", tmp_path
    )
    by_number = {m["contract"]["number"]: m for m in manifests}
    assert by_number["2026-0142-P2"]["contract"]["obligation_eur"] == "45000.00"  # 5 % of 900.000
    assert by_number["2026-0142-P1"]["contract"]["obligation_eur"] == "75000.00"
    assert "PSO-certificaat is geldig tot 30 juni 2028" in by_number["2026-0142-P2"]["warnings"][0]
    # the example names the ministry as a plain string: no representative, so a warning before
    # signature on each contract (lawyer4 MINOR-7), and nothing else on P1
    assert [w.split(": ")[1] for w in by_number["2026-0142-P1"]["warnings"]] == ["legal_entity ontbreekt"]
    text = _plain(docx_text(tmp_path / "2026-0142-P2" / "2026-0142-P2-overeenkomst-social-return.docx"))
    assert "toegezegd" not in text and "Toezegging bij de inschrijving" not in text
    assert "€ 45.000,00" in text
    assert "PSO-certificaat op het niveau trede 2 overgelegd, geldig tot en met 30 juni 2028" in text
    assert "€ 75.000,00" not in text and "€ 120.000,00" not in text


def test_calc_and_explain_warn_about_the_pso_certificate() -> None:
    args = (EXAMPLES / "schoonmaak-den-haag.yaml", "--award", EXAMPLES / "schoonmaak-den-haag-gunning.yaml")
    calc = run_cli("calc", *args)
    assert calc.exit_code == 0 and "geldig tot 30 juni 2028" in calc.stderr
    explain = run_cli("explain", *args)
    assert explain.exit_code == 0 and "Waarschuwing: contract 2026-0142-P2" in explain.stdout


AMOUNT_AWARD = """\
tender: 2026-0620
award_date: 2027-06-01
contracts:
  - number: 2026-0620-A
    contractor:
      name: Waakzaam Beveiliging B.V.
      kvk: "23456789"
      address: Stationsplein 5, 3511 ED Utrecht
      signatory: M. El Amrani, directeur
    lots: [1, 2]
    start_date: 2027-07-01
    commitment: {amount_eur: 300000}
"""


def test_amount_commitment_scales_and_is_spread_over_the_lots(tmp_path: Path) -> None:
    award = tmp_path / "gunning.yaml"
    award.write_text(AMOUNT_AWARD, encoding="utf-8")
    manifests = clausegen.contract(EXAMPLES / "beveiliging-percelen-raamovereenkomst.yaml", award, tmp_path / "out")
    first = manifests[0]
    # only lot 1 asked for a Plan van aanpak as award criterion: the amount replaces its
    # € 210.000,00; lot 2 keeps 5 % of € 1.400.000,00 (lawyer M-11)
    assert first["contract"]["obligation_eur"] == "370000.00"
    lots = [lot["obligation_eur"] for lot in first["plan"]["lots"]]
    assert lots == ["300000.00", "70000.00"]
    assert first["warnings"][0] == (
        "contract 2026-0620-A: de toezegging geldt alleen voor perceel 1 (Plan van aanpak bij de inschrijving); "
        "perceel 2 houdt de verplichting uit de aanbestedingsstukken"
    )
    assert first["warnings"][1].startswith("contract 2026-0620-A: legal_entity ontbreekt: ")
    text = _plain(docx_text(tmp_path / "out" / "2026-0620-A" / "2026-0620-A-raamovereenkomst-social-return.docx"))
    assert "bij zijn inschrijving voor Perceel 1 heeft ingediend, toegezegd ten minste € 300.000,00" in text
    assert "maal de werkelijke waarde, gedeeld door € 4.200.000,00" in text
    assert "voor die Percelen geldt het percentage uit de aanbestedingsstukken" in text


def test_an_amount_commitment_is_refused_when_the_framework_has_several_holders(tmp_path: Path) -> None:
    award = tmp_path / "gunning.yaml"
    source = (EXAMPLES / "beveiliging-raamovereenkomst-houders-gunning.yaml").read_text(encoding="utf-8")
    award.write_text(
        source.replace("commitment: {percentage: 6}", "commitment: {amount_eur: 150000}"), encoding="utf-8"
    )
    result = run_cli(
        "contract", str(EXAMPLES / "beveiliging-raamovereenkomst-houders.yaml"), str(award), "-o", str(tmp_path / "out")
    )
    assert result.exit_code == 2
    assert "gunning.yaml:15" in result.output
    assert "toezegging in euro's past niet" in result.output
    assert not (tmp_path / "out").exists()


def test_framework_with_several_holders(tmp_path: Path) -> None:
    tender = EXAMPLES / "beveiliging-raamovereenkomst-houders.yaml"
    manifests = clausegen.contract(tender, EXAMPLES / "beveiliging-raamovereenkomst-houders-gunning.yaml", tmp_path)
    second = next(m for m in manifests if m["contract"]["number"] == "2026-0621-B")
    assert second["contract"]["obligation_eur"] == "105000.00"  # lot 1: 210.000 shared by 2 holders
    assert second["contract"]["contract_type"] == "raamovereenkomst"
    path = tmp_path / "2026-0621-B" / "2026-0621-B-raamovereenkomst-social-return.docx"
    text = _plain(docx_text(path))
    assert "Raming social return over het Indicatief aandeel" in text  # the cover: an estimate (lawyer10 MINOR-1)
    assert "met ten hoogste 2 Opdrachtnemers" in text
    assert "Een Opdrachtnemer is nooit de Social-returnverplichting van de hele Raamovereenkomst verschuldigd" in text
    assert "€ 105.000,00" in text
    for whole in ("€ 210.000,00", "€ 280.000,00", "€ 70.000,00"):  # (35.000 is also a block value)
        assert whole not in text, whole
    # the contracting authority as a legal entity, apart from the call-off customers
    assert "De Staat der Nederlanden (Ministerie van Voorbeeldzaken), vertegenwoordigd door de directeur" in text
    assert "Opdrachtgever en Afnemers" in text and "Een Afnemer beoordeelt de rapportage niet zelf" in text
    assert "blijft de Social-returnverplichting bestaan, berekend op die werkelijke waarde" in text
    # the model annex in the tender documents: per holder, never the whole framework for one holder
    out = tmp_path / "model"
    clausegen.generate(tender, out)
    model = _plain(docx_text(out / "2026-0621-raamovereenkomst-social-return.docx"))
    assert "gelden voor alle Opdrachtnemers samen" in model
    assert "Totale social-returnverplichting" not in model


def test_model_contract_has_fill_in_fields_for_the_parties(tmp_path: Path) -> None:
    clausegen.generate(TENDER, tmp_path)
    path = tmp_path / "T-3P-overeenkomst-social-return.docx"
    text = _plain(docx_text(path))
    assert "de som van de bedragen van de Percelen die in de Overeenkomst aan hem zijn gegund" in text
    assert "€ 158.000,00" not in text and "[...]" not in text and "___" not in text
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
    for label in ("Naam Opdrachtnemer", "KvK-nummer", "Gegunde Percelen", "Ingangsdatum"):
        assert f'<w:alias w:val="{label}"/>' in xml
    assert "<w:showingPlcHdr/>" in xml
    pdf = " ".join(_plain(to_pdf_text([path])[path]).split())
    assert "Naam Opdrachtnemer Vul hier in." in pdf and "€ 158.000,00" not in pdf

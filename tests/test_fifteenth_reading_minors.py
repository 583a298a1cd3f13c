"""The fifteenth reading's minors fixed in code: a purchase counts by its invoice and payment
dates, as the contract says (I MINOR-4). Reader I's own facility contract (tests/fixtures/vijftiende-lezing)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES, run_cli, written_contract

V = FIXTURES / "vijftiende-lezing"
HEAD = "perceel;kandidaat;bouwblok;uren_per_week;van;tot;toeslagen;bedrag_eur;toelichting\n"
END = ("--peildatum", "2030-12-15", "--melding", "2030-09-01")
"""After the Hersteltermijn (2 September to 1 December 2030) of a contract that ran to 30 June 2030."""


@pytest.fixture(scope="module")
def facility(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, V / "i2.yaml", V / "i2-gunning.yaml", "GVS-2027-031-1")


def rows(facility: Path, tmp_path: Path, lines: str, *extra: str) -> dict:
    report = tmp_path / "rapport.csv"
    report.write_text(HEAD + lines, encoding="utf-8")
    result = run_cli("realisatie", facility, report, *END, "--json", *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return {r["row"]: r for r in json.loads(result.stdout)["rows"]}


def test_a_purchase_counts_by_its_invoice_and_payment_dates(facility: Path, tmp_path: Path) -> None:
    valued = rows(facility, tmp_path,
                  ";;inkoop-sociaal;;1-6-2030;30-6-2030;;9000;factuur in juni, betaald in juni\n"
                  ";;inkoop-sociaal;;1-6-2030;31-7-2030;;9000;betaald na de looptijd, voor de melding\n"
                  ";;inkoop-sociaal;;15-6-2030;15-9-2030;;9000;betaald in de Hersteltermijn\n"
                  ";;inkoop-sociaal;;15-10-2030;20-12-2030;;9000;betaald na de peildatum\n")  # fmt: skip
    assert valued[2]["counted"]
    assert valued[3]["counted"] is False
    assert valued[3]["reason"] == (
        "de betaaldatum (tot) valt buiten de looptijd of de Hersteltermijn; inkoop telt alleen als zij in de "
        "looptijd of de Hersteltermijn is gefactureerd en betaald"
    )
    assert "splits de regel" not in valued[3]["reason"]
    # invoiced in the Looptijd and paid in the Hersteltermijn: both dates lie in a period in which it counts
    assert valued[4]["counted"] and valued[4]["value_eur"] == valued[2]["value_eur"]
    assert valued[5]["counted"] is False  # paid after the Hersteltermijn
    assert valued[5]["reason"].startswith("de betaaldatum (tot) valt buiten de looptijd of de Hersteltermijn")
    report = tmp_path / "voor-betaling.csv"
    report.write_text(HEAD + ";;inkoop-sociaal;;15-10-2030;20-11-2030;;9000;nog niet betaald\n", encoding="utf-8")
    result = run_cli("realisatie", facility, report, "--peildatum", "2030-11-01", "--melding", "2030-09-01", "--json")
    early = json.loads(result.stdout)["rows"][0]
    assert early["counted"] is False
    assert early["reason"] == (
        "de betaaldatum (tot) ligt na de peildatum; de inkoop telt mee in een verantwoording met een peildatum op of "
        "na de betaling"
    )


def test_the_workbook_says_van_and_tot_of_a_purchase_are_its_invoice_and_payment(facility: Path) -> None:
    book = openpyxl.load_workbook(next(facility.glob("*-verantwoording.xlsx")))
    lines = [str(c) for row in book["Toelichting"].iter_rows(values_only=True) for c in row if c]
    assert any(
        "Bij inkoop is van de factuurdatum en tot de dag waarop u de factuur betaalde." in line for line in lines
    )
    assert any("als de factuur in de looptijd is gedateerd en betaald (van en tot)" in line for line in lines)


def test_the_notice_gives_the_plan_of_approach_as_an_award_criterion(tmp_path: Path) -> None:
    """J MINOR-6: a weighted criterion belongs in the notice's award criteria, not only in BT-777."""
    tender = tmp_path / "hwi.yaml"
    tender.write_text((V / "j2.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("notice", tender, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    (lot,) = json.loads(result.stdout)["lots"]
    assert lot["award_criterion"] == {
        "BT-539": "quality",
        "BT-734": "Plan van aanpak social return",
        "BT-540": "De kwaliteit van het plan van aanpak social return, beoordeeld op de puntenschaal en de "
        "onderdelen van de bijlage Social Return.",
        "BT-541": "10",
        "BT-5421": "per-exa",
    }
    text = run_cli("notice", tender).stdout
    assert "    BT-541 Gewicht: 10\n" in text
    assert "Gunningscriterium (vul het in bij de gunningscriteria van de opdracht, naast de andere criteria):" in text
    # a work whose plan of approach comes after award has no award criterion for it
    other = run_cli("notice", V / "i1.yaml", "--json")
    assert [lot["award_criterion"] for lot in json.loads(other.stdout)["lots"]] == [None, None]
    assert "BT-539" not in run_cli("notice", V / "i1.yaml").stdout


def test_the_opdrachtgever_warrants_the_afnemers_mandate_and_generate_says_so(tmp_path: Path) -> None:
    """J MINOR-4: the annex cannot create the Afnemers' last and volmacht; the Opdrachtgever warrants
    it, and the buyer is told to arrange it before publication."""
    result = run_cli("generate", V / "j1.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output + result.stderr
    assert "de bijlage gaat ervan uit dat elke Afnemer de Opdrachtgever last en volmacht geeft" in result.stderr
    from conftest import docx_text

    annex = docx_text(next((tmp_path / "out").glob("*-bijlage-social-return.docx")))
    assert (
        "De Opdrachtgever staat er tegenover de Opdrachtnemer voor in dat elke Afnemer hem die last en volmacht "
        "heeft verleend, door het orgaan dat de Afnemer daarin vertegenwoordigt, voordat die Afnemer een Nadere "
        "overeenkomst sluit" in annex.replace("\u00a0", " ")
    )

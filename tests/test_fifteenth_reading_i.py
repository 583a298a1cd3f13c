"""The fifteenth reading's I MAJOR-1: support counted in full, beyond the contract's limit of
`outside_contract_max_percent` of each lot's obligation for support and work elsewhere in the
enterprise (algemeen.onderwerp), so a tekort of € 90.000,00 vanished. Support now takes the room up
to the limit per lot (per Nadere overeenkomst and bundle where the obligation lives there), and
support in the Hersteltermijn counts without it (monitoring.sancties). Reader I's own work, a
water board's dike in two lots (tests/fixtures/vijftiende-lezing)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli, written_contract

V = FIXTURES / "vijftiende-lezing"
END = ("--peildatum", "2030-10-01", "--oplevering", "2030-02-28", "--melding", "2030-05-15")
"""After the Hersteltermijn (16 May to 15 August 2030): the letter is the voornemen."""


@pytest.fixture(scope="module")
def dike(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return written_contract(tmp_path_factory, V / "i1.yaml", V / "i1-gunning.yaml", "WSV-2027-014-01")


def test_support_counts_up_to_half_of_the_lots_obligation(dike: Path, tmp_path: Path) -> None:
    letter = tmp_path / "voornemen.docx"
    result = run_cli("realisatie", dike, V / "i1-rapport-grens.csv", *END, "--instemming", "4", "-o", letter)
    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads(run_cli("realisatie", dike, V / "i1-rapport-grens.csv", *END, "--instemming", "4",
                              "--json").stdout)  # fmt: skip
    lots = {lot["id"]: lot for lot in data["lots"]}
    # lot 1 owes € 320.000,00: support € 250.000,00 counts for € 160.000,00; with the placement € 240.000,00
    assert lots["1"]["realised_eur"] == "240000.00"
    assert lots["1"]["shortfall_eur"] == "80000.00" and lots["2"]["shortfall_eur"] == "10000.00"
    assert data["shortfall_eur"] == "90000.00" and data["charge_eur"] == "90000.00"
    row = {r["row"]: r for r in data["rows"]}[4]
    assert row["value_eur"] == "160000.00"
    assert "telt tot de grens van 50% van de Social-returnverplichting van perceel 1 (€ 160.000,00) voor " \
        "ondersteuning en werk elders in de onderneming (artikel 19); het deel daarboven (€ 90.000,00) telt " \
        "niet" in row["reason"].replace("\u00a0", " ")  # fmt: skip
    body = docx_text(letter).replace("\u00a0", " ")
    assert "Daarom telt de ondersteuning in rij 4 niet boven die grens" in body
    assert "Werk elders in de onderneming staat niet apart in de rapportage" in body
    assert "er is geen tekort" not in body


def test_a_second_support_row_beyond_the_limit_does_not_count(dike: Path, tmp_path: Path) -> None:
    report = tmp_path / "twee.csv"
    head = (V / "i1-rapport-grens.csv").read_text(encoding="utf-8").splitlines()[0]
    report.write_text(f"{head}\n1;;ondersteuning;;1-5-2028;31-5-2028;;160.000,00;scholing;\n"
                      "1;;ondersteuning;;1-6-2028;30-6-2028;;5.000,00;jobcoaching;\n", encoding="utf-8")  # fmt: skip
    data = json.loads(run_cli("realisatie", dike, report, *END, "--instemming", "2,3", "--json").stdout)
    rows = {r["row"]: r for r in data["rows"]}
    assert rows[2]["value_eur"] == "160000.00" and rows[2]["counted"]
    assert rows[3]["counted"] is False
    assert "is met eerdere regels al bereikt" in rows[3]["reason"]


def test_support_in_the_hersteltermijn_counts_without_the_limit_or_consent(dike: Path, tmp_path: Path) -> None:
    report = tmp_path / "herstel.csv"
    head = (V / "i1-rapport-grens.csv").read_text(encoding="utf-8").splitlines()[0]
    report.write_text(f"{head}\n1;;ondersteuning;;1-5-2028;31-5-2028;;160.000,00;scholing;\n"
                      "1;;ondersteuning;;1-6-2030;30-6-2030;;50.000,00;scholing in de Hersteltermijn;\n",
                      encoding="utf-8")  # fmt: skip
    result = run_cli("realisatie", dike, report, *END, "--instemming", "2", "--json")
    assert result.exit_code == 0, result.output + result.stderr
    rows = {r["row"]: r for r in json.loads(result.stdout)["rows"]}
    assert rows[3]["counted"] and rows[3]["value_eur"] == "50000.00"
    assert Decimal(rows[2]["value_eur"]) + Decimal(rows[3]["value_eur"]) == Decimal("210000.00")


def test_per_nadere_overeenkomst_each_settlement_caps_its_own_support(tmp_path_factory: pytest.TempPathFactory,
                                                                      tmp_path: Path) -> None:  # fmt: skip
    holder = written_contract(tmp_path_factory, V / "j1.yaml", V / "j1-gunning.yaml", "GRS-2027-014-01")
    head = (V / "j1-rapport.csv").read_text(encoding="utf-8").splitlines()[0]
    report = tmp_path / "no05.csv"
    report.write_text(f"{head}\n2;;ondersteuning;;1-3-2029;31-3-2029;;10000,00;jobcoaching;NO-05\n"
                      "2;K-005;plaatsing-a;12;1-2-2029;31-7-2029;;;documentalist;NO-05\n", encoding="utf-8")  # fmt: skip
    result = run_cli("realisatie", holder, report, "--nadere-overeenkomsten", V / "j1-nadere-overeenkomsten.csv",
                     "--peildatum", "2030-06-01", "--instemming", "2", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads(result.stdout)
    no05 = next(c for c in data["call_offs"] if c["number"] == "NO-05")
    # NO-05 owes € 12.500,00: support counts for € 6.250,00, the placement for € 6.666,67
    assert no05["realised_eur"] == "12916.67"
    rows = {r["row"]: r for r in data["rows"]}
    assert rows[2]["value_eur"] == "6250.00"
    assert "van de Nadere overeenkomst of de bundel waarvoor de regel telt" in rows[2]["reason"]
    assert Decimal(data["realised_eur"]) == sum(Decimal(r["value_eur"]) for r in data["rows"] if r["counted"])

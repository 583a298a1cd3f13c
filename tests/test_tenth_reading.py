"""The tenth legal reading's findings, replayed on the reader's own tenders
(tests/fixtures/tiende-lezing; docs/juridische-toets-tiende-lezing.md):

- T1 2027-0088: a cleaning framework of Gemeente Hoorn for three afnemers, two lots, two holders
  per lot; holder -1 committed 7 % on lot 1 and reported r1.csv.
- T2 2027-0415: a framework for high-end hiring announced for three holders and awarded to two.
- T3 2027-0502: an ICT framework of Gemeente Zwolle with afnemer Kampen, the obligation per
  Nadere overeenkomst."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, docx_text, run_cli

TIENDE = FIXTURES / "tiende-lezing"
NBSP = "\u00a0"


def _contracts(out: Path, number: int) -> tuple[Path, str]:
    result = run_cli("contract", TIENDE / f"t{number}.yaml", TIENDE / f"g{number}.yaml", "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out, result.stderr


@pytest.fixture(scope="module")
def t1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _contracts(tmp_path_factory.mktemp("t1"), 1)[0]


@pytest.fixture(scope="module")
def t2(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return _contracts(tmp_path_factory.mktemp("t2"), 2)


def _text(path: Path) -> str:
    return docx_text(path).replace(NBSP, " ")


def _letter_json(t1: Path, day: str) -> dict:
    result = run_cli("realisatie", t1 / "2027-0088-1", TIENDE / "r1.csv", "--peildatum", day, "--afroepwaarde",
                     "1=2400000", "--afroepwaarde", "2=500000", "--melding", "2030-11-01", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def test_major_1_the_part_above_the_raming_keeps_its_longer_term(t1: Path) -> None:
    # lot 1: 7 % of € 2,4 mln = € 168.000 against a raming of € 105.000, so € 63.000 above it;
    # lot 2: 5 % of € 0,5 mln = € 25.000 against € 22.500. Realised € 80.000 and € 15.000.
    data = _letter_json(t1, "2031-03-01")
    lots = {lot["id"]: lot for lot in data["lots"]}
    assert (lots["1"]["excess_eur"], lots["1"]["shortfall_eur"], lots["1"]["charge_eur"]) == ("63000.00", "88000.00",
                                                                                            "25000.00")  # fmt: skip
    assert (lots["2"]["excess_eur"], lots["2"]["charge_eur"]) == ("2500.00", "7500.00")
    assert (data["recovery_end"], data["recovery_excess_end"]) == ("2031-02-01", "2031-05-01")
    assert (data["charge_eur"], data["charge_pending_eur"]) == ("32500.00", "65500.00")
    after = _letter_json(t1, "2031-06-01")
    assert (after["charge_eur"], after["charge_pending_eur"]) == ("98000.00", None)


def test_major_2_the_plan_keeps_the_measure_it_was_scored_on(t2: tuple[Path, str]) -> None:
    out, stderr = t2
    assert ("contract 2027-0415-A: de Raamovereenkomst is aan 2 Opdrachtnemers gegund, de aanbesteding noemde er 3; "
            "het Indicatief aandeel blijft € 2.000.000,00") in stderr.replace(NBSP, " ")  # fmt: skip
    text = _text(out / "2027-0415-A" / "2027-0415-A-raamovereenkomst-social-return.docx")
    assert (
        "gedeeld door het aantal Opdrachtnemers dat de aanbestedingsstukken noemden (3), dat is € 2.000.000,00" in text
    )
    assert "Het bedrag in het Plan van aanpak hoort bij € 2.000.000,00" in text
    assert (
        "Alleen als raming: bij 2 gegunde Opdrachtnemers is de raming van de waarde van de Nadere overeenkomsten"
        in text
    )
    assert "gedeeld door het Indicatief aandeel van € 2.000.000,00, de waarde waarbij het bedrag in het Plan" in text
    assert "gedeeld door de geraamde waarde waarbij het bedrag hoort" not in text


def test_major_3_a_bundle_of_small_call_offs_ends_with_its_last_call_off(tmp_path: Path) -> None:
    result = run_cli("generate", TIENDE / "t3.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output + result.stderr
    text = _text(tmp_path / "2027-0502-bijlage-social-return.docx")
    assert ("alsof zij één Nadere overeenkomst is die begint op de eerste begindatum en eindigt op de laatste "
            "einddatum van de kleine Nadere overeenkomsten in die bundel") in text  # fmt: skip
    assert (
        "Een bundel eindigt dus nooit voordat het werk van elke kleine Nadere overeenkomst erin is uitgevoerd." in text
    )
    assert "op de laatste dag van dat kalenderjaar eindigt" not in text


def test_minor_1_the_cover_calls_the_estimate_a_raming(t1: Path) -> None:
    text = _text(t1 / "2027-0088-1" / "2027-0088-1-raamovereenkomst-social-return.docx")
    head = text[: text.index("Artikel 1")] if "Artikel 1" in text else text[:3000]
    assert "Raming social return over het Indicatief aandeel" in head
    assert "Social-returnverplichting (indicatief aandeel)" not in text

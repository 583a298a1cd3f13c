"""The award file is checked against the tender before anything is written: every problem on its
own line with the file, the line and the fix; exit 2; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

import clausegen
from clausegen.contract.validate import AwardProblems

TENDER = FIXTURES / "contract" / "drie-percelen.yaml"
FRAMEWORK = FIXTURES / "contract" / "raam-zonder-percelen.yaml"

GOOD_CONTRACT = """  - number: {number}
    contractor:
      name: Alfa B.V.
      kvk: "{kvk}"
      address: Kerkstraat 1
      signatory: P. Alfa
    lots: {lots}
    start_date: {start}
"""


def award(tmp_path: Path, *contracts: str, tender: str = "T-3P", award_date: str = "2027-04-01") -> Path:
    path = tmp_path / "gunning.yaml"
    path.write_text(f"tender: {tender}\naward_date: {award_date}\ncontracts:\n" + "".join(contracts), encoding="utf-8")
    return path


def contract(number: str = "C-1", kvk: str = "12345678", lots: str = "[1]", start: str = "2027-05-01") -> str:
    return GOOD_CONTRACT.format(number=number, kvk=kvk, lots=lots, start=start)


def errors(tmp_path: Path, path: Path, tender: Path = TENDER) -> list[str]:
    out = tmp_path / "out"
    result = run_cli("contract", tender, path, "-o", out)
    assert result.exit_code == 2, result.output
    assert not out.exists(), "nothing is written when the award is wrong"
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith(f"Error: {path}:") for line in lines), lines
    return lines


CASES = {
    "reference": (
        dict(tender="T-9"),
        [contract()],
        ":1: tender: tender 'T-9' is niet de referentie van het aanbestedingsbestand ('T-3P')",
    ),
    "unknown lot": (
        {},
        [contract(lots="[1, 4]")],
        ":10: contracts.0.lots.1: perceel '4' bestaat niet in de aanbesteding",
    ),
    "lot twice": (
        {},
        [contract(), contract(number="C-2", lots="[2, 1]")],
        ":18: contracts.1.lots.1: perceel 1 is al aan een ander contract gegund",
    ),
    "lot twice in one contract": ({}, [contract(lots="[2, 2]")], ":10: contracts.0.lots.1: perceel 2 staat twee keer"),
    "kvk": ({}, [contract(kvk="1234567")], ":7: contracts.0.contractor.kvk: het KvK-nummer bestaat uit"),
    "kvk letters": ({}, [contract(kvk="1234567a")], ":7: contracts.0.contractor.kvk:"),
    "number unsafe": (
        {},
        [contract(number="'../C 1'")],
        ":4: contracts.0.number: het contractnummer wordt een mapnaam",
    ),
    "number twice": (
        {},
        [contract(), contract(lots="[2]")],
        ":12: contracts.1.number: contractnummer C-1 komt meer dan eens voor",
    ),
    "start before award": (
        {},
        [contract(start="2027-03-31")],
        ":11: contracts.0.start_date: start_date 2027-03-31 ligt vóór award_date 2027-04-01",
    ),
    "award before publication": (
        dict(award_date="2027-01-01"),
        [contract()],
        ":2: award_date: de datum van gunning 2027-01-01 ligt vóór de publicatiedatum 2027-01-15",
    ),
    "lots missing": (
        {},
        [contract(lots="null").replace("    lots: null\n", "")],
        ":4: contracts.0.lots: de aanbesteding kent percelen",
    ),
    "not a date": ({}, [contract(start="2027-02-30")], ":11: '2027-02-30' is geen bestaande datum"),
    "unknown field": (
        {},
        [contract() + "    kvk_nummer: 1\n"],
        ":12: contracts.0.kvk_nummer: onbekend veld 'kvk_nummer'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_names_the_file_the_line_and_the_fix(case: str, tmp_path: Path) -> None:
    head, contracts, expected = CASES[case]
    path = award(tmp_path, *contracts, **head)
    lines = errors(tmp_path, path)
    assert any(expected in line for line in lines), lines


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    path = award(
        tmp_path,
        contract(lots="[1, 9]", start="2027-03-01"),
        contract(number="C-2", lots="[1]"),
        tender="T-3P",
    )
    lines = errors(tmp_path, path)
    assert len(lines) == 3, lines
    assert ":10: " in lines[1] or any(":10: " in line for line in lines)


def test_model_problems_are_all_reported_too(tmp_path: Path) -> None:
    path = award(tmp_path, contract(kvk="12"), contract(number="a/b", lots="[2]"))
    lines = errors(tmp_path, path)
    assert len(lines) == 2 and "kvk" in lines[0] and "contractnummer" in lines[1]


def test_pso_expired_at_award_and_commitment_without_obligation(tmp_path: Path) -> None:
    small = tmp_path / "klein.yaml"
    small.write_text(TENDER.read_text().replace("value_eur: 760000", "value_eur: 200000"), encoding="utf-8")
    path = award(
        tmp_path,
        contract(lots="[2]") + "    commitment: {percentage: 6}\n    pso: {level: trede-2, valid_until: 2027-01-01}\n",
    )
    lines = errors(tmp_path, path, small)
    assert any("PSO-certificaat was op de datum van gunning al verlopen" in line for line in lines)
    assert any("geen social-returnverplichting, dus geen toezegging" in line for line in lines)


def test_framework_holders_may_share_up_to_n(tmp_path: Path) -> None:
    def holder(number: str) -> str:
        return contract(number=number).replace("    lots: [1]\n", "")

    ok = award(tmp_path, holder("A"), holder("B"), holder("C"), tender="R-1")
    manifests = clausegen.contract(FRAMEWORK, ok, tmp_path / "ok")
    assert [m["contract"]["lots"] for m in manifests] == [[], [], []]
    too_many = award(tmp_path, holder("A"), holder("B"), holder("C"), holder("D"), tender="R-1")
    lines = errors(tmp_path, too_many, FRAMEWORK)
    assert any("aan meer dan 3 houders gegund" in line for line in lines), lines
    with_lots = award(tmp_path, contract(number="A"), tender="R-1")
    assert any("de aanbesteding kent geen percelen" in line for line in errors(tmp_path, with_lots, FRAMEWORK))


def test_the_api_raises_one_error_with_every_problem(tmp_path: Path) -> None:
    path = award(tmp_path, contract(lots="[7]"), tender="X")
    with pytest.raises(AwardProblems) as caught:
        clausegen.contract(TENDER, path, tmp_path / "out")
    assert len(caught.value.problems) == 2
    assert str(caught.value).count("\n") == 1


def test_field_problems_and_tender_problems_show_together(tmp_path: Path) -> None:
    path = award(tmp_path, contract(kvk="12", lots="[1, 8]"), tender="T-X")
    lines = errors(tmp_path, path)
    assert len(lines) == 3, lines
    assert "kvk" in lines[0]
    assert any(":1: tender: tender 'T-X'" in line for line in lines)
    assert any(":10: contracts.0.lots.1: perceel '8' bestaat niet" in line for line in lines)

"""The rules of DOMAIN.md §8 as pure functions: Tender + Profile + value table -> Plan."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from conftest import FIXTURES

from clausegen.errors import ClausegenError
from clausegen.explanations import reason_text
from clausegen.library.load import load_library
from clausegen.model import Tender
from clausegen.rules import make_plan, select_band

LIB = FIXTURES / "library"


def tender(**fields) -> Tender:
    data = {
        "reference": "T-1",
        "title": "Proef",
        "contracting_authority": "Gemeente Proef",
        "category": "proef",
        "contract_type": "overeenkomst",
        "duration_months": 24,
        "publication_date": datetime.date(2026, 12, 1),
    }
    data.update(fields)
    if "lots" not in data and "value_eur" not in data:
        data["value_eur"] = Decimal("1000000")
    return Tender.model_validate(data)


def plan_for(profile_id: str = "proef", **fields):
    lib = load_library(LIB)
    profile = lib.profile(profile_id)
    return make_plan(tender(category=profile_id, **fields), profile, lib.value_table(profile.value_table))


@pytest.mark.parametrize(
    ("value", "band", "obligation"),
    [
        ("100000", 1, "0.00"),
        ("250000", 1, "0.00"),  # at most € 250.000: no obligation (inclusive bound)
        ("250000.01", 2, "12500.00"),  # 5 % of 250.000,01 = 12.500,0005 -> half up to cents
        ("1000000", 2, "50000.00"),
        ("1000000.01", 3, "45000.00"),  # 4,5 % of 1.000.000,01 = 45.000,00045
        ("7000000", 3, "300000.00"),  # 315.000 capped at the profile's 300.000
    ],
)
def test_band_is_chosen_by_inclusive_upper_bound(value: str, band: int, obligation: str) -> None:
    plan = plan_for(value_eur=Decimal(value))
    lot = plan.lots[0]
    assert lot.band == band
    assert lot.obligation == Decimal(obligation)
    assert plan.total_obligation == Decimal(obligation)


def test_rounding_is_half_up_to_cents() -> None:
    # 5 % of 250.000,10 = 12.500,005 -> 12.500,01 (half up, not banker's rounding)
    assert plan_for(value_eur=Decimal("250000.10")).lots[0].obligation == Decimal("12500.01")
    # 5 % of 250.000,30 = 12.500,015 -> 12.500,02
    assert plan_for(value_eur=Decimal("250000.30")).lots[0].obligation == Decimal("12500.02")


def test_short_term_has_no_obligation_but_the_effort_clause() -> None:
    plan = plan_for(value_eur=Decimal("900000"), duration_months=5)
    lot = plan.lots[0]
    assert lot.obligation == 0 and not lot.has_obligation
    assert lot.effort_clause
    assert lot.reasons[0].code == "korte-looptijd"
    assert any("korter dan de minimale 6 maanden" in reason_text(r) for r in lot.reasons)
    assert plan_for(value_eur=Decimal("900000"), duration_months=6).lots[0].has_obligation


def test_labour_extensive_rule_lowers_the_percentage() -> None:
    low = plan_for(value_eur=Decimal("800000"), labour_share=Decimal("0.29")).lots[0]
    assert (low.percentage, low.obligation, low.labour_extensive) == (Decimal(2), Decimal("16000.00"), True)
    at = plan_for(value_eur=Decimal("800000"), labour_share=Decimal("0.30")).lots[0]
    assert (at.percentage, at.obligation) == (Decimal(5), Decimal("40000.00"))
    unknown = plan_for(value_eur=Decimal("800000")).lots[0]
    assert unknown.percentage == Decimal(5)
    assert any("geen labour_share" in reason_text(r) for r in unknown.reasons)


def test_lots_each_get_their_own_band_and_the_total_is_their_sum() -> None:
    lots = [
        {"id": 1, "title": "Noord", "value_eur": Decimal("200000")},
        {"id": 2, "title": "Zuid", "value_eur": Decimal("333333.33")},
        {"id": "3a", "title": "Oost", "value_eur": Decimal("1500000")},
    ]
    plan = plan_for(lots=lots, value_eur=Decimal("2033333.33"))
    assert [lot.id for lot in plan.lots] == ["1", "2", "3a"]
    assert [lot.band for lot in plan.lots] == [1, 2, 3]
    # 5 % of 333.333,33 = 16.666,6665 -> 16.666,67; 4,5 % of 1.500.000 = 67.500
    assert [lot.obligation for lot in plan.lots] == [Decimal("0.00"), Decimal("16666.67"), Decimal("67500.00")]
    assert plan.total_obligation == Decimal("84166.67") == sum(lot.obligation for lot in plan.lots)
    assert plan.has_lots and plan.award_criterion and plan.instruments == ("generieke-maatregel", "bouwblokken")


def test_indicative_person_years_round_down_to_one_decimal() -> None:
    lot = plan_for(value_eur=Decimal("1000000")).lots[0]  # 50.000 / 40.000 = 1,25
    assert lot.person_years == Decimal("1.2")


def test_wage_bill_basis_needs_and_uses_labour_share() -> None:
    lot = plan_for("loon", value_eur=Decimal("2000000"), labour_share=Decimal("0.4")).lots[0]
    assert lot.basis_eur == Decimal("800000.00")
    assert lot.obligation == Decimal("40000.00")
    with pytest.raises(ClausegenError, match="vul het arbeidsaandeel in"):
        plan_for("loon", value_eur=Decimal("2000000"))


def test_supplies_have_no_obligation() -> None:
    plan = plan_for("levering", value_eur=Decimal("9000000"))
    assert not plan.has_obligation and plan.total_obligation == 0
    assert "leveringen" in reason_text(plan.lots[0].reasons[0])


def test_plan_json_uses_two_decimal_strings() -> None:
    data = plan_for(value_eur=Decimal("1000000")).to_json()
    assert data["total_obligation_eur"] == "50000.00"
    assert data["lots"][0] == data["lots"][0] | {
        "id": "1",
        "value_eur": "1000000.00",
        "band": 2,
        "percentage": "5",
        "obligation_eur": "50000.00",
        "instruments": ["generieke-maatregel"],
    }


def test_select_band_last_band_is_open_ended() -> None:
    bands = load_library(LIB).profile("proef").bands
    assert select_band(bands, Decimal("10") ** 12) == len(bands) - 1

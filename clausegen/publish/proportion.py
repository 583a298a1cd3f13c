"""The proportionality check of a lot's obligation against the labour the contract carries.

Formula (model.Settings.max_person_years_per_year_share, default 0.25):
    years              = duration_months / 12
    per_year           = indicative person-years / years
    labour_per_year    = value × labour_share / years / reference-block value per person-year
    warn when per_year > share × labour_per_year
The reference-block value is the one the plan divides the obligation by, so both sides use the
same euro per person-year and the check reduces to: obligation > share × value × labour_share."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from .. import fmt
from ..model import Tender
from ..rules import TENTH, LotPlan, Plan


@dataclass(frozen=True)
class Proportion:
    """One lot's check: the figures and, when it fails, the warning in Dutch."""

    lot_id: str
    per_year: Decimal | None
    capacity_per_year: Decimal | None
    share: Decimal
    warning: str | None
    note: str


def years(tender: Tender) -> Decimal:
    return Decimal(tender.duration_months) / Decimal(12)


def per_year(lot: LotPlan, tender: Tender) -> Decimal | None:
    """Indicative person-years per year of term, rounded down to one decimal."""
    if lot.person_years is None:
        return None
    return (lot.person_years / years(tender)).quantize(TENTH, rounding=ROUND_DOWN)


def check_lot(lot: LotPlan, plan: Plan, tender: Tender) -> Proportion:
    share = plan.settings.max_person_years_per_year_share
    label = f"perceel {lot.id}" if plan.has_lots else "de opdracht"
    yearly = per_year(lot, tender)
    if not lot.has_obligation or lot.person_years is None or lot.obligation == 0:
        return Proportion(lot.id, yearly, None, share, None, f"{label}: geen verplichting, niets te toetsen")
    if tender.labour_share is None:
        return Proportion(
            lot.id, yearly, None, share, None,
            f"{label}: geen labour_share in de aanbesteding, de evenredigheid is niet getoetst",
        )  # fmt: skip
    reference = lot.obligation / lot.person_years if lot.person_years else None
    if reference is None:
        return Proportion(lot.id, yearly, None, share, None, f"{label}: geen arbeidsjaren, niets te toetsen")
    capacity = (lot.value_eur * tender.labour_share / years(tender) / reference).quantize(TENTH, rounding=ROUND_DOWN)
    limit = (share * lot.value_eur * tender.labour_share).quantize(Decimal("0.01"))
    assert yearly is not None
    text = (
        f"{label}: {fmt.aantal(yearly, 1)} indicatieve arbeidsjaren per jaar tegenover "
        f"{fmt.aantal(capacity, 1)} arbeidsjaren per jaar die de opdracht zelf aan arbeid vraagt "
        f"(grens {fmt.percentage(share * 100)}; verplichting {fmt.euro(lot.obligation)}, grens {fmt.euro(limit)})"
    )
    if lot.obligation > limit:
        return Proportion(lot.id, yearly, capacity, share, f"Waarschuwing evenredigheid: {text}", text)
    return Proportion(lot.id, yearly, capacity, share, None, text)


def check(plan: Plan, tender: Tender) -> list[Proportion]:
    return [check_lot(lot, plan, tender) for lot in plan.lots]


def warnings(plan: Plan, tender: Tender) -> list[str]:
    """The warnings `calc`, `explain` and the memo print (the same text everywhere)."""
    return [p.warning for p in check(plan, tender) if p.warning]

"""The proportionality check of a lot's obligation against the labour the contract carries.

Formula (model.Settings.max_person_years_per_year_share, default 0.25):
    years              = duration_months / 12
    per_year           = obligation / reference-block value / years (rounded down once)
    labour_per_year    = value × labour_share / years / reference-block value per person-year
    warn when per_year > share × labour_per_year
The reference-block value is the value table's value of one person-year (`plan.reference_value_eur`,
e.g. € 40.000), the measure the plan divides the obligation by; never obligation ÷ the rounded
person-years, which would shift the measure with the rounding (lawyer M-9: 6.200.000 × 0,45 / 2,5 /
40.000 = 27,9, not 27,7). Both sides use the same euro per person-year, so the check reduces to:
obligation > share × value × labour_share."""

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


def per_year(lot: LotPlan, plan: Plan, tender: Tender) -> Decimal | None:
    """Indicative person-years per year of term, rounded down to one decimal once: from the
    obligation over the reference block, not from the person-years already rounded down (fifteenth
    reading I MINOR-7: € 90.000 / € 40.000 / 2,5 years = 0,9, not 2,2 / 2,5 = 0,88 -> 0,8)."""
    if lot.person_years is None or not plan.reference_value_eur:
        return None
    return (lot.obligation / plan.reference_value_eur / years(tender)).quantize(TENTH, rounding=ROUND_DOWN)


def check_lot(lot: LotPlan, plan: Plan, tender: Tender) -> Proportion:
    share = plan.settings.max_person_years_per_year_share
    label = f"perceel {lot.id}" if plan.has_lots else "de opdracht"
    yearly = per_year(lot, plan, tender)
    if not lot.has_obligation or lot.person_years is None or lot.obligation == 0:
        return Proportion(lot.id, yearly, None, share, None, f"{label}: geen verplichting, niets te toetsen")
    if tender.labour_share is None:
        return Proportion(
            lot.id, yearly, None, share, None,
            f"{label}: geen labour_share in de aanbesteding, de evenredigheid is niet getoetst",
        )  # fmt: skip
    reference = plan.reference_value_eur
    if not reference:
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


def supply_warning(kind: str, plan: Plan, tender: Tender) -> str | None:
    """A services profile applied to a contract that is mostly a supply (lawyer M-6): below the
    setting `low_labour_share` (default 0.30) the goods dominate, and the Rijk's policy sets no
    obligation on supplies (DOMAIN.md §1, §8); the buyer motivates the choice or changes profile.
    None when the profile is not of kind `diensten`, no labour share is given, or nothing is owed."""
    limit = plan.settings.low_labour_share
    if kind != "diensten" or tender.labour_share is None or tender.labour_share >= limit:
        return None
    if not plan.obligation_lots:
        return None
    return (
        f"Waarschuwing hoofdvoorwerp: het aandeel arbeid is {fmt.percentage(tender.labour_share * 100)}, "
        f"minder dan {fmt.percentage(limit * 100)} (instelling low_labour_share). Bestaat de opdracht "
        "overwegend uit leveringen, dan geldt volgens het beleid geen verplichting; motiveer de keuze "
        "voor dit dienstenprofiel in de motivering of gebruik het profiel leveringen."
    )


def warnings(plan: Plan, tender: Tender, kind: str | None = None) -> list[str]:
    """The warnings `calc`, `explain` and the memo print (the same text everywhere); with the
    profile's `kind`, also the warning of `supply_warning`."""
    found = [p.warning for p in check(plan, tender) if p.warning]
    supply = supply_warning(kind, plan, tender) if kind is not None else None
    return [supply, *found] if supply else found


def motivation_warning(plan: Plan, tender: Tender) -> str | None:
    """The warning `generate` and `explain` print on stderr when the file lacks a motivation of
    proportionality (art. 1.10 Aw 2012, lawyer4 MINOR-1): some lot carries an obligation, the
    tender gives no `labour_share` (so `check_lot` cannot test it) and no
    `proportionality_motivation`. The memo says the same under Evenredigheid. A tender without an
    obligation (no lot with instruments, or only an effort clause) imposes nothing to motivate and gets no warning; with a `labour_share` the
    arithmetic check is made and warns itself when it fails. Text from the catalog (current language)."""
    from ..catalog import message

    if tender.labour_share is not None or tender.proportionality_motivation:
        return None
    if not plan.has_obligation:
        return None
    return message("warning.proportion-unmotivated")

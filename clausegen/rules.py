"""The social-return rules (DOMAIN.md §8): Tender + Profile + value table -> Plan.

Pure functions over Decimal; every figure a document prints is computed here, once, and each
decision carries its reason as data (a `Reason`: a stable code and its figures), so `explain`
can show category managers why. The Dutch sentences are rendered where they are shown
(`explanations.reason_text`), not here: a plan that nobody explains costs no formatting."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from .errors import ClausegenError
from .model import Band, Profile, Settings, Tender, ValueTable

CENT = Decimal("0.01")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Reason:
    """One step of a decision, as data: a stable `code` and the figures it names (Decimals,
    ints, texts, tuples). `explanations.reason_text` turns it into the Dutch sentence `explain`
    prints; the codes and their parameters are listed there."""

    code: str
    values: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, **values: Any) -> Reason:
        return cls(code, tuple(values.items()))

    def __getitem__(self, name: str) -> Any:
        for key, value in self.values:
            if key == name:
                return value
        raise KeyError(name)


@dataclass(frozen=True)
class LotPlan:
    """One lot's outcome: band, instruments and obligation in euros."""

    id: str
    title: str
    value_eur: Decimal
    basis_eur: Decimal
    band: int  # 1-based index into the profile's bands; 0 when out of scope before banding
    percentage: Decimal | None
    obligation: Decimal
    instruments: tuple[str, ...]
    award_criterion: bool
    effort_clause: bool
    person_years: Decimal | None
    capped: bool
    labour_extensive: bool
    reasons: tuple[Reason, ...]
    committed_eur: Decimal | None = None
    """An amount the contractor committed to in its plan of approach, where it replaces the
    percentage's amount (contract stage only); the percentage then no longer gives the amount."""
    prescribed_percentage: Decimal | None = None
    """The tender's percentage where the contractor's committed higher percentage replaced it
    (contract stage only): the prescribed minimum the signed annex states beside the committed
    percentage, so its articles need not compare with the raised figure (fourteenth reading G
    MINOR-9, H MINOR-5)."""
    reason_code: str | None = None
    """Why there is no obligation, as a stable code for coverage reports: `leveringen` (supplies),
    `korte-looptijd` (term below the profile's minimum), `onder-drempel` (a band without
    instruments); None where the lot has an obligation."""

    @property
    def has_obligation(self) -> bool:
        return bool(self.instruments)


@dataclass(frozen=True)
class Plan:
    """The whole tender's outcome; documents only print what is here."""

    reference: str
    contract_type: str
    profile_id: str
    profile_version: int
    has_lots: bool
    lots: tuple[LotPlan, ...]
    obligation_level: str
    settings: Settings
    reasons: tuple[Reason, ...] = field(default=())
    reference_value_eur: Decimal | None = None
    """The reference block's value: the measure of the indicative person-years."""

    @property
    def obligation_lots(self) -> tuple[LotPlan, ...]:
        return tuple(lot for lot in self.lots if lot.has_obligation)

    def lots_with(self, instrument: str) -> tuple[LotPlan, ...]:
        """The lots whose band names `instrument`: `{% for lot in plan.lots_with('bouwblokken') %}`."""
        return tuple(lot for lot in self.lots if instrument in lot.instruments)

    @property
    def total_obligation(self) -> Decimal:
        return sum((lot.obligation for lot in self.lots), Decimal("0.00")).quantize(CENT)

    @property
    def total_value(self) -> Decimal:
        return sum((lot.value_eur for lot in self.lots), Decimal("0.00")).quantize(CENT)

    @property
    def total_person_years(self) -> Decimal | None:
        """The total obligation divided by the reference block, rounded down to a tenth; not the
        sum of the rounded lot figures (which would understate it: 2,9 instead of 3,0)."""
        if not any(lot.person_years is not None for lot in self.lots) or not self.reference_value_eur:
            return None
        return (self.total_obligation / self.reference_value_eur).quantize(TENTH, rounding=ROUND_DOWN)

    @property
    def instruments(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for lot in self.lots:
            seen.update(dict.fromkeys(lot.instruments))
        return tuple(seen)

    @property
    def has_obligation(self) -> bool:
        return any(lot.has_obligation for lot in self.lots)

    @property
    def effort_clause(self) -> bool:
        return any(lot.effort_clause for lot in self.lots)

    @property
    def award_criterion(self) -> bool:
        return any(lot.award_criterion for lot in self.lots)

    @property
    def framework(self) -> bool:
        return self.contract_type == "raamovereenkomst"

    @property
    def needs_documents(self) -> bool:
        return self.has_obligation or self.effort_clause

    def to_json(self) -> dict[str, Any]:
        """The `plan` object of manifest.json and `calc --json` (DESIGN.md §4)."""
        return {
            "total_obligation_eur": money_text(self.total_obligation),
            "lots": [
                {
                    "id": lot.id,
                    "value_eur": money_text(lot.value_eur),
                    "band": lot.band,
                    "percentage": str(lot.percentage) if lot.percentage is not None else None,
                    "obligation_eur": money_text(lot.obligation),
                    "instruments": list(lot.instruments),
                    "basis_eur": money_text(lot.basis_eur),
                    "award_criterion": lot.award_criterion,
                    "effort_clause": lot.effort_clause,
                    "capped": lot.capped,
                    "indicative_person_years": (str(lot.person_years) if lot.person_years is not None else None),
                    "reason_code": lot.reason_code,
                }
                for lot in self.lots
            ],
            "contract_type": self.contract_type,
            "obligation_level": self.obligation_level,
            "total_value_eur": money_text(self.total_value),
        }


def money_text(amount: Decimal) -> str:
    """Amounts in JSON: a string with exactly two decimals."""
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def equal_share(amount: Decimal, holders: int) -> Decimal:
    """One holder's part of a framework amount at an equal split, rounded to the cent: the
    indicative share that documents of a framework with several holders print as such."""
    return (amount / Decimal(max(holders, 1))).quantize(CENT, rounding=ROUND_HALF_UP)


def select_band(bands: list[Band] | tuple[Band, ...], value: Decimal) -> int:
    """0-based index of the band whose inclusive `up_to` first holds `value`."""
    for index, band in enumerate(bands):
        if band.up_to is None or value <= band.up_to:
            return index
    return len(bands) - 1  # unreachable for a valid profile: its last band is open-ended


def plan_lot(
    tender: Tender,
    profile: Profile,
    table: ValueTable,
    lot_id: str,
    title: str,
    value: Decimal,
) -> LotPlan:
    """Apply the profile's rules to one lot."""
    reasons: list[Reason] = []
    basis = value
    none: dict[str, Any] = dict(  # the fields of a lot without obligation
        id=lot_id, title=title, value_eur=value, basis_eur=basis, percentage=None,
        obligation=Decimal("0.00"), instruments=(), award_criterion=False, person_years=None,
        capped=False, labour_extensive=False,
    )  # fmt: skip
    if profile.kind == "leveringen":
        reasons.append(Reason.of("leveringen", profile=profile.id))
        return LotPlan(
            **none, band=0, effort_clause=profile.bands[0].effort_clause, reasons=tuple(reasons),
            reason_code="leveringen",
        )  # fmt: skip
    if tender.duration_months < profile.min_duration_months:
        reasons.append(Reason.of("korte-looptijd", months=tender.duration_months, minimum=profile.min_duration_months))
        return LotPlan(
            **none, band=0, effort_clause=profile.bands[0].effort_clause, reasons=tuple(reasons),
            reason_code="korte-looptijd",
        )  # fmt: skip

    index = select_band(profile.bands, value)
    band = profile.bands[index]
    reasons.append(Reason.of("schijf", value=value, band=index + 1, up_to=band.up_to))
    if not band.instruments:
        reasons.append(Reason.of("schijf-zonder-verplichting"))
        if band.effort_clause:
            reasons.append(Reason.of("inspanningsbepaling"))
        return LotPlan(
            **none, band=index + 1, effort_clause=band.effort_clause, reasons=tuple(reasons),
            reason_code="onder-drempel",
        )  # fmt: skip

    pct = band.percentage
    assert pct is not None  # guaranteed by Band's validator
    labour_extensive = False
    rule = profile.labour_extensive
    if rule is not None:
        if tender.labour_share is None:
            reasons.append(Reason.of("geen-arbeidsaandeel"))
        elif tender.labour_share < rule.below_share:
            labour_extensive = True
            pct = rule.percentage
            reasons.append(
                Reason.of("arbeidsextensief", share=tender.labour_share, below=rule.below_share, percentage=pct)
            )
    if profile.basis == "loonsom":
        if tender.labour_share is None:
            raise ClausegenError(
                code="tender.labour-share-needed", params={"profile": profile.id}, key=("labour_share",)
            )
        basis = (value * tender.labour_share).quantize(CENT, rounding=ROUND_HALF_UP)
        reasons.append(Reason.of("loonsom", value=value, share=tender.labour_share, basis=basis))
    obligation = (basis * pct / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    reasons.append(Reason.of("verplichting", percentage=pct, basis=basis, obligation=obligation))
    capped = False
    if profile.max_obligation_eur is not None and obligation > profile.max_obligation_eur:
        capped = True
        obligation = profile.max_obligation_eur.quantize(CENT)
        reasons.append(Reason.of("begrensd", obligation=obligation))
    reference = table.block(profile.reference_block)
    person_years = None
    if reference is not None and reference.value_eur:
        person_years = (obligation / reference.value_eur).quantize(TENTH, rounding=ROUND_DOWN)
    reasons.append(Reason.of("instrumenten", instruments=tuple(band.instruments)))
    if band.award_criterion:
        reasons.append(Reason.of("gunningscriterium"))
    return LotPlan(
        id=lot_id,
        title=title,
        value_eur=value,
        basis_eur=basis,
        band=index + 1,
        percentage=pct,
        obligation=obligation,
        instruments=tuple(band.instruments),
        award_criterion=band.award_criterion,
        effort_clause=False,
        person_years=person_years,
        capped=capped,
        labour_extensive=labour_extensive,
        reasons=tuple(reasons),
    )


def make_plan(tender: Tender, profile: Profile, table: ValueTable) -> Plan:
    """The plan of a tender: one LotPlan per lot (a tender without lots is one lot, id '1')."""
    if tender.lots:
        lots = [(lot.id, lot.title, lot.value_eur) for lot in tender.lots]
    else:
        assert tender.value_eur is not None  # guaranteed by Tender's validator
        lots = [("1", tender.title, tender.value_eur)]
    reasons = [
        Reason.of("profiel", profile=profile.id, name=profile.name, version=profile.version, category=tender.category)
    ]
    if tender.lots:
        reasons.append(Reason.of("percelen", count=len(lots)))
    if tender.contract_type == "raamovereenkomst":
        reasons.append(Reason.of("raamovereenkomst", level=profile.framework.obligation_level))
    reference = table.block(profile.reference_block)
    return Plan(
        reference=tender.reference,
        contract_type=tender.contract_type,
        profile_id=profile.id,
        profile_version=profile.version,
        has_lots=bool(tender.lots),
        lots=tuple(plan_lot(tender, profile, table, *lot) for lot in lots),
        obligation_level=profile.framework.obligation_level,
        settings=profile.settings,
        reasons=tuple(reasons),
        reference_value_eur=reference.value_eur if reference is not None else None,
    )

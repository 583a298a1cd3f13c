"""The eForms fields of the contract notice per lot (DESIGN.md §8): BT-06, BT-775 and BT-777,
and where the plan of approach is an award criterion its fields in the section on award criteria
(BT-539, BT-734, BT-540, BT-541, BT-5421), taken from the same Plan as the annex, and a plain-text
block to paste into TenderNed.

All Dutch wording of BT-777 stands here, in one place, so reviewers approve it once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import fmt
from ..api import Prepared
from ..kinds import INSTRUMENT_NAMES
from ..rules import LotPlan, money_text

SOC_OBJ = "soc-obj"
NONE = "none"
EMPLOYMENT = "opp"

BT777 = (
    "Social return is een bijzondere uitvoeringsvoorwaarde{lot}: de opdrachtnemer realiseert ten minste "
    "{obligation} aan inspanningswaarde ({pct} van {basis_name} van {basis}{capped}) met werk, leerwerkplekken of "
    "andere inzet voor mensen met een afstand tot de arbeidsmarkt, indicatief {years} arbeidsjaren.{extra} "
    "Invulling via {instruments}.{term} De voorwaarden staan in de bijlage Social Return."
)
BT777_HOLDERS = (
    "Social return is een bijzondere uitvoeringsvoorwaarde{lot}: elke opdrachtnemer realiseert inspanningswaarde "
    "ter hoogte van ten minste {pct} van de waarde van de nadere overeenkomsten die aan hem worden gegund, met werk, "
    "leerwerkplekken of andere inzet voor mensen met een afstand tot de arbeidsmarkt. Naar raming is dat voor alle "
    "opdrachtnemers samen {obligation} ({pct} van {basis_name} van {basis}{capped}), indicatief {years} "
    "arbeidsjaren; geen opdrachtnemer is dat bedrag verschuldigd.{extra} Invulling via {instruments}.{term} De "
    "voorwaarden staan in de bijlage Social Return."
)
"""A framework with several holders: each owes the percentage of its own call-offs (lawyer7 MAJOR-2)."""
BT777_FRAMEWORK = (
    "Social return is een bijzondere uitvoeringsvoorwaarde{lot}: de opdrachtnemer realiseert inspanningswaarde "
    "ter hoogte van ten minste {pct} van {real_basis}, met werk, leerwerkplekken of andere inzet voor mensen met een "
    "afstand tot de arbeidsmarkt. Naar raming is dat {obligation} ({pct} van {basis_name} van {basis}{capped}), "
    "indicatief {years} arbeidsjaren; na afloop wordt de verplichting vastgesteld op de werkelijke waarde van de "
    "nadere overeenkomsten.{extra} Invulling via {instruments}.{term} De voorwaarden staan in de bijlage Social "
    "Return."
)
"""A framework with one holder, settled on the real value of its call-offs (raamovereenkomst.afrekening;
lawyer8 MINOR-8): the amount is an estimate, not a fixed sum."""
BT777_PER_CALL_OFF = (
    "Social return is een bijzondere uitvoeringsvoorwaarde{lot}: de verplichting geldt per nadere "
    "overeenkomst. Bij elke nadere overeenkomst van {minimum} of meer realiseert de opdrachtnemer "
    "inspanningswaarde ter hoogte van ten minste {pct} van de waarde van die nadere overeenkomst, met werk, "
    "leerwerkplekken of andere inzet voor mensen met een afstand tot de arbeidsmarkt; kleinere nadere overeenkomsten worden per opdrachtnemer per kalenderjaar "
    "gebundeld. Naar raming is dat {scope}{everyone} {obligation}, indicatief {years} "
    "arbeidsjaren; op het niveau van de raamovereenkomst wordt niets vastgesteld.{extra} Invulling via "
    "{instruments}.{term} "
    "De voorwaarden staan in de bijlage Social Return."
)
"""The obligation per call-off (`obligation_level: nadere-overeenkomst`), as the annex says it."""
REASONS = {
    "leveringen": "het profiel legt bij leveringen geen verplichting op, omdat het aandeel arbeid daarin meestal klein is",
    "korte-looptijd": "de looptijd is korter dan het profiel vraagt",
    "onder-drempel": "de waarde valt in een schijf zonder verplichting",
}
BASIS_NAMES = {"opdrachtwaarde": "de opdrachtwaarde", "loonsom": "de loonsom"}
ESTIMATE_BASIS_NAMES = {"opdrachtwaarde": "de geraamde waarde", "loonsom": "de geraamde loonsom"}
"""A framework's value is an estimate for all its call-offs (tenth reading TAAL-1)."""
TERM = (
    " Inspanningswaarde is de waarde in euro's die de bijlage Social Return volgens vaste bedragen en telregels "
    "toekent aan een bijdrage, zoals een dienstverband of leerwerkplek voor iemand met een afstand tot de "
    "arbeidsmarkt."
)
"""The annex's term explained, since the notice alone does not define it (tenth reading TAAL-1)."""
REAL_BASIS_NAMES = {
    "opdrachtwaarde": "de werkelijke waarde van de nadere overeenkomsten",
    "loonsom": "de loonsom van de nadere overeenkomsten, berekend op hun werkelijke waarde",
}


CRITERION_NAME = "Plan van aanpak social return"
CRITERION_DESCRIPTION = (
    "De kwaliteit van het plan van aanpak social return, beoordeeld op de puntenschaal en de onderdelen van de "
    "bijlage Social Return."
)
QUALITY = "quality"
"""eForms code list award-criterion-type: the plan of approach is a quality criterion."""
PERCENT_EXACT = "per-exa"
"""eForms code list number-weight: the weight is an exact percentage (setting award_weight_percent)."""


@dataclass(frozen=True)
class AwardCriterion:
    """The plan of approach as an award criterion of the lot, in the notice's section on award
    criteria (BT-539, BT-734, BT-540, BT-541 with BT-5421), not only in BT-777's prose, so the
    notice and the tender documents give the same weight (art. 2.115 Aw 2012; fifteenth reading J MINOR-6)."""

    weight: str

    def to_json(self) -> dict[str, str]:
        return {"BT-539": QUALITY, "BT-734": CRITERION_NAME, "BT-540": CRITERION_DESCRIPTION,
                "BT-541": self.weight, "BT-5421": PERCENT_EXACT}  # fmt: skip


@dataclass(frozen=True)
class LotNotice:
    """The eForms values of one lot."""

    lot_id: str
    title: str
    bt_06: str
    bt_775: str | None
    bt_777: str | None
    obligation_eur: str
    reason_code: str | None
    award_criterion: AwardCriterion | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "lot": self.lot_id,
            "title": self.title,
            "BT-06": self.bt_06,
            "BT-775": self.bt_775,
            "BT-777": self.bt_777,
            "obligation_eur": self.obligation_eur,
            "reason_code": self.reason_code,
            "award_criterion": self.award_criterion.to_json() if self.award_criterion else None,
        }


def _instruments(names: tuple[str, ...]) -> str:
    words = [INSTRUMENT_NAMES.get(name, name) for name in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " of " + words[-1]


def _extra(prepared: Prepared, lot: LotPlan) -> str:
    """What a bidder must also know from the notice alone (lawyer9 A MINOR-5): a plan of approach
    that is scored at award, and the share a PSO certificate fills (buy-social.pso)."""
    profile = prepared.inputs.profile
    out = ""
    if lot.award_criterion and "plan-van-aanpak" in lot.instruments:
        weight = fmt.percentage(profile.settings.award_weight_percent)
        out += f" Het plan van aanpak is ook een gunningscriterium, met een weging van {weight}."
    if profile.pso is not None and "buy-social" in lot.instruments and "plan-van-aanpak" not in lot.instruments:
        level = profile.pso.accepted_from.replace("-", " ")
        share = fmt.percentage(profile.settings.pso_share_percent)
        out += f" Een PSO-certificaat vanaf {level} vult {share} van de verplichting in, zolang het geldig is."
    return out


def lot_notice(prepared: Prepared, lot: LotPlan) -> LotNotice:
    plan = prepared.plan
    if not lot.has_obligation:
        return LotNotice(lot.id, lot.title, NONE, None, None, money_text(lot.obligation), lot.reason_code)
    assert lot.percentage is not None
    holders = prepared.tender.suppliers or 1
    per_call_off = plan.framework and plan.obligation_level == "nadere-overeenkomst"
    if per_call_off:
        template = BT777_PER_CALL_OFF
    elif plan.framework:
        template = BT777_HOLDERS if holders > 1 else BT777_FRAMEWORK
    else:
        template = BT777
    text = template.format(
        lot=f" voor perceel {lot.id}" if plan.has_lots else "",
        minimum=fmt.euro(prepared.inputs.profile.settings.call_off_min_eur),
        everyone=" (alle opdrachtnemers samen)" if holders > 1 else "",
        # one lot's raming is not the whole framework's (seventeenth reading N MINOR)
        scope=f"voor perceel {lot.id}" if plan.has_lots else "voor de hele raamovereenkomst",
        obligation=fmt.euro(lot.obligation),
        pct=fmt.percentage(lot.percentage),
        basis=fmt.euro(lot.basis_eur),
        basis_name=(ESTIMATE_BASIS_NAMES if plan.framework else BASIS_NAMES)[prepared.inputs.profile.basis],
        real_basis=REAL_BASIS_NAMES[prepared.inputs.profile.basis],
        years=fmt.aantal(lot.person_years, 1) if lot.person_years is not None else "-",
        instruments=_instruments(lot.instruments),
        capped=", begrensd op het maximum van het profiel" if lot.capped else "",
        extra=_extra(prepared, lot),
        term=TERM,
    )
    if prepared.inputs.profile.kind == "werken":  # the UAV 2012's word, as the annex (thirteenth reading E TAAL-1)
        text = text.replace("opdrachtnemer", "aannemer")
    criterion = None
    if lot.award_criterion and "plan-van-aanpak" in lot.instruments:
        criterion = AwardCriterion(f"{prepared.inputs.profile.settings.award_weight_percent.normalize():f}")
    return LotNotice(lot.id, lot.title, SOC_OBJ, EMPLOYMENT, text, money_text(lot.obligation), None, criterion)


def notice(prepared: Prepared) -> list[LotNotice]:
    """BT-06/BT-775/BT-777 per lot of the plan."""
    return [lot_notice(prepared, lot) for lot in prepared.plan.lots]


def notice_json(prepared: Prepared) -> dict[str, Any]:
    return {
        "tender": prepared.tender.reference,
        "total_obligation_eur": money_text(prepared.plan.total_obligation),
        "lots": [n.to_json() for n in notice(prepared)],
    }


def notice_text(prepared: Prepared) -> str:
    """The block to paste into TenderNed, lot by lot, field by field."""
    lines = [f"eForms social return – {prepared.tender.reference}: {prepared.tender.title}", ""]
    for item in notice(prepared):
        lines.append(f"Perceel {item.lot_id}: {item.title}" if prepared.plan.has_lots else "Opdracht")
        lines.append(f"  BT-06 Strategische aanbesteding: {item.bt_06}")
        if item.bt_775:
            lines.append(f"  BT-775 Sociaal doel: {item.bt_775}")
            lines.append(f"  BT-777 Beschrijving: {item.bt_777}")
            if item.award_criterion is not None:
                weight = item.award_criterion.weight.replace(".", ",")
                lines += [
                    "  Gunningscriterium (vul het in bij de gunningscriteria van "
                    + ("dit perceel" if prepared.plan.has_lots else "de opdracht")
                    + ", naast de andere criteria):",
                    f"    BT-539 Soort gunningscriterium: {QUALITY} (kwaliteit)",
                    f"    BT-734 Naam: {CRITERION_NAME}",
                    f"    BT-540 Omschrijving: {CRITERION_DESCRIPTION}",
                    f"    BT-541 Gewicht: {weight}",
                    f"    BT-5421 Soort gewicht: {PERCENT_EXACT} (percentage)",
                ]
        else:
            lines.append(f"  (geen social return: {REASONS.get(item.reason_code or '', 'geen verplichting')})")
        lines.append("")
    return "\n".join(lines).replace("\u00a0", " ").rstrip() + "\n"

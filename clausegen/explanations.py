"""The Dutch sentence of each reason the plan records (`rules.Reason`: a code and its figures).

The rules keep numbers and reasons as data; the wording lives here, once, and is rendered only
where it is shown: `explain`, the web form's plan panel, the motivation memo and a contract's
reasons. A new reason code needs a sentence here (tests/test_rules.py renders every code)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import fmt

if TYPE_CHECKING:
    from .rules import Reason


def _band(r: Reason) -> str:
    bound = f"t/m {fmt.euro(r['up_to'])}" if r["up_to"] is not None else "zonder bovengrens"
    return f"waarde {fmt.euro(r['value'])} valt in schijf {r['band']} ({bound})"


_REASONS: dict[str, Callable[[Reason], str]] = {
    # the plan (rules.make_plan)
    "profiel": lambda r: (
        f"profiel '{r['profile']}' ({r['name']}, versie {r['version']}) voor categorie '{r['category']}'"
    ),
    "percelen": lambda r: f"{r['count']} percelen: elk perceel krijgt zijn eigen schijf en verplichting",
    "raamovereenkomst": lambda r: f"raamovereenkomst: verplichting op niveau {r['level']}",
    # a lot (rules.plan_lot)
    "leveringen": lambda r: f"profiel '{r['profile']}' is van soort leveringen: geen social-returnverplichting",
    "korte-looptijd": lambda r: (
        f"looptijd {r['months']} maanden is korter dan de minimale {r['minimum']} maanden van het profiel: "
        "geen verplichting"
    ),
    "schijf": _band,
    "schijf-zonder-verplichting": lambda r: "deze schijf kent geen verplichting",
    "inspanningsbepaling": lambda r: "de inspanningsbepaling voor vrijwillige social return wordt opgenomen",
    "geen-arbeidsaandeel": lambda r: (
        "geen labour_share opgegeven: het lagere percentage voor arbeidsextensieve opdrachten is niet toegepast"
    ),
    "arbeidsextensief": lambda r: (
        f"arbeidsaandeel {fmt.percentage(r['share'] * 100)} is lager dan {fmt.percentage(r['below'] * 100)}: "
        f"percentage {fmt.percentage(r['percentage'])}"
    ),
    "loonsom": lambda r: (
        f"grondslag is de loonsom: {fmt.euro(r['value'])} × {fmt.percentage(r['share'] * 100)} = {fmt.euro(r['basis'])}"
    ),
    # the memo's wording of "verplichting" where the value is a framework's estimate (tenth reading MINOR-2)
    "verplichting": lambda r: (
        f"verplichting {fmt.percentage(r['percentage'])} van {fmt.euro(r['basis'])} = {fmt.euro(r['obligation'])}"
    ),
    "raming": lambda r: (
        f"raming {fmt.percentage(r['percentage'])} van {fmt.euro(r['basis'])} = {fmt.euro(r['obligation'])}"
    ),
    "begrensd": lambda r: f"begrensd op het maximum van het profiel: {fmt.euro(r['obligation'])}",
    "instrumenten": lambda r: "instrumenten: " + ", ".join(r["instruments"]),
    "gunningscriterium": lambda r: "social return is in deze schijf ook een gunningscriterium",
    # a contract after award (contract.terms)
    "houders": lambda r: f"raamovereenkomst met {r['holders']} houders: indicatief aandeel 1/{r['holders']}",
    "toegezegd-percentage": lambda r: f"toegezegd in het Plan van aanpak: {fmt.percentage(r['percentage'])}",
    "toegezegd-bedrag": lambda r: f"toegezegd in het Plan van aanpak: {fmt.euro(r['amount'])}",
    "contract": lambda r: f"contract {r['number']}: {', '.join(r['lots'])}",
}
"""The Dutch sentence of each reason code, with the parameters it reads."""


def reason_text(reason: Reason) -> str:
    """The Dutch sentence of one reason of the plan, as `explain` prints it."""
    return _REASONS[reason.code](reason)

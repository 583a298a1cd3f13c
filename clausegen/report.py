"""Plain-text views for the terminal: the plan, the reasons behind it, and the library's
clauses and profiles.

The plan holds its reasons as data (`rules.Reason`); `reason_text` is where they become the
Dutch sentences `explain`, the web form's plan panel and the memo show."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import fmt
from .fmt import table_text

if TYPE_CHECKING:
    from .api import Prepared
    from .library.load import Library
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
    "verplichting": lambda r: (
        f"verplichting {fmt.percentage(r['percentage'])} van {fmt.euro(r['basis'])} = {fmt.euro(r['obligation'])}"
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


def plan_lines(prepared: Prepared) -> list[str]:
    plan = prepared.plan
    tender = prepared.tender
    profile = prepared.inputs.profile
    lines = [
        f"{tender.reference}  {tender.title}",
        f"profiel {profile.id} (versie {profile.version}), {tender.contract_type}, "
        f"looptijd {tender.duration_months} maanden",
    ]
    rows = []
    for lot in plan.lots:
        rows.append(
            {
                "perceel": lot.id,
                "waarde": fmt.euro(lot.value_eur),
                "schijf": str(lot.band),
                "percentage": fmt.percentage(lot.percentage) if lot.percentage is not None else "-",
                "verplichting": fmt.euro(lot.obligation),
                "arbeidsjaren": fmt.aantal(lot.person_years, 1) if lot.person_years is not None else "-",
                "instrumenten": ", ".join(lot.instruments) or ("inspanningsbepaling" if lot.effort_clause else "geen"),
            }
        )
    lines.append(table_text(rows))
    lines.append(f"totaal verplichting: {fmt.euro(plan.total_obligation)}")
    from .publish.proportion import warnings

    lines += warnings(plan, tender, profile.kind)
    return [line.replace("\u00a0", " ") for line in lines]


def clause_rows(lib: Library) -> list[dict[str, Any]]:
    return [
        {"id": c.id, "title": c.title, "version": c.version, "status": c.status, "instrument": c.instrument}
        for c in sorted(lib.clause_list(), key=lambda c: (c.instrument, c.order, c.id))
    ]


def profile_rows(lib: Library) -> list[dict[str, Any]]:
    return [
        {"id": p.id, "name": p.name, "kind": p.kind, "version": p.version}
        for p in sorted(lib.profile_list(), key=lambda p: p.id)
    ]

"""Plain-text views for the terminal: the plan, the reasons behind it, and the library's
clauses and profiles.

The plan holds its reasons as data (`rules.Reason`); `explanations.reason_text` turns them into
the Dutch sentences `explain`, the web form's plan panel and the memo show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import fmt
from .explanations import reason_text as reason_text  # where the reasons become sentences
from .fmt import table_text

if TYPE_CHECKING:
    from .api import Prepared
    from .library.load import Library


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
                # without lots the plan's one "lot" is the whole contract, not a lot 1 (eleventh reading B
                # MINOR-1); `calc --json` keeps its `"id": "1"`
                "perceel": lot.id if plan.has_lots else "hele opdracht",
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

"""What the pages show, as plain data for the templates: the plan in Dutch figures, the profiles
the form offers, and the library for reviewers. Every figure comes from the Plan."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from .. import fmt
from ..api import Prepared, explain_prepared, safe_reference
from ..documents.assemble import document_kinds
from ..errors import ClausegenError
from ..kinds import DOCUMENT_LABELS, FILE_NAMES, INSTRUMENT_LABELS
from ..library.load import Library
from ..model import Profile
from .messages import shown, text

log = logging.getLogger("clausegen.web")

KIND_LABELS = {"diensten": "diensten", "werken": "werken", "leveringen": "leveringen"}
STATUS_LABELS = {"draft": "concept", "approved": "vastgesteld", "withdrawn": "ingetrokken"}


def needs_labour_share(profile: Profile) -> bool:
    """The form asks for the labour share where the profile's rules use it."""
    return profile.basis == "loonsom" or profile.labour_extensive is not None


def profile_options(lib: Library) -> list[dict[str, Any]]:
    """The categories the form offers, with what the form needs to know of each."""
    out = []
    for profile in sorted(lib.profile_list(), key=lambda p: p.name.lower()):
        out.append(
            {
                "id": profile.id,
                "name": profile.name,
                "labour_share": needs_labour_share(profile),
                "loonsom": profile.basis == "loonsom",
                "groups": [
                    {"id": g, "label": lib.target_groups[g].label if g in lib.target_groups else g}
                    for g in profile.target_groups
                ],
            }
        )
    return out


def _optional(value: Any, formatter: Callable[[Any], str]) -> str:  # noqa: ANN401
    return formatter(value) if value is not None else "–"


def plan_view(prepared: Prepared) -> dict[str, Any]:
    """The plan panel: band, instruments, obligation per lot and in total, person-years, reasons."""
    plan = prepared.plan
    ref = safe_reference(prepared.tender.reference)
    lots = []
    for lot in plan.lots:
        if lot.instruments:
            instruments = [INSTRUMENT_LABELS.get(i, i) for i in lot.instruments]
        else:
            instruments = ["inspanningsbepaling (vrijwillig)"] if lot.effort_clause else []
        lots.append(
            {
                "id": lot.id,
                "title": lot.title,
                "value": fmt.euro(lot.value_eur),
                "basis": fmt.euro(lot.basis_eur),
                "band": lot.band or "–",
                "percentage": _optional(lot.percentage, fmt.percentage),
                "obligation": fmt.euro(lot.obligation),
                "person_years": _optional(lot.person_years, lambda v: fmt.aantal(v, 1)),
                "instruments": instruments,
                "award_criterion": lot.award_criterion,
                "capped": lot.capped,
                "loonsom": lot.basis_eur != lot.value_eur,
            }
        )
    years = plan.total_person_years
    return {
        "reference": prepared.tender.reference,
        "profile": {"id": prepared.inputs.profile.id, "name": prepared.inputs.profile.name},
        "has_lots": plan.has_lots,
        "lots": lots,
        "total_value": fmt.euro(plan.total_value),
        "total_obligation": fmt.euro(plan.total_obligation),
        "total_person_years": _optional(years, lambda v: fmt.aantal(v, 1)),
        "framework": plan.framework,
        "obligation_level": plan.obligation_level,
        "documents": [
            {"kind": kind, "name": FILE_NAMES[kind].format(ref=ref), "label": DOCUMENT_LABELS[kind]}
            for kind in document_kinds(plan)
        ],
        "explain": _explain(prepared),
    }


def _explain(prepared: Prepared) -> list[str]:
    """The reasons of `clausegen explain`; a library problem shows as a reason, not a failure."""
    try:
        return explain_prepared(prepared)
    except ClausegenError as exc:
        return [text("web.explain-unavailable", problem=line) for line in shown(exc)]


def profile_view(lib: Library, profile: Profile) -> dict[str, Any]:
    """A profile with its bands as table rows, for the library browser."""
    rows = []
    lower = None
    for number, band in enumerate(profile.bands, start=1):
        rows.append(
            {
                "number": number,
                "from": "€\u00a00" if lower is None else f"meer dan {fmt.euro(lower)}",
                "up_to": fmt.euro(band.up_to) if band.up_to is not None else "geen bovengrens",
                "percentage": _optional(band.percentage, fmt.percentage),
                "instruments": [INSTRUMENT_LABELS.get(i, i) for i in band.instruments],
                "effort_clause": band.effort_clause,
                "award_criterion": band.award_criterion,
            }
        )
        lower = band.up_to
    rule = profile.labour_extensive
    return {
        "profile": profile,
        "bands": rows,
        "kind": KIND_LABELS[profile.kind],
        "labour_extensive": (
            f"{fmt.percentage(rule.percentage)} bij een arbeidsaandeel onder {fmt.percentage(rule.below_share * 100)}"
            if rule
            else None
        ),
        "max_obligation": _optional(profile.max_obligation_eur, fmt.euro),
        "groups": [lib.target_groups[g].label if g in lib.target_groups else g for g in profile.target_groups],
        "settings": profile.settings.model_dump(),
    }


def clause_preview(lib: Library, clause_id: str) -> dict[str, Any]:
    """A clause rendered as `clausegen preview` renders it (a sample tender from the library's
    profiles), as numbered lines; or why it cannot be rendered."""
    from ..review.preview import blocks_text, preview

    try:
        result = preview(clause_id, None, lib)
        lines = [f"Artikel 1  {result.clause.title}", *blocks_text(result.blocks, 1)]
    except ClausegenError as exc:
        return {"lines": [], "source": None, "notes": [], "error": " ".join(shown(exc))}
    except Exception:  # one clause must not take the whole read-only page down
        log.exception("preview of %s failed", clause_id)
        return {"lines": [], "source": None, "notes": [], "error": text("web.preview-failed")}
    return {
        "lines": lines,
        "source": result.source,
        "notes": result.notes,
        "error": None,
    }

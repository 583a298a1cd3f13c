"""The template context, declared once: every name a clause text or `when` may use, what each
data entry is built from, the helpers, and the Dutch filters.

The renderer (`render.environment`, `documents.assemble.base_context`), the library lint
(`review.check`) and the shapes `check` reads attributes from (`template.shapes`) all derive
their names, types and filters from here, so a name added here is known to all of them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypedDict

from .. import fmt
from ..kinds import DocumentKind
from ..model import Block as BuildingBlock
from ..model import Profile, Settings, TargetGroup, Tender, ValueTable
from ..rules import LotPlan, Plan


class ContractInfo(TypedDict, total=False):
    """`contract` in a clause: `signed`, `authority`, `holders`, `threshold_eur` and the three
    framework values always; the others only in a signed contract (clausegen.contract), so clauses
    test `contract.signed` first.

    The framework values keep the three meanings of "value" in a framework with several holders
    apart (third legal reading, M-1): `framework_value_eur` is the estimated value for all holders
    together, `share_value_eur` one holder's indicative share at an equal split, and
    `share_obligation_eur` the obligation on that share; `share_lots` gives the share per lot with an
    obligation (`id`, `value_eur`, `obligation_eur`). The share always divides by the holders the
    tender announced (`holders`): the Plan van aanpak and a commitment were measured by it (tenth
    legal reading, MAJOR-2). A signed contract's `lot_holders` gives per lot (`id`, `holders`) how
    many holders it was awarded to, and `awarded_shares` (always given, empty in the tender
    documents) per lot with an obligation awarded to fewer holders than announced (`id`,
    `holders`, `value_eur`, `obligation_eur`) the estimate at that real number: a raming only,
    printed apart from the Indicatief aandeel. With one holder the share is the whole."""

    signed: bool
    authority: Any
    holders: int
    threshold_eur: Any
    framework_value_eur: Decimal
    share_value_eur: Decimal
    share_obligation_eur: Decimal
    share_lots: Any
    number: str
    award_date: Any
    contractor: Any
    lots: Any
    obligation_eur: Any
    start_date: Any
    end_date: Any
    deadlines: Any
    commitment: Any
    commitment_possible: bool
    pso: Any
    lot_holders: Any
    awarded_shares: Any


class DocumentInfo(TypedDict):
    """`document` in a clause: which document it is rendered into."""

    kind: DocumentKind
    title: str


DATA: dict[str, Any] = {
    "tender": Tender,
    "profile": Profile,
    "settings": Settings,
    "plan": Plan,
    "target_groups": tuple[TargetGroup, ...],
    "value_table": ValueTable,
    "reference_block": BuildingBlock | None,
    "document": DocumentInfo,
    "lot": LotPlan,
    "contract": ContractInfo,
}
"""The data entries of the context and the type each is built from. `assemble.context_data`
gives exactly these (`lot` only for a tender without lots, or per lot); `check` reads their
attributes from these types (`shapes.context_shapes`)."""

OPTIONAL_DATA = frozenset({"lot"})
"""Data entries a context may lack: `lot` stands only in a render for one lot."""

HELPERS: dict[str, str] = {
    "ref": "ref('clause.id'): the article number of another clause in the same document",
    "tabel_percelen": "tabel_percelen(): the table of lots with value, percentage and obligation",
    "tabel_bouwblokken": "tabel_bouwblokken(): the building blocks of the value table with their value",
    "tabel_begroting": "tabel_begroting(): the building blocks with empty cells for the bidder's figures",
    "invulvelden": "invulvelden('Naam', ...): labels with a fill-in field each, on a form",
    "antwoordveld": "antwoordveld('Toelichting', regels=8): one label above a large fill-in field",
    "fout": "fout('tekst'): stop with this message (a clause that cannot apply to the plan)",
}
"""The top-level helpers a clause may call, with what each gives (docs/clauses.md)."""

ENVIRONMENT_HELPERS = frozenset({"fout"})
"""Helpers that are the same in every render: globals of the one environment. The others are
made per document (`assemble.base_context`), since they print that document's tables."""

FILTERS: dict[str, Callable[..., str]] = {
    "euro": fmt.euro,
    "percentage": fmt.percentage,
    "datum": fmt.datum,
    "aantal": fmt.aantal,
}
"""The Dutch filters of the environment (`{{ lot.obligation | euro }}`)."""


def data_names() -> frozenset[str]:
    """The data entries of the context."""
    return frozenset(DATA)


def helper_names() -> frozenset[str]:
    """The top-level helpers of the context, globals included."""
    return frozenset(HELPERS)


def names() -> frozenset[str]:
    """Every name a clause text or `when` may use (read at call time, so the declaration rules)."""
    return data_names() | helper_names()


def filter_names() -> tuple[str, ...]:
    """The clause filters, sorted (for `check`'s message on an unknown filter)."""
    return tuple(sorted(FILTERS))

"""Offsetting between the lots of one contract after the Looptijd (monitoring.sancties): the
surplus of one lot fills the shortfall of another, a contribution counting once. The transfers
are kept as data, so the letter shows each one with the valuation's own figures (fifth legal
reading, MINOR-5) instead of a reader seeing an unexplained difference.

A lot whose Plan van aanpak was scored at award is closed to transfers in: the contractor won it
partly on that plan, so a surplus elsewhere may not fill its shortfall; its own surplus may still
fill a shortfall on another lot (sixth legal reading, MAJOR-2; the clause says the same)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Transfer:
    """A surplus moved from one lot (`source`) to fill the shortfall of another (`target`)."""

    source: str
    target: str
    amount_eur: Decimal


def offset(
    lot_ids: list[str],
    shortfalls: list[Decimal],
    surpluses: list[Decimal],
    closed: Collection[str] = (),
) -> tuple[list[Decimal], tuple[Transfer, ...]]:
    """The shortfalls after the surpluses of other lots fill them, and the transfers that did it.
    Shortfalls are filled in lot order, each from the surpluses in lot order; a lot with a
    shortfall has no surplus, so no lot fills itself. A lot in `closed` (its plan scored at award)
    keeps its shortfall, while its surplus still fills the others."""
    left = list(surpluses)
    out = []
    transfers = []
    for target, shortfall in zip(lot_ids, shortfalls, strict=True):
        rest = shortfall
        for index, source in enumerate(lot_ids):
            if rest == 0 or target in closed:
                break
            moved = min(left[index], rest)
            if moved > 0 and source != target:
                left[index] -= moved
                rest -= moved
                transfers.append(Transfer(source, target, moved))
        out.append(rest)
    return out, tuple(transfers)

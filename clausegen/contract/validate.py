"""The award checked against the tender before anything is written: every problem as one line
with the award file, the line and the fix (all of them, not only the first)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from ..errors import ClausegenError
from ..library.validation import closest, problems
from ..library.yamlio import Located
from ..model import Tender
from ..rules import Plan
from .model import Award
from .terms import plan_at_tender


class AwardProblems(ClausegenError):
    """All problems of one award file; printed one per line."""

    def __init__(self, found: list[ClausegenError]) -> None:
        super().__init__(found[0].message, path=found[0].path, line=found[0].line, hint=found[0].hint)
        self.problems = found

    def __str__(self) -> str:
        return "\n".join(ClausegenError.__str__(problem) for problem in self.problems)


def _problem(located: Located, loc: tuple[str | int, ...], code: str, **params: Any) -> ClausegenError:
    """One problem of the award file: a catalog code at the line and key path of `loc`."""
    return ClausegenError(code=code, params=params, path=located.path, line=located.line_of(loc), key=loc)


def check_award(located: Located, tender: Tender, plan: Plan) -> Award:
    """The validated award, or AwardProblems listing every problem."""
    found = problems(Award, located, "gunning")
    if found:
        raise AwardProblems(found + list(_raw_checks(located, tender, plan)))
    award = Award.model_validate(located.data)
    found = list(_against_tender(award, located, tender, plan))
    if found:
        raise AwardProblems(found)
    return award


def _against_tender(award: Award, located: Located, tender: Tender, plan: Plan) -> Iterator[ClausegenError]:
    if award.tender != tender.reference:
        yield _problem(
            located, ("tender",), "contract.tender-reference", given=award.tender, reference=tender.reference
        )
    if award.award_date < tender.publication_date:
        yield _problem(
            located,
            ("award_date",),
            "contract.award-before-publication",
            award_date=award.award_date,
            publication_date=tender.publication_date,
        )
    holders = tender.suppliers or 1
    numbers = Counter(contract.number for contract in award.contracts)
    lot_ids = [lot.id for lot in plan.lots]
    awarded: Counter[str] = Counter()
    for index, contract in enumerate(award.contracts):
        at = ("contracts", index)
        if numbers[contract.number] > 1:
            yield _problem(located, (*at, "number"), "contract.number-twice", number=contract.number)
        if contract.start_date < award.award_date:
            yield _problem(
                located,
                (*at, "start_date"),
                "contract.start-before-award",
                start_date=contract.start_date,
                award_date=award.award_date,
            )
        if contract.pso is not None and contract.pso.valid_until < award.award_date:
            yield _problem(
                located, (*at, "pso", "valid_until"), "contract.pso-expired", valid_until=contract.pso.valid_until
            )
        if not plan.has_lots:
            if contract.lots is not None:
                yield _problem(located, (*at, "lots"), "contract.no-lots")
            awarded[plan.lots[0].id] += 1
        elif contract.lots is None:
            yield _problem(located, (*at, "lots"), "contract.lots-missing", lots=lot_ids, first=lot_ids[0])
        else:
            seen: set[str] = set()
            for position, lot in enumerate(contract.lots):
                if lot not in lot_ids:
                    yield _unknown_lot(located, (*at, "lots", position), lot, lot_ids)
                elif lot in seen:
                    yield _problem(located, (*at, "lots", position), "contract.lot-twice", lot=lot)
                else:
                    seen.add(lot)
                    awarded[lot] += 1
                    if awarded[lot] > holders:
                        yield _twice(located, (*at, "lots", position), lot, tender)
        if contract.commitment is not None and not _has_obligation(plan, contract.lots):
            yield _problem(located, (*at, "commitment"), "contract.commitment-no-obligation")
        if contract.commitment is not None and _has_obligation(plan, contract.lots):
            problem = _without_plan(located, at, plan, contract.lots)
            if problem is not None:
                yield problem
        if contract.commitment is not None and contract.commitment.amount_eur is not None and holders > 1:
            yield _problem(
                located, (*at, "commitment", "amount_eur"), "contract.commitment-amount-holders", holders=holders
            )
    if not plan.has_lots and awarded[plan.lots[0].id] > holders:
        yield _twice(located, ("contracts", holders), None, tender)


def _raw_checks(located: Located, tender: Tender, plan: Plan) -> Iterator[ClausegenError]:
    """Where the award's own fields have problems, the checks against the tender that do not
    need a valid award still run (the reference, lots that do not exist), so all show at once."""
    data = located.data
    reference = data.get("tender")
    if isinstance(reference, str | int) and not isinstance(reference, bool) and str(reference) != tender.reference:
        yield _problem(located, ("tender",), "contract.tender-reference", given=reference, reference=tender.reference)
    contracts = data.get("contracts")
    if not plan.has_lots or not isinstance(contracts, list):
        return
    lot_ids = [lot.id for lot in plan.lots]
    for index, item in enumerate(contracts):
        lots = item.get("lots") if isinstance(item, dict) else None
        for position, lot in enumerate(lots if isinstance(lots, list) else []):
            if isinstance(lot, str | int) and not isinstance(lot, bool) and str(lot) not in lot_ids:
                yield _unknown_lot(located, ("contracts", index, "lots", position), str(lot), lot_ids)


def _unknown_lot(located: Located, loc: tuple[str | int, ...], lot: str, lot_ids: list[str]) -> ClausegenError:
    return _problem(located, loc, "contract.lot-unknown", lot=lot, suggestion=closest(lot, lot_ids), lots=lot_ids)


def _twice(located: Located, loc: tuple[str | int, ...], lot: str | None, tender: Tender) -> ClausegenError:
    """A lot (or the whole tender) awarded to more contracts than it has holders."""
    if tender.suppliers:
        code = "contract.lot-over-holders" if lot else "contract.award-over-holders"
        return _problem(located, loc, code, lot=lot or "", suppliers=tender.suppliers)
    code = "contract.lot-awarded-twice" if lot else "contract.award-awarded-twice"
    return _problem(located, loc, code, lot=lot or "")


def _has_obligation(plan: Plan, lots: list[str] | None) -> bool:
    chosen = plan.lots if lots is None else [lot for lot in plan.lots if lot.id in lots]
    return any(lot.has_obligation for lot in chosen)


def _without_plan(
    located: Located, at: tuple[str | int, ...], plan: Plan, lots: list[str] | None
) -> ClausegenError | None:
    """A commitment needs a Plan van aanpak handed in with the tender and scored as an award
    criterion; where none of the contract's lots had one, the commitment has no basis in the
    tender and raising the obligation now would be a negotiation after award (lawyer M-11)."""
    chosen = [lot for lot in plan.obligation_lots if lots is None or lot.id in lots]
    if any(plan_at_tender(lot) for lot in chosen):
        return None
    key = (*at, "commitment")
    return ClausegenError(
        code="contract.commitment-without-plan-lots" if plan.has_lots else "contract.commitment-without-plan",
        params={"lots": ", ".join(lot.id for lot in chosen)},
        path=located.path,
        line=located.line_of(key),
        key=key,
    )

"""The award checked against the tender before anything is written: every problem as one line
with the award file, the line and the fix (all of them, not only the first)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..errors import ClausegenError
from ..library.validation import problems, suggest
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


def _problem(located: Located, loc: tuple[str | int, ...], message: str) -> ClausegenError:
    return ClausegenError(f"gunning: {message}", path=located.path, line=located.line_of(loc))


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
            located,
            ("tender",),
            f"tender '{award.tender}' is niet de referentie van het aanbestedingsbestand ('{tender.reference}'); "
            "neem de referentie over of kies het juiste aanbestedingsbestand",
        )
    if award.award_date < tender.publication_date:
        yield _problem(
            located,
            ("award_date",),
            f"award_date {award.award_date} ligt vóór de publicatiedatum {tender.publication_date}; "
            "controleer de datum van gunning",
        )
    holders = tender.suppliers or 1
    numbers = Counter(contract.number for contract in award.contracts)
    lot_ids = [lot.id for lot in plan.lots]
    awarded: Counter[str] = Counter()
    for index, contract in enumerate(award.contracts):
        at = ("contracts", index)
        if numbers[contract.number] > 1:
            yield _problem(
                located,
                (*at, "number"),
                f"contractnummer {contract.number} komt meer dan eens voor; elk nummer is uniek",
            )
        if contract.start_date < award.award_date:
            yield _problem(
                located,
                (*at, "start_date"),
                f"start_date {contract.start_date} ligt vóór award_date {award.award_date}; "
                "de overeenkomst gaat in op of na de gunning",
            )
        if contract.pso is not None and contract.pso.valid_until < award.award_date:
            yield _problem(
                located,
                (*at, "pso", "valid_until"),
                f"het PSO-certificaat was op de datum van gunning al verlopen ({contract.pso.valid_until}); "
                "neem een geldig certificaat op of laat pso weg",
            )
        if not plan.has_lots:
            if contract.lots is not None:
                yield _problem(
                    located, (*at, "lots"), "de aanbesteding kent geen percelen; laat lots weg bij dit contract"
                )
            awarded[plan.lots[0].id] += 1
        elif contract.lots is None:
            yield _problem(
                located,
                (*at, "lots"),
                f"de aanbesteding kent percelen ({', '.join(lot_ids)}); vermeld welke, bijvoorbeeld lots: [{lot_ids[0]}]",
            )
        else:
            seen: set[str] = set()
            for position, lot in enumerate(contract.lots):
                if lot not in lot_ids:
                    yield _problem(
                        located,
                        (*at, "lots", position),
                        f"perceel '{lot}' bestaat niet in de aanbesteding{suggest(lot, lot_ids)} "
                        f"(percelen: {', '.join(lot_ids)})",
                    )
                elif lot in seen:
                    yield _problem(located, (*at, "lots", position), f"perceel {lot} staat twee keer bij dit contract")
                else:
                    seen.add(lot)
                    awarded[lot] += 1
                    if awarded[lot] > holders:
                        yield _problem(
                            located,
                            (*at, "lots", position),
                            _twice(lot if plan.has_lots else None, tender),
                        )
        if contract.commitment is not None and not _has_obligation(plan, contract.lots):
            yield _problem(
                located,
                (*at, "commitment"),
                "de gegunde percelen hebben geen social-returnverplichting, dus geen toezegging om te binden; "
                "laat commitment weg",
            )
        if contract.commitment is not None and _has_obligation(plan, contract.lots):
            problem = _without_plan(located, at, plan, contract.lots)
            if problem is not None:
                yield problem
        if contract.commitment is not None and contract.commitment.amount_eur is not None and holders > 1:
            yield _problem(
                located,
                (*at, "commitment", "amount_eur"),
                f"de raamovereenkomst heeft {holders} houders: elke houder is een percentage van zijn eigen "
                "nadere overeenkomsten verschuldigd, dus een toezegging in euro's past niet; "
                "geef de toezegging als commitment: {percentage: ...}",
            )
    if not plan.has_lots and awarded[plan.lots[0].id] > holders:
        yield _problem(located, ("contracts", holders), _twice(None, tender))


def _raw_checks(located: Located, tender: Tender, plan: Plan) -> Iterator[ClausegenError]:
    """Where the award's own fields have problems, the checks against the tender that do not
    need a valid award still run (the reference, lots that do not exist), so all show at once."""
    data = located.data
    reference = data.get("tender")
    if isinstance(reference, str | int) and not isinstance(reference, bool) and str(reference) != tender.reference:
        yield _problem(
            located,
            ("tender",),
            f"tender '{reference}' is niet de referentie van het aanbestedingsbestand ('{tender.reference}'); "
            "neem de referentie over of kies het juiste aanbestedingsbestand",
        )
    contracts = data.get("contracts")
    if not plan.has_lots or not isinstance(contracts, list):
        return
    lot_ids = [lot.id for lot in plan.lots]
    for index, item in enumerate(contracts):
        lots = item.get("lots") if isinstance(item, dict) else None
        for position, lot in enumerate(lots if isinstance(lots, list) else []):
            if isinstance(lot, str | int) and not isinstance(lot, bool) and str(lot) not in lot_ids:
                yield _problem(
                    located,
                    ("contracts", index, "lots", position),
                    f"perceel '{lot}' bestaat niet in de aanbesteding{suggest(str(lot), lot_ids)} "
                    f"(percelen: {', '.join(lot_ids)})",
                )


def _twice(lot: str | None, tender: Tender) -> str:
    what = f"perceel {lot} is" if lot else "de opdracht is"
    if tender.suppliers:
        return (
            f"{what} aan meer dan {tender.suppliers} houders gegund, terwijl de aanbesteding suppliers: "
            f"{tender.suppliers} noemt; verwijder een contract of verhoog suppliers in de aanbesteding"
        )
    return (
        f"{what} al aan een ander contract gegund; een perceel gaat naar één opdrachtnemer "
        "(bij een raamovereenkomst met meer houders: zet suppliers: N in de aanbesteding)"
    )


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

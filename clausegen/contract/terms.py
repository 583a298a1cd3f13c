"""One contract's plan and terms: the tender's plan restricted to the awarded lots, the winner's
commitment where it is higher, a framework holder's indicative share, and every deadline as a
real date counted from the start date. The result is plain data for the clause context."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from .. import fmt
from ..catalog import message
from ..documents.public_task import public_task_basis
from ..model import Profile, Tender, ValueTable, authority_data, obligation_threshold
from ..rules import CENT, TENTH, LotPlan, Plan, Reason
from .model import Award, AwardContract
from .partners import partners_warning, signatory_warnings

PSO_ORDER = ("aspirant", "trede-1", "trede-2", "trede-3", "pso-30-plus")
_PERIOD_MONTHS = {"per kwartaal": 3, "halfjaarlijks": 6, "jaarlijks": 12}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the last day of the month where that day does not exist)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_date(start: datetime.date, duration_months: int) -> datetime.date:
    """The last day of the contract: start date plus the term, minus one day."""
    return add_months(start, duration_months) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class AwardedShare:
    """One lot's estimate at the number of holders it was awarded to, where that is fewer than the
    tender announced: a raming only, never the measure of the plan or of a commitment."""

    id: str
    holders: int
    value_eur: Decimal
    obligation_eur: Decimal


@dataclass(frozen=True)
class ContractTerms:
    """Everything one contract adds to the tender's plan."""

    contract: AwardContract
    plan: Plan
    start: datetime.date
    end: datetime.date
    holders: int
    warnings: tuple[str, ...]
    framework_value: Decimal = Decimal("0.00")
    """The estimated value of this contract's lots for all holders together (before the share)."""
    lot_holders: tuple[tuple[str, int], ...] = ()
    """Per lot of this contract: the number of holders it was awarded to (not the share's divisor:
    that stays the tender's `suppliers`, see `contract_terms`)."""
    awarded_shares: tuple[AwardedShare, ...] = ()
    """The lots with an obligation awarded to fewer holders than the tender announced: the estimate
    at the real number of holders, shown apart from the Indicatief aandeel (`awarded_shares`)."""

    @property
    def obligation(self) -> Decimal:
        return self.plan.total_obligation


def _years(lot: LotPlan, obligation: Decimal, table: ValueTable, reference_block: str) -> Decimal | None:
    """The indicative person-years of a changed obligation, by the same rule as the plan's."""
    block = table.block(reference_block)
    if lot.person_years is None or block is None or not block.value_eur:
        return None
    return (obligation / block.value_eur).quantize(TENTH, rounding=ROUND_DOWN)


def _scaled(lot: LotPlan, holders: int, table: ValueTable, reference_block: str) -> LotPlan:
    """A framework holder's indicative share of a lot: value and obligation divided by the holders."""
    if holders == 1:
        return lot
    share = Decimal(holders)
    obligation = (lot.obligation / share).quantize(CENT, rounding=ROUND_HALF_UP)
    years = _years(lot, obligation, table, reference_block)
    return replace(
        lot,
        value_eur=(lot.value_eur / share).quantize(CENT, rounding=ROUND_HALF_UP),
        basis_eur=(lot.basis_eur / share).quantize(CENT, rounding=ROUND_HALF_UP),
        obligation=obligation,
        person_years=years,
        reasons=(*lot.reasons, Reason.of("houders", holders=holders)),
    )


def lot_holders(award: Award, lots: list[LotPlan], holders: int) -> dict[str, int]:
    """How many holders each lot was awarded to, at most the tender's `suppliers` (the award is
    checked against it) and at least one. The award file is the whole award decision of the tender.
    The signed annex shows it (lawyer9 MINOR-2), but only as a separate estimate: the measure of the
    Plan van aanpak and of a commitment stays the Indicatief aandeel of the tender, at the announced
    number of holders (lawyer10 MAJOR-2; `awarded_shares`)."""
    if holders <= 1:
        return {lot.id: 1 for lot in lots}
    return {
        lot.id: max(1, min(holders, sum(1 for c in award.contracts if c.lots is None or lot.id in c.lots)))
        for lot in lots
    }


def plan_at_tender(lot: LotPlan) -> bool:
    """Whether the lot's Plan van aanpak was handed in with the tender and scored as an award
    criterion: only such a plan holds a commitment the contract can bind. A plan made after award
    is approved under the contract and cannot raise the obligation (lawyer's reading M-11)."""
    return lot.has_obligation and lot.award_criterion and "plan-van-aanpak" in lot.instruments


def _committed(lots: list[LotPlan], contract: AwardContract, table: ValueTable, reference_block: str) -> list[LotPlan]:
    """The commitment replaces the profile's obligation where it is higher, on the lots whose plan
    was scored at award (`plan_at_tender`); the person-years follow the committed amount, so every
    row of the figures table adds up (lawyer's reading B-4)."""
    commitment = contract.commitment
    if commitment is None:
        return lots
    if commitment.percentage is not None:
        out = []
        for lot in lots:
            if plan_at_tender(lot) and lot.percentage is not None and commitment.percentage > lot.percentage:
                raised = (lot.basis_eur * commitment.percentage / 100).quantize(CENT, rounding=ROUND_HALF_UP)
                lot = replace(
                    lot,
                    percentage=commitment.percentage,
                    prescribed_percentage=lot.percentage,
                    obligation=raised,
                    person_years=_years(lot, raised, table, reference_block),
                    reasons=(*lot.reasons, Reason.of("toegezegd-percentage", percentage=commitment.percentage)),
                )
            out.append(lot)
        return out
    amount = commitment.amount_eur
    assert amount is not None  # Commitment's validator: exactly one of the two
    bound = [lot for lot in lots if plan_at_tender(lot)]
    current = sum((lot.obligation for lot in bound), Decimal(0))
    if amount <= current or not bound:
        return lots
    basis = sum((lot.basis_eur for lot in bound), Decimal(0))
    shares: dict[str, Decimal] = {}
    left = amount
    for lot in bound[:-1]:
        shares[lot.id] = (amount * lot.basis_eur / basis).quantize(CENT, rounding=ROUND_HALF_UP)
        left -= shares[lot.id]
    shares[bound[-1].id] = left
    return [
        replace(
            lot,
            obligation=shares[lot.id],
            committed_eur=shares[lot.id],
            person_years=_years(lot, shares[lot.id], table, reference_block),
            reasons=(*lot.reasons, Reason.of("toegezegd-bedrag", amount=shares[lot.id])),
        )
        if lot.id in shares
        else lot
        for lot in lots
    ]


def contract_terms(
    tender: Tender, plan: Plan, award: Award, contract: AwardContract, table: ValueTable, reference_block: str
) -> ContractTerms:
    """The plan of one contract: only its lots, its commitment, its share as a framework holder."""
    holders = tender.suppliers or 1
    wanted = contract.lots
    lots = [lot for lot in plan.lots if wanted is None or lot.id in wanted]
    framework_value = sum((lot.value_eur for lot in lots), Decimal("0.00")).quantize(CENT)
    awarded = lot_holders(award, lots, holders)
    shares = awarded_shares(lots, awarded, holders, contract, table, reference_block)
    # the Indicatief aandeel of the tender: the form and the plan were measured by it (lawyer10 MAJOR-2)
    lots = [_scaled(lot, holders, table, reference_block) for lot in lots]
    lots = _committed(lots, contract, table, reference_block)
    restricted = replace(
        plan,
        lots=tuple(lots),
        reasons=(*plan.reasons, Reason.of("contract", number=contract.number, lots=tuple(lot.id for lot in lots))),
    )
    start = contract.start_date
    end = end_date(start, tender.duration_months)
    return ContractTerms(contract, restricted, start, end, holders, (), framework_value, tuple(awarded.items()), shares)


def awarded_shares(
    lots: list[LotPlan],
    awarded: dict[str, int],
    holders: int,
    contract: AwardContract,
    table: ValueTable,
    reference_block: str,
) -> tuple[AwardedShare, ...]:
    """Per lot with an obligation that was awarded to fewer holders than announced: the value and
    the obligation (with a committed percentage) at an equal split over the holders it was awarded
    to. An estimate only; what is owed stays the percentage times the Afroepwaarde."""
    fewer = [lot for lot in lots if lot.has_obligation and awarded[lot.id] < holders]
    if not fewer:
        return ()
    scaled = _committed([_scaled(lot, awarded[lot.id], table, reference_block) for lot in fewer], contract,
                        table, reference_block)  # fmt: skip
    return tuple(AwardedShare(lot.id, awarded[lot.id], lot.value_eur, lot.obligation) for lot in scaled)


def fewer_holders_warnings(terms: ContractTerms) -> tuple[str, ...]:
    """The award gives a lot of this contract fewer holders than the tender's `suppliers`: the
    annex keeps the tender's Indicatief aandeel as the measure and shows the estimate at the real
    number apart; the buyer is told so (lawyer10 MAJOR-2)."""
    if not terms.awarded_shares:
        return ()
    code = "warning.fewer-holders-lot" if terms.plan.has_lots else "warning.fewer-holders"
    out = []
    for share in terms.awarded_shares:
        params = {
            "lot": share.id,
            "awarded": share.holders,  # an int: the catalog chooses "1 Opdrachtnemer" or "2 Opdrachtnemers"
            "announced": fmt.aantal(terms.holders),
            "share": fmt.euro(_share_value(terms, share.id)),
            "estimate": fmt.euro(share.value_eur),
        }
        out.append(contract_line(terms.contract.number, message(code, params)))
    return tuple(out)


def _share_value(terms: ContractTerms, lot_id: str) -> Decimal:
    """The Indicatief aandeel of one lot of the contract (the tender's, at the announced holders)."""
    return next(lot.value_eur for lot in terms.plan.lots if lot.id == lot_id)


def contract_warnings(terms: ContractTerms, profile: Profile) -> tuple[str, ...]:
    """What the buyer should know about a contract: a commitment that binds only some of its lots,
    and a PSO certificate that does not count here or ends before the contract does; first, a
    partnership as contractor without its partners named (contract/partners.py)."""
    partners = partners_warning(terms.contract, profile)
    out = (
        *([contract_line(terms.contract.number, partners)] if partners else []),
        *(contract_line(terms.contract.number, text) for text in signatory_warnings(terms.contract)),
        *fewer_holders_warnings(terms),
        *commitment_warnings(terms),
    )
    pso = terms.contract.pso
    if pso is None:
        return out
    if below_accepted(pso.level, profile):
        assert profile.pso is not None
        text = message(
            "warning.pso-ignored-level",
            {"level": pso.level.replace("-", " "), "accepted": profile.pso.accepted_from.replace("-", " ")},
        )
        return (*out, contract_line(terms.contract.number, text))
    if not pso_counts(terms.plan, profile):
        return (*out, pso_ignored(terms.contract.number, pso_ignored_reason(terms.plan, profile)))
    if pso.valid_until < terms.end:
        return (*out, pso_warning(terms.contract.number, pso.valid_until, terms.end))
    return out


def commitment_warnings(terms: ContractTerms) -> tuple[str, ...]:
    """A commitment binds only the lots whose plan was scored at award; where the contract also
    holds other lots, they keep the obligation of the tender, and the buyer is told so."""
    if terms.contract.commitment is None:
        return ()
    lots = terms.plan.obligation_lots
    bound = [lot.id for lot in lots if plan_at_tender(lot)]
    other = [lot.id for lot in lots if not plan_at_tender(lot)]
    if not bound or not other:
        return ()
    text = message("warning.commitment-partial", {"bound": ", ".join(bound), "other": ", ".join(other)})
    return (contract_line(terms.contract.number, text),)


def contract_line(number: str, text: str) -> str:
    """A warning about one contract: "contract <number>: ..." (catalog `warning.contract`)."""
    return message("warning.contract", {"number": number, "text": text})


def pso_ignored_reason(plan: Plan, profile: Profile) -> str:
    """Why a PSO certificate has no effect in this contract (lawyer5 MINOR-1), as the catalog code
    of the warning: no lot with an obligation at all (only the effort clause), a profile that does
    not accept PSO, or lots that all use a plan of approach."""
    if not plan.obligation_lots:
        return "warning.pso-ignored-no-obligation"
    if profile.pso is None:
        return "warning.pso-ignored-profile"
    return "warning.pso-ignored" if plan.has_lots else "warning.pso-ignored-single"


def pso_ignored(number: str, reason: str = "warning.pso-ignored") -> str:
    """The warning that a certificate does not count, with the catalog code of its reason."""
    return contract_line(number, message(reason))


def pso_warning(number: str, valid_until: datetime.date, end: datetime.date) -> str:
    params = {"valid_until": fmt.datum(valid_until), "end": fmt.datum(end)}
    return contract_line(number, message("warning.pso-ends-early", params))


def deadlines(terms: ContractTerms) -> dict[str, datetime.date]:
    """Every deadline of the contract counted from its start date (review M5)."""
    s = terms.plan.settings
    start = terms.start
    out = {
        "werkgeversservicepunt": start + datetime.timedelta(weeks=s.contact_weeks),
        "eerste_evaluatie": add_months(start, s.evaluation_months),
        "eindrapportage": terms.end + datetime.timedelta(weeks=s.report_weeks),
    }
    period = _PERIOD_MONTHS[s.reporting]
    first_end = add_months(start, period) - datetime.timedelta(days=1)
    if first_end < terms.end:
        out["eerste_rapportage"] = first_end + datetime.timedelta(weeks=s.report_weeks)
        # the first evaluation tests recognised figures: after the buyer confirmed the first report
        confirmed = out["eerste_rapportage"] + datetime.timedelta(weeks=s.report_weeks)
        out["eerste_evaluatie"] = max(out["eerste_evaluatie"], confirmed)
    if any("plan-van-aanpak" in lot.instruments and not lot.award_criterion for lot in terms.plan.obligation_lots):
        # a plan scored at award is already part of the contract: no new plan to hand in (lawyer M-2)
        out["plan_van_aanpak"] = start + datetime.timedelta(weeks=s.plan_weeks)
    if "buy-social" in terms.plan.instruments:
        out["pso_certificaat"] = start + datetime.timedelta(weeks=s.contact_weeks)
    return out


def below_accepted(level: str | None, profile: Profile) -> bool:
    """A certificate under the level the profile accepts (`pso.accepted_from`; buy-social.pso
    counts from that level on): it fills nothing (lawyer8 MAJOR-1)."""
    if level is None or profile.pso is None:
        return False
    return PSO_ORDER.index(level) < PSO_ORDER.index(profile.pso.accepted_from)


def pso_counts(plan: Plan, profile: Profile, level: str | None = None) -> bool:
    """Whether a PSO certificate (of `level`, where known) fills part of this plan's obligation:
    the profile accepts PSO at that level and a lot with an obligation uses Buy Social without a
    plan of approach (clause buy-social.pso)."""
    if below_accepted(level, profile):
        return False
    return profile.pso is not None and any(
        "buy-social" in lot.instruments and "plan-van-aanpak" not in lot.instruments for lot in plan.obligation_lots
    )


def context_data(terms: ContractTerms, tender: Tender, profile: Profile, award: Award) -> dict[str, Any]:
    """The `contract` entry of the clause context for a signed contract: plain data only."""
    contract = terms.contract
    commitment = None
    if contract.commitment is not None:
        bound = [lot for lot in terms.plan.obligation_lots if plan_at_tender(lot)]
        commitment = {
            "percentage": contract.commitment.percentage,
            "amount_eur": contract.commitment.amount_eur,
            "basis_eur": sum((lot.basis_eur for lot in bound), Decimal("0.00")),
            # the lots the commitment binds, where the contract also holds lots without such a plan
            "lots": tuple(lot.id for lot in bound) if len(bound) < len(terms.plan.obligation_lots) else (),
        }
    pso = None
    if contract.pso is not None:
        pso = {
            "level": contract.pso.level,
            "valid_until": contract.pso.valid_until,
            "ends_before_contract": contract.pso.valid_until < terms.end,
            # the one deadline of a renewal (buy-social.pso): weeks after its start; seamless: the day after
            "renewal_start": contract.pso.valid_until + datetime.timedelta(days=1),
            "renewal_due": contract.pso.valid_until
            + datetime.timedelta(days=1, weeks=terms.plan.settings.pso_renewal_weeks),
            "counts": pso_counts(terms.plan, profile, contract.pso.level),
        }
    return {
        "signed": True,
        "authority": {**authority_data(tender), "public_task": public_task_basis(tender, profile.settings)},
        "number": contract.number,
        "award_date": award.award_date,
        "contractor": {
            "name": contract.contractor.name,
            "kvk": contract.contractor.kvk,
            "address": contract.contractor.address,
            "signatories": (
                signers := tuple(contract.contractor.signatories or (contract.contractor.signatory or "",))
            ),
            "signatory": " en ".join(signers) if contract.contractor.signatories else contract.contractor.signatory,
            "partners": tuple(
                {"name": partner.name, "kvk": partner.kvk} for partner in contract.contractor.partners or ()
            ),
        },
        "lots": tuple(lot.id for lot in terms.plan.lots) if terms.plan.has_lots else (),
        "obligation_eur": terms.obligation,
        "start_date": terms.start,
        "end_date": terms.end,
        "deadlines": {
            key: day
            for key, day in deadlines(terms).items()
            if key != "pso_certificaat" or pso_counts(terms.plan, profile, contract.pso.level if contract.pso else None)
        },
        "commitment": commitment,
        # a lot's plan was scored at award, so the contractor could commit to more (algemeen.toezegging)
        "commitment_possible": any(plan_at_tender(lot) for lot in terms.plan.obligation_lots),
        "pso": pso,
        "holders": terms.holders,
        "lot_holders": tuple({"id": lot, "holders": n} for lot, n in terms.lot_holders),
        "awarded_shares": tuple(
            {"id": s.id, "holders": s.holders, "value_eur": s.value_eur, "obligation_eur": s.obligation_eur}
            for s in terms.awarded_shares
        ),
        "threshold_eur": obligation_threshold(profile),
        "framework_value_eur": terms.framework_value,
        "share_value_eur": terms.plan.total_value,
        "share_obligation_eur": terms.plan.total_obligation,
        "share_lots": tuple(
            {"id": lot.id, "value_eur": lot.value_eur, "obligation_eur": lot.obligation}
            for lot in terms.plan.obligation_lots
        ),
    }

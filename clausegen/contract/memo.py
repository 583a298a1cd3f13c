"""The memo's section on the award (`explain --memo --award`, lawyer's fifth reading MAJOR-2): per
contract its number, contractor, lots, obligation and basis, the commitment, the PSO certificate
and every award warning. It reads the same records `contract` writes from (`contract_terms`,
`contract_warnings`), so the memo and the contract annexes can never tell two stories. It lives in
`contract/` because `publish/` may not import this stage (tests/test_architecture.py); the memo
takes the finished section as an argument."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import fmt
from ..api import Prepared
from ..blocks import Article, Block, Para, Run
from ..fmt import listing
from ..rules import LotPlan
from .model import Award
from .terms import ContractTerms, below_accepted, contract_terms, contract_warnings, plan_at_tender, pso_counts


@dataclass(frozen=True)
class AwardSection:
    """The memo's award section and the warnings to print on stderr (the same texts)."""

    article: Article
    warnings: tuple[str, ...]


def _p(text: str, role: str = "body") -> Para:
    return Para((Run(text),), role)  # type: ignore[arg-type]


def _lots(ids: list[str]) -> str:
    return f"{'perceel' if len(ids) == 1 else 'percelen'} {listing(ids)}"


def _obligation(prepared: Prepared, terms: ContractTerms) -> str:
    """The obligation with its basis; a framework holder's figure is an estimate of its share."""
    plan = terms.plan
    if not plan.has_obligation:
        return "geen Social-returnverplichting (alleen de inspanningsbepaling)"
    basis = "opdrachtwaarde" if prepared.inputs.profile.basis == "opdrachtwaarde" else "loonsom"
    rates = {lot.percentage for lot in plan.obligation_lots if lot.percentage is not None}
    rate = _rate(plan.obligation_lots) if rates else ""
    if terms.holders > 1:
        call_offs = "de Afroepwaarde (de waarde van de Nadere overeenkomsten die aan deze Opdrachtnemer worden gegund)"
        share = f"{rate} van {call_offs}" if len(rates) == 1 else f"per perceel een percentage van {call_offs}, {rate}"
        if plan.obligation_level == "nadere-overeenkomst":  # the annex's own terms (thirteenth reading F MINOR-4)
            minimum = fmt.euro(prepared.inputs.profile.settings.call_off_min_eur)
            share = (f"per Nadere overeenkomst van {minimum} of meer {rate} van haar waarde, kleinere per "
                     "kalenderjaar gebundeld")  # fmt: skip
        return (
            f"Social-returnverplichting: {share}; raming over het Indicatief aandeel (gelijke verdeling over "
            f"{fmt.aantal(terms.holders)} houders) {fmt.euro(terms.obligation)}, als zodanig niet verschuldigd"
        )
    committed = any(lot.committed_eur is not None for lot in plan.obligation_lots)
    if plan.framework and plan.obligation_level == "raamovereenkomst":
        return _estimate(prepared, terms, rate, committed)
    if plan.has_lots and (len(rates) > 1 or committed):  # each lot with its own rate or committed amount
        per_lot = "; ".join(f"perceel {lot.id}: {_lot_figure(lot)}" for lot in plan.obligation_lots)
        return f"Social-returnverplichting {fmt.euro(terms.obligation)} ({basis}; {per_lot})"
    grondslag = sum((lot.basis_eur for lot in plan.obligation_lots), Decimal("0.00"))
    if committed:
        return (
            f"Social-returnverplichting {fmt.euro(terms.obligation)} (toegezegd bedrag; {basis} {fmt.euro(grondslag)})"
        )
    return f"Social-returnverplichting {fmt.euro(terms.obligation)} ({rate} van de {basis} {fmt.euro(grondslag)})"


def _estimate(prepared: Prepared, terms: ContractTerms, rate: str, committed: bool) -> str:
    """One holder of a framework with the obligation at framework level: the amount is a raming
    over the Geraamde waarde, and what is owed is the percentage of the Afroepwaarde, as the
    contract says and `contract.obligation_is_estimate` records (twelfth reading C MINOR-7, D
    MINOR-10)."""
    plan = terms.plan
    basis = "opdrachtwaarde" if prepared.inputs.profile.basis == "opdrachtwaarde" else "loonsom"
    lots = plan.obligation_lots
    rates = {lot.percentage for lot in lots if lot.percentage is not None}
    if plan.has_lots and (len(rates) > 1 or committed):
        detail = f"geraamde {basis}; " + "; ".join(f"perceel {lot.id}: {_lot_figure(lot)}" for lot in lots)
    else:
        grondslag = sum((lot.basis_eur for lot in lots), Decimal("0.00"))
        what = "toegezegd bedrag" if committed else rate
        detail = f"{what} {'bij' if committed else 'van'} de geraamde {basis} {fmt.euro(grondslag)}"
    call_offs = "de Loonsom van de Afroepwaarde" if basis == "loonsom" else "de Afroepwaarde"
    gloss = " (de werkelijke waarde van de Nadere overeenkomsten)"
    where = f" van {_lots([lot.id for lot in lots])}" if plan.has_lots else ""
    if committed:  # algemeen.toezegging: the committed amount times the real value over the estimated one
        if plan.has_lots and len(lots) > 1:
            owed = f"per perceel de raming van dat perceel maal {call_offs}{gloss} van dat perceel"
        else:
            owed = f"de raming maal {call_offs}{where}{gloss}"
        owed += f", gedeeld door de geraamde {basis}"
    elif len(rates) == 1:
        owed = f"{rate} van {call_offs}{where}{gloss}"
    else:
        owed = f"per perceel het percentage van {call_offs}{gloss} van dat perceel, {rate}"
    return (
        f"Social-returnverplichting: {owed}; raming {fmt.euro(terms.obligation)} ({detail}), als zodanig niet "
        "verschuldigd"
    )


def _rate(lots: tuple[LotPlan, ...]) -> str:
    """The rate of a contract's lots: one figure where they share it, else each lot with its own
    rate in the lot order of the tender ("perceel 1: 7%, perceel 2: 5%"; lawyer6 MINOR-3)."""
    rated = [lot for lot in lots if lot.percentage is not None]
    if len({lot.percentage for lot in rated}) == 1:
        return fmt.percentage(rated[0].percentage or Decimal(0))
    return ", ".join(f"perceel {lot.id}: {fmt.percentage(lot.percentage or Decimal(0))}" for lot in rated)


def _lot_figure(lot: LotPlan) -> str:
    """One lot's obligation with its source: the committed amount, or the rate over its basis."""
    if lot.committed_eur is not None:
        return f"{fmt.euro(lot.committed_eur)} toegezegd, bij een grondslag van {fmt.euro(lot.basis_eur)}"
    return f"{fmt.percentage(lot.percentage or Decimal(0))} van {fmt.euro(lot.basis_eur)}"


def _commitment(prepared: Prepared, terms: ContractTerms) -> str | None:
    commitment = terms.contract.commitment
    if commitment is None:
        return None
    plan = terms.plan
    bound = [lot.id for lot in plan.obligation_lots if plan_at_tender(lot)]
    other = [lot.id for lot in plan.obligation_lots if not plan_at_tender(lot)]
    what = fmt.percentage(commitment.percentage) if commitment.percentage is not None else None
    if what is None:
        assert commitment.amount_eur is not None  # Commitment's validator: exactly one of the two
        what = fmt.euro(commitment.amount_eur)
    where = f" voor {_lots(bound)}" if plan.has_lots and bound else ""
    text = f"toezegging {what}{where} (Plan van aanpak als gunningscriterium"
    if other:
        text += f"; voor {_lots(other)} geldt het percentage uit de aanbestedingsstukken"
    return text + ")"


def _pso(prepared: Prepared, terms: ContractTerms) -> str | None:
    """Whether the certificate counts here, and for what, by the rule of clause buy-social.pso."""
    certificate = terms.contract.pso
    if certificate is None:
        return None
    plan, profile = terms.plan, prepared.inputs.profile
    head = f"PSO-certificaat {certificate.level.replace('-', ' ')}, geldig tot {fmt.datum(certificate.valid_until)}"
    if not plan.has_obligation:
        return f"{head}: telt niet mee, omdat voor dit contract geen Social-returnverplichting geldt"
    if profile.pso is None:
        return f"{head}: telt niet mee, omdat het profiel PSO niet aanvaardt"
    if below_accepted(certificate.level, profile):
        assert profile.pso is not None
        accepted = profile.pso.accepted_from.replace("-", " ")
        return f"{head}: telt niet mee, omdat het profiel PSO pas vanaf {accepted} aanvaardt"
    if not pso_counts(plan, profile):
        return f"{head}: telt niet mee, omdat het Plan van aanpak de inzet bij de opdracht zelf beschrijft"
    lots = [lot.id for lot in plan.obligation_lots if "plan-van-aanpak" not in lot.instruments]
    share = fmt.percentage(plan.settings.pso_share_percent)
    where = f" van {_lots(lots)}" if plan.has_lots else ""
    text = f"{head}: telt mee voor ten hoogste {share} van de verplichting{where}"
    if certificate.valid_until < terms.end:
        text += f", en alleen tot {fmt.datum(certificate.valid_until)} (het contract loopt tot {fmt.datum(terms.end)})"
    return text


def award_section(prepared: Prepared, award: Award) -> AwardSection:
    """The section 'Gunning' of the memo, one paragraph per contract, then the award warnings."""
    inputs = prepared.inputs
    blocks: list[Block] = [
        _p(
            f"Gunning ({fmt.datum(award.award_date)}). Per overeenkomst staat hieronder wat de gunning vastlegt; "
            "de bijlage bij elke overeenkomst volgt uit dezelfde gegevens (clausegen contract)."
        )
    ]
    warnings: list[str] = []
    for item in award.contracts:
        terms = contract_terms(
            prepared.tender, prepared.plan, award, item, inputs.table, inputs.profile.reference_block
        )
        parts = [f"{item.number} – {item.contractor.name}"]
        if terms.plan.has_lots:
            parts.append(_lots([lot.id for lot in terms.plan.lots]))
        parts.append(_obligation(prepared, terms))
        parts += [part for part in (_commitment(prepared, terms), _pso(prepared, terms)) if part]
        blocks.append(_p(f"{parts[0]}: " + "; ".join(parts[1:]) + ".", "bullet"))
        warnings.extend(contract_warnings(terms, inputs.profile))
    if warnings:
        blocks.append(_p("Waarschuwingen bij de gunning:"))
        blocks += [_p(text, "bullet") for text in warnings]
    else:
        blocks.append(_p("De gunning geeft geen waarschuwingen."))
    return AwardSection(Article("Gunning", "_Mot_gunning_contracten", tuple(blocks)), tuple(warnings))

"""The motivation memo for the file (`explain --memo`): per lot why social return applies or
not, the basis and band, the obligation in euros and person-years per year, the instruments and
the alternatives not chosen, and the proportionality check; written through the document layer."""

from __future__ import annotations

from .. import fmt
from ..api import Prepared, created_at
from ..blocks import Article, Block, DocumentSpec, Para, Run, Table
from ..explanations import reason_text
from ..kinds import BAND_INSTRUMENTS, INSTRUMENT_NAMES
from ..model import authority_name
from ..rules import LotPlan
from .notice import REASONS
from .proportion import check_lot, per_year, supply_warning

TITLE = "Motivering social return"


def _p(text: str, role: str = "body") -> Para:
    return Para((Run(text),), role)  # type: ignore[arg-type]


def _lot_label(prepared: Prepared, lot: LotPlan) -> str:
    return f"Perceel {lot.id}: {lot.title}" if prepared.plan.has_lots else "De opdracht"


def _why(prepared: Prepared) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for lot in prepared.plan.lots:
        blocks.append(Para((Run(_lot_label(prepared, lot), bold=True),), "lot-heading"))
        if lot.has_obligation:
            blocks.append(_p("Social return wordt als bijzondere uitvoeringsvoorwaarde gesteld, omdat:"))
        else:
            reason = REASONS.get(lot.reason_code or "", "er geen verplichting geldt")
            blocks.append(_p(f"Geen social-returnverplichting, omdat {reason}. Onderbouwing:"))
        blocks += [Para((Run(reason_text(reason)),), "bullet") for reason in lot.reasons]
    return tuple(blocks)


def _figures(prepared: Prepared) -> tuple[Block, ...]:
    plan, tender = prepared.plan, prepared.tender
    basis = "opdrachtwaarde" if prepared.inputs.profile.basis == "opdrachtwaarde" else "loonsom"
    rows = []
    for lot in plan.lots:
        yearly = per_year(lot, tender)
        rows.append(
            (
                lot.id,
                fmt.euro(lot.basis_eur),
                str(lot.band) if lot.band else "-",
                fmt.percentage(lot.percentage) if lot.percentage is not None else "-",
                fmt.euro(lot.obligation),
                fmt.aantal(lot.person_years, 1) if lot.person_years is not None else "-",
                fmt.aantal(yearly, 1) if yearly is not None else "-",
            )
        )
    table = Table(
        ("Perceel", f"Grondslag ({basis})", "Schijf", "Percentage", "Verplichting", "Arbeidsjaren", "Per jaar"),
        tuple(rows),
        ("left", "right", "right", "right", "right", "right", "right"),
        ("Totaal", fmt.euro(plan.total_value), "", "", fmt.euro(plan.total_obligation), "", ""),
        (8, 20, 8, 12, 20, 14, 12),
    )
    return (
        _p(
            f"De grondslag is de {basis} per perceel; de schijf en het percentage volgen uit profiel "
            f"'{plan.profile_id}' (versie {plan.profile_version}). De arbeidsjaren zijn indicatief: de "
            f"verplichting gedeeld door de waarde van een arbeidsjaar in de waardetabel; 'per jaar' deelt "
            f"door de looptijd van {fmt.aantal(tender.duration_months)} maanden."
        ),
        table,
    )


def _instruments(prepared: Prepared) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for lot in prepared.plan.lots:
        if not lot.has_obligation:
            continue
        chosen = ", ".join(INSTRUMENT_NAMES.get(i, i) for i in lot.instruments)
        rest = [INSTRUMENT_NAMES.get(i, i) for i in BAND_INSTRUMENTS if i not in lot.instruments]
        blocks.append(Para((Run(_lot_label(prepared, lot), bold=True),), "lot-heading"))
        blocks.append(_p(f"Gekozen: {chosen}."))
        if rest:
            blocks.append(_p(f"Niet gekozen: {', '.join(rest)}; deze schijf van het profiel noemt ze niet."))
        else:
            blocks.append(_p("Alle instrumenten staan open; de inschrijver kiest de mix in zijn plan."))
        if lot.award_criterion:
            blocks.append(_p("Social return weegt daarnaast mee als gunningscriterium."))
        else:
            blocks.append(_p("Social return is geen gunningscriterium: deze schijf vraagt dat niet."))
    if not blocks:
        blocks.append(_p("Geen perceel heeft een verplichting, dus er zijn geen instrumenten gekozen."))
    return tuple(blocks)


def _proportion(prepared: Prepared) -> tuple[Block, ...]:
    plan, tender = prepared.plan, prepared.tender
    share = fmt.percentage(plan.settings.max_person_years_per_year_share * 100)
    blocks: list[Block] = [
        _p(
            "Toets: de indicatieve arbeidsjaren per jaar mogen niet meer zijn dan "
            f"{share} van de arbeidsjaren per jaar die de opdracht zelf aan arbeid vraagt "
            "(waarde × arbeidsaandeel ÷ looptijd in jaren ÷ waarde van een arbeidsjaar)."
        )
    ]
    for lot in plan.lots:
        result = check_lot(lot, plan, tender)
        verdict = "Niet evenredig, herzien of motiveren: " if result.warning else "Evenredig: "
        if result.capacity_per_year is None:
            verdict = ""
        blocks.append(Para((Run(verdict + result.note),), "bullet"))
    supply = supply_warning(prepared.inputs.profile.kind, plan, tender)
    if supply:
        blocks.append(_p(supply))
    return tuple(blocks)


def memo_spec(prepared: Prepared) -> DocumentSpec:
    tender, plan = prepared.tender, prepared.plan
    articles = (
        Article("Waarom social return wel of niet", "_Mot_waarom", _why(prepared)),
        Article("Grondslag, schijf en verplichting", "_Mot_cijfers", _figures(prepared)),
        Article("Instrumenten en alternatieven", "_Mot_instrumenten", _instruments(prepared)),
        Article("Evenredigheid", "_Mot_evenredigheid", _proportion(prepared)),
    )
    return DocumentSpec(
        kind="motivering",
        title=TITLE,
        subtitle=tender.title,
        header_text=f"{tender.reference} · {TITLE}",
        info=(
            ("Aanbesteding", tender.title),
            ("Referentie", tender.reference),
            ("Aanbestedende dienst", authority_name(tender.contracting_authority)),
            ("Datum", fmt.datum(tender.publication_date)),
            (
                "Raming social return, alle Opdrachtnemers samen"  # nobody owes the sum of all holders (n-13)
                if plan.framework and (tender.suppliers or 1) > 1 and plan.obligation_level != "nadere-overeenkomst"
                else "Totale social-returnverplichting",
                fmt.euro(plan.total_obligation),
            ),
        ),
        articles=articles,
        core={
            "title": f"{TITLE}: {tender.title}",
            "subject": "Social return",
            "keywords": f"social return; motivering; {tender.reference}",
            "author": authority_name(tender.contracting_authority),
        },
        custom={
            "clausegen.reference": tender.reference,
            "clausegen.profile": plan.profile_id,
            "clausegen.profile_version": str(plan.profile_version),
            "clausegen.library": prepared.library.fingerprint,
            "clausegen.kind": "motivering",
        },
    )


def memo_docx(prepared: Prepared) -> bytes:
    """The memo as .docx bytes (base template, fixed timestamps)."""
    from ..docx.writer import write_docx

    return write_docx(memo_spec(prepared), None, created_at(prepared.tender))

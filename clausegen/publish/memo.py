"""The motivation memo for the file (`explain --memo`): per lot why social return applies or
not, the link with the subject matter, the basis and band, the obligation in euros and
person-years per year, the instruments and the alternatives not chosen, the award criterion, the
framework's holders, the Doelgroep and privacy, PSO and Buy Social, and the proportionality check;
written through the document layer. Its headings are numbered '1.', not 'Artikel 1': a memo is
not a contract (lawyer m-21). The motivating sections are in `memo_sections`."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from .. import fmt
from ..api import Prepared, created_at
from ..blocks import Article, Block, DocumentSpec, Para, Run, Table
from ..documents.properties import document_properties
from ..explanations import reason_text
from ..kinds import BAND_INSTRUMENTS, INSTRUMENT_NAMES
from ..model import authority_name, obligation_threshold
from ..rules import LotPlan, Reason, select_band
from . import memo_sections as sections
from .notice import REASONS
from .proportion import check_lot, per_year, supply_warning

TITLE = "Motivering social return"
UNMOTIVATED = (
    "Let op: de evenredigheid van de verplichting is niet gemotiveerd. Vul vóór publicatie labour_share of "
    "proportionality_motivation in."
)
"""The memo's sentence when neither a labour share nor a motivation is given (lawyer4 MINOR-1)."""


_p = sections.p


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
            if lot.reason_code == "leveringen":
                reason = _SUPPLIES_REASON.format(profile=prepared.inputs.profile.id)
            blocks.append(_p(f"Geen social-returnverplichting, omdat {reason}. Onderbouwing:"))
        blocks += [Para((Run(_reason(prepared, reason)),), "bullet") for reason in lot.reasons]
        if lot.reason_code == "leveringen":
            blocks.append(_p(_SUPPLIES_CHOICE))
        if lot.reason_code == "onder-drempel":
            blocks.append(_p(_below_threshold(prepared)))
    return tuple(blocks)


def _reason(prepared: Prepared, reason: Reason) -> str:
    """A reason of the plan as the memo prints it: in a framework the value is the Geraamde waarde,
    so its obligation is an estimate (a raming), not what a holder owes (tenth reading MINOR-2)."""
    if prepared.plan.framework and reason.code == "verplichting":
        reason = Reason("raming", reason.values)
    if reason.code == "instrumenten":  # their names, not the profile's ids (fifteenth reading I TAAL-4)
        return "instrumenten: " + ", ".join(INSTRUMENT_NAMES.get(i, i) for i in reason["instruments"])
    return reason_text(reason)


def _below_threshold(prepared: Prepared) -> str:
    """Why a lot below the threshold has no obligation: the profile's bands (lawyer6 MINOR-4)."""
    profile = prepared.inputs.profile
    threshold = obligation_threshold(profile)
    up_to = f" tot en met {fmt.euro(threshold)}" if threshold is not None else ""
    return (
        f"Profiel '{profile.id}' stelt in zijn eerste schijf{up_to} geen verplichting: bij een opdracht van "
        "die omvang staat de last van een verplichting en van de verantwoording ervan, voor de opdrachtnemer en "
        "voor de opdrachtgever, niet in een redelijke verhouding tot wat zij voor de Doelgroep oplevert "
        "(evenredigheid, artikel 1.10 Aanbestedingswet 2012)."
    )


_SUPPLIES_REASON = (
    "bij leveringen het aandeel arbeid bij de uitvoering van de opdracht doorgaans klein is; daarom stelt "
    "profiel '{profile}' geen verplichting"
)
"""Why a supplies profile sets no obligation: a choice of the profile, not a rule (lawyer6 MINOR-11)."""
_SUPPLIES_CHOICE = (
    "Dit is een keuze van het profiel en geen wettelijke uitsluiting. Omvat de opdracht een wezenlijk deel "
    "arbeid bij de uitvoering, zoals installatie, montage of onderhoud, dan kan de aanbestedende dienst ook bij "
    "een levering social return als bijzondere uitvoeringsvoorwaarde stellen, met een profiel dat bij dat werk "
    "past, mits de verplichting in een redelijke verhouding staat tot het voorwerp van de opdracht "
    "(evenredigheid, artikel 1.10 Aanbestedingswet 2012)."
)


def _figures(prepared: Prepared) -> tuple[Block, ...]:
    plan, tender = prepared.plan, prepared.tender
    basis = "opdrachtwaarde" if prepared.inputs.profile.basis == "opdrachtwaarde" else "loonsom"
    if plan.framework:
        return _figures_table(prepared, _estimate_heads(prepared), _estimate_note(prepared))
    per_lot = " per perceel" if plan.has_lots else ""
    note = (
        f"De grondslag is de {basis}{per_lot}; de schijf en het percentage volgen uit profiel "
        f"'{plan.profile_id}' (versie {plan.profile_version}). De arbeidsjaren zijn indicatief: de "
        f"verplichting gedeeld door de waarde van een arbeidsjaar in de waardetabel, naar beneden afgerond op "
        f"een tiende; 'per jaar' deelt dat quotiënt vóór de afronding door de looptijd van "
        f"{fmt.aantal(tender.duration_months)} maanden en rondt dan één keer af."
    )
    return _figures_table(prepared, (f"Grondslag ({basis})", "Verplichting"), note)


def _estimate_heads(prepared: Prepared) -> tuple[str, str]:
    """A framework's columns: the Geraamde waarde measures band and estimate; nobody owes the sum."""
    if prepared.inputs.profile.basis == "opdrachtwaarde":
        return ("Geraamde waarde (maatstaf voor schijf en raming)", "Raming")
    return ("Geraamde loonsom (maatstaf voor de raming)", "Raming")


def _estimate_note(prepared: Prepared) -> str:
    """What a framework's figures are: an estimate over the Geraamde waarde; what is owed is the
    percentage of the real value, per holder or per Nadere overeenkomst, as the annex says."""
    plan, tender = prepared.plan, prepared.tender
    holders = tender.suppliers or 1
    per_lot = " per perceel" if plan.has_lots else ""
    if plan.obligation_level == "nadere-overeenkomst":
        owed = "de waarde van elke nadere overeenkomst (kleine nadere overeenkomsten per kalenderjaar gebundeld)"
    elif holders > 1:
        owed = "de Afroepwaarde van elke houder (de waarde van de nadere overeenkomsten die aan hem worden gegund)"
    else:
        owed = "de Afroepwaarde (de werkelijke waarde van de nadere overeenkomsten)"
    everyone = ", voor alle houders samen" if holders > 1 else ""
    value = "waarde" if prepared.inputs.profile.basis == "opdrachtwaarde" else "loonsom"
    return (
        f"De geraamde {value}{per_lot} is de maatstaf voor de schijf en voor de raming{everyone}; de schijf en "
        f"het percentage volgen uit profiel '{plan.profile_id}' (versie {plan.profile_version}). De raming is "
        f"niet verschuldigd: verschuldigd is het percentage van {owed}. De arbeidsjaren zijn indicatief: de "
        f"raming gedeeld door de waarde van een arbeidsjaar in de waardetabel, naar beneden afgerond op een "
        f"tiende; 'per jaar' deelt dat quotiënt vóór de afronding door de looptijd van "
        f"{fmt.aantal(tender.duration_months)} maanden en rondt dan één keer af."
    )


def _figures_table(prepared: Prepared, heads: tuple[str, str], note: str) -> tuple[Block, ...]:
    plan, tender = prepared.plan, prepared.tender
    rows = []
    for lot in plan.lots:
        yearly = per_year(lot, plan, tender)
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
        ("Perceel", heads[0], "Schijf", "Percentage", heads[1], "Arbeidsjaren", "Per jaar"),
        tuple(rows),
        ("left", "right", "right", "right", "right", "right", "right"),
        ("Totaal", fmt.euro(plan.total_value), "", "", fmt.euro(plan.total_obligation), "", ""),
        (8, 20, 8, 12, 20, 14, 12),
    )
    if not plan.has_lots:  # one row, no lot number and no total (seventh MINOR-4)
        table = Table(table.header[1:], tuple(row[1:] for row in table.rows), table.align[1:], None, table.widths[1:])
    return (
        _p(note),
        table,
        *_combined_band(prepared),
    )


def _combined_band(prepared: Prepared) -> tuple[Block, ...]:
    """Lots that together fall in a higher band than each alone (lawyer's fifth reading MINOR-8):
    lawful, since each lot is banded by its own value. The buyer decides before publication whether
    the lots together follow the higher band: whether one contractor wins them all is known only at
    award, and after award the obligation can no longer be made heavier (eleventh reading A MINOR-8)."""
    plan, bands = prepared.plan, prepared.inputs.profile.bands
    banded = [lot for lot in plan.lots if lot.band > 0]
    if not plan.has_lots or len(banded) < 2:
        return ()
    total = sum((lot.value_eur for lot in banded), Decimal("0.00"))
    together = select_band(bands, total) + 1
    if together <= max(lot.band for lot in banded):
        return ()
    wanted = bands[together - 1]
    asks = [INSTRUMENT_NAMES.get(i, i) for i in wanted.instruments]
    if wanted.award_criterion:
        asks.append("social return als gunningscriterium")
    what = f" Schijf {together} vraagt: {fmt.listing(asks)}." if asks else ""
    if "plan-van-aanpak" in wanted.instruments:
        criterion = " als gunningscriterium" if wanted.award_criterion else ""
        example = f" (bijvoorbeeld één perceelsoverstijgend plan van aanpak{criterion})"
    elif wanted.award_criterion:
        example = " (bijvoorbeeld social return als gunningscriterium voor de percelen samen)"
    else:
        example = ""
    ids = fmt.listing([lot.id for lot in banded])
    return (
        _p(
            f"Let op: de percelen {ids} samen ({fmt.euro(total)}) vallen in schijf {together}; per perceel is de "
            f"schijf lager.{what} Overweeg vóór publicatie of de percelen samen schijf {together} moeten "
            f"volgen{example}; na de gunning kan de verplichting niet meer worden verzwaard (artikel 1.9 "
            "Aanbestedingswet 2012). Volgen zij die schijf niet, dan legt de aanbestedende dienst in het dossier "
            "vast waarom elk perceel op zijn eigen waarde is ingedeeld."
        ),
    )


def _who_chooses(prepared: Prepared, lot: LotPlan) -> str:
    """Who picks the mix of instruments and when: with a plan of approach as award criterion the
    bidder in the plan he tenders; with a plan after award (bouw) the contractor after award, never
    'de inschrijver' (lawyer M-9); without a plan the contractor during the contract."""
    who = sections.party(prepared)
    if "plan-van-aanpak" in lot.instruments and lot.award_criterion:
        return "de inschrijver kiest de mix in het Plan van aanpak dat hij bij zijn inschrijving indient"
    if "plan-van-aanpak" in lot.instruments:
        return f"de {who} kiest de mix na gunning in het Plan van aanpak dat hij dan opstelt"
    return f"de {who} kiest de mix bij de uitvoering"


_PRONOUNS: dict[str, str] = {
    "generieke-maatregel": "die",  # de generieke maatregel
    "plan-van-aanpak": "het",  # een plan van aanpak
    "bouwblokken": "ze",  # de bouwblokken van de waardetabel
    "buy-social": "die",  # inkoop bij sociale ondernemingen
}
"""The pronoun that takes up one band instrument's phrase (kinds.INSTRUMENT_NAMES) in the memo."""


def _pronoun(lot: LotPlan) -> str:
    """The pronoun for the instruments not chosen: "ze" for several, else the one instrument's own
    ("een plan van aanpak; ... noemt het niet", eleventh reading A TAAL-1)."""
    rest = [i for i in BAND_INSTRUMENTS if i not in lot.instruments]
    return _PRONOUNS.get(rest[0], "het") if len(rest) == 1 else "ze"


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
            blocks.append(
                _p(f"Niet gekozen: {', '.join(rest)}; deze schijf van het profiel noemt {_pronoun(lot)} niet.")
            )
        else:
            blocks.append(_p(f"Alle instrumenten staan open; {_who_chooses(prepared, lot)}."))
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
        ),
        _p(_SOURCE.format(share=share, profile=plan.profile_id)),
        *_labour_year(prepared),
    ]
    if tender.labour_share is None and plan.has_obligation:
        return (*blocks, *_unchecked(prepared))
    for lot in plan.lots:
        result = check_lot(lot, plan, tender)
        verdict = "Niet evenredig, herzien of motiveren: " if result.warning else "Evenredig: "
        if result.capacity_per_year is None:
            verdict = ""
        blocks.append(Para((Run(verdict + result.note),), "bullet"))
    supply = supply_warning(prepared.inputs.profile.kind, plan, tender)
    if supply:
        blocks.append(_p(supply))
    if tender.proportionality_motivation:
        blocks.append(_p(f"Motivering van de aanbestedende dienst: {tender.proportionality_motivation}"))
    return tuple(blocks)


_SOURCE = (
    "De eis van evenredigheid volgt uit artikel 1.10 Aanbestedingswet 2012 (proportionaliteit): de aanbestedende "
    "dienst stelt alleen voorwaarden die in een redelijke verhouding staan tot het voorwerp van de opdracht. "
    "Daarbij is de Gids Proportionaliteit het aangewezen richtsnoer (artikel 1.10, vierde lid, Aanbestedingswet "
    "2012 en artikel 2 Aanbestedingsbesluit): de aanbestedende dienst past de voorschriften daarvan toe of "
    "motiveert in de aanbestedingsstukken waarom hij ervan afwijkt. De grens van {share} is geen norm uit de wet "
    "of uit de Gids Proportionaliteit, maar een beleidskeuze van de aanbestedende dienst (instelling "
    "max_person_years_per_year_share van profiel '{profile}')."
)
"""The legal source of the proportionality test, and that its limit is policy (twelfth reading C MINOR-4)."""


def _labour_year(prepared: Prepared) -> tuple[Block, ...]:
    """What a labour year is worth here: the reference block of the value table in force, an
    Inspanningswaarde and not a wage cost (lawyer's fifth reading MINOR-7); never a typed figure."""
    value = prepared.plan.reference_value_eur
    block = prepared.inputs.table.block(prepared.inputs.profile.reference_block)
    if value is None or block is None:
        return ()
    return (
        _p(
            f"De waarde van een arbeidsjaar is hier benaderd met de Inspanningswaarde van '{block.label}' "
            f"({fmt.euro(value)}, waardetabel {prepared.inputs.table.name}); dat is geen loonkostprijs."
        ),
    )


def _unchecked(prepared: Prepared) -> tuple[Block, ...]:
    """No `labour_share`: the check cannot be made, so the memo never calls the obligation
    proportionate; it prints the buyer's own motivation, or says that one is missing (M-9)."""
    plan, tender = prepared.plan, prepared.tender
    blocks: list[Block] = [
        _p(
            "De aanbesteding geeft geen aandeel arbeid (labour_share), dus deze toets is niet gedaan. De "
            "aanbestedende dienst motiveert zelf waarom de verplichting evenredig is aan de opdracht."
        )
    ]
    for lot in plan.obligation_lots:
        yearly = per_year(lot, plan, tender)
        if yearly is not None:
            label = f"Perceel {lot.id}" if plan.has_lots else "De opdracht"
            blocks.append(_p(f"{label}: {fmt.aantal(yearly, 1)} indicatieve arbeidsjaren per jaar.", "bullet"))
    if tender.proportionality_motivation:
        blocks.append(_p(f"Motivering van de aanbestedende dienst: {tender.proportionality_motivation}"))
    else:
        # the same gap `generate` and `explain` warn about on stderr (motivation_warning, MINOR-1)
        blocks.append(_p(UNMOTIVATED))
    return tuple(blocks)


def _total_label(prepared: Prepared) -> str:
    """The cover's label for the total: a framework with several holders or an obligation per
    call-off has no one total a supplier owes, so the label says what the sum is (M-9)."""
    plan, holders = prepared.plan, prepared.tender.suppliers or 1
    if plan.framework and holders > 1:
        return "Raming social return, alle Opdrachtnemers samen"  # nobody owes the sum of all holders (n-13)
    if plan.framework and plan.obligation_level == "nadere-overeenkomst":
        return "Raming social return, alle Nadere overeenkomsten samen (verschuldigd per Nadere overeenkomst)"
    if plan.framework and plan.has_obligation:  # one holder: the percentage of the Afroepwaarde (F MINOR-5)
        return "Raming social return"
    return "Totale social-returnverplichting"


def _articles(prepared: Prepared, extra: tuple[Article, ...] = ()) -> tuple[Article, ...]:
    """The sections in order; a section that has nothing to motivate for this tender is left out.
    `extra` are sections another stage built (the award's, `contract.memo`), placed last."""
    plan = prepared.plan
    found = [Article("Waarom social return wel of niet", "_Mot_waarom", _why(prepared))]
    if plan.has_obligation:
        found.append(
            Article("Verband met het voorwerp van de opdracht", "_Mot_voorwerp", sections.subject_matter(prepared))
        )
    found.append(Article(sections.figures_heading(prepared), "_Mot_cijfers", _figures(prepared)))
    found.append(Article("Instrumenten en alternatieven", "_Mot_instrumenten", _instruments(prepared)))
    if plan.award_criterion:
        found.append(Article("Gunningscriterium en beoordelingsmethode", "_Mot_gunning", sections.award(prepared)))
    if plan.framework and plan.has_obligation:
        found.append(Article("Meer leveranciers en nadere overeenkomsten", "_Mot_raam", sections.framework(prepared)))
    if plan.has_obligation:
        found.append(Article("Doelgroep en privacy", "_Mot_doelgroep", sections.privacy(prepared)))
        found.append(Article("PSO en Buy Social", "_Mot_pso", sections.pso_buy_social(prepared)))
    found.append(Article("Evenredigheid", "_Mot_evenredigheid", _proportion(prepared)))
    return _settings_apart(prepared, (*found, *extra))


SETTING = re.compile(r" \((?:profiel)?instelling ([a-z_]+)(?: van profiel '[^']*')?\)")
"""A profile setting's name in brackets in a memo sentence, such as "(instelling retention_years)"."""


def _settings_apart(prepared: Prepared, articles: tuple[Article, ...]) -> tuple[Article, ...]:
    """The memo is the buyer's motivation for the file (art. 1.10 Aw 2012): its sentences name no
    setting of the program; each setting they rest on is listed, with the section that uses it, in
    a technical annex at the end (fifteenth reading I TAAL-4)."""
    used: dict[str, list[str]] = {}

    def strip(article: Article, text: str) -> str:
        for name in SETTING.findall(text):
            sections_of = used.setdefault(name, [])
            if article.title not in sections_of:
                sections_of.append(article.title)
        return SETTING.sub("", text)

    out = []
    for article in articles:
        blocks = tuple(
            replace(block, runs=tuple(replace(run, text=strip(article, run.text)) for run in block.runs))
            if isinstance(block, Para) else block
            for block in article.blocks
        )  # fmt: skip
        out.append(replace(article, blocks=blocks))
    if not used:
        return tuple(out)
    plan = prepared.plan
    listed = "; ".join(f"{name} ({', '.join(titles)})" for name, titles in used.items())
    annex = (
        _p(f"De keuzes in dit memo volgen uit deze instellingen van profiel '{plan.profile_id}' (versie "
           f"{plan.profile_version}), met de onderdelen van het memo die erop rusten: {listed}."),
    )  # fmt: skip
    return (*out, Article("Technische bijlage: instellingen", "_Mot_instellingen", annex))


def memo_spec(prepared: Prepared, extra: tuple[Article, ...] = ()) -> DocumentSpec:
    tender, plan = prepared.tender, prepared.plan
    core, custom = document_properties(
        TITLE,
        tender,
        "motivering",
        (plan.profile_id, plan.profile_version),
        prepared.library.fingerprint,
        "motivering",
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
            (_total_label(prepared), fmt.euro(plan.total_obligation)),
        ),
        articles=_articles(prepared, extra),
        numbering="memo",
        core=core,
        custom=custom,
    )


def memo_docx(prepared: Prepared, extra: tuple[Article, ...] = ()) -> bytes:
    """The memo as .docx bytes (base template, fixed timestamps); `extra`: sections placed last,
    such as the award's (`contract.memo.award_section`)."""
    from ..docx.writer import write_docx

    return write_docx(memo_spec(prepared, extra), None, created_at(prepared.tender))

"""The Dutch words of the workbook: how to fill it in, the counting rules of the contract, and
the privacy rule. Kept apart from the layout so the text can be read and reviewed as text."""

from __future__ import annotations

from decimal import Decimal

from ..fmt import datum, euro
from .afroep import AFROEPWAARDE, CALL_OFF_HEADING, CALL_OFF_LABEL, is_framework
from .terms import BONUSES, CALL_OFF, LEVEL, ContractBlock, ContractLot, Terms

INDICATIVE = (
    "De bedragen in deze werkmap zijn een indicatie voor uzelf. De Opdrachtgever stelt de waarde "
    "vast met de telregels van het contract (clausegen realisatie). De werkmap past het maximum per "
    "kandidaat over al zijn regels toe in de volgorde van de regels (zet ze op datum); regels van "
    "dezelfde kandidaat die elkaar overlappen, rekent alleen de Opdrachtgever uit."
)


def _n(value: Decimal) -> str:
    """`36`, `18,5`: a figure without trailing zeros, with a decimal comma."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


VOLUNTARY_TITLE = "Vrijwillige inzet social return"
VOLUNTARY = (
    "Vrijwillige inzet (geen verplichting, geen Hersteltermijn, geen sanctie); invullen is niet verplicht. "
    "Wie de inzet wil laten zien, kan haar hier op dezelfde manier vastleggen."
)
"""n-14: a contract with only the effort clause gets a workbook headed as voluntary."""


def guide_title(terms: Terms) -> str:
    if not terms.has_obligation:
        return f"{VOLUNTARY_TITLE} – contract {terms.number}"
    return f"Verantwoording social return – contract {terms.number}"


def term_text(terms: Terms) -> str:
    """The Looptijd; a work's runs to the oplevering (the date below is the planned one)."""
    if terms.works:
        return f"{datum(terms.start_date)} tot de oplevering van het werk (gepland: {datum(terms.end_date)})"
    return f"{datum(terms.start_date)} tot en met {datum(terms.end_date)}"


PSO_FACT = "Ingevuld door PSO-certificaat (indicatief, zolang het geldig is)"
PSO_PERCENT_NOTE = (
    "Het percentage telt het deel mee dat het PSO-certificaat invult, zolang het geldig is; de kolom "
    "ingevuld_eur bevat alleen de regels van het blad Invoer."
)


def pso_term_eur(terms: Terms) -> Decimal:
    """What the PSO certificate fills over the Looptijd if it stays valid until its end date."""
    from .valuation import pso_credit

    term = (terms.start_date, terms.end_date)
    return sum((pso_credit(terms, lot, lot.obligation_eur, term, terms.end_date) for lot in terms.lots), Decimal(0))


def obligation_text(terms: Terms) -> str:
    if not terms.has_obligation:
        return "geen (vrijwillige inzet)"
    if terms.per_call_off:  # lawyer7 MAJOR-1: owed per call-off, nothing at framework level
        return (f"{euro(terms.obligation_eur)} (raming voor al uw Nadere overeenkomsten samen); verschuldigd is per "
                f"Nadere overeenkomst het percentage van haar waarde ({terms.article(CALL_OFF).cite()})")  # fmt: skip
    if terms.holders > 1:
        return f"{euro(terms.obligation_eur)} (raming over het Indicatief aandeel); verschuldigd is {owed_share(terms)}"
    if terms.single_framework:
        return (f"{euro(terms.obligation_eur)} (raming); verschuldigd is het percentage van de werkelijke waarde van "
                f"alle Nadere overeenkomsten ({terms.article(LEVEL).cite()})")  # fmt: skip
    return euro(terms.obligation_eur)


OWED = "van de werkelijke waarde van uw Nadere overeenkomsten"


def owed_share(terms: Terms) -> str:
    """What a framework holder owes, per lot in lot order, each lot with its own percentage and
    whether it is the one committed in the Plan van aanpak (sixth legal reading MINOR-5: not
    "5% of 7%")."""
    lots = [lot for lot in terms.lots if lot.percentage is not None]
    if not lots:
        return f"het percentage van het contract {OWED}"
    if len(lots) == 1:
        lot = lots[0]
        committed = f" ({COMMITTED})" if lot.id in terms.committed else ""
        return f"{_percent(lot)}{committed} {OWED}" + (f" voor perceel {lot.id}" if terms.has_lots else "")
    shares = "; ".join(
        f"perceel {lot.id}: {_percent(lot)}" + (f", {COMMITTED}" if lot.id in terms.committed else "") for lot in lots
    )
    return f"per perceel het percentage {OWED} voor dat perceel ({shares})"


COMMITTED = "toegezegd in het Plan van aanpak"


def _percent(lot: ContractLot) -> str:
    assert lot.percentage is not None
    return f"{_n(lot.percentage)}%"


def obligation_facts(terms: Terms) -> list[tuple[str, str]]:
    """The facts at the top of the sheet 'Verplichting', in the contract's own words."""
    facts = [
        ("Contract", terms.number),
        (terms.party, terms.contractor),
        ("Looptijd", term_text(terms)),
        ("Social-returnverplichting", obligation_text(terms)),
    ]
    if not terms.has_obligation:
        return [*facts, ("Let op", VOLUNTARY)]
    if terms.pso is not None:
        facts.append((PSO_FACT, euro(pso_term_eur(terms))))
    facts += [
        (
            "Hersteltermijn",
            f"{terms.recovery_months} maanden na de schriftelijke melding van een tekort"
            + (
                f"; voor het deel boven de raming {terms.excess_months} maanden"
                if terms.call_off_valued and not terms.per_call_off
                else ""
            ),
        ),  # fmt: skip
        ("Rapportage", terms.reporting),
    ]
    return facts


def guide_lines(terms: Terms) -> list[tuple[str, str]]:
    """The instruction sheet, line by line: ("head", text) or ("text", text)."""
    hours = _n(terms.hours_per_week)
    lots = ", ".join(lot.id for lot in terms.lots) if terms.has_lots else ""
    lines: list[tuple[str, str]] = [
        *((("text", VOLUNTARY), ("text", "")) if not terms.has_obligation else ()),
        (
            "text",
            f"{terms.party}: {terms.contractor.removesuffix('.')}. Looptijd: {term_text(terms)}. "
            f"Social-returnverplichting: {obligation_text(terms)}.",
        ),  # fmt: skip
        ("text", ""),
        ("head", "Zo vult u de werkmap in"),
        (
            "text",
            "1. Vul alleen het blad 'Invoer' in: één regel per dienstverband, leerwerkplek, inkoop of "
            "ondersteuning. Laat de kopregel staan en verander de kolommen niet.",
        ),
        (
            "text",
            "2. perceel: "
            + (
                f"het perceel waarvoor de inzet telt ({lots})."
                if terms.has_lots
                else "laat leeg; dit contract heeft geen percelen."
            ),
        ),  # fmt: skip
        (
            "text",
            "3. kandidaat: uw eigen nummer voor de persoon, zoals K-001. Gebruik voor dezelfde persoon "
            "steeds hetzelfde nummer. Leeg bij inkoop en ondersteuning.",
        ),
        ("text", "4. bouwblok: kies uit de lijst (zie het blad 'Waardetabel')."),
        ("text", f"5. uren_per_week: de uren volgens het contract met de kandidaat; voltijd is {hours} uur."),
        (
            "text",
            "6. van en tot: de eerste en de laatste dag (beide tellen mee), als datum, zoals 1-4-2027. Vul "
            "alleen in wat tot en met de peildatum van deze verantwoording is gebeurd: loopt een "
            "dienstverband daarna door, vul dan als tot de peildatum in en meld het vervolg in de volgende "
            "verantwoording. Bij inkoop is van de factuurdatum en tot de dag waarop u de factuur betaalde.",
        ),
        ("text", "7. toeslagen: alleen bij een plaatsing; kies uit de lijst of typ ze gescheiden door komma's."),
        (
            "text",
            "8. bedrag_eur: bij inkoop het loonkostendeel van de factuur en bij ondersteuning de kosten, "
            "steeds exclusief btw. Bij ondersteuning in uren laat u het bedrag leeg en vult u "
            "uren_per_week, van en tot in.",
        ),
        (
            "text",
            "9. toelichting: een korte omschrijving van de inzet, zonder gegevens over de persoon. Bij werk "
            "elders in de onderneming of ondersteuning ook de datum waarop de Opdrachtgever schriftelijk "
            "instemde.",
        ),
        *_call_off_lines(terms),
        *_maintenance_lines(terms),
        (
            "text",
            "Lever de werkmap in als .xlsx. Een .csv met dezelfde kolommen (gescheiden door puntkomma's "
            "of komma's; datums als 1-4-2027 of 2027-04-01; bedragen met een decimale komma) mag ook.",
        ),
        ("text", ""),
        ("head", "Privacy"),
        (
            "text",
            "Vul nooit een naam, BSN, geboortedatum, adres of gegevens over gezondheid, een uitkering of "
            "een strafrechtelijk verleden in. De kandidaat is alleen uw eigen kandidaatnummer; het bewijs "
            "(contracten, loonstroken, verklaringen) houdt u zelf bij en laat u op verzoek inzien. Een "
            "regel met iets dat op een BSN lijkt, wordt geweigerd.",
        ),
        ("text", ""),
        ("head", "Zo telt de inzet (de telregels van het contract)"),
        (
            "text",
            f"- Een plaatsing of leerwerkplek telt voor de waarde van het bouwblok × (uren per week / "
            f"{hours}, ten hoogste 1) × (maanden / 12). De maanden zijn de kalendermaanden van van tot en "
            "met tot binnen de looptijd; een deel van een maand telt als het aantal dagen gedeeld door "
            "de dagen van die maand.",
        ),
        (
            "text",
            f"- Een kandidaat telt ten hoogste {terms.max_months_per_candidate} maanden mee, over al zijn "
            "regels samen, in volgorde van datum. Overlappen regels van dezelfde kandidaat, dan tellen zijn "
            f"uren in de overlap samen tot ten hoogste {hours} per week: de eerdere regel gaat voor, en de "
            "maanden van de overlap tellen één keer"
            + (
                ", ook als de regels bij verschillende Nadere overeenkomsten horen."
                if terms.contract_type == "raamovereenkomst"
                else "."
            ),  # fmt: skip
        ),
        (
            "text",
            "- Een toeslag telt alleen bij een plaatsing, met dezelfde uren en maanden als die plaatsing, "
            "en elke toeslag één keer per regel.",
        ),
        (
            "text",
            f"- Inkoop bij een Sociale onderneming telt voor {_n(terms.buy_social_share_percent)}% van het "
            "loonkostendeel van de factuur, exclusief btw, als de factuur in de looptijd is gedateerd en "
            "betaald (van en tot).",
        ),
        (
            "text",
            f"- Ondersteuning telt voor de kosten exclusief btw, of voor de uren × "
            f"{euro(terms.hourly_value_eur)}; de uren zijn uren_per_week × (dagen van van tot en met "
            "tot) / 7.",
        ),
        ("text", _consent_line(terms)),
        *_pre_existing_line(terms),
        ("text", _outside_line(terms)),
        *_works_end_line(terms),
        (
            "text",
            "- Alleen wat tot en met de peildatum is gebeurd, telt als gerealiseerd. Van een regel die "
            "na de peildatum doorloopt, telt alleen het deel tot en met de peildatum; een regel die na de "
            "peildatum begint, telt nu nog niet. Een bedrag telt als de hele periode van de regel vóór of "
            "op de peildatum ligt.",
        ),
        ("text", ""),
        *_example(terms),
        ("text", ""),
        ("head", "De bedragen in de werkmap"),
        ("text", INDICATIVE),
    ]
    return lines


WORKS_END = (
    "- De looptijd loopt tot de werkelijke oplevering; inzet bij onderhoud en herstel in de onderhoudstermijn "
    "telt tot het einde van de onderhoudstermijn. De bedragen in deze werkmap rekenen tot de geplande oplevering; "
    "de Opdrachtgever rekent met de werkelijke data."
)
"""A work's Looptijd against the workbook's live values (eleventh reading A MINOR-1)."""
WORKS_DATES = (
    " Vult u op het blad 'Verplichting' de werkelijke opleverdatum in, dan rekenen de bedragen tot die datum; vult "
    "u ook het einde van de onderhoudstermijn in zodra het bekend is, dan rekenen ze bij een regel met 'ja' in de "
    "kolom onderhoud tot die datum. Na de oplevering telt alleen inzet bij onderhoud en herstel in de "
    "onderhoudstermijn, en inzet in een Hersteltermijn na een melding van een tekort."
)
WORKS_DATES_HEADING = "Werkelijke data van het werk (vul in zodra bekend)"
WORKS_OPLEVERING = "Werkelijke opleverdatum"
WORKS_MAINTENANCE_END = "Einde van de onderhoudstermijn"
WORKS_DATES_NOTE = (
    "Zonder opleverdatum rekenen de bedragen op het blad Invoer tot de geplande oplevering; met een opleverdatum "
    "tot die datum, en bij een regel met 'ja' in de kolom onderhoud tot het einde van de onderhoudstermijn als dat "
    "later is. Na de oplevering telt alleen inzet bij onderhoud en herstel. De Opdrachtgever rekent met de werkelijke "
    "data."
)
MAINTENANCE_NOTE = (
    "ja: de regel is inzet bij onderhoud en herstel in de onderhoudstermijn; alleen dan telt het deel na de "
    "oplevering mee, tot het einde van de onderhoudstermijn. Leeg of nee: telt tot de oplevering."
)
"""The heading note of a work's column onderhoud (twelfth reading C MAJOR-1)."""


def _maintenance_lines(terms: Terms) -> list[tuple[str, str]]:
    """A work's column onderhoud: only a row marked ja counts after the oplevering (twelfth reading C MAJOR-1)."""
    if not terms.works:
        return []
    number = 11 if terms.per_call_off and terms.has_obligation else 10
    column = "S" if number == 11 else "R"
    return [
        ("text", f"{number}. onderhoud (kolom {column}): kies 'ja' als de regel inzet bij onderhoud en herstel in de "
                 "onderhoudstermijn is. Alleen dan telt het deel van de regel na de oplevering mee, tot het einde "
                 "van de onderhoudstermijn; andere inzet na de oplevering telt niet mee, behalve in een "
                 "Hersteltermijn. Laat de cel leeg of kies 'nee' bij alle andere regels."),
    ]  # fmt: skip


def _works_end_line(terms: Terms) -> list[tuple[str, str]]:
    """A work: its Looptijd runs to the real oplevering, maintenance and repair to the end of the
    onderhoudstermijn; the workbook counts to the planned date unless the real dates are filled in."""
    if not terms.works:
        return []
    return [("text", WORKS_END + WORKS_DATES)]


def _pre_existing_line(terms: Terms) -> list[tuple[str, str]]:
    """Employment that already ran before the start date does not count (algemeen.onderwerp;
    fifth legal reading MAJOR-1), where the contract has that rule."""
    if not terms.pre_existing_excluded:
        return []
    return [
        ("text", "- Een dienstverband, leerwerkplek of stageplaats die al vóór de ingangsdatum van het contract "
                 "liep, telt niet mee. Krijgt de kandidaat met het oog op deze opdracht een nieuw of uitgebreid "
                 "dienstverband, of een nieuwe leerwerkplek of stageplaats, dan telt alleen dat nieuwe dienstverband "
                 "of die nieuwe plaats mee, of bij een uitbreiding alleen de extra uren: vul dat in op een nieuwe "
                 "regel met de eigen begindatum."),
    ]  # fmt: skip


def _call_off_lines(terms: Terms) -> list[tuple[str, str]]:
    """A framework holder also fills in its Afroepwaarde (MINOR-3 of the fourth legal reading)."""
    if terms.per_call_off and terms.has_obligation:
        return [
            ("text", f"10. Nadere overeenkomst: de verplichting geldt per Nadere overeenkomst "
                     f"({terms.article(CALL_OFF).cite()}). Vul op het blad Invoer in de kolom nadere_overeenkomst "
                     "(kolom R) bij elke regel het nummer in van de Nadere overeenkomst waarvoor de inzet is geleverd, "
                     "en zet op het blad 'Nadere overeenkomsten' elke Nadere overeenkomst op één regel: nummer, "
                     f"{'perceel, ' if terms.has_lots else ''}startdatum, einddatum, waarde_eur (exclusief btw, "
                     "inclusief opties en verlengingen, zoals 300000) en eventueel een toelichting; de laatste kolom "
                     "toont wat elke Nadere overeenkomst verschuldigd is, of 'gebundeld' voor een kleine. De "
                     "Opdrachtgever stelt elke Nadere overeenkomst afzonderlijk vast, na de eindrapportage "
                     "daarover; op het niveau van de raamovereenkomst wordt niets vastgesteld."),
        ]  # fmt: skip
    if not is_framework(terms):
        return []
    return [
        ("text", f"10. Afroepwaarde: vul op het blad 'Verplichting' in de kolom '{CALL_OFF_HEADING}' uw "
                 f"Afroepwaarde tot nu toe in, zoals de bijlage haar omschrijft: {AFROEPWAARDE}. " + CALL_OFF_LABEL + " Laat u de cel leeg, dan toont het blad de raming."),
    ]  # fmt: skip


def _example(terms: Terms) -> list[tuple[str, str]]:
    """The worked example of the counting rule, on a placement block of this contract's table."""
    block = next((b for b in terms.blocks if b.kind == "plaatsing" and b.allowed and b.value_eur), None)
    if block is None or block.value_eur is None:
        return []
    hours = _n(terms.hours_per_week)
    return [
        ("head", "Voorbeeld"),
        ("text", f"Een kandidaat werkt van 1 januari tot en met 30 juni (zes kalendermaanden) de helft van {hours} "
                 f"uur per week in het bouwblok '{block.id}' ({_label(block)}{euro(block.value_eur)} per voltijd jaar). "
                 "Dat telt "
                 f"voor {euro(block.value_eur)} × 1/2 × 6/12 = {euro(block.value_eur / 4)}: een vierde van de "
                 "waarde van het bouwblok."),
        ("text", ""),
    ]  # fmt: skip


def _label(block: ContractBlock) -> str:
    """The block's name in the Waardetabel before its value, where it has one (fifteenth reading J TAAL-3:
    the sheet shows the code to type, the annex knows only the name)."""
    return f"{block.label}, " if block.label and block.label != block.id else ""


def withheld_note(terms: Terms) -> str:
    """The toeslagen column: a bonus that does not count in a category, and why (bouwblokken.toeslagen;
    thirteenth reading E MAJOR-2); "" where the contract withholds none."""
    pairs = [(b.id, block) for b in terms.blocks if b.kind == "bonus" and b.allowed for block in b.withheld_in]
    if not pairs:
        return ""
    named = "; ".join(f"toeslag {bonus} niet bij {block}" for bonus, block in pairs)
    return (f" Telt niet en vermeld daarom niet: {named}. In die categorie zou de toeslag laten zien tot welke "
            f"groep uit de Doelgroep de kandidaat behoort ({terms.article(BONUSES).cite()}).")  # fmt: skip


def column_notes(terms: Terms) -> list[str]:
    """A short note per column of the input sheet (shown on the column's heading)."""
    return [
        "Perceel van dit contract." if terms.has_lots else "Leeg laten: dit contract heeft geen percelen.",
        "Uw eigen kandidaatnummer (bijvoorbeeld K-001). Nooit een naam of BSN.",
        "Bouwblok uit de waardetabel van het contract.",
        f"Uren per week volgens het arbeidscontract (voltijd: {_n(terms.hours_per_week)}).",
        "Eerste dag (telt mee), bijvoorbeeld 1-4-2027.",
        "Laatste dag (telt mee), bijvoorbeeld 31-3-2028.",
        "Toeslagen, alleen bij een plaatsing; gescheiden door komma's." + withheld_note(terms),
        "Bij inkoop het loonkostendeel van de factuur, bij ondersteuning de kosten; exclusief btw.",
        "Korte omschrijving van de inzet, zonder gegevens over de persoon.",
    ]


def _consent_line(terms: Terms) -> str:
    """Work elsewhere in the enterprise and support count only with the buyer's prior written
    consent and together up to the contract's cap (algemeen.onderwerp); the workbook's amounts
    count every row, so the line says what the buyer will not recognise (fourteenth reading G MINOR-7)."""
    per = (
        " van elke Nadere overeenkomst en van elke bundel"
        if terms.per_call_off and terms.has_obligation
        else (" van elk perceel" if terms.has_lots else "")
    )
    support = any(block.kind == "ondersteuning" and block.allowed for block in terms.blocks)
    return (
        "- Een dienstverband, leerwerkplek of stageplaats elders in de onderneming (buiten de uitvoering van de "
        f"Opdracht){' en ondersteuning' if support else ''} tellen alleen mee als de Opdrachtgever vooraf schriftelijk heeft ingestemd "
        f"met de bijdrage en met de reden waarom zij buiten de Opdracht plaatsvindt. Samen tellen zij voor ten "
        f"hoogste {_n(terms.outside_max_percent)}% van de Social-returnverplichting{per}. De bedragen in deze "
        "werkmap tellen elke regel mee; wat zonder instemming of boven die grens ligt, telt de Opdrachtgever niet."
    )


def _outside_line(terms: Terms) -> str:
    """What does not count; a framework's work in a Nadere overeenkomst that runs on does, in the
    annex's words (algemeen.telregels; thirteenth reading F MINOR-11)."""
    rest = ("voor een perceel dat niet bij dit contract hoort of met een bouwblok buiten de Doelgroep telt niet. "
            "Elke waarde wordt afgerond op hele centen.")  # fmt: skip
    if terms.contract_type != "raamovereenkomst":
        return f"- Een regel buiten de looptijd, {rest}"
    if terms.per_call_off and terms.has_obligation:
        return ("- Een regel telt alleen binnen de looptijd van de Nadere overeenkomst die hij noemt (kolom "
                "nadere_overeenkomst; de data op het blad Nadere overeenkomsten), ook als die na het einde van de "
                f"raamovereenkomst doorloopt. Een regel daarbuiten, {rest}")  # fmt: skip
    return ("- Een regel buiten de looptijd van de raamovereenkomst of, voor een Nadere overeenkomst die na haar "
            f"einde doorloopt, de looptijd van die Nadere overeenkomst, {rest} Deze werkmap rekent tot het einde "
            "van de raamovereenkomst; de Opdrachtgever telt inzet in een doorlopende Nadere overeenkomst mee tot "
            "haar einde, als de regel in de kolom nadere_overeenkomst haar nummer heeft.")  # fmt: skip

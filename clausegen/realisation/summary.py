"""The valuation as Dutch text: the figures per lot and in total, what they mean under the
contract's own enforcement procedure, and one line per row that does not count (or counts only in
part), for the terminal, the web form and the letter."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from ..fmt import datum, euro, listing, percentage
from .afroep import GIVEN, OBLIGATION_SHEET, SHEET, above_value, call_off_period
from .certificates import cover_sentence, level_text
from .counting import CAPPED, no_consent
from .terms import (
    AFNEMERS,
    CALL_OFF,
    COUNTING,
    EVALUATION,
    EVIDENCE,
    HOLDERS,
    LEVEL,
    PSO_CLAUSE,
    SANCTION,
    SUBJECT,
    Terms,
)
from .valuation import Renewal, RowValue, Valuation

FIGURE_HEADER = ("", "Verplichting", "Gerealiseerd", "Ingevuld", "Verwacht", "Toets", "Achterstand")
"""The columns during the Looptijd of a contract without a PSO credit (figure_header gives the
columns of a given valuation)."""

NOT_STARTED = "nog niet aangevangen (begint met de schriftelijke melding van een tekort na de eindrapportage)"
INDICATIVE = (
    "Dat is een indicatief tekort; een boete (artikel 6:91 BW) volgt pas na melding, Hersteltermijn, "
    "voornemen en beslissing volgens {article}."
)
"""After a sentence on the tekort (fourteenth reading H TAAL-1: not after one on the boete)."""
INDICATIVE_AMOUNT = (
    "{which}; een boete (artikel 6:91 BW) volgt pas na melding, Hersteltermijn, voornemen en beslissing "
    "volgens {article}."
)
"""After a sentence that names the indicative boete: "Het bedrag is indicatief" (one amount) or "De
bedragen zijn indicatief", never "Dat is een indicatief tekort" about a boete (fourteenth H TAAL-1)."""


def pct(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}".replace(".", ",") + "%"


def number(value: Decimal) -> str:
    """`25`, `37,5`: a percentage or share without trailing zeros, with a decimal comma."""
    return f"{value.normalize():f}".replace(".", ",")


def _money(value: Decimal | None) -> str:
    return "–" if value is None else euro(value)


def _shortfall(value: Decimal | None) -> str:
    """The Tekort column after the Looptijd: no tekort of € 0,00, but "voldaan" (sixth reading MINOR-7)."""
    return "voldaan" if value == 0 else _money(value)


def _terms(valuation: Valuation) -> Terms | None:
    return valuation.terms


def during(valuation: Valuation) -> bool:
    """Before the settlement: within the Looptijd, or a framework's last running Nadere overeenkomst."""
    return valuation.report_date <= max(valuation.end_date, valuation.last_call_off_end or valuation.end_date)


def figure_header(valuation: Valuation, voornemen: bool = False) -> tuple[str, ...]:
    """The columns of the figures table: during the Looptijd the interim test, after it the tekort
    and (after the Hersteltermijn) the indicative boete; a PSO column where the contract credits one.
    In the letter that is the voornemen (`voornemen`), the boete it intends: "Voorgenomen boete", as
    its text says (fifteenth reading I TAAL-3); the terminal and the web page, which are no
    voornemen, keep "Indicatieve boete"."""
    terms = _terms(valuation)
    if terms is not None and terms.per_call_off:
        return ("", "Raming verplichting", "Gerealiseerd")
    pso = ("PSO-certificaat",) if terms is not None and terms.pso is not None else ()
    head = ("", "Verplichting", "Gerealiseerd", *pso, "Ingevuld")
    if during(valuation):
        interim = number(terms.interim_percent) if terms is not None else "50"
        return (*head, "Verwacht", f"Toets ({interim}%)", "Achterstand")
    return (*head, "Tekort", "Voorgenomen boete" if voornemen else "Indicatieve boete")


def figure_rows(valuation: Valuation) -> list[tuple[str, ...]]:
    """One row per lot and a total, in the columns of figure_header."""
    terms = _terms(valuation)
    if terms is not None and terms.per_call_off:
        lots = [(f"Perceel {lot.id}" if lot.id else "Opdracht", lot.obligation_eur, lot.realised_eur)
                for lot in valuation.lots]  # fmt: skip
        total = [] if len(lots) == 1 else [("Totaal", valuation.obligation_eur, valuation.realised_eur)]
        return [(name, euro(owed), euro(done)) for name, owed, done in (*lots, *total)]
    with_pso = terms is not None and terms.pso is not None
    interim = during(valuation)

    def charge_cell(charge: Decimal | None, pending: Decimal | None) -> str:
        # no boete of € 0,00 where the tekort's boete waits for the longer Hersteltermijn (eleventh reading A MINOR-5)
        if charge == 0 and pending and valuation.recovery_excess_end is not None:
            return f"nog niet (Hersteltermijn tot en met {datum(valuation.recovery_excess_end)})"
        return _money(charge)

    def cells(name: str, obligation: Decimal, realised: Decimal, pso: Decimal, fulfilment: Decimal | None,
              expected: Decimal, threshold: Decimal, shortfall: Decimal | None,
              charge: Decimal | None, pending: Decimal | None) -> tuple[str, ...]:  # fmt: skip
        head = (name, euro(obligation), euro(realised), *((euro(pso),) if with_pso else ()), pct(fulfilment))
        if obligation == 0 and name != "Totaal":  # a lot without obligation: voluntary work (twelfth C MAJOR-2)
            return (*head, "–", "–", NO_OBLIGATION) if interim else (*head, NO_OBLIGATION, "–")
        if interim:
            return (*head, euro(expected), euro(threshold), _money(shortfall))
        return (*head, _shortfall(shortfall), charge_cell(charge, pending))

    rows = [
        cells(f"Perceel {lot.id}" if lot.id else "Opdracht", lot.obligation_eur, lot.realised_eur, lot.pso_eur,
              lot.fulfilment_percent, lot.expected_eur, lot.threshold_eur, lot.shortfall_eur, lot.charge_eur,
              lot.charge_pending_eur)
        for lot in valuation.lots
    ]  # fmt: skip
    v = valuation
    owing = [lot for lot in v.lots if lot.obligation_eur > 0]
    # no "112 %" in the total next to a lot that is short: the obligation is per lot (thirteenth F MAJOR-4)
    short_lot = len(owing) > 1 and any((x.shortfall_eur or 0) > 0 for x in owing)
    if short_lot and v.fulfilment_percent is not None and v.fulfilment_percent >= 100:
        v = dataclasses.replace(v, fulfilment_percent=None)
    if len(owing) == len(v.lots) or not owing:
        rows.append(cells("Totaal", v.obligation_eur, v.realised_eur, v.pso_eur, v.fulfilment_percent, v.expected_eur,
                          v.threshold_eur, v.shortfall_eur, v.charge_eur, v.charge_pending_eur))  # fmt: skip
        return rows

    def add(values: list[Decimal | None]) -> Decimal | None:
        return None if any(x is None for x in values) else sum((x or Decimal(0) for x in values), Decimal(0))

    # voluntary work on a lot without obligation fills nothing: the total is that of the owing lots
    owing_row = cells(TOTAL_OWING, add([x.obligation_eur for x in owing]) or Decimal(0),
                  add([x.realised_eur for x in owing]) or Decimal(0), add([x.pso_eur for x in owing]) or Decimal(0),
                  v.fulfilment_percent, add([x.expected_eur for x in owing]) or Decimal(0),
                  add([x.threshold_eur for x in owing]) or Decimal(0), add([x.shortfall_eur for x in owing]),
                  add([x.charge_eur for x in owing]) if v.charge_eur is not None else None,
                  add([x.charge_pending_eur for x in owing]))  # fmt: skip
    rows.append(owing_row)
    return rows


NO_OBLIGATION = "geen verplichting"
TOTAL_OWING = "Totaal percelen met verplichting"


def intends(valuation: Valuation) -> bool:
    """Whether a letter at this report date is the buyer's voornemen of a boete (monitoring.sancties):
    after the Hersteltermijn a tekort remains whose boete is due, for the contract or for a Nadere
    overeenkomst (thirteenth reading E MINOR-6)."""
    if valuation.call_offs:
        return any(item.status == "tekort" and item.charge_eur for item in valuation.call_offs)
    return (
        valuation.phase == "na-hersteltermijn"
        and (valuation.shortfall_eur or Decimal(0)) > 0
        and valuation.charge_pending_eur is None
        and bool(valuation.charge_eur)
    )


def reaction_until(terms: Terms, valuation: Valuation) -> datetime.date:
    """The last day to react to the voornemen: the letter's date plus the weeks the sanctions
    article gives (fourteenth reading G MINOR-12: not the peildatum, the state of the report)."""
    return (valuation.letter_date or valuation.report_date) + datetime.timedelta(weeks=terms.hearing_weeks)


def represented(terms: Terms, valuation: Valuation) -> list[str]:
    """The Afnemers in whose name the Opdrachtgever acts in a voornemen: the creditors of a boete due
    that are not the Opdrachtgever (raamovereenkomst.afnemers; fourteenth reading H MAJOR-1)."""
    own = (terms.opdrachtgever or "").casefold()
    names: list[str] = []
    for item in valuation.call_offs:
        if item.status != "tekort" or not item.charge_eur:
            continue
        parties = [p for p, c in item.charge_by_party if c > 0] if item.charge_by_party else [item.afnemer]
        names += [p for p in parties if p and p.casefold() != own and p not in names]
    return names


def intention_sentence(terms: Terms, valuation: Valuation) -> str:
    """The voornemen with the reaction period as a date, in the words of the sanctions article; for a
    boete owed to an Afnemer, in that Afnemer's name as the annex empowers the Opdrachtgever to act."""
    sanction = terms.article(SANCTION).cite()
    others = represented(terms, valuation)
    acting = ""
    if others:
        names = listing(others)
        acting = (f" Voor de boete die aan {names} verschuldigd is, handelt de Opdrachtgever in naam van "
                  f"{'die Afnemer' if len(others) == 1 else 'die Afnemers'}, met de last en volmacht van "
                  f"{terms.article(AFNEMERS).cite()}.")  # fmt: skip
    return (f"Deze brief is het voornemen van de Opdrachtgever om de boete vast te stellen, met de berekening, "
            f"zoals {sanction} bepaalt. De {terms.party} kan tot en met {datum(reaction_until(terms, valuation))} "
            "schriftelijk of in een gesprek daarop reageren; daarna beslist de Opdrachtgever met redenen. Geen "
            f"boete is verschuldigd voor zover de {terms.party} aantoont dat het tekort niet aan hem is toe te "
            "rekenen en dat hij alles heeft gedaan wat redelijkerwijs van hem kon worden verwacht om Kandidaten te "
            "werven en in te zetten." + acting)  # fmt: skip


def status_paragraphs(valuation: Valuation, letter: bool = False) -> list[str]:
    """What the figures mean at the report date, in the words of the contract's procedure. In the
    `letter` after an expired Hersteltermijn, the letter is itself the voornemen (intends)."""
    terms = _terms(valuation)
    party = terms.party if terms is not None else "Opdrachtnemer"
    sanction = terms.article(SANCTION).cite() if terms is not None else "de sanctiebepaling van het contract"
    evaluation = terms.article(EVALUATION).cite() if terms is not None else "het contract"
    indicative = INDICATIVE.format(article=sanction)
    amount_indicative = INDICATIVE_AMOUNT.format(which="Het bedrag is indicatief", article=sanction)
    amounts_indicative = INDICATIVE_AMOUNT.format(which="De bedragen zijn indicatief", article=sanction)
    phase = valuation.phase
    short = valuation.shortfall_eur or Decimal(0)
    if phase == "geen-verplichting":
        return ["Dit contract heeft geen Social-returnverplichting. De inzet is vrijwillig: er is geen toets, geen "
                "Hersteltermijn en geen boete."]  # fmt: skip
    if phase == "per-nadere-overeenkomst":
        return per_call_off_paragraphs(terms, valuation) if terms is not None else []
    if phase == "niet-vast":
        holders = terms.article(HOLDERS).cite() if terms is not None else "het contract"
        return [f"De verplichting van deze houder volgt uit de werkelijke waarde van zijn Nadere overeenkomsten "
                f"({holders}). Die is niet opgegeven; het bedrag van {euro(valuation.obligation_eur)} is een raming "
                "over het Indicatief aandeel. Er is geen tekort of boete berekend."]  # fmt: skip
    if phase == "looptijd":
        interim = number(terms.interim_percent) if terms is not None else "50"
        test = (f"de tussentijdse toets van {evaluation}: {interim}% van het lineaire verwachte pad "
                f"({euro(valuation.threshold_eur)})")  # fmt: skip
        behind = [lot for lot in valuation.lots if (lot.shortfall_eur or Decimal(0)) > 0]
        if short == 0:
            text = f"De realisatie ligt op of boven {test}."
        else:
            where = f"De realisatie ligt {euro(short)} onder {test}."
            if len(valuation.lots) > 1:  # the test is per lot: say where (lawyer7 MINOR-1)
                where = ("De realisatie ligt " + "; ".join(
                    f"op perceel {lot.id} {euro(lot.shortfall_eur or Decimal(0))} onder de toets "
                    f"({euro(lot.threshold_eur)})" for lot in behind
                ) + f". De tussentijdse toets van {evaluation} is {interim}% van het lineaire verwachte pad, per "
                    "perceel.")  # fmt: skip
            text = (f"{where} De {party} legt dan schriftelijk vast welke "
                    "maatregelen hij neemt om de achterstand in te halen. Een achterstand bij deze toets is geen "
                    "tekortkoming en geeft geen recht op een boete of schadevergoeding.")  # fmt: skip
        remaining = valuation.remaining_eur or Decimal(0)
        if remaining:
            text += f" Nog te realiseren tot het einde van de looptijd: {euro(remaining)}."
            netted = netted_remaining(valuation)
            if terms is not None and netted is not None and netted < remaining:
                text += (f" Na verrekening van de overschotten tussen de percelen, zoals "
                         f"{terms.article(SANCTION).cite()} die na de looptijd toelaat: {euro(netted)}.")  # fmt: skip
        return [text]
    if phase == "na-looptijd":
        if short == 0:
            return ["De looptijd is voorbij en de Social-returnverplichting is volledig ingevuld; er is geen tekort."]
        when = NOT_STARTED
        if valuation.melding is not None:
            when = f"begint met de melding van {datum(valuation.melding)}, na de peildatum"
        return [f"De looptijd is voorbij; nog niet ingevuld: {euro(short)}. {indicative}", f"Hersteltermijn: {when}."]
    assert valuation.recovery_start is not None and valuation.recovery_end is not None
    period = f"{datum(valuation.recovery_start)} tot en met {datum(valuation.recovery_end)}"
    melding = datum(valuation.melding) if valuation.melding else ""
    longer = _longer(terms, valuation)
    if phase == "hersteltermijn":
        return [f"De Hersteltermijn loopt van {period} (na de melding van {melding}). Nog niet ingevuld op de "
                f"peildatum: {euro(short)}; inzet in de Hersteltermijn telt mee alsof zij in de looptijd is "
                f"geleverd.{longer} {indicative}"]  # fmt: skip
    if short == 0:
        return [f"Na de Hersteltermijn ({period}) is de Social-returnverplichting volledig ingevuld; er is geen "
                "tekort en geen boete."]  # fmt: skip
    share = number(valuation.sanction_percent)
    hearing = (f"De Opdrachtgever stuurt eerst zijn voornemen met de berekening en geeft de {party} gelegenheid om "
               f"te reageren. Geen boete is verschuldigd voor zover de {party} aantoont dat het tekort niet aan hem "
               "is toe te rekenen en dat hij alles heeft gedaan wat redelijkerwijs van hem kon worden verwacht om "
               f"Kandidaten te werven en in te zetten ({sanction}).")  # fmt: skip
    charge = euro(valuation.charge_eur or Decimal(0))
    if valuation.charge_pending_eur is not None and valuation.recovery_excess_end is not None:
        over = valuation.excess_shortfall_eur
        if short == over:  # the part up to the raming is filled (eleventh reading A MINOR-5)
            article = terms.article(LEVEL).cite() if terms is not None else "de Raamovereenkomst"
            return [f"De gewone Hersteltermijn ({period}, na de melding van {melding}) is verstreken. Het tekort tot "
                    f"de raming is ingevuld; het hele tekort van {euro(short)} valt in het deel boven de raming, "
                    f"waarvoor de Hersteltermijn loopt tot en met {datum(valuation.recovery_excess_end)} ({article}): "
                    f"de vastgestelde verplichting overschrijdt de raming met {euro(valuation.excess_eur)}. Inzet die "
                    "na de gewone Hersteltermijn wordt geleverd, telt voor dat deel. De indicatieve boete daarover "
                    f"({euro(valuation.charge_pending_eur)}) is nog niet verschuldigd. {amount_indicative} {hearing}"]  # fmt: skip
        return [f"De Hersteltermijn ({period}, na de melding van {melding}) is verstreken voor het tekort tot de "
                f"raming: nog niet ingevuld {euro(short - over)}; de indicatieve boete daarover is {charge} "
                f"({share}% daarvan).{longer} De boete over dat deel ({euro(valuation.charge_pending_eur)}) is nog "
                f"niet verschuldigd. {amounts_indicative} {hearing}"]  # fmt: skip
    voornemen = letter and terms is not None and intends(valuation)
    after = (intention_sentence(terms, valuation) if voornemen and terms is not None
             else f"{amounts_indicative} {hearing}")  # fmt: skip
    if not letter and terms is not None and intends(valuation):  # the terminal names what the letter is (G MINOR-12)
        after += (f" De brief die realisatie met -o schrijft, is dat voornemen; de {party} kan dan tot en met "
                  f"{datum(reaction_until(terms, valuation))} reageren (briefdatum "
                  f"{datum(valuation.letter_date or valuation.report_date)}, te wijzigen met --briefdatum).")  # fmt: skip
    # in the voornemen it is the boete the Opdrachtgever intends to impose (fourteenth reading)
    boete = "de voorgenomen boete" if voornemen else "de indicatieve boete"
    return [f"De Hersteltermijn ({period}, na de melding van {melding}) is verstreken{_ended(valuation)}. Nog niet "
            f"ingevuld: {euro(short)}; {boete} is {charge} ({share}% van het tekort).{_two_parts(terms, valuation)} "
            f"{after}"]  # fmt: skip


def _two_parts(terms: Terms | None, valuation: Valuation) -> str:
    """After both Hersteltermijnen of a tekort above the raming, the calculation per part, each with
    its own term (raamovereenkomst.niveau; sixteenth reading L MINOR-7): "" where there is one part."""
    over = valuation.excess_shortfall_eur
    if valuation.recovery_excess_end is None or valuation.excess_eur == 0 or over == 0:
        return ""
    short = valuation.shortfall_eur or Decimal(0)
    article = terms.article(LEVEL).cite() if terms is not None else "de Raamovereenkomst"
    normal = f"tot en met {datum(valuation.recovery_end)}" if valuation.recovery_end else ""
    return (f" Het tekort bestaat uit twee delen ({article}): {euro(short - over)} op het deel tot de raming, met de "
            f"Hersteltermijn {normal}, en {euro(over)} op het deel boven de raming ({euro(valuation.excess_eur)}), met "
            f"de langere Hersteltermijn tot en met {datum(valuation.recovery_excess_end)}.")  # fmt: skip


def _longer(terms: Terms | None, valuation: Valuation) -> str:
    """The longer Hersteltermijn of the part of a holder's tekort above the raming, while it runs
    (raamovereenkomst.niveau; lawyer10 MAJOR-1): "" where there is none."""
    end = valuation.recovery_excess_end
    if end is None or end < valuation.report_date or valuation.excess_shortfall_eur == 0:
        return ""
    article = terms.article(LEVEL).cite() if terms is not None else "de Raamovereenkomst"
    return (f" Voor {euro(valuation.excess_shortfall_eur)} van het tekort loopt een langere Hersteltermijn, tot en "
            f"met {datum(end)}: dat deel valt binnen de {euro(valuation.excess_eur)} waarmee de vastgestelde "
            f"verplichting de raming overschrijdt ({article}). Wat is ingevuld, telt eerst voor het deel tot de "
            f"raming; inzet die na de gewone Hersteltermijn wordt geleverd, telt alleen voor het deel erboven.")  # fmt: skip


def _ended(valuation: Valuation) -> str:
    """After both terms: also the end of the longer one, where there was one."""
    if valuation.recovery_excess_end is None or valuation.excess_eur == 0:
        return ""
    return f", ook de langere voor het deel boven de raming (tot en met {datum(valuation.recovery_excess_end)})"


def per_call_off_paragraphs(terms: Terms, valuation: Valuation) -> list[str]:
    """A framework whose obligation lives per Nadere overeenkomst: this report is valued row by
    row, but nothing is settled at framework level (clause raamovereenkomst.nadere-overeenkomsten;
    lawyer7 MAJOR-1)."""
    from . import calloff_text

    if valuation.call_offs_given:
        return calloff_text.paragraphs(terms, valuation)
    article = terms.article(CALL_OFF).cite()
    out = [f"De Social-returnverplichting geldt per Nadere overeenkomst ({article}). Deze brief stelt niets vast "
           "op het niveau van de Raamovereenkomst: er is geen tussentijdse toets, tekort of boete over de "
           "Raamovereenkomst als geheel. Elke Nadere overeenkomst wordt na de eindrapportage daarover afzonderlijk "
           "vastgesteld, met haar eigen waarde en looptijd; kleine Nadere overeenkomsten worden per kalenderjaar "
           "gebundeld vastgesteld, zoals de bijlage bepaalt.",
           f"Het bedrag van {euro(valuation.obligation_eur)} is een raming voor alle Nadere overeenkomsten van de "
           f"{terms.party} samen. Hierboven staat wat volgens de telregels meetelt; de Opdrachtgever wijst elke "
           "bijdrage toe aan de Nadere overeenkomst waarvoor zij is geleverd (vermeld die in de kolom "
           "nadere_overeenkomst)."]  # fmt: skip
    if terms.pso is not None:
        out.append(f"Het PSO-certificaat ({level_text(terms.pso.level)}, geldig tot en met {datum(terms.pso.valid_until)}) telt per "
                   "Nadere overeenkomst mee, naar rato van het deel van haar looptijd waarin het geldig is, bij de "
                   f"vaststelling van die Nadere overeenkomst ({terms.article(PSO_CLAUSE).cite()}).")  # fmt: skip
    out.append(calloff_text.how_to_give(terms))
    return out


def status_line(valuation: Valuation) -> str:
    """The status as one paragraph (the web form and the terminal)."""
    return " ".join(status_paragraphs(valuation))


def netted_remaining(valuation: Valuation) -> Decimal | None:
    """What is still to realise once surpluses move between lots as monitoring.sancties allows after
    the Looptijd (lawyer9 A MINOR-7): a lot whose plan was scored at award receives nothing, but its
    surplus may fill another lot. None where the contract does not offset."""
    terms = _terms(valuation)
    if terms is None or not terms.offsetting or len(valuation.lots) < 2:
        return None
    surplus = sum(
        (max(Decimal(0), lot.realised_eur + lot.pso_eur - lot.obligation_eur) for lot in valuation.lots), Decimal(0)
    )
    closed = sum(
        (lot.remaining_eur or Decimal(0) for lot in valuation.lots if lot.id in terms.offset_closed), Decimal(0)
    )
    open_ = sum(
        (lot.remaining_eur or Decimal(0) for lot in valuation.lots if lot.id not in terms.offset_closed), Decimal(0)
    )
    return closed + max(Decimal(0), open_ - surplus)


def explanation_paragraphs(valuation: Valuation) -> list[str]:
    """How the figures follow the contract: the works' Looptijd, the PSO credit, offsetting."""
    terms = _terms(valuation)
    if terms is None or not terms.has_obligation:
        return []
    out = []
    if terms.works:
        if valuation.oplevering is not None:
            out.append(f"De looptijd van dit werk loopt tot de oplevering op {datum(valuation.oplevering)}.")
            if valuation.maintenance_end is not None:
                out.append(f"Inzet bij onderhoud en herstel na de oplevering telt mee tot en met het einde van de "
                           f"onderhoudstermijn op {datum(valuation.maintenance_end)}, ook na de Hersteltermijn: de "
                           "regels met 'ja' in de kolom onderhoud. Andere inzet na de oplevering telt niet mee"
                           + (", behalve in de Hersteltermijn." if valuation.recovery_start is not None else "."))  # fmt: skip
            else:
                out.append("Het einde van de onderhoudstermijn is niet opgegeven: inzet na de oplevering telt in "
                           "deze brief alleen mee voor zover zij in de Hersteltermijn valt, ook als het onderhoud of "
                           "herstel is." if valuation.recovery_start is not None else
                           "Het einde van de onderhoudstermijn is niet opgegeven: inzet na de oplevering telt in "
                           "deze brief nog niet mee, ook niet als het onderhoud of herstel is.")  # fmt: skip
        else:
            out.append(f"De looptijd van dit werk loopt tot de oplevering. Die is niet opgegeven: de cijfers gaan uit "
                       f"van de geplande einddatum {datum(terms.end_date)}.")  # fmt: skip
    out += running_call_off_paragraphs(terms, valuation)
    if terms.pso is not None and valuation.obligation_fixed:
        out.append(pso_paragraph(terms, valuation))
        out += contributions_paragraphs(terms, valuation)
        for renewal in valuation.pso_renewals:
            out.append(renewal_line(renewal, terms.pso_renewal_weeks, terms.article(PSO_CLAUSE).cite()))
    out += audit_paragraphs(terms, valuation)
    out += consent_paragraphs(terms, valuation)
    if terms.works and not during(valuation) and (valuation.shortfall_eur or Decimal(0)) > 0:
        out.append(maintenance_sentence(terms, valuation))
    if len(valuation.lots) > 1 and not terms.per_call_off:  # per call-off nothing is settled here (lawyer8 MINOR-6)
        if terms.offsetting:
            # only where some lot with an obligation can receive a surplus (twelfth reading C MAJOR-2)
            if any(lot.obligation_eur > 0 and lot.id not in terms.offset_closed for lot in terms.lots):
                out.append(f"Na de looptijd vermindert een overschot op het ene perceel een tekort op een ander "
                           f"perceel van dit contract ({terms.article(SANCTION).cite()}); een bijdrage telt daarbij "
                           "één keer.")  # fmt: skip
            out += closed_paragraphs(terms)
            out += [f"Verrekend overschot: {euro(t.amount_eur)} van perceel {t.source} naar perceel {t.target} "
                    f"({terms.article(SANCTION).cite()})." for t in valuation.transfers]  # fmt: skip
        else:
            out.append("Dit contract kent geen verrekening tussen percelen; het tekort is per perceel berekend.")
    return out


def maintenance_sentence(terms: Terms, valuation: Valuation) -> str:
    """What work in a work's onderhoudstermijn does to the tekort after the Looptijd: while the
    onderhoudstermijn runs (or its end is not given) it still reduces it; once it has ended at the
    peildatum it was counted, and only the aanvullende rapportage about it can still add to it, up
    to its own deadline (fourteenth reading G TAAL-6: no "nog" after the end)."""
    sanction = terms.article(SANCTION).cite()
    end = valuation.maintenance_end
    if end is None or valuation.report_date <= end:
        return (f"Inzet bij onderhoud en herstel in de onderhoudstermijn vermindert het tekort nog, ook na de "
                f"Hersteltermijn ({sanction}).")  # fmt: skip
    text = (f"De onderhoudstermijn is op {datum(end)} geëindigd. Inzet bij onderhoud en herstel in de "
            f"onderhoudstermijn verminderde het tekort ({sanction}); zij is in deze "
            "berekening meegeteld (de regels met 'ja' in de kolom onderhoud).")  # fmt: skip
    deadline = end + datetime.timedelta(weeks=terms.report_weeks)
    if valuation.report_date <= deadline:
        text += (f" Inzet in de onderhoudstermijn die hier nog niet is opgegeven, kan de {terms.party} tot en met "
                 f"{datum(deadline)} opgeven in de aanvullende rapportage over de onderhoudstermijn "
                 f"({terms.report_weeks} weken na het einde daarvan).")  # fmt: skip
    return text


def audit_paragraphs(terms: Terms, valuation: Valuation) -> list[str]:
    """Purchases from social enterprises above the setting `buy_social_audit_eur`: the evidence
    clause asks an accountant's statement with the enterprise's own statement (lawyer7 MINOR-6).
    The report does not say which enterprise sent which invoice, so the letter reminds of the rule
    where the purchases of this report together exceed the amount."""
    limit = terms.buy_social_audit_eur
    bought = sum((r.value_eur for r in valuation.rows if r.counted and r.kind == "inkoop"), Decimal(0))
    if limit is None or bought <= limit:
        return []
    return [f"De inkoop bij Sociale ondernemingen telt in deze verantwoording voor {euro(bought)}. Bedraagt het "
            f"Loonkostendeel van de facturen van één Sociale onderneming in een rapportageperiode meer dan "
            f"{euro(limit)}, dan hoort bij haar opgave een verklaring van een accountant over de berekening "
            f"({terms.article(EVIDENCE).cite()}); vraag die op waar zij ontbreekt."]  # fmt: skip


def consent_paragraphs(terms: Terms, valuation: Valuation) -> list[str]:
    """Support counts only where the buyer consented to it in writing beforehand (algemeen.onderwerp).
    With the consent recorded (`realisatie --instemming`) the letter says which rows count and which
    do not; without it, during the Looptijd it counts support subject to that consent (thirteenth
    reading E MINOR-4), and after the Looptijd not at all, so a settlement or a voornemen rests on no
    reservation (fourteenth reading G MINOR-6)."""
    article = terms.article(SUBJECT).cite()
    rule = ("alleen mee als de Opdrachtgever vooraf schriftelijk heeft ingestemd met de bijdrage en met de reden "
            "waarom zij buiten de Opdracht plaatsvindt")  # fmt: skip
    counted = [
        r.row for r in valuation.rows if r.counted and r.kind == "ondersteuning" and not in_recovery(valuation, r)
    ]
    recovered = [r.row for r in valuation.rows if r.counted and r.kind == "ondersteuning" and in_recovery(valuation, r)]
    declined = [r.row for r in valuation.rows if not r.counted and r.reason == no_consent(terms)]
    out = []
    if recovered:  # monitoring.sancties: no consent and no limit in the Hersteltermijn (sixteenth reading K MINOR-1)
        out.append(f"Ondersteuning in de Hersteltermijn ({_rows(recovered)}) telt mee zonder voorafgaande instemming en "
                   f"zonder de grens van {article} ({terms.article(SANCTION).cite()}).")  # fmt: skip
    if counted and valuation.consented is None:
        out.append(f"Ondersteuning ({_rows(counted)}) telt {rule}, en samen met werk elders in de onderneming ten "
                   f"hoogste voor het deel van de Social-returnverplichting dat {article} noemt. Deze brief telt haar "
                   "onder voorbehoud van die instemming; zonder instemming telt zij niet.")  # fmt: skip
    elif counted:
        out.append(f"Ondersteuning ({_rows(counted)}) telt mee: de Opdrachtgever heeft vooraf schriftelijk ingestemd "
                   f"met de bijdrage en met de reden waarom zij buiten de Opdracht plaatsvindt ({article}). Samen met "
                   f"werk elders in de onderneming telt zij ten hoogste voor het deel van de Social-returnverplichting "
                   f"dat {article} noemt.")  # fmt: skip
    capped = [r.row for r in valuation.rows if r.kind == "ondersteuning" and CAPPED in r.reason]
    pso_left = (", of van het deel dat overblijft als een PSO-certificaat een deel invult" if any(
        "dat het PSO-certificaat niet invult" in r.reason for r in valuation.rows) else "")  # fmt: skip
    if capped:
        out.append(f"Ondersteuning telt, samen met werk elders in de onderneming, voor ten hoogste "
                   f"{percentage(terms.outside_max_percent)} van de Social-returnverplichting"
                   f"{_cap_scope(terms)}{pso_left} ({article}). Daarom telt de ondersteuning in "
                   f"{_rows(capped)} niet boven die grens; de regels zeggen voor welk bedrag zij tellen. Werk elders "
                   "in de onderneming staat niet apart in de rapportage: de Opdrachtgever gaat na of het samen met "
                   "de ondersteuning binnen de grens blijft. Inzet in een Hersteltermijn telt zonder die grens.")  # fmt: skip
    if declined:
        out.append(f"Ondersteuning ({_rows(declined)}) telt niet mee. Zij telt {rule} ({article}); voor "
                   f"{'deze bijdrage' if len(declined) == 1 else 'deze bijdragen'} is in deze berekening geen "
                   "instemming van de Opdrachtgever vastgelegd. Heeft de Opdrachtgever wel vooraf schriftelijk "
                   "ingestemd, dan volgt een gecorrigeerde berekening.")  # fmt: skip
    return out


def in_recovery(valuation: Valuation, row: RowValue) -> bool:
    """Whether a counted row began in the Hersteltermijn, where support needs no consent (monitoring.sancties)."""
    return valuation.recovery_start is not None and bool(row.spans) and row.spans[0][0] >= valuation.recovery_start


def reserved_rows(valuation: Valuation) -> list[int]:
    """The support rows counted under the reservation of consent: during the Looptijd, without
    `--instemming`, and not in the Hersteltermijn (consent_paragraphs)."""
    if valuation.consented is not None:
        return []
    return [r.row for r in valuation.rows if r.counted and r.kind == "ondersteuning" and not in_recovery(valuation, r)]


def _cap_scope(terms: Terms) -> str:
    if terms.per_call_off:
        return " van elke Nadere overeenkomst en van elke bundel"
    return " van elk perceel" if terms.has_lots else ""


def _rows(numbers: list[int]) -> str:
    return ("rij " if len(numbers) == 1 else "rijen ") + listing([str(n) for n in numbers])


def contributions_paragraphs(terms: Terms, valuation: Valuation) -> list[str]:
    """Next to a PSO certificate: what contributions must still fill, from the lots with an
    obligation only (lawyer7 MINOR-2), and voluntary work on a lot without one apart."""
    by_contributions = valuation.obligation_eur - valuation.pso_term_eur
    obligated = sum((lot.realised_eur for lot in valuation.lots if lot.obligation_eur > 0), Decimal(0))
    rest = max(by_contributions - obligated, Decimal(0))
    # per lot: a surplus fills another lot only after the Looptijd and where the contract lets it,
    # which the lots' tekort already reflects (thirteenth reading F MAJOR-4)
    owing = [lot for lot in valuation.lots if lot.obligation_eur > 0]
    if len(owing) > 1:
        per_lot = (lot.remaining_eur if during(valuation) else lot.shortfall_eur for lot in owing)
        rest = sum((x or Decimal(0) for x in per_lot), Decimal(0))
    pooled = terms.offsetting and any(lot.id not in terms.offset_closed for lot in owing)
    which = "de PSO-certificaten invullen" if valuation.pso_renewals else "het PSO-certificaat invult"
    # after the Looptijd this is the valuation of the eindrapportage: no reservation (eleventh reading A MINOR-6)
    proviso = "" if not during(valuation) else (
        f", onder voorbehoud van de eindrapportage en van de geldigheid van "
        f"{'de certificaten' if valuation.pso_renewals else 'het PSO-certificaat'}")  # fmt: skip
    if rest == 0:  # never "daarvan" of a smaller amount (lawyer7 MINOR-5)
        done = f"Gerealiseerd is op de peildatum {euro(obligated)}; met bijdragen resteert niets meer{proviso}."
    elif obligated >= by_contributions:  # the sum is reached, a lot is not: no set-off between them
        short = [lot.id for lot in owing if ((lot.remaining_eur if during(valuation) else lot.shortfall_eur) or 0) > 0]
        where = f"perceel {short[0]}" if len(short) == 1 else f"de percelen {', '.join(short[:-1])} en {short[-1]}"
        later = during(valuation) and pooled and any(x not in terms.offset_closed for x in short)
        fill = ("een overschot op een ander perceel kan dat pas na de looptijd verminderen" if later
                else "het overschot op een ander perceel vult dat niet")  # fmt: skip
        done = (f"Gerealiseerd is op de peildatum {euro(obligated)}, maar de verplichting geldt per perceel: op "
                f"{where} resteert met bijdragen nog {euro(rest)}; {fill}{proviso}.")  # fmt: skip
    else:
        done = (f"Daarvan is op de peildatum {euro(obligated)} gerealiseerd; er resteert met bijdragen "
                f"{euro(rest)}{proviso}.")  # fmt: skip
    out = [f"Met bijdragen in te vullen over de hele looptijd: {euro(by_contributions)} (de verplichting min het "
           f"deel dat {which}). {done}"]  # fmt: skip
    for lot in valuation.lots:
        if lot.obligation_eur == 0 and lot.realised_eur > 0:
            counts = (f"die telt na de looptijd mee voor een tekort op een ander perceel van dit contract "
                      f"({terms.article(SANCTION).cite()})" if pooled
                      else "die telt niet mee voor de verplichting van een ander perceel")  # fmt: skip
            out.append(f"Vrijwillige inzet op perceel {lot.id}, dat geen verplichting heeft: "
                       f"{euro(lot.realised_eur)}; {counts}.")  # fmt: skip
    return out


def pso_paragraph(terms: Terms, valuation: Valuation) -> str:
    """What the PSO certificate fills; with a renewal, both certificates and the part of the
    Looptijd each counts for, as the amount includes both (sixth legal reading MINOR-2)."""
    share = (f"volgens {terms.article(PSO_CLAUSE).cite()}: {number(terms.pso_share_percent)}% van de verplichting "
             "naar rato van de maanden van de looptijd waarin")  # fmt: skip
    amounts = f"{euro(valuation.pso_term_eur)} ({euro(valuation.pso_eur)} tot de peildatum)"
    if not valuation.pso_renewals:
        assert terms.pso is not None
        certificate = f"{level_text(terms.pso.level)}, geldig tot en met {datum(terms.pso.valid_until)}"
        return f"Ingevuld door het PSO-certificaat ({certificate}), {share} het geldig is, dat is {amounts}."
    term = (valuation.start_date, valuation.end_date)
    return (f"Ingevuld door de PSO-certificaten samen, {share} een certificaat geldig is, dat is {amounts}. "
            + cover_sentence(terms, valuation.pso_renewals, term))  # fmt: skip


def running_call_off_paragraphs(terms: Terms, valuation: Valuation) -> list[str]:
    """A framework-level obligation: work in a Nadere overeenkomst that runs past the framework counts
    up to its end, and the settlement follows after it (raamovereenkomst.telling; twelfth reading C
    MAJOR-3). With its end given the letter says so; after the term without it, what it assumes."""
    if not terms.call_off_valued or terms.per_call_off:
        return []
    cite = terms.article(COUNTING).cite()
    if valuation.last_call_off_end is not None:
        return [f"Een Nadere overeenkomst liep door na het einde van de raamovereenkomst ({datum(terms.end_date)}), "
                f"tot en met {datum(valuation.last_call_off_end)}. Inzet daarin telt mee tot die dag, en de "
                f"vaststelling volgt op de eindrapportage daarna ({cite})."]  # fmt: skip
    if valuation.report_date > valuation.end_date and valuation.none_ran_on:
        return [f"Geen Nadere overeenkomst liep door na het einde van de raamovereenkomst ({datum(terms.end_date)}); "
                f"inzet na dat einde telt niet mee ({cite})."]  # fmt: skip
    if valuation.report_date > valuation.end_date:
        return [f"Deze brief gaat ervan uit dat geen Nadere overeenkomst na {datum(terms.end_date)} doorliep. Liep er "
                f"wel een door, dan telt inzet daarin mee tot haar einde en volgt de vaststelling pas daarna "
                f"({cite})."]  # fmt: skip
    return []


def closed_paragraphs(terms: Terms) -> list[str]:
    """The lots no surplus of another lot fills, because their Plan van aanpak was scored at
    award (monitoring.sancties; sixth legal reading MAJOR-2)."""
    closed = [lot.id for lot in terms.lots if lot.id in terms.offset_closed]
    if not closed:
        return []
    names = f"perceel {closed[0]}" if len(closed) == 1 else f"de percelen {', '.join(closed[:-1])} en {closed[-1]}"
    those = "dat perceel" if len(closed) == 1 else "die percelen"
    return [f"Een overschot op een ander perceel vermindert geen tekort op {names}: voor {those} is het Plan van "
            f"aanpak bij de gunning als gunningscriterium beoordeeld ({terms.article(SANCTION).cite()})."]  # fmt: skip


PAID = "wat op grond van de Nadere overeenkomsten is betaald of verschuldigd, met meer- en minderwerk, exclusief btw"
"""The Afroepwaarde in a final letter, in the words of the annex's definition (eleventh reading A MINOR-4)."""

SOURCES = {GIVEN: "opgegeven door de Opdrachtgever", SHEET: f"opgave op het blad {OBLIGATION_SHEET}"}
"""How the letter names where a framework holder's Afroepwaarde came from (afroep.call_off_sources)."""


def basis_paragraphs(valuation: Valuation) -> list[str]:
    """For a framework holder valued on its Afroepwaarde: per lot the percentage, the Afroepwaarde
    with its source, and the raming at an equal split, so the holder can check the obligation
    (raamovereenkomst.houders; fifth legal reading, MINOR-2)."""
    terms = _terms(valuation)
    if terms is not None and terms.single_framework and valuation.call_off is None:
        return [f"De verplichting in deze brief is de raming uit de bijlage ({euro(valuation.obligation_eur)}). "
                f"Verschuldigd is het percentage van de werkelijke waarde van alle Nadere overeenkomsten "
                f"({terms.article(LEVEL).cite()}); die is niet opgegeven, dus de verplichting en het tekort kunnen nog "
                "veranderen."]  # fmt: skip
    if terms is None or valuation.call_off is None or not valuation.obligation_fixed:
        return []
    out = []
    one = terms.holders <= 1  # the one holder: the real value of all Nadere overeenkomsten
    interim = during(valuation)
    for lot in terms.lots:
        if lot.id not in valuation.call_off or lot.percentage is None:
            continue
        share = "" if lot.basis_share == 1 else f"{number(lot.basis_share * 100)}% van "
        source = SOURCES.get(valuation.call_off_sources.get(lot.id, ""))
        so_far = " tot nu toe" if interim else ""
        if not interim:  # final: the Afroepwaarde as the annex defines it (eleventh reading A MINOR-4)
            whose = "alle Nadere overeenkomsten" if one else f"de Nadere overeenkomsten van de {terms.party}"
            text = (f"e verplichting is {number(lot.percentage)}% van {share}de Afroepwaarde van "
                    f"{euro(valuation.call_off[lot.id])}: de werkelijke waarde van {whose}, dat is {PAID} "
                    f"(de Nadere overeenkomsten die {call_off_period(terms, valuation.report_date)} "
                    f"{'zijn gesloten' if one else f'aan de {terms.party} zijn gegund'}"
                    f"{f'; bron: {source}' if source else ''}). De raming "
                    f"{'in de bijlage' if one else 'over het Indicatief aandeel'} was "
                    f"{euro(lot.obligation_eur)}.")  # fmt: skip
            out.append(f"Perceel {lot.id}: d{text}" if lot.id else f"D{text}")
            continue
        # a holder's Afroepwaarde as the annex defines it: what is paid or owed under the call-offs awarded to
        # him, not their value (fourteenth round); the one holder's interim figure stays the value of the
        # concluded call-offs (eleventh reading)
        which = ("van alle Nadere overeenkomsten die " + call_off_period(terms, valuation.report_date) + " zijn gesloten"
                 if one else f"die op grond van de Nadere overeenkomsten die "
                 f"{call_off_period(terms, valuation.report_date)} aan de {terms.party} zijn gegund, aan hem is "
                 "betaald of verschuldigd, met meer- en minderwerk")  # fmt: skip
        text = (f"e verplichting{so_far} is {number(lot.percentage)}% van {share}"
                f"{'de werkelijke waarde' if one else 'de Afroepwaarde'} van {euro(valuation.call_off[lot.id])} (de "
                f"waarde exclusief btw {which}{f'; bron: {source}' if source else ''}). De raming "
                f"{'in de bijlage' if one else 'over het Indicatief aandeel'} was {euro(lot.obligation_eur)}.")  # fmt: skip
        out.append(f"Perceel {lot.id}: d{text}" if lot.id else f"D{text}")
    return out


def above_value_paragraphs(terms: Terms, valuation: Valuation) -> list[str]:
    """In the letter, where a framework's Afroepwaarde exceeds its estimated value in the tender
    (the value of a framework is a maximum, art. 2.163a e.v. Aw 2012): a signal to check, beside the
    obligation that follows the Afroepwaarde all the same (fourteenth reading H MINOR-6; the
    terminal gets it as a warning)."""
    out = []
    for lot_id, amount, estimate in above_value(terms, valuation.call_off):
        which = f"van perceel {lot_id} " if lot_id else ""
        whose = f"van perceel {lot_id} van de Raamovereenkomst" if lot_id else "van de Raamovereenkomst"
        out.append(f"De Afroepwaarde {which}van {euro(amount)} ligt boven de geraamde waarde {whose} in de "
                   f"aanbesteding ({euro(estimate)}, exclusief btw, inclusief opties en verlengingen). De Opdrachtgever "
                   "gaat na of de afname binnen de Raamovereenkomst viel (artikel 2.163a e.v. Aanbestedingswet "
                   "2012); de verplichting in deze brief volgt de Afroepwaarde.")  # fmt: skip
    return out


def renewal_line(renewal: Renewal, weeks: int, article: str) -> str:
    """How a renewed PSO certificate counts, by the one rule of buy-social.pso: from its start date
    when the buyer received it at the latest `weeks` after that date, else from the day of receipt."""
    received = f"door de Opdrachtgever ontvangen op {datum(renewal.received)}"
    until = f"geldig tot en met {datum(renewal.valid_until)}"
    if renewal.starts is None:
        return (f"Een vernieuwd PSO-certificaat, {received} en {until}, telt mee vanaf die ontvangst (de "
                f"ingangsdatum is niet opgegeven) en is in de bedragen verwerkt.")  # fmt: skip
    starts = f"ingegaan op {datum(renewal.starts)}"
    if renewal.on_time(weeks):
        return (f"Een vernieuwd PSO-certificaat, {starts}, {received} en {until}, telt volgens {article} mee vanaf "
                f"zijn ingangsdatum, omdat de Opdrachtgever het uiterlijk {weeks} weken daarna heeft ontvangen; het "
                f"is in de bedragen verwerkt.")  # fmt: skip
    return (f"Een vernieuwd PSO-certificaat, {starts}, {received} en {until}, telt volgens {article} pas mee vanaf "
            f"de dag van ontvangst, omdat de Opdrachtgever het later dan {weeks} weken na de ingangsdatum heeft "
            f"ontvangen; het is in de bedragen verwerkt.")  # fmt: skip


def row_line(row: RowValue) -> str:
    if row.refused:
        return f"rij {row.row}: geweigerd: {row.reason}"
    if not row.counted:
        return f"rij {row.row}: telt niet: {row.reason}"
    return f"rij {row.row}: {euro(row.value_eur)}" + (f" ({row.reason})" if row.reason else "")


def text_lines(valuation: Valuation) -> list[str]:
    """`clausegen realisatie` without --json."""
    lines = [
        f"Contract {valuation.contract}: looptijd {datum(valuation.start_date)} tot en met "
        f"{datum(valuation.end_date)}, peildatum {datum(valuation.report_date)}",
        "",
    ]
    header = figure_header(valuation)
    table = [header, *figure_rows(valuation)]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for index, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += ["", *basis_paragraphs(valuation), *status_paragraphs(valuation), *explanation_paragraphs(valuation), ""]
    if valuation.phase == "niet-vast":  # per call-off there is nothing to give: each is settled on its own
        lines.insert(-1, "Geef de werkelijke waarde van de Nadere overeenkomsten met --afroepwaarde BEDRAG.")
    terms = _terms(valuation)
    if terms is not None and terms.single_framework and valuation.call_off is None:
        lines.insert(-1, "Geef de werkelijke waarde van alle Nadere overeenkomsten met --afroepwaarde BEDRAG"
                         f"{' (per perceel PERCEEL=BEDRAG)' if terms.has_lots else ''}, of laat de Opdrachtnemer "
                         "haar invullen op het blad Verplichting van de werkmap.")  # fmt: skip
    if (
        terms is not None
        and terms.call_off_valued
        and not terms.per_call_off
        and valuation.last_call_off_end is None
        and valuation.report_date > valuation.end_date
        and not valuation.none_ran_on
    ):
        lines.insert(-1, f"Liep een Nadere overeenkomst door na {datum(terms.end_date)}, geef dan haar nummer en "
                         "einde met --laatste-nadere-overeenkomst-tot NUMMER=DATUM, of geen als er geen doorliep.")  # fmt: skip
    if valuation.call_offs and terms is not None:
        from .calloff_text import terminal_lines

        lines[-1:-1] = terminal_lines(terms, valuation)
    lines += [row_line(r) for r in valuation.rows]
    counted = sum(r.counted for r in valuation.rows)
    reserved = reserved_rows(valuation)
    extra = f", waarvan {len(reserved)} onder voorbehoud van instemming" if reserved else ""
    lines.append(f"{counted} van {len(valuation.rows)} regels tellen mee{extra}.")
    lines += list(valuation.notes)
    return lines

"""The words and the table of the settlement per Nadere overeenkomst, for the letter, the terminal
and the web form (raamovereenkomst.nadere-overeenkomsten; calloffs.py computes the figures)."""

from __future__ import annotations

from ..fmt import datum, euro, listing
from .calloffs import CallOffValue
from .terms import AFNEMERS, CALL_OFF, PSO_CLAUSE, SANCTION, Terms
from .valuation import Valuation

TABLE_HEADING = "Per Nadere overeenkomst"
STATUS = {"lopend": "lopend", "achter": "achter", "gehaald": "gehaald", "tekort": "tekort"}
HOW_TO_GIVE = (
    "Geef de lijst van Nadere overeenkomsten (nummer, {lot}startdatum, einddatum, waarde_eur exclusief btw, "
    "toelichting{afnemer}) op het blad Nadere overeenkomsten van de werkmap of met --nadere-overeenkomsten BESTAND, en "
    "vul per rij van de verantwoording in de kolom nadere_overeenkomst het nummer in; dan waardeert de brief elke "
    "Nadere overeenkomst afzonderlijk."
)


def how_to_give(terms: Terms) -> str:
    """What to give so that `realisatie` settles each call-off."""
    afnemer = (
        ", afnemer: de partij die de Nadere overeenkomst sloot, leeg voor de Opdrachtgever" if terms.afnemers else ""
    )
    return HOW_TO_GIVE.format(lot="perceel, " if terms.has_lots else "", afnemer=afnemer)


def header(terms: Terms) -> tuple[str, ...]:
    pso = ("PSO",) if terms.pso is not None else ()
    return ("Nadere overeenkomst", "Looptijd", "Waarde", "Verplichting", *pso, "Gerealiseerd", "Nog te realiseren",
            "Tekort", "Boete", "Status")  # fmt: skip


def status_label(item: CallOffValue, valuation: Valuation) -> str:
    """The status in words; a Nadere overeenkomst that has not begun at the peildatum is not yet
    running (sixteenth reading L MINOR-2; JSON keeps `lopend`)."""
    if valuation.report_date < item.start:
        return "nog niet begonnen"
    return STATUS[item.status]


def name(item: CallOffValue) -> str:
    """`NO-1`, `NO-1 (perceel 2)`, `gebundeld 2027: NO-2, NO-3`."""
    if item.number.startswith("bundeling-"):  # a bundling the buyer consented to (raamovereenkomst.bundeling)
        text = f"gebundeld met instemming: {', '.join(item.bundled)}"
    else:
        text = f"gebundeld {item.start.year}: {', '.join(item.bundled)}" if item.bundled else item.number
    return f"{text} (perceel {item.lot})" if item.lot else text


def charged(item: CallOffValue) -> bool:
    """Whether the call-off or bundle has a boete above € 0,00: only then is it owed to anyone
    (fourteenth reading H TAAL-2: no "boete € 0,00 (verschuldigd aan: ...)" where it was met)."""
    return (item.charge_eur or 0) > 0


def creditor(item: CallOffValue) -> str:
    """To whom the call-off's boete is owed (raamovereenkomst.afnemers): `verschuldigd aan: X`, or
    for a bundle of several parties each party's part (calloffs.split_charge)."""
    if len(item.charge_by_party) > 1:
        parts = [f"{party} {euro(charge)}" for party, charge in item.charge_by_party]
        return "verschuldigd aan: " + listing(parts)
    return f"verschuldigd aan: {item.afnemer}"


def split_sentence(terms: Terms, valuation: Valuation) -> str | None:
    """How a bundle's boete is split over its parties, where a bundle of more than one party has a
    boete (not where every bundle was met: fourteenth reading H TAAL-2)."""
    if not any(len(item.charge_by_party) > 1 and charged(item) for item in valuation.call_offs):
        return None
    return (f"De boete over een bundel is verschuldigd aan elke partij die er een Nadere overeenkomst in sloot, "
            f"voor het deel naar verhouding van de waarde van haar Nadere overeenkomsten in die bundel "
            f"({terms.article(AFNEMERS).cite()}); de delen zijn afgerond op centen en het afrondingsverschil valt "
            "bij het grootste deel.")  # fmt: skip


def footing(terms: Terms, valuation: Valuation) -> str:
    """What the figures are: a Nadere overeenkomst is established only after the eindrapportage about
    it (monitoring.sancties), so while one still runs the letter is indicative, and once all have
    ended it is the valuation for that decision (thirteenth reading F MINOR-3, as the eleventh
    reading A MINOR-6 did at framework level)."""
    sanction = terms.article(SANCTION).cite()
    running = [item for item in valuation.call_offs if valuation.report_date <= item.end]
    if not running:
        return ("Dit is de waardering van de eindrapportage van elke Nadere overeenkomst; de vaststelling volgt "
                f"volgens {sanction}.")  # fmt: skip
    if len(running) == len(valuation.call_offs):
        return ("De bedragen zijn een tussenstand: elke Nadere overeenkomst wordt na de eindrapportage daarover "
                f"vastgesteld, volgens {sanction}.")  # fmt: skip
    return ("Voor een Nadere overeenkomst die op de peildatum is geëindigd, is dit de waardering van de "
            f"eindrapportage; de vaststelling volgt volgens {sanction}. Voor een Nadere overeenkomst die nog loopt, "
            "zijn de bedragen een tussenstand.")  # fmt: skip


def rows(terms: Terms, valuation: Valuation) -> list[tuple[str, ...]]:
    out = []
    for item in valuation.call_offs:
        pso = (euro(item.pso_eur),) if terms.pso is not None else ()
        out.append((name(item), f"{datum(item.start)} t/m {datum(item.end)}", euro(item.value_eur),
                    euro(item.obligation_eur), *pso, euro(item.realised_eur), euro(item.remaining_eur),
                    euro(item.shortfall_eur), "–" if item.charge_eur is None else euro(item.charge_eur),
                    status_label(item, valuation)))  # fmt: skip
    return out


def paragraphs(terms: Terms, valuation: Valuation) -> list[str]:
    """The text where the list of call-offs was given: each is settled on its own, in the table."""
    article = terms.article(CALL_OFF).cite()
    out = [
        f"De Social-returnverplichting geldt per Nadere overeenkomst ({article}). Deze brief waardeert elke Nadere "
        "overeenkomst uit de opgegeven lijst afzonderlijk, met haar eigen waarde en looptijd (tabel ‘Per "
        f"Nadere overeenkomst’). {footing(terms, valuation)} Een Nadere overeenkomst van minder dan {euro(terms.call_off_min_eur)} heeft geen "
        "eigen verplichting: haar waarde telt mee in één gebundelde verplichting per kalenderjaar"
        f"{' en Perceel' if terms.has_lots else ''} waarin zij begint; die bundel eindigt op de laatste einddatum van "
        "de kleine Nadere overeenkomsten erin. Een overschot bij de "
        "ene Nadere overeenkomst vult geen tekort bij een andere, behalve binnen een bundeling waarmee de "
        "Opdrachtgever schriftelijk heeft ingestemd. Op het niveau van de Raamovereenkomst wordt "
        "niets vastgesteld.",
    ]
    short = [item for item in valuation.call_offs if item.status == "tekort"]
    if short:
        sanction = terms.article(SANCTION).cite()
        charged_items = [item for item in short if item.charge_eur is not None]
        names = ", ".join(name(item) for item in short)
        if charged_items:
            # with Afnemers each boete names its creditor (raamovereenkomst.afnemers, thirteenth reading F MAJOR-3)
            each = [f"{name(i)} {euro(i.charge_eur or 0)}" + (f" ({creditor(i)})" if terms.afnemers and
                    charged(i) else "") for i in charged_items]  # fmt: skip
            out.append(f"Na de melding en de Hersteltermijn ({sanction}) is de indicatieve boete per Nadere "
                       f"overeenkomst {terms.sanction_percent.normalize():f}% van haar tekort: "
                       + ("; " if terms.afnemers else ", ").join(each) + ".")  # fmt: skip
            split = split_sentence(terms, valuation) if terms.afnemers else None
            if split:
                out.append(split)
        else:
            out.append(f"Tekort bij: {names}. Een tekort wordt pas een boete na een schriftelijke melding en de "
                       f"Hersteltermijn daarna ({sanction}).")  # fmt: skip
    if terms.pso is not None:
        out.append(f"Het PSO-certificaat telt per Nadere overeenkomst mee, naar rato van het deel van haar looptijd "
                   f"waarin het geldig is ({terms.article(PSO_CLAUSE).cite()}). De kolom PSO geeft het deel tot de "
                   "peildatum; ‘Nog te realiseren’ is de verplichting min het gerealiseerde min het deel dat het "
                   "certificaat over de hele looptijd van de Nadere overeenkomst invult, zolang het geldig blijft.")  # fmt: skip
    if valuation.unassigned_rows:
        listed = ", ".join(str(r) for r in valuation.unassigned_rows)
        out.append(f"Rij {listed} noemt geen Nadere overeenkomst en telt daarom bij geen enkele Nadere overeenkomst "
                   "mee; vul in de kolom nadere_overeenkomst het nummer uit de lijst in.")  # fmt: skip
    return out


def terminal_lines(terms: Terms, valuation: Valuation) -> list[str]:
    """One line per call-off for `clausegen realisatie` without --json."""
    out = []
    for item in valuation.call_offs:
        charge = "" if item.charge_eur is None else f", boete {euro(item.charge_eur)}"
        if charged(item) and terms.afnemers:
            charge += f" ({creditor(item)})"
        if (item.melding is not None and item.recovery_end is not None and item.melding != valuation.melding
                and item.status == "tekort"):  # fmt: skip
            charge += f", melding {datum(item.melding)}, Hersteltermijn tot en met {datum(item.recovery_end)}"
        out.append(f"{name(item)} ({datum(item.start)} t/m {datum(item.end)}, waarde {euro(item.value_eur)}): "
                   f"verplichting {euro(item.obligation_eur)}, gerealiseerd {euro(item.realised_eur)}"
                   + (f", PSO {euro(item.pso_eur)}" if terms.pso is not None else "")
                   + f", nog te realiseren {euro(item.remaining_eur)}, tekort {euro(item.shortfall_eur)}{charge}: "
                   f"{status_label(item, valuation)}")  # fmt: skip
    # the split of a bundle's boete is in paragraphs(), above these lines: once (fourteenth H TAAL-2)
    return out

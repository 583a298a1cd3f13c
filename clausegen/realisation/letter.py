"""The realisation letter for the contract manager: the figures per lot and in total, what they
mean at the report date, the chart, and the rows that do not (fully) count with the reason. It
goes through the same document layer as the annexes (styles, header, footer, properties)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Literal

from .. import __version__
from ..blocks import Block, DocumentSpec, Image, Para, Run, Table
from ..fmt import datum, euro, listing
from .chart import call_off_note, chart_alt, chart_note, chart_png
from .summary import (
    NOT_STARTED,
    above_value_paragraphs,
    basis_paragraphs,
    during,
    explanation_paragraphs,
    figure_header,
    figure_rows,
    intends,
    intention_sentence,
    number,
    represented,
    reserved_rows,
    status_paragraphs,
)
from .terms import CALL_OFF, EVALUATION, LEVEL, SANCTION, Terms
from .valuation import RowValue, Valuation


def _p(text: str, role: str = "body", bold: bool = False) -> Para:
    return Para((Run(text, bold=bold),), role=role)  # type: ignore[arg-type]


def letter_spec(terms: Terms, valuation: Valuation, report_name: str) -> DocumentSpec:
    """The letter as a DocumentSpec (no articles: headed sections in the intro)."""
    table_name = terms.table_name or terms.table_id
    if terms.table_version:
        table_name += f", versie {terms.table_version}"
    info = (
        (terms.party, terms.contractor),
        ("Contract", terms.number),
        ("Looptijd", _term(terms, valuation)),
        *((("Onderhoudstermijn", _maintenance(valuation)),) if valuation.maintenance_end is not None else ()),
        ("Peildatum", datum(valuation.report_date)),
        ("Verantwoording", report_name),
        ("Waardetabel", table_name),
        *((("Hersteltermijn", _recovery(terms, valuation)),) if terms.has_obligation else ()),
    )
    figures = figure_rows(valuation)
    intention = terms.has_obligation and intends(valuation)
    header = figure_header(valuation, voornemen=intention)
    first = 16
    rest = (100 - first) // (len(header) - 1)
    blocks: list[Block] = [
        *_heading(terms, valuation),
        _p(
            f"Deze brief geeft de waarde van de verantwoording van {terms.contractor} voor contract "
            f"{terms.number} op {datum(valuation.report_date)}. Elke regel is gewaardeerd met de waardetabel en "
            "de telregels van het contract zelf."
        ),
        _p("Uitkomst", "lot-heading"),
        Table(
            # a contract without lots has one row "Opdracht": no "Perceel" above it (sixth reading MINOR-13)
            header=(header[0] or ("Perceel" if any(lot.id for lot in valuation.lots) else ""), *header[1:]),
            rows=tuple(figures[:-1]) if len(figures) > 2 else (),  # one lot: its row is the total
            align=_align(len(header)),
            total=figures[-1] if len(figures) > 2 else figures[0],
            widths=(100 - rest * (len(header) - 1), *(rest,) * (len(header) - 1)),
        ),
        *_call_offs(terms, valuation),
        *(_p(text) for text in basis_paragraphs(valuation)),
        *(_p(text) for text in above_value_paragraphs(terms, valuation)),
        *(_p(text) for text in status_paragraphs(valuation, letter=True)),
        # per Nadere overeenkomst the boete is in the table; the letter is the voornemen all the same
        *((_p(intention_sentence(terms, valuation)),) if intention and valuation.call_offs else ()),
        *(_p(text) for text in explanation_paragraphs(valuation)),
        *((_p(_method(terms, valuation), "note"),) if terms.has_obligation and not terms.per_call_off else ()),
        _p("Verloop over de looptijd", "lot-heading"),
        Image(chart_png(valuation), 160, chart_alt(valuation)),
        *((_p(note, "note"),) if (note := chart_note(valuation) or call_off_note(valuation)) else ()),
        *_rows(valuation),
        _p("Toelichting", "lot-heading"),
        *((_p(_procedure(terms, valuation, intention)),) if terms.has_obligation else ()),
        _p(
            f"De verantwoording bevat per persoon alleen het kandidaatnummer van de {terms.party}. Het bewijs "
            f"blijft bij de {terms.party} en kan op verzoek worden ingezien.",
            "note",
        ),
        *_closing(terms, represented(terms, valuation) if intention else []),
        _p(f"Berekend met clausegen {__version__}.", "note"),
    ]
    return DocumentSpec(
        kind="realisatie",
        title="Realisatie social return",
        subtitle=f"Contract {terms.number}, peildatum {datum(valuation.report_date)}",
        header_text=f"Realisatie social return {terms.number}",
        info=info,
        articles=(),
        intro=tuple(blocks),
        core={
            "title": f"Realisatie social return {terms.number}",
            "subject": terms.contractor,
            "keywords": "social return; realisatie",
            "author": "clausegen",
        },  # fmt: skip
        custom={
            "clausegen.kind": "realisatie",
            "clausegen.contract": terms.number,
            "clausegen.peildatum": valuation.report_date.isoformat(),
        },  # fmt: skip
    )


def _sender(terms: Terms) -> str:
    """The Opdrachtgever as the contract binds it (the manifest's legal entity; older manifests: the role)."""
    return terms.opdrachtgever or "De Opdrachtgever"


def _heading(terms: Terms, valuation: Valuation) -> list[Block]:
    """Sender, addressee, date and subject: the letter is the buyer's, to the contractor, dated on
    its letter date (thirteenth reading E MINOR-6, fourteenth G MINOR-12)."""
    return [
        _p(f"Van (Opdrachtgever): {_sender(terms)}"),
        _p(f"Aan ({terms.party}): {terms.contractor}"),
        *(
            [_p(f"Aan de vennoten, ieder hoofdelijk aansprakelijk: {listing(list(terms.partners))}")]
            if terms.partners
            else []
        ),
        _p(f"Datum: {datum(valuation.letter_date or valuation.report_date)}"),
        _p(f"Betreft: realisatie social return, contract {terms.number}"),
        _p("Geachte heer, mevrouw,"),
    ]


def _closing(terms: Terms, others: list[str] | None = None) -> list[Block]:
    """The closing with the Opdrachtgever's name and room for the signatory; in a voornemen of a
    boete owed to an Afnemer, also in that Afnemer's name (fourteenth reading H MAJOR-1)."""
    on_behalf = ""
    if others:
        on_behalf = ", mede namens " + listing(others)
    return [
        _p("Met vriendelijke groet,"),
        _p(_sender(terms) + on_behalf),
        _p("Naam, functie en handtekening: ______________________________"),
    ]


def _call_offs(terms: Terms, valuation: Valuation) -> list[Block]:
    """The table "Per Nadere overeenkomst" where the list of call-offs was given."""
    if not valuation.call_offs:
        return []
    from . import calloff_text

    header = calloff_text.header(terms)
    return [
        _p(calloff_text.TABLE_HEADING, "lot-heading"),
        Table(header=header, rows=tuple(calloff_text.rows(terms, valuation)), align=_align(len(header))),
    ]


def _align(columns: int) -> tuple[Literal["left", "right"], ...]:
    side: Literal["left", "right"] = "right"
    return ("left", *[side] * (columns - 1))


def _term(terms: Terms, valuation: Valuation) -> str:
    """The Looptijd; for a work it runs to the oplevering (the planned date where none is given)."""
    start = datum(terms.start_date)
    if not terms.works:
        running = valuation.last_call_off_end
        tail = f"; de laatste Nadere overeenkomst tot en met {datum(running)}" if running is not None else ""
        return f"{start} tot en met {datum(terms.end_date)}{tail}"
    if valuation.oplevering is not None:
        return f"{start} tot en met de oplevering op {datum(valuation.oplevering)}"
    return f"{start} tot de oplevering (gepland: {datum(terms.end_date)}; de cijfers gaan uit van die datum)"


def _maintenance(valuation: Valuation) -> str:
    """A work's onderhoudstermijn after the oplevering, where its end is given."""
    assert valuation.oplevering is not None and valuation.maintenance_end is not None
    start = valuation.oplevering + datetime.timedelta(days=1)
    return f"{datum(start)} tot en met {datum(valuation.maintenance_end)}"


def _recovery(terms: Terms, valuation: Valuation) -> str:
    """The Hersteltermijn: not started without a melding, else its dates (monitoring.sancties)."""
    from .calloff_text import name

    # a melding of a Nadere overeenkomst without a tekort starts no Hersteltermijn (seventeenth reading N MINOR)
    own = [item for item in valuation.call_offs
           if item.melding is not None and item.recovery_end is not None and item.melding != valuation.melding
           and item.status == "tekort"]  # fmt: skip
    if own:  # per Nadere overeenkomst each its own melding (fourteenth reading H MINOR-9)
        parts = [f"{name(item)}: {terms.recovery_months} maanden na de melding van {datum(item.melding)}, tot en met "
                 f"{datum(item.recovery_end)}" for item in own if item.melding and item.recovery_end]  # fmt: skip
        others = [item for item in valuation.call_offs if item not in own]
        met = [item for item in others if item.status == "gehaald"]  # no tekort, so no Hersteltermijn (R MINOR-6)
        parts += [f"{name(item)}: geen tekort, dus geen Hersteltermijn" for item in met]
        if len(met) < len(others):
            common = (_recovery(terms, dataclasses.replace(valuation, call_offs=()))
                      if valuation.melding is not None else NOT_STARTED)  # fmt: skip
            parts.append(f"de andere: {common}")
        return "; ".join(parts)
    if valuation.melding is None or valuation.recovery_start is None or valuation.recovery_end is None:
        return NOT_STARTED
    text = (
        f"{terms.recovery_months} maanden na de melding van {datum(valuation.melding)}: "
        f"{datum(valuation.recovery_start)} tot en met {datum(valuation.recovery_end)}"
    )
    if valuation.recovery_excess_end is not None and valuation.excess_eur > 0:
        text += (f"; voor het tekort tot {euro(valuation.excess_eur)} boven de raming ({terms.article(LEVEL).cite()}): "
                 f"{terms.excess_months} maanden, tot en met {datum(valuation.recovery_excess_end)}")  # fmt: skip
    return text


def _method(terms: Terms, valuation: Valuation) -> str:
    """How the figures are read: during the Looptijd the linear path and the only interim test;
    after it the valuation of the eindrapportage (eleventh reading A MINOR-6)."""
    if not during(valuation) and intends(valuation):  # the vaststelling came before the melding
        return (
            "Het tekort is de verplichting min wat is ingevuld, met de inzet in de Hersteltermijn. Dit is de "
            f"berekening bij het voornemen volgens {terms.article(SANCTION).cite()}."
        )
    if not during(valuation):  # a Nadere overeenkomst that runs on keeps the interim footing
        return (
            "Het tekort is de verplichting min wat is ingevuld. Dit is de waardering van de eindrapportage; de "
            f"vaststelling volgt volgens {terms.article(SANCTION).cite()}."
        )
    expected = "Verwacht is het deel van de verplichting dat past bij het verstreken deel van de looptijd (lineair). "
    if terms.call_off_valued and not terms.per_call_off:  # monitoring.evaluatie (eleventh reading A MINOR-3)
        expected = ("Verwacht is het verstreken deel van de looptijd maal de raming of, als die hoger is, de "
                    "verplichting over de gesloten Nadere overeenkomsten, maar niet meer dan die verplichting: "
                    "zo telt het verstreken deel één keer mee. ")  # fmt: skip
    return (
        expected
        + f"De enige tussentijdse toets ({terms.article(EVALUATION).cite()}) is {number(terms.interim_percent)}% "
        "daarvan; een achterstand bij die toets is geen tekortkoming. Na de looptijd is het tekort de "
        "verplichting min wat is ingevuld."
    )


def _procedure(terms: Terms, valuation: Valuation, intention: bool = False) -> str:
    """The steps before a boete, as the contract's sanction article sets them; in a letter that is
    the voornemen, its amounts are the calculation for it (thirteenth reading E MINOR-6)."""
    sanction = terms.article(SANCTION).cite()
    each = (f"Voor elke Nadere overeenkomst afzonderlijk, niet voor de Raamovereenkomst als geheel "
            f"({terms.article(CALL_OFF).cite()}), geldt: " if terms.per_call_off else "")  # fmt: skip
    return each + (
        f"Een boete in de zin van artikel 6:91 BW volgt alleen de procedure van {sanction}: na de eindrapportage "
        f"meldt de Opdrachtgever een tekort schriftelijk aan de {terms.party}; die melding geldt als "
        "ingebrekestelling en als aanmaning (artikelen 6:82 en 6:93 BW), en met haar begint een Hersteltermijn van "
        f"{terms.recovery_months} maanden{_longer_term(terms)}. "
        "Is daarna nog een "
        f"deel niet ingevuld, dan stuurt de Opdrachtgever zijn voornemen met de berekening, geeft hij de "
        f"{terms.party} gelegenheid om te reageren en beslist hij met redenen. De boete is "
        f"{number(valuation.sanction_percent)}% van het tekort, en geldt niet voor zover de {terms.party} aantoont "
        "dat het tekort niet aan hem is toe te rekenen en dat hij alles heeft gedaan wat redelijkerwijs van hem kon "
        "worden verwacht om Kandidaten te werven en in te zetten. "
        + ("De bedragen in deze brief zijn de berekening bij het voornemen; de boete staat pas vast met de "
           "beslissing." if intention else "De bedragen in deze brief zijn indicatief.")
    )  # fmt: skip


def _listing_rows(numbers: list[int]) -> str:
    return ("rij " if len(numbers) == 1 else "rijen ") + listing([str(n) for n in numbers])


def _longer_term(terms: Terms) -> str:
    """A framework holder's longer term for the part of a tekort above the raming (raamovereenkomst.niveau)."""
    if not terms.call_off_valued or terms.per_call_off:
        return ""
    return f" (voor het deel boven de raming {terms.excess_months} maanden, {terms.article(LEVEL).cite()})"


def _rows(valuation: Valuation) -> list[Block]:
    """The rows that do not count, or count only in part, each with its reason."""
    special = [r for r in valuation.rows if not r.counted or r.reason]
    counted = sum(r.counted for r in valuation.rows)
    reserved = reserved_rows(valuation)
    # support under the reservation of consent counts, but not without reservation (sixteenth reading K MINOR-3)
    extra = (f", waarvan {len(reserved)} onder voorbehoud van instemming ({_listing_rows(reserved)})"
             if reserved else "")  # fmt: skip
    blocks: list[Block] = [
        _p("Regels die niet of niet geheel meetellen", "lot-heading"),
        _p(f"Van de {len(valuation.rows)} regels tellen er {counted} mee{extra}."),
    ]
    if not special:
        blocks.append(_p("Alle andere regels tellen volledig mee." if reserved else "Alle regels tellen volledig mee."))
        return blocks

    def status(row: RowValue) -> str:
        if row.refused:
            return "geweigerd"
        return euro(row.value_eur) if row.counted else "telt niet"

    blocks.append(
        Table(
            header=("Rij", "Telt mee", "Reden"),
            rows=tuple((str(r.row), status(r), r.reason) for r in special),
            align=("right", "right", "left"),
            widths=(8, 17, 75),
        )
    )
    return blocks


def letter_bytes(terms: Terms, valuation: Valuation, report_name: str) -> bytes:
    """The letter as .docx bytes; its timestamp is the report date, so equal input, equal bytes."""
    from ..docx.writer import write_docx

    day = valuation.report_date
    created = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    return write_docx(letter_spec(terms, valuation, report_name), None, created)

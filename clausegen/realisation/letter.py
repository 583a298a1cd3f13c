"""The realisation letter for the contract manager: the figures per lot and in total, what they
mean at the report date, the chart, and the rows that do not (fully) count with the reason. It
goes through the same document layer as the annexes (styles, header, footer, properties)."""

from __future__ import annotations

import datetime

from .. import __version__
from ..blocks import Block, DocumentSpec, Image, Para, Run, Table
from ..fmt import datum, euro
from .chart import chart_png
from .summary import FIGURE_HEADER, figure_rows, status_line
from .terms import Terms
from .valuation import RowValue, Valuation


def _p(text: str, role: str = "body", bold: bool = False) -> Para:
    return Para((Run(text, bold=bold),), role=role)  # type: ignore[arg-type]


def letter_spec(terms: Terms, valuation: Valuation, report_name: str) -> DocumentSpec:
    """The letter as a DocumentSpec (no articles: headed sections in the intro)."""
    table_name = terms.table_name or terms.table_id
    if terms.table_version:
        table_name += f", versie {terms.table_version}"
    info = (
        ("Opdrachtnemer", terms.contractor),
        ("Contract", terms.number),
        ("Looptijd", f"{datum(terms.start_date)} tot en met {datum(terms.end_date)}"),
        ("Peildatum", datum(valuation.report_date)),
        ("Verantwoording", report_name),
        ("Waardetabel", table_name),
        ("Einde Hersteltermijn", datum(valuation.recovery_end)),
    )
    figures = figure_rows(valuation)
    blocks: list[Block] = [
        _p(
            f"Deze brief geeft de waarde van de verantwoording van {terms.contractor} voor contract "
            f"{terms.number} op {datum(valuation.report_date)}. Elke regel is gewaardeerd met de waardetabel en "
            "de telregels van het contract zelf."
        ),
        _p("Uitkomst", "lot-heading"),
        Table(
            header=(FIGURE_HEADER[0] or "Perceel", *FIGURE_HEADER[1:]),
            rows=tuple(figures[:-1]) if len(figures) > 2 else (),  # one lot: its row is the total
            align=("left",) + ("right",) * 6,
            total=figures[-1] if len(figures) > 2 else figures[0],
            widths=(16, 15, 15, 10, 15, 15, 14),
        ),
        _p(status_line(valuation)),
        _p(
            "Verwacht is het deel van de verplichting dat past bij het verstreken deel van de looptijd "
            "(lineair). De achterstand is het verschil tussen verwacht en gerealiseerd; een overschot op het ene "
            "perceel vult een tekort op een ander perceel niet aan.",
            "note",
        ),
        _p("Verloop over de looptijd", "lot-heading"),
        Image(
            chart_png(valuation), 160, "Grafiek: gerealiseerde waarde tegen het lineaire verwachte pad over de looptijd"
        ),
        *_rows(valuation),
        _p("Toelichting", "lot-heading"),
        _p(
            f"Een eventuele korting volgt uit de sanctiebepaling van het contract ({_share(valuation)} van wat na de "
            "Hersteltermijn niet is ingevuld). Zij geldt niet voor zover de Opdrachtnemer aantoont dat het tekort "
            "niet aan hem is toe te rekenen."
        ),
        _p(
            "De verantwoording bevat per persoon alleen het kandidaatnummer van de Opdrachtnemer. Het bewijs "
            "blijft bij de Opdrachtnemer en kan op verzoek worden ingezien.",
            "note",
        ),
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


def _share(valuation: Valuation) -> str:
    return f"{valuation.sanction_percent.normalize():f}".replace(".", ",") + "%"


def _rows(valuation: Valuation) -> list[Block]:
    """The rows that do not count, or count only in part, each with its reason."""
    special = [r for r in valuation.rows if not r.counted or r.reason]
    counted = sum(r.counted for r in valuation.rows)
    blocks: list[Block] = [
        _p("Regels die niet of niet geheel meetellen", "lot-heading"),
        _p(f"Van de {len(valuation.rows)} regels tellen er {counted} mee."),
    ]
    if not special:
        blocks.append(_p("Alle regels tellen volledig mee."))
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

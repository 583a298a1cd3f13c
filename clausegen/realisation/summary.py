"""The valuation as Dutch text: the figures per lot and in total, and one line per row that
does not count (or counts only in part), for the terminal and the letter."""

from __future__ import annotations

from decimal import Decimal

from ..fmt import datum, euro
from .valuation import RowValue, Valuation


def pct(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}".replace(".", ",") + "%"


def figure_rows(valuation: Valuation) -> list[tuple[str, ...]]:
    """One row per lot and a total: obligation, realised, %, expected, shortfall, charge."""
    after = valuation.after_recovery

    def charge(value: Decimal | None) -> str:
        return euro(value) if after and value is not None else "–"

    rows: list[tuple[str, ...]] = [
        (
            f"Perceel {lot.id}" if lot.id else "Opdracht",
            euro(lot.obligation_eur),
            euro(lot.realised_eur),
            pct(lot.fulfilment_percent),
            euro(lot.expected_eur),
            euro(lot.shortfall_eur),
            charge(lot.charge_eur),
        )
        for lot in valuation.lots
    ]
    rows.append(
        (
            "Totaal",
            euro(valuation.obligation_eur),
            euro(valuation.realised_eur),
            pct(valuation.fulfilment_percent),
            euro(valuation.expected_eur),
            euro(valuation.shortfall_eur),
            charge(valuation.charge_eur),
        )
    )
    return rows


FIGURE_HEADER = ("", "Verplichting", "Gerealiseerd", "Ingevuld", "Verwacht", "Achterstand", "Korting")


def status_line(valuation: Valuation) -> str:
    """What the figures mean at the report date: behind, on track, or the charge after recovery."""
    if valuation.after_recovery:
        if valuation.remaining_eur == 0:
            return "De Social-returnverplichting is volledig ingevuld; er volgt geen korting."
        return (
            f"De Hersteltermijn is op {datum(valuation.recovery_end)} verstreken. Niet ingevuld: "
            f"{euro(valuation.remaining_eur)}; de korting volgens de sanctiebepaling is "
            f"{euro(valuation.charge_eur or Decimal(0))}, tenzij de Opdrachtnemer aantoont dat het tekort "
            "niet aan hem is toe te rekenen."
        )
    if valuation.report_date > valuation.end_date:
        return (
            f"De looptijd is voorbij; nog niet ingevuld: {euro(valuation.remaining_eur)}. De Hersteltermijn "
            f"loopt tot en met {datum(valuation.recovery_end)}."
        )
    if valuation.shortfall_eur == 0:
        return "De realisatie ligt op of boven het lineaire verwachte pad."
    return (
        f"De realisatie ligt {euro(valuation.shortfall_eur)} achter op het lineaire verwachte pad; nog te "
        f"realiseren tot het einde van de looptijd: {euro(valuation.remaining_eur)}."
    )


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
    table = [FIGURE_HEADER, *figure_rows(valuation)]
    widths = [max(len(r[i]) for r in table) for i in range(len(FIGURE_HEADER))]
    for index, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += ["", status_line(valuation), ""]
    lines += [row_line(r) for r in valuation.rows]
    counted = sum(r.counted for r in valuation.rows)
    lines.append(f"{counted} van {len(valuation.rows)} regels tellen mee.")
    lines += list(valuation.notes)
    return lines

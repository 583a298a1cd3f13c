"""The chart of the letter: realised value against the linear expected path over the term, as a
PNG at print resolution. Agg without pyplot (no global state, safe in the web form's threads);
no software or time stamp in the file, so equal figures give equal bytes."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from fractions import Fraction

from ..fmt import aantal, datum, euro, listing
from .valuation import DAY, Valuation

DPI = 300
SIZE_CM = (16.0, 8.0)


def month_ends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The start, every month end in between, and the end."""
    days = [start]
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        last = datetime.date(year, month, 1) - DAY
        if last >= end:
            break
        if last > start:
            days.append(last)
    days.append(end)
    return days


def realised_path(valuation: Valuation, days: list[datetime.date]) -> list[Fraction]:
    """Realised value by each day: a counted row's value accrues evenly over the days it was valued
    for (a purchase or a cost at once, on its date)."""
    path = []
    for day in days:
        total = Fraction(0)
        for row in valuation.rows:
            if not row.counted or not row.value_eur:
                continue
            spans = row.spans or ((valuation.start_date, valuation.start_date),)
            length = sum((end - start).days + 1 for start, end in spans)
            done = sum(max(0, (min(end, day) - start).days + 1) for start, end in spans)
            total += Fraction(row.value_eur) * Fraction(min(done, length), length)
        path.append(total)
    return path


def obligation_label(valuation: Valuation) -> str:
    """The legend entry of the obligation line; a framework holder's follows its Afroepwaarde."""
    return "verplichting (Afroepwaarde × percentage)" if valuation.call_off is not None else "verplichting"


def per_call_off(valuation: Valuation) -> bool:
    """A framework whose obligation lives per Nadere overeenkomst: there is no obligation of the
    framework to draw (fourteenth reading H MINOR-10)."""
    return valuation.terms is not None and valuation.terms.per_call_off


def chart_end(valuation: Valuation) -> datetime.date:
    """The last day of the chart's axis: the end of the Looptijd; per Nadere overeenkomst the end of
    the last Nadere overeenkomst where it runs past the framework (fourteenth reading H MINOR-10)."""
    if not per_call_off(valuation):
        return valuation.end_date
    return max([valuation.end_date, *(item.end for item in valuation.call_offs)])


def realised_days(valuation: Valuation, days: list[datetime.date]) -> list[datetime.date]:
    """The days the realised line is drawn for: up to the report date (or the end of the term),
    so it never runs into the future as if it were a forecast; none before the start."""
    cut = min(valuation.report_date, chart_end(valuation))
    if cut < valuation.start_date:
        return []
    return [d for d in days if d < cut] + [cut]


def after_term(valuation: Valuation) -> tuple[Decimal, datetime.date | None]:
    """What counted after the end of the Looptijd (in the Hersteltermijn, a work's onderhoudstermijn
    or a Nadere overeenkomst that ran on), as the table counts it, and the last day the chart draws
    it to (the last counted day, the peildatum at the latest); (0, None) where nothing did. The
    chart shows it as a segment of its own after the end (fourteenth reading H MINOR-11)."""
    end = valuation.end_date
    amount = valuation.after_term_eur
    if not amount or valuation.report_date <= end:
        return Decimal(0), None
    last = max((stop for row in valuation.rows if row.counted and row.value_eur for _, stop in row.spans),
               default=None)  # fmt: skip
    if last is None or last <= end:  # e.g. a purchase, drawn at once: no days to draw a segment on
        return amount, None
    return amount, min(last, valuation.report_date)


def after_term_where(valuation: Valuation) -> str:
    """Where the work after the end of the Looptijd counted: `in de Hersteltermijn`, and so on."""
    where = []
    if valuation.last_call_off_end is not None:
        where.append("in de Nadere overeenkomst die doorliep")
    if valuation.maintenance_end is not None:
        where.append("bij onderhoud en herstel in de onderhoudstermijn")
    if valuation.recovery_start is not None:
        where.append("in de Hersteltermijn")
    return listing(where) if where else "na het einde van de looptijd"


AFTER_LABEL = "gerealiseerd na het einde van de looptijd"


def chart_note(valuation: Valuation) -> str | None:
    """The sentence under the chart where work counted after the end of the Looptijd: the segment
    after the end and its amount, which the table counts (fourteenth reading H MINOR-11)."""
    amount, until = after_term(valuation)
    if not amount:
        return None
    head = (f"De inzet na het einde van de looptijd op {datum(valuation.end_date)}, {after_term_where(valuation)}, "
            f"is {euro(amount)}")  # fmt: skip
    if until is None:
        return f"{head}; de tabel telt haar mee."
    return f"{head}; zij staat in de grafiek als apart stuk na dat einde ('{AFTER_LABEL}'), en de tabel telt haar mee."


PER_CALL_OFF_NOTE = (
    "De Social-returnverplichting geldt per Nadere overeenkomst: de grafiek toont daarom geen verplichting van de "
    "Raamovereenkomst en geen verwacht pad, alleen wat voor alle Nadere overeenkomsten samen is gerealiseerd{until}. "
    "{owed}"
)


def call_off_note(valuation: Valuation) -> str | None:
    """The sentence under the chart of a framework per Nadere overeenkomst (fourteenth H MINOR-10)."""
    if not per_call_off(valuation):
        return None
    end = chart_end(valuation)
    until = (
        f"; de tijdas loopt tot het einde van de laatste Nadere overeenkomst op {datum(end)}"
        if end > valuation.end_date
        else ""
    )
    owed = ("Wat elke Nadere overeenkomst verschuldigd is, staat in de tabel ‘Per Nadere overeenkomst’."
            if valuation.call_offs else "Elke Nadere overeenkomst wordt afzonderlijk vastgesteld.")  # fmt: skip
    return PER_CALL_OFF_NOTE.format(until=until, owed=owed)


def chart_alt(valuation: Valuation) -> str:
    """The alt text of the chart in the letter: what it shows, in the order of its legend."""
    realised = "tot de peildatum " if valuation.report_date < chart_end(valuation) else ""
    if per_call_off(valuation):
        return (f"Grafiek: gerealiseerde waarde {realised}over alle Nadere overeenkomsten samen; de verplichting "
                "geldt per Nadere overeenkomst en staat niet in de grafiek")  # fmt: skip
    after = ", en de inzet na het einde van de looptijd als apart stuk" if after_term(valuation)[1] else ""
    return (
        f"Grafiek: gerealiseerde waarde {realised}tegen het lineaire verwachte pad over de looptijd, "
        f"met de {obligation_label(valuation)} als horizontale lijn{after}"
    )


def chart_png(valuation: Valuation) -> bytes:
    """The PNG: the expected path from 0 to the obligation, the realised path up to the report
    date, the obligation and the report date."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import DateFormatter, YearLocator, date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    start, end = valuation.start_date, valuation.end_date
    per = per_call_off(valuation)
    days = month_ends(start, chart_end(valuation))
    term = (end - start).days + 1
    expected = [float(valuation.obligation_eur) * min(((d - start).days + 1) / term, 1.0) for d in days]
    done = realised_days(valuation, days)
    realised = [float(v) for v in realised_path(valuation, done)]
    x = [float(date2num(d)) for d in days]  # type: ignore[no-untyped-call]  # matplotlib.dates is unannotated
    figure = Figure(figsize=(SIZE_CM[0] / 2.54, SIZE_CM[1] / 2.54), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    if not per:  # per Nadere overeenkomst the framework has no obligation nor path (fourteenth H MINOR-10)
        axes.plot(x, expected, color="#7f8c99", linestyle="--", linewidth=1.2, label="verwacht (lineair)")
    x_done = [float(date2num(d)) for d in done]  # type: ignore[no-untyped-call]  # matplotlib.dates is unannotated
    axes.plot(x_done, realised, color="#154273", linewidth=1.8, label="gerealiseerd")
    _, until = after_term(valuation)
    if until is not None:  # what counted after the end, in a colour of its own (fourteenth H MINOR-11)
        tail = month_ends(end, until)
        x_tail = [float(date2num(d)) for d in tail]  # type: ignore[no-untyped-call]  # matplotlib.dates is unannotated
        axes.plot(x_tail, [float(v) for v in realised_path(valuation, tail)], color="#e17000", linewidth=1.8,
                  label=AFTER_LABEL)  # fmt: skip
        x.append(x_tail[-1])
    if not per:
        axes.axhline(float(valuation.obligation_eur), color="#b0b8c0", linewidth=0.8,
                     label=obligation_label(valuation))  # fmt: skip
    elif chart_end(valuation) > end:  # a Nadere overeenkomst ran on past the framework
        axes.axvline(float(date2num(end)), color="#7f8c99", linewidth=0.8,  # type: ignore[no-untyped-call]
                     label="einde Raamovereenkomst")  # fmt: skip
    if start <= valuation.report_date <= (until or chart_end(valuation)):
        axes.axvline(
            float(date2num(valuation.report_date)),  # type: ignore[no-untyped-call]  # matplotlib.dates is unannotated
            color="#c0392b",
            linewidth=0.8,
            linestyle=":",
            label="peildatum",
        )
    axes.set_xlim(x[0], x[-1])
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: "€\u00a0" + aantal(int(round(value)))))
    axes.xaxis.set_major_locator(YearLocator())  # type: ignore[no-untyped-call]  # matplotlib.dates is unannotated
    axes.xaxis.set_major_formatter(DateFormatter("%Y"))  # type: ignore[no-untyped-call]  # matplotlib.dates is unannotated
    axes.tick_params(labelsize=7)
    axes.grid(True, color="#e3e7eb", linewidth=0.5)
    axes.legend(fontsize=7, loc="upper left", frameon=False)
    title = "gerealiseerd, alle Nadere overeenkomsten samen" if per else "realisatie tegen het verwachte pad"
    axes.set_title(f"Contract {valuation.contract}: {title}", fontsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()

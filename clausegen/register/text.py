"""`register status` for the terminal: tables per contract, supplier, category and year, in Dutch."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from .. import fmt
from ..fmt import table_text
from .status import NOT_STARTED, Figures, Status


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else fmt.percentage(value)


def _cells(f: Figures) -> dict[str, str]:
    return {
        "verplichting": fmt.euro(f.obligation),
        "waarvan raming": fmt.euro(f.estimate),
        "gerealiseerd": fmt.euro(f.realised),
        "voldaan": _pct(f.fulfilment),
        "verwacht": fmt.euro(f.expected),
        "achter": fmt.euro(f.shortfall),
        "nog te doen": fmt.euro(f.remaining),
        "te laat": str(f.overdue_reports),
    }


def estimate_sentence(total: Figures) -> str:
    """What part of the total obligation is fixed and what part only an estimate, and why."""
    return (
        f"De verplichting van {fmt.euro(total.obligation)} bestaat uit {fmt.euro(total.fixed)} vaste verplichting "
        f"en {fmt.euro(total.estimate)} raming: bij een houder van een raamovereenkomst die het percentage van "
        "zijn Afroepwaarde verschuldigd is, is de verplichting een raming (bij meer houders: bij gelijke "
        "verdeling), totdat een verantwoording de Afroepwaarde geeft; vanaf die "
        "verantwoording telt het percentage van de Afroepwaarde als vaste verplichting."
    )


def status_lines(st: Status) -> list[str]:
    """Four tables and the conflicts, with euro amounts in Dutch notation."""
    lines = [f"Register social return, stand op {fmt.datum(st.as_of)}", "", "Per overeenkomst"]
    lines.append(table_text([
        {"overeenkomst": c.number, "KvK": c.kvk, "categorie": c.category, **_cells(c.figures),
         "PSO": fmt.euro(c.figures.pso), "indicatief tekort": fmt.euro(c.figures.indicative),
         "melding": fmt.datum(c.melding) if c.melding else "-",
         "Hersteltermijn": c.hersteltermijn or "-", "boete": fmt.euro(c.figures.charge)}
        for c in st.contracts
    ]))  # fmt: skip
    apart = [c for c in st.contracts if c.lots_shortfall is not None and c.lots]
    if apart:
        lines += ["", "Per perceel (percelen die elkaar niet aanvullen: een overschot vult geen tekort op een ander "
                  "perceel)"]  # fmt: skip
        lines.append(table_text([
            {"overeenkomst": c.number, "perceel": lot.lot, "verplichting": fmt.euro(lot.obligation),
             "gerealiseerd": fmt.euro(lot.realised), "nog te doen": fmt.euro(lot.shortfall)}
            for c in apart
            for lot in c.lots
        ]))  # fmt: skip
    lines += ["", "Per leverancier"]
    lines.append(table_text([{"KvK": k, "naam": st.names[k], **_cells(f)} for k, f in st.suppliers.items()]))
    lines += ["", "Per categorie"]
    lines.append(table_text([{"categorie": k, **_cells(f)} for k, f in st.categories.items()]))
    lines += ["", "Per jaar van ingang"]
    lines.append(table_text([{"jaar": str(k), **_cells(f)} for k, f in st.years.items()]))
    lines += [
        "",
        f"Totaal: {fmt.euro(st.total.realised)} van {fmt.euro(st.total.obligation)} ({_pct(st.total.fulfilment)})",
    ]
    if st.total.estimate:
        lines.append(estimate_sentence(st.total))
    if st.total.indicative:
        lines.append(
            f"Indicatief tekort na de looptijd: {fmt.euro(st.total.indicative)}. Een boete (artikel 6:91 BW) volgt "
            "pas na de schriftelijke melding, de Hersteltermijn, het voornemen en de beslissing volgens de "
            f"sanctiebepaling; nu verschuldigd: {fmt.euro(st.total.charge)}"
            + (f"; bij {st.total.recovery_not_started} overeenkomst(en) is de Hersteltermijn {NOT_STARTED}"
               " (leg de melding vast met `clausegen register melding`)" if st.total.recovery_not_started else "")
            + "."
        )  # fmt: skip
    if st.conflicts:
        lines += ["", "Dubbel geteld en niet meegeteld (kandidaat in meer overeenkomsten)"]
        for c in st.conflicts:
            kept = (
                f", telt bij {c['kept_contract']} rij {c['kept_row']}"
                if c["kept_contract"]
                else ", boven het maximum aantal maanden"
            )
            lines.append(
                f"- KvK {c['kvk']} kandidaat {c['kandidaat']}: {c['cut_contract']} rij {c['cut_row']} "
                f"{c['first_day']} t/m {c['last_day']}{_hours(str(c.get('hours') or ''))}{kept}"
            )
    return [line.replace("\u00a0", " ") for line in lines]


def _hours(text: str | None) -> str:
    """A cut of part of a row's hours: how many hours per week it takes ("" where it takes all)."""
    if not text:
        return ""
    part = Fraction(text)
    hours = Decimal(part.numerator) / Decimal(part.denominator)
    return f" ({fmt.aantal(hours, 0 if part.denominator == 1 else 1)} uur per week)"

"""The council report's content as plain tables (no document format): coverage, obligation and
realisation per category and instrument, charges, and the reconciliation an auditor can redo.
`export.py` turns the same tables into .docx and .xlsx, so both say exactly the same."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from .. import fmt
from .status import CALL_OFF, ESTIMATE, ContractStatus, Figures, Status, read_status
from .tables import contract_lots, contracts, report_rows, reports, tender_lots

ZERO = Decimal("0.00")
ESTIMATE_TEXT = (
    "Waarvan raming is het deel van de verplichting dat nog geen vaste verplichting is: een houder van een "
    "raamovereenkomst met meer houders is het percentage van de waarde van zijn eigen Nadere overeenkomsten "
    "(de Afroepwaarde) verschuldigd; zolang geen verantwoording die Afroepwaarde geeft, telt het register de "
    "raming bij gelijke verdeling over de houders. Vanaf de verantwoording die de Afroepwaarde geeft, telt de "
    "verplichting die zij daarmee berekent als vaste verplichting (zie Herkomst van de cijfers)."
)
KIND_LABELS = {
    "plaatsing": "Plaatsingen",
    "leerwerkplek": "Leerwerkplekken",
    "bonus": "Toeslagen",
    "inkoop": "Inkoop bij sociale ondernemingen (Buy Social)",
    "ondersteuning": "Ondersteuning en kennisoverdracht",
}


@dataclass(frozen=True)
class Section:
    """One table of the report, with the sentence that explains it."""

    title: str
    text: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None
    numeric: tuple[bool, ...] = ()
    widths: tuple[int, ...] = ()


@dataclass(frozen=True)
class Council:
    as_of: datetime.date
    status: Status
    sections: tuple[Section, ...]
    chart: tuple[tuple[str, Decimal, Decimal, Decimal], ...]
    """Per category: obligation, realised and expected, for the chart."""


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else fmt.percentage(value)


def _coverage(connection: Connection) -> Section:
    rows = connection.execute(select(tender_lots).order_by(tender_lots.c.tender_reference, tender_lots.c.lot_id)).all()
    with_sr = [r for r in rows if r.obligation > 0]
    table = tuple(
        (r.tender_reference, r.lot_id or "-", r.profile_id, fmt.euro(r.value),
         fmt.euro(r.obligation) if r.obligation > 0 else "geen", r.reason or "-")
        for r in rows
    )  # fmt: skip
    text = (
        f"Het register kent {len({r.tender_reference for r in rows})} aanbestedingen met {len(rows)} percelen; "
        f"{len(with_sr)} percelen hebben een social-returnverplichting, {len(rows) - len(with_sr)} niet. "
        "Bij elk perceel zonder verplichting staat de reden die het plan vastlegde."
    )
    return Section(
        "Dekking",
        text,
        ("Aanbesteding", "Perceel", "Categorie", "Waarde", "Verplichting", "Reden zonder verplichting"),
        table,
        numeric=(False, False, False, True, True, False),
        widths=(14, 8, 16, 16, 14, 32),
    )


def _per_category(st: Status) -> Section:
    def cells(name: str, f: Figures) -> tuple[str, ...]:
        return (name, str(f.contracts), fmt.euro(f.obligation), fmt.euro(f.estimate), fmt.euro(f.realised),
                _pct(f.fulfilment), fmt.euro(f.expected))  # fmt: skip

    return Section(
        "Verplichting en realisatie per categorie",
        "Gerealiseerd is wat na de regels over overeenkomsten heen meetelt (zie Verantwoording van de cijfers). "
        "Verwacht is de lineaire verwachting op de peildatum. Voldaan telt ook het deel van de verplichting dat een "
        f"PSO-certificaat volgens het contract invult (op de peildatum in totaal {fmt.euro(st.total.pso)}). "
        f"{ESTIMATE_TEXT}",
        ("Categorie", "Overeenkomsten", "Verplichting", "Waarvan raming", "Gerealiseerd", "Voldaan", "Verwacht"),
        tuple(cells(k, f) for k, f in st.categories.items()),
        cells("Totaal", st.total),
        (False, True, True, True, True, True, True),
    )


def _latest_reports(connection: Connection) -> dict[int, tuple[int, int, str, str]]:
    """Per contract id: the latest report's id, version, file name and sha256."""
    newest = (
        select(reports.c.contract_id, func.max(reports.c.version).label("v")).group_by(reports.c.contract_id).subquery()
    )
    query = select(reports.c.contract_id, reports.c.id, reports.c.version, reports.c.source_name,
                   reports.c.source_sha256).join(
        newest, (newest.c.contract_id == reports.c.contract_id) & (newest.c.v == reports.c.version))  # fmt: skip
    return {r.contract_id: (r.id, r.version, r.source_name, r.source_sha256) for r in connection.execute(query)}


def _per_instrument(connection: Connection, latest: dict[int, tuple[int, int, str, str]]) -> Section:
    obligations: dict[str, Decimal] = defaultdict(lambda: ZERO)
    lots: dict[str, int] = defaultdict(int)
    voluntary: set[tuple[int, str]] = set()
    """(contract id, lot id) of the lots without an obligation: work there counts towards none."""
    for lot in connection.execute(
        select(contract_lots.c.contract_id, contract_lots.c.lot_id, contract_lots.c.instruments,
               contract_lots.c.obligation)
    ):  # fmt: skip
        for instrument in lot.instruments.split(",") if lot.instruments else ["(geen)"]:
            obligations[instrument] += lot.obligation
            lots[instrument] += 1
        if lot.obligation <= 0:
            voluntary.add((lot.contract_id, lot.lot_id))
    realised: dict[str, Decimal] = defaultdict(lambda: ZERO)
    # One query sums the counted rows per latest report and block (no query per contract); each
    # contract's manifest is parsed once, for its blocks' kinds.
    of_report = {report_id: contract_id for contract_id, (report_id, *_rest) in latest.items()}
    manifests: dict[int, str] = {
        r.id: r.manifest for r in connection.execute(select(contracts.c.id, contracts.c.manifest))
    }
    kinds_of: dict[int, dict[str, str]] = {}
    sums = (
        select(report_rows.c.report_id, report_rows.c.bouwblok, report_rows.c.perceel,
               func.sum(report_rows.c.value).label("value"))
        .where(report_rows.c.counted)
        .group_by(report_rows.c.report_id, report_rows.c.bouwblok, report_rows.c.perceel)
    )  # fmt: skip
    for row in connection.execute(sums):
        contract_id = of_report.get(row.report_id)
        if contract_id is None:
            continue  # an earlier version
        if (contract_id, row.perceel.strip()) in voluntary:
            continue  # voluntary work on a lot without an obligation, as in `status` (twelfth reading C MAJOR-4)
        if contract_id not in kinds_of:
            manifest = json.loads(manifests[contract_id])
            blocks = ((manifest.get("valuation") or {}).get("value_table") or {}).get("blocks") or []
            kinds_of[contract_id] = {str(b.get("id")): str(b.get("kind")) for b in blocks}
        realised[kinds_of[contract_id].get(row.bouwblok, "plaatsing")] += row.value
    rows = [(i, str(lots[i]), fmt.euro(obligations[i]), "") for i in sorted(obligations)]
    rows += [(KIND_LABELS.get(k, k), "", "", fmt.euro(v)) for k, v in sorted(realised.items())]
    return Section(
        "Verplichting per instrument en realisatie per soort bijdrage",
        "Een perceel kan meer instrumenten hebben; de verplichting van zo'n perceel staat dan bij elk ervan. "
        "De realisatie per soort bijdrage is de waarde die de realisatieregels aan de laatste verantwoording van elke "
        "overeenkomst geven, vóór de aftrek voor dubbeltellingen tussen overeenkomsten.",
        ("Instrument of soort bijdrage", "Percelen", "Verplichting", "Gerealiseerd"),
        tuple(rows),
        numeric=(False, True, True, True),
    )


def _charges(st: Status) -> Section:
    rows = tuple(
        (c.number, c.contractor, fmt.datum(c.end), fmt.datum(c.melding) if c.melding else "geen",
         c.hersteltermijn, fmt.euro(c.figures.indicative), fmt.euro(c.figures.charge))
        for c in st.contracts
        if c.hersteltermijn
    )  # fmt: skip
    pending = sum((c.charge_pending for c in st.contracts), Decimal("0.00"))
    longer = (
        " Ligt de verplichting van een houder van een raamovereenkomst, vastgesteld met zijn Afroepwaarde, boven de "
        "raming uit de bijlage, dan loopt voor het deel van het tekort tot dat verschil een langere Hersteltermijn; "
        "zolang die nog loopt, toont de kolom Boete alleen de boete over het deel tot de raming (wat meetelt, telt "
        f"eerst voor dat deel). De boete over het deel boven de raming, nu nog niet verschuldigd: {fmt.euro(pending)}."
        if pending
        else ""
    )
    apart = " ".join(
        f"Bij {c.number} vullen de percelen elkaar niet aan; het tekort is de som van de percelen: "
        + "; ".join(f"perceel {lot.lot} {fmt.euro(lot.shortfall)}" for lot in c.lots)
        + "."
        for c in st.contracts
        if c.hersteltermijn and c.lots_shortfall is not None and c.lots
    )
    longer += f" {apart}" if apart else ""
    return Section(
        "Hersteltermijnen en boetes",
        "Wat een overeenkomst na haar looptijd tekortkomt, is een indicatief tekort. De Hersteltermijn uit het "
        "contract begint pas met de schriftelijke melding van dat tekort; een boete (artikel 6:91 BW) volgt pas "
        "na die termijn, het voornemen en de beslissing. De kolom Boete toont het tekort maal het "
        "sanctiepercentage alleen waar de Hersteltermijn na een vastgelegde melding is verstreken." + longer
        if rows
        else "Op de peildatum komt geen overeenkomst na haar looptijd tekort; er loopt geen Hersteltermijn en er is "
        "geen boete.",
        ("Overeenkomst", "Opdrachtnemer", "Einddatum", "Melding", "Hersteltermijn", "Indicatief tekort", "Boete"),
        rows,
        ("Totaal", "", "", "", "", fmt.euro(st.total.indicative), fmt.euro(st.total.charge)) if rows else None,
        (False, False, False, False, False, True, True),
    )


def _reconciliation(st: Status) -> Section:
    rows = [
        (c.number, c.kvk, fmt.euro(c.figures.obligation), fmt.euro(c.realised_own), fmt.euro(c.deducted),
         fmt.euro(c.bundled_in - c.bundled_out), fmt.euro(c.figures.realised))
        for c in st.contracts
    ]  # fmt: skip
    t = st.total
    own = sum((c.realised_own for c in st.contracts), ZERO)
    deducted = sum((c.deducted for c in st.contracts), ZERO)
    moved = sum((c.bundled_in - c.bundled_out for c in st.contracts), ZERO)
    return Section(
        "Verantwoording van de cijfers",
        "Meegeteld = verantwoord − aftrek voor dubbeltellingen tussen overeenkomsten + saldo van de bundeling. "
        "De totalen zijn die van de tabel per categorie. Welke verplichting een raming is, staat bij Herkomst van "
        "de cijfers.",
        ("Overeenkomst", "KvK", "Verplichting", "Verantwoord", "Aftrek", "Bundeling", "Meegeteld"),
        tuple(rows),
        (
            "Totaal",
            "",
            fmt.euro(t.obligation),
            fmt.euro(own),
            fmt.euro(deducted),
            fmt.euro(moved),
            fmt.euro(t.realised),
        ),
        (False, False, True, True, True, True, True),
        (16, 11, 15, 15, 13, 13, 15),
    )


def _sources(st: Status, latest: dict[str, tuple[int, int, str, str]]) -> Section:
    rows = []
    for c in st.contracts:
        report = latest.get(c.number)
        rows.append((c.number, c.manifest_sha256, f"versie {report[1]}: {report[2]}" if report else "geen",
                     report[3] if report else "-", _basis(c, report)))  # fmt: skip
    return Section(
        "Herkomst van de cijfers",
        "Elke overeenkomst met de sha256 van haar manifest.json en van de laatst opgeslagen verantwoording. "
        "Wie die verantwoording met `clausegen realisatie` op de map van de overeenkomst waardeert, vindt de "
        "kolom Verantwoord hierboven terug. De kolom Verplichting zegt waar de verplichting van de overeenkomst "
        "vandaan komt: het bedrag uit het manifest, de raming bij gelijke verdeling (contract.obligation_eur met "
        "obligation_is_estimate in het manifest) of het percentage van de Afroepwaarde die de laatste "
        "verantwoording geeft.",
        ("Overeenkomst", "Manifest (sha256)", "Verantwoording", "Verantwoording (sha256)", "Verplichting"),
        tuple(rows),
        widths=(14, 28, 14, 28, 16),
    )


def _basis(c: ContractStatus, report: tuple[int, int, str, str] | None) -> str:
    """Where a contract's obligation comes from, for the auditor."""
    if c.basis == ESTIMATE:
        return "raming bij gelijke verdeling"
    if c.basis == CALL_OFF and report is not None:
        return f"percentage van de Afroepwaarde (verantwoording versie {report[1]})"
    return "bedrag uit het manifest"


def council(connection: Connection, day: datetime.date) -> Council:
    """Everything the council report shows, read in one transaction."""
    st = read_status(connection, day)
    latest = _latest_reports(connection)
    numbers = dict(connection.execute(select(contracts.c.id, contracts.c.number)).all())
    by_number = {numbers[cid]: value for cid, value in latest.items()}
    sections = (_coverage(connection), _per_category(st), _per_instrument(connection, latest), _charges(st),
                _reconciliation(st), _sources(st, by_number))  # fmt: skip
    chart = tuple((k, f.obligation, f.realised, f.expected) for k, f in st.categories.items())
    return Council(day, st, sections, chart)

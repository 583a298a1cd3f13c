"""The realisation stage's entry points: value a report file against a contract folder, and
(optionally) write the realisation letter."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..catalog import message
from ..errors import ClausegenError
from ..fmt import datum, euro
from .afroep import above_value, call_off_sources, combine
from .calloffs import (
    check_meldingen,
    check_rows,
    clip_rows,
    parse_list,
    read_list_file,
    unassigned,
    value_call_offs,
    with_clipping,
    with_unit_caps,
)
from .reader import read_report
from .rows import Refused, ReportRow
from .terms import Terms, load_terms, terms_from_manifest
from .valuation import Renewal, RenewalInput, Valuation, as_renewal
from .valuation import value_report as _value


def value_report(
    manifest: dict[str, Any] | Terms,
    rows: Iterable[ReportRow],
    report_date: datetime.date,
    refused: Iterable[Refused] = (),
    *,
    melding: datetime.date | None = None,
    oplevering: datetime.date | None = None,
    call_off: Mapping[str, Decimal] | None = None,
    pso_renewals: Iterable[RenewalInput] = (),
    onderhoud: datetime.date | None = None,
) -> Valuation:
    """The valuation of `rows` by one contract's rules (its manifest dict, or its Terms) at
    `report_date`. Pure: reads no files, so a register can reuse it across contracts. `melding`
    starts the Hersteltermijn, `oplevering` ends a work's Looptijd, `call_off` is a framework
    holder's real call-off value per lot id ("" without lots), `onderhoud` the last day of a
    work's onderhoudstermijn after the oplevering."""
    terms = manifest if isinstance(manifest, Terms) else terms_from_manifest(manifest)
    renewals = tuple(as_renewal(r) for r in pso_renewals)
    check_circumstances(terms, melding, oplevering, call_off, renewals, onderhoud)
    return _value(terms, rows, report_date, refused, melding=melding, oplevering=oplevering, call_off=call_off,
                  pso_renewals=renewals, onderhoud=onderhoud)  # fmt: skip


def _settle_call_offs(
    terms: Terms,
    report: str | Path,
    read: Any,
    valuation: Valuation,
    given: str | Path | None,
    warn: Callable[[str], None] | None,
    melding: datetime.date | None,
    renewals: Iterable[Renewal],
    declined: Collection[int] = (),
    meldingen: Mapping[str, datetime.date] | None = None,
    bundles: Sequence[tuple[str, ...]] = (),
) -> Valuation:
    """Each Nadere overeenkomst settled on its own where the list is given (the option wins over the
    workbook's sheet, with a warning when both are there)."""
    if not terms.per_call_off:
        if given is not None:
            raise ClausegenError(code="realisation.call-offs-not-per-call-off", params={"contract": terms.number})
        return valuation
    if (meldingen or bundles) and given is None and read.call_off_sheet is None:
        raise ClausegenError(code="realisation.melding-per-call-off-without-list", key=("melding",))
    if given is not None:
        listed = read_list_file(given, terms)
        if read.call_off_sheet is not None and warn is not None:
            warn(message("warning.call-offs-both", {"path": Path(given).name}))
    elif read.call_off_sheet is not None:
        listed = parse_list(report, read.call_off_sheet, terms)
        if not listed:  # the workbook's sheet left empty: no list given
            return valuation
    else:
        return valuation
    check_rows(report, read.rows, listed)
    check_meldingen(terms, listed, meldingen or {}, bundles)
    # each row counts only in the term of the Nadere overeenkomst it names, and only those days take
    # a Kandidaat's hours and months; the list shows the rows as the settlements count them
    # (thirteenth reading F MAJOR-2, its second reading)
    clipped = clip_rows(terms, read.rows, listed, melding, meldingen, bundles)
    noticed = melding if valuation.recovery_end is not None else None
    framework = _value(terms, clipped.rows, valuation.report_date, read.refused, melding=noticed,
                       pso_renewals=renewals, unconsented=declined, windows=clipped.windows)  # fmt: skip
    valuation = dataclasses.replace(framework, call_off_sources=valuation.call_off_sources, notes=valuation.notes,
                                    rows=with_clipping(framework.rows, clipped))  # fmt: skip
    settled = value_call_offs(terms, clipped.rows, listed, valuation.report_date, melding=melding, meldingen=meldingen, bundles=bundles,
                              pso_renewals=renewals, granted={r.row: r for r in framework.rows})  # fmt: skip
    loose = unassigned(read.rows)
    if loose and warn is not None:
        warn(message("warning.call-offs-unassigned", {"rows": list(loose)}))
    valuation = with_unit_caps(valuation, settled)
    return dataclasses.replace(valuation, call_offs=settled, call_offs_given=True, unassigned_rows=loose)


def consent_rows(terms: Terms, rows: Iterable[ReportRow], given: Iterable[int | str] | None) -> tuple[int, ...] | None:
    """The support rows the buyer consented to (`--instemming 6,7`, repeatable), checked against
    the report: each must be a row with a support block (fourteenth reading G MINOR-6)."""
    if given is None:
        return None
    numbers: set[int] = set()
    for item in given:
        for part in str(item).split(","):
            text = part.strip()
            if not text:
                continue
            if not text.isdigit():
                raise ClausegenError(code="realisation.consent-row", params={"text": text[:20]}, key=("instemming",))
            numbers.add(int(text))
    support = {row.row for row in rows if (block := terms.block(row.bouwblok)) and block.kind == "ondersteuning"}
    stray = sorted(numbers - support)
    if stray:
        raise ClausegenError(code="realisation.consent-not-support",
                             params={"rows": ", ".join(str(n) for n in stray)}, key=("instemming",))  # fmt: skip
    return tuple(sorted(numbers))


def unconsented(
    terms: Terms,
    rows: Iterable[ReportRow],
    consented: tuple[int, ...] | None,
    after: bool,
    melding: datetime.date | None = None,
) -> frozenset[int]:
    """The support rows that do not count: with `--instemming` every support row not named; without
    it, after the Looptijd every support row (the settlement and a voornemen rest on no reservation;
    fourteenth reading G MINOR-6), during the Looptijd none (the letter counts them under reservation).
    Support in the Hersteltermijn (a row that starts after the `melding`) needs no consent
    (monitoring.sancties)."""
    if consented is None and not after:
        return frozenset()
    support = {
        row.row
        for row in rows
        if (block := terms.block(row.bouwblok))
        and block.kind == "ondersteuning"
        and not (melding is not None and row.van is not None and row.van > melding)
    }
    return frozenset(support - set(consented or ()))


NONE_RAN_ON = "geen"
"""`--laatste-nadere-overeenkomst-tot geen`: no Nadere overeenkomst ran past the framework's end."""


def check_unnamed_running(terms: Terms, rows: Iterable[ReportRow], day: datetime.date,
                          running: Mapping[str, datetime.date] | None) -> None:  # fmt: skip
    """After the end of a framework-level obligation, rows that name a Nadere overeenkomst with work
    after the framework's end, while the buyer did not say which ran on: the letter would count them
    not at all and, as the voornemen, name a boete too high (seventeenth reading N MAJOR-4). The buyer
    names them, or states that none ran on."""
    if running is not None or not terms.call_off_valued or terms.per_call_off or day <= terms.end_date:
        return
    late = [row for row in rows if row.nadere_overeenkomst and row.tot is not None and row.tot > terms.end_date]
    if late:
        labels = sorted({row.nadere_overeenkomst for row in late})
        raise ClausegenError(
            code="realisation.rows-after-framework-end",
            params={"rows": ", ".join(str(row.row) for row in late), "labels": ", ".join(labels),
                    "end": datum(terms.end_date), "example": labels[0]},
            key=("laatste-nadere-overeenkomst-tot",),
        )  # fmt: skip


def parse_last_call_offs(
    given: datetime.date | str | Iterable[str] | Mapping[str, datetime.date] | None,
) -> tuple[datetime.date | None, dict[str, datetime.date] | None]:
    """`--laatste-nadere-overeenkomst-tot DATUM`, or per Nadere overeenkomst that ran past the
    framework's end `NUMMER=DATUM` (repeatable; sixteenth reading L MAJOR-2): the last of those
    ends, and the ends per number (None with a plain date: any row with a number then counts)."""
    if given is None or isinstance(given, datetime.date):
        return given, None
    if isinstance(given, Mapping):
        return (max(given.values()) if given else None), dict(given)
    items = [given] if isinstance(given, str) else list(given)
    if [item.strip().lower() for item in items] == [NONE_RAN_ON]:
        return None, {}  # the buyer states that no Nadere overeenkomst ran past the end (seventeenth reading N MAJOR-4)
    plain: list[datetime.date] = []
    own: dict[str, datetime.date] = {}
    for item in items:
        number, sep, text = item.rpartition("=")
        day = parse_date_option(text.strip(), "laatste-nadere-overeenkomst-tot", "NO-07=2031-12-31")
        assert day is not None
        if sep and number.strip():
            own[number.strip()] = day
        else:
            plain.append(day)
    if plain and own or len(plain) > 1:
        raise ClausegenError(code="realisation.last-call-off-mixed", key=("laatste-nadere-overeenkomst-tot",))
    if own:
        return max(own.values()), own
    return (plain[0] if plain else None), None


def parse_meldingen(
    given: datetime.date | str | Iterable[str] | Mapping[str, datetime.date] | None,
) -> tuple[datetime.date | None, dict[str, datetime.date]]:
    """`--melding DATUM` (one melding for every Nadere overeenkomst that ended before it) and, per
    Nadere overeenkomst or bundle, `--melding NUMMER=DATUM` (repeatable; fourteenth reading H MINOR-9):
    the one date, and the dates per number."""
    if given is None or isinstance(given, datetime.date):
        return given, {}
    if isinstance(given, Mapping):
        return None, dict(given)
    items = [given] if isinstance(given, str) else list(given)
    common: datetime.date | None = None
    own: dict[str, datetime.date] = {}
    for item in items:
        number, sep, text = item.rpartition("=")
        day = parse_date_option(text.strip(), "melding", "2030-08-15")
        assert day is not None
        if sep:
            if not number.strip() or number.strip() in own:
                raise ClausegenError(code="realisation.melding-twice", params={"number": number.strip() or "?"},
                                     key=("melding",))  # fmt: skip
            own[number.strip()] = day
        elif common is not None:
            raise ClausegenError(code="realisation.melding-several", key=("melding",))
        else:
            common = day
    return common, own


def parse_date_option(text: str | None, option: str, example: str) -> datetime.date | None:
    """A `--melding` or `--oplevering` date (JJJJ-MM-DD), or None."""
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ClausegenError(
            code="realisation.bad-date", params={"option": option, "text": text[:30], "example": example}
        ) from None


def parse_report_date(text: str | None) -> datetime.date:
    """`--peildatum YYYY-MM-DD`, default today."""
    if text is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ClausegenError(code="realisation.report-date", params={"text": text[:30]}, key=("peildatum",)) from None


def parse_call_off(values: Iterable[str], terms: Terms) -> dict[str, Decimal] | None:
    """`--afroepwaarde BEDRAG` (one lot, or none) or `--afroepwaarde PERCEEL=BEDRAG` per lot: the
    real value of the call-offs awarded to this holder (for the one holder of a framework: of all
    its Nadere overeenkomsten), excl. btw, in euros."""
    if terms.per_call_off:
        raise _per_call_off(terms)
    if not terms.call_off_valued:
        raise _fixed_obligation(terms)
    out: dict[str, Decimal] = {}
    single = len(terms.lots) == 1
    for value in values:
        lot, sep, amount = value.rpartition("=")
        lot = lot.strip() if sep else (terms.lots[0].id if single else "")
        if not sep and not single:
            raise ClausegenError(
                code="realisation.call-off-no-lot", params={"text": value[:30], "lot": terms.lots[0].id}
            )
        if terms.lot(lot) is None:
            raise ClausegenError(
                code="realisation.call-off-unknown-lot",
                params={"lot": lot[:30], "lots": ", ".join(x.id for x in terms.lots)},
            )
        try:
            number = Decimal(amount.strip().replace(",", "."))
        except InvalidOperation:
            number = Decimal(-1)
        if not number.is_finite() or number < 0 or number != number.quantize(Decimal("0.01")):
            raise ClausegenError(code="realisation.call-off-amount", params={"text": amount[:30]})
        out[lot] = number
    return out or None


def _per_call_off(terms: Terms) -> ClausegenError:
    """`--afroepwaarde` where the obligation lives per Nadere overeenkomst: there the list of Nadere
    overeenkomsten decides, and an Afroepwaarde would be ignored (thirteenth reading F MINOR-1)."""
    return ClausegenError(code="realisation.call-off-per-call-off", params={"contract": terms.number})


def _fixed_obligation(terms: Terms) -> ClausegenError:
    return ClausegenError(code="realisation.call-off-fixed", params={"contract": terms.number})


def parse_renewal(text: str) -> Renewal:
    """`--pso-vernieuwd ONTVANGEN:GELDIG_TOT[:INGANG]`: the day the buyer received a renewed PSO
    certificate, its last valid day and, optionally, its start date, each JJJJ-MM-DD. With the start
    date the renewal counts from it when received in time (buy-social.pso)."""
    parts = text.split(":")
    try:
        if len(parts) not in (2, 3):
            raise ValueError(text)
        dates = [datetime.date.fromisoformat(part.strip()) for part in parts]
        return Renewal(dates[0], dates[1], dates[2] if len(dates) == 3 else None)
    except ValueError:
        raise ClausegenError(code="realisation.pso-renewal-text", params={"text": text[:40]}) from None


def check_circumstances(
    terms: Terms,
    melding: datetime.date | None,
    oplevering: datetime.date | None,
    call_off: Mapping[str, Decimal] | None,
    renewals: Iterable[Renewal] = (),
    onderhoud: datetime.date | None = None,
    last_call_off: datetime.date | None = None,
) -> None:
    """The dates and values a contract manager gives, checked against the contract."""
    if last_call_off is not None:
        if not terms.call_off_valued or terms.per_call_off:
            raise ClausegenError(code="realisation.last-call-off-not-framework", params={"contract": terms.number})
        if last_call_off <= terms.end_date:
            raise ClausegenError(
                code="realisation.last-call-off-before-end",
                params={"day": datum(last_call_off), "end": datum(terms.end_date)},
            )
    if onderhoud is not None:
        if oplevering is None:
            raise ClausegenError(code="realisation.onderhoud-needs-oplevering")
        if onderhoud <= oplevering:
            raise ClausegenError(
                code="realisation.onderhoud-before-oplevering",
                params={"onderhoud": datum(onderhoud), "oplevering": datum(oplevering)},
            )
    for renewal in renewals:
        if terms.pso is None:
            raise ClausegenError(code="realisation.pso-renewal-no-pso", params={"contract": terms.number})
        if renewal.valid_until < renewal.received:
            raise ClausegenError(
                code="realisation.pso-renewal-order",
                params={"received": datum(renewal.received), "until": datum(renewal.valid_until)},
            )
        if renewal.starts is not None and renewal.valid_until < renewal.starts:
            raise ClausegenError(
                code="realisation.pso-renewal-start-order",
                params={"starts": datum(renewal.starts), "until": datum(renewal.valid_until)},
            )
    if oplevering is not None:
        if not terms.works:
            raise ClausegenError(
                code="realisation.oplevering-not-works",
                params={"contract": terms.number, "end": datum(terms.end_date)},
            )
        if oplevering < terms.start_date:
            raise ClausegenError(
                code="realisation.oplevering-before-start",
                params={"oplevering": datum(oplevering), "start": datum(terms.start_date)},
            )
    end = oplevering or terms.end_date
    if melding is not None:
        if terms.works and oplevering is None:
            raise ClausegenError(code="realisation.melding-needs-oplevering")
        # per Nadere overeenkomst the melding concerns the call-offs that ended before it (calloffs.py)
        if melding <= end and not terms.per_call_off:
            raise ClausegenError(
                code="realisation.melding-too-early", params={"melding": datum(melding), "end": datum(end)}
            )
        if last_call_off is not None and melding <= last_call_off:  # raamovereenkomst.telling
            raise ClausegenError(
                code="realisation.melding-before-last-call-off",
                params={"melding": datum(melding), "end": datum(last_call_off)},
            )
        if not terms.has_obligation:
            raise ClausegenError(code="realisation.melding-no-obligation", params={"contract": terms.number})
    if call_off is not None:
        if terms.per_call_off:
            raise _per_call_off(terms)
        if not terms.call_off_valued:
            raise _fixed_obligation(terms)
        missing = [lot.id for lot in terms.lots if lot.id not in call_off and lot.obligation_eur > 0]
        if missing:
            raise ClausegenError(code="realisation.call-off-missing", params={"lots": ", ".join(missing)})


def realisatie(
    contract_dir: str | Path,
    report: str | Path,
    report_date: datetime.date | str | None = None,
    output: str | Path | None = None,
    force: bool = False,
    *,
    melding: datetime.date | str | Iterable[str] | Mapping[str, datetime.date] | None = None,
    oplevering: datetime.date | str | None = None,
    call_off: Mapping[str, Decimal] | Iterable[str] | None = None,
    pso_renewals: Iterable[RenewalInput | str] = (),
    warn: Callable[[str], None] | None = None,
    onderhoud: datetime.date | str | None = None,
    call_offs: str | Path | None = None,
    last_call_off: datetime.date | str | Iterable[str] | Mapping[str, datetime.date] | None = None,
    letter_date: datetime.date | str | None = None,
    consent: Iterable[int | str] | None = None,
    bundles: Iterable[str] = (),
) -> Valuation:
    """Value the report file (.xlsx or .csv) against the contract in `contract_dir` (its folder or
    its manifest.json); with `output`, also write the realisation letter (.docx) there. `melding`:
    the day the buyer notified a shortfall in writing; `oplevering`: a work's actual completion;
    `call_off`: a framework holder's real call-off value ({lot id: euros}, or the CLI's texts),
    which wins over the Afroepwaarde the holder filled in on its workbook (used when not given);
    `pso_renewals`: renewed PSO certificates as (received, valid until[, start]), or
    `ONTVANGEN:GELDIG_TOT[:INGANG]`; `warn`: gets the warning when the given and the workbook's
    Afroepwaarde differ; `onderhoud`: the last day of a work's onderhoudstermijn (with `oplevering`):
    work on the work after the oplevering up to that day is maintenance and repair, and counts;
    `call_offs`: the list of Nadere overeenkomsten (.csv or .xlsx) of a per-call-off framework,
    which wins over the workbook's sheet 'Nadere overeenkomsten' (calloffs.py); `last_call_off`: for a
    framework-level obligation, the end of the last Nadere overeenkomst that ran past the framework
    (work in it counts up to that day, and the melding follows it; raamovereenkomst.telling);
    `letter_date`: the date the letter bears (default: the later of today and the peildatum);
    `consent`: the support rows the buyer consented to in writing beforehand (numbers, or the CLI's
    texts "6,7"): they count, the other support rows do not; `bundles`: per bundling of Nadere
    overeenkomsten the buyer consented to, their numbers ("NO-01,NO-02": settled as one); without it, support counts during the
    Looptijd under the reservation of consent and not after it (consent_rows)."""
    day = report_date if isinstance(report_date, datetime.date) else parse_report_date(report_date)
    notified, meldingen = parse_meldingen(melding)
    completed = oplevering if isinstance(oplevering, datetime.date) or oplevering is None else (
        parse_date_option(oplevering, "oplevering", "2030-03-31"))  # fmt: skip
    maintained = onderhoud if isinstance(onderhoud, datetime.date) or onderhoud is None else (
        parse_date_option(onderhoud, "onderhoudstermijn-tot", "2031-03-31"))  # fmt: skip
    last, running = parse_last_call_offs(last_call_off)
    stated_none = running == {}
    running = running or None
    _, terms = load_terms(contract_dir)
    if meldingen and not terms.per_call_off:
        raise ClausegenError(code="realisation.melding-per-call-off-only", params={"contract": terms.number},
                             key=("melding",))  # fmt: skip
    values = None
    if isinstance(call_off, Mapping):
        values = {str(k): Decimal(v) for k, v in call_off.items()}
    elif call_off is not None:
        values = parse_call_off(list(call_off), terms)
    renewals = tuple(parse_renewal(r) if isinstance(r, str) else as_renewal(r) for r in pso_renewals)
    check_circumstances(
        terms, notified, completed, None, renewals, maintained, last
    )  # the call-off once the workbook is read
    read = read_report(report)
    if not stated_none and last is None:
        check_unnamed_running(terms, read.rows, day, running)
    given = values
    values, notes = combine(terms, values, read.call_off, warn)
    check_circumstances(terms, None, None, values)
    if day < terms.start_date:
        # nothing can have been realised yet; without --peildatum the day is today (lawyer8 MINOR-5)
        code = "realisation.report-date-before-start" if report_date is not None else "realisation.today-before-start"
        raise ClausegenError(
            code=code,
            params={"day": datum(day), "start": datum(terms.start_date), "contract": terms.number},
            key=("peildatum",),
        )
    consented = consent_rows(terms, read.rows, consent)
    after = day > max(completed or terms.end_date, last or terms.end_date)
    first = min((d for d in (notified, *meldingen.values()) if d is not None), default=None)
    declined = unconsented(terms, read.rows, consented, after, first)
    if warn is not None:  # the framework's value is a maximum (fourteenth reading H MINOR-6); the letter says it too
        for lot_id, amount, estimate in above_value(terms, values):
            code = "warning.afroepwaarde-above-value-lot" if lot_id else "warning.afroepwaarde-above-value"
            warn(message(code, {"lot": lot_id, "afroepwaarde": euro(amount), "value": euro(estimate)}))
    valuation = _value(terms, read.rows, day, read.refused, melding=notified, oplevering=completed, call_off=values,
                       pso_renewals=renewals, onderhoud=maintained, last_call_off=last, unconsented=declined,
                       running=running)  # fmt: skip
    if notified is not None:
        # a melding notifies a tekort; without one at the end of the Looptijd there is no Hersteltermijn
        # to run (lawyer9 A MINOR-8): value without it and say so
        plain = _value(terms, read.rows, day, read.refused, oplevering=completed, call_off=values,
                       pso_renewals=renewals, onderhoud=maintained, last_call_off=last,
                       unconsented=declined, running=running)  # fmt: skip
        if plain.shortfall_eur is not None and plain.shortfall_eur <= 0:
            if warn is not None:
                warn(message("warning.melding-without-shortfall", {"melding": datum(notified)}))
            valuation = plain
    if valuation.call_off is not None:
        valuation = dataclasses.replace(valuation, call_off_sources=call_off_sources(given, values))
    grouped = tuple(tuple(n.strip() for n in text.split(",") if n.strip()) for text in bundles)
    if grouped and not terms.per_call_off:
        raise ClausegenError(code="realisation.bundle-per-call-off-only", params={"contract": terms.number},
                             key=("bundel",))  # fmt: skip
    valuation = _settle_call_offs(terms, report, read, valuation, call_offs, warn, notified, renewals, declined,
                                  meldingen, grouped)  # fmt: skip
    valuation = dataclasses.replace(valuation, consented=consented, none_ran_on=stated_none)
    if last is not None and running is None and warn is not None:
        warn(message("warning.last-call-off-unnamed", {"end": datum(terms.end_date)}))
    if declined and warn is not None:
        warn(message("warning.support-without-consent", {"rows": ", ".join(str(n) for n in sorted(declined))}))
        named = [row.row for row in read.rows if row.row in declined and "instem" in (row.toelichting or "").lower()]
        if named:  # the supplier wrote a consent in its report (sixteenth reading K MINOR-2)
            warn(message("warning.support-consent-in-report", {"rows": ", ".join(str(n) for n in named)}))
    if notified is not None and not terms.per_call_off and warn is not None:
        due = (completed or terms.end_date) + datetime.timedelta(weeks=terms.report_weeks)
        if notified < due:  # the melding follows the eindrapportage and the vaststelling (sixteenth reading K MINOR-8)
            warn(message("warning.melding-before-final-report", {"melding": datum(notified), "due": datum(due)}))
    if not terms.per_call_off and day > valuation.end_date:
        # what counted after the end, as the table counts it, for the chart (fourteenth reading H MINOR-11)
        within = _value(terms, read.rows, day, read.refused, oplevering=completed, call_off=values,
                        pso_renewals=renewals, unconsented=declined)  # fmt: skip
        later = valuation.realised_eur - within.realised_eur
        valuation = dataclasses.replace(valuation, after_term_eur=later if later > 0 else None)
    if notes:
        valuation = dataclasses.replace(valuation, notes=(*notes, *valuation.notes))
    dated = letter_date if isinstance(letter_date, datetime.date) or letter_date is None else (
        parse_date_option(letter_date, "briefdatum", "2031-10-06"))  # fmt: skip
    if dated is not None and dated < day:
        raise ClausegenError(code="realisation.letter-date-before-report-date",
                             params={"date": datum(dated), "day": datum(day)}, key=("briefdatum",))  # fmt: skip
    valuation = dataclasses.replace(valuation, letter_date=dated or max(datetime.date.today(), day))
    if output is not None:
        from ..output import write_all
        from .letter import letter_bytes

        target = Path(output)
        if target.suffix.lower() != ".docx":
            raise ClausegenError(code="realisation.letter-suffix", path=target)
        data = letter_bytes(terms, valuation, Path(report).name)
        write_all(target.parent if str(target.parent) else Path("."), {target.name: data}, force)
    return valuation

"""The realisation stage's entry points: value a report file against a contract folder, and
(optionally) write the realisation letter."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ClausegenError
from .reader import read_report
from .rows import Refused, ReportRow
from .terms import Terms, load_terms, terms_from_manifest
from .valuation import Valuation
from .valuation import value_report as _value


def value_report(
    manifest: dict[str, Any] | Terms,
    rows: Iterable[ReportRow],
    report_date: datetime.date,
    refused: Iterable[Refused] = (),
) -> Valuation:
    """The valuation of `rows` by one contract's rules (its manifest dict, or its Terms) at
    `report_date`. Pure: reads no files, so a register can reuse it across contracts."""
    terms = manifest if isinstance(manifest, Terms) else terms_from_manifest(manifest)
    return _value(terms, rows, report_date, refused)


def parse_report_date(text: str | None) -> datetime.date:
    """`--peildatum YYYY-MM-DD`, default today."""
    if text is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ClausegenError(code="realisation.report-date", params={"text": text[:30]}, key=("peildatum",)) from None


def realisatie(
    contract_dir: str | Path,
    report: str | Path,
    report_date: datetime.date | str | None = None,
    output: str | Path | None = None,
    force: bool = False,
) -> Valuation:
    """Value the report file (.xlsx or .csv) against the contract in `contract_dir` (its folder or
    its manifest.json); with `output`, also write the realisation letter (.docx) there."""
    day = report_date if isinstance(report_date, datetime.date) else parse_report_date(report_date)
    _, terms = load_terms(contract_dir)
    read = read_report(report)
    valuation = _value(terms, read.rows, day, read.refused)
    if output is not None:
        from ..output import write_all
        from .letter import letter_bytes

        target = Path(output)
        if target.suffix.lower() != ".docx":
            raise ClausegenError(code="realisation.letter-suffix", path=target)
        data = letter_bytes(terms, valuation, Path(report).name)
        write_all(target.parent if str(target.parent) else Path("."), {target.name: data}, force)
    return valuation

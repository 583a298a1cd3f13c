"""After award: the supplier's verantwoording, valued exactly as the contract says.

`write_workbook` / `workbook_bytes` make the workbook the award stage puts next to each contract;
`read_report` reads a filled-in one (.xlsx or .csv); `value_report` applies the counting rules;
`realisatie` does all of it for a contract folder and a report file."""

from __future__ import annotations

from .api import realisatie, value_report
from .reader import Report, read_report
from .rows import COLUMNS, Refused, ReportRow
from .terms import Terms, load_terms, terms_from_manifest
from .valuation import LotValue, RowValue, Valuation
from .workbook import workbook_bytes, write_workbook

__all__ = [
    "COLUMNS",
    "LotValue",
    "Refused",
    "Report",
    "ReportRow",
    "RowValue",
    "Terms",
    "Valuation",
    "load_terms",
    "read_report",
    "realisatie",
    "terms_from_manifest",
    "value_report",
    "workbook_bytes",
    "write_workbook",
]

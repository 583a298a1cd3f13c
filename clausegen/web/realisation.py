"""The realisation page of `clausegen serve`: a contract manager uploads the contract's
manifest.json and the supplier's filled-in verantwoording (.xlsx or .csv), sees the valuation,
the refused rows and the chart, and downloads the letter. Nothing is kept after a response: the
letter's form carries the two files back (base64), bounded by the server's request limit."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime
import re
from pathlib import PurePath
from typing import Any

from flask import Flask, Response, render_template, request

from ..errors import ClausegenError
from ..fmt import datum
from ..realisation.afroep import call_off_sources, combine
from ..realisation.api import check_circumstances, parse_report_date
from ..realisation.chart import chart_png
from ..realisation.letter import letter_bytes
from ..realisation.reader import read_report
from ..realisation.summary import figure_header, figure_rows, row_line, status_line
from ..realisation.terms import Terms, manifest_from_bytes, terms_from_manifest
from ..realisation.valuation import Valuation, value_report
from .messages import shown, text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report_name(name: str | None) -> str:
    """The upload's own file name, without folders and odd characters (it names the format)."""
    base = PurePath((name or "").replace("\\", "/")).name
    return re.sub(r"[^A-Za-z0-9._ -]+", "_", base)[:120] or "verantwoording"


def _value(manifest_raw: bytes, report_raw: bytes, report_name: str, day: datetime.date) -> tuple[Terms, Valuation]:
    terms = terms_from_manifest(manifest_from_bytes(manifest_raw), "manifest.json")
    report = read_report(report_name, data=report_raw)
    call_off, _ = combine(terms, None, report.call_off)  # a framework holder's Afroepwaarde on its workbook
    check_circumstances(terms, None, None, call_off)
    valuation = value_report(terms, report.rows, day, report.refused, call_off=call_off)
    if valuation.call_off is not None:  # the form takes no Afroepwaarde: it is the workbook's
        valuation = dataclasses.replace(valuation, call_off_sources=call_off_sources(None, call_off))
    return terms, valuation


def _page(status: int = 200, **context: object) -> tuple[str, int]:
    context.setdefault("errors", [])
    context.setdefault("peildatum", datetime.date.today().isoformat())
    return render_template("realisatie.html", **context), status


def _view(terms: Terms, valuation: Valuation) -> dict[str, Any]:
    """What the result page shows, formatted the Dutch way by the same code as the CLI and letter."""
    return {
        "contract": terms.number,
        "contractor": terms.contractor,
        "term": f"{datum(terms.start_date)} tot en met {datum(terms.end_date)}",
        "report_date": datum(valuation.report_date),
        "header": figure_header(valuation),
        "figures": figure_rows(valuation),
        "status": status_line(valuation),
        "rows": [
            {"row": r.row, "line": row_line(r), "counted": r.counted, "refused": r.refused, "partial": bool(r.reason)}
            for r in valuation.rows
        ],
        "counted": sum(r.counted for r in valuation.rows),
        "chart": base64.b64encode(chart_png(valuation)).decode(),
    }


def register(app: Flask) -> None:
    """Add the realisation routes to the app."""

    @app.get("/realisatie")
    def realisatie_form() -> tuple[str, int]:
        return _page()

    @app.post("/realisatie")
    def realisatie_result() -> tuple[str, int]:
        manifest_file = request.files.get("manifest")
        report_file = request.files.get("report")
        peildatum = request.form.get("peildatum", "").strip()
        errors = []
        if manifest_file is None or not manifest_file.filename:
            errors.append(text("web.choose-manifest"))
        if report_file is None or not report_file.filename:
            errors.append(text("web.choose-report"))
        if errors:
            return _page(400, errors=errors, peildatum=peildatum or None)
        assert manifest_file is not None and report_file is not None
        manifest_raw, report_raw = manifest_file.stream.read(), report_file.stream.read()
        name = _report_name(report_file.filename)
        try:
            day = parse_report_date(peildatum or None)
            terms, valuation = _value(manifest_raw, report_raw, name, day)
        except ClausegenError as exc:
            return _page(422, errors=shown(exc), peildatum=peildatum or None)
        carry = {
            "manifest_b64": base64.b64encode(manifest_raw).decode(),
            "report_b64": base64.b64encode(report_raw).decode(),
            "report_name": name,
            "peildatum": day.isoformat(),
        }
        return _page(200, view=_view(terms, valuation), carry=carry, peildatum=day.isoformat())

    @app.post("/realisatie/brief")
    def realisatie_letter() -> Response | tuple[str, int]:
        """The letter, made again from the files the result page carried back."""
        try:
            manifest_raw = base64.b64decode(request.form.get("manifest_b64", ""), validate=True)
            report_raw = base64.b64decode(request.form.get("report_b64", ""), validate=True)
        except (binascii.Error, ValueError):
            return _page(400, errors=[text("web.bad-carry")])
        name = _report_name(request.form.get("report_name"))
        try:
            day = parse_report_date(request.form.get("peildatum") or None)
            terms, valuation = _value(manifest_raw, report_raw, name, day)
        except ClausegenError as exc:
            return _page(422, errors=shown(exc))
        data = letter_bytes(terms, valuation, name)
        file_name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{terms.number}-realisatie-{day.isoformat()}.docx")
        response = Response(data, mimetype=DOCX)
        response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
        return response

"""The contracts page of the web form: progress per contract and per supplier, read from the
same register as `clausegen register status`, and a verantwoording upload stored into it."""

from __future__ import annotations

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

from flask import Flask, current_app, render_template, request

from .. import fmt
from ..errors import ClausegenError
from ..realisation.api import parse_report_date
from .messages import shown, text

MAX_MANIFEST_BYTES = 200_000


def _day(value: str | None) -> datetime.date:
    return parse_report_date(value or None)


def _upload_named(error: ClausegenError, folder: str) -> ClausegenError:
    """The error with the temporary folder of an upload taken out of its path: the page names
    the file the buyer chose (`manifest.json`), not where the server kept it for a moment."""
    for one in getattr(error, "problems", [error]):
        if one.path is not None and one.path.startswith(folder):
            one.path = one.path[len(folder) :].lstrip("/\\") or None
    if error.path is not None and error.path.startswith(folder):
        error.path = error.path[len(folder) :].lstrip("/\\") or None
    return error


def _bar(realised: Decimal, obligation: Decimal) -> dict[str, str]:
    """A progress bar's value (percent, two decimals, at most 100) and its label."""
    if not obligation:
        return {"value": "0", "label": "geen verplichting"}
    percent = (realised * 100 / obligation).quantize(Decimal("0.01"))
    return {"value": str(min(percent, Decimal(100))), "label": fmt.percentage(percent)}


def _estimate(amount: Decimal) -> str:
    """The estimated part of an obligation, '' where there is none."""
    return fmt.euro(amount) if amount else ""


def _rows(day: datetime.date) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    from ..register import open_engine, status

    st = status(open_engine(current_app.config.get("CLAUSEGEN_DB")), day)
    contracts = [
        {"number": c.number, "contractor": c.contractor, "kvk": c.kvk, "category": c.category,
         "obligation": fmt.euro(c.figures.obligation), "estimate": _estimate(c.figures.estimate),
         "realised": fmt.euro(c.figures.realised), "expected": fmt.euro(c.figures.expected), "overdue": c.figures.overdue_reports,
         "recovery": c.recovery, "hersteltermijn": c.hersteltermijn, "bar": _bar(c.figures.realised, c.figures.obligation)}
        for c in st.contracts
    ]  # fmt: skip
    suppliers = [
        {"kvk": kvk, "name": st.names[kvk], "contracts": f.contracts, "obligation": fmt.euro(f.obligation),
         "estimate": _estimate(f.estimate), "realised": fmt.euro(f.realised), "bar": _bar(f.realised, f.obligation)}
        for kvk, f in st.suppliers.items()
    ]  # fmt: skip
    return contracts, suppliers


def _store_upload() -> str:
    """Store an uploaded verantwoording for the contract of the uploaded manifest."""
    from ..register import open_engine, report

    manifest, source = request.files.get("manifest"), request.files.get("verantwoording")
    if not manifest or not manifest.filename:
        raise ClausegenError(code="web.choose-manifest")
    if not source or not source.filename:
        raise ClausegenError(code="web.choose-report")
    data = manifest.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise ClausegenError(code="web.manifest-too-large", params={"limit": MAX_MANIFEST_BYTES}, path="manifest.json")
    day = _day(request.form.get("peildatum"))
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "manifest.json").write_bytes(data)
        try:
            stored = report(open_engine(current_app.config.get("CLAUSEGEN_DB")), folder, Path(source.filename).name,
                            day, data=source.read())  # fmt: skip
        except ClausegenError as exc:
            raise _upload_named(exc, folder) from None
    code = "web.report-stored" if stored.new else "web.report-stored-before"
    return text(code, number=stored.number, version=stored.version)


def register_routes(app: Flask) -> None:
    @app.route("/contracten", methods=["GET", "POST"])
    def contracts_page() -> tuple[str, int]:
        message, errors, code = "", [], 200
        try:
            if request.method == "POST":
                message = _store_upload()
            day = _day(request.values.get("peildatum"))
            contracts, suppliers = _rows(day)
        except ClausegenError as exc:
            errors, code, day, contracts, suppliers = shown(exc), 422, datetime.date.today(), [], []
        return render_template("contracts.html", day=day, contracts=contracts, suppliers=suppliers,
                               message=message, errors=errors), code  # fmt: skip

"""The award step of the web form: after the tender, the contractor's details per contract, then
the contract documents as a .zip or one by one. Stateless like the rest of the form: the tender's
fields travel along as hidden fields and everything is made again from the post."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, render_template, request

from ..api import created_at, json_bytes
from ..contract.validate import AwardProblems, check_award
from ..contract.write import render_contract
from ..errors import ClausegenError, Problems
from ..library.yamlio import Located
from . import forms
from .messages import shown

AWARD_SOURCE = Path("gunning")
CONTRACT_FIELDS = ("number", "name", "kvk", "address", "signatory", "lots", "start_date")
LABELS = {
    "number": "Contractnummer",
    "name": "Naam opdrachtnemer",
    "kvk": "KvK-nummer",
    "address": "Adres",
    "signatory": "Vertegenwoordigd door",
    "lots": "Percelen",
    "start_date": "Ingangsdatum",
}
_KEY = re.compile(r"^contract-(\d{1,3})-(" + "|".join(CONTRACT_FIELDS) + ")$")
MAX_CONTRACTS = 50


@dataclass
class AwardState:
    """The award fields as typed: the award date and one row of contractor details per contract."""

    award_date: str = ""
    rows: list[dict[str, str]] = field(default_factory=list)


def initial_state(prepared: Any) -> AwardState:  # noqa: ANN401 - api.Prepared
    """One contract per lot (or one for a tender without lots), numbered after the reference."""
    plan = prepared.plan
    reference = re.sub(r"[^A-Za-z0-9._-]+", "-", prepared.tender.reference).strip("-.") or "contract"
    if plan.has_lots:
        rows = [{"number": f"{reference}-P{lot.id}", "lots": lot.id} for lot in plan.lots]
    else:
        rows = [{"number": f"{reference}-1"}]
    return AwardState(rows=[{key: row.get(key, "") for key in CONTRACT_FIELDS} for row in rows])


def from_request(form: Any) -> AwardState:  # noqa: ANN401 - werkzeug's MultiDict
    rows: dict[int, dict[str, str]] = {}
    for key, value in form.items():
        match = _KEY.match(key)
        if match and int(match.group(1)) < MAX_CONTRACTS:
            rows.setdefault(int(match.group(1)), dict.fromkeys(CONTRACT_FIELDS, ""))[match.group(2)] = value.strip()
    return AwardState(str(form.get("award_date", "")).strip(), [rows[i] for i in sorted(rows)])


def award_data(state: AwardState, reference: str, has_lots: bool) -> dict[str, Any]:
    """The dict an award YAML with these values would give (empty rows left out)."""
    contracts = []
    for row in state.rows:
        if not any(row.values()) or (set(k for k, v in row.items() if v) <= {"number", "lots"} and not row["name"]):
            continue
        contract: dict[str, Any] = {
            "number": row["number"],
            "contractor": {key: row[key] for key in ("name", "kvk", "address", "signatory")},
            "start_date": forms.parse_date(row["start_date"]) if row["start_date"] else "",
        }
        if has_lots:
            contract["lots"] = [part.strip() for part in row["lots"].split(",") if part.strip()]
        contracts.append(contract)
    date = forms.parse_date(state.award_date) if state.award_date else ""
    return {"tender": reference, "award_date": date, "contracts": contracts}


def _hidden(form: Any) -> list[tuple[str, str]]:  # noqa: ANN401
    """The tender's fields, carried along unchanged."""
    return [
        (k, v) for k, v in form.items(multi=True) if not _KEY.match(k) and k not in ("action", "award_date", "download")
    ]


def _page(prepared: Any, state: AwardState, problems: list[str], status: int) -> tuple[str, int]:  # noqa: ANN401
    return (
        render_template(
            "award.html",
            tender=prepared.tender,
            plan=prepared.plan,
            state=state,
            hidden=_hidden(request.form),
            labels=LABELS,
            fields=CONTRACT_FIELDS,
            problems=problems,
        ),
        status,
    )


def _rendered(prepared: Any, state: AwardState) -> tuple[list[Any], list[str]]:  # noqa: ANN401
    data = award_data(state, prepared.tender.reference, prepared.plan.has_lots)
    located = Located(data=data, path=AWARD_SOURCE)
    try:
        award = check_award(located, prepared.tender, prepared.plan)
    except AwardProblems as exc:
        return [], _listed(exc.problems)
    sha = hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()
    try:
        return [render_contract(prepared, award, sha, i) for i in range(len(award.contracts))], []
    except ClausegenError as exc:
        return [], shown(exc)


def _listed(found: list[ClausegenError]) -> list[str]:
    """The award's problems as the page lists them: through `messages.shown`, as every page of
    the form renders an error (key path, message and fix, at most `errors.max_reported()` of
    them, then "en nog N"). The award comes from this form, not from a file, so no file name
    (`AWARD_SOURCE`) precedes them."""
    formless = []
    for problem in found:
        one = copy.copy(problem)
        one.path = None
        formless.append(one)
    return shown(Problems(formless))


def award_routes(
    app: Flask, form_page: Callable[..., tuple[str, int]], download: Callable[[bytes, str, str], Response]
) -> None:
    """`/award` (the award step) and `/award/contracts` (the documents)."""

    def load() -> Any:  # noqa: ANN401 - the app's library, re-read when its files change
        from .app import library

        return library()

    @app.post("/award")
    def award_page() -> tuple[str, int]:
        state = forms.from_request(request.form)
        checked = forms.check(state, load())
        if not checked.ok:
            return form_page(state, checked, status=422)
        return _page(checked.prepared, initial_state(checked.prepared), [], 200)

    @app.post("/award/contracts")
    def award_contracts() -> Response | tuple[str, int]:
        state = forms.from_request(request.form)
        checked = forms.check(state, load())
        if not checked.ok:
            return form_page(state, checked, status=422)
        prepared = checked.prepared
        assert prepared is not None  # checked.ok
        award_state = from_request(request.form)
        rendered, problems = _rendered(prepared, award_state)
        if problems:
            return _page(prepared, award_state, problems, 422)
        wanted = request.form.get("download", "zip")
        for item in rendered:
            if wanted == item.number:
                name = next(n for n in item.files if n.endswith(".docx"))
                mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                return download(item.files[name], name, mime)
        stamp = max(created_at(prepared.tender).timetuple()[:6], (1980, 1, 1, 0, 0, 0))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in rendered:
                for name, data in item.files.items():
                    info = zipfile.ZipInfo(f"{item.number}/{name}", date_time=stamp)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, data)
            summary = [r.manifest for r in rendered]
            info = zipfile.ZipInfo("contracten.json", date_time=stamp)
            archive.writestr(info, json_bytes({"contracts": summary}))
        name = f"{rendered[0].manifest['tender']['reference']}-contracten.zip".replace("/", "-")
        return download(buffer.getvalue(), name, "application/zip")

"""The Flask app behind `clausegen serve`: the tender form, the live plan, the downloads and the
library browser. It calls the same API as the CLI and keeps no tender data after a response."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, jsonify, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from .. import kinds
from ..api import MANIFEST, created_at, manifest_bytes, render_documents, safe_reference
from ..errors import ClausegenError, Problems
from ..library.load import Library, load_library
from ..library.roots import resolve_root
from . import forms, realisation, tenderfile, views
from .award import award_routes
from .contracts import register_routes
from .messages import shown, text

MAX_REQUEST_BYTES = 1_000_000
"""Largest request (form or upload) the server reads: a tender file is a few KB."""
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
DOCUMENT_KINDS = frozenset(kinds.DOCUMENT_KINDS)
ZIP_FIRST, ZIP_LAST = (1980, 1, 1, 0, 0, 0), (2107, 12, 31, 23, 59, 58)
"""A zip entry's timestamp can only hold these years: later publication dates are clamped."""

log = logging.getLogger("clausegen.web")


def create_app(library: str | Path | None = None, *, trusted_hosts: frozenset[str] | None = LOOPBACK_NAMES) -> Flask:
    """The web app for one library (checked now, so a broken library stops `serve` at once).

    `trusted_hosts`: the Host names it answers to (guards against DNS rebinding); None: any."""
    root = resolve_root(library)
    load_library(root)
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_REQUEST_BYTES,
        MAX_FORM_PARTS=1000,
        CLAUSEGEN_LIBRARY=root,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.jinja_env.autoescape = True  # every template, whatever its name
    app.jinja_env.filters["nbsp"] = lambda text: Markup.escape(text).replace(" ", Markup("&nbsp;"))

    @app.before_request
    def _guard() -> None:
        if trusted_hosts is not None and _hostname(request.host) not in trusted_hosts:
            abort(400, text("web.unknown-host"))
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            _same_site_or_403()

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # no-referrer would make form posts send Origin: null
        response.headers["X-Frame-Options"] = "DENY"
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    _routes(app)
    realisation.register(app)
    register_routes(app)
    award_routes(app, form_page, _download)
    _error_handlers(app)
    return app


def _same_site_or_403() -> None:
    """A state-changing request must come from the form itself: its Origin (or, where a browser
    sends none, its Referer) names this host. A request with neither is refused too, so another
    site or a script cannot post to the form on a buyer's machine (cross-site request forgery)."""
    origin = request.headers.get("Origin")
    source = origin if origin not in (None, "", "null") else request.headers.get("Referer")
    if not source:
        abort(403, text("web.no-origin"))
    parts = urlsplit(source)
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        abort(403, text("web.other-site"))


def _hostname(host: str) -> str:
    """The name part of a Host header (`127.0.0.1:8000` -> `127.0.0.1`, `[::1]:80` -> `::1`)."""
    match = re.fullmatch(r"\[([0-9a-fA-F:.]+)\](?::\d+)?|([^:]*)(?::\d+)?", host)
    if not match:
        return host
    return (match.group(1) or match.group(2) or "").lower()


def library() -> Library:
    """The library, re-read when its files change (so reviewers see edits on reload): looked up
    once per request, and that one `Library` is handed to the API for the rest of it."""
    from flask import current_app, g

    lib: Library | None = g.get("clausegen_library")
    if lib is None:
        lib = g.clausegen_library = load_library(current_app.config["CLAUSEGEN_LIBRARY"])
    return lib


# ---------------------------------------------------------------------------------- pages


def form_page(
    state: forms.FormState,
    checked: forms.Checked | None = None,
    *,
    upload_errors: list[str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    lib = library()
    options = views.profile_options(lib)
    selected = next((o for o in options if o["id"] == state.get("category")), None)
    view = views.plan_view(checked.prepared) if checked and checked.prepared else None
    html = render_template(
        "form.html",
        state=state,
        checked=checked,
        errors=checked.errors if checked else {},
        general=checked.general if checked else [],
        view=view,
        options=options,
        selected=selected,
        options_map={o["id"]: o for o in options},
        labels=forms.LABELS,
        summary=[
            (name, forms.field_label(name, state), messages)
            for name, messages in (checked.errors if checked else {}).items()
        ],
        upload_errors=upload_errors or [],
        max_upload=MAX_REQUEST_BYTES // 1_000_000,
    )
    return html, status


def _download(data: bytes, name: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _checked_or_page() -> tuple[forms.Checked, tuple[str, int] | None]:
    """The posted form checked; if it has errors, the form page (422) to send instead."""
    state = forms.from_request(request.form)
    checked = forms.check(state, library())
    if not checked.ok:
        return checked, form_page(state, checked, status=422)
    return checked, None


def tender_file_name(reference: str) -> str:
    return f"{safe_reference(reference)}-aanbesteding.yaml"


def _routes(app: Flask) -> None:
    @app.get("/")
    def index() -> tuple[str, int]:
        state = forms.FormState(values={"contract_type": "overeenkomst"})
        return form_page(state)

    @app.post("/")
    def recalculate() -> tuple[str, int]:
        """Without JavaScript: 'Bereken', and adding or removing a lot, re-render the form."""
        state = forms.from_request(request.form)
        action = request.form.get("action", "")
        if action == "add-lot":
            state.add_lot()
        elif action.startswith("remove-lot-"):
            state.lots = [row for row in state.lots if f"remove-lot-{row.index}" != action]
        checked = forms.check(state, library())
        return form_page(state, checked, status=200 if checked.ok else 422)

    @app.post("/api/plan")
    def api_plan() -> tuple[Response, int]:
        """The live plan panel: the plan (as `calc --json`), its Dutch figures, or field errors."""
        state = forms.from_request(request.form)
        checked = forms.check(state, library())
        view = views.plan_view(checked.prepared) if checked.prepared else None
        panel = render_template("_plan.html", view=view, general=checked.general, errors=checked.errors)
        body = {
            "ok": checked.ok,
            "plan": checked.prepared.plan.to_json() if checked.prepared else None,
            "view": view,
            "panel": panel,
            "errors": checked.errors,
            "general": checked.general,
            "labels": forms.LABELS,
        }
        return jsonify(body), 200 if checked.ok else 422

    @app.post("/generate")
    def generate() -> Response | tuple[str, int]:
        """All documents, manifest.json and the tender file as one .zip."""
        checked, page = _checked_or_page()
        if page:
            return page
        files, manifest = render_documents(checked.prepared)  # type: ignore[arg-type]
        tender = checked.prepared.tender  # type: ignore[union-attr]
        files[MANIFEST] = manifest_bytes(manifest)
        files[tender_file_name(tender.reference)] = checked.tender_yaml.encode()  # type: ignore[union-attr]
        stamp = created_at(tender).timetuple()[:6]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=min(max(stamp, ZIP_FIRST), ZIP_LAST))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        name = kinds.BUNDLE_FILE.format(ref=safe_reference(tender.reference))
        return _download(buffer.getvalue(), name, "application/zip")

    @app.post("/document/<kind>")
    def document(kind: str) -> Response | tuple[str, int]:
        """One document, made again from the posted form (the server kept nothing)."""
        if kind not in DOCUMENT_KINDS:
            abort(404)
        checked, page = _checked_or_page()
        if page:
            return page
        files, manifest = render_documents(checked.prepared)  # type: ignore[arg-type]
        for entry in manifest["documents"]:
            if entry["kind"] == kind:
                return _download(
                    files[entry["path"]],
                    entry["path"],
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                )
        abort(404, text("web.no-document", kind=kind))

    @app.post("/tender.yaml")
    def save_tender() -> Response | tuple[str, int]:
        """The tender as a YAML file to keep, reuse or run through `clausegen generate`."""
        checked, page = _checked_or_page()
        if page:
            return page
        name = tender_file_name(checked.prepared.tender.reference)  # type: ignore[union-attr]
        return _download(checked.tender_yaml.encode(), name, "application/yaml")  # type: ignore[union-attr]

    @app.post("/upload")
    def upload() -> tuple[str, int]:
        """Fill the form from a saved tender file (read from the upload's bytes only)."""
        file = request.files.get("tender_file")
        if file is None or not file.filename:
            return form_page(forms.FormState(), upload_errors=[text("web.choose-tender")], status=400)
        raw = file.stream.read(MAX_REQUEST_BYTES + 1)
        data, problems = tenderfile.load_upload(file.filename, raw)
        if data is None:
            every = problems[0] if len(problems) == 1 else Problems(problems)  # at most the limit, then "en nog N"
            return form_page(forms.FormState(), upload_errors=shown(every), status=422)
        state = forms.from_data(data)
        checked = forms.check(state, library())
        return form_page(state, checked, status=200)

    @app.get("/bibliotheek")
    def library_page() -> str:
        """Read-only: the clauses with status, version and text; the profiles with their bands."""
        lib = library()
        clauses = sorted(lib.clause_list(), key=lambda c: (c.instrument, c.order, c.id))
        groups: dict[str, list[Any]] = {}
        for clause in clauses:
            groups.setdefault(clause.instrument, []).append(clause)
        profiles = [views.profile_view(lib, p) for p in sorted(lib.profile_list(), key=lambda p: p.name.lower())]
        return render_template(
            "library.html",
            groups=groups,
            instrument_labels=kinds.INSTRUMENT_LABELS,
            status_labels=views.STATUS_LABELS,
            document_labels=kinds.DOCUMENT_LABELS,
            profiles=profiles,
            previews={clause.id: views.clause_preview(lib, clause.id) for clause in clauses},
            count=len(clauses),
            root=lib.root,
            fingerprint=lib.fingerprint[:12],
        )


# ---------------------------------------------------------------------------------- errors

_STATUS_CODES = {400: "web.bad-request", 403: "web.forbidden", 404: "web.not-found", 405: "web.wrong-method"}
"""The catalog code of the page shown for an HTTP error without a message of its own."""


def _error_response(status: int, message: str) -> tuple[Response | str, int]:
    if request.path.startswith("/api/"):
        return jsonify({"ok": False, "errors": {}, "general": [message]}), status
    return render_template("error.html", status=status, message=message), status


def _error_handlers(app: Flask) -> None:
    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge) -> tuple[Response | str, int]:
        message = text("web.too-large", mb=MAX_REQUEST_BYTES // 1_000_000)
        if request.path == "/upload":
            return form_page(forms.FormState(), upload_errors=[message], status=413)
        return _error_response(413, message)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response | str, int]:
        status = exc.code or 500
        own = exc.description if exc.description and not exc.description.startswith(("The ", "A ")) else None
        return _error_response(status, own or text(_STATUS_CODES.get(status, "web.not-processed")))

    @app.errorhandler(ClausegenError)
    def user_error(exc: ClausegenError) -> tuple[Response | str, int]:
        return _error_response(422, text("web.documents-failed", problem=" ".join(shown(exc))))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response | str, int]:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return _error_response(500, text("web.internal"))

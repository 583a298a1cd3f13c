"""The public Python API; the CLI (and the web form, and batch) are thin layers over it.

import clausegen
plan = clausegen.plan("examples/schoonmaak-den-haag.yaml")
manifest = clausegen.generate("examples/schoonmaak-den-haag.yaml", "out")
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .blocks import DocumentSpec
from .documents.assemble import Assembly, Inputs, build_document, document_kinds, select
from .errors import ClausegenError
from .files import MAX_DOCX_BYTES, read_bytes
from .kinds import COMPOSED, FILE_NAMES
from .library.load import Library, load_library
from .library.tables import exposed_category_error, thin_category_error
from .library.validation import validate
from .library.yamlio import Located, load_yaml, read_text
from .manifest import validate_manifest
from .model import Tender, afnemer_warnings
from .rules import Plan, make_plan

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Prepared:
    """A validated tender with its library, profile and plan: everything before rendering."""

    library: Library
    tender: Tender
    source: Located
    sha256: str
    inputs: Inputs

    @property
    def plan(self) -> Plan:
        return self.inputs.plan


def safe_reference(reference: str) -> str:
    """The tender reference made safe for file names."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", reference).strip("-.")
    return safe or "tender"


def load_tender(path: str | Path) -> tuple[Tender, Located, str]:
    """Read and validate a tender file; returns the tender, its located YAML and its sha256."""
    path = Path(path)
    text = read_text(path, "tender")
    located = load_yaml(path, "tender", text)
    tender = validate(Tender, located, "tender")
    return tender, located, hashlib.sha256(text.encode()).hexdigest()


def prepare(tender_path: str | Path, library: str | Path | Library | None = None) -> Prepared:
    """Validate tender and library and compute the plan; raises ClausegenError on bad input."""
    tender, located, sha = load_tender(tender_path)
    return prepare_tender(tender, located, sha, library)


def prepare_tender(tender: Tender, located: Located, sha: str, library: str | Path | Library | None = None) -> Prepared:
    """`prepare` for a tender already validated from `located` (a file, or the web form's data)."""
    lib = load_library(library)
    profile = lib.profile(tender.category, path=located.path, line=located.line_of(("category",)), key=("category",))
    groups = [lib.target_groups[g] for g in profile.target_groups]
    if tender.target_groups is not None:
        allowed = {g.id for g in groups}
        for index, group in enumerate(tender.target_groups):
            if group not in allowed:
                raise ClausegenError(
                    code="tender.target-group-outside",
                    params={"group": group, "profile": profile.id, "allowed": sorted(allowed)},
                    path=located.path,
                    line=located.line_of(("target_groups", index)),
                    key=("target_groups", index),
                )
        groups = [g for g in groups if g.id in tender.target_groups]
    table = lib.value_table(profile.value_table, on=tender.publication_date)
    try:
        plan_ = make_plan(tender, profile, table)
    except ClausegenError as exc:
        if exc.path is None:
            exc.path = str(located.path)
            exc.line = exc.line or (located.line_of(exc.key) if exc.key else None)
        raise
    minimum = profile.settings.min_groups_per_category
    thin = thin_category_error(table, [g.id for g in groups], minimum, lib.target_groups, profile.target_groups)
    if thin is not None and plan_.has_obligation:  # review B2: a category of one group names the group
        thin.path = str(located.path)
        thin.line = located.line_of(("target_groups",)) if tender.target_groups is not None else None
        raise thin
    outside = profile.settings.min_groups_outside_sensitive_kind
    exposed = exposed_category_error(table, [g.id for g in groups], outside, lib.target_groups, profile.target_groups)
    if exposed is not None and plan_.has_obligation:  # lawyer M-4: a category must not reveal a kind
        exposed.path = str(located.path)
        exposed.line = located.line_of(("target_groups",)) if tender.target_groups is not None else None
        raise exposed
    shown = table.for_groups([g.id for g in groups], keep=profile.reference_block)
    return Prepared(lib, tender, located, sha, Inputs(tender, profile, plan_, shown, tuple(groups)))


def plan(tender_path: str | Path, library: str | Path | Library | None = None) -> Plan:
    """The plan of a tender: band, instruments and obligation per lot."""
    return prepare(tender_path, library).plan


def assemblies(prepared: Prepared, allow_draft: bool = False) -> list[Assembly]:
    """The clauses chosen for each document kind the plan calls for."""
    return [select(prepared.library, prepared.inputs, kind, allow_draft) for kind in document_kinds(prepared.plan)]


def created_at(tender: Tender) -> datetime.datetime:
    """Documents carry the publication date as their timestamp: same input, same bytes."""
    day = tender.publication_date
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def _drafts_only(assembly: Assembly) -> bool:
    return any("concept" in reason for _, reason in assembly.skipped)


def render_documents(
    prepared: Prepared,
    template: str | Path | None = None,
    allow_draft: bool = False,
    into: str | Path | None = None,
) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Every document as bytes (file name -> bytes) and the manifest, without writing anything.

    With `into`, the tender annex (bijlage) is also appended to a copy of that Word document
    (kind `samengesteld`, named after it); the document itself is only read."""
    from .docx.writer import write_docx  # python-docx and lxml load only when documents are made

    template_path = Path(template) if template else None
    if into is not None:
        from .docx.compose import open_host

        open_host(into)  # a missing or non-Word document fails before anything is rendered
    ref = safe_reference(prepared.tender.reference)
    files: dict[str, bytes] = {}
    documents = []
    specs = {}
    for assembly in assemblies(prepared, allow_draft):
        if not assembly.chosen:
            raise ClausegenError(
                code="generate.only-drafts" if _drafts_only(assembly) else "generate.no-clause",
                params={"library": str(prepared.library.root), "document": assembly.kind},
            )
        spec = build_document(assembly, prepared.inputs, prepared.library.fingerprint)
        specs[assembly.kind] = spec
        data = write_docx(spec, template_path, created_at(prepared.tender))
        name = FILE_NAMES[assembly.kind].format(ref=ref)
        files[name] = data
        documents.append(
            {
                "kind": assembly.kind,
                "path": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "draft": spec.draft,
                "clauses": [
                    {"id": c.clause.id, "version": c.clause.version, "sha256": c.sha256, "article": c.article}
                    for c in assembly.chosen
                ],
            }
        )
    if into is not None and "bijlage" in specs:
        _compose_into(Path(into), specs["bijlage"], created_at(prepared.tender), files, documents)
    manifest = {
        "clausegen_version": __version__,
        "tender": {"reference": prepared.tender.reference, "sha256": prepared.sha256},
        "profile": {"id": prepared.inputs.profile.id, "version": prepared.inputs.profile.version},
        "library": {"fingerprint": prepared.library.fingerprint},
        "draft": any(document["draft"] for document in documents),
        "plan": prepared.plan.to_json(),
        "documents": documents,
    }
    return files, manifest


def _compose_into(
    host: Path, spec: DocumentSpec, created: datetime.datetime, files: dict[str, bytes], documents: list[dict[str, Any]]
) -> None:
    """Add the copy of `host` with the bijlage appended to `files` and `documents`.

    The annex is written on the host itself as template, so its tables fit the host's page and
    its title and headings take the host's styles."""
    from .docx.compose import compose
    from .docx.writer import write_docx

    annex = next(d for d in documents if d["kind"] == "bijlage")
    name = host.name
    if name in files or name == MANIFEST:
        raise ClausegenError(code="generate.into-name-taken", params={"name": name}, path=host)
    data = compose(host, write_docx(spec, host, created), {**spec.custom, "clausegen.kind": COMPOSED})
    files[name] = data
    documents.append(
        {
            "kind": COMPOSED,
            "path": name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "draft": annex["draft"],
            "source": {
                "path": host.name,
                "sha256": hashlib.sha256(read_bytes(host, "document", MAX_DOCX_BYTES)).hexdigest(),
            },
            "clauses": annex["clauses"],
        }
    )


def json_bytes(data: object) -> bytes:
    """JSON as clausegen writes it: indented, UTF-8, with a final newline."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """manifest.json, checked against its records (clausegen/manifest.py) before it is written."""
    validate_manifest(manifest)
    return json_bytes(manifest)


def generate(
    tender_path: str | Path,
    outdir: str | Path = "out",
    *,
    library: str | Path | Library | None = None,
    template: str | Path | None = None,
    allow_draft: bool = False,
    force: bool = False,
    into: str | Path | None = None,
    pdf: bool = False,
    odt: bool = False,
    on_warning: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Write the documents of the plan and manifest.json into `outdir`; returns the manifest.

    Everything is rendered in memory first; the files are then placed all at once. With `into`,
    a copy of that Word document with the annex appended is written too (never over itself).
    With `pdf`/`odt`, each document also as PDF/A-2b and OpenDocument (LibreOffice; docs/publiceren.md).
    `on_warning` receives each of `publication_warnings` once everything is written."""
    from .output import write_all
    from .publish import convert_files, format_entries, require_libreoffice

    if pdf or odt:
        require_libreoffice()  # before anything is rendered or written

    if into is not None and os.path.realpath(Path(outdir) / Path(into).name) == os.path.realpath(into):
        raise ClausegenError(code="generate.into-overwritten", path=into)
    prepared = prepare(tender_path, library)
    files, manifest = render_documents(prepared, template, allow_draft, into)
    converted = convert_files(files, pdf, odt)
    manifest["documents"] += format_entries(manifest["documents"], converted)
    files.update(converted)
    files[MANIFEST] = manifest_bytes(manifest)
    write_all(Path(outdir), files, force)
    if on_warning is not None:
        for warning in generate_warnings(prepared):
            on_warning(warning)
    return manifest


def generate_warnings(prepared: Prepared) -> list[str]:
    """What `generate` prints on stderr: the warning about a supply-dominated tender under a
    services profile (which `calc` and `explain` list with their results; lawyer6 MINOR-9), then
    `publication_warnings`."""
    from .publish.proportion import supply_warning

    supply = supply_warning(prepared.inputs.profile.kind, prepared.plan, prepared.tender)
    found = [supply.removeprefix("Waarschuwing ")] if supply else []  # printed after "Waarschuwing: "
    return found + afnemer_warnings(prepared.tender) + publication_warnings(prepared)


def publication_warnings(prepared: Prepared) -> list[str]:
    """What the buyer must still fill in before publishing this tender, which `generate` and
    `explain` print on stderr (one place for both): today the missing motivation of
    proportionality (publish.proportion.motivation_warning, lawyer4 MINOR-1)."""
    from .publish.proportion import motivation_warning

    found = motivation_warning(prepared.plan, prepared.tender)
    return [found] if found else []


def explain(
    tender_path: str | Path, library: str | Path | Library | None = None, allow_draft: bool = False
) -> list[str]:
    """Why: the profile, the band and percentage of each lot, and each clause chosen or left out."""
    return explain_prepared(prepare(tender_path, library), allow_draft)


def explain_data(prepared: Prepared, allow_draft: bool = False) -> dict[str, Any]:
    """`explain` as data (`explain --json`, docs/cli.md): the plan's figures (amounts as strings
    with two decimals), the reasons of the plan and of each lot, and per document each clause
    chosen or left out with why."""
    from .explanations import reason_text
    from .publish.parties import party_warnings
    from .publish.proportion import warnings

    plan_ = prepared.plan
    profile = prepared.inputs.profile
    documents = []
    for assembly in assemblies(prepared, allow_draft):
        chosen = [
            {"article": c.article, "id": c.clause.id, "version": c.clause.version, "reason": c.reason}
            for c in assembly.chosen
        ]
        skipped = [{"id": clause_id, "reason": reason} for clause_id, reason in sorted(assembly.skipped)]
        documents.append({"kind": assembly.kind, "clauses": chosen, "skipped": skipped})
    return {
        "tender": {"reference": prepared.tender.reference, "title": prepared.tender.title},
        "profile": {"id": profile.id, "name": profile.name, "version": profile.version},
        "plan": plan_.to_json(),
        "reasons": [reason_text(reason) for reason in plan_.reasons],
        "lots": [
            {"id": lot.id, "title": lot.title, "reasons": [reason_text(reason) for reason in lot.reasons]}
            for lot in plan_.lots
        ],
        "warnings": warnings(plan_, prepared.tender, profile.kind) + party_warnings(plan_, prepared.tender),
        "documents": documents,
    }


def explain_prepared(prepared: Prepared, allow_draft: bool = False) -> list[str]:
    """`explain` for a tender already prepared (the web form's live plan panel uses it)."""
    from .explanations import reason_text

    plan_ = prepared.plan
    lines = [f"Aanbesteding {prepared.tender.reference}: {prepared.tender.title}"]
    lines += [f"  {reason_text(reason)}" for reason in plan_.reasons]
    for lot in plan_.lots:
        lines.append(f"Perceel {lot.id} ({lot.title})" if plan_.has_lots else "Opdracht")
        lines += [f"  - {reason_text(reason)}" for reason in lot.reasons]
    from .publish.parties import party_warnings
    from .publish.proportion import warnings

    lines += warnings(plan_, prepared.tender, prepared.inputs.profile.kind)
    lines += party_warnings(plan_, prepared.tender)
    kinds = document_kinds(plan_)
    if not kinds:
        lines.append("Geen documenten: geen verplichting en geen inspanningsbepaling.")
    for assembly in assemblies(prepared, allow_draft):
        lines.append(f"Document {assembly.kind}:")
        for chosen in assembly.chosen:
            c = chosen.clause
            lines.append(f"  Artikel {chosen.article}: {c.id} (versie {c.version}) – {chosen.reason}")
        for clause_id, reason in sorted(assembly.skipped):
            lines.append(f"  niet opgenomen: {clause_id} – {reason}")
    return lines

"""`clausegen contract TENDER AWARD`: for every contract in the award, its annex, its manifest
and (the realisation stage) its workbook, all rendered in memory and written as one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..api import MANIFEST, Prepared, created_at, manifest_bytes, prepare
from ..documents.assemble import Chosen, build_document, select
from ..errors import ClausegenError
from ..kinds import CONTRACT_FILE, contract_kind, party_term
from ..library.load import Library
from ..library.yamlio import load_yaml, read_text
from ..model import authority_data
from ..output import write_all
from ..rules import LotPlan, money_text
from .model import Award
from .terms import (
    ContractTerms,
    context_data,
    contract_line,
    contract_terms,
    contract_warnings,
    plan_at_tender,
    pso_counts,
)
from .validate import check_award

WORKBOOK_FILE = "{number}-verantwoording.xlsx"


@dataclass(frozen=True)
class Output:
    """One more file a contract folder gets: `make(manifest)` gives its bytes, and the manifest
    lists it under `documents` with `kind`."""

    kind: str
    name: str
    make: Callable[[dict[str, Any]], bytes]


def extra_outputs() -> list[Output]:
    """The per-contract outputs beyond the annex and the manifest: the supplier's verantwoording
    workbook, built from the same manifest the realisation stage values reports against."""
    from ..realisation import workbook_bytes

    return [Output("verantwoording", WORKBOOK_FILE, workbook_bytes)]


@dataclass(frozen=True)
class Rendered:
    """One contract rendered: its folder name, its files and its manifest."""

    number: str
    files: dict[str, bytes]
    manifest: dict[str, Any]
    warnings: tuple[str, ...]


def load_award(path: str | Path, prepared: Prepared) -> tuple[Award, str]:
    """Read the award file and check it against the tender; returns it with its sha256."""
    path = Path(path)
    text = read_text(path, "gunning")
    located = load_yaml(path, "gunning", text)
    award = check_award(located, prepared.tender, prepared.plan)
    return award, hashlib.sha256(text.encode()).hexdigest()


CITED_CLAUSES = ("monitoring.sancties", "monitoring.evaluatie", "buy-social.pso", "algemeen.pso-certificaat",
                 "raamovereenkomst.houders", "algemeen.onderwerp", "buy-social.bewijs",
                 "raamovereenkomst.nadere-overeenkomsten", "raamovereenkomst.niveau",
                 "raamovereenkomst.telling", "bouwblokken.toeslagen", "raamovereenkomst.afnemers")  # fmt: skip
"""The clauses the realisation letter cites by article number and heading."""


def _enforcement(prepared: Prepared, terms: ContractTerms, chosen: list[Chosen]) -> dict[str, Any]:
    """What the realisation letter needs to follow the contract's own enforcement procedure: the
    party word, whether a surplus on one lot fills a shortfall on another (monitoring.sancties),
    the PSO credit the contract grants (buy-social.pso) and the articles it cites."""
    profile = prepared.inputs.profile
    plan = terms.plan
    per_call_off = plan.framework and plan.obligation_level == "nadere-overeenkomst"
    pso = None
    certificate = terms.contract.pso
    if certificate is not None and pso_counts(plan, profile, certificate.level):
        pso = {
            "level": certificate.level,
            "valid_until": certificate.valid_until.isoformat(),
            "lots": [
                lot.id if plan.has_lots else ""
                for lot in plan.obligation_lots
                if "plan-van-aanpak" not in lot.instruments
            ],
        }
    return {
        "party": party_term(profile.kind),
        "profile_kind": profile.kind,
        "offsetting": plan.has_lots and len(plan.lots) > 1 and not per_call_off,
        # no surplus of another lot fills a lot whose plan was scored at award (monitoring.sancties)
        "offset_closed_lots": [lot.id for lot in plan.obligation_lots if plan.has_lots and plan_at_tender(lot)],
        # the lots whose percentage is the committed one, so the workbook can say so (sixth reading MINOR-5)
        "committed_lots": [
            lot.id if plan.has_lots else "" for lot in plan.obligation_lots if _raised_by_commitment(lot)
        ],
        "pso": pso,
        "articles": {
            c.clause.id: {"article": c.article, "title": c.clause.title} for c in chosen if c.clause.id in CITED_CLAUSES
        },
        # the creditors of a call-off's boete (raamovereenkomst.afnemers; thirteenth reading F MAJOR-3)
        "opdrachtgever": authority_data(prepared.tender)["legal_entity"],
        "afnemers": list(prepared.tender.afnemers or []),
    }


def _raised_by_commitment(lot: LotPlan) -> bool:
    """Whether the contractor's committed percentage replaced the lot's own (contract.terms._committed)."""
    return any(reason.code == "toegezegd-percentage" for reason in lot.reasons)


def _valuation(prepared: Prepared, terms: ContractTerms) -> dict[str, Any]:
    """What the realisation stage values the supplier's report with (contract-interface.md)."""
    inputs = prepared.inputs
    table = inputs.table
    groups = {group.id for group in inputs.groups}
    blocks = []
    allowed = []
    # the whole table in force, not only the blocks the annex shows: a block that exists but does
    # not apply to this Doelgroep is then named as such in the letter, the workbook and the
    # register ("geldt volgens de Waardetabel niet voor de Doelgroep", lawyer4 MINOR-4), not as unknown
    whole = prepared.library.value_table(inputs.profile.value_table, on=prepared.tender.publication_date)
    shown = {block.id for block in table.blocks}
    minimum = inputs.profile.settings.min_groups_per_category
    for block in whole.blocks:
        bound = list(getattr(block, "target_groups", []) or [])
        blocks.append(
            {
                "id": block.id,
                "label": block.label,
                "kind": block.kind,
                "value_eur": money_text(block.value_eur) if block.value_eur is not None else None,
                "valuation": block.valuation,
                "target_groups": bound,
                # thirteenth reading E MAJOR-2: the placement blocks in which this bonus does not
                # apply, because it would show the Kandidaat's group (bouwblokken.toeslagen)
                "excludes_groups": list(block.excludes_groups),
                "withheld_in": [b.id for b in whole.withheld_in(block.id, sorted(groups), minimum)],
            }
        )
        if block.id in shown and (not bound or groups.intersection(bound)):
            allowed.append(block.id)
    settings = {
        key: (money_text(value) if key.endswith("_eur") else str(value) if not isinstance(value, int) else value)
        for key, value in terms.plan.settings.model_dump().items()
    }
    return {
        "lots": [
            {
                "id": lot.id if terms.plan.has_lots else "",
                "title": lot.title,
                "obligation_eur": money_text(lot.obligation),
                # the profile's cap per lot binds a real-value obligation too (raamovereenkomst.niveau)
                "max_obligation_eur": money_text(cap) if (cap := inputs.profile.max_obligation_eur) else None,
            }
            for lot in terms.plan.lots
        ],
        "start_date": terms.start.isoformat(),
        "end_date": terms.end.isoformat(),
        "value_table": {
            "id": table.id,
            "name": table.name,
            "version": getattr(table, "version", None),
            "source": table.source,
            "hours_per_week": table.hours_per_week,
            "blocks": blocks,
        },
        "allowed_blocks": allowed,
        "settings": settings,
    }


def render_contract(prepared: Prepared, award: Award, award_sha: str, index: int) -> Rendered:
    """One contract's annex and manifest, in memory."""
    from ..docx.writer import write_docx

    contract = award.contracts[index]
    inputs = prepared.inputs
    terms = contract_terms(
        prepared.tender, prepared.plan, award, contract, inputs.table, inputs.profile.reference_block
    )
    data = context_data(terms, prepared.tender, inputs.profile, award)
    terms = replace(terms, warnings=(*contract_warnings(terms, inputs.profile), *signature_warnings(prepared, terms)))
    contract_inputs = replace(inputs, plan=terms.plan, contract=data)
    kind = contract_kind(terms.plan.framework)
    assembly = select(prepared.library, contract_inputs, kind, allow_draft=False)
    if not assembly.chosen:
        raise ClausegenError(code="contract.no-clauses", params={"root": prepared.library.root, "document": kind})
    spec = build_document(assembly, contract_inputs, prepared.library.fingerprint)
    spec = replace(
        spec,
        header_text=f"{contract.number} · {spec.title}",
        custom={**spec.custom, "clausegen.contract": contract.number},
        core={**spec.core, "title": f"{spec.title}: {prepared.tender.title} ({contract.number})"},
    )
    docx_bytes = write_docx(spec, None, created_at(prepared.tender))
    name = CONTRACT_FILE.format(number=contract.number, kind=kind)
    documents: list[dict[str, Any]] = [
        {
            "kind": kind,
            "path": name,
            "sha256": hashlib.sha256(docx_bytes).hexdigest(),
            "clauses": [
                {"id": c.clause.id, "version": c.clause.version, "sha256": c.sha256, "article": c.article}
                for c in assembly.chosen
            ],
        }
    ]
    manifest: dict[str, Any] = {
        "clausegen_version": __version__,
        "tender": {"reference": prepared.tender.reference, "sha256": prepared.sha256},
        "award": {"sha256": award_sha, "award_date": award.award_date.isoformat()},
        "profile": {"id": inputs.profile.id, "version": inputs.profile.version},
        "library": {"fingerprint": prepared.library.fingerprint},
        "plan": terms.plan.to_json(),
        "contract": {
            "number": contract.number,
            "contractor": {
                "name": contract.contractor.name,
                "kvk": contract.contractor.kvk,
                **(
                    {"partners": [{"name": p.name, "kvk": p.kvk} for p in contract.contractor.partners]}
                    if contract.contractor.partners
                    else {}
                ),
            },
            "lots": [lot.id for lot in terms.plan.lots] if terms.plan.has_lots else [],
            "obligation_eur": money_text(terms.obligation),
            "start_date": terms.start.isoformat(),
            "end_date": terms.end.isoformat(),
            "contract_type": prepared.tender.contract_type,
            "holders": terms.holders,
            # several holders, or one holder of a framework-level obligation: the amount is a raming
            # of the percentage of the Afroepwaarde (eleventh reading A MAJOR-1)
            "obligation_is_estimate": terms.obligation > 0
            and (terms.holders > 1 or (terms.plan.framework and terms.plan.obligation_level == "raamovereenkomst")),
        },
        "valuation": {**_valuation(prepared, terms), **_enforcement(prepared, terms, list(assembly.chosen))},
        "warnings": list(terms.warnings),
        "documents": documents,
    }
    files = {name: docx_bytes}
    for output in extra_outputs():
        blob = output.make(manifest)
        out_name = output.name.format(number=contract.number)
        files[out_name] = blob
        documents.append({"kind": output.kind, "path": out_name, "sha256": hashlib.sha256(blob).hexdigest()})
    files[MANIFEST] = manifest_bytes(manifest)
    return Rendered(contract.number, files, manifest, terms.warnings)


def render_contracts(
    tender: str | Path, award: str | Path, library: str | Path | Library | None = None
) -> tuple[Prepared, list[Rendered]]:
    """Every contract of the award, rendered in memory; nothing is written."""
    prepared = prepare(tender, library)
    checked, sha = load_award(award, prepared)
    return prepared, [render_contract(prepared, checked, sha, i) for i in range(len(checked.contracts))]


def contract(
    tender: str | Path,
    award: str | Path,
    outdir: str | Path = "out",
    library: str | Path | Library | None = None,
    force: bool = False,
    pdf: bool = False,
    odt: bool = False,
) -> list[dict[str, Any]]:
    """Write OUTDIR/<number>/ for every contract of AWARD; returns the contract manifests.

    The award is checked against the tender first (every problem, exit 2); all files are rendered
    in memory and then placed in one transaction, so a failure leaves OUTDIR as it was. With
    `pdf`/`odt`, each annex also as PDF/A-2b and OpenDocument (LibreOffice; docs/publiceren.md)."""
    from ..publish import convert_files, format_entries, require_libreoffice

    if pdf or odt:
        require_libreoffice()  # before anything is rendered or written
    _, rendered = render_contracts(tender, award, library)
    for r in rendered:
        annexes = [d for d in r.manifest["documents"] if d["path"].endswith(".docx")]
        converted = convert_files({d["path"]: r.files[d["path"]] for d in annexes}, pdf, odt)
        if converted:
            r.manifest["documents"] += format_entries(annexes, converted)
            r.files.update(converted)
            r.files[MANIFEST] = manifest_bytes(r.manifest)
    files = {f"{r.number}/{name}": data for r in rendered for name, data in r.files.items()}
    write_all(Path(outdir), files, force)
    return [r.manifest for r in rendered]


def signature_warnings(prepared: Prepared, terms: ContractTerms) -> tuple[str, ...]:
    """What the contract needs before signature that the tender leaves open: the legal person and
    representative of the contracting authority (lawyer4 MINOR-7), and the statute of its public
    task where the annex falls back to the general text (lawyer7 MINOR-7: the signed annex must name
    the basis of article 6(3) AVG). The same rules and words as `explain`
    (publish.parties.authority_warning, public_task_text), here with the contract's number."""
    from ..model import afnemer_warnings
    from ..publish.parties import authority_warning, public_task_text

    texts = (
        authority_warning(prepared.tender),
        public_task_text(prepared.plan, prepared.tender),
        *afnemer_warnings(prepared.tender),  # an Afnemer that is the Opdrachtgever (thirteenth reading F MINOR-7)
    )
    return tuple(contract_line(terms.contract.number, text) for text in texts if text)


def pso_warnings(prepared: Prepared, award: Award) -> list[str]:
    """`calc` and `explain` with an award: a PSO certificate that does not count, or that ends
    before its contract."""
    inputs = prepared.inputs
    out: list[str] = []
    for item in award.contracts:
        terms = contract_terms(
            prepared.tender, prepared.plan, award, item, inputs.table, inputs.profile.reference_block
        )
        out.extend(contract_warnings(terms, inputs.profile))
    return out

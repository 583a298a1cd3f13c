"""`clausegen preview CLAUSE_ID`: one clause rendered alone, for a reviewer who edits it.

With `--tender` the clause sees that tender's plan; without, a sample tender is built from the
library's own profiles so that the clause applies (its instrument, documents and `when`). The
clause is Artikel 1 of its preview; a ref() to another clause is printed as a placeholder with
that clause's title (no Word field: the other article is not in the preview)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import fmt
from ..blocks import Article, Block, DocumentSpec, Fields, Image, Run, Table
from ..catalog import message
from ..documents.assemble import (
    Assembly,
    Chosen,
    Inputs,
    base_context,
    bookmark,
    condition_holds,
    document_kinds,
    render_clause,
    select,
)
from ..documents.assemble import _instrument_reason as instrument_applies
from ..errors import ClausegenError
from ..kinds import TITLES
from ..library.load import Library, load_library
from ..model import Clause, Profile, Tender, TenderLot
from ..rules import make_plan

SAMPLE_DATE = datetime.date(2026, 12, 1)
"""Publication date of sample tenders (fixed: the same preview gives the same bytes)."""


@dataclass
class Preview:
    """One rendered clause with what it was rendered against."""

    clause: Clause
    kind: str
    blocks: list[Block]
    inputs: Inputs
    source: str
    """Which tender: a file, or a description of the sample."""
    library: Library
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        """Plain text: 'Artikel 1  Title', then paragraphs with member numbers '1.1', '1.2'."""
        head = [
            f"{self.clause.id} (versie {self.clause.version}, {self.clause.status}) in {self.kind}",
            f"tender: {self.source}",
            "",
            f"Artikel 1  {self.clause.title}",
        ]
        return "\n".join(head + blocks_text(self.blocks, 1)).replace("\u00a0", " ")

    def docx(self) -> bytes:
        """The clause alone as a Word document, through the normal writer."""
        from ..api import created_at
        from ..docx.writer import write_docx

        clause = self.clause
        spec = DocumentSpec(
            kind=self.kind,
            title=f"Voorbeeld: {clause.title}",
            subtitle=f"{clause.id}, versie {clause.version} ({clause.status})",
            header_text=f"Voorbeeld {clause.id} · versie {clause.version}",
            info=(
                ("Bepaling", clause.id),
                ("Versie en status", f"{clause.version}, {clause.status}"),
                ("Document", f"{TITLES[self.kind]} ({self.kind})"),
                ("Aanbesteding", self.source),
            ),
            articles=(Article(clause.title, bookmark(clause.id), tuple(self.blocks)),),
            draft=clause.status == "draft",
            core={"title": f"Voorbeeld: {clause.title}", "subject": "Social return: voorbeeld van een bepaling"},
            custom={
                "clausegen.preview": clause.id,
                "clausegen.clause_version": str(clause.version),
                "clausegen.library": self.library.fingerprint,
            },
        )
        return write_docx(spec, None, created_at(self.inputs.tender))


def preview(clause_id: str, tender: str | Path | None = None, library: str | Path | Library | None = None) -> Preview:
    """Render one clause of the library, against `tender` or a sample tender.

    `library` may be a loaded `Library` (the web form's library page passes its own). Sample
    tenders are built one at a time, only until one of them calls for the clause."""
    candidates: Iterator[tuple[Inputs, str]]
    if tender is not None:
        from ..api import prepare

        prepared = prepare(tender, library)
        lib, candidates = prepared.library, iter([(prepared.inputs, str(tender))])
        clause = lib.clause(clause_id)
    else:
        lib = load_library(library)
        clause = lib.clause(clause_id)
        candidates = sample_inputs(lib, clause)
    inputs, source, kind, notes = _applicable(lib, clause, candidates)
    if tender is None and not notes:
        source = f"voorbeeld: {source}"
    entry = lib.clauses[clause.id]
    chosen = Chosen(entry, 1, "voorbeeld")
    assembly = Assembly(kind, [chosen])
    context = _context(lib, inputs, kind) if tender is None else base_context(inputs, kind)
    blocks = render_clause(chosen, assembly, inputs, context, _placeholder(lib, notes))
    return Preview(clause, kind, blocks, inputs, source, lib, notes)


def _placeholder(lib: Library, notes: list[str]) -> Callable[[str], Run]:
    def run(target: str) -> Run:
        entry = lib.clauses.get(target)
        if entry is None:
            notes.append(message("preview.ref-unknown", {"target": target}))
            return Run(f"[artikel: onbekende bepaling '{target}']")
        return Run(f"[artikel: {entry.item.title}]")  # type: ignore[attr-defined]

    return run


def _context(lib: Library, inputs: Inputs, kind: str) -> dict[str, Any]:
    """`base_context(inputs, kind)`, kept with the library for a sample tender (every clause
    of the web form's library page is tried against the same samples)."""
    key = ("preview-context", id(inputs), kind)
    memo = lib.derived.get(key)
    if memo is None or memo[0] is not inputs:
        memo = lib.derived[key] = (inputs, base_context(inputs, kind))
    return memo[1]


def _applicable(
    lib: Library, clause: Clause, candidates: Iterator[tuple[Inputs, str]]
) -> tuple[Inputs, str, str, list[str]]:
    """The first candidate plan (and document kind) in which the clause would be chosen; the
    candidates are taken one by one, and the rest are never built. A candidate whose plan does
    not call for the clause's instrument, or where its own `when` is false, is passed over
    before the whole document is selected."""
    first: tuple[Inputs, str] | None = None
    tried = 0
    entry = lib.clauses[clause.id]
    for inputs, source in candidates:
        tried += 1
        if first is None:
            first = (inputs, source)
        if clause.status == "withdrawn" or not instrument_applies(clause, inputs.plan)[0]:
            if clause.status == "withdrawn":
                break  # never in a document: no sample will do
            continue
        for kind in [k for k in clause.documents if k in document_kinds(inputs.plan)]:
            context = _context(lib, inputs, kind)
            if not condition_holds(entry, context):  # its own `when` failing is raised: the reviewer must see it
                continue
            try:
                assembly = select(lib, inputs, kind, allow_draft=True, context=context)
            except ClausegenError as exc:
                if exc.path == str(entry.path):
                    raise
                continue
            if clause.id in assembly.numbers:
                return inputs, source, kind, []
    if first is None:
        raise ClausegenError(code="preview.no-profile", params={"clause": clause.id})
    inputs, source = first
    kinds = [k for k in clause.documents if k in document_kinds(inputs.plan)]
    kind = kinds[0] if kinds else clause.documents[0]
    if clause.status == "withdrawn":
        code = "preview.withdrawn"
    elif tried == 1:
        code = "preview.not-in-tender"
    else:
        code = "preview.no-sample"
    return inputs, source, kind, [message(code, {"source": source, "document": kind})]


# ------------------------------------------------------------------------------ sample tenders


def _band_values(profile: Profile) -> list[tuple[int, Decimal]]:
    """A round value inside each band, bands with an obligation first."""
    out = []
    lower = Decimal(0)
    for index, band in enumerate(profile.bands):
        if band.up_to is None:
            value = max(lower * 2, Decimal(10_000_000))
        else:
            middle = (lower + band.up_to) / 2
            step = 100_000 if middle >= 1_000_000 else 10_000
            value = (middle // step) * step or band.up_to
            lower = band.up_to
        out.append((index, value))
    return sorted(out, key=lambda pair: not profile.bands[pair[0]].instruments)


def sample_inputs(lib: Library, clause: Clause) -> Iterator[tuple[Inputs, str]]:
    """Sample tenders over the library's profiles, with their descriptions: every band, both
    contract types, with and without lots; profiles whose bands name the clause's instrument
    come first. A generator: each sample is built (and planned) only when it is asked for."""
    profiles = sorted(
        lib.profile_list(), key=lambda p: (not any(clause.instrument in b.instruments for b in p.bands), p.id)
    )
    framework_first = "raamovereenkomst" in clause.documents and "overeenkomst" not in clause.documents
    types = ["raamovereenkomst", "overeenkomst"] if framework_first else ["overeenkomst", "raamovereenkomst"]
    for profile in profiles:
        for band_index, value in _band_values(profile):
            for contract_type in types:
                for with_lots in (False, True):
                    sample = _sample(lib, profile, band_index, value, contract_type, with_lots)
                    if sample is not None:
                        yield sample


def _sample(
    lib: Library, profile: Profile, band_index: int, value: Decimal, contract_type: str, with_lots: bool
) -> tuple[Inputs, str] | None:
    """One sample tender with its plan and description (None where the profile cannot plan
    it), built once per library: the next clause's preview asks for the same samples."""
    key = ("preview-sample", profile.id, band_index, contract_type, with_lots)
    if key in lib.derived:
        return lib.derived[key]  # type: ignore[no-any-return]
    table = lib.value_table(profile.value_table)
    groups = tuple(lib.target_groups[g] for g in profile.target_groups if g in lib.target_groups)
    tender = _sample_tender(profile, value, contract_type, with_lots)
    sample: tuple[Inputs, str] | None = None
    try:
        plan = make_plan(tender, profile, table)
    except ClausegenError:
        pass
    else:
        lots = "twee percelen van" if with_lots else "één opdracht van"
        description = f"{contract_type}, profiel {profile.id}, {lots} {fmt.euro(value)} (schijf {band_index + 1})"
        sample = (Inputs(tender, profile, plan, table, groups), description)
    lib.derived[key] = sample
    return sample


def _sample_tender(profile: Profile, value: Decimal, contract_type: str, with_lots: bool) -> Tender:
    lots = None
    total = value
    if with_lots:
        lots = [TenderLot(id="1", title="Noord", value_eur=value), TenderLot(id="2", title="Zuid", value_eur=value)]
        total = value * 2
    return Tender(
        reference="VOORBEELD",
        title=f"Voorbeeldopdracht {profile.name.lower()}",
        contracting_authority="Gemeente Voorbeeldstad",
        category=profile.id,
        contract_type=contract_type,  # type: ignore[arg-type]
        value_eur=total,
        duration_months=max(48, profile.min_duration_months),
        publication_date=SAMPLE_DATE,
        labour_share=Decimal("0.6") if profile.basis == "loonsom" else None,
        lots=lots,
        # a sample framework names a call-off customer, so that the clauses on Afnemers show too
        afnemers=["Gemeente Voorbeelddorp"] if contract_type == "raamovereenkomst" else None,
    )


# ------------------------------------------------------------------------------ plain text


def blocks_text(blocks: list[Block], article: int) -> list[str]:
    """Blocks as terminal lines, numbered as Word numbers them ('1.1', 'a.', bullets)."""
    lines: list[str] = []
    member = sub = 0
    for block in blocks:
        if isinstance(block, Table):
            lines += _table_text(block)
            continue
        if isinstance(block, Image):
            lines.append(f"[{block.description}]")
            continue
        if isinstance(block, Fields):
            blank = "_" * 40
            for label in block.labels:
                lines += [f"  {label}:", *([f"  {blank}"] * block.lines)]
            continue
        text = block.text
        if block.role == "member":
            member += 1
            sub = 0
            lines.append(f"{article}.{member} {text}")
        elif block.role == "sub":
            sub += 1
            lines.append(f"    {chr(ord('a') + (sub - 1) % 26)}. {text}")
        elif block.role == "bullet":
            lines.append(f"{'  ' * (block.level + 1)}- {text}")
        elif block.role == "continuation":
            lines.append(f"{'  ' * (block.level + 2)}{text}")
        elif block.role == "lot-heading":
            lines += ["", text]
        else:
            lines.append(text)
    return lines


def _table_text(table: Table) -> list[str]:
    rows = [table.header, *table.rows] + ([table.total] if table.total else [])
    rows = [tuple(row) for row in rows if row]
    cols = max(len(row) for row in rows)
    keep = [i for i in range(cols) if any(i < len(row) and row[i].strip() for row in rows)]
    rows = [tuple(row[i] if i < len(row) else "" for i in keep) for row in rows]
    align = tuple(table.align[i] if i < len(table.align) else "left" for i in keep)
    cols = len(keep)
    widths = [max(len(row[i]) if i < len(row) else 0 for row in rows) for i in range(cols)]

    def line(row: tuple[str, ...]) -> str:
        cells = []
        for i in range(cols):
            value = row[i] if i < len(row) else ""
            right = align[i] == "right"
            cells.append(value.rjust(widths[i]) if right else value.ljust(widths[i]))
        return "  " + " | ".join(cells).rstrip()

    out = [line(row) for row in rows]
    if table.header:
        out.insert(1, "  " + "-+-".join("-" * w for w in widths))
    return out

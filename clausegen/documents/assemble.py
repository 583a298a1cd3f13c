"""Choose, order and number the clauses of each document kind, render them and record why.

A clause is in a document when its status allows it, the document kind is in its `documents`,
its instrument applies to the plan, its `when` holds, and no chosen clause excludes it."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import jinja2

from .. import fmt
from ..blocks import Article, Block, DocumentSpec, Fields, Para, Run, Table
from ..errors import ClausegenError
from ..kinds import TITLES, contract_kind, party_term
from ..library.load import Entry, Library
from ..library.validation import closest
from ..model import Block as BuildingBlock
from ..model import (
    Clause,
    Profile,
    TargetGroup,
    Tender,
    ValueTable,
    authority_data,
    authority_name,
    obligation_threshold,
)
from ..rules import LotPlan, Plan, equal_share
from ..template import context as declared
from ..template.context import DocumentInfo
from ..template.plain import Helper, to_plain
from ..template.render import (
    Placeholders,
    RenderContext,
    compile_condition,
    compile_text,
    forbidden_character,
    markdown_blocks,
    ref_placeholder,
    render_text,
    template_error,
    variables,
)
from .properties import document_properties
from .public_task import public_task_basis

CONTEXT_TYPES = declared.DATA
"""The data entries of the template context (declared in clausegen/template/context.py)."""
CONTEXT_NAMES = declared.names()
"""Every name a clause text or `when` may use (clausegen/template/context.py)."""


@dataclass(frozen=True)
class Chosen:
    entry: Entry
    article: int
    reason: str

    @property
    def clause(self) -> Clause:
        return self.entry.item  # type: ignore[return-value]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.clause.text.encode()).hexdigest()


@dataclass
class Assembly:
    """The clauses of one document kind, in article order, and those left out with why."""

    kind: str
    chosen: list[Chosen] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def numbers(self) -> dict[str, int]:
        return {c.clause.id: c.article for c in self.chosen}


@dataclass(frozen=True)
class Inputs:
    """Everything the clauses of one tender see."""

    tender: Tender
    profile: Profile
    plan: Plan
    table: ValueTable
    groups: tuple[TargetGroup, ...]
    contract: Mapping[str, Any] | None = None
    """A signed contract's data (clausegen.contract builds it); None for the tender documents."""


def contract_context(inputs: Inputs) -> Mapping[str, Any]:
    """The `contract` entry of the context: the signed contract's data, or for the tender
    documents the model contract (`signed` false: parties are fill-in fields)."""
    if inputs.contract is not None:
        return inputs.contract
    holders = inputs.tender.suppliers or 1
    return {
        "signed": False,
        "authority": {
            **authority_data(inputs.tender),
            "public_task": public_task_basis(inputs.tender, inputs.profile.settings),
        },
        "holders": holders,
        "threshold_eur": obligation_threshold(inputs.profile),
        "framework_value_eur": inputs.plan.total_value,
        "share_value_eur": equal_share(inputs.plan.total_value, holders),
        "share_obligation_eur": equal_share(inputs.plan.total_obligation, holders),
        "share_lots": tuple(
            {
                "id": lot.id,
                "value_eur": equal_share(lot.value_eur, holders),
                "obligation_eur": equal_share(lot.obligation, holders),
            }
            for lot in inputs.plan.obligation_lots
        ),
        "awarded_shares": (),  # only an award can give a lot fewer holders than announced
        "commitment": None,
        "pso": None,
    }


def _model_contract(inputs: Inputs, kind: str) -> bool:
    """The contract or framework annex of a tender with lots, before award: a model for one contract."""
    return kind in ("overeenkomst", "raamovereenkomst") and inputs.plan.has_lots and inputs.contract is None


def document_kinds(plan: Plan) -> list[str]:
    """Document kinds the plan calls for (DESIGN.md §4)."""
    if not plan.needs_documents:
        return []
    kinds: list[str] = ["bijlage", contract_kind(plan.framework)]
    if "plan-van-aanpak" in plan.instruments:
        kinds.append("plan-van-aanpak-formulier")
    return kinds


def context_data(inputs: Inputs, kind: str) -> dict[str, Any]:
    """The data entries of the template context, as models and dataclasses; `base_context`
    turns them into plain records. A new entry added here reaches templates and `check`."""
    plan = inputs.plan
    data: dict[str, Any] = {
        "tender": inputs.tender,
        "profile": inputs.profile,
        "settings": inputs.profile.settings,
        "plan": plan,
        "target_groups": inputs.groups,
        "value_table": inputs.table,
        "reference_block": inputs.table.block(inputs.profile.reference_block),
        "document": DocumentInfo(kind=kind, title=TITLES[kind]),  # type: ignore[typeddict-item]
        "contract": contract_context(inputs),
    }
    if not plan.has_lots:
        data["lot"] = plan.lots[0]
    if not declared.data_names() - declared.OPTIONAL_DATA <= set(data) <= declared.data_names():
        raise RuntimeError("assemble.context_data must give exactly the entries of template/context.DATA")
    return data


def _helpers(inputs: Inputs, kind: str, table: Placeholders) -> dict[str, Helper]:
    """The per-document helpers: each builds its object once and prints a placeholder for it."""
    model = _model_contract(inputs, kind)
    return {
        "ref": Helper("ref", lambda target: ref_placeholder(table, str(target))),
        "tabel_percelen": Helper(
            "tabel_percelen",
            lambda: table.add(
                _lots_table(_document_plan(inputs.plan, kind), model=model, holder=_holder_columns(inputs))
            ),
        ),
        "tabel_bouwblokken": Helper("tabel_bouwblokken", lambda: table.add(_blocks_table(inputs.table))),
        "tabel_begroting": Helper("tabel_begroting", lambda: table.add(_budget_table(inputs.table))),
        "invulvelden": Helper("invulvelden", lambda *labels: table.add(_fields(labels, 1))),
        "antwoordveld": Helper("antwoordveld", lambda label, regels=8: table.add(_fields((label,), regels))),
    }


_PLAIN: OrderedDict[tuple[int, str], tuple[Inputs, dict[str, Any]]] = OrderedDict()
_PLAIN_LOCK = threading.Lock()  # the web form renders from several threads


def _plain_data(inputs: Inputs, kind: str) -> dict[str, Any]:
    """The plain data of `base_context`, converted once per Inputs object and document kind:
    choosing the clauses (`select`) and rendering them (`build_document`) see the same data, and
    it is immutable, so both share it. Keyed by the object's identity, which the entry holds on
    to; the last 8 are kept."""
    key = (id(inputs), kind)
    with _PLAIN_LOCK:
        hit = _PLAIN.get(key)
        if hit is not None and hit[0] is inputs:
            _PLAIN.move_to_end(key)
            return hit[1]
    memo: dict[int, tuple[Any, Any]] = {}
    data = {name: to_plain(value, name, memo) for name, value in context_data(inputs, kind).items()}
    with _PLAIN_LOCK:
        _PLAIN[key] = (inputs, data)
        if len(_PLAIN) > 8:
            _PLAIN.popitem(last=False)
    return data


def base_context(inputs: Inputs, kind: str) -> RenderContext:
    """What a clause text or `when` sees: plain, immutable data (clausegen/template/plain.py) and the
    declared helpers; no model, dataclass or method is reachable from it. The side table the
    helpers fill travels with it, out of the templates' reach."""
    table = Placeholders()
    context = dict(_plain_data(inputs, kind))
    helpers = _helpers(inputs, kind, table)
    if set(helpers) != declared.helper_names() - declared.ENVIRONMENT_HELPERS:
        raise RuntimeError("assemble._helpers must define exactly the helpers of template/context.HELPERS")
    context.update(helpers)
    return RenderContext(context, table)


def _instrument_reason(clause: Clause, plan: Plan) -> tuple[bool, str]:
    inst = clause.instrument
    if inst == "algemeen":
        return True, "algemene bepaling"
    if inst == "monitoring":
        return plan.has_obligation, ("er is een verplichting" if plan.has_obligation else "geen verplichting")
    if inst == "raamovereenkomst":
        return plan.framework, ("raamovereenkomst" if plan.framework else "geen raamovereenkomst")
    if inst in plan.instruments:
        lots = [lot.id for lot in plan.lots if inst in lot.instruments]
        where = f"perceel {', '.join(lots)}" if plan.has_lots else "de opdracht"
        return True, f"instrument {inst} geldt voor {where}"
    return False, f"instrument {inst} is niet van toepassing"


def condition_holds(entry: Entry, context: dict[str, Any]) -> bool:
    clause: Clause = entry.item  # type: ignore[assignment]
    if clause.when is None:
        return True
    try:
        return bool(compile_condition(clause.when)(**context))
    except (jinja2.TemplateError, ClausegenError, TypeError, ValueError) as exc:
        raise template_error(exc, entry.path, entry.source.line_of(("when",)), clause.id, "when") from None


def _clause(entry: Entry) -> Clause:
    """The clause of a library entry from `Library.clauses` (which holds clauses only)."""
    if not isinstance(entry.item, Clause):
        raise TypeError(f"{entry.path} holds no clause")
    return entry.item


def select(
    lib: Library, inputs: Inputs, kind: str, allow_draft: bool, context: dict[str, Any] | None = None
) -> Assembly:
    """Choose and number the clauses of one document kind (`context`: `base_context(inputs,
    kind)` when the caller has it already)."""
    assembly = Assembly(kind)
    if context is None:
        context = base_context(inputs, kind)
    candidates: list[tuple[Entry, str]] = []
    for entry in lib.clauses.values():
        clause: Clause = entry.item  # type: ignore[assignment]
        if kind not in clause.documents:
            continue
        if clause.status == "withdrawn":
            assembly.skipped.append((clause.id, "ingetrokken"))
            continue
        if clause.status == "draft" and not allow_draft:
            assembly.skipped.append((clause.id, "concept (alleen met --allow-draft)"))
            continue
        applies, reason = _instrument_reason(clause, inputs.plan)
        if not applies:
            assembly.skipped.append((clause.id, reason))
            continue
        if not condition_holds(entry, context):
            assembly.skipped.append((clause.id, f"voorwaarde '{clause.when}' is onwaar"))
            continue
        if clause.when:
            reason += f"; voorwaarde '{clause.when}' is waar"
        candidates.append((entry, reason))
    chosen_ids = {e.item.id for e, _ in candidates}  # type: ignore[attr-defined]
    excluded = {x: e.item.id for e, _ in candidates for x in e.item.excludes}  # type: ignore[attr-defined]
    kept = []
    for entry, reason in candidates:
        clause = _clause(entry)
        if clause.id in excluded:
            assembly.skipped.append((clause.id, f"uitgesloten door {excluded[clause.id]}"))
            chosen_ids.discard(clause.id)
        else:
            kept.append((entry, reason))
    for entry, _ in kept:
        clause = _clause(entry)
        for needed in clause.requires:
            if needed not in chosen_ids:
                known = needed in lib.clauses
                raise ClausegenError(
                    code="documents.requires-left-out" if known else "documents.requires-unknown",
                    params={
                        "clause": clause.id,
                        "needed": needed,
                        "document": kind,
                        "suggestion": None if known else closest(needed, lib.clauses),
                    },
                    path=entry.path,
                    line=entry.source.line_of(("requires",)),
                )
    kept.sort(key=lambda pair: (pair[0].item.order, pair[0].item.id))  # type: ignore[attr-defined]
    assembly.chosen = [Chosen(entry, number, reason) for number, (entry, reason) in enumerate(kept, 1)]
    return assembly


def bookmark(clause_id: str) -> str:
    """A Word bookmark name (letters, digits, underscore; at most 40 characters)."""
    digest = hashlib.sha1(clause_id.encode()).hexdigest()[:8]
    return f"_Art_{digest}"


def _lot_percentage(lot: LotPlan) -> str:
    """The percentage column: a committed amount is not a percentage of the value, so it says so."""
    if lot.committed_eur is not None:
        return "toezegging"
    return fmt.percentage(lot.percentage) if lot.percentage is not None else "geen"


def _holder_columns(inputs: Inputs) -> tuple[str, str] | None:
    """The value and obligation column headers of a framework whose obligation is set on the real
    call-off value: with several holders the tender documents show the estimate for all holders
    together, a holder's contract its indicative share (third legal reading, M-1); with one holder
    the amount is a raming (eleventh reading A MAJOR-1). None for every other plan, which keeps
    the plain headers."""
    plan = inputs.plan
    if not plan.framework or plan.obligation_level == "nadere-overeenkomst":
        return None
    if (
        inputs.tender.suppliers or 1
    ) < 2:  # one holder: the amount is a raming of the Afroepwaarde (eleventh A MAJOR-1)
        return ("Waarde excl. btw", "Verplichting (raming)")
    if inputs.contract is not None:
        return ("Indicatief aandeel excl. btw", "Verplichting (raming)")
    return ("Geraamde waarde excl. btw, alle Opdrachtnemers samen", "Raming, alle Opdrachtnemers samen")


def _document_plan(plan: Plan, kind: str) -> Plan:
    """The plan a document's figures show: the plan-of-approach form only the lots that ask for a
    plan, since the plan covers those alone (lawyer9 A MINOR-3); every other document all lots."""
    if kind != "plan-van-aanpak-formulier" or not plan.has_lots:
        return plan
    asked = tuple(lot for lot in plan.lots if "plan-van-aanpak" in lot.instruments)
    return replace(plan, lots=asked) if asked and len(asked) < len(plan.lots) else plan


def _lots_table(plan: Plan, model: bool = False, holder: tuple[str, str] | None = None) -> Table:
    """The lots with value, percentage and obligation; the model contract of a tender with lots
    has no total row, since no single contractor owes the sum of all lots. `holder` replaces the
    value and obligation headers in a framework with several holders (`_holder_columns`)."""
    rows = []
    for lot in plan.lots:
        rows.append(
            (
                lot.id if plan.has_lots else "",
                lot.title,
                fmt.euro(lot.value_eur),
                _lot_percentage(lot),
                fmt.euro(lot.obligation),
                fmt.aantal(lot.person_years, 1) if lot.person_years is not None else "–",
            )
        )
    years = plan.total_person_years
    value_header, obligation_header = holder or ("Waarde excl. btw", "Verplichting")
    return Table(
        header=("Perceel" if plan.has_lots else "", "Omschrijving", value_header, "Percentage",
                obligation_header, "Indicatief aantal arbeidsjaren"),
        rows=tuple(rows),
        align=("left", "left", "right", "right", "right", "right"),
        total=None if model else ("", "Totaal", fmt.euro(plan.total_value), "", fmt.euro(plan.total_obligation),
                                  fmt.aantal(years, 1) if years is not None else "–"),
        widths=(10, 28, 18, 12, 18, 14),
    )  # fmt: skip


def _block_value(block: BuildingBlock) -> str:
    """A building block's effort value as printed: an amount (bonuses 'extra') or its rule in words."""
    if block.value_eur is not None:
        return fmt.euro(block.value_eur) + (" extra" if block.kind == "bonus" else "")
    return block.valuation or ""


def _blocks_table(table: ValueTable) -> Table:
    rows = [(block.label, _block_value(block)) for block in table.blocks]
    return Table(
        header=("Bouwblok", f"Inspanningswaarde per voltijd jaar ({table.hours_per_week} uur per week)"),
        rows=tuple(rows),
        align=("left", "right"),
        widths=(60, 40),
    )


MAX_FIELD_LINES = 60
CALL_OFF_TOTAL_LABEL = "Raming social return, alle Nadere overeenkomsten samen (verschuldigd per Nadere overeenkomst)"
"""The cover of an obligation per call-off: the sum is an estimate, owed per call-off (seventh MINOR-3)."""
SHARE_HOLDER_LABEL = "Raming social return over het Indicatief aandeel"
SHARE_HOLDER_NOTE = "niet verschuldigd; verschuldigd is het percentage maal de Afroepwaarde"
"""The cover of a framework holder's contract with several holders: the figure is an estimate."""
SINGLE_FRAMEWORK_LABEL = "Raming social return"
SINGLE_FRAMEWORK_NOTE = (
    "verschuldigd is het percentage maal de Afroepwaarde, de werkelijke waarde van de Nadere overeenkomsten"
)
"""The cover of a framework with one holder and its obligation at framework level: the figure is
the raming over the Opdrachtwaarde, not what is owed (eleventh reading A MAJOR-1)."""
CALL_OFF_HOLDER_LABEL = (
    "Raming social return, alle Nadere overeenkomsten van de Opdrachtnemer samen (verschuldigd per Nadere overeenkomst)"
)


def _fields(labels: tuple[Any, ...], lines: object) -> Fields:
    """A form's fill-in fields: the labels and the height of each answer, checked."""
    if not labels or not all(isinstance(label, str) and label.strip() for label in labels):
        raise ClausegenError(code="documents.field-labels")
    for label in labels:
        problem = forbidden_character(label)
        if problem:
            raise ClausegenError(code="documents.field-label-character", params={"character": problem})
    if isinstance(lines, bool) or not isinstance(lines, int) or not 1 <= lines <= MAX_FIELD_LINES:
        raise ClausegenError(code="documents.field-lines", params={"limit": MAX_FIELD_LINES})
    return Fields(tuple(str(label) for label in labels), lines)


def _budget_table(table: ValueTable) -> Table:
    """The building blocks with their effort value and empty cells for the bidder's numbers."""
    rows = [(block.label, _block_value(block), "", "") for block in table.blocks]
    return Table(
        header=("Bouwblok", "Inspanningswaarde per voltijd jaar", "Omvang (voltijd jaren of euro's)",
                "Inspanningswaarde"),
        rows=tuple(rows),
        align=("left", "right", "right", "right"),
        total=("Totaal", "", "", ""),
        widths=(40, 22, 19, 19),
        fields=(2, 3),  # review §6: the bidder's numbers are fill-in fields like the form's others
    )  # fmt: skip


def render_clause(
    chosen: Chosen,
    assembly: Assembly,
    inputs: Inputs,
    context: dict[str, Any],
    placeholder: Callable[[str], Run] | None = None,
) -> list[Block]:
    """Render one clause to blocks; a clause that uses `lot` is rendered once per lot.

    `placeholder` (for previews) renders a ref() to a clause outside the assembly instead of failing."""
    entry = chosen.entry
    clause = chosen.clause
    numbers = assembly.numbers
    first_line = entry.source.text_start.get(("text",))
    table = context.placeholders if isinstance(context, RenderContext) else Placeholders()

    def resolve(target: str) -> Run:
        if target not in numbers and placeholder is not None:
            return placeholder(target)
        if target not in numbers:
            raise ClausegenError(
                code="documents.ref-outside",
                params={"clause": clause.id, "target": target, "document": assembly.kind},
                path=entry.path,
                line=first_line,
            )
        return Run(f"Artikel\u00a0{numbers[target]}", ref=bookmark(target))  # as the REF field computes it

    try:
        template = compile_text(clause.text)
        per_lot = "lot" in variables(clause.text) and inputs.plan.has_lots
        if not per_lot:
            text = render_text(template, context)
            return markdown_blocks(text, resolve, table)
        blocks: list[Block] = []
        plan = context["plan"]
        lots = plan.obligation_lots or plan.lots
        for lot in lots:
            blocks.append(Para((Run(f"Perceel {lot.id}: {lot.title}", bold=True),), "lot-heading"))
            text = render_text(template, {**context, "lot": lot})
            blocks.extend(markdown_blocks(text, resolve, table))
        return blocks
    except jinja2.TemplateError as exc:
        raise template_error(exc, entry.path, first_line, clause.id) from None
    except ClausegenError as exc:
        if exc.path:
            raise
        raise template_error(exc, entry.path, first_line, clause.id) from None
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise template_error(exc, entry.path, first_line, clause.id) from None


def build_document(assembly: Assembly, inputs: Inputs, library_fingerprint: str) -> DocumentSpec:
    """Render the chosen clauses of one document into a DocumentSpec for the writer."""
    tender, profile = inputs.tender, inputs.profile
    context = base_context(inputs, assembly.kind)
    articles = tuple(
        Article(
            chosen.clause.title,
            bookmark(chosen.clause.id),
            tuple(render_clause(chosen, assembly, inputs, context)),
            chosen.clause.id,
            chosen.clause.version,
        )
        for chosen in assembly.chosen
    )
    title = TITLES[assembly.kind]
    draft = any(c.clause.status == "draft" for c in assembly.chosen)
    info = _cover(inputs, assembly.kind)
    core, custom = document_properties(
        title, tender, profile.id, (profile.id, profile.version), library_fingerprint, assembly.kind
    )
    return DocumentSpec(
        kind=assembly.kind,
        title=title,
        subtitle=tender.title,
        header_text=f"{tender.reference} · {title}",
        info=info,
        articles=articles,
        draft=draft,
        core=core,
        custom=custom,
    )


def _cover(inputs: Inputs, kind: str) -> tuple[tuple[str, str], ...]:
    """The cover table. A signed contract names its number, parties, lots, term and its own
    obligation; the model contract of a tender with lots never states the sum of all lots."""
    tender, plan, profile = inputs.tender, _document_plan(inputs.plan, kind), inputs.profile
    contract = inputs.contract
    rows = [
        ("Aanbesteding", tender.title),
        ("Referentie", tender.reference),
        ("Aanbestedende dienst", authority_name(tender.contracting_authority)),
        ("Categorie", profile.name),
        ("Soort overeenkomst", "Raamovereenkomst" if plan.framework else "Overeenkomst"),
    ]
    if contract is not None:
        rows += [
            ("Contractnummer", str(contract["number"])),
            (
                party_term(profile.kind),  # the party term of the clauses (UAV 2012)
                f"{contract['contractor']['name']} (KvK {contract['contractor']['kvk']})",
            ),
        ]
        if plan.has_lots:
            rows.append(("Gegunde percelen", ", ".join(f"{lot.id} ({lot.title})" for lot in plan.lots)))
        works = profile.kind == "werken" and not plan.framework  # the Looptijd runs to the real oplevering (C MINOR-11)
        rows += [
            ("Ingangsdatum", fmt.datum(contract["start_date"])),
            (
                "Geplande oplevering",
                f"{fmt.datum(contract['end_date'])} (de Looptijd loopt tot de werkelijke oplevering)",
            )
            if works
            else ("Einddatum", fmt.datum(contract["end_date"])),
        ]
        if not plan.has_obligation:  # no obligation: never print "Social-returnverplichting € 0,00" (m-13)
            rows.append(("Social return", "inspanningsbepaling (geen verplichting)"))
            return tuple(rows)
        label, value = "Social-returnverplichting", fmt.euro(plan.total_obligation)
        if plan.framework and plan.obligation_level == "nadere-overeenkomst":
            label = CALL_OFF_HOLDER_LABEL
        elif contract["holders"] > 1:  # an estimate, not what is owed (lawyer10 MINOR-1)
            label = SHARE_HOLDER_LABEL
            value += f" ({SHARE_HOLDER_NOTE})"
        elif plan.framework:
            label = SINGLE_FRAMEWORK_LABEL
            value += f" ({SINGLE_FRAMEWORK_NOTE})"
        rows.append((label, value))
        return tuple(rows)
    rows.append(("Datum", fmt.datum(tender.publication_date)))
    # a framework owed per Nadere overeenkomst, or by several holders, owes no sum of lots, in the model
    # too (sixteenth reading L MAJOR-3)
    shared = plan.framework and (plan.obligation_level == "nadere-overeenkomst" or (tender.suppliers or 1) > 1)
    if _model_contract(inputs, kind) and not shared:
        rows.append(
            ("Social-returnverplichting", "per Perceel; de som over de Percelen die in de overeenkomst zijn gegund")
        )
    elif _model_contract(inputs, kind) and plan.obligation_level == "nadere-overeenkomst":
        # the model names no total of all lots: the holder owes per Nadere overeenkomst
        rows.append(
            ("Social-returnverplichting", "per Nadere overeenkomst: het percentage van het Perceel maal haar waarde")
        )
    elif plan.framework and plan.obligation_level == "nadere-overeenkomst":
        rows.append((CALL_OFF_TOTAL_LABEL, fmt.euro(plan.total_obligation)))
    elif plan.framework and (tender.suppliers or 1) > 1 and kind == "raamovereenkomst":
        rows.append(("Social-returnverplichting", "per houder: het percentage van de eigen Nadere overeenkomsten"))
    elif plan.framework and (tender.suppliers or 1) > 1:  # nobody owes the sum of all holders (n-13)
        rows.append(("Raming social return, alle Opdrachtnemers samen", fmt.euro(plan.total_obligation)))
    elif plan is not inputs.plan:  # the form of some lots: their sum, not the tender's total
        label = "Social-returnverplichting van " + ("Perceel " if len(plan.lots) == 1 else "de Percelen ")
        rows.append((label + ", ".join(lot.id for lot in plan.lots), fmt.euro(plan.total_obligation)))
    elif plan.framework and plan.has_obligation:  # one holder, at framework level: a raming (eleventh A MAJOR-1)
        rows.append((SINGLE_FRAMEWORK_LABEL, f"{fmt.euro(plan.total_obligation)} ({SINGLE_FRAMEWORK_NOTE})"))
    else:
        rows.append(("Totale social-returnverplichting", fmt.euro(plan.total_obligation)))
    return tuple(rows)

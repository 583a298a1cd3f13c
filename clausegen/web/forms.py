"""The tender form: form fields <-> the dict a tender YAML gives, checked by the same models and
API as a file (`model.Tender`, `api.prepare_tender`), with the messages in Dutch next to the field
they are about. Nothing here knows the social-return rules."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from ..api import Prepared, prepare_tender
from ..errors import ClausegenError
from ..library.load import Library
from ..library.validation import problems
from ..library.yamlio import Located
from ..model import Tender
from ..numbers import NumberText, read_amount
from .messages import placed
from .tenderfile import tender_yaml

FORM_SOURCE = Path("formulier")
"""The 'file' a form's data comes from, as messages and Prepared.source name it."""

SCALARS = (
    "reference",
    "title",
    "contracting_authority",
    "category",
    "contract_type",
    "value_eur",
    "duration_months",
    "publication_date",
    "labour_share",
    "authority_legal_entity",
    "authority_represented_by",
)
AUTHORITY_PARTS = {"authority_legal_entity": "legal_entity", "authority_represented_by": "represented_by"}
"""Optional form fields that turn `contracting_authority` into the mapping {name, legal_entity,
represented_by} (DESIGN.md §7): the legal entity that signs and who represents it."""
LOT_FIELDS = ("id", "title", "value_eur")

LABELS = {
    "reference": "Kenmerk",
    "title": "Titel",
    "contracting_authority": "Aanbestedende dienst",
    "category": "Categorie",
    "contract_type": "Soort contract",
    "value_eur": "Geraamde waarde (excl. btw)",
    "duration_months": "Looptijd in maanden",
    "publication_date": "Publicatiedatum",
    "labour_share": "Arbeidsaandeel",
    "authority_legal_entity": "Rechtspersoon (niet verplicht)",
    "authority_represented_by": "Vertegenwoordigd door (niet verplicht)",
    "lots": "Percelen",
    "target_groups": "Doelgroepen",
    "lot.id": "Nummer",
    "lot.title": "Naam",
    "lot.value_eur": "Waarde (excl. btw)",
}
"""Dutch names of the tender fields (the YAML keys stay English, as in the files)."""

_LOT_KEY = re.compile(r"^lots-(\d{1,4})-(id|title|value_eur)$")


# ---------------------------------------------------------------------------------- form state


@dataclass
class LotRow:
    index: int
    id: str = ""
    title: str = ""
    value_eur: str = ""

    def empty(self) -> bool:
        return not (self.id or self.title or self.value_eur)


@dataclass
class FormState:
    """What the buyer typed, as text, exactly as the form shows it."""

    values: dict[str, str] = field(default_factory=dict)
    lots: list[LotRow] = field(default_factory=list)
    target_groups: list[str] | None = None
    """Checked target groups; None: all of the profile's groups (the tender names none)."""

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def next_lot_index(self) -> int:
        return max((row.index for row in self.lots), default=-1) + 1

    def add_lot(self) -> None:
        numbers = [int(row.id) for row in self.lots if row.id.isdigit()]
        self.lots.append(LotRow(self.next_lot_index(), id=str(max(numbers, default=0) + 1)))


def field_label(name: str, state: FormState) -> str:
    """The Dutch name of a form field, for the summary of messages above the form."""
    match = _LOT_KEY.match(name)
    if match:
        row = next((r for r in state.lots if r.index == int(match.group(1))), None)
        lot = row.id if row and row.id else str(int(match.group(1)) + 1)
        return f"Perceel {lot}, {LABELS['lot.' + match.group(2)].lower()}"
    return LABELS.get(name, name)


def from_request(form: Any) -> FormState:
    """Read a posted form (a werkzeug MultiDict); unknown keys are ignored."""
    state = FormState(values={name: _clean(form.get(name, "")) for name in SCALARS})
    rows: dict[int, LotRow] = {}
    for key in form:
        match = _LOT_KEY.match(key)
        if match:
            index = int(match.group(1))
            row = rows.setdefault(index, LotRow(index))
            setattr(row, match.group(2), _clean(form.get(key, "")))
    state.lots = [rows[i] for i in sorted(rows)]
    if form.get("target_groups_shown"):
        state.target_groups = [_clean(g) for g in form.getlist("target_groups") if _clean(g)]
    return state


def _clean(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


# ---------------------------------------------------------------------------------- text -> values


def parse_amount(text: str) -> Decimal | str:
    """Dutch or plain amounts: `2.400.000`, `2.400.000,50`, `€ 1.500`, `2400000.5`, read by the
    same function as a tender file's amounts (`numbers.read_amount`; the form's fields show
    Dutch thousands dots, so here they are thousands). Anything else is passed on as text, so
    the model reports it just as it would for a file."""
    try:
        return read_amount(text, dutch_thousands=True)
    except ValueError:
        return text


def parse_share(text: str) -> Decimal | str:
    """The labour share is typed as a percentage (60 or 60%) and stored as a fraction (0.6)."""
    amount = parse_amount(text.rstrip().rstrip("%"))
    return amount / 100 if isinstance(amount, Decimal) else text


def parse_int(text: str) -> int | str:
    """A whole number as a file gives it: `048` stays text (the model says to write 48)."""
    if re.fullmatch(r"0|[1-9]\d{0,5}", text):
        return int(text)
    return NumberText(text) if re.fullmatch(r"0\d{1,6}", text) else text


def parse_date(text: str) -> datetime.date | str:
    """ISO (what a date input sends) or Dutch day-month-year."""
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    try:
        if match:
            return datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    return text


def to_data(state: FormState, lib: Library) -> tuple[dict[str, Any], dict[tuple[str | int, ...], str]]:
    """The dict a tender YAML with these values would give, and where each key sits in the form."""
    data: dict[str, Any] = {}
    where: dict[tuple[str | int, ...], str] = {}
    parsers = {
        "value_eur": parse_amount,
        "duration_months": parse_int,
        "publication_date": parse_date,
        "labour_share": parse_share,
    }
    for name in SCALARS:
        text = state.get(name)
        where[(name,)] = name
        if text and name not in AUTHORITY_PARTS:
            data[name] = parsers.get(name, str)(text)
    parts = {key: state.get(name) for name, key in AUTHORITY_PARTS.items() if state.get(name)}
    if parts:
        data["contracting_authority"] = {"name": data.get("contracting_authority", ""), **parts}
        where[("contracting_authority", "name")] = "contracting_authority"
        for name, key in AUTHORITY_PARTS.items():
            where[("contracting_authority", key)] = name
    rows = [row for row in state.lots if not row.empty()]
    where[("lots",)] = "lots"
    if rows:
        data["lots"] = []
        for position, row in enumerate(rows):
            lot: dict[str, Any] = {}
            where[("lots", position)] = f"lots-{row.index}-id"
            for key in LOT_FIELDS:
                where[("lots", position, key)] = f"lots-{row.index}-{key}"
                text = getattr(row, key)
                if text:
                    lot[key] = parse_amount(text) if key == "value_eur" else text
            data["lots"].append(lot)
    where[("target_groups",)] = "target_groups"
    if state.target_groups is not None:
        entry = lib.profiles.get(state.get("category"))
        everything = entry is not None and set(state.target_groups) == set(entry.item.target_groups)  # type: ignore[attr-defined]
        if not everything:
            data["target_groups"] = list(state.target_groups)
            for index in range(len(state.target_groups)):
                where[("target_groups", index)] = "target_groups"
    return data, where


# ---------------------------------------------------------------------------------- values -> text


def amount_text(value: Any) -> str:
    """An amount as a Dutch number for an input field: `2.400.000` or `1.500.000,50`."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return "" if value is None else str(value)
    number = Decimal(str(value))
    pattern = "#,##0" if number == number.to_integral_value() else "#,##0.00######"
    return format_decimal(number, format=pattern, locale="nl_NL")


def share_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return "" if value is None else str(value)
    return amount_text(Decimal(str(value)) * 100)


def from_data(data: dict[str, Any]) -> FormState:
    """Form fields for a tender's data (an uploaded file), shown as the buyer would type them."""
    values = {}
    authority = data.get("contracting_authority")
    if isinstance(authority, dict):
        data = {**data, "contracting_authority": authority.get("name")}
        for name, key in AUTHORITY_PARTS.items():
            if authority.get(key):
                values[name] = str(authority[key])
    for name in SCALARS:
        value = data.get(name)
        if value is None:
            continue
        if name == "value_eur":
            values[name] = amount_text(value)
        elif name == "labour_share":
            values[name] = share_text(value)
        elif isinstance(value, datetime.date):
            values[name] = value.isoformat()
        else:
            values[name] = str(value)
    state = FormState(values=values)
    for index, lot in enumerate(data.get("lots") or []):
        state.lots.append(
            LotRow(
                index,
                id=str(lot.get("id", "")),
                title=str(lot.get("title", "")),
                value_eur=amount_text(lot.get("value_eur")),
            )
        )
    groups = data.get("target_groups")
    if groups is not None:
        state.target_groups = [str(g) for g in groups]
    return state


# ---------------------------------------------------------------------------------- checking


@dataclass
class Checked:
    """The outcome of checking a form: a prepared tender, or Dutch messages per form field."""

    state: FormState
    prepared: Prepared | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    tender_yaml: str | None = None

    @property
    def ok(self) -> bool:
        return self.prepared is not None

    def add(self, name: str | None, message: str) -> None:
        if name is None:
            if message not in self.general:
                self.general.append(message)
        elif message not in self.errors.setdefault(name, []):
            self.errors[name].append(message)


def check(state: FormState, lib: Library) -> Checked:
    """Validate the form as a tender file would be validated, and compute its plan."""
    data, where = to_data(state, lib)
    result = Checked(state)
    located = Located(data=data, path=FORM_SOURCE)
    found = problems(Tender, located, "tender")
    if found:
        for name, message in placed(found, where):
            result.add(name, message)
        return result
    tender = Tender.model_validate(data)
    text = tender_yaml(tender)
    try:
        result.prepared = prepare_tender(tender, located, hashlib.sha256(text.encode()).hexdigest(), lib)
    except ClausegenError as exc:  # an unknown category, a target group outside the profile
        for name, message in placed([exc], where):
            result.add(name, message)
        return result
    result.tender_yaml = text
    return result

"""Validation problems in words a buyer understands: every pydantic error turned into a coded
ClausegenError (`clausegen.errors`) with the file, the line of the offending key, the key path
and the parameters of the fix (did-you-mean suggestions included). Which code a pydantic error
type becomes is decided here, per field where the field needs its own advice (an amount, a
percentage, a number of months); the words are in the catalogs (`clausegen/locale`)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import ClausegenError, Invalid, raise_all
from .yamlio import Located

EXAMPLES = {
    "reference": "2026-0142",
    "title": "Schoonmaak gemeentehuis",
    "contracting_authority": "Gemeente Utrecht",
    "category": "schoonmaak",
    "contract_type": "overeenkomst",
    "value_eur": "2400000",
    "duration_months": "48",
    "publication_date": "2026-03-01",
    "id": "1",
}
"""An example value per field, shown in the 'field is missing' message: what to write."""


def closest(word: str, choices: Any) -> str:
    """The choice closest to `word` (for "bedoelt u ...?"), or ''."""
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return match[0] if match else ""


def suggest(word: str, choices: Any) -> str:
    """'; did you mean 'x'?' when one of the choices is close, else '' (for the messages of
    modules not yet coded, as before; coded messages pass `closest` as a `suggestion` parameter)."""
    close = closest(word, choices)
    return f"; did you mean '{close}'?" if close else ""


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the (sub)model at `loc`, for "allowed: ..." and did-you-mean."""
    parent = model
    known = list(parent.model_fields)
    for part in loc:
        sub = parent.model_fields.get(str(part)) if isinstance(part, str) else None
        inner = getattr(sub, "annotation", None) if sub else None
        for candidate in getattr(inner, "__args__", ()) + ((inner,) if inner else ()):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                parent = candidate
                known = list(candidate.model_fields)
                break
            for arg in getattr(candidate, "__args__", ()):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    parent = arg
                    known = list(arg.model_fields)
    return known


_PATTERNS = {
    r"^[a-z0-9][a-z0-9-]*$": "value.slug",
    r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$": "value.clause-id",
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$": "value.lot-id",
}
"""Pydantic's 'String should match pattern ...' as the code of advice a buyer understands."""

_AMOUNT_FIELDS = ("value_eur", "amount_eur")


def _field(loc: tuple[Any, ...]) -> str:
    names = [str(part) for part in loc if isinstance(part, str)]
    return names[-1] if names else ""


def code_of(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, dict[str, Any], tuple[Any, ...]]:
    """A pydantic error as (code, params, key path): the one place that knows pydantic's types."""
    loc = tuple(part for part in error["loc"] if not str(part).startswith("function-"))
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    field = _field(loc)
    if isinstance(given, bool):
        shown = str(given).lower()
    else:
        shown = str(given)[:60] if isinstance(given, str | int | float) else ""
    cause = ctx.get("error")
    if isinstance(cause, Invalid):
        return cause.code, dict(cause.params), loc + cause.at
    if kind == "extra_forbidden":
        name = str(loc[-1])
        short = name if len(name) <= 60 else name[:50] + "…"
        known = _known_fields(model, loc[:-1])
        close = closest(name[:200], known)
        if close:
            return "field.unknown-suggest", {"field": short, "close": close}, loc
        return "field.unknown", {"field": short, "allowed": ", ".join(known)}, loc
    if kind == "missing":
        parent = ".".join(str(part) for part in loc[:-1])
        params = {"field": field, "example": EXAMPLES.get(field, "…"), "parent": parent}
        return ("field.missing-in" if parent else "field.missing"), params, loc
    if kind == "value_error":
        text = str(error.get("msg", "")).removeprefix("Value error, ")
        return "value.refused", {"reason": text}, loc
    if kind == "invalid_key":
        return "field.name-not-text", {"field": str(loc[-1])}, loc
    if kind == "string_unicode":
        return "text.not-in-word", {"char": "U+DC80"}, loc
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "value.mapping", {}, loc
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = closest(str(given), choices) if given is not None else ""
        if close:
            return "value.choice-suggest", {"input": shown, "choices": choices, "close": close}, loc
        return "value.choice", {"input": shown, "choices": choices}, loc
    if kind == "string_pattern_mismatch":
        if field == "category":
            return "value.category", {"input": shown}, loc
        if field == "target_groups" or (loc[:1] == ("target_groups",)):
            return "value.target-group", {"input": shown}, loc
        return _PATTERNS.get(str(ctx.get("pattern")), "value.characters"), {"input": shown}, loc
    if kind in ("string_too_short", "too_short"):
        return "value.empty", {}, loc
    if kind == "string_too_long":
        return "value.too-long", {"max": ctx.get("max_length")}, loc
    if kind == "too_long":
        return "value.too-many", {"max": ctx.get("max_length")}, loc
    if field == "labour_share" or field == "share":
        return "value.share", {"input": shown}, loc
    if field in _AMOUNT_FIELDS or kind.startswith("decimal_"):
        if kind == "finite_number":
            return "value.not-finite", {}, loc
        if kind in ("greater_than", "greater_than_equal"):
            return "value.amount-positive", {}, loc
        if kind == "decimal_max_places":
            return "value.cents", {}, loc
        if kind in ("decimal_max_digits", "decimal_whole_digits", "less_than", "less_than_equal"):
            return "value.amount-too-large", {}, loc
        return "value.amount", {"input": shown}, loc
    if kind.startswith(("date_", "datetime_")):
        return "value.date", {"input": shown}, loc
    if kind in ("int_parsing", "int_type", "int_from_float"):
        if re.fullmatch(r"0[0-9]+", str(given)):
            return "number.leading-zero", {"text": str(given), "fix": int(str(given))}, loc
        if field == "duration_months":
            return "value.months", {"input": shown}, loc
        return "value.whole-number", {"input": shown}, loc
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next((ctx[name] for name in ("gt", "ge", "lt", "le") if name in ctx), "")
        if field == "duration_months":
            return ("value.months-max" if kind.startswith("less") else "value.months-min"), {"limit": limit}, loc
        return f"value.{kind.replace('_', '-')}", {"limit": limit}, loc
    if kind == "string_type" and isinstance(given, bool | int | float):
        return "value.quote", {"input": shown}, loc
    if kind in ("list_type", "tuple_type", "set_type"):
        return "value.list", {}, loc
    if kind == "string_type":
        return "value.text", {}, loc
    if kind in ("bool_type", "bool_parsing"):
        return "value.bool", {}, loc
    return "value.invalid", {}, loc


def _misspelt(error: ErrorDetails, extras: list[tuple[tuple[str | int, ...], str]]) -> bool:
    """A missing field that an unknown field next to it is a misspelling of."""
    if error["type"] != "missing" or not error["loc"]:
        return False
    parent, name = error["loc"][:-1], str(error["loc"][-1])
    return any(at == parent and difflib.get_close_matches(extra, [name], n=1, cutoff=0.6) for at, extra in extras)


def errors_of(exc: ValidationError) -> list[ErrorDetails]:
    """Pydantic's errors in the order they are reported: an unknown field first (for a misspelt
    name such as 'titel' it carries the did-you-mean), without the 'title is missing' it causes."""
    errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
    extras = [(e["loc"][:-1], str(e["loc"][-1])) for e in errors if e["type"] == "extra_forbidden"]
    kept = [e for e in errors if not _misspelt(e, extras) and not _other_branch(e, errors)]
    return kept or errors  # a filter never hides the only problems there are


_RECORD_TYPES = ("model_type", "model_attributes_type", "dict_type")


def _other_branch(error: ErrorDetails, errors: list[ErrorDetails]) -> bool:
    """In a field of text or a record (`contracting_authority`), text that fails its own check
    also fails the record branch ("expects fields"); that second error would only mislead."""
    loc = error["loc"]
    return (
        error["type"] in _RECORD_TYPES
        and isinstance(error.get("input"), str)
        and len(loc) > 1
        and any(other["type"] not in _RECORD_TYPES and other["loc"][: len(loc) - 1] == loc[:-1] for other in errors)
    )


def problems(model: type[BaseModel], located: Located, what: str) -> list[ClausegenError]:
    """Every validation problem of `located` against `model`, each with file, line and key path."""
    try:
        model.model_validate(located.data)
    except ValidationError as exc:
        out = []
        for error in errors_of(exc):
            code, params, loc = code_of(error, model)
            line = located.line_of(loc)
            if error["type"] == "invalid_key":  # YAML `1: x`: the line map holds the key as written
                line = located.lines.get((*loc[:-1], str(loc[-1])), line)
            out.append(
                ClausegenError(code=code, params={"what": what, **params}, path=located.path, line=line, key=loc)
            )
        return out
    return []


def validate(model: type[BaseModel], located: Located, what: str) -> Any:
    """The validated model; else every problem (one: itself; several: `errors.Problems`)."""
    raise_all(problems(model, located, what))
    return model.model_validate(located.data)

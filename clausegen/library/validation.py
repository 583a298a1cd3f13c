"""Validation problems in words a buyer understands: pydantic's errors turned into
ClausegenErrors with the file, the line of the offending key, the field and the fix
(did-you-mean suggestions included)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import ClausegenError
from ..numbers import MESSAGES
from .yamlio import Located


def suggest(word: str, choices: Any) -> str:
    """' (did you mean 'x'?)' when one of the choices is close, else ''."""
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def _describe(error: ErrorDetails, model: type[BaseModel]) -> str:
    loc = ".".join(str(part) for part in error["loc"] if part not in ("function-after", "function-before"))
    kind = error["type"]
    if kind == "extra_forbidden":
        field = str(error["loc"][-1])
        parent = model
        known = list(parent.model_fields)
        for part in error["loc"][:-1]:
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
        shown = field if len(field) <= 60 else field[:50] + "…"
        return f"unknown field '{shown}'{suggest(field[:200], known) or '; allowed: ' + ', '.join(known)}"
    if kind == "missing":
        return f"{loc}: this field is required"
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        message += suggest(str(error.get("input")), choices)
    elif kind == "string_pattern_mismatch":
        message = _PATTERN_HELP.get(str(error.get("ctx", {}).get("pattern")), message)
    elif kind == "invalid_key":
        message = f"the field name {error['loc'][-1]!r} is not text; use a field name"
        loc = ".".join(str(part) for part in error["loc"][:-1])
    elif kind == "string_unicode":
        message = "contains a character a Word file cannot hold (a lone surrogate such as \\udc80); remove it"
    elif kind == "finite_number":
        message += " (.nan and .inf are not amounts)"
    elif kind in ("int_parsing", "int_type") and re.fullmatch(r"0[0-9]+", str(error.get("input"))):
        message = MESSAGES["leading_zero"].format(text=error["input"], fix=int(error["input"]))
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message += " (a whole number, e.g. 48)"
    elif kind in ("decimal_parsing", "decimal_type"):
        message += " (a number without € or thousands separators, e.g. 1500000 or 1500000.50)"
    elif kind == "decimal_max_places":
        message += " (amounts are in euros and cents)"
    elif kind.startswith(("date_", "datetime_")):
        message += " (write the date as YYYY-MM-DD, e.g. 2026-12-01)"
    elif kind == "string_type" and isinstance(error.get("input"), bool | int | float):
        message += " (put it in quotes; YAML reads yes/no/on/off as true/false and digits as numbers)"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = "Input should be a mapping of fields (key: value)"
    return f"{loc}: {message}" if loc else message


_PATTERN_HELP = {
    r"^[a-z0-9][a-z0-9-]*$": "use lowercase letters, digits and hyphens only (e.g. 'schoonmaak')",
    r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$": "a clause id is lowercase words joined by dots "
    "(e.g. 'monitoring.rapportage')",
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$": "a lot id uses letters, digits, '.', '_' and '-' only (e.g. 1 or A2)",
}
"""Pydantic's 'String should match pattern ...' in words a buyer understands."""


def _misspelt(error: ErrorDetails, extras: list[tuple[tuple[str | int, ...], str]]) -> bool:
    """A missing field that an unknown field next to it is a misspelling of."""
    if error["type"] != "missing" or not error["loc"]:
        return False
    parent, name = error["loc"][:-1], str(error["loc"][-1])
    return any(at == parent and difflib.get_close_matches(extra, [name], n=1, cutoff=0.6) for at, extra in extras)


def problems(model: type[BaseModel], located: Located, what: str) -> list[ClausegenError]:
    """Every validation problem of `located` against `model`, each with file and line."""
    try:
        model.model_validate(located.data)
    except ValidationError as exc:
        out = []
        # An unknown field first: for a misspelt name ('titel') it carries the did-you-mean,
        # and the 'title: this field is required' it causes is the same problem, so it goes.
        errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
        extras = [(e["loc"][:-1], str(e["loc"][-1])) for e in errors if e["type"] == "extra_forbidden"]
        errors = [e for e in errors if not _misspelt(e, extras)]
        for error in errors:
            loc = tuple(part for part in error["loc"] if not str(part).startswith("function-"))
            loc += getattr(error.get("ctx", {}).get("error"), "at", ())
            line = located.line_of(loc)
            if error["type"] == "invalid_key":  # YAML `1: x`: the line map holds the key as written
                line = located.lines.get((*loc[:-1], str(loc[-1])), line)
            out.append(ClausegenError(f"{what}: {_describe(error, model)}", path=located.path, line=line))
        return out
    return []


def validate(model: type[BaseModel], located: Located, what: str) -> Any:
    """The validated model, or the first problem as a ClausegenError."""
    found = problems(model, located, what)
    if found:
        raise found[0]
    return model.model_validate(located.data)

"""Validation messages next to the form field they are about: the same coded ClausegenErrors a
tender file gets (`library.validation`, `api.prepare_tender`), rendered by the same function
(`errors.render`), and placed by their key path (`value_eur`, `lots.1.id`) on the form field
that holds that key. No message text is searched or translated here. Messages about an uploaded
file (a tender, a manifest, a verantwoording) are shown whole, with the file's name and line, by
`shown`: every page of the web form renders a ClausegenError through this module."""

from __future__ import annotations

from collections.abc import Iterable

from ..catalog import message
from ..errors import ClausegenError, Key, Problems, render

FORM_CODES = {"field.missing": "form.missing"}
"""Errors whose fix differs in a form: a file misses a line ('add value_eur: ...'), a form an
entry in a field ('Vul dit veld in.')."""


def field_of(key: Key, where: dict[Key, str]) -> str | None:
    """The form field of a key path: the field of the key itself or of its nearest parent."""
    loc = tuple(key)
    while loc:
        if loc in where:
            return where[loc]
        loc = loc[:-1]
    return None


def form_message(error: ClausegenError) -> str:
    """The words of `error` as the form shows them (the CLI's words, a form's fix for a missing field)."""
    code = FORM_CODES.get(error.code or "")
    if code is None:
        text = render(error)
        if error.code is None and error.hint:  # a message not yet in the catalog carries its fix apart
            return f"{text} ({error.hint})"
        return text
    return render(ClausegenError(code=code, params=error.params, key=error.key))


def placed(errors: Iterable[ClausegenError], where: dict[Key, str]) -> list[tuple[str | None, str]]:
    """Each error as (form field or None for the summary only, message); several problems of
    one check (`errors.Problems`) are placed one by one."""
    out = []
    for error in errors:
        for one in getattr(error, "problems", [error]):
            out.append((field_of(one.key, where), form_message(one)))
    return out


def shown(error: ClausegenError) -> list[str]:
    """An error as a page shows it: `file:line: key.path: message`, one line per problem (a
    `Problems` of one file at most `errors.max_reported()` of them, then "en nog N"), exactly as
    the CLI prints it without its "Error: "."""
    lines: list[str] = error.lines() if isinstance(error, Problems) else [str(error)]
    return lines


def text(code: str, **params: object) -> str:
    """A message of the web form's own (`web.*`), in the current language."""
    return message(code, params)

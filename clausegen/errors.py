"""One error type for everything a user can get wrong: it names the file, the line and the fix.

An error is data: a stable `code` (`file.not-regular`), the file, the line, the key path inside
the file and the parameters of the message. Its words come from the catalog of the current
language (`clausegen.catalog`, Dutch by default), rendered by one function, `render`, so the
CLI and the web form say the same thing. Errors raised with a plain message string (older
modules) keep working: their text is shown as it is."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

MAX_REPORTED = 20
"""At most this many problems of one file are shown, then one line "en nog N". Override with the
environment variable CLAUSEGEN_MAX_ERRORS (a whole number of at least 1); docs/foutmeldingen.md."""

Key = tuple[str | int, ...]


def printable(text: str) -> str:
    """Text safe for a terminal: control characters (ESC, BEL, newline, C1, bidi overrides, lone
    surrogates) shown as escapes such as `\\x1b`, so a file cannot drive the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def max_reported() -> int:
    """The limit on problems shown per file: CLAUSEGEN_MAX_ERRORS, else `MAX_REPORTED`."""
    raw = os.environ.get("CLAUSEGEN_MAX_ERRORS", "").strip()
    return int(raw) if raw.isdigit() and int(raw) >= 1 else MAX_REPORTED


class ClausegenError(Exception):
    """Bad input or a bad library; the CLI prints it on one line and exits 2.

    New code raises `ClausegenError(code="file.not-regular", params={...}, path=..., line=...,
    key=(...))`; a first positional argument is a ready message (kept for modules not yet
    converted)."""

    exit_code = 2

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
        path: str | Path | None = None,
        line: int | None = None,
        key: Sequence[str | int] | None = None,
        hint: str | None = None,
    ) -> None:
        if message is None and code is None:
            raise TypeError("ClausegenError needs a code or a message")
        self.code = code
        self.params: dict[str, Any] = dict(params or {})
        self.text = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.key: Key = tuple(key or ())
        self.hint = hint
        super().__init__(message if message is not None else code)

    @property
    def message(self) -> str:
        """The message in the current language, without file, line or key path."""
        return render(self)

    def keyed(self) -> str:
        """`key.path: message` (or just the message): the error without its file, for a page
        that already says which file it is about."""
        text = self.message
        if self.key and self.code is not None:
            parts = (str(part) if len(str(part)) <= 60 else str(part)[:50] + "…" for part in self.key)
            text = f"{'.'.join(parts)}: {text}"
        return text

    def location(self) -> str:
        """`path:line` (or just the path) for messages, empty when unknown."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        text = self.keyed()
        where = self.location()
        if where:
            text = f"{where}: {text}"
        if self.hint:
            text = f"{text} ({self.hint})"
        return printable(text)


def render(error: ClausegenError, lang: str | None = None) -> str:
    """The words of `error` in `lang` (default: the current language): the one renderer the CLI,
    the web form and batch share."""
    if error.code is None:
        return error.text or ""
    from .catalog import message

    return message(error.code, error.params, lang)


class Problems(ClausegenError):
    """Every problem of one file (or one check): printed one per line, at most `max_reported()`
    of them, then "en nog N". Its own code, line and message are the first problem's."""

    def __init__(self, found: Iterable[ClausegenError]) -> None:
        self.problems = list(found)
        if not self.problems:
            raise ValueError("Problems needs at least one problem")
        first = self.problems[0]
        super().__init__(
            first.text, code=first.code, params=first.params, path=first.path, line=first.line, key=first.key
        )
        self.hint = first.hint

    def lines(self) -> list[str]:
        """One line per problem shown, and the "en nog N" line when there are more."""
        limit = max_reported()
        shown = [ClausegenError.__str__(problem) for problem in self.problems[:limit]]
        left = len(self.problems) - limit
        if left > 0:
            from .catalog import message

            shown.append(message("errors.more", {"count": left}))
        return shown

    def __str__(self) -> str:
        return "\n".join(self.lines())


def raise_all(found: Sequence[ClausegenError]) -> None:
    """Raise nothing for no problems, the problem itself for one, `Problems` for several."""
    if len(found) == 1:
        raise found[0]
    if found:
        raise Problems(found)


class Invalid(ValueError):
    """A value a model refuses, with a catalog code and parameters: raised inside pydantic
    validators and number readers, turned into a ClausegenError at the field's line by
    `library.validation`. `at` is the key path below the field (`bands.2.up_to`), if any."""

    def __init__(self, code: str, at: Sequence[str | int] = (), **params: Any) -> None:
        self.code = code
        self.params = params
        self.at = tuple(at)
        from .catalog import message

        super().__init__(message(code, params))


class OutputExistsError(ClausegenError):
    """An output file is already there and `--force` was not given."""

"""The words of clausegen's messages, one gettext catalog per language (Babel's machinery):
`clausegen/locale/<lang>/LC_MESSAGES/clausegen.po`, compiled to the `.mo` next to it by
`python -m clausegen.catalog` (the compiled files are committed and shipped in the wheel; a
test checks they match the `.po`). A message id is an error code (`file.not-regular`); its
text is a `str.format` template over the error's parameters. Dutch is the default; English is
chosen with `clausegen --lang en` or CLAUSEGEN_LANG=en. See docs/foutmeldingen.md."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "clausegen"
DEFAULT = "nl"
LANGUAGES = ("nl", "en")
"""The languages with a catalog; the first is the default."""

_BABEL_LOCALE = {"nl": "nl_NL", "en": "en_GB"}
_GROUPED = frozenset({"size", "limit", "count_values"})
"""Whole-number parameters shown with thousands separators (sizes, limits); other numbers
(lines, years, counts) are shown as they are."""

_AMOUNTS = frozenset({"given", "total", "amount"})
"""Decimal parameters shown as Dutch (or English) amounts, `2.400.000`; other numbers are shown
as a file writes them (`200000`), so a message never suggests a form the file refuses."""
_WORDS = frozenset({"what", "kind"})
"""Parameters whose value is itself a word of the catalog: `what="tender"` is shown as the
catalog's `what.tender` ("aanbestedingsbestand"), `kind="fifo"` as `kind.fifo`."""

_chosen: str | None = None


def set_language(lang: str | None) -> None:
    """Choose the language of messages for this process (None: CLAUSEGEN_LANG, else Dutch)."""
    global _chosen
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _chosen = lang


def language() -> str:
    """The current language: `set_language`'s choice, else CLAUSEGEN_LANG, else Dutch."""
    if _chosen is not None:
        return _chosen
    wanted = os.environ.get("CLAUSEGEN_LANG", "").strip().lower().split("_")[0]
    return wanted if wanted in LANGUAGES else DEFAULT


@cache
def _translations(lang: str) -> Any:
    from babel.support import Translations

    return Translations.load(str(LOCALE_DIR), [lang], DOMAIN)


def has(code: str, lang: str) -> bool:
    """Whether the catalog of `lang` holds `code`."""
    text: str = _translations(lang).gettext(code)
    return text != code


class _Count(str):
    """A whole number as a message shows it, which can also choose its noun: in a catalog text
    `{n:p:waardetabel:waardetabellen}` gives "1 waardetabel" or "2 waardetabellen"."""

    number: int

    def __new__(cls, text: str, number: int) -> _Count:
        shown = super().__new__(cls, text)
        shown.number = number
        return shown

    def __format__(self, spec: str) -> str:
        if spec.startswith("p:"):
            one, _, many = spec[2:].partition(":")
            return f"{self} {one if self.number == 1 else many}"
        return format(str(self), spec)


def _shown(name: str, value: Any, lang: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return _Count(_shown_text(name, value, lang), value)
    return _shown_text(name, value, lang)


def _shown_text(name: str, value: Any, lang: str) -> str:
    from babel.numbers import format_decimal

    nested = getattr(value, "code", None)
    if isinstance(nested, str) and isinstance(getattr(value, "params", None), dict):
        # a coded ClausegenError inside another (a clause's problem, a word of the catalog): its own
        # words in the same language; read by duck type, as errors.py imports this module
        return message(nested, value.params, lang)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Decimal) and value.is_finite() and name in _AMOUNTS:
        return format_decimal(value, format="#,##0.##", locale=_BABEL_LOCALE[lang])
    if isinstance(value, int) and name in _GROUPED:
        return format_decimal(value, format="#,##0", locale=_BABEL_LOCALE[lang])
    if isinstance(value, datetime.date):
        return value.isoformat()
    if name == "suggestion":  # a did-you-mean, or nothing
        return f" ({message('hint.did-you-mean', {'close': value}, lang)})" if value else ""
    if name in _WORDS and isinstance(value, str) and has(f"{name}.{value}", lang):
        return str(_translations(lang).gettext(f"{name}.{value}"))
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


class _Params(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def message(code: str, params: Mapping[str, Any] | None = None, lang: str | None = None) -> str:
    """The text of `code` in `lang` (default: the current language) with `params` filled in;
    a code missing from that catalog falls back to Dutch, then to the code and its parameters."""
    lang = lang or language()
    params = params or {}
    for candidate in (lang, DEFAULT):
        if has(code, candidate):
            template = str(_translations(candidate).gettext(code))
            values = _Params({name: _shown(name, value, candidate) for name, value in params.items()})
            return template.format_map(values)
    shown = ", ".join(f"{name}={value!r}" for name, value in params.items())
    return f"{code} ({shown})" if shown else code


def compile_catalogs() -> list[Path]:
    """Compile every `clausegen.po` to its `clausegen.mo` (deterministic output); the written paths."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parts[-3])
        mo = po.with_suffix(".mo")
        with mo.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo)
    _translations.cache_clear()
    return written


if __name__ == "__main__":
    for path in compile_catalogs():
        print(message("status.wrote", {"path": path}))

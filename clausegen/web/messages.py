"""Validation messages in Dutch, next to the form field they are about: built from the same
pydantic errors and ClausegenErrors that a tender file gets, mapped to the form's fields."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_decimal
from pydantic_core import ErrorDetails

from ..errors import ClausegenError


def _amount(value: Decimal) -> str:
    return format_decimal(value, format="#,##0.##", locale="nl_NL")


def field_in(message: str) -> str | None:
    for name in ("labour_share", "target_groups", "category", "value_eur", "duration_months"):
        if name in message:
            return name
    return None


_VALUE_ERRORS = (
    (r"contains the control character (U\+[0-9A-F]{4})", "Bevat een stuurteken ({0}); verwijder het."),
    (r"contains the character (U\+[0-9A-F]{4})", "Bevat het teken {0}, dat een Word-bestand niet kan bevatten."),
    (r"must contain letters or digits", "Moet letters of cijfers bevatten (het kenmerk staat in de bestandsnamen)."),
)


def dutch_error(
    error: ErrorDetails, loc: tuple[str | int, ...], where: dict[tuple[str | int, ...], str]
) -> tuple[str | None, str]:
    """A pydantic error on the tender's data as (form field, Dutch message)."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    message = str(error.get("msg", ""))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    name = _nearest(loc, where)
    key = "lot." + str(loc[-1]) if loc[:1] == ("lots",) and len(loc) == 3 else (str(loc[0]) if loc else "")

    if not loc:  # the tender's own checks (lots against value_eur)
        if "value_eur is required" in message:
            return "value_eur", "Vul de geraamde waarde in, of voeg percelen toe."
        match = re.search(r"'([^']*)' is used more than once", message)
        if match:
            return (
                "lots",
                f"Perceelnummer '{match.group(1)}' komt meer dan eens voor; geef elk perceel een eigen nummer.",
            )
        match = re.search(r"\(([\d.]+)\) must equal the sum of the lots' value_eur \(([\d.]+)\)", message)
        if match:
            given, total = (_amount(Decimal(g)) for g in match.groups())
            return "value_eur", (
                f"De geraamde waarde (€ {given}) is niet gelijk aan de som van de percelen (€ {total}); "
                "pas een van beide aan of laat de geraamde waarde leeg."
            )
        return None, message
    if kind == "missing":
        return name, "Vul dit veld in."
    if kind == "value_error" and key in ("value_eur", "lot.value_eur", "labour_share"):
        # numbers.read_amount speaks of the text as a file gives it; the form says what to type
        if key == "labour_share":
            return name, "Vul een percentage tussen 0 en 100 in, bijvoorbeeld 60."
        if "meer dan twee decimalen" in message:
            return name, "Ten hoogste twee cijfers achter de komma (hele centen)."
        if "is geen bedrag" in message:
            return name, "Vul een bedrag in euro's in, bijvoorbeeld 2.400.000 of 1.250.000,50."
    if kind == "value_error":
        for pattern, dutch in _VALUE_ERRORS:
            match = re.search(pattern, message)
            if match:
                return name, dutch.format(*match.groups())
        return name, message
    if kind in ("string_too_short",):
        return name, "Vul dit veld in."
    if kind == "string_too_long":
        return name, f"Te lang: ten hoogste {ctx.get('max_length')} tekens."
    if kind == "string_pattern_mismatch":
        if key == "category":
            return name, "Kies een categorie uit de lijst."
        if key == "lot.id":
            return (
                name,
                "Gebruik letters, cijfers, punt of streepje (ten hoogste 20 tekens), te beginnen met een letter of cijfer.",
            )
        if key == "target_groups":
            return name, "Kies doelgroepen uit de lijst."
        return name, "Dit veld bevat tekens die niet zijn toegestaan."
    if kind == "literal_error":
        return name, "Kies overeenkomst of raamovereenkomst."
    if key == "labour_share":
        return name, "Vul een percentage tussen 0 en 100 in, bijvoorbeeld 60."
    if key in ("value_eur", "lot.value_eur"):
        if kind == "greater_than":
            return name, "Het bedrag moet groter zijn dan nul."
        if kind == "decimal_max_places":
            return name, "Ten hoogste twee cijfers achter de komma (hele centen)."
        if kind in ("decimal_max_digits", "decimal_whole_digits"):
            return name, "Dit bedrag is te groot."
        return name, "Vul een bedrag in euro's in, bijvoorbeeld 2.400.000 of 1.250.000,50."
    if key == "duration_months":
        if kind == "greater_than":
            return name, "De looptijd is ten minste 1 maand."
        if kind == "less_than_equal":
            return name, f"De looptijd is ten hoogste {ctx.get('le')} maanden."
        return name, "Vul een heel aantal maanden in, bijvoorbeeld 48."
    if key == "publication_date":
        return name, "Vul een bestaande datum in (dag-maand-jaar)."
    if key == "lots" and kind == "too_long":
        return name, f"Ten hoogste {ctx.get('max_length')} percelen."
    return name, message


def _nearest(loc: tuple[str | int, ...], where: dict[tuple[str | int, ...], str]) -> str | None:
    while loc:
        if loc in where:
            return where[loc]
        loc = loc[:-1]
    return None


def dutch_api_error(exc: ClausegenError) -> str:
    """An error the API raised for a valid tender (profile, target groups, loonsom) in Dutch."""
    text = exc.message
    match = re.search(r"category '([^']*)' has no profile", text)
    if match:
        return f"Er is geen profiel voor categorie '{match.group(1)}'; kies een categorie uit de lijst."
    match = re.search(r"target group '([^']*)' is not one of profile '([^']*)'s groups", text)
    if match:
        return f"Doelgroep '{match.group(1)}' hoort niet bij het profiel '{match.group(2)}'; kies uit de lijst."
    if "basis: loonsom" in text:
        return "Deze categorie rekent de verplichting over de loonsom: vul het arbeidsaandeel in."
    return str(exc)

"""The warning for a contractor that is a partnership without its partners named (lawyer6 MINOR-10).

Each partner of a V.O.F. is jointly and severally liable for the partnership's obligations
(art. 18 WvK), as is each managing partner of a C.V. (art. 19 WvK); the partners of a maatschap
are the parties to its contracts themselves (art. 7A:1655 BW). The award file names them in
`contractor.partners`, and Article 1 of the contract then names each as a party. The award has no
legal-form field, so the form is read from the contractor's name."""

from __future__ import annotations

import re

from ..catalog import message
from ..model import Profile
from .model import AwardContract, starts_lower

_FORMS: tuple[tuple[str, str], ...] = (
    (r"v\.\s?o\.\s?f\.?|vof|vennootschap onder firma", "vennootschap onder firma (V.O.F.)"),
    (r"c\.\s?v\.?|cv|commanditaire vennootschap", "commanditaire vennootschap (C.V.)"),
    (r"maatschap", "maatschap"),
)
"""A legal form as a whole word of the name ("Combinatie N457 V.O.F.", not "CV-techniek"), and its name."""


def partnership_form(name: str) -> str | None:
    """The partnership the contractor's name shows it to be, or None."""
    for pattern, form in _FORMS:
        if re.search(rf"(?<![\w.-])(?:{pattern})(?![\w-])", name, re.IGNORECASE):
            return form
    return None


def partners_warning(contract: AwardContract, profile: Profile) -> str | None:
    """The warning where the contractor is a partnership by its name and the award names no partners."""
    form = partnership_form(contract.contractor.name)
    if form is None or contract.contractor.partners:
        return None
    party = "Aannemer" if profile.kind == "werken" else "Opdrachtnemer"
    return message("warning.partners-missing", {"party": party, "name": contract.contractor.name, "form": form})


def signatory_warnings(contract: AwardContract) -> list[str]:
    """A signatory that starts with a lower-case word that is no part of a surname or a title:
    perhaps a function that YAML split off its name at a comma (fifteenth reading I MINOR-9, J
    MINOR-10; a signatory that starts with a function word is refused in `model`)."""
    return [
        message("warning.signatory-lower-case", {"given": name})
        for name in contract.contractor.signatories or ()
        if starts_lower(name)
    ]

"""Warnings about the parties and the legal bases a tender leaves open, printed by `explain`.

Two gaps make a signed annex weaker without making it wrong, so they warn and do not refuse:

- no `legal_entity` for the contracting authority (lawyer m-8). A ministry, a directorate or a
  service is no legal person; the annex must name the one that is bound. For "Ministerie van ..."
  clausegen prints "De Staat der Nederlanden (Ministerie van ...)" (model.implied_legal_entity);
  a name that is itself a public legal person (art. 2:1 BW: a gemeente, provincie, waterschap or
  the Staat) needs nothing; any other name is printed as given and `explain` asks for the field.
- no `public_task_basis` in the tender (lawyer n-11). The buyer's processing rests on a task of
  public interest laid down by law (art. 6 lid 1 onder e and lid 3 AVG); the profile's default
  text names no statute that sets such a task for every kind of authority.

See docs/juridische-toets-minors.md for the rule and the wording."""

from __future__ import annotations

from ..model import ContractingAuthority, Tender, implied_legal_entity
from ..rules import Plan

LEGAL_PERSON_PREFIXES = (
    "de staat der nederlanden",
    "staat der nederlanden",
    "gemeente ",
    "provincie ",
    "waterschap ",
    "hoogheemraadschap ",
)
"""Names that are themselves a public legal person (art. 2:1 BW), lower case."""


def legal_entity_warning(tender: Tender) -> str | None:
    """The warning when the tender names no `legal_entity` and the name is no legal person."""
    authority = tender.contracting_authority
    if isinstance(authority, ContractingAuthority):
        if authority.legal_entity:
            return None
        name = authority.name
    else:
        name = authority
    if name.strip().lower().startswith(LEGAL_PERSON_PREFIXES):
        return None
    return (
        "Waarschuwing partij: legal_entity ontbreekt; de bijlage noemt als Opdrachtgever "
        f"'{implied_legal_entity(name)}'. Een ministerie, dienst of directie is geen rechtspersoon: geef "
        "contracting_authority als {name, legal_entity, represented_by} voordat de overeenkomsten "
        "worden getekend, bijvoorbeeld met legal_entity: De Staat der Nederlanden (Ministerie van ...)."
    )


def public_task_warning(plan: Plan, tender: Tender) -> str | None:
    """The warning when the tender gives no `public_task_basis` while its annex processes
    personal data (every tender with an obligation)."""
    if tender.public_task_basis or not plan.obligation_lots:
        return None
    return (
        "Waarschuwing grondslag: grondslag publieke taak ontbreekt (artikel 6 lid 3 AVG); vul "
        "public_task_basis in de aanbesteding in (de wettelijke taak van de aanbestedende dienst, "
        "bijvoorbeeld voor de Staat de Comptabiliteitswet 2016, door de juridische afdeling bevestigd)."
    )


def party_warnings(plan: Plan, tender: Tender) -> list[str]:
    """The warnings of this module that apply, in a fixed order."""
    found = (legal_entity_warning(tender), public_task_warning(plan, tender))
    return [warning for warning in found if warning]

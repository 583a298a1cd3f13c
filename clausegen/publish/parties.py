"""Warnings about the parties and the legal bases a tender leaves open, printed by `explain`.

Two gaps make a signed annex weaker without making it wrong, so they warn and do not refuse:

- no `legal_entity` or no `represented_by` for the contracting authority (lawyer m-8, lawyer4
  MINOR-7; `contract` gives the same warning before signature). A ministry, a directorate or a
  service is no legal person; the annex must name the one that is bound. For "Ministerie van ..."
  clausegen prints "De Staat der Nederlanden (Ministerie van ...)" (model.implied_legal_entity);
  a name that is itself a public legal person (art. 2:1 BW: a gemeente, provincie, waterschap or
  the Staat) needs nothing; any other name is printed as given and `explain` asks for the field.
- a `represented_by` of a gemeente, provincie or waterschap that is not the one who represents it
  by law (eleventh reading A MINOR-9): the burgemeester (art. 171 Gemeentewet), the commissaris
  van de Koning (art. 176 Provinciewet) or the voorzitter, the dijkgraaf (art. 95 Waterschapswet).
  The college van burgemeester en wethouders, Gedeputeerde Staten or the dagelijks bestuur decide
  to contract; whoever signs for the legal person other than its representative needs a volmacht
  from him. A `represented_by` that names the representative or a volmacht does not warn.
- no `public_task_basis` in the tender (lawyer n-11). The buyer's processing rests on a task of
  public interest laid down by law (art. 6 lid 1 onder e and lid 3 AVG). The default text names
  the statute of a gemeente, provincie, waterschap or the State (documents/public_task.py, lawyer5
  MINOR-11); the legal department still confirms the provision, so `explain` asks for the field.

See docs/juridische-toets-minors.md for the rule and the wording."""

from __future__ import annotations

from ..documents.public_task import authority_kind, falls_back
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

REPRESENTATIVES: dict[str, tuple[str, ...]] = {
    "gemeente": ("burgemeester",),
    "provincie": ("commissaris van de koning", "commissaris der koning", "gouverneur"),
    "waterschap": ("dijkgraaf", "watergraaf", "voorzitter"),
}
"""Per kind of public legal person, the words (lower case) that name who represents it by law:
art. 171 Gemeentewet, art. 176 Provinciewet (in Limburg called the gouverneur), art. 95
Waterschapswet."""

BODIES = ("burgemeester en wethouders", "burgemeester en wethouder")
"""Bodies whose name holds a representative's word without being him: the college of a gemeente."""

AUTHORISED = ("volmacht", "gemachtigd", "machtiging", "mandaat", "gemandateerd")
"""Words (lower case) by which `represented_by` says its signatory acts on a volmacht."""


def authority_warning(tender: Tender) -> str | None:
    """What the tender leaves open about the contracting authority as a party, without prefix, in
    the current language; None when the annex can name the bound legal person and its signatory.

    One rule for `explain` (before publication) and `contract` (before signature, lawyer4 MINOR-7):
    no `legal_entity` while the name is no legal person (a ministry, service or directorate)
    warns that both the legal person and the representative are missing; a name that is itself a
    legal person, or a given `legal_entity`, without `represented_by` warns that the signature
    block stays open. A plain-string authority never names a representative, so it always warns.
    A gemeente, provincie or waterschap whose `represented_by` names neither its representative by
    law nor a volmacht warns that the volmacht is to be stated (eleventh reading A MINOR-9)."""
    from ..catalog import message

    authority = tender.contracting_authority
    if isinstance(authority, ContractingAuthority):
        name, entity, representative = authority.name, authority.legal_entity, authority.represented_by
    else:
        name, entity, representative = authority, None, None
    if not entity and not name.strip().lower().startswith(LEGAL_PERSON_PREFIXES):
        return message("warning.party-no-legal-entity", {"entity": implied_legal_entity(name)})
    if not representative:
        return message("warning.party-no-representative", {"entity": entity or implied_legal_entity(name)})
    kind = authority_kind(tender)
    if kind in REPRESENTATIVES and not _represents(kind, representative):
        return message(
            f"warning.party-representative-{kind}",
            {"entity": entity or implied_legal_entity(name), "representative": representative.strip()},
        )
    return None


def _represents(kind: str, representative: str) -> bool:
    """Whether `represented_by` names the one who represents a legal person of this kind by law,
    or a volmacht: "de burgemeester, namens deze ..." and "..., krachtens volmacht van de
    burgemeester" do; "het college van burgemeester en wethouders, namens dezen ...", "Gedeputeerde
    Staten" or "de wethouder Financiën" do not."""
    text = " ".join(representative.lower().split())
    if any(word in text for word in AUTHORISED):
        return True
    for body in BODIES:
        text = text.replace(body, "")
    return any(word in text for word in REPRESENTATIVES[kind])


def legal_entity_warning(tender: Tender) -> str | None:
    """`authority_warning` as `explain` lists it, with its prefix ("Waarschuwing partij: ...")."""
    from ..catalog import message

    text = authority_warning(tender)
    return message("warning.party", {"text": text}) if text else None


def public_task_warning(plan: Plan, tender: Tender) -> str | None:
    """`explain`'s line for `public_task_text`."""
    text = public_task_text(plan, tender)
    return f"Waarschuwing grondslag: {text}" if text else None


def public_task_text(plan: Plan, tender: Tender) -> str | None:
    """The warning when the annex, which processes personal data (every tender with an obligation),
    names no statutory task of the authority: only where documents/public_task.py falls back to its
    general text, not where the tender, the profile or `public_task_statutes` names it (lawyer6 MINOR-8)."""
    if not plan.obligation_lots or not falls_back(tender, plan.settings):
        return None
    return (
        "grondslag publieke taak ontbreekt (artikel 6 lid 3 AVG); vul "
        "public_task_basis in de aanbesteding in (de wettelijke taak van de aanbestedende dienst, "
        "bijvoorbeeld voor de Staat de Comptabiliteitswet 2016, door de juridische afdeling bevestigd)."
    )


def party_warnings(plan: Plan, tender: Tender) -> list[str]:
    """The warnings of this module that apply, in a fixed order."""
    found = (legal_entity_warning(tender), public_task_warning(plan, tender))
    return [warning for warning in found if warning]

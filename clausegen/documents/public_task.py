"""The statutory task behind the buyer's processing of personal data (art. 6(1)(e) with 6(3) AVG),
as the privacy article and the memo print it after "in samenhang met" (lawyer5 MINOR-11).

Art. 2.80 Aw 2012 permits special execution conditions; it assigns the buyer no task. The task
of managing public money lawfully and efficiently lies in the authority's own statute. The rule:

1. the tender's `public_task_basis`, where given, as it is;
2. else a `public_task_basis` the profile sets, as it is;
3. else the default text with "(<statute>, in het bijzonder de regels over het financieel
   beheer)" after the task of managing public money, where the statute follows from the kind of the contracting authority's
   legal person: a name beginning with "Gemeente", "Provincie", "Waterschap" or
   "Hoogheemraadschap", or "De Staat der Nederlanden" (a ministry becomes the State,
   model.implied_legal_entity); the statute per kind is the setting `public_task_statutes`;
4. else (an authority of another kind, such as an agency or a joint arrangement) the default
   text alone; `explain` then asks for `public_task_basis` (publish/parties.py)."""

from __future__ import annotations

from ..model import PUBLIC_TASK, PUBLIC_TASK_CONTROL, AuthorityKind, Settings, Tender, authority_data

KIND_PREFIXES: tuple[tuple[str, AuthorityKind], ...] = (
    ("gemeente ", "gemeente"),
    ("provincie ", "provincie"),
    ("waterschap ", "waterschap"),
    ("hoogheemraadschap ", "waterschap"),
    ("de staat der nederlanden", "rijk"),
    ("staat der nederlanden", "rijk"),
)
"""How the legal person's name shows its kind (lower case, at the start of the name)."""


def authority_kind(tender: Tender) -> AuthorityKind | None:
    """The kind of the legal person that contracts, where its name shows it; else None."""
    entity = (authority_data(tender)["legal_entity"] or "").strip().lower()
    for prefix, kind in KIND_PREFIXES:
        if entity.startswith(prefix):
            return kind
    return None


def _statute(tender: Tender, settings: Settings) -> str | None:
    """The statute of the authority's kind from the setting `public_task_statutes` (rule 3), if any."""
    kind = authority_kind(tender)
    return settings.public_task_statutes.get(kind) if kind else None


def falls_back(tender: Tender, settings: Settings) -> bool:
    """Whether the documents print the general text alone (rule 4): neither the tender nor the
    profile gives a `public_task_basis`, and no statute follows from the authority's kind."""
    given = tender.public_task_basis or "public_task_basis" in settings.model_fields_set
    return not given and not _statute(tender, settings)


def public_task_basis(tender: Tender, settings: Settings) -> str:
    """The statutory task printed after "in samenhang met" (rule in the module docstring)."""
    if tender.public_task_basis:
        return tender.public_task_basis
    if "public_task_basis" in settings.model_fields_set:
        return settings.public_task_basis
    statute = _statute(tender, settings)
    if not statute:
        return settings.public_task_basis
    return f"{PUBLIC_TASK} ({statute}, in het bijzonder de regels over het financieel beheer) {PUBLIC_TASK_CONTROL}"

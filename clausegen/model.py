"""Typed records for the files people edit (tender, clause, profile, value table, target
groups). Validation happens here, before anything is rendered; the JSON Schemas come from the
same models."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .errors import Invalid
from .kinds import (  # noqa: F401 - declared once in kinds, named here for the models' readers
    BAND_INSTRUMENTS,
    DOCUMENT_KINDS,
    INSTRUMENTS,
    BandInstrument,
    DocumentKind,
    Instrument,
)
from .numbers import AMOUNT_PATTERN, money_value, number_value


def _id_text(value: Any) -> Any:
    """Lot and clause ids may be written as numbers in YAML; they are names, so keep them text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    return value


_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000\ue001\ufffe\uffff]")
"""Every character `_no_control_chars` refuses, so that a text without one is passed by one
regex search instead of a Python loop over its characters (a library holds some 1,800 texts:
the loop was most of validating it)."""


def _no_control_chars(value: str) -> str:
    """Characters XML 1.0 forbids (and other C0 controls) never reach a document."""
    if _REFUSED.search(value) is None:
        return value
    for ch in value:  # the first refused character, named as before
        if ord(ch) < 32 and ch not in "\n\t":
            raise Invalid("text.control-character", char=f"U+{ord(ch):04X}")
        if 0xD800 <= ord(ch) <= 0xDFFF or ch in "\ufffe\uffff":
            raise Invalid("text.not-in-word", char=f"U+{ord(ch):04X}")
        if ch in "\ue000\ue001" or 0x7F <= ord(ch) <= 0x9F:
            raise Invalid("text.marker", char=f"U+{ord(ch):04X}")
    return value


def _safe_texts(value: Any) -> Any:
    """Every text inside a field (also in lists and mappings) passes `_no_control_chars`."""
    if isinstance(value, str):
        _no_control_chars(value)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _safe_texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _safe_texts(key)
            _safe_texts(item)
    return value


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
ClauseId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$", max_length=120)]
LotId = Annotated[
    str,
    BeforeValidator(_id_text),
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=20),
    # YAML `id: 1` is a number; the schema must accept what the model accepts
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*$", "maxLength": 20},
                {"type": "integer", "minimum": 0},
            ]
        }  # fmt: skip
    ),
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), AfterValidator(_no_control_chars)
]
Money = Annotated[
    Decimal,
    BeforeValidator(money_value),
    Field(gt=0, max_digits=15, decimal_places=2, allow_inf_nan=False),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "exclusiveMinimum": 0},
                {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.01},
                {"type": "string", "pattern": AMOUNT_PATTERN},
            ]
        }  # fmt: skip
    ),
]
"""Euros: an integer or a decimal with at most two decimals (clausegen/numbers.py reads it)."""
_NUMBER_SCHEMA = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^(0|[1-9][0-9]*)(\.[0-9]+)?$"}]}
Percent = Annotated[
    Decimal, BeforeValidator(number_value), Field(gt=0, le=100, allow_inf_nan=False), WithJsonSchema(_NUMBER_SCHEMA)
]
Share = Annotated[
    Decimal, BeforeValidator(number_value), Field(ge=0, le=1, allow_inf_nan=False), WithJsonSchema(_NUMBER_SCHEMA)
]

_STRICT = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class StrictModel(BaseModel):
    """Base of every file model: unknown fields are refused, records are frozen, and no text in
    any field holds a character XML forbids, a control character or clausegen's markers."""

    model_config = _STRICT

    @field_validator("*", mode="after")
    @classmethod
    def _safe_text_fields(cls, value: Any) -> Any:
        return _safe_texts(value)


class ValueAt(Invalid):
    """A validation error about one item inside the field (e.g. `bands.2.up_to`), so the
    message can point at that item's line rather than at the field's."""

    def __init__(self, code: str, at: tuple[str | int, ...], **params: Any) -> None:
        super().__init__(code, at, **params)


# ---------------------------------------------------------------------------------- tender


class TenderLot(StrictModel):
    id: LotId
    title: Text
    value_eur: Money


class ContractingAuthority(StrictModel):
    """The contracting authority as a party: its name, the legal entity that signs (a ministry or
    a category team is not a legal person) and who represents it (DESIGN.md §7)."""

    name: Text
    legal_entity: Text | None = None
    represented_by: Text | None = None

    def __str__(self) -> str:
        """Printed in a clause (`{{ tender.contracting_authority }}`): the party that is bound."""
        return self.legal_entity or implied_legal_entity(self.name)


def authority_name(authority: str | ContractingAuthority) -> str:
    """The contracting authority's name, whether the tender gives a string or a mapping."""
    return authority if isinstance(authority, str) else authority.name


def obligation_threshold(profile: Profile) -> Decimal | None:
    """The value up to which the profile imposes no obligation (the up_to of the band before the
    first band with instruments); None where the first band already has an obligation."""
    previous = None
    for band in profile.bands:
        if band.instruments:
            return previous
        previous = band.up_to
    return None


MINISTRY_PREFIX = "ministerie van "
STATE = "De Staat der Nederlanden"


def implied_legal_entity(name: str) -> str:
    """The legal person behind a name given without `legal_entity` (lawyer m-8): a ministry is no
    legal person but part of the State (art. 2:1 BW), so "Ministerie van X" becomes "De Staat der
    Nederlanden (Ministerie van X)"; any other name is printed as given (docs/juridische-toets-minors.md)."""
    if name.strip().lower().startswith(MINISTRY_PREFIX):
        return f"{STATE} ({name.strip()})"
    return name


def party_name(legal_entity: str, name: str) -> str:
    """The Opdrachtgever as Article 1 names it: the legal entity, with the name it acts under where
    that name adds something. A name the entity already contains adds nothing; beside an entity
    with brackets of its own ("De Staat der Nederlanden (Ministerie van ...)") it follows as
    "handelend onder de naam"; a name that starts with the entity ("Gemeente Zwolle, team Inkoop"
    beside "Gemeente Zwolle") adds only its remainder in brackets, so the entity is not named twice
    (fourteenth reading G TAAL-1, H TAAL-3)."""
    if name in legal_entity:
        return legal_entity
    if "(" in legal_entity:
        return f"{legal_entity}, handelend onder de naam {name}"
    if name.lower().startswith(legal_entity.lower()):
        rest = name[len(legal_entity) :].strip(" ,;:-–")
        return f"{legal_entity} ({rest})" if rest else legal_entity
    return f"{legal_entity} ({name})"


def authority_data(tender: Tender) -> dict[str, str | None]:
    """The contracting authority as plain data for the clause context: name, legal entity (where
    the tender gives none, the one `implied_legal_entity` derives from the name), the party as
    Article 1 names it (`party_name`) and representative (None where the tender gives none)."""
    authority = tender.contracting_authority
    if isinstance(authority, ContractingAuthority):
        name, representative = authority.name, authority.represented_by
        entity = authority.legal_entity or implied_legal_entity(authority.name)
    else:
        name, representative, entity = authority, None, implied_legal_entity(authority)
    return {
        "name": name,
        "legal_entity": entity,
        "party": party_name(entity, name),
        "represented_by": representative,
    }


def own_afnemers(tender: Tender) -> tuple[str, ...]:
    """The names under `afnemers` that are the contracting authority itself: equal, after trimming
    and case-insensitively, to its name or its legal entity (`authority_data`, so also the legal
    entity implied by a ministry's name). The annex leaves them out of its list of Afnemers and
    gives the last and volmacht only to an Afnemer that is another legal person
    (raamovereenkomst.afnemers, thirteenth reading F MINOR-7); `generate` and `contract` warn. The
    same comparison as the clause (Jinja's `trim` and `lower`)."""
    authority = authority_data(tender)
    own = {(authority[key] or "").strip().lower() for key in ("name", "legal_entity")}
    return tuple(name for name in tender.afnemers or () if name.strip().lower() in own)


def afnemer_warnings(tender: Tender) -> list[str]:
    """An Afnemer under `afnemers` that is the contracting authority itself (thirteenth reading F
    MINOR-7): the annex leaves it out of the list of Afnemers, so the buyer removes it from the
    tender (model.own_afnemers). And where other Afnemers take part: the annex relies on their last
    and volmacht to the Opdrachtgever, which the buyer arranges before publication (J MINOR-4)."""
    from .catalog import message

    authority = authority_data(tender)
    out = [
        message("warning.afnemer-is-opdrachtgever", {"afnemer": name, "authority": authority["name"]})
        for name in own_afnemers(tender)
    ]
    others = [name for name in tender.afnemers or () if name not in own_afnemers(tender)]
    if others:
        # the annex relies on each Afnemer's last and volmacht, which only their own agreement can give
        # (raamovereenkomst.afnemers; fifteenth reading J MINOR-4)
        out.append(message("warning.afnemers-mandate", {"afnemers": ", ".join(others)}))
    return out


class Tender(StrictModel):
    """One tender as the buyer describes it (DESIGN.md §3)."""

    reference: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    title: Text
    contracting_authority: Text | ContractingAuthority
    category: Slug
    contract_type: Literal["overeenkomst", "raamovereenkomst"]
    value_eur: Money | None = None
    duration_months: Annotated[int, Field(gt=0, le=600, strict=True)]
    publication_date: datetime.date
    labour_share: Share | None = None
    lots: Annotated[list[TenderLot], Field(min_length=1, max_length=200)] | None = None
    target_groups: list[Slug] | None = None
    suppliers: Annotated[int, Field(ge=1, le=100, strict=True)] | None = None
    """Framework holders: a framework awarded to several suppliers (each lot to at most this many)."""
    afnemers: Annotated[list[Text], Field(min_length=1, max_length=100)] | None = None
    """Other organisations that may place call-offs under a framework (Afnemers): only then does
    the annex hold the article on their role and define the term (lawyer9 MINOR-6)."""
    public_task_basis: Text | None = None
    """The buyer's statutory task for the AVG basis (art. 6(1)(e) and (3)); overrides the
    profile setting `public_task_basis` for this contracting authority (lawyer M-10)."""
    proportionality_motivation: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, min_length=1, max_length=3000),
            AfterValidator(_no_control_chars),
        ]
        | None
    ) = None
    """The buyer's own reasons why the obligation is proportionate; the memo (`explain --memo`)
    prints it under Evenredigheid. Without a `labour_share` the arithmetic check cannot be done and
    the memo says that the buyer must motivate proportionality here (lawyer M-9)."""

    @model_validator(mode="after")
    def _suppliers_only_for_frameworks(self) -> Tender:
        if self.suppliers is not None and self.contract_type != "raamovereenkomst":
            raise ValueAt("tender.suppliers-not-framework", ("suppliers",))
        if self.afnemers is not None and self.contract_type != "raamovereenkomst":
            raise ValueAt("tender.afnemers-not-framework", ("afnemers",))
        return self

    @field_validator("reference")
    @classmethod
    def _reference_chars(cls, value: str) -> str:
        if not any(ch.isalnum() for ch in value):
            raise Invalid("tender.reference-no-letters")
        return value

    @model_validator(mode="after")
    def _lots_add_up(self) -> Tender:
        if self.lots is None:
            if self.value_eur is None:
                raise ValueAt("tender.value-required", ("value_eur",))
            return self
        ids = [lot.id for lot in self.lots]
        for index, lot_id in enumerate(ids):
            if lot_id in ids[:index]:  # pointed at the second use, where the fix is
                raise ValueAt("tender.lot-id-twice", ("lots", index, "id"), id=lot_id)
        total = sum((lot.value_eur for lot in self.lots), Decimal(0))
        if self.value_eur is not None and self.value_eur != total:
            raise ValueAt("tender.lots-sum", ("value_eur",), given=self.value_eur, total=total)
        return self


# ---------------------------------------------------------------------------------- clause


class Clause(StrictModel):
    """One clause of the library (DESIGN.md §3)."""

    id: ClauseId
    title: Text
    version: Annotated[int, Field(ge=1, strict=True)]
    status: Literal["draft", "approved", "withdrawn"]
    reviewed_by: Text | None = None
    reviewed_on: datetime.date | None = None
    instrument: Instrument
    documents: Annotated[list[DocumentKind], Field(min_length=1)]
    order: Annotated[int, Field(ge=0, le=100000, strict=True)]
    when: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)] | None = None
    requires: list[ClauseId] = []
    excludes: list[ClauseId] = []
    text: Annotated[str, StringConstraints(min_length=1, max_length=50_000)]


# ---------------------------------------------------------------------------------- profile


class Band(StrictModel):
    up_to: Money | None = None
    percentage: Percent | None = None
    instruments: list[BandInstrument] = []
    effort_clause: bool = False
    award_criterion: bool = False

    @model_validator(mode="after")
    def _percentage_goes_with_instruments(self) -> Band:
        if self.instruments and self.percentage is None:
            raise Invalid("profile.band-needs-percentage")
        if not self.instruments and self.percentage is not None:
            raise Invalid("profile.band-no-percentage")
        return self


class LabourExtensive(StrictModel):
    below_share: Share
    percentage: Percent


class Pso(StrictModel):
    accepted_from: Literal["aspirant", "trede-1", "trede-2", "trede-3"]


class Framework(StrictModel):
    obligation_level: Literal["raamovereenkomst", "nadere-overeenkomst"] = "raamovereenkomst"


class AwardAspect(StrictModel):
    """One aspect on which a plan of approach is scored; the tender annex and the form both print
    these, so the criteria are worded once (review C14)."""

    name: Text
    measure: Text


AWARD_ASPECTS = (
    AwardAspect(
        name="Omvang en bijdragen",
        measure="de bijdragen zijn realistisch voor deze opdracht, hangen samen met het werk en zijn concreet "
        "onderbouwd; een hoger toegezegd percentage of bedrag levert bij dit aspect geen extra punten op",
    ),
    AwardAspect(name="Doelgroep", measure="de keuze voor groepen uit de Doelgroep is gemotiveerd en past bij het werk"),
    AwardAspect(
        name="Werving en begeleiding",
        measure="de Inschrijver werkt samen met partners die Kandidaten kunnen voordragen, zoals het "
        "Werkgeversservicepunt, onderwijsinstellingen en Sociale ondernemingen, en begeleidt Kandidaten op de werkplek",
    ),
    AwardAspect(
        name="Duurzaamheid",
        measure="Kandidaten krijgen een duurzaam perspectief, zoals een langer dienstverband, scholing of "
        "doorstroming naar regulier werk; korte plaatsingen na elkaar worden vermeden",
    ),
    AwardAspect(
        name="Planning",
        measure="de planning is concreet en toetsbaar, met resultaten op vaste momenten over de looptijd",
    ),
)


PUBLIC_TASK = "de wettelijke taak van de Opdrachtgever om rechtmatig en doelmatig met publiek geld om te gaan"
"""The task of the default `public_task_basis`; its statute follows it (documents/public_task.py)."""
PUBLIC_TASK_CONTROL = (
    "en daartoe de nakoming te controleren van de bijzondere uitvoeringsvoorwaarden die hij op grond van "
    "artikel 2.80 Aanbestedingswet 2012 aan zijn overeenkomsten verbindt"
)
"""What the task means here: art. 2.80 Aw 2012 permits the conditions, it assigns no task (lawyer5 MINOR-11)."""

AuthorityKind = Literal["gemeente", "provincie", "waterschap", "rijk"]
"""The kinds of public legal person (art. 2:1 BW) whose own statute `public_task_statutes` names."""
PUBLIC_TASK_STATUTES: dict[AuthorityKind, str] = {
    "gemeente": "de Gemeentewet",
    "provincie": "de Provinciewet",
    "waterschap": "de Waterschapswet",
    "rijk": "de Comptabiliteitswet 2016",
}
"""The default of `Settings.public_task_statutes`."""


class Settings(StrictModel):
    """Figures the clauses print that DOMAIN.md does not fix; each has a documented default
    and can be set per profile under `settings:`."""

    recovery_months: Annotated[int, Field(ge=1, le=24, strict=True)] = 3
    """Recovery period after a shortfall is found (DOMAIN.md §5: suggest 3 months)."""
    recovery_months_excess: Annotated[int, Field(ge=1, le=48, strict=True)] | None = None
    """The longer Hersteltermijn of a framework holder for the part of a tekort up to the amount by
    which the settled obligation exceeds the annex's raming (raamovereenkomst.niveau): the
    estimate did not show that part, so it gets longer. No source fixes a number; left out, it is
    twice `recovery_months` (6 with the default); never shorter than `recovery_months`."""
    reporting: Literal["per kwartaal", "halfjaarlijks", "jaarlijks"] = "jaarlijks"
    """How often the supplier reports realisation (DOMAIN.md §5: yearly is common)."""
    max_months_per_candidate: Annotated[int, Field(ge=1, le=120, strict=True)] = 24
    """A candidate counts for at most this many months (DOMAIN.md §3)."""
    contact_weeks: Annotated[int, Field(ge=1, le=26, strict=True)] = 4
    """Weeks after award within which the supplier contacts the werkgeversservicepunt."""
    report_weeks: Annotated[int, Field(ge=1, le=26, strict=True)] = 6
    """Weeks after a reporting period (or the end of the contract) to hand in the report."""
    plan_weeks: Annotated[int, Field(ge=1, le=26, strict=True)] = 8
    """Weeks after award to hand in the worked-out plan of approach."""
    evaluation_months: Annotated[int, Field(ge=1, le=60, strict=True)] = 12
    """Months between evaluation meetings with the buyer."""
    award_weight_percent: Annotated[
        Decimal, BeforeValidator(number_value), Field(gt=0, le=50), WithJsonSchema(_NUMBER_SCHEMA)
    ] = Decimal(10)
    """Weight of the social-return sub-criterion where the band sets `award_criterion`."""
    hourly_value_eur: Money = Decimal(100)
    """Effort value of an hour of training, knowledge or support (DOMAIN.md §4)."""
    small_supplier_staff: Annotated[int, Field(ge=1, le=250, strict=True)] = 20
    """Suppliers with at most this many staff count as small (DOMAIN.md §7)."""
    max_person_years_per_year_share: Annotated[Decimal, Field(gt=0, le=1)] = Decimal("0.25")
    """Proportionality check (memo, `calc`, `explain`): warn when the indicative person-years
    per year of term exceed this share of the person-years per year the contract's labour
    carries. Labour person-years per year = value × labour_share / years / value of the
    reference block (the same euro value per person-year the indicative person-years use);
    so the warning fires when obligation > share × value × labour_share. Default 0.25: at most
    a quarter of the contract's own labour filled by social-return placements."""
    buy_social_share_percent: Annotated[Decimal, Field(gt=0, le=100)] = Decimal(100)
    """Share of the wage-cost part (excl. btw) of a social enterprise's invoice that counts.
    Default 100: that part is labour of the enterprise's own staff, so it counts in full; the
    material and overhead part of the invoice never counts (review C1)."""
    buy_social_max_percent: Annotated[Decimal, Field(gt=0, le=100)] = Decimal(100)
    """At most this share of the obligation may be met by Buy Social; fixed in the tender and
    never changed after award (review C3). Default 100: DOMAIN.md §4 lets it fill the whole."""
    social_enterprise_min_percent: Annotated[Decimal, Field(gt=0, le=100)] = Decimal(30)
    """A social enterprise employs at least this share of people with a distance to the labour
    market (review L13). Default 30: the threshold of art. 2.82 Aw 2012 and PSO-30+."""
    pso_share_percent: Annotated[Decimal, Field(gt=0, le=100)] = Decimal(50)
    """Share of the obligation a valid PSO certificate (or an equivalent) meets for the period it
    is valid (review L2). Default 50: PSO measures the whole company, not this contract, so it
    meets part of the obligation and the rest is delivered in the contract itself."""
    pso_renewal_weeks: Annotated[int, Field(ge=0, le=26, strict=True)] = 4
    """A renewed PSO certificate counts from its own start date when the contractor sends it within
    this many weeks after that date; sent later, it counts from the day it is sent (third legal
    reading M-5: one rule for a late renewal in clause buy-social.pso). Default 4 weeks, the same
    span as `contact_weeks`."""
    pilot_max_percent: Annotated[Decimal, Field(gt=0, le=100)] = Decimal(50)
    """At most this share of a framework holder's obligation may be met in a Proeftuin (clause
    raamovereenkomst.proeftuin; third legal reading M-6): a pilot adds to the plan that was scored
    at award and never replaces it. Default 50, as the lawyer proposed: at least half is always
    delivered under the ordinary counting rules of the contract itself."""
    bundle_max_months: Annotated[int, Field(ge=0, le=60, strict=True)] = 12
    """Bundled obligations (clause raamovereenkomst.bundeling): a shortfall is established at the
    end of the last bundled contract, but no later than this many months after the end of the
    framework, so bundling never defers enforcement indefinitely (third legal reading n-3).
    Default 12 months, as the lawyer proposed."""
    sanction_percent: Annotated[Decimal, Field(gt=0, le=100)] = Decimal(100)
    """The penalty after the recovery period, as a share of the shortfall (review L1). Default
    100: the charge equals the unrealised effort value, so not performing never pays."""
    plan_remedy_weeks: Annotated[int, Field(ge=1, le=26, strict=True)] = 8
    """Where a plan of approach was scored as award criterion and the contractor does not carry out
    a part of it (a commitment beyond the amount), the buyer's written notice gives this many weeks
    to carry it out after all before the plan boete (clause plan-van-aanpak.onderdeel; thirteenth
    reading E MINOR-16). Default 8 weeks, the same span as `plan_weeks`: long enough to recruit or
    start a commitment such as coaching or a cooperation, short enough to act within the term."""
    plan_part_penalty_percent: Annotated[
        Decimal, BeforeValidator(number_value), Field(gt=0, le=100), WithJsonSchema(_NUMBER_SCHEMA)
    ] = Decimal(2)
    """The fixed boete (art. 6:91 BW) per part of the scored plan of approach that is still not
    carried out after `plan_remedy_weeks`, as a share of the Social-returnverplichting (thirteenth
    reading E MINOR-16). Default 2: proportionate (art. 1.10 Aw 2012), a part is one of several
    commitments and the shortfall boete (`sanction_percent`) already covers the amount; yet not
    negligible, so that a scored commitment is kept and the bidders who scored lower are treated
    equally (art. 1.8 Aw 2012). Printed in the tender annex, so every bidder knows it."""
    plan_penalty_cap_percent: Annotated[
        Decimal, BeforeValidator(number_value), Field(gt=0, le=100), WithJsonSchema(_NUMBER_SCHEMA)
    ] = Decimal(10)
    """Together the plan boetes per part are at most this share of the Social-returnverplichting
    (thirteenth reading E MINOR-16). Default 10, the default `award_weight_percent`: the boete for
    not keeping the plan never exceeds the weight the plan had at award (art. 1.10 Aw 2012)."""
    interim_percent: Annotated[Decimal, Field(gt=0, le=100)] = Decimal(50)
    """The one interim standard (review C6): at an evaluation the realisation is behind when it is
    below this share of the linear path; then a catch-up plan is due, never a charge. Default 50:
    allows for ramp-up; works in phases may set it lower."""
    light_regime_below_eur: Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)] = Decimal(25000)
    """Below this obligation (per lot) only a final report and no interim evaluations are asked
    (review M8: proportionality). Default € 25.000, about half a person-year."""
    call_off_min_eur: Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)] = Decimal(100000)
    """Call-offs below this value carry no obligation of their own; their value adds to one
    bundled obligation per year (review L10). Default € 100.000: 5 % of it is € 5.000."""
    award_points: Annotated[tuple[Annotated[int, Field(ge=0, le=100)], ...], Field(min_length=5, max_length=5)] = (
        10, 7, 5, 2, 0,
    )  # fmt: skip
    """Points for uitstekend, goed, voldoende, matig and onvoldoende per aspect (review L8);
    printed in the tender so bidders see how a judgement becomes points."""
    outside_contract_max_percent: Annotated[Decimal, Field(gt=0, le=100)] = Decimal(50)
    """Contributions outside the contract itself (closed list, prior consent) count for at most
    this share of the obligation (review L3: the link with the subject matter is the rule)."""
    reminder_weeks: Annotated[int, Field(ge=1, le=26, strict=True)] = 4
    """Weeks a late final report gets after a written reminder, before only recognised value counts."""
    hearing_weeks: Annotated[int, Field(ge=1, le=12, strict=True)] = 2
    """Weeks the supplier has to respond to an intended penalty decision (hearing, review L1)."""
    payment_days: Annotated[int, Field(ge=1, le=90, strict=True)] = 30
    """Days after the decision when the penalty falls due (review L1)."""
    retention_years: Annotated[int, Field(ge=1, le=10, strict=True)] = 2
    """Years after the final decision that both parties keep candidate data (review B2)."""
    award_aspects: Annotated[tuple[AwardAspect, ...], Field(min_length=1, max_length=10)] = AWARD_ASPECTS
    """The aspects (name and measure) on which a plan of approach is scored; equal weight."""
    plan_max_pages: Annotated[int, Field(ge=1, le=50, strict=True)] = 4
    """Page limit (A4) of the plan of approach's answers (review L8). Default 4; the Rijk's HWI
    category uses 2."""
    min_groups_per_category: Annotated[int, Field(ge=1, le=10, strict=True)] = 2
    """A placement category (a block of kind `plaatsing` bound to target groups) must hold at least
    this many groups of the tender's Doelgroep; with fewer, reporting the category would reveal the
    group, and so a benefit, a health condition or a criminal record (review B2; art. 5 lid 1
    onder c AVG, data minimisation). Default 2: the smallest number for which the category no
    longer names one group. A tender that narrows its Doelgroep below it is refused with a fix."""
    min_groups_outside_sensitive_kind: Annotated[int, Field(ge=0, le=10, strict=True)] = 2
    """Risk, not only count (lawyer's third reading M-4, fourth reading MAJOR-1): a placement
    category that holds a group of the tender's Doelgroep whose membership is a special kind of
    data (model.SPECIAL_KINDS: health, art. 9 AVG; criminal record, art. 10 AVG) must also hold at
    least this many groups of the Doelgroep that reveal neither kind; a health group does not
    dilute a criminal-record group, nor the other way round. Otherwise a buyer who knows the person (a prison
    service screens everyone it lets in) reads the kind from the category, and the contract's
    statement that no such data is processed is untrue. Default 2, the same reasoning as
    `min_groups_per_category`: with one other group the category still points at one group. A
    tender that leaves a category below it is refused with a fix. 0 or 1 switches the rule off
    for a buyer who has a basis for that processing; the privacy article then says that the
    category can reveal such data instead of saying it does not."""
    below_threshold_at_settlement: Literal["behouden", "vervalt"] = "behouden"
    """At settlement on the real value: a lot whose real value ends below the threshold of the first
    band with an obligation (€ 250.000) keeps its obligation as the percentage of the real value
    (`behouden`, the default: the band was fixed at award and a low outcome must not pay), or
    loses it (`vervalt`)."""
    works_change_percent: Annotated[Decimal, Field(gt=0, le=100)] = Decimal(10)
    """Works (UAV 2012): settled meer- en minderwerk (§ 35-37 UAV 2012) changes the obligation only
    when its net balance exceeds this share of the aanneemsom (lawyer M-4). Default 10: smaller
    balances are the normal movement of a works contract, already allowed for in the estimate."""
    low_labour_share: Annotated[Decimal, Field(gt=0, le=1)] = Decimal("0.30")
    """`calc`, `explain` and the memo warn when a tender in a profile of kind `diensten` gives a
    labour share below this (lawyer M-6): a contract that is mainly a supply carries no obligation
    under the Rijk's policy (DOMAIN.md §1, §8), so the buyer motivates the choice or uses the
    leveringen profile. Default 0.30: below it the hardware or goods clearly dominate."""
    buy_social_audit_eur: Money = Decimal(25000)
    """A social enterprise's statement of the wage-cost part of its invoices needs an accountant's
    statement once that part exceeds this amount in one reporting period (lawyer M-7). Default
    € 25.000, about half a person-year: above it the seller's own word is not enough."""
    public_task_basis: Text = f"{PUBLIC_TASK} {PUBLIC_TASK_CONTROL}"
    """The statutory task on which the buyer's processing rests (art. 6(1)(e) with 6(3) AVG,
    lawyer M-10), printed after "in samenhang met". The legal department confirms the exact
    provision and sets it per profile, or per tender with the tender field `public_task_basis`.
    Left at this default, the statute of the authority's kind from `public_task_statutes` is added
    where the kind follows from the contracting authority (lawyer5 MINOR-11,
    documents/public_task.py)."""
    public_task_statutes: dict[AuthorityKind, Text] = Field(default_factory=lambda: dict(PUBLIC_TASK_STATUTES))
    """Per kind of public authority the statute that lays down its duty to manage its finances
    lawfully and efficiently (rechtmatig en doelmatig), added to the default `public_task_basis` as
    "(de Gemeentewet, in het bijzonder de regels over het financieel beheer)" (lawyer5 MINOR-11):
    art. 2.80 Aw 2012 permits execution conditions but assigns no task. No article numbers: the
    legal department adds them per tender in `public_task_basis` where it wants them."""

    @model_validator(mode="after")
    def _excess_not_shorter(self) -> Settings:
        if self.recovery_months_excess is None:  # the default follows recovery_months
            object.__setattr__(self, "recovery_months_excess", 2 * self.recovery_months)
        elif self.recovery_months_excess < self.recovery_months:
            raise Invalid("settings.excess-shorter", excess=self.recovery_months_excess, months=self.recovery_months)
        if self.plan_penalty_cap_percent < self.plan_part_penalty_percent:
            raise Invalid(
                "settings.plan-cap-below-part",
                cap=self.plan_penalty_cap_percent,
                part=self.plan_part_penalty_percent,
            )
        return self


class Profile(StrictModel):
    """Rules of one procurement category (DESIGN.md §3)."""

    id: Slug
    name: Text
    version: Annotated[int, Field(ge=1, strict=True)]
    owner: Text
    rationale: Text | None = None
    """Why social return fits this category: the work in the execution of such contracts that suits
    the Doelgroep. The memo prints it under "Verband met het voorwerp van de opdracht" (lawyer M-9)."""
    kind: Literal["diensten", "werken", "leveringen"]
    basis: Literal["opdrachtwaarde", "loonsom"] = "opdrachtwaarde"
    min_duration_months: Annotated[int, Field(ge=0, le=120, strict=True)] = 6
    value_table: Slug = "standaard"
    reference_block: Slug = "plaatsing-a"  # category A of the standard table: the person-years measure
    target_groups: Annotated[list[Slug], Field(min_length=1)]
    bands: Annotated[list[Band], Field(min_length=1)]
    labour_extensive: LabourExtensive | None = None
    max_obligation_eur: Money | None = None
    pso: Pso | None = None
    framework: Framework = Framework()
    settings: Settings = Settings()

    @field_validator("bands")
    @classmethod
    def _bands_contiguous(cls, bands: list[Band]) -> list[Band]:
        for index, band in enumerate(bands[:-1]):
            if band.up_to is None:
                raise ValueAt("profile.band-needs-up-to", (index,), band=index + 1)
            if index and band.up_to <= bands[index - 1].up_to:  # type: ignore[operator]
                raise ValueAt(
                    "profile.band-not-rising",
                    (index, "up_to"),
                    band=index + 1,
                    up_to=band.up_to,
                    previous=index,
                    previous_up_to=bands[index - 1].up_to,
                )
        if bands[-1].up_to is not None:
            raise ValueAt("profile.last-band-open", (len(bands) - 1, "up_to"))
        return bands


# ---------------------------------------------------------------------------------- tables


class Block(StrictModel):
    """One building block: a fixed effort value per full-time year, a value per hour, or a
    valuation rule in words (e.g. the wage costs of an invoice)."""

    id: Slug
    label: Text
    kind: Literal["plaatsing", "leerwerkplek", "bonus", "inkoop", "ondersteuning"]
    value_eur: Money | None = None
    valuation: Text | None = None
    target_groups: list[Slug] = []
    """The target groups this block is for; empty: not bound to a group (bonuses, purchases,
    support). A tender shows only the blocks whose groups it admits."""
    excludes_groups: list[Slug] = []
    """For a bonus: the target groups it can never apply to (the 50+ bonus: the youth groups).
    In a placement category where fewer than `min_groups_per_category` groups of the Doelgroep
    remain without these, the bonus does not apply, since it would name the group (thirteenth
    reading E MAJOR-2; `withheld_categories`)."""

    @model_validator(mode="after")
    def _one_valuation(self) -> Block:
        if (self.value_eur is None) == (self.valuation is None):
            raise Invalid("table.one-valuation")
        return self


MAX_BLOCKS = 500
"""A value table holds at most this many building blocks (real tables hold 10 to 30); more is
refused, so that a hostile table cannot slow every command down."""


class ValueTable(StrictModel):
    """The building blocks of a profile with their values; block ids are unique (checked in
    linear time) and there are at most `MAX_BLOCKS`."""

    id: Slug
    name: Text
    version: Annotated[int, Field(ge=1, strict=True)] | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    """The table applies to tenders published from `valid_from` up to and including `valid_until`;
    several files may hold versions of one table id (`check` reports overlaps and gaps)."""
    source: Text | None = None
    hours_per_week: Annotated[int, Field(ge=1, le=60, strict=True)] = 36
    blocks: Annotated[list[Block], Field(min_length=1, max_length=MAX_BLOCKS)]

    @model_validator(mode="after")
    def _period_in_order(self) -> ValueTable:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueAt("table.period-order", ("valid_until",))
        return self

    def in_force(self, day: datetime.date) -> bool:
        """Whether this version applies to a tender published on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def for_groups(self, groups: list[str] | tuple[str, ...], keep: str | None = None) -> ValueTable:
        """This table with only the blocks the Doelgroep admits: a block without target groups
        always, others when they share a group with `groups` (review C10). The block `keep` (the
        profile's reference block, the measure of the person-years) always stays."""
        wanted = set(groups)
        kept = [b for b in self.blocks if not b.target_groups or wanted & set(b.target_groups) or b.id == keep]
        return self.model_copy(update={"blocks": kept})

    @field_validator("blocks")
    @classmethod
    def _unique_blocks(cls, blocks: list[Block]) -> list[Block]:
        seen: set[str] = set()
        for block in blocks:
            if block.id in seen:
                raise Invalid("table.block-id-twice", id=block.id)
            seen.add(block.id)
        return blocks

    def has_kind(self, kind: str) -> bool:
        """Whether any block is of this kind: `when: value_table.has_kind('bonus')`."""
        return any(b.kind == kind for b in self.blocks)

    def block(self, block_id: str) -> Block | None:
        return next((b for b in self.blocks if b.id == block_id), None)

    def withheld_in(self, bonus_id: str, groups: list[str] | tuple[str, ...], minimum: int) -> list[Block]:
        """The placement blocks in which the bonus `bonus_id` does not apply (`withheld_categories`)."""
        return withheld_categories(self.blocks, bonus_id, groups, minimum)


def withheld_categories(blocks: Any, bonus_id: str, groups: Any, minimum: int) -> list[Any]:
    """The placement blocks (kind `plaatsing`, bound to groups) in which the bonus `bonus_id` does
    not apply: of their groups in `groups` (the tender's Doelgroep, as ids or records with an
    `id`), fewer than `minimum` remain once the bonus's `excludes_groups` are left out, so a row
    of that category with the bonus would show to which group the Kandidaat belongs (thirteenth
    reading E MAJOR-2, art. 5(1)(c) AVG). Works on models and on template records alike."""
    bonus = next((b for b in blocks if b.id == bonus_id), None)
    if bonus is None or bonus.kind != "bonus" or not bonus.excludes_groups:
        return []
    wanted = {g if isinstance(g, str) else g.id for g in groups}
    excluded = set(bonus.excludes_groups)
    found = []
    for block in blocks:
        if block.kind != "plaatsing" or not block.target_groups:
            continue
        present = [g for g in block.target_groups if g in wanted]
        if present and len([g for g in present if g not in excluded]) < minimum:
            found.append(block)
    return found


SensitiveKind = Literal["uitkering", "gezondheid", "strafrecht"]
"""What membership of a target group reveals about a person (lawyer n-15): a benefit, health data
(art. 9 AVG) or a criminal record (art. 10 AVG)."""

SPECIAL_KINDS: dict[SensitiveKind, Literal["artikel-9", "artikel-10"]] = {
    "strafrecht": "artikel-10",
    "gezondheid": "artikel-9",
}
"""The kinds of `reveals` that are special personal data, with their article of the AVG: health
(art. 9) and a criminal past (art. 10). The one place that decides which groups are sensitive
(lawyer's fourth reading MAJOR-1). A benefit (`uitkering`) is not in it: art. 9 and 10 AVG do not
name income or benefits, and a benefit that rests on health (Wajong, WIA) is marked `gezondheid`
as well in the target-group list. Data from which such a kind can be derived indirectly count as
that kind (CJEU C-184/20), which is why a group that reveals it never dilutes another one."""


class TargetGroup(StrictModel):
    id: Slug
    label: Text
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000), AfterValidator(_no_control_chars)
    ]
    reveals: list[SensitiveKind] = []
    """What a person's membership of the group reveals; empty for a group that reveals none of
    these (young people without a starting qualification, pupils). The refusal of a category with
    too few groups names only these consequences."""

    @property
    def avg(self) -> Literal["artikel-9", "artikel-10"] | None:
        """The special kind of personal data that membership reveals, from `reveals` and
        SPECIAL_KINDS: `artikel-10` (criminal record, art. 10 AVG), else `artikel-9` (health,
        art. 9 AVG), else None: the group counts towards min_groups_outside_sensitive_kind."""
        return next((SPECIAL_KINDS[k] for k in SPECIAL_KINDS if k in self.reveals), None)


class TargetGroupList(StrictModel):
    target_groups: Annotated[list[TargetGroup], Field(min_length=1)]

"""Typed records for the files people edit (tender, clause, profile, value table, target
groups). Validation happens here, before anything is rendered; the JSON Schemas come from the
same models."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

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

BandInstrument = Literal["generieke-maatregel", "plan-van-aanpak", "bouwblokken", "buy-social"]
"""The four Maatwerk voor Mensen instruments a profile band can name."""
Instrument = Literal["algemeen", BandInstrument, "raamovereenkomst", "monitoring"]
"""Every clause instrument: the band instruments plus general, framework and monitoring clauses."""
DocumentKind = Literal["bijlage", "overeenkomst", "raamovereenkomst", "plan-van-aanpak-formulier"]

BAND_INSTRUMENTS = get_args(BandInstrument)
INSTRUMENTS = ("algemeen", *BAND_INSTRUMENTS, "raamovereenkomst", "monitoring")
DOCUMENT_KINDS = get_args(DocumentKind)


def _id_text(value: Any) -> Any:
    """Lot and clause ids may be written as numbers in YAML; they are names, so keep them text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    return value


def _no_control_chars(value: str) -> str:
    """Characters XML 1.0 forbids (and other C0 controls) never reach a document."""
    for ch in value:
        if ord(ch) < 32 and ch not in "\n\t":
            raise ValueError(f"contains the control character U+{ord(ch):04X}; remove it")
        if 0xD800 <= ord(ch) <= 0xDFFF or ch in "\ufffe\uffff":
            raise ValueError(f"contains the character U+{ord(ch):04X}, which a Word file cannot hold")
    return value


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
ClauseId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$", max_length=120)]
LotId = Annotated[
    str,
    BeforeValidator(_id_text),
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=20),
    # YAML `id: 1` is a number; the schema must accept what the model accepts
    WithJsonSchema(
        {"anyOf": [{"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*$", "maxLength": 20},
                   {"type": "integer", "minimum": 0}]}  # fmt: skip
    ),
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), AfterValidator(_no_control_chars)
]
Money = Annotated[Decimal, Field(gt=0, max_digits=15, decimal_places=2, allow_inf_nan=False)]
Percent = Annotated[Decimal, Field(gt=0, le=100, allow_inf_nan=False)]
Share = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)]

_STRICT = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class ValueAt(ValueError):
    """A validation error about one item inside the field (e.g. `bands.2.up_to`), so the
    message can point at that item's line rather than at the field's."""

    def __init__(self, message: str, at: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.at = at


# ---------------------------------------------------------------------------------- tender


class TenderLot(BaseModel):
    model_config = _STRICT
    id: LotId
    title: Text
    value_eur: Money

    _clean = field_validator("title")(_no_control_chars)


class ContractingAuthority(BaseModel):
    """The contracting authority as a party: its name, the legal entity that signs (a ministry or
    a category team is not a legal person) and who represents it (DESIGN.md §7)."""

    model_config = _STRICT
    name: Text
    legal_entity: Text | None = None
    represented_by: Text | None = None

    def __str__(self) -> str:
        """Printed in a clause (`{{ tender.contracting_authority }}`): the party that is bound."""
        return self.legal_entity or self.name


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


def authority_data(tender: Tender) -> dict[str, str | None]:
    """The contracting authority as plain data for the clause context: name, legal entity (the
    name where the tender gives none) and representative (None where the tender gives none)."""
    authority = tender.contracting_authority
    if isinstance(authority, ContractingAuthority):
        return {
            "name": authority.name,
            "legal_entity": authority.legal_entity or authority.name,
            "represented_by": authority.represented_by,
        }
    return {"name": authority, "legal_entity": authority, "represented_by": None}


class Tender(BaseModel):
    """One tender as the buyer describes it (DESIGN.md §3)."""

    model_config = _STRICT
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

    _clean = field_validator("reference", "title")(_no_control_chars)

    @model_validator(mode="after")
    def _suppliers_only_for_frameworks(self) -> Tender:
        if self.suppliers is not None and self.contract_type != "raamovereenkomst":
            raise ValueAt(
                "suppliers (several framework holders) only applies to contract_type: raamovereenkomst",
                ("suppliers",),
            )
        return self

    @field_validator("reference")
    @classmethod
    def _reference_chars(cls, value: str) -> str:
        if not any(ch.isalnum() for ch in value):
            raise ValueError("must contain letters or digits (it names the output files)")
        return value

    @model_validator(mode="after")
    def _lots_add_up(self) -> Tender:
        if self.lots is None:
            if self.value_eur is None:
                raise ValueError("value_eur is required when the tender has no lots")
            return self
        ids = [lot.id for lot in self.lots]
        for index, lot_id in enumerate(ids):
            if lot_id in ids[:index]:  # pointed at the second use, where the fix is
                raise ValueAt(f"lot ids must be unique; '{lot_id}' is used more than once", ("lots", index, "id"))
        total = sum((lot.value_eur for lot in self.lots), Decimal(0))
        if self.value_eur is not None and self.value_eur != total:
            raise ValueAt(
                f"value_eur ({self.value_eur}) must equal the sum of the lots' value_eur ({total}); "
                "correct one of them or leave value_eur out",
                ("value_eur",),
            )
        return self


# ---------------------------------------------------------------------------------- clause


class Clause(BaseModel):
    """One clause of the library (DESIGN.md §3)."""

    model_config = _STRICT
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

    _clean = field_validator("title", "text")(_no_control_chars)


# ---------------------------------------------------------------------------------- profile


class Band(BaseModel):
    model_config = _STRICT
    up_to: Money | None = None
    percentage: Percent | None = None
    instruments: list[BandInstrument] = []
    effort_clause: bool = False
    award_criterion: bool = False

    @model_validator(mode="after")
    def _percentage_goes_with_instruments(self) -> Band:
        if self.instruments and self.percentage is None:
            raise ValueError("a band with instruments needs a percentage")
        if not self.instruments and self.percentage is not None:
            raise ValueError("a band without instruments has no obligation, so no percentage")
        return self


class LabourExtensive(BaseModel):
    model_config = _STRICT
    below_share: Share
    percentage: Percent


class Pso(BaseModel):
    model_config = _STRICT
    accepted_from: Literal["aspirant", "trede-1", "trede-2", "trede-3"]


class Framework(BaseModel):
    model_config = _STRICT
    obligation_level: Literal["raamovereenkomst", "nadere-overeenkomst"] = "raamovereenkomst"


class Settings(BaseModel):
    """Figures the clauses print that DOMAIN.md does not fix; each has a documented default
    and can be set per profile under `settings:`."""

    model_config = _STRICT
    recovery_months: Annotated[int, Field(ge=1, le=24, strict=True)] = 3
    """Recovery period after a shortfall is found (DOMAIN.md §5: suggest 3 months)."""
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
    award_weight_percent: Annotated[Decimal, Field(gt=0, le=50)] = Decimal(10)
    """Weight of the social-return sub-criterion where the band sets `award_criterion`."""
    hourly_value_eur: Money = Decimal(100)
    """Effort value of an hour of training, knowledge or support (DOMAIN.md §4)."""
    small_supplier_staff: Annotated[int, Field(ge=1, le=250, strict=True)] = 20
    """Suppliers with at most this many staff count as small (DOMAIN.md §7)."""
    call_off_minimum_eur: Money = Decimal(50000)
    """Call-offs under a framework below this value carry no regime of their own: their share counts
    towards one bundled obligation per holder (review L10). At 5 % a call-off of € 50.000 carries
    € 2.500, too little for its own reports, evaluation and sanction (proportionality)."""
    below_threshold_at_settlement: Literal["behouden", "vervalt"] = "behouden"
    """At settlement on the real value: a lot whose real value ends below the threshold of the first
    band with an obligation (€ 250.000) keeps its obligation as the percentage of the real value
    (`behouden`, the default: the band was fixed at award and a low outcome must not pay), or
    loses it (`vervalt`)."""


class Profile(BaseModel):
    """Rules of one procurement category (DESIGN.md §3)."""

    model_config = _STRICT
    id: Slug
    name: Text
    version: Annotated[int, Field(ge=1, strict=True)]
    owner: Text
    kind: Literal["diensten", "werken", "leveringen"]
    basis: Literal["opdrachtwaarde", "loonsom"] = "opdrachtwaarde"
    min_duration_months: Annotated[int, Field(ge=0, le=120, strict=True)] = 6
    value_table: Slug = "standaard"
    reference_block: Slug = "participatiewet"
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
                raise ValueAt(f"band {index + 1} needs up_to: only the last band is open-ended", (index,))
            if index and band.up_to <= bands[index - 1].up_to:  # type: ignore[operator]
                raise ValueAt(
                    f"band {index + 1}: up_to {band.up_to} must be above band {index}'s "
                    f"{bands[index - 1].up_to} (bands rise from 0 without gaps)",
                    (index, "up_to"),
                )
        if bands[-1].up_to is not None:
            raise ValueAt("the last band must be open-ended: leave out its up_to", (len(bands) - 1, "up_to"))
        return bands


# ---------------------------------------------------------------------------------- tables


class Block(BaseModel):
    """One building block: a fixed effort value per full-time year, a value per hour, or a
    valuation rule in words (e.g. the wage costs of an invoice)."""

    model_config = _STRICT
    id: Slug
    label: Text
    kind: Literal["plaatsing", "leerwerkplek", "bonus", "inkoop", "ondersteuning"]
    value_eur: Money | None = None
    valuation: Text | None = None

    @model_validator(mode="after")
    def _one_valuation(self) -> Block:
        if (self.value_eur is None) == (self.valuation is None):
            raise ValueError("give exactly one of value_eur (an amount) and valuation (a rule in words)")
        return self


class ValueTable(BaseModel):
    model_config = _STRICT
    id: Slug
    name: Text
    source: Text | None = None
    hours_per_week: Annotated[int, Field(ge=1, le=60, strict=True)] = 36
    blocks: Annotated[list[Block], Field(min_length=1)]

    @field_validator("blocks")
    @classmethod
    def _unique_blocks(cls, blocks: list[Block]) -> list[Block]:
        ids = [b.id for b in blocks]
        for block_id in ids:
            if ids.count(block_id) > 1:
                raise ValueError(f"block id '{block_id}' is used more than once")
        return blocks

    def has_kind(self, kind: str) -> bool:
        """Whether any block is of this kind: `when: value_table.has_kind('bonus')`."""
        return any(b.kind == kind for b in self.blocks)

    def block(self, block_id: str) -> Block | None:
        return next((b for b in self.blocks if b.id == block_id), None)


class TargetGroup(BaseModel):
    model_config = _STRICT
    id: Slug
    label: Text
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000), AfterValidator(_no_control_chars)
    ]


class TargetGroupList(BaseModel):
    model_config = _STRICT
    target_groups: Annotated[list[TargetGroup], Field(min_length=1)]

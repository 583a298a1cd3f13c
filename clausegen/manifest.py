"""The manifest.json that `generate` and `contract` write, as typed records (DESIGN.md §4 and
docs/contract-interface.md).

The writers (`api.render_documents`, `contract.write.render_contract`, the conversion to PDF/ODT)
build it as plain JSON data; `manifest_bytes` checks it against these records before a byte is
written, so a manifest that leaves clausegen always has this shape. `clausegen schema` writes the
JSON Schema (`manifest.schema.json`) for the register, the realisation stage and other readers.
Amounts are text with two decimals, dates ISO text, percentages and person-years decimal text."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from .kinds import DocumentKind

Amount = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", examples=["75000.00"])]
"""Euros as text with exactly two decimals."""
Number = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$", examples=["5", "2.5"])]
"""A decimal as text (a percentage, indicative person-years)."""
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
IsoDate = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", examples=["2027-04-01"])]

EntryKind = Literal[DocumentKind, "samengesteld", "verantwoording"]
"""The documents a manifest lists: the document kinds, the composed copy (`generate --into`) and
the contract's workbook."""


class Record(BaseModel):
    """A manifest object: exactly these keys, values of exactly these JSON types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TenderRef(Record):
    reference: str
    sha256: Sha256


class ProfileRef(Record):
    id: str
    version: int


class LibraryRef(Record):
    fingerprint: str


class PlanLot(Record):
    """One lot of the plan, as `calc --json` prints it."""

    id: str
    value_eur: Amount
    band: int
    percentage: Number | None
    obligation_eur: Amount
    instruments: list[str]
    basis_eur: Amount
    award_criterion: bool
    effort_clause: bool
    capped: bool
    indicative_person_years: Number | None
    reason_code: str | None = None
    """Absent in manifests written before the plan carried its reasons as codes."""


class PlanJson(Record):
    """The `plan` object (rules.Plan.to_json)."""

    total_obligation_eur: Amount
    lots: list[PlanLot]
    contract_type: Literal["overeenkomst", "raamovereenkomst"]
    obligation_level: Literal["raamovereenkomst", "nadere-overeenkomst"]
    total_value_eur: Amount


class ClauseRef(Record):
    """A clause in a document: its version, the sha256 of its text, its article number."""

    id: str
    version: int
    sha256: Sha256
    article: int


class SourceFile(Record):
    """The buyer's own document that a composed copy was made from."""

    path: str
    sha256: Sha256


class DocumentEntry(Record):
    """One file in OUTDIR. A PDF/A or ODT copy names its `format` and the .docx it was made from
    (`source`); a composed copy names the buyer's document (`source` with its sha256)."""

    kind: EntryKind
    path: str
    sha256: Sha256
    format: Literal["pdf", "odt"] | None = None
    draft: bool | None = None
    source: str | SourceFile | None = None
    clauses: list[ClauseRef] | None = None


class AwardRef(Record):
    sha256: Sha256
    award_date: IsoDate


class Partner(Record):
    """A partner of a combination (V.O.F.) as contractor, jointly and severally liable."""

    name: str
    kvk: str


class Contractor(Record):
    name: str
    kvk: str
    partners: list[Partner] | None = None


class ContractJson(Record):
    """The signed contract: its number, party, lots, own obligation and term."""

    number: str
    contractor: Contractor
    lots: list[str]
    obligation_eur: Amount
    start_date: IsoDate
    end_date: IsoDate
    contract_type: Literal["overeenkomst", "raamovereenkomst"]
    holders: int = 1
    """Absent in manifests written before frameworks with several holders: one holder."""
    obligation_is_estimate: bool = False
    """True for a holder of a framework with several holders, and for the one holder of a
    framework-level obligation (eleventh reading A MAJOR-1): `obligation_eur` is then the estimate, and what is owed is the percentage of the real call-off value (lawyer5
    MINOR-9). Absent in older manifests: a fixed obligation."""


class ValuationLot(Record):
    id: str
    title: str
    obligation_eur: Amount
    max_obligation_eur: Amount | None = None
    """The profile's cap per lot, which also binds an obligation on the real call-off value
    (raamovereenkomst.niveau). Absent in older manifests and without a cap: none."""


class ValuationBlock(Record):
    """A building block the realisation stage values reported effort with."""

    id: str
    label: str
    kind: str
    value_eur: Amount | None
    valuation: str | None
    target_groups: list[str]
    excludes_groups: list[str] = []
    """For a bonus: the target groups it never applies to (value table). Absent in older manifests: none."""
    withheld_in: list[str] = []
    """For a bonus: the placement blocks in which it does not apply, because it would show the
    Kandidaat's group (thirteenth reading E MAJOR-2). Absent in older manifests: none."""


class ValuationTable(Record):
    id: str
    name: str
    version: int | None
    source: str | None
    hours_per_week: int
    blocks: list[ValuationBlock]


class ValuationPso(Record):
    """The PSO certificate the contract credits (buy-social.pso): its level, its last valid day,
    and the lots whose obligation it fills in part."""

    level: str
    valid_until: IsoDate
    lots: list[str]


class CitedArticle(Record):
    """A clause the realisation letter cites: its article number in the contract and its heading."""

    article: int
    title: str


class Valuation(Record):
    """What the realisation stage values the supplier's report with. The last seven keys follow
    the contract's enforcement procedure (the party word, offsetting between lots and the lots
    closed to it because their plan was scored at award, the lots at a committed percentage, the
    PSO credit, the cited articles); a
    manifest written before them is still read, with safe defaults."""

    lots: list[ValuationLot]
    start_date: IsoDate
    end_date: IsoDate
    value_table: ValuationTable
    allowed_blocks: list[str]
    settings: dict[str, bool | int | str]
    party: str | None = None
    profile_kind: Literal["diensten", "werken", "leveringen"] | None = None
    offsetting: bool | None = None
    offset_closed_lots: list[str] | None = None
    committed_lots: list[str] | None = None
    pso: ValuationPso | None = None
    articles: dict[str, CitedArticle] | None = None
    opdrachtgever: str | None = None
    """The party that is bound as Opdrachtgever (its legal entity), the default creditor of a
    Nadere overeenkomst's boete (raamovereenkomst.afnemers); absent in older manifests."""
    afnemers: list[str] | None = None
    """The tender's Afnemers, who may conclude Nadere overeenkomsten and are then the creditor of
    their boete (raamovereenkomst.afnemers); absent in older manifests: none."""


class TenderManifest(Record):
    """OUTDIR/manifest.json of `generate`."""

    clausegen_version: str
    tender: TenderRef
    profile: ProfileRef
    library: LibraryRef
    draft: bool = False
    plan: PlanJson
    documents: list[DocumentEntry]


class ContractManifest(Record):
    """OUTDIR/<number>/manifest.json of `contract`: one contract after award."""

    clausegen_version: str
    tender: TenderRef
    award: AwardRef
    profile: ProfileRef
    library: LibraryRef
    plan: PlanJson
    contract: ContractJson
    valuation: Valuation
    warnings: list[str] = []
    """Absent in manifests written before `contract` recorded its warnings."""
    documents: list[DocumentEntry]


class Manifest(RootModel[TenderManifest | ContractManifest]):
    """A manifest.json: of a tender (`generate`) or of one contract (`contract`)."""


def validate_manifest(data: object) -> TenderManifest | ContractManifest:
    """The manifest as records; a ValidationError where it is not one (a fault in clausegen, not
    in the user's input: every value in it was computed here)."""
    return Manifest.model_validate(data).root

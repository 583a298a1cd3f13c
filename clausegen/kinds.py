"""Document kinds and instruments, declared once with their Dutch titles, labels and file names.

Read by the models (the kinds and instruments a clause may name), `documents.assemble` (titles),
the API and `contract` (file names), the web form (labels) and `publish` (the instruments in
running text). File names and kind ids are part of the command contract (DESIGN.md §4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

DocumentKind = Literal["bijlage", "overeenkomst", "raamovereenkomst", "plan-van-aanpak-formulier"]
"""The documents a plan calls for; a clause lists those it may appear in."""
COMPOSED = "samengesteld"
"""The kind of the buyer's own document with the annex appended (`generate --into`)."""

BandInstrument = Literal["generieke-maatregel", "plan-van-aanpak", "bouwblokken", "buy-social"]
"""The four Maatwerk voor Mensen instruments a profile band can name."""
Instrument = Literal["algemeen", BandInstrument, "raamovereenkomst", "monitoring"]
"""Every clause instrument: the band instruments plus general, framework and monitoring clauses."""


@dataclass(frozen=True)
class Kind:
    """One document kind: its id, the title the document carries, the label the web form shows,
    and the name of its file in OUTDIR (`{ref}` is the tender reference made safe)."""

    id: DocumentKind
    title: str
    label: str
    file_name: str


@dataclass(frozen=True)
class InstrumentInfo:
    """One instrument: its id, its label in lists, and (for band instruments) how running text
    names it ("Invulling via de generieke maatregel")."""

    id: Instrument
    label: str
    phrase: str | None = None


KINDS: tuple[Kind, ...] = (
    Kind(
        "bijlage",
        "Bijlage Social Return",
        "Bijlage social return bij de aanbestedingsstukken",
        "{ref}-bijlage-social-return.docx",
    ),
    Kind(
        "overeenkomst",
        "Bijlage Social Return bij de Overeenkomst",
        "Bijlage social return bij de overeenkomst",
        "{ref}-overeenkomst-social-return.docx",
    ),
    Kind(
        "raamovereenkomst",
        "Bijlage Social Return bij de Raamovereenkomst",
        "Bijlage social return bij de raamovereenkomst",
        "{ref}-raamovereenkomst-social-return.docx",
    ),
    Kind(
        "plan-van-aanpak-formulier",
        "Formulier Plan van aanpak Social Return",
        "Formulier plan van aanpak",
        "{ref}-plan-van-aanpak-formulier.docx",
    ),
)

INSTRUMENTS_INFO: tuple[InstrumentInfo, ...] = (
    InstrumentInfo("algemeen", "Algemeen"),
    InstrumentInfo("generieke-maatregel", "Generieke maatregel", "de generieke maatregel"),
    InstrumentInfo("plan-van-aanpak", "Plan van aanpak", "een plan van aanpak"),
    InstrumentInfo("bouwblokken", "Bouwblokken", "de bouwblokken van de waardetabel"),
    InstrumentInfo("buy-social", "Buy Social", "inkoop bij sociale ondernemingen (buy social)"),
    InstrumentInfo("raamovereenkomst", "Raamovereenkomst"),
    InstrumentInfo("monitoring", "Monitoring"),
)

CONTRACT_FILE = "{number}-{kind}-social-return.docx"
"""The annex of one signed contract, in OUTDIR/<number>/ (`clausegen contract`)."""
BUNDLE_FILE = "{ref}-social-return.zip"
"""The documents of one tender as one download (the web form)."""

DOCUMENT_KINDS: tuple[DocumentKind, ...] = get_args(DocumentKind)
BAND_INSTRUMENTS: tuple[BandInstrument, ...] = get_args(BandInstrument)
INSTRUMENTS: tuple[Instrument, ...] = ("algemeen", *BAND_INSTRUMENTS, "raamovereenkomst", "monitoring")

TITLES: dict[str, str] = {kind.id: kind.title for kind in KINDS}
"""Kind -> the document's title (cover, header, properties)."""
FILE_NAMES: dict[str, str] = {kind.id: kind.file_name for kind in KINDS}
"""Kind -> its file name pattern in OUTDIR."""
DOCUMENT_LABELS: dict[str, str] = {kind.id: kind.label for kind in KINDS}
"""Kind -> what the web form calls it."""
INSTRUMENT_LABELS: dict[str, str] = {info.id: info.label for info in INSTRUMENTS_INFO}
"""Instrument -> its label in lists (web form)."""
INSTRUMENT_NAMES: dict[str, str] = {info.id: info.phrase for info in INSTRUMENTS_INFO if info.phrase}
"""Band instrument -> how running text names it (contract notice, memo)."""


def party_term(profile_kind: str) -> str:
    """The contract's word for the supplier: "Aannemer" in works (UAV 2012), else "Opdrachtnemer"."""
    return "Aannemer" if profile_kind == "werken" else "Opdrachtnemer"


def contract_kind(framework: bool) -> DocumentKind:
    """The contract annex of a plan: for a framework agreement or for an ordinary contract."""
    return "raamovereenkomst" if framework else "overeenkomst"


def _consistent() -> None:
    """The records name exactly the kinds and instruments of the Literal types (which the models
    and mypy read); a kind added to one and not the other fails at import, not in a document."""
    if tuple(kind.id for kind in KINDS) != DOCUMENT_KINDS:
        raise RuntimeError("kinds.KINDS and DocumentKind name different document kinds")
    if tuple(info.id for info in INSTRUMENTS_INFO) != INSTRUMENTS:
        raise RuntimeError("kinds.INSTRUMENTS_INFO and Instrument name different instruments")
    if set(INSTRUMENT_NAMES) != set(BAND_INSTRUMENTS):
        raise RuntimeError("every band instrument, and only those, needs a phrase in kinds.INSTRUMENTS_INFO")


_consistent()

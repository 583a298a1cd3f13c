"""Typed records of the award file (DESIGN.md §7): who won which lots, from when, and what the
winner committed. Checks that need only the award itself live here; checks against the tender
live in `validate`."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ..errors import Invalid
from ..model import LotId, Money, Percent, Text

_STRICT = ConfigDict(extra="forbid", frozen=True)

NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")


def _as_text(value: Any) -> Any:
    """A reference or number written without quotes is read by YAML as a number; it is a name."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _kvk(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        if len(str(value)) != 8:
            raise Invalid("contract.kvk-unquoted")
        return str(value)
    if isinstance(value, str) and not re.fullmatch(r"\d{8}", value.strip()):
        raise Invalid("contract.kvk-digits")
    return value.strip() if isinstance(value, str) else value


def _number(value: str) -> str:
    if not NUMBER_PATTERN.match(value) or value in (".", "..") or ".." in value:
        raise Invalid("contract.number-unsafe")
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _signer(value: Any) -> Any:
    """A signatory left empty in the list (`- ` or `""`) is refused with the fix, not as any empty
    field (fifteenth reading I MINOR-9, J MINOR-10)."""
    if _blank(value):
        raise Invalid("contract.signatory-empty")
    return value


def _signatory(value: Any) -> Any:
    """`signatory: ""` likewise (`signatory:` with nothing is YAML null: left out)."""
    if isinstance(value, str) and _blank(value):
        raise Invalid("contract.signatory-blank")
    return value


FUNCTION_WORDS = frozenset(
    {
        "directeur", "algemeen", "statutair", "bestuurder", "gevolmachtigde", "procuratiehouder", "vennoot",
        "beherend", "eigenaar", "voorzitter", "secretaris", "penningmeester", "manager", "hoofd",
        "bedrijfsleider", "zaakvoerder", "commissaris", "namens", "lid", "ceo", "cfo", "coo", "cto",
        "financieel", "operationeel", "commercieel", "technisch", "directielid", "mede-eigenaar", "gemachtigde",
        "handelend", "q.q.",
    }
)  # fmt: skip
"""Words a function starts with ("directeur Dijkbouw Holland B.V.", "algemeen directeur", "namens X B.V."):
a signatory that starts with one names no person, the mark of a YAML list split on its commas."""

NAME_PARTICLES = frozenset(
    {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "la", "le", "du", "da", "di", "von"}
)
"""Small words a Dutch surname may start with ("van Dijk", "de Graaf")."""

TITLES = frozenset({"mr", "dr", "ir", "ing", "drs", "prof", "mw", "mevr", "dhr", "bc", "ds", "ec"})
"""Titles a name may start with, in lower case ("ir. T. Jansen", "mr. J. de Vries")."""


def _first_word(name: str) -> str:
    return name.split()[0].lower().rstrip(",:;") if name.split() else ""


def function_only(name: str) -> bool:
    """Whether a signatory is a function without a name: it starts with a function word, or a word
    ending in one ("regiodirecteur", "Vestigingsmanager")."""
    word = _first_word(name)
    return word in FUNCTION_WORDS or word.endswith(("directeur", "manager", "bestuurder"))


def starts_lower(name: str) -> bool:
    """Whether a signatory starts with a lower-case word that is neither part of a surname nor a
    title: perhaps a function the list split off its name (a warning, not a refusal)."""
    word = _first_word(name)
    return bool(word) and name.lstrip()[0].islower() and word not in NAME_PARTICLES and word.rstrip(".") not in TITLES


Kvk = Annotated[str, BeforeValidator(_kvk)]
Signer = Annotated[Text, BeforeValidator(_signer)]
Signatory = Annotated[Text, BeforeValidator(_signatory)]
ContractNumber = Annotated[str, BeforeValidator(_as_text), AfterValidator(_number)]


class Partner(BaseModel):
    """A partner (vennoot) of a contractor that is a combination, such as a V.O.F. (lawyer n-7)."""

    model_config = _STRICT
    name: Text
    kvk: Kvk


class Contractor(BaseModel):
    """The contractor as a party to the contract. `signatory` says who represents it, as printed
    in Article 1; `signatories` (optional) names each person who signs, one signature block each,
    where two or more sign jointly, and then wins over `signatory` in Article 1 and above the
    signature blocks (twelfth reading C MINOR-2), so `signatory` may be left out; `partners`
    (optional) names the partners of a combination, each jointly and severally liable (art. 18 WvK
    for a V.O.F.)."""

    model_config = _STRICT
    name: Text
    kvk: Kvk
    address: Text
    signatory: Signatory | None = None
    signatories: Annotated[list[Signer], Field(min_length=1, max_length=10)] | None = None
    partners: Annotated[list[Partner], Field(min_length=2, max_length=20)] | None = None

    @model_validator(mode="after")
    def _signed(self) -> Contractor:
        if self.signatory is None and not self.signatories:
            raise Invalid("contract.signatory-missing")
        for index, name in enumerate(self.signatories or ()):
            if function_only(name):  # fifteenth reading I MINOR-9, J MINOR-10
                raise Invalid("contract.signatory-function-only", ("signatories", index), given=name)
        return self


class Commitment(BaseModel):
    """What the awarded plan of approach committed: a percentage of the basis or an amount."""

    model_config = _STRICT
    percentage: Percent | None = None
    amount_eur: Money | None = None

    @model_validator(mode="after")
    def _one(self) -> Commitment:
        if (self.percentage is None) == (self.amount_eur is None):
            raise Invalid("contract.commitment-one")
        return self


class PsoCertificate(BaseModel):
    """A PSO certificate the contractor named at award."""

    model_config = _STRICT
    level: Literal["aspirant", "trede-1", "trede-2", "trede-3", "pso-30-plus"]
    valid_until: datetime.date


class AwardContract(BaseModel):
    """One contract: its number, the contractor, its lots and its start date."""

    model_config = _STRICT
    number: ContractNumber
    contractor: Contractor
    lots: Annotated[list[LotId], Field(min_length=1, max_length=200)] | None = None
    start_date: datetime.date
    commitment: Commitment | None = None
    pso: PsoCertificate | None = None


class Award(BaseModel):
    """The award file (DESIGN.md §7)."""

    model_config = _STRICT
    tender: Annotated[str, BeforeValidator(_as_text), Field(min_length=1, max_length=60)]
    award_date: datetime.date
    contracts: Annotated[list[AwardContract], Field(min_length=1, max_length=200)]

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


Kvk = Annotated[str, BeforeValidator(_kvk)]
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
    signatory: Text | None = None
    signatories: Annotated[list[Text], Field(min_length=1, max_length=10)] | None = None
    partners: Annotated[list[Partner], Field(min_length=2, max_length=20)] | None = None

    @model_validator(mode="after")
    def _signed(self) -> Contractor:
        if self.signatory is None and not self.signatories:
            raise Invalid("contract.signatory-missing")
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

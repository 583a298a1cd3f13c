"""Reading a contract folder's manifest.json (the award/realisation interface) into the records
the register stores. The file is read as the records of `clausegen.manifest` (the one declaration
of its keys and types, the one `clausegen schema` writes); a value that does not fit them is named
by its key path (`manifest_problems`). On top of the records the register checks what it relies
on: amounts of 0 or more, real dates, an end date not before the start, an 8-digit KvK number.
A tender manifest (from `generate`, without "contract") gives only the tender's lots, for the
coverage part of the council report."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ClausegenError, raise_all
from ..files import read_bytes
from ..manifest import ContractManifest, PlanLot, TenderManifest
from ..realisation.terms import MAX_MANIFEST_BYTES as MANIFEST_LIMIT
from .manifest_problems import Key, problems

MANIFEST = "manifest.json"
_SETTINGS = ("valuation", "settings")
DEFAULT_REPORTING = "jaarlijks"
DEFAULT_REPORT_WEEKS = 6
DEFAULT_RECOVERY_MONTHS = 3
EXCESS = "recovery_months_excess"
DEFAULT_SANCTION_PERCENT = "100"

REASON_SUPPLIES = "leveringen: geen social-returnverplichting"
REASON_BELOW = "onder de drempel van het profiel"
REASON_EFFORT = "onder de drempel: alleen een inspanningsbepaling"
REASON_SHORT = "looptijd korter dan het profiel vraagt"


@dataclass(frozen=True)
class TenderLot:
    """One lot of a tender as its plan decided: with or without social return, and why."""

    lot_id: str
    value: Decimal
    obligation: Decimal
    band: int
    instruments: str
    reason: str


@dataclass(frozen=True)
class ContractLot:
    lot_id: str
    title: str
    obligation: Decimal
    instruments: str


@dataclass(frozen=True)
class Manifest:
    """What the register takes from one manifest.json."""

    path: Path
    sha256: str
    text: str
    data: dict[str, Any]
    tender_reference: str
    tender_sha256: str
    profile_id: str
    profile_version: int
    tender_lots: tuple[TenderLot, ...]
    contract: dict[str, Any] | None
    """The columns of the `contracts` row, None for a tender manifest."""
    lots: tuple[ContractLot, ...]


def _refused(code: str, key: Key, path: Path, value: Any = None) -> ClausegenError:  # noqa: ANN401 - JSON
    """A manifest value the register cannot take, named by its key path (`contract.end_date`)."""
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return ClausegenError(code=code, params={"value": shown[:60]}, path=path, key=key)


def _amount(text: str, key: Key, path: Path) -> Decimal:
    """An amount of the records (text with two decimals) that must not be negative."""
    amount = Decimal(text)
    if amount < 0:
        raise _refused("register.manifest-amount", key, path, text)
    return amount


def _date(text: str, key: Key, path: Path) -> datetime.date:
    """A date of the records (JJJJ-MM-DD) that must exist in the calendar."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise _refused("register.manifest-date", key, path, text) from None


def _whole(value: object, key: Key, path: Path, default: int = 0) -> int:
    """A whole number of 0 or more (a band, a version, weeks); missing or empty is `default`."""
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise _refused("register.manifest-whole", key, path, value)
    return int(value)


_REASONS = {"leveringen": REASON_SUPPLIES, "korte-looptijd": REASON_SHORT}


def lot_reason(lot: PlanLot) -> str:
    """Why a lot has no social return: the reason the plan recorded (`reason_code`), else what
    its band says; '' for a lot with an obligation."""
    if Decimal(lot.obligation_eur) > 0:
        return ""
    if lot.reason_code in _REASONS:
        return _REASONS[lot.reason_code]
    if lot.reason_code is None and lot.band == 0:
        return REASON_SUPPLIES
    return REASON_EFFORT if lot.effort_clause else REASON_BELOW


def _tender_lots(lots: list[PlanLot], path: Path) -> tuple[TenderLot, ...]:
    result = []
    for index, lot in enumerate(lots):
        at: Key = ("plan", "lots", index)
        result.append(
            TenderLot(
                lot_id=lot.id,
                value=_amount(lot.value_eur, (*at, "value_eur"), path),
                obligation=_amount(lot.obligation_eur, (*at, "obligation_eur"), path),
                band=_whole(lot.band, (*at, "band"), path),
                instruments=",".join(lot.instruments),
                reason=lot_reason(lot),
            )
        )
    return tuple(result)


def _load(path: Path) -> tuple[bytes, str, dict[str, Any]]:
    """The manifest's bytes, text and JSON object: a regular file within the size bound."""
    raw = read_bytes(path, "manifest", MANIFEST_LIMIT)  # a regular file, never a FIFO or device
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ClausegenError(code="file.not-utf8", path=path, line=raw[: exc.start].count(b"\n") + 1) from None
    try:
        data = json.loads(text)
    except RecursionError:  # nested deeper than Python's parser goes: no manifest clausegen wrote
        raise ClausegenError(code="register.manifest-json", path=path) from None
    except ValueError as exc:
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
        raise ClausegenError(code="register.manifest-json", path=path, line=line) from None
    if not isinstance(data, dict):
        raise ClausegenError(code="register.manifest-not-object", path=path)
    return raw, text, data


def records(data: dict[str, Any], path: Path) -> TenderManifest | ContractManifest:
    """The manifest as the records of `clausegen.manifest`: of a contract when it has
    "contract", else of a tender; every value that does not fit them refused by its key path."""
    model = ContractManifest if "contract" in data else TenderManifest
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise_all(problems(exc, model, data, path))
        raise  # pragma: no cover - a ValidationError always has an error


def read_manifest(folder: Path) -> Manifest:
    """The manifest of a contract (or tender) folder, read as the typed records."""
    path = folder / MANIFEST if folder.is_dir() else folder
    if not path.exists():
        raise ClausegenError(code="register.no-manifest", path=folder)
    raw, text, data = _load(path)
    manifest = records(data, path)
    profile = manifest.profile
    base: dict[str, Any] = {
        "path": path,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "text": text,
        "data": data,
        "tender_reference": manifest.tender.reference,
        "tender_sha256": manifest.tender.sha256,
        "profile_id": profile.id,
        "profile_version": _whole(profile.version, ("profile", "version"), path),
        "tender_lots": _tender_lots(manifest.plan.lots, path),
    }
    if not isinstance(manifest, ContractManifest):
        return Manifest(**base, contract=None, lots=())
    return Manifest(**base, contract=_contract_row(manifest, base, path), lots=_contract_lots(manifest, path))


def _setting(settings: dict[str, bool | int | str], name: str, path: Path, default: int) -> int:
    """A whole-number setting of the contract (weeks, months); missing, empty or 0 is `default`."""
    return _whole(settings.get(name), (*_SETTINGS, name), path, default) or default


def _excess_months(settings: dict[str, bool | int | str], recovery: int, path: Path) -> int:
    """The longer Hersteltermijn of the part of a framework holder's tekort above the raming
    (raamovereenkomst.niveau): missing, empty or 0 is twice `recovery`, as the contract's default;
    shorter than `recovery` is refused, as `clausegen` refuses it in a profile."""
    months = _setting(settings, EXCESS, path, 2 * recovery)
    if months < recovery:
        raise ClausegenError(
            code="register.manifest-excess-shorter",
            params={"excess": months, "months": recovery},
            path=path,
            key=(*_SETTINGS, EXCESS),
        )
    return months


def _contract_row(manifest: ContractManifest, base: dict[str, Any], path: Path) -> dict[str, Any]:
    contract = manifest.contract
    kvk = contract.contractor.kvk
    if len(kvk) != 8 or not kvk.isdigit():
        raise _refused("register.manifest-kvk", ("contract", "contractor", "kvk"), path, kvk)
    settings = manifest.valuation.settings
    start = _date(contract.start_date, ("contract", "start_date"), path)
    end = _date(contract.end_date, ("contract", "end_date"), path)
    if end < start:
        raise ClausegenError(
            code="register.manifest-end-before-start",
            params={"start": start, "end": end},
            path=path,
            key=("contract", "end_date"),
        )
    recovery = _setting(settings, "recovery_months", path, DEFAULT_RECOVERY_MONTHS)
    return {
        "number": contract.number,
        "contractor_kvk": kvk,
        "contractor_name": contract.contractor.name,
        "tender_reference": base["tender_reference"],
        "tender_sha256": base["tender_sha256"],
        "award_sha256": manifest.award.sha256,
        "manifest_sha256": base["sha256"],
        "profile_id": base["profile_id"],
        "profile_version": base["profile_version"],
        "library_fingerprint": manifest.library.fingerprint,
        "contract_type": contract.contract_type,
        "obligation": _amount(contract.obligation_eur, ("contract", "obligation_eur"), path),
        "start_date": start,
        "end_date": end,
        "reporting": str(settings.get("reporting") or DEFAULT_REPORTING),
        "report_weeks": _setting(settings, "report_weeks", path, DEFAULT_REPORT_WEEKS),
        "recovery_months": recovery,
        "recovery_months_excess": _excess_months(settings, recovery, path),
        "sanction_percent": str(settings.get("sanction_percent") or DEFAULT_SANCTION_PERCENT),
        "bundling": bool(settings.get("bundling", False)),
        "manifest": base["text"],
    }


def _contract_lots(manifest: ContractManifest, path: Path) -> tuple[ContractLot, ...]:
    """The contract's lots with their own obligation: the valuation's lots, else the contract's
    lot ids with the plan's obligation (a contract without lots is one lot "")."""
    plan_lots = {lot.id: lot for lot in manifest.plan.lots}
    lots = []
    if manifest.valuation.lots:
        for index, lot in enumerate(manifest.valuation.lots):
            obligation = _amount(lot.obligation_eur, ("valuation", "lots", index, "obligation_eur"), path)
            lots.append((lot.id, lot.title, obligation))
    else:
        for index, lot_id in enumerate(manifest.contract.lots or [""]):
            planned = plan_lots.get(lot_id)
            at: Key = ("contract", "lots", index)
            lots.append((lot_id, "", _amount(planned.obligation_eur, at, path) if planned else Decimal("0.00")))
    return tuple(
        ContractLot(
            lot_id=lot_id,
            title=title,
            obligation=obligation,
            instruments=",".join(plan_lots[lot_id].instruments) if lot_id in plan_lots else "",
        )
        for lot_id, title, obligation in lots
    )


def difference(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> list[str]:
    """The keys where two manifests differ, as 'key: old -> new' lines (for the refusal)."""
    lines: list[str] = []
    for key in sorted(set(old) | set(new)):
        where = f"{prefix}{key}"
        a, b = old.get(key), new.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            lines.extend(difference(a, b, where + "."))
        elif a != b:
            lines.append(f"{where}: {json.dumps(a, ensure_ascii=False)} -> {json.dumps(b, ensure_ascii=False)}")
    return lines

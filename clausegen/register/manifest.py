"""Reading a contract folder's manifest.json (the award/realisation interface) into the records
the register stores. A tender manifest (from `generate`, without "contract") gives only the
tender's lots, for the coverage part of the council report."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import ClausegenError
from ..files import read_bytes
from ..realisation.terms import MAX_MANIFEST_BYTES as MANIFEST_LIMIT

MANIFEST = "manifest.json"
DEFAULT_REPORTING = "jaarlijks"
DEFAULT_REPORT_WEEKS = 6
DEFAULT_RECOVERY_MONTHS = 3
DEFAULT_SANCTION_PERCENT = "100"

_NOT_FOUND = "geen manifest.json in deze map"
_NOT_FOUND_HINT = "geef de map die `clausegen contract` per overeenkomst schreef"
_BAD_JSON = "manifest.json is geen geldige JSON: {error}"
_MISSING = "manifest.json mist '{key}'"
_BAD_VALUE = "manifest.json: '{key}' heeft een ongeldige waarde {value!r}"
_KVK = "manifest.json: het KvK-nummer moet 8 cijfers hebben, niet {value!r}"
_HINT = "schrijf de map opnieuw met `clausegen contract`"

REASON_SUPPLIES = "leveringen: geen social-returnverplichting"
REASON_BELOW = "onder de drempel van het profiel"
REASON_EFFORT = "onder de drempel: alleen een inspanningsbepaling"


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


def _get(data: Any, *keys: str, path: Path) -> Any:
    here = data
    for index, key in enumerate(keys):
        if not isinstance(here, dict) or key not in here or here[key] is None:
            raise ClausegenError(_MISSING.format(key=".".join(keys[: index + 1])), path=path, hint=_HINT)
        here = here[key]
    return here


def _amount(value: Any, key: str, path: Path) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ClausegenError(_BAD_VALUE.format(key=key, value=value), path=path, hint=_HINT) from None
    if not amount.is_finite() or amount < 0:
        raise ClausegenError(_BAD_VALUE.format(key=key, value=value), path=path, hint=_HINT)
    return amount.quantize(Decimal("0.01"))


def _date(value: Any, key: str, path: Path) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ClausegenError(_BAD_VALUE.format(key=key, value=value), path=path, hint=_HINT) from None


def lot_reason(lot: dict[str, Any]) -> str:
    """Why a lot has no social return: the reason the plan recorded, else what its band says."""
    for key in ("reason", "no_obligation_reason"):
        if isinstance(lot.get(key), str) and lot[key].strip():
            return str(lot[key]).strip()
    if isinstance(lot.get("reasons"), list) and lot["reasons"]:
        return str(lot["reasons"][-1])
    if Decimal(str(lot.get("obligation_eur") or "0")) > 0:
        return ""
    if lot.get("band") == 0:
        return REASON_SUPPLIES
    return REASON_EFFORT if lot.get("effort_clause") else REASON_BELOW


def _tender_lots(plan: dict[str, Any], path: Path) -> tuple[TenderLot, ...]:
    lots = plan.get("lots")
    if not isinstance(lots, list):
        raise ClausegenError(_MISSING.format(key="plan.lots"), path=path, hint=_HINT)
    result = []
    for lot in lots:
        result.append(
            TenderLot(
                lot_id=str(lot.get("id") or ""),
                value=_amount(lot.get("value_eur", "0"), "plan.lots.value_eur", path),
                obligation=_amount(lot.get("obligation_eur", "0"), "plan.lots.obligation_eur", path),
                band=int(lot.get("band") or 0),
                instruments=",".join(lot.get("instruments") or []),
                reason=lot_reason(lot),
            )
        )
    return tuple(result)


def read_manifest(folder: Path) -> Manifest:
    """The manifest of a contract (or tender) folder, checked for the keys the register needs."""
    path = folder / MANIFEST if folder.is_dir() else folder
    if not path.exists():
        raise ClausegenError(_NOT_FOUND, path=folder, hint=_NOT_FOUND_HINT)
    raw = read_bytes(path, "manifest", MANIFEST_LIMIT)  # a regular file, never a FIFO or device
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ClausegenError(_BAD_JSON.format(error=exc), path=path, hint=_HINT) from None
    if not isinstance(data, dict):
        raise ClausegenError(_BAD_JSON.format(error="geen object"), path=path, hint=_HINT)
    plan = _get(data, "plan", path=path)
    base: dict[str, Any] = {
        "path": path,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "text": raw.decode("utf-8"),
        "data": data,
        "tender_reference": str(_get(data, "tender", "reference", path=path)),
        "tender_sha256": str(_get(data, "tender", "sha256", path=path)),
        "profile_id": str(_get(data, "profile", "id", path=path)),
        "profile_version": int(_get(data, "profile", "version", path=path)),
        "tender_lots": _tender_lots(plan, path),
    }
    if "contract" not in data:
        return Manifest(**base, contract=None, lots=())
    return Manifest(**base, contract=_contract_row(data, base, path), lots=_contract_lots(data, path))


def _contract_row(data: dict[str, Any], base: dict[str, Any], path: Path) -> dict[str, Any]:
    contract = _get(data, "contract", path=path)
    kvk = str(_get(contract, "contractor", "kvk", path=path))
    if len(kvk) != 8 or not kvk.isdigit():
        raise ClausegenError(_KVK.format(value=kvk), path=path, hint=_HINT)
    valuation = data.get("valuation") or {}
    settings = valuation.get("settings") or {}
    start = _date(_get(contract, "start_date", path=path), "contract.start_date", path)
    end = _date(_get(contract, "end_date", path=path), "contract.end_date", path)
    if end < start:
        raise ClausegenError(_BAD_VALUE.format(key="contract.end_date", value=str(end)), path=path, hint=_HINT)
    award = data.get("award") or {}
    return {
        "number": str(_get(contract, "number", path=path)),
        "contractor_kvk": kvk,
        "contractor_name": str(_get(contract, "contractor", "name", path=path)),
        "tender_reference": base["tender_reference"],
        "tender_sha256": base["tender_sha256"],
        "award_sha256": award.get("sha256"),
        "manifest_sha256": base["sha256"],
        "profile_id": base["profile_id"],
        "profile_version": base["profile_version"],
        "library_fingerprint": str(_get(data, "library", "fingerprint", path=path)),
        "contract_type": str(contract.get("contract_type") or "overeenkomst"),
        "obligation": _amount(_get(contract, "obligation_eur", path=path), "contract.obligation_eur", path),
        "start_date": start,
        "end_date": end,
        "reporting": str(settings.get("reporting") or DEFAULT_REPORTING),
        "report_weeks": int(settings.get("report_weeks") or DEFAULT_REPORT_WEEKS),
        "recovery_months": int(settings.get("recovery_months") or DEFAULT_RECOVERY_MONTHS),
        "sanction_percent": str(settings.get("sanction_percent") or DEFAULT_SANCTION_PERCENT),
        "bundling": bool(settings.get("bundling", False)),
        "manifest": base["text"],
    }


def _contract_lots(data: dict[str, Any], path: Path) -> tuple[ContractLot, ...]:
    plan_lots = {str(lot.get("id") or ""): lot for lot in data["plan"].get("lots") or []}
    valuation_lots = (data.get("valuation") or {}).get("lots")
    if not valuation_lots:
        ids = data["contract"].get("lots") or [""]
        valuation_lots = [
            {"id": i, "title": "", "obligation_eur": plan_lots.get(str(i), {}).get("obligation_eur", "0")} for i in ids
        ]
    lots = []
    for lot in valuation_lots:
        lot_id = str(lot.get("id") or "")
        lots.append(
            ContractLot(
                lot_id=lot_id,
                title=str(lot.get("title") or ""),
                obligation=_amount(lot.get("obligation_eur", "0"), "valuation.lots.obligation_eur", path),
                instruments=",".join(plan_lots.get(lot_id, {}).get("instruments") or []),
            )
        )
    return tuple(lots)


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

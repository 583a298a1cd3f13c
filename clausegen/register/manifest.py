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
_SETTINGS = ("valuation", "settings")
DEFAULT_REPORTING = "jaarlijks"
DEFAULT_REPORT_WEEKS = 6
DEFAULT_RECOVERY_MONTHS = 3
DEFAULT_SANCTION_PERCENT = "100"

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


Key = tuple[str | int, ...]


def _refused(code: str, key: Key, path: Path, value: Any = None) -> ClausegenError:  # noqa: ANN401 - JSON
    """A manifest value the register cannot take, named by its key path (`contract.end_date`)."""
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return ClausegenError(code=code, params={"value": shown[:60]}, path=path, key=key)


def _get(data: Any, *keys: str, path: Path) -> Any:  # noqa: ANN401 - JSON
    here = data
    for index, key in enumerate(keys):
        if not isinstance(here, dict) or key not in here or here[key] is None:
            raise ClausegenError(code="register.manifest-missing", path=path, key=keys[: index + 1])
        here = here[key]
    return here


def _amount(value: Any, key: Key, path: Path) -> Decimal:  # noqa: ANN401 - JSON
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise _refused("register.manifest-amount", key, path, value) from None
    if isinstance(value, bool) or not amount.is_finite() or amount < 0:
        raise _refused("register.manifest-amount", key, path, value)
    return amount.quantize(Decimal("0.01"))


def _date(value: Any, key: Key, path: Path) -> datetime.date:  # noqa: ANN401 - JSON
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise _refused("register.manifest-date", key, path, value) from None


def _whole(value: Any, key: Key, path: Path, default: int = 0) -> int:  # noqa: ANN401 - JSON
    """A whole number of 0 or more (a band, a version, weeks); missing or null is `default`."""
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise _refused("register.manifest-whole", key, path, value)
    return int(value)


def _records(value: Any, key: Key, path: Path) -> list[dict[str, Any]]:  # noqa: ANN401 - JSON
    """A list of JSON objects (the lots), or the refusal naming the key."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _refused("register.manifest-records", key, path, value)
    return value


def _ids(value: Any, key: Key, path: Path) -> str:  # noqa: ANN401 - JSON
    """A list of texts (instruments) stored comma-separated."""
    if value is None:
        return ""
    if not isinstance(value, list) or not all(isinstance(item, (str, int)) for item in value):
        raise _refused("register.manifest-list", key, path, value)
    return ",".join(str(item) for item in value)


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


def _tender_lots(plan: Any, path: Path) -> tuple[TenderLot, ...]:  # noqa: ANN401 - JSON
    if not isinstance(plan, dict) or plan.get("lots") is None:
        raise ClausegenError(code="register.manifest-missing", path=path, key=("plan", "lots"))
    result = []
    for index, lot in enumerate(_records(plan["lots"], ("plan", "lots"), path)):
        at: Key = ("plan", "lots", index)
        result.append(
            TenderLot(
                lot_id=str(lot.get("id") or ""),
                value=_amount(lot.get("value_eur", "0"), (*at, "value_eur"), path),
                obligation=_amount(lot.get("obligation_eur", "0"), (*at, "obligation_eur"), path),
                band=_whole(lot.get("band"), (*at, "band"), path),
                instruments=_ids(lot.get("instruments"), (*at, "instruments"), path),
                reason=lot_reason(lot),
            )
        )
    return tuple(result)


def read_manifest(folder: Path) -> Manifest:
    """The manifest of a contract (or tender) folder, checked for the keys the register needs."""
    path = folder / MANIFEST if folder.is_dir() else folder
    if not path.exists():
        raise ClausegenError(code="register.no-manifest", path=folder)
    raw = read_bytes(path, "manifest", MANIFEST_LIMIT)  # a regular file, never a FIFO or device
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ClausegenError(code="file.not-utf8", path=path, line=raw[: exc.start].count(b"\n") + 1) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
        raise ClausegenError(code="register.manifest-json", path=path, line=line) from None
    if not isinstance(data, dict):
        raise ClausegenError(code="register.manifest-not-object", path=path)
    plan = _get(data, "plan", path=path)
    base: dict[str, Any] = {
        "path": path,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "text": text,
        "data": data,
        "tender_reference": str(_get(data, "tender", "reference", path=path)),
        "tender_sha256": str(_get(data, "tender", "sha256", path=path)),
        "profile_id": str(_get(data, "profile", "id", path=path)),
        "profile_version": _whole(_get(data, "profile", "version", path=path), ("profile", "version"), path),
        "tender_lots": _tender_lots(plan, path),
    }
    if "contract" not in data:
        return Manifest(**base, contract=None, lots=())
    return Manifest(**base, contract=_contract_row(data, base, path), lots=_contract_lots(data, path))


def _contract_row(data: dict[str, Any], base: dict[str, Any], path: Path) -> dict[str, Any]:
    contract = _get(data, "contract", path=path)
    if not isinstance(contract, dict):
        raise _refused("register.manifest-object", ("contract",), path, contract)
    kvk = str(_get(data, "contract", "contractor", "kvk", path=path))
    if len(kvk) != 8 or not kvk.isdigit():
        raise _refused("register.manifest-kvk", ("contract", "contractor", "kvk"), path, kvk)
    valuation = data.get("valuation") or {}
    if not isinstance(valuation, dict):
        raise _refused("register.manifest-object", ("valuation",), path, valuation)
    settings = valuation.get("settings") or {}
    if not isinstance(settings, dict):
        raise _refused("register.manifest-object", _SETTINGS, path, settings)
    start = _date(_get(data, "contract", "start_date", path=path), ("contract", "start_date"), path)
    end = _date(_get(data, "contract", "end_date", path=path), ("contract", "end_date"), path)
    if end < start:
        raise ClausegenError(
            code="register.manifest-end-before-start",
            params={"start": start, "end": end},
            path=path,
            key=("contract", "end_date"),
        )
    award = data.get("award") or {}
    return {
        "number": str(_get(data, "contract", "number", path=path)),
        "contractor_kvk": kvk,
        "contractor_name": str(_get(data, "contract", "contractor", "name", path=path)),
        "tender_reference": base["tender_reference"],
        "tender_sha256": base["tender_sha256"],
        "award_sha256": award.get("sha256"),
        "manifest_sha256": base["sha256"],
        "profile_id": base["profile_id"],
        "profile_version": base["profile_version"],
        "library_fingerprint": str(_get(data, "library", "fingerprint", path=path)),
        "contract_type": str(contract.get("contract_type") or "overeenkomst"),
        "obligation": _amount(
            _get(data, "contract", "obligation_eur", path=path), ("contract", "obligation_eur"), path
        ),
        "start_date": start,
        "end_date": end,
        "reporting": str(settings.get("reporting") or DEFAULT_REPORTING),
        "report_weeks": _whole(settings.get("report_weeks"), _SETTINGS + ("report_weeks",), path, DEFAULT_REPORT_WEEKS)
        or DEFAULT_REPORT_WEEKS,
        "recovery_months": _whole(
            settings.get("recovery_months"), _SETTINGS + ("recovery_months",), path, DEFAULT_RECOVERY_MONTHS
        )
        or DEFAULT_RECOVERY_MONTHS,
        "sanction_percent": str(settings.get("sanction_percent") or DEFAULT_SANCTION_PERCENT),
        "bundling": bool(settings.get("bundling", False)),
        "manifest": base["text"],
    }


def _contract_lots(data: dict[str, Any], path: Path) -> tuple[ContractLot, ...]:
    plan_lots = {str(lot.get("id") or ""): lot for lot in data["plan"]["lots"]}  # checked by _tender_lots
    key: Key = ("valuation", "lots")
    valuation_lots = (data.get("valuation") or {}).get("lots")
    if not valuation_lots:
        key = ("contract", "lots")
        ids = data["contract"].get("lots") or [""]
        if not isinstance(ids, list):
            raise _refused("register.manifest-list", key, path, ids)
        valuation_lots = [
            {"id": i, "title": "", "obligation_eur": plan_lots.get(str(i), {}).get("obligation_eur", "0")} for i in ids
        ]
    lots = []
    for index, lot in enumerate(_records(valuation_lots, key, path)):
        lot_id = str(lot.get("id") or "")
        lots.append(
            ContractLot(
                lot_id=lot_id,
                title=str(lot.get("title") or ""),
                obligation=_amount(lot.get("obligation_eur", "0"), (*key, index, "obligation_eur"), path),
                instruments=_ids(plan_lots.get(lot_id, {}).get("instruments"), ("plan", "lots"), path),
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

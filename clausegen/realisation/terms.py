"""The contract's own rules, read from its manifest.json (the interface shared with the award
stage): lots and obligations, the term, the value table in force, the blocks the Doelgroep
admits and the settings. Everything the valuation needs, typed, and nothing else."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import ClausegenError
from ..files import read_bytes

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 5_000_000
"""A contract manifest is a few KB; anything far larger is not one."""

BLOCK_KINDS = ("plaatsing", "leerwerkplek", "bonus", "inkoop", "ondersteuning")
KIND_LABELS = {
    "plaatsing": "plaatsing (dienstverband)",
    "leerwerkplek": "leerwerkplek of stage",
    "bonus": "toeslag",
    "inkoop": "inkoop (Buy Social)",
    "ondersteuning": "ondersteuning (kosten of uren)",
}

DEFAULT_SETTINGS: dict[str, Any] = {
    "max_months_per_candidate": 24,
    "recovery_months": 3,
    "hourly_value_eur": "100.00",
    "reporting": "jaarlijks",
    "buy_social_share_percent": "100",
    "sanction_percent": "100",
}
"""Used where a manifest leaves a setting out (model.Settings' defaults; the last two: the whole
wage-cost part of an invoice counts, and the charge is the whole shortfall)."""


@dataclass(frozen=True)
class ContractBlock:
    id: str
    label: str
    kind: str
    value_eur: Decimal | None
    allowed: bool
    withheld_in: tuple[str, ...] = ()
    """For a bonus: the placement blocks in which it does not count, because it would show the
    Kandidaat's group (manifest `withheld_in`, thirteenth reading E MAJOR-2); () in older manifests."""


@dataclass(frozen=True)
class ContractLot:
    id: str
    title: str
    obligation_eur: Decimal
    percentage: Decimal | None = None
    """The lot's percentage (the committed one where higher): a framework holder owes it of the
    real value of its call-offs."""
    basis_share: Decimal = Decimal(1)
    """The basis as a share of the value (the labour share where the basis is the wage sum)."""
    cap_eur: Decimal | None = None
    """The profile's maximum obligation per lot, which also binds an obligation on the real
    call-off value (raamovereenkomst.niveau); None without a cap."""
    value_eur: Decimal | None = None
    """The lot's estimated value in the tender (the Opdrachtwaarde or Geraamde waarde, excl. btw,
    including options and extensions; plan.lots): a framework's Afroepwaarde above it is a signal
    (fourteenth reading H MINOR-6). None where the manifest's plan does not give it."""


@dataclass(frozen=True)
class ContractPso:
    """The PSO certificate the contract credits (buy-social.pso): level, last valid day, lots."""

    level: str
    valid_until: datetime.date
    lots: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    """A clause of the contract the letter cites: its number (None when unknown) and heading."""

    number: int | None
    title: str

    def cite(self) -> str:
        """`artikel 30`, or the heading where the number is not known."""
        if self.number is not None:
            return f"artikel {self.number}"
        return f"het artikel ‘{self.title}’"


SANCTION = "monitoring.sancties"
EVALUATION = "monitoring.evaluatie"
PSO_CLAUSE = "buy-social.pso"
HOLDERS = "raamovereenkomst.houders"
EVIDENCE = "buy-social.bewijs"
CALL_OFF = "raamovereenkomst.nadere-overeenkomsten"
LEVEL = "raamovereenkomst.niveau"
COUNTING = "raamovereenkomst.telling"
AFNEMERS = "raamovereenkomst.afnemers"
SUBJECT = "algemeen.onderwerp"
BONUSES = "bouwblokken.toeslagen"
PRE_EXISTING_RULE = {SUBJECT: 4, "algemeen.doelgroep": 3}
"""The first versions of the clauses that exclude a Kandidaat already employed before the start
date (library revision of 1 December 2026, after the legal review)."""
_HEADINGS = {
    SANCTION: "Niet nakomen van de Social-returnverplichting",
    EVALUATION: "Evaluatie",
    PSO_CLAUSE: "PSO-certificaat",
    HOLDERS: "Raamovereenkomst met meer Opdrachtnemers",
    SUBJECT: "Verband met de Opdracht",
    EVIDENCE: "Bewijs van inkoop bij Sociale ondernemingen",
    CALL_OFF: "Social return per Nadere overeenkomst",
    LEVEL: "De Social-returnverplichting onder de Raamovereenkomst",
    COUNTING: "Hoe Nadere overeenkomsten meetellen",
    BONUSES: "Toeslagen",
    AFNEMERS: "Opdrachtgever en Afnemers",
}
"""Headings of the embedded library, for a manifest written before it carried `articles`."""


@dataclass(frozen=True)
class Terms:
    """What one signed contract says about valuing a verantwoording."""

    number: str
    contractor: str
    contract_type: str
    start_date: datetime.date
    end_date: datetime.date
    obligation_eur: Decimal
    lots: tuple[ContractLot, ...]
    has_lots: bool
    table_id: str
    table_name: str
    table_version: str | None
    table_source: str | None
    hours_per_week: Decimal
    blocks: tuple[ContractBlock, ...]
    max_months_per_candidate: int
    recovery_months: int
    hourly_value_eur: Decimal
    buy_social_share_percent: Decimal
    sanction_percent: Decimal
    reporting: str
    created: datetime.date
    """The date the contract's documents carry (award date, else start date): fixed metadata."""
    party: str = "Opdrachtnemer"
    """The contract's word for the supplier ("Aannemer" in works)."""
    works: bool = False
    """A works contract (UAV 2012): the Looptijd runs to the actual oplevering."""
    interim_percent: Decimal = Decimal(50)
    """The one interim test (monitoring.evaluatie): behind below this share of the linear path."""
    offsetting: bool = False
    per_call_off: bool = False
    """A framework whose obligation lives per Nadere overeenkomst (`obligation_level:
    nadere-overeenkomst`): each call-off is settled on its own, nothing at framework level, so the
    valuation computes no tekort, test, boete or PSO credit for the framework (lawyer7 MAJOR-1)."""
    """A surplus on one lot reduces a shortfall on another lot of this contract (monitoring.sancties)."""
    offset_closed: tuple[str, ...] = ()
    """The lots no surplus of another lot fills: their Plan van aanpak was scored at award
    (monitoring.sancties, sixth legal reading MAJOR-2); empty for a manifest written before."""
    committed: tuple[str, ...] = ()
    """The lots whose percentage is the one the contractor committed to in its Plan van aanpak
    (algemeen.toezegging); empty for a manifest written before (sixth legal reading MINOR-5)."""
    pso: ContractPso | None = None
    pso_share_percent: Decimal = Decimal(50)
    pso_renewal_weeks: int = 4
    """A renewed certificate received this many weeks after its start date counts from that date."""
    hearing_weeks: int = 2
    """The weeks the contractor has to react to the buyer's voornemen of a boete (monitoring.sancties)."""
    outside_max_percent: Decimal = Decimal(50)
    """Work elsewhere in the enterprise and support count only with the buyer's prior written
    consent, together for at most this share of the obligation (algemeen.onderwerp, setting
    outside_contract_max_percent; fourteenth reading G MINOR-7)."""
    report_weeks: int = 6
    """The weeks after a period within which its report is due (monitoring.rapportage): for a work,
    the aanvullende rapportage over the onderhoudstermijn after its end."""
    buy_social_audit_eur: Decimal | None = None
    """Above this wage-cost part per social enterprise and period the statement needs an
    accountant's report (buy-social.bewijs); None for a manifest written before the setting."""
    holders: int = 1
    """Framework holders: with more than one, the obligation is the percentage of the real call-offs."""
    articles: tuple[tuple[str, Article], ...] = ()
    pre_existing_excluded: bool = True
    """A placement or learning place begun before the start date does not count (algemeen.onderwerp
    and algemeen.doelgroep); False only for a contract whose annex predates that rule."""
    call_off_min_eur: Decimal = Decimal(100000)
    """A Nadere overeenkomst below this value has no obligation of its own but is bundled per year
    (raamovereenkomst.nadere-overeenkomsten, setting call_off_min_eur)."""
    opdracht_start: datetime.date | None = None
    """Set where one Nadere overeenkomst is valued on its own term: the framework's start date, from
    which the rule on employment begun before the start counts (algemeen.onderwerp)."""
    opdrachtgever: str = ""
    """The Opdrachtgever's name as the contract binds it (valuation.opdrachtgever): the creditor of
    the boete of a Nadere overeenkomst it concluded; "" in a manifest written before the key."""
    afnemers: tuple[str, ...] = ()
    """The Afnemers that may conclude Nadere overeenkomsten and are the creditor of their boete
    (raamovereenkomst.afnemers, thirteenth reading F MAJOR-3); none in a manifest written before."""
    recovery_months_excess: int = 0
    """A framework holder's longer Hersteltermijn for the part of a tekort up to the excess of the
    settled obligation over the annex's raming (raamovereenkomst.niveau, setting
    recovery_months_excess); 0 in a manifest written before the setting: twice recovery_months."""
    partners: tuple[str, ...] = ()
    """The partners of a combination (V.O.F.) as contractor, each jointly and severally liable
    (algemeen.partijen): the letter is addressed to them too; none in a manifest written before."""

    @property
    def excess_months(self) -> int:
        """The longer Hersteltermijn in months (raamovereenkomst.niveau): the setting, else twice the normal."""
        return self.recovery_months_excess or 2 * self.recovery_months

    @property
    def excluded_before(self) -> datetime.date:
        """Employment begun before this day is no social return (algemeen.onderwerp)."""
        return self.opdracht_start or self.start_date

    def article(self, clause_id: str) -> Article:
        """The contract's article for a clause (its number where the manifest names it)."""
        found = dict(self.articles).get(clause_id)
        return found or Article(None, _HEADINGS.get(clause_id, clause_id))

    @property
    def has_obligation(self) -> bool:
        return self.obligation_eur > 0 or any(lot.obligation_eur > 0 for lot in self.lots)

    @property
    def single_framework(self) -> bool:
        """A framework with one holder and its obligation at framework level: it owes the percentage
        of the real value of all Nadere overeenkomsten (raamovereenkomst.niveau), so the contract's
        amount is a raming and `--afroepwaarde` may give that real value."""
        return (
            self.contract_type == "raamovereenkomst"
            and self.holders <= 1
            and not self.per_call_off
            and self.has_obligation
        )

    @property
    def call_off_valued(self) -> bool:
        """Whether the obligation follows a real call-off value: a holder of a framework with
        several holders, or the one holder of a framework-level obligation."""
        return self.holders > 1 or self.single_framework

    def block(self, block_id: str) -> ContractBlock | None:
        return next((b for b in self.blocks if b.id == block_id), None)

    def lot(self, lot_id: str) -> ContractLot | None:
        return next((lot for lot in self.lots if lot.id == lot_id), None)


def read_manifest(where: str | Path) -> dict[str, Any]:
    """The manifest of a contract folder (or the manifest file itself), bounded in size."""
    path = Path(where)
    if path.is_dir():
        path = path / MANIFEST
    if not path.exists():
        raise ClausegenError(code="realisation.manifest-not-found", path=path)
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise ClausegenError(code="realisation.manifest-too-large", path=path)
    raw = read_bytes(path, "manifest", MAX_MANIFEST_BYTES)  # a regular file, never a FIFO or device
    return manifest_from_bytes(raw, path)


def manifest_from_bytes(raw: bytes, path: str | Path = MANIFEST) -> dict[str, Any]:
    """A contract manifest from its bytes (a file, or a web upload), bounded in size."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise ClausegenError(code="realisation.manifest-too-large", path=path)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        raise ClausegenError(code="realisation.manifest-json", path=path, line=line) from None
    if not isinstance(data, dict):
        raise ClausegenError(code="realisation.manifest-not-contract", path=path)
    return data


class _Reader:
    """Typed access to the manifest's keys, with one Dutch message naming the key that is wrong."""

    def __init__(self, path: str | None) -> None:
        self.path = path

    def fail(self, key: str, problem: str, **params: object) -> ClausegenError:
        """`realisation.manifest-<problem>`: the key that is wrong and how (catalog words)."""
        return ClausegenError(code=f"realisation.manifest-{problem}", params={"key": key, **params}, path=self.path)

    def get(self, data: Any, key: str, dotted: str) -> Any:
        if not isinstance(data, dict) or key not in data:
            raise self.fail(dotted, "missing")
        return data[key]

    def text(self, data: Any, key: str, dotted: str, optional: bool = False) -> str | None:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None and optional:
            return None
        value = self.get(data, key, dotted)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise self.fail(dotted, "text")
        return str(value)

    def amount(self, data: Any, key: str, dotted: str, optional: bool = False) -> Decimal | None:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None and optional:
            return None
        value = self.get(data, key, dotted)
        if isinstance(value, (bool, float)):
            raise self.fail(dotted, "amount-text")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(dotted, "not-amount", value=repr(str(value)[:40])) from None
        if not number.is_finite() or number < 0:
            raise self.fail(dotted, "negative")
        return number

    def date(self, data: Any, key: str, dotted: str) -> datetime.date:
        value = self.text(data, key, dotted)
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(dotted, "date") from None

    def whole(self, data: Any, key: str, dotted: str, low: int, high: int) -> int:
        value = self.get(data, key, dotted)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(dotted, "whole", low=low, high=high)
        return value


def terms_from_manifest(manifest: dict[str, Any], path: str | Path | None = None) -> Terms:
    """The contract's terms, checked; a ClausegenError names the key that is missing or wrong."""
    r = _Reader(str(path) if path is not None else None)
    contract = r.get(manifest, "contract", "contract")
    valuation = r.get(manifest, "valuation", "valuation")
    table = r.get(valuation, "value_table", "valuation.value_table")
    settings = {**DEFAULT_SETTINGS, **(valuation.get("settings") or {})}
    allowed = r.get(valuation, "allowed_blocks", "valuation.allowed_blocks")
    if not isinstance(allowed, list):
        raise r.fail("valuation.allowed_blocks", "block-list")
    blocks = []
    raw_blocks = r.get(table, "blocks", "valuation.value_table.blocks")
    if not isinstance(raw_blocks, list) or not raw_blocks:
        raise r.fail("valuation.value_table.blocks", "block-list")
    for index, raw in enumerate(raw_blocks):
        at = f"valuation.value_table.blocks.{index}"
        block_id = r.text(raw, "id", f"{at}.id") or ""
        kind = r.text(raw, "kind", f"{at}.kind") or ""
        if kind not in BLOCK_KINDS:
            raise r.fail(f"{at}.kind", "block-kind", kinds=", ".join(BLOCK_KINDS))
        value = r.amount(raw, "value_eur", f"{at}.value_eur", optional=True)
        if value is None and kind not in ("inkoop", "ondersteuning"):
            raise r.fail(f"{at}.value_eur", "block-value", block_kind=kind)
        label = r.text(raw, "label", f"{at}.label", optional=True) or block_id
        withheld = raw.get("withheld_in") if isinstance(raw, dict) else None
        if withheld is not None and (not isinstance(withheld, list) or not all(isinstance(b, str) for b in withheld)):
            raise r.fail(f"{at}.withheld_in", "block-list")
        blocks.append(ContractBlock(block_id, label, kind, value, block_id in allowed, tuple(withheld or ())))
    lots = []
    raw_lots = r.get(valuation, "lots", "valuation.lots")
    if not isinstance(raw_lots, list) or not raw_lots:
        raise r.fail("valuation.lots", "no-lots")
    plan_lots = _items(_mapping(manifest.get("plan")).get("lots"))
    for index, raw in enumerate(raw_lots):
        at = f"valuation.lots.{index}"
        lot_id = r.text(raw, "id", f"{at}.id") or ""
        title = r.text(raw, "title", f"{at}.title", optional=True) or ""
        obligation = r.amount(raw, "obligation_eur", f"{at}.obligation_eur") or Decimal(0)
        cap = r.amount(raw, "max_obligation_eur", f"{at}.max_obligation_eur", optional=True)
        percentage, share, value = None, Decimal(1), None
        if len(plan_lots) == len(raw_lots) and isinstance(plan_lots[index], dict):
            planned = plan_lots[index]
            percentage = r.amount(planned, "percentage", f"plan.lots.{index}.percentage", optional=True)
            value = r.amount(planned, "value_eur", f"plan.lots.{index}.value_eur", optional=True)
            basis = r.amount(planned, "basis_eur", f"plan.lots.{index}.basis_eur", optional=True)
            if value and basis is not None:
                share = basis / value
        lots.append(ContractLot(lot_id, title, obligation, percentage, share, cap, value))
    start = r.date(valuation, "start_date", "valuation.start_date")
    end = r.date(valuation, "end_date", "valuation.end_date")
    if end < start:
        raise r.fail("valuation.end_date", "end-before-start")
    award: dict[str, Any] = manifest["award"] if isinstance(manifest.get("award"), dict) else {}
    created = start
    if award.get("award_date"):
        created = r.date(award, "award_date", "award.award_date")
    contractor = contract.get("contractor") if isinstance(contract, dict) else None
    hours = r.get(table, "hours_per_week", "valuation.value_table.hours_per_week")
    if isinstance(hours, bool) or not isinstance(hours, (int, str)) or Decimal(str(hours)) <= 0:
        raise r.fail("valuation.value_table.hours_per_week", "hours")
    version = table.get("version")
    return Terms(
        number=r.text(contract, "number", "contract.number") or "",
        contractor=(r.text(contractor, "name", "contract.contractor.name") or "") if contractor else "",
        contract_type=r.text(contract, "contract_type", "contract.contract_type", optional=True) or "overeenkomst",
        start_date=start,
        end_date=end,
        obligation_eur=r.amount(contract, "obligation_eur", "contract.obligation_eur") or Decimal(0),
        lots=tuple(lots),
        has_lots=any(lot.id for lot in lots),
        table_id=r.text(table, "id", "valuation.value_table.id") or "",
        table_name=r.text(table, "name", "valuation.value_table.name", optional=True) or "",
        table_version=None if version is None else str(version),
        table_source=r.text(table, "source", "valuation.value_table.source", optional=True),
        hours_per_week=Decimal(str(hours)),
        blocks=tuple(blocks),
        max_months_per_candidate=r.whole(
            settings, "max_months_per_candidate", "settings.max_months_per_candidate", 1, 120
        ),
        recovery_months=r.whole(settings, "recovery_months", "settings.recovery_months", 0, 60),
        recovery_months_excess=r.whole(
            {"recovery_months_excess": 0, **settings},
            "recovery_months_excess",
            "settings.recovery_months_excess",
            0,
            120,
        ),
        hourly_value_eur=r.amount(settings, "hourly_value_eur", "settings.hourly_value_eur") or Decimal(0),
        buy_social_share_percent=_percent(r, settings, "buy_social_share_percent"),
        sanction_percent=_percent(r, settings, "sanction_percent"),
        reporting=str(settings.get("reporting") or "jaarlijks"),
        created=created,
        partners=_partners(contractor),
        **_enforcement(r, manifest, valuation, settings),
    )


def _partners(contractor: Any) -> tuple[str, ...]:
    """The names of the contractor's partners in the manifest (`contract.contractor.partners`)."""
    found = contractor.get("partners") if isinstance(contractor, dict) else None
    items = found if isinstance(found, list) else []
    names = [item.get("name") for item in items if isinstance(item, dict)]
    return tuple(name for name in names if isinstance(name, str) and name.strip())


def _lot_list(r: Any, valuation: Any, key: str) -> tuple[str, ...]:
    """An optional list of lot ids under `valuation.<key>`; () where a manifest written before has none."""
    lots = valuation.get(key) if isinstance(valuation, dict) else None
    if lots is not None and (not isinstance(lots, list) or not all(isinstance(lot, str) for lot in lots)):
        raise r.fail(f"valuation.{key}", "lot-list")
    return tuple(lots or ())


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _enforcement(r: _Reader, manifest: dict[str, Any], valuation: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """The keys that follow the contract's enforcement procedure; a manifest written before they
    existed gets the defaults of the embedded library (no offsetting, no PSO credit)."""
    kind = r.text(valuation, "profile_kind", "valuation.profile_kind", optional=True) or "diensten"
    party = r.text(valuation, "party", "valuation.party", optional=True) or (
        "Aannemer" if kind == "werken" else "Opdrachtnemer"
    )
    offsetting = valuation.get("offsetting") if isinstance(valuation, dict) else None
    if offsetting is not None and not isinstance(offsetting, bool):
        raise r.fail("valuation.offsetting", "bool")
    closed = _lot_list(r, valuation, "offset_closed_lots")
    pso = None
    raw_pso = valuation.get("pso") if isinstance(valuation, dict) else None
    if raw_pso is not None:
        lots = r.get(raw_pso, "lots", "valuation.pso.lots")
        if not isinstance(lots, list) or not all(isinstance(lot, str) for lot in lots):
            raise r.fail("valuation.pso.lots", "lot-list")
        pso = ContractPso(
            level=r.text(raw_pso, "level", "valuation.pso.level") or "",
            valid_until=r.date(raw_pso, "valid_until", "valuation.pso.valid_until"),
            lots=tuple(lots),
        )
    articles = []
    raw_articles = valuation.get("articles") if isinstance(valuation, dict) else None
    if isinstance(raw_articles, dict):
        for clause_id, raw in raw_articles.items():
            number = r.whole(raw, "article", f"valuation.articles.{clause_id}.article", 1, 10_000)
            title = r.text(raw, "title", f"valuation.articles.{clause_id}.title") or clause_id
            articles.append((str(clause_id), Article(number, title)))
    else:  # an older manifest: the article numbers from the annex's clause list
        for document in manifest.get("documents") or []:
            for clause in (document.get("clauses") or []) if isinstance(document, dict) else []:
                if (
                    isinstance(clause, dict)
                    and isinstance(clause.get("article"), int)
                    and clause.get("id") in _HEADINGS
                ):
                    articles.append((clause["id"], Article(clause["article"], _HEADINGS[clause["id"]])))
    holders = _mapping(manifest.get("contract")).get("holders", 1)
    if isinstance(holders, bool) or not isinstance(holders, int) or holders < 1:
        raise r.fail("contract.holders", "holders")
    authority = valuation.get("opdrachtgever") if isinstance(valuation, dict) else None
    if authority is not None and not isinstance(authority, str):
        raise r.fail("valuation.opdrachtgever", "text")
    afnemers = valuation.get("afnemers") if isinstance(valuation, dict) else None
    if afnemers is not None and (not isinstance(afnemers, list) or not all(isinstance(a, str) for a in afnemers)):
        raise r.fail("valuation.afnemers", "text")
    plan = _mapping(manifest.get("plan"))
    per_call_off = (
        plan.get("contract_type") == "raamovereenkomst" and plan.get("obligation_level") == "nadere-overeenkomst"
    )
    if offsetting is None:  # an older manifest: the embedded library's rule (monitoring.sancties)
        lots = valuation.get("lots") if isinstance(valuation, dict) else None
        offsetting = isinstance(lots, list) and len(lots) > 1 and not per_call_off
    return {
        "pre_existing_excluded": _pre_existing_excluded(manifest),
        "party": party,
        "works": kind == "werken",
        "interim_percent": _percent(r, {"interim_percent": "50", **settings}, "interim_percent"),
        "offsetting": bool(offsetting),
        "per_call_off": per_call_off,
        "offset_closed": closed,
        "committed": _lot_list(r, valuation, "committed_lots"),
        "pso": pso,
        "pso_share_percent": _percent(r, {"pso_share_percent": "50", **settings}, "pso_share_percent"),
        "pso_renewal_weeks": r.whole(
            {"pso_renewal_weeks": 4, **settings}, "pso_renewal_weeks", "settings.pso_renewal_weeks", 0, 26
        ),
        "hearing_weeks": r.whole({"hearing_weeks": 2, **settings}, "hearing_weeks", "settings.hearing_weeks", 1, 12),
        "outside_max_percent": _percent(
            r, {"outside_contract_max_percent": "50", **settings}, "outside_contract_max_percent"
        ),
        "report_weeks": r.whole({"report_weeks": 6, **settings}, "report_weeks", "settings.report_weeks", 1, 52),
        "holders": holders,
        "articles": tuple(articles),
        "opdrachtgever": (authority or "").strip(),
        "afnemers": tuple(a.strip() for a in afnemers or () if a.strip()),
        "buy_social_audit_eur": r.amount(settings, "buy_social_audit_eur", "settings.buy_social_audit_eur")
        if "buy_social_audit_eur" in settings
        else None,
        "call_off_min_eur": r.amount(
            {"call_off_min_eur": "100000", **settings}, "call_off_min_eur", "settings.call_off_min_eur"
        )
        or Decimal(0),  # fmt: skip
    }


def _pre_existing_excluded(manifest: dict[str, Any]) -> bool:
    """Whether the contract excludes employment begun before its start date. A manifest that lists
    the annex's clauses shows it: the rule holds when a listed algemeen.onderwerp or
    algemeen.doelgroep has the version that carries it, and not when they are listed only in
    older versions (a contract signed before the rule is valued as it was written). A manifest
    that lists neither clause follows the embedded library, which has the rule."""
    listed = [
        clause
        for document in _items(manifest.get("documents"))
        for clause in _items(_mapping(document).get("clauses"))
        if isinstance(clause, dict) and clause.get("id") in PRE_EXISTING_RULE
    ]
    if not listed:
        return True
    return any(
        isinstance(clause.get("version"), int) and clause["version"] >= PRE_EXISTING_RULE[clause["id"]]
        for clause in listed
    )


def _percent(r: _Reader, settings: dict[str, Any], key: str) -> Decimal:
    value = r.amount(settings, key, f"settings.{key}") or Decimal(0)
    if value > 100:
        raise r.fail(f"settings.{key}", "percent")
    return value


def load_terms(where: str | Path) -> tuple[dict[str, Any], Terms]:
    """The manifest of a contract folder and the terms read from it."""
    manifest = read_manifest(where)
    path = Path(where) / MANIFEST if Path(where).is_dir() else Path(where)
    return manifest, terms_from_manifest(manifest, path)

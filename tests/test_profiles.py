"""Walk every profile of the embedded library over values below, at and above every band bound,
both contract types, with and without lots, and check through the public API that the plan
follows the profile and that every generated document is clean (rendered in memory)."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from clausegen import fmt
from clausegen.api import prepare, render_documents
from clausegen.library.load import load_library

CENT = Decimal("0.01")
PROFILES = (
    "schoonmaak", "catering", "beveiliging", "facilitair", "ict", "hoogwaardige-inhuur", "bouw", "leveringen",
)  # fmt: skip
DEFINED_TERMS = (
    "Beoordelaar", "Bouwblok", "Doelgroep", "Hersteltermijn", "Inschrijver", "Inspanningswaarde", "Kandidaat",
    "Loonsom", "Nadere overeenkomst", "Opdracht", "Opdrachtgever", "Opdrachtnemer", "Opdrachtwaarde",
    "Overeenkomst", "Perceel", "Plan van aanpak", "Proeftuin", "PSO-certificaat", "Raamovereenkomst",
    "Social-returnverplichting", "Sociale onderneming", "Waardetabel", "Werkgeversservicepunt",
)  # fmt: skip
"""Capitalised terms the library defines; a document that uses one must define it."""
LEFTOVERS = ("{{", "}}", "{%", "%}", "None", "Undefined", "\ue000", "\ue001", "\\")
EFFORT_TITLE = "Vrijwillige inzet voor social return"


def sample_values(profile) -> list[Decimal]:  # noqa: ANN001
    """Below, at and above every band bound (and a cent either side), plus an odd-cent value."""
    values = {Decimal("100000.00"), Decimal("249999.99"), Decimal("250000.00"), Decimal("250000.01"),
              Decimal("1234567.89"), Decimal("20000000.00")}  # fmt: skip
    for band in profile.bands:
        if band.up_to is not None:
            for delta in ("-0.01", "0", "0.01"):
                values.add((band.up_to + Decimal(delta)).quantize(CENT))
            values.add((band.up_to * 2).quantize(CENT))
    return sorted(v for v in values if v > 0)


def labour_shares(profile) -> list[Decimal | None]:  # noqa: ANN001
    """Both sides of the labour-extensive threshold where the profile has the rule."""
    rule = profile.labour_extensive
    if rule is None:
        return [Decimal("0.6") if profile.basis == "loonsom" else None]
    return [rule.below_share - Decimal("0.01"), rule.below_share]


def expected_lot(profile, value: Decimal, duration: int, share: Decimal | None) -> dict:  # noqa: ANN001
    """The profile's rules applied by hand (DOMAIN.md §8), independent of clausegen.rules."""
    if profile.kind == "leveringen" or duration < profile.min_duration_months:
        return {"obligation": Decimal("0.00"), "instruments": (), "percentage": None, "band": 0}
    index = next(i for i, b in enumerate(profile.bands) if b.up_to is None or value <= b.up_to)
    band = profile.bands[index]
    if not band.instruments:
        return {"obligation": Decimal("0.00"), "instruments": (), "percentage": None, "band": index + 1}
    pct = band.percentage
    rule = profile.labour_extensive
    if rule is not None and share is not None and share < rule.below_share:
        pct = rule.percentage
    basis = (value * share).quantize(CENT, rounding=ROUND_HALF_UP) if profile.basis == "loonsom" else value
    obligation = (basis * pct / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    if profile.max_obligation_eur is not None:
        obligation = min(obligation, profile.max_obligation_eur)
    return {"obligation": obligation, "instruments": tuple(band.instruments), "percentage": pct, "band": index + 1}


def write_tender(path: Path, profile_id: str, contract: str, lots: list[Decimal], duration: int, share) -> Path:  # noqa: ANN001
    data: dict = {
        "reference": "WALK-1",
        "title": "Proefaanbesteding",
        "contracting_authority": "Ministerie van Voorbeeldzaken",
        "category": profile_id,
        "contract_type": contract,
        "duration_months": duration,
        "publication_date": "2027-01-01",
    }
    if share is not None:
        data["labour_share"] = str(share)
    if len(lots) == 1:
        data["value_eur"] = str(lots[0])
    else:
        data["lots"] = [{"id": str(i), "title": f"Perceel {i}", "value_eur": str(v)} for i, v in enumerate(lots, 1)]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def read_docx(data: bytes) -> tuple[list[tuple[str, str, bool]], int]:
    """(style id, text, numbered) for every body paragraph incl. table cells, and the article count.

    Parses the two XML parts with python-docx's oxml parser; loading the whole package with
    `docx.Document` would take half of the walk's time."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = parse_xml(package.read("word/document.xml"))
        styles = parse_xml(package.read("word/styles.xml"))
    numbered_styles = {
        style.get(qn("w:styleId"))
        for style in styles.iter(qn("w:style"))
        if style.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
    }
    rows = []
    for p in body.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style = style_el.get(qn("w:val")) if style_el is not None else ""
        numbered = (ppr is not None and ppr.find(qn("w:numPr")) is not None) or style in numbered_styles
        rows.append((style, "".join(t.text or "" for t in p.iter(qn("w:t"))), numbered))
    return rows, sum(1 for style, _, _ in rows if style == "Artikelkop")


PLURALS = {
    "Beoordelaar": "Beoordelaars", "Bouwblok": "Bouwblokken", "Inschrijver": "Inschrijvers",
    "Kandidaat": "Kandidaten", "Nadere overeenkomst": "Nadere overeenkomsten", "Opdrachtnemer": "Opdrachtnemers",
    "Perceel": "Percelen", "Proeftuin": "Proeftuinen", "PSO-certificaat": "PSO-certificaten",
    "Sociale onderneming": "Sociale ondernemingen",
}  # fmt: skip


def term_pattern(term: str) -> str:
    """A defined term in the singular or the plural (Kandidaten, Percelen, Nadere overeenkomsten)."""
    forms = [PLURALS[term], term] if term in PLURALS else [term]
    return r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])"


def check_document(name: str, data: bytes, plan, has_lots: bool) -> list[str]:  # noqa: ANN001, C901
    """Every problem a reader would see in one generated document."""
    problems = []
    rows, articles = read_docx(data)
    text = "\n".join(t for _, t, _ in rows)
    for leftover in LEFTOVERS:
        if leftover in text:
            problems.append(f"{name}: contains {leftover!r}")
    glued = re.search(r"[^\s\d,]\d{1,2}\. \S", text)
    if glued:
        problems.append(
            f"{name}: a member is glued to the previous line: {text[glued.start() - 20 : glued.end() + 10]!r}"
        )
    for style, title, numbered in rows:
        if style == "Artikelkop" and not numbered:
            problems.append(f"{name}: article '{title}' has no Word numbering")
    for number in re.findall(r"Artikel (\d+)", text):
        if not 1 <= int(number) <= articles:
            problems.append(f"{name}: refers to Artikel {number} of {articles}")
    total = fmt.euro(plan.total_obligation)
    info = [t for _, t, _ in rows]
    # The model contract of a tender with lots is for one contractor, who never owes all lots together.
    model_contract = has_lots and "overeenkomst-social-return" in name
    labels = (
        "Totale social-returnverplichting",
        "Raming social return, alle Nadere overeenkomsten samen (verschuldigd per Nadere overeenkomst)",
        "Raming social return",  # one holder at framework level (eleventh reading A MAJOR-1)
    )
    asked = [lot for lot in plan.lots if "plan-van-aanpak" in lot.instruments]
    if "formulier" in name and has_lots and asked and len(asked) < len(plan.lots):
        # the form covers only the lots that ask for a plan (ninth reading A MINOR-3)
        total = fmt.euro(sum((lot.obligation for lot in asked), Decimal("0.00")))
        labels = tuple(t for t in info if t.startswith("Social-returnverplichting van "))
    at = next((info.index(label) for label in labels if label in info), -1)
    if model_contract and at >= 0:
        problems.append(f"{name}: the model contract prints the total of all lots on its cover")
    elif not model_contract and (at < 0 or info[at + 1].split(" (")[0] != total):
        problems.append(f"{name}: info table does not print the total obligation {total}")
    if "formulier" in name:
        return problems
    body = "\n".join(t for _, t, _ in rows[next(i for i, r in enumerate(rows) if r[0] == "Artikelkop") :])
    lot_figures = {fmt.euro(lot.obligation) for lot in plan.lots}
    if model_contract and total in body and total not in lot_figures:
        problems.append(f"{name}: the model contract prints the total of all lots {total}")
    if plan.has_obligation:
        if total not in body and not model_contract:
            problems.append(f"{name}: the total {total} is not printed in the articles")
        for lot in plan.obligation_lots:
            if fmt.euro(lot.obligation) not in body:
                problems.append(f"{name}: lot {lot.id}'s obligation {fmt.euro(lot.obligation)} is not printed")
    if not has_lots and re.search(r"\bPercel(en)?\b|\bPerceel\b", body):
        problems.append(f"{name}: speaks of Percelen in a tender without lots")
    if (EFFORT_TITLE in body) != plan.effort_clause:
        problems.append(f"{name}: effort clause present={EFFORT_TITLE in body}, plan says {plan.effort_clause}")
    heads = [i for i, (style, _, _) in enumerate(rows) if style == "Artikelkop"]
    first = next(i for i in heads if rows[i][1] == "Begripsbepalingen")
    end = next((i for i in heads if i > first), len(rows))
    definitions = "\n".join(t for _, t, _ in rows[first:end])
    defined = {term for term in DEFINED_TERMS if re.search(rf"^{re.escape(term)}:", definitions, re.M)}
    for term in DEFINED_TERMS:
        if term not in defined and re.search(term_pattern(term), body):
            problems.append(f"{name}: uses '{term}' without defining it")
    for term in defined:
        uses = len(re.findall(term_pattern(term), body))
        if uses < 2:  # once in its own definition
            problems.append(f"{name}: defines '{term}' but never uses it")
    return problems


def cases(profile) -> list[tuple[str, list[Decimal], int, Decimal | None]]:  # noqa: ANN001
    values = sample_values(profile)
    out = []
    for share in labour_shares(profile):
        for contract in ("overeenkomst", "raamovereenkomst"):
            for index, value in enumerate(values):
                out.append((contract, [value], 48, share))
                partner = values[(index + len(values) // 2) % len(values)]
                out.append((contract, [value, partner], 48, share))
    short = profile.min_duration_months - 1
    if short > 0:
        for contract in ("overeenkomst", "raamovereenkomst"):
            out.append((contract, [values[-1]], short, labour_shares(profile)[0]))
            out.append((contract, [values[-1], values[0]], profile.min_duration_months, labour_shares(profile)[0]))
    return out


@cache
def walk(profile_id: str, tmp: str) -> tuple[list[str], frozenset[str], int]:
    """Run every case of one profile; returns the problems, the clause ids used and the case count."""
    profile = load_library().profile(profile_id)
    problems: list[str] = []
    used: set[str] = set()
    all_cases = cases(profile)
    for number, (contract, lots, duration, share) in enumerate(all_cases):
        label = f"{profile_id} {contract} lots={[str(v) for v in lots]} duration={duration} share={share}"
        path = write_tender(Path(tmp) / f"{profile_id}-{number}.yaml", profile_id, contract, lots, duration, share)
        prepared = prepare(path)
        plan = prepared.plan
        for lot, value in zip(plan.lots, lots, strict=True):
            want = expected_lot(profile, value, duration, share)
            got = {"obligation": lot.obligation, "instruments": lot.instruments, "percentage": lot.percentage,
                   "band": lot.band}  # fmt: skip
            if got != want:
                problems.append(f"{label}: lot {lot.id}: plan {got} != profile {want}")
            if lot.obligation != lot.obligation.quantize(CENT):
                problems.append(f"{label}: lot {lot.id}: obligation {lot.obligation} not in whole cents")
            if lot.has_obligation and prepared.inputs.table.block(profile.reference_block).value_eur:
                years = (lot.obligation / prepared.inputs.table.block(profile.reference_block).value_eur).quantize(
                    Decimal("0.1"), rounding=ROUND_DOWN
                )
                if lot.person_years != years:
                    problems.append(f"{label}: lot {lot.id}: person-years {lot.person_years} != {years}")
        if plan.total_obligation != sum((lot.obligation for lot in plan.lots), Decimal(0)):
            problems.append(f"{label}: total obligation is not the sum of the lots")
        if plan.total_value != sum(lots, Decimal(0)):
            problems.append(f"{label}: total value is not the sum of the lots")
        files, manifest = render_documents(prepared)
        kinds = {doc["kind"] for doc in manifest["documents"]}
        expected = set()
        if any(lot.has_obligation or lot.effort_clause for lot in plan.lots):
            expected = {"bijlage", contract}
            if "plan-van-aanpak" in plan.instruments:
                expected.add("plan-van-aanpak-formulier")
        if kinds != expected:
            problems.append(f"{label}: documents {sorted(kinds)} != {sorted(expected)}")
        if manifest["plan"]["total_obligation_eur"] != str(plan.total_obligation):
            problems.append(f"{label}: manifest total differs from the plan")
        for doc in manifest["documents"]:
            used.update(c["id"] for c in doc["clauses"])
        for name, data in files.items():
            problems.extend(f"{label}: {p}" for p in check_document(name, data, plan, len(lots) > 1))
    return problems, frozenset(used), len(all_cases)


@pytest.fixture(scope="module")
def walk_dir(tmp_path_factory) -> str:  # noqa: ANN001
    return str(tmp_path_factory.mktemp("walk"))


def test_all_eight_profiles_exist():
    lib = load_library()
    assert sorted(lib.profiles) == sorted(PROFILES)
    for profile_id in PROFILES:
        profile = lib.profile(profile_id)
        assert profile.name and profile.owner and profile.target_groups and profile.bands
        assert profile.value_table in lib.value_tables


@pytest.mark.parametrize("profile_id", PROFILES)
def test_profile_walk_plans_and_documents_are_clean(profile_id: str, walk_dir: str):
    problems, _, count = walk(profile_id, walk_dir)
    assert count >= 20
    assert problems == [], "\n".join(problems[:20])


def test_walk_uses_every_clause_of_the_annexes(walk_dir: str):
    """No clause is dead: each one reaches a document for some profile, size and contract type."""
    used: set[str] = set()
    for profile_id in PROFILES:
        used |= walk(profile_id, walk_dir)[1]
    annex_clauses = {
        c.id
        for c in load_library().clause_list()
        if c.status == "approved"
        and set(c.documents) & {"bijlage", "overeenkomst", "raamovereenkomst"}
        # only after award (a signed contract, several framework holders): tests/test_contract*.py
        and not (c.when and ("contract.signed" in c.when or "contract.holders" in c.when))
        # only where the tender names afnemers: tests/test_third_reading_frameworks.py
        and not (c.when and "tender.afnemers" in c.when)
    }
    assert annex_clauses - used == set()


def test_profiles_follow_domain_defaults():
    """DOMAIN.md §8: no obligation up to € 250.000 or under 6 months; 5 %; 2 % under 30 % labour."""
    lib = load_library()
    for profile_id in PROFILES:
        profile = lib.profile(profile_id)
        assert profile.min_duration_months == 6
        first = profile.bands[0]
        assert first.instruments == [] and first.effort_clause
        if profile.kind == "leveringen":
            assert len(profile.bands) == 1
            continue
        assert profile.kind in ("diensten", "werken")
        assert first.up_to == Decimal(250000)
        # HWI: a 2 % floor with the plan scored at award (review L9), not the generic 5 %
        expected = 2 if profile_id == "hoogwaardige-inhuur" else 5
        assert all(b.percentage == expected for b in profile.bands[1:]), profile_id
    for profile_id in ("ict", "bouw"):
        rule = lib.profile(profile_id).labour_extensive
        assert rule is not None and (rule.below_share, rule.percentage) == (Decimal("0.30"), 2)
    hwi = lib.profile("hoogwaardige-inhuur")
    assert hwi.framework.obligation_level == "raamovereenkomst"
    assert all("plan-van-aanpak" in b.instruments and "generieke-maatregel" not in b.instruments
               for b in hwi.bands[1:])  # fmt: skip
    assert all({"bouwblokken", "buy-social"} <= set(b.instruments) for b in hwi.bands[1:])
    assert all(b.award_criterion for b in hwi.bands[1:]) and hwi.settings.plan_max_pages == 2
    for profile_id in ("schoonmaak", "catering", "beveiliging", "facilitair"):
        last = lib.profile(profile_id).bands[-1]
        assert last.award_criterion and "plan-van-aanpak" in last.instruments


def test_every_profile_file_explains_its_rules():
    """Category managers read the profiles: each starts with a comment saying why."""
    root = Path(__file__).resolve().parent.parent / "profiles"
    for profile_id in PROFILES:
        lines = (root / f"{profile_id}.yaml").read_text(encoding="utf-8").splitlines()
        comment = [line for line in lines[: lines.index(next(x for x in lines if x.startswith("id:")))]]
        assert len(comment) >= 3 and all(line.startswith("#") for line in comment), profile_id

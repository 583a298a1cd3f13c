"""Checks on value tables that only the whole library shows (`clausegen check`): overlaps and
gaps between versions of one table, the privacy rule on block ids and labels (review B2), a
block for every target group a profile names (review C12), and placement categories that a
Doelgroep leaves with too few groups to hide which group a candidate is in (review B2), or
with too few groups that reveal no special kind of data to hide that kind (lawyer M-4, fourth
reading MAJOR-1)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from ..errors import ClausegenError
from ..model import Profile, TargetGroup, ValueTable
from .load import Entry, Library

SPECIAL_TERMS = (
    "uitkering", "participatiewet", "bijstand", "wajong", "wsw", "wia", "wao", "wga", "waz", "ioaw",
    "ioaz", "ww", "banenafspraak", "doelgroepregister", "arbeidsongeschikt", "arbeidsbeperking",
    "beperking", "handicap", "gehandicapt", "gezondheid", "ziekte", "detentie", "gedetineerd",
    "strafrecht", "justitie", "reclassering",
)  # fmt: skip
"""Words that, in a block id or label, would tell the buyer or an auditor which special category
(health, benefits history, criminal record) a candidate falls under (review B2)."""

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REVEALS = ("uitkering", "gezondheid", "strafrecht")
"""The kinds a group can reveal (model.TargetGroup.reveals), in the order the message names them."""


def _consequence(groups: list[str], known: dict[str, TargetGroup]) -> ClausegenError | str:
    """ ", en zo een uitkering of ..." for the kinds the groups reveal, as catalog words (lawyer n-15);
    empty when they reveal none."""
    kinds = [kind for kind in _REVEALS if any(kind in known[g].reveals for g in groups if g in known)]
    if not kinds:
        return ""
    words = {name: ClausegenError(code=f"reveals.{kind}", params={}) for name, kind in zip("abc", kinds, strict=False)}
    return ClausegenError(code=f"table.reveals-{len(kinds)}", params=words)


def thin_categories(table: ValueTable, groups: list[str], minimum: int) -> list[tuple[str, list[str]]]:
    """Placement blocks (kind `plaatsing`, bound to groups) that hold at least one but fewer than
    `minimum` of `groups`: (block id, the groups of `groups` it holds). Reporting such a category
    per candidate would name the group; a block with none of the groups is not shown at all."""
    found = []
    for block in table.blocks:
        if block.kind != "plaatsing" or not block.target_groups:
            continue
        present = [g for g in block.target_groups if g in groups]
        if 0 < len(present) < minimum:
            found.append((block.id, present))
    return found


def thin_category_error(
    table: ValueTable, groups: list[str], minimum: int, known: dict[str, TargetGroup], allowed: list[str]
) -> ClausegenError | None:
    """The Dutch error for the first thin category of `groups`, with the fix: the groups of that
    category that `allowed` (the profile's Doelgroep) still offers, or leaving the group out."""
    thin = thin_categories(table, groups, minimum)
    if not thin:
        return None
    block_id, present = thin[0]
    block = table.block(block_id)
    assert block is not None
    names = [f"'{g}' ({known[g].label})" if g in known else f"'{g}'" for g in present]
    extra = [f"'{g}'" for g in block.target_groups if g in allowed and g not in present]
    params = {
        "block": block_id,
        "label": block.label,
        "present": names,
        "groups": [f"‘{known[g].label}’" if g in known else f"‘{g}’" for g in present],
        "consequence": _consequence(present, known),
        "minimum": minimum,
        "add": extra,
        "drop": [f"'{g}'" for g in present],
    }
    code = "table.thin-category" if extra else "table.thin-category-drop"
    return ClausegenError(code=code, params=params, key=("target_groups",))


def exposed_categories(
    table: ValueTable, groups: list[str], minimum: int, known: dict[str, TargetGroup]
) -> list[tuple[str, list[str], list[str], list[str]]]:
    """Placement blocks whose groups of `groups` include a group that reveals a special kind of
    data (model.SPECIAL_KINDS) while fewer than `minimum` of them reveal none: (block id, the
    kinds, as `artikel-9`/`artikel-10`, the sensitive groups, the others). Only a group that
    reveals no special kind counts as another kind (lawyer's fourth reading MAJOR-1): a
    criminal-record group beside a health group does not hide either, since a category of such
    groups still tells a buyer who knows the person that art. 9 or 10 AVG data apply."""
    found = []
    for block in table.blocks:
        if block.kind != "plaatsing" or not block.target_groups:
            continue
        present = [g for g in block.target_groups if g in groups]
        inside = [g for g in present if _kind(known, g) is not None]
        outside = [g for g in present if _kind(known, g) is None]
        if inside and len(outside) < minimum:
            kinds = sorted({k for g in inside if (k := _kind(known, g)) is not None}, key=_ARTICLES.index)
            found.append((block.id, kinds, inside, outside))
    return found


_ARTICLES = ("artikel-9", "artikel-10")
"""The special kinds in the order a message names them (health, then a criminal past)."""


def _kind(known: dict[str, TargetGroup], group: str) -> str | None:
    item = known.get(group)
    return item.avg if item is not None else None


_OUTSIDE_CODES = {0: "tender.outside-none", 1: "tender.outside-one"}
"""Count-aware words for the groups outside a sensitive kind (lawyer5 MINOR-10, lawyer6 MINOR-12):
"geen enkele groep", "maar één groep", else "maar {count} groepen"."""


def exposed_category_error(
    table: ValueTable, groups: list[str], minimum: int, known: dict[str, TargetGroup], allowed: list[str]
) -> ClausegenError | None:
    """The error for the first category that reveals a special kind of data, with the fix: only
    groups that reveal no special kind and that the category and `allowed` (the profile's
    Doelgroep) still offer, or leaving the sensitive groups out. It never suggests a group that
    reveals health or a criminal past."""
    exposed = exposed_categories(table, groups, minimum, known)
    if not exposed:
        return None
    block_id, kinds, inside, outside = exposed[0]
    block = table.block(block_id)
    assert block is not None
    extra = [g for g in block.target_groups if g in allowed and g not in groups and _kind(known, g) is None]
    params = {
        "block": block_id,
        "label": block.label,
        "kind": "-".join(kinds).replace("-artikel-", "-"),
        "inside": ", ".join(inside),
        "count": len(outside),
        # count-aware words (lawyer5 MINOR-10): "geen enkele groep" rather than "maar 0 groep(en)"
        "outside": ClausegenError(
            code=_OUTSIDE_CODES.get(len(outside), "tender.outside-some"), params={"count": len(outside)}
        ),
        "minimum": minimum,
        "add": ", ".join(extra),
    }
    enough = extra and len(outside) + len(extra) >= minimum  # else adding them all would not do
    code = "tender.category-reveals-kind" if enough else "tender.category-reveals-kind-drop"
    return ClausegenError(code=code, params=params, key=("target_groups",))


def table_problems(lib: Library) -> Iterator[ClausegenError]:
    """Every problem of the library's value tables and of the profiles' coverage."""
    for versions in lib.table_versions.values():
        yield from _periods(versions)
        for entry in versions:
            yield from _privacy(lib, entry)
    for entry in lib.profiles.values():
        yield from _coverage(lib, entry)
        yield from _thin(lib, entry)


def _version(table: ValueTable) -> str | ClausegenError:
    """A table's version for a message: its number, or the catalog's words for none."""
    return str(table.version) if table.version is not None else ClausegenError(code="table.unnumbered")


def _periods(versions: list[Entry]) -> Iterator[ClausegenError]:
    """Versions of one table, in order of valid_from, must follow each other without overlap or gap."""
    if len(versions) < 2:
        return
    for entry in versions:
        table: ValueTable = entry.item  # type: ignore[assignment]
        if table.valid_from is None:
            yield ClausegenError(
                code="table.version-open", params={"id": table.id, "a": _version(table)}, path=entry.path
            )
            return
    for before, after in zip(versions, versions[1:], strict=False):
        old: ValueTable = before.item  # type: ignore[assignment]
        new: ValueTable = after.item  # type: ignore[assignment]
        assert new.valid_from is not None
        line = after.source.line_of(("valid_from",))
        if old.valid_until is None or old.valid_until >= new.valid_from:
            params = {"id": new.id, "a": _version(old), "b": _version(new), "day": new.valid_from}
            yield ClausegenError(code="table.versions-overlap", params=params, path=after.path, line=line)
        elif old.valid_until + datetime.timedelta(days=1) < new.valid_from:
            params = {
                "id": new.id, "a": _version(old), "b": _version(new), "until": old.valid_until,
                "start": new.valid_from,
            }  # fmt: skip
            yield ClausegenError(code="table.versions-gap", params=params, path=after.path, line=line)


def special_term(text: str) -> str | None:
    """The first word of `text` that names a special category, or None."""
    for word in _WORD.findall(text.lower()):
        for part in word.split("-"):
            for term in SPECIAL_TERMS:
                # short names (ww, wia) only as a whole word; longer ones also inside a compound
                if part == term or (len(term) >= 6 and term in part):
                    return term
    return None


def _privacy(lib: Library, entry: Entry) -> Iterator[ClausegenError]:
    table: ValueTable = entry.item  # type: ignore[assignment]
    for index, block in enumerate(table.blocks):
        for text, key, code in (
            (block.id, "id", "table.special-term-id"),
            (block.label, "label", "table.special-term-label"),
        ):
            term = special_term(text)
            if term is not None:
                yield ClausegenError(
                    code=code,
                    params={"id": table.id, "block": block.id, "term": term},
                    path=entry.path,
                    line=entry.source.line_of(("blocks", index, key)),
                )
        for key, bound in (("target_groups", block.target_groups), ("excludes_groups", block.excludes_groups)):
            for group in bound:
                if group not in lib.target_groups:
                    yield ClausegenError(
                        code="table.unknown-group",
                        params={"id": table.id, "block": block.id, "group": group},
                        path=entry.path,
                        line=entry.source.line_of(("blocks", index, key)),
                    )


def _coverage(lib: Library, entry: Entry) -> Iterator[ClausegenError]:
    """Each target group of a profile has a placement or learning place in every version of its table."""
    profile: Profile = entry.item  # type: ignore[assignment]
    versions = lib.table_versions.get(profile.value_table, [])
    for version in versions:
        table: ValueTable = version.item  # type: ignore[assignment]
        covered = {g for b in table.blocks if b.kind in ("plaatsing", "leerwerkplek") for g in b.target_groups}
        versioned = len(versions) > 1 and table.version is not None
        for index, group in enumerate(profile.target_groups):
            if group not in covered:
                yield ClausegenError(
                    code="table.group-uncovered-version" if versioned else "table.group-uncovered",
                    params={"group": group, "table": table.id, "version": table.version},
                    path=entry.path,
                    line=entry.source.line_of(("target_groups", index)),
                )


def _thin(lib: Library, entry: Entry) -> Iterator[ClausegenError]:
    """A profile's own Doelgroep must not leave a placement category with too few groups."""
    profile: Profile = entry.item  # type: ignore[assignment]
    if not any(band.instruments for band in profile.bands):
        return  # no obligation, so no reporting per category
    minimum = profile.settings.min_groups_per_category
    for version in lib.table_versions.get(profile.value_table, []):
        table: ValueTable = version.item  # type: ignore[assignment]
        problem = thin_category_error(table, profile.target_groups, minimum, lib.target_groups, [])
        if problem is not None:
            problem.path, problem.line = str(entry.path), entry.source.line_of(("target_groups",))
            yield problem
        exposed = exposed_category_error(
            table, profile.target_groups, profile.settings.min_groups_outside_sensitive_kind, lib.target_groups, []
        )
        if exposed is not None:
            exposed.path, exposed.line = str(entry.path), entry.source.line_of(("target_groups",))
            yield exposed

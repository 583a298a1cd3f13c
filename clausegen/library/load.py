"""Find, load and index a clause library: `clauses/**.yaml`, `profiles/*.yaml`,
`profiles/value-tables/*.yaml` and `profiles/target-groups/*.yaml`.

Loading collects every problem (for `check`); `load_library` raises the first one."""

from __future__ import annotations

import datetime
import hashlib
import os
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ClausegenError, raise_all
from ..files import MAX_YAML_BYTES, inside, read_bytes
from ..model import Clause, Profile, TargetGroup, TargetGroupList, ValueTable
from .roots import ENV_VAR as ENV_VAR  # re-exported: the names load always had
from .roots import embedded_root as embedded_root
from .roots import resolve_root
from .validation import closest, problems
from .yamlio import Located, load_yaml, read_text

if TYPE_CHECKING:
    from pydantic import BaseModel

VALUE_TABLES = Path("profiles") / "value-tables"
TARGET_GROUPS = Path("profiles") / "target-groups"


@dataclass(frozen=True)
class Entry:
    """A validated record with the file it came from, for messages that point at lines."""

    item: object
    source: Located

    @property
    def path(self) -> Path:
        return self.source.path


@dataclass
class Library:
    root: Path
    clauses: dict[str, Entry] = field(default_factory=dict)
    profiles: dict[str, Entry] = field(default_factory=dict)
    value_tables: dict[str, Entry] = field(default_factory=dict)
    """The newest version of each value table, by id."""
    table_versions: dict[str, list[Entry]] = field(default_factory=dict)
    """Every version of each value table, by id, oldest first."""
    target_groups: dict[str, TargetGroup] = field(default_factory=dict)
    problems: list[ClausegenError] = field(default_factory=list)
    fingerprint: str = ""
    derived: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    """Data computed from this library and kept with it (the previews' sample tenders and
    their template contexts): valid while this object lives, since a library whose files
    change is loaded as a new `Library`."""

    def clause(self, clause_id: str) -> Clause:
        entry = self.clauses.get(clause_id)
        if entry is None:
            raise ClausegenError(
                code="library.no-clause",
                params={"id": clause_id, "root": self.root, "suggestion": closest(clause_id, self.clauses)},
            )
        return entry.item  # type: ignore[return-value]

    def profile(
        self, profile_id: str, *, path: Path | None = None, line: int | None = None, key: tuple[str, ...] = ()
    ) -> Profile:
        entry = self.profiles.get(profile_id)
        if entry is None:
            close = closest(profile_id, self.profiles)
            raise ClausegenError(
                code="library.no-profile-suggest" if close else "library.no-profile",
                params={"category": profile_id, "suggestion": close, "known": sorted(self.profiles)},
                path=path,
                line=line,
                key=key,
            )
        return entry.item  # type: ignore[return-value]

    def value_table(self, table_id: str, on: datetime.date | None = None) -> ValueTable:
        """The table `table_id`; with `on`, the version in force on that date (the tender's
        publication date), so a tender keeps the table it was published under."""
        versions = self.table_versions.get(table_id)
        if not versions:
            raise ClausegenError(
                code="library.no-value-table", params={"id": table_id, "folder": self.root / VALUE_TABLES}
            )
        if on is None:
            return self.value_tables[table_id].item  # type: ignore[return-value]
        for entry in reversed(versions):
            if entry.item.in_force(on):  # type: ignore[attr-defined]
                return entry.item  # type: ignore[return-value]
        raise ClausegenError(
            code="library.no-table-version", params={"id": table_id, "date": on}, path=versions[0].path
        )

    def clause_list(self) -> list[Clause]:
        return [entry.item for entry in self.clauses.values()]  # type: ignore[misc]

    def profile_list(self) -> list[Profile]:
        return [entry.item for entry in self.profiles.values()]  # type: ignore[misc]


def _files(root: Path, folder: Path, pattern: str, found: list[ClausegenError]) -> list[Path]:
    """YAML files under root/folder, refusing anything that leads outside the library."""
    base = root / folder
    if not base.is_dir():
        return []
    out = []
    for path in sorted(base.rglob("*")):
        if path.is_dir() and path.is_symlink():
            found.append(ClausegenError(code="library.linked-folder", path=path))
        elif path.is_dir() and path.suffix == ".yaml":
            found.append(ClausegenError(code="library.folder-named-yaml", path=path))
    for path in sorted(base.glob(pattern)):
        if path.is_dir():
            continue  # a folder named *.yaml or a linked folder: reported above
        try:
            real = inside(path, root)
            mode = os.stat(real).st_mode
        except ClausegenError as exc:
            found.append(exc)
            continue
        except OSError as exc:
            found.append(
                ClausegenError(
                    code="file.unreadable", params={"what": "library", "reason": exc.strerror or exc}, path=path
                )
            )
            continue
        if not stat.S_ISREG(mode):
            found.append(ClausegenError(code="library.not-regular", path=path))
            continue
        out.append(path)
    return out


def _read(root: Path, path: Path, what: str, found: list[ClausegenError]) -> Located | None:
    try:
        return load_yaml(path, what, read_text(path, what, root=root))
    except ClausegenError as exc:
        found.append(exc)
        return None


def _load_all(root: Path, folder: Path, pattern: str, model: type[BaseModel], what: str, lib: Library) -> list[Entry]:
    entries = []
    for path in _files(root, folder, pattern, lib.problems):
        located = _read(root, path, what, lib.problems)
        if located is None:
            continue
        found = problems(model, located, what)
        if found:
            lib.problems.extend(found)
            continue
        entries.append(Entry(model.model_validate(located.data), located))
    return entries


def _index(entries: list[Entry], what: str, into: dict[str, Entry], found: list[ClausegenError]) -> None:
    for entry in entries:
        item_id = entry.item.id  # type: ignore[attr-defined]
        if item_id in into:
            first = into[item_id].path
            found.append(
                ClausegenError(
                    code="library.id-twice",
                    params={"what": what, "id": item_id, "first": first},
                    path=entry.path,
                    line=entry.source.line_of(("id",)),
                )
            )
            continue
        into[item_id] = entry


def _index_tables(entries: list[Entry], lib: Library) -> None:
    """Value tables by id; several files may share an id when each has its own version."""
    for entry in entries:
        table: ValueTable = entry.item  # type: ignore[assignment]
        versions = lib.table_versions.setdefault(table.id, [])
        clash = next((e for e in versions if e.item.version == table.version), None)  # type: ignore[attr-defined]
        if clash is not None:
            lib.problems.append(
                ClausegenError(
                    code="library.table-version-twice",
                    params={"id": table.id, "first": clash.path},
                    path=entry.path,
                    line=entry.source.line_of(("version",) if table.version else ("id",)),
                )
            )
            continue
        versions.append(entry)
    for table_id, versions in lib.table_versions.items():
        versions.sort(key=lambda e: (e.item.valid_from or datetime.date.min, e.item.version or 0))  # type: ignore[attr-defined]
        lib.value_tables[table_id] = versions[-1]


def _fingerprint(root: Path, paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        try:
            digest.update(read_bytes(path, "library", MAX_YAML_BYTES, root=root))
        except ClausegenError:  # replaced since it was read; `check` and the next load report it
            digest.update(b"?")
        digest.update(b"\0")
    return digest.hexdigest()


def collect(root: Path) -> Library:
    """Load everything, keeping every problem in `Library.problems` (nothing raised)."""
    lib = Library(root=root)
    _index(_load_all(root, Path("clauses"), "**/*.yaml", Clause, "clause", lib), "clause", lib.clauses, lib.problems)
    _index(_load_all(root, Path("profiles"), "*.yaml", Profile, "profile", lib), "profile", lib.profiles, lib.problems)
    _index_tables(_load_all(root, VALUE_TABLES, "*.yaml", ValueTable, "value table", lib), lib)
    for entry in _load_all(root, TARGET_GROUPS, "*.yaml", TargetGroupList, "target groups", lib):
        for group in entry.item.target_groups:  # type: ignore[attr-defined]
            if group.id in lib.target_groups:
                lib.problems.append(
                    ClausegenError(code="library.group-twice", params={"id": group.id}, path=entry.path)
                )
            lib.target_groups[group.id] = group
    for entry in lib.profiles.values():
        _check_profile_links(lib, entry)
    all_paths = [e.path for d in (lib.clauses, lib.profiles) for e in d.values()]
    all_paths += [e.path for versions in lib.table_versions.values() for e in versions]
    all_paths += _files(root, TARGET_GROUPS, "*.yaml", [])
    lib.fingerprint = _fingerprint(root, all_paths)
    return lib


def _failed_to_load(lib: Library, folder: Path, name: str) -> bool:
    """Whether a file of this name exists in the folder but was refused (its problem is listed)."""
    candidates = {str(lib.root / folder / f"{name}.yaml"), str(folder / f"{name}.yaml")}
    return any(
        problem.path is not None and (problem.path in candidates or problem.path.endswith(f"/{folder}/{name}.yaml"))
        for problem in lib.problems
    )


def _check_profile_links(lib: Library, entry: Entry) -> None:
    """A profile may only name value tables, blocks and target groups that exist."""
    profile: Profile = entry.item  # type: ignore[assignment]

    def problem(code: str, key: tuple[str | int, ...], **params: object) -> None:
        lib.problems.append(
            ClausegenError(code=code, params=params, path=entry.path, line=entry.source.line_of(key), key=key)
        )

    table = lib.value_tables.get(profile.value_table)
    if table is None and _failed_to_load(lib, VALUE_TABLES, profile.value_table):
        return  # the table's own problem is already reported; "does not exist" would be false
    if table is None:
        close = closest(profile.value_table, lib.value_tables)
        problem(
            "profile.no-value-table", ("value_table",), id=profile.value_table, folder=VALUE_TABLES, suggestion=close
        )
    elif table.item.block(profile.reference_block) is None:  # type: ignore[attr-defined]
        problem(
            "profile.no-reference-block", ("reference_block",), block=profile.reference_block, table=profile.value_table
        )
    for index, group in enumerate(profile.target_groups):
        if group not in lib.target_groups:
            close = closest(group, lib.target_groups)
            problem(
                "profile.no-target-group", ("target_groups", index), group=group, folder=TARGET_GROUPS, suggestion=close
            )


def _signature(root: Path) -> tuple[tuple[str, int, int, int], ...]:
    """Changes whenever a library file is added, removed or edited (cache key)."""
    stats = []
    for sub in ("clauses", "profiles"):
        for path in sorted((root / sub).rglob("*.yaml")):
            try:
                st = path.stat()
                stats.append((str(path), st.st_mtime_ns, st.st_size, st.st_mode))
            except (OSError, RuntimeError):  # a dangling link or a loop: `collect` reports it
                stats.append((str(path), 0, -1, 0))
    return tuple(stats)


@lru_cache(maxsize=8)
def _cached(root: Path, signature: tuple[tuple[str, int, int, int], ...]) -> Library:  # noqa: ARG001 - part of the cache key
    return collect(root)


def load_library(library: str | Path | Library | None = None) -> Library:
    """The validated library (loaded once per process while its files are unchanged).

    `library` is a folder, None (for $CLAUSEGEN_LIBRARY or the embedded library), or a `Library`
    loaded before, which is used as it is: callers that loaded it once (batch, preview, the web
    form) hand it on without its files being listed and stat'ed again."""
    if isinstance(library, Library):
        lib = library
    else:
        root = resolve_root(library)
        lib = _cached(root, _signature(root))
    raise_all(lib.problems)
    return lib

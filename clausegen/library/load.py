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
from typing import TYPE_CHECKING

from ..errors import ClausegenError
from ..files import MAX_YAML_BYTES, inside, read_bytes
from ..model import Clause, Profile, TargetGroup, TargetGroupList, ValueTable
from .validation import problems, suggest
from .yamlio import Located, load_yaml, read_text

if TYPE_CHECKING:
    from pydantic import BaseModel

ENV_VAR = "CLAUSEGEN_LIBRARY"
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

    def clause(self, clause_id: str) -> Clause:
        entry = self.clauses.get(clause_id)
        if entry is None:
            raise ClausegenError(
                f"no clause '{clause_id}' in the library {self.root}{suggest(clause_id, self.clauses)}",
                hint="`clausegen list clauses` shows them",
            )
        return entry.item  # type: ignore[return-value]

    def profile(self, profile_id: str, *, path: Path | None = None, line: int | None = None) -> Profile:
        entry = self.profiles.get(profile_id)
        if entry is None:
            known = ", ".join(sorted(self.profiles)) or "none"
            raise ClausegenError(
                f"category '{profile_id}' has no profile{suggest(profile_id, self.profiles)} (profiles: {known})",
                path=path,
                line=line,
            )
        return entry.item  # type: ignore[return-value]

    def value_table(self, table_id: str, on: datetime.date | None = None) -> ValueTable:
        """The table `table_id`; with `on`, the version in force on that date (the tender's
        publication date), so a tender keeps the table it was published under."""
        versions = self.table_versions.get(table_id)
        if not versions:
            raise ClausegenError(f"no value table '{table_id}' in {self.root / VALUE_TABLES}")
        if on is None:
            return self.value_tables[table_id].item  # type: ignore[return-value]
        for entry in reversed(versions):
            if entry.item.in_force(on):  # type: ignore[attr-defined]
                return entry.item  # type: ignore[return-value]
        raise ClausegenError(
            f"geen versie van waardetabel '{table_id}' geldt op {on.isoformat()}",
            path=versions[0].path,
            hint="voeg een versie toe met valid_from/valid_until rond die datum",
        )

    def clause_list(self) -> list[Clause]:
        return [entry.item for entry in self.clauses.values()]  # type: ignore[misc]

    def profile_list(self) -> list[Profile]:
        return [entry.item for entry in self.profiles.values()]  # type: ignore[misc]


def embedded_root() -> Path:
    """The default library: shipped inside the package, or the source checkout's top level."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / "_library"
    if (shipped / "clauses").is_dir():
        return shipped
    return package.parent


def resolve_root(library: str | Path | None = None) -> Path:
    """--library DIR, else $CLAUSEGEN_LIBRARY, else the embedded library."""
    chosen = library if library not in (None, "") else os.environ.get(ENV_VAR) or None
    root = Path(chosen) if chosen is not None else embedded_root()
    source = "--library" if library else (ENV_VAR if chosen else "embedded library")
    if not root.is_dir():
        raise ClausegenError(
            f"library folder {root} ({source}) does not exist",
            hint="give a folder that holds clauses/ and profiles/",
        )
    for sub in ("clauses", "profiles"):
        if not (root / sub).is_dir():
            raise ClausegenError(
                f"library folder {root} ({source}) has no {sub}/ folder",
                hint="a library holds clauses/ and profiles/",
            )
    return root.resolve()


def _files(root: Path, folder: Path, pattern: str, found: list[ClausegenError]) -> list[Path]:
    """YAML files under root/folder, refusing anything that leads outside the library."""
    base = root / folder
    if not base.is_dir():
        return []
    out = []
    for path in sorted(base.rglob("*")):
        if path.is_dir() and path.is_symlink():
            found.append(ClausegenError("a linked folder is not read; copy its files into the library", path=path))
        elif path.is_dir() and path.suffix == ".yaml":
            found.append(ClausegenError("is a folder, not a YAML file; rename it", path=path))
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
            found.append(ClausegenError(f"cannot read the file: {exc.strerror or exc}", path=path))
            continue
        if not stat.S_ISREG(mode):
            found.append(ClausegenError("is geen gewoon bestand (een FIFO of apparaat); verwijder het", path=path))
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
                    f"{what} id '{item_id}' is also used by {first}; ids must be unique",
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
                    f"value table id '{table.id}' is also used by {clash.path} with the same version; "
                    "give each version its own `version:`",
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
                lib.problems.append(ClausegenError(f"target group '{group.id}' is defined twice", path=entry.path))
            lib.target_groups[group.id] = group
    for entry in lib.profiles.values():
        _check_profile_links(lib, entry)
    all_paths = [e.path for d in (lib.clauses, lib.profiles) for e in d.values()]
    all_paths += [e.path for versions in lib.table_versions.values() for e in versions]
    all_paths += _files(root, TARGET_GROUPS, "*.yaml", [])
    lib.fingerprint = _fingerprint(root, all_paths)
    return lib


def _check_profile_links(lib: Library, entry: Entry) -> None:
    """A profile may only name value tables, blocks and target groups that exist."""
    profile: Profile = entry.item  # type: ignore[assignment]

    def problem(message: str, *key: str | int) -> None:
        lib.problems.append(ClausegenError(f"profile: {message}", path=entry.path, line=entry.source.line_of(key)))

    table = lib.value_tables.get(profile.value_table)
    if table is None:
        problem(
            f"value_table '{profile.value_table}' does not exist in {VALUE_TABLES}"
            f"{suggest(profile.value_table, lib.value_tables)}",
            "value_table",
        )
    elif table.item.block(profile.reference_block) is None:  # type: ignore[attr-defined]
        problem(
            f"reference_block '{profile.reference_block}' is not a block of value table '{profile.value_table}'",
            "reference_block",
        )
    for index, group in enumerate(profile.target_groups):
        if group not in lib.target_groups:
            problem(
                f"target group '{group}' is not defined in {TARGET_GROUPS}{suggest(group, lib.target_groups)}",
                "target_groups",
                index,
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


def load_library(library: str | Path | None = None) -> Library:
    """The validated library (loaded once per process while its files are unchanged)."""
    root = resolve_root(library)
    lib = _cached(root, _signature(root))
    if lib.problems:
        first = lib.problems[0]
        more = len(lib.problems) - 1
        raise ClausegenError(
            first.message + (f" (and {more} more problem(s): run `clausegen check`)" if more else ""),
            path=first.path,
            line=first.line,
            hint=first.hint,
        )
    return lib

"""`clausegen diff OLD NEW`: what changed between two versions of a clause library, as a Word
document with tracked changes a colleague can accept or reject.

OLD and NEW are library folders or git revisions of the library the command runs in. Each
clause's source text (the Jinja/Markdown a reviewer edits) is compared word by word with
difflib's SequenceMatcher, one paragraph per source line; metadata changes are listed too."""

from __future__ import annotations

import datetime
import difflib
import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog import message
from ..errors import ClausegenError
from ..files import MAX_YAML_BYTES, read_bytes
from ..kinds import INSTRUMENTS
from ..library.load import Library, collect
from ..library.roots import resolve_root
from ..model import Clause
from . import git

if TYPE_CHECKING:
    from ..docx.redline_xml import Change

AUTHOR = "clausegen"
TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")
"""Words, runs of spaces, single punctuation marks and line ends: the units of change."""

META = (
    ("title", "Titel"),
    ("version", "Versie"),
    ("status", "Status"),
    ("reviewed_by", "Beoordeeld door"),
    ("reviewed_on", "Beoordeeld op"),
    ("instrument", "Instrument"),
    ("documents", "Documenten"),
    ("order", "Volgorde"),
    ("when", "Voorwaarde (when)"),
    ("requires", "Vereist (requires)"),
    ("excludes", "Sluit uit (excludes)"),
)
"""Clause fields listed as metadata, with their Dutch labels, in this order."""

OTHER_FOLDERS = ("profiles",)


@dataclass(frozen=True)
class Side:
    """One version of the library: what the user typed, what it resolved to, and its clauses."""

    spec: str
    label: str
    library: Library
    date: datetime.datetime | None
    files: dict[str, bytes]
    """Every non-clause library file (relative path -> bytes), to list profile changes."""


@dataclass
class RedlineResult:
    data: bytes
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The status line of `clausegen diff`, in the current language."""
        counts = {
            "changed": len(self.changed),
            "added": len(self.added),
            "removed": len(self.removed),
            "unchanged": len(self.unchanged),
            "other": len(self.other_files),
        }
        return message("diff.summary-other" if self.other_files else "diff.summary", counts)


# ------------------------------------------------------------------------------ the two sides


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    done = git.run(cwd, *args)
    if done is None:
        raise ClausegenError(code="diff.no-git")
    return done


def _load(spec: str, root: Path, shown: str) -> Library:
    """The library at `root`; a problem in it is reported with `shown` in place of the folder."""
    lib = collect(root)
    if lib.problems:
        first = lib.problems[0]
        where = first.location().replace(str(root), shown.rstrip("/"), 1)
        raise ClausegenError(
            code="diff.library-problems",
            params={"spec": spec, "count": len(lib.problems), "where": where, "first": first},
        )
    return lib


def _other_files(root: Path) -> dict[str, bytes]:
    out = {}
    for folder in OTHER_FOLDERS:
        for path in sorted((root / folder).rglob("*.yaml")):
            out[str(path.relative_to(root))] = read_bytes(path, "library", MAX_YAML_BYTES, root=root)
    return out


@contextmanager
def open_side(spec: str, library: str | Path | None) -> Iterator[Side]:
    """A library folder, or a git revision (`HEAD~1`, `main`, a tag) of the library in use."""
    folder = Path(spec)
    if folder.is_dir():
        root = resolve_root(folder)
        lib = _load(spec, root, str(root))  # odd files (FIFOs, dangling links) are refused here
        stamps = [p.lstat().st_mtime for p in sorted((root / "clauses").rglob("*.yaml"))]
        date = datetime.datetime.fromtimestamp(int(max(stamps)), datetime.UTC) if stamps else None
        yield Side(spec, str(root), lib, date, _other_files(root))
        return
    base = resolve_root(library)
    top = _git(base, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise ClausegenError(code="diff.not-in-git", params={"spec": spec, "library": str(base)})
    commit = _git(base, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    if commit.returncode != 0:
        raise ClausegenError(code="diff.no-revision", params={"spec": spec, "repository": top.stdout.decode().strip()})
    sha = commit.stdout.decode().strip()
    prefix = _git(base, "rev-parse", "--show-prefix").stdout.decode().strip()
    archive = _git(
        Path(top.stdout.decode().strip()), "archive", "--format=tar", sha, "--", f"{prefix}clauses", f"{prefix}profiles"
    )
    if archive.returncode != 0:
        raise ClausegenError(code="diff.revision-no-library", params={"spec": spec, "folder": prefix or "./"})
    stamp = _git(base, "show", "-s", "--format=%ct", sha).stdout.decode().strip()
    date = datetime.datetime.fromtimestamp(int(stamp), datetime.UTC) if stamp.isdigit() else None
    with tempfile.TemporaryDirectory(prefix="clausegen-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            # the "data" filter refuses links and paths that leave the folder (Python 3.11.4+, 3.12)
            options: dict[str, Any] = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            tar.extractall(tmp, **options)
        root = Path(tmp) / prefix
        label = f"{spec} ({sha[:10]})"
        yield Side(spec, label, _load(spec, root, f"{spec}:{prefix}"), date, _other_files(root))


# ------------------------------------------------------------------------------ comparing


def _value(clause: Clause, key: str) -> str:
    value = getattr(clause, key)
    if value is None or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _groups(a: list[str], b: list[str]) -> list[tuple[bool, list[str], list[str]]]:
    """SequenceMatcher's opcodes as (same, old tokens, new tokens), where a lone space kept between
    two changes joins them: '[-x y-][+p q+]' reads better than '[-x-][+p+] [-y-][+q+]'."""
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[tuple[bool, list[str], list[str]]] = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        same = op == "equal"
        if same and 0 < index < len(opcodes) - 1 and all(tok.isspace() and tok != "\n" for tok in a[i1:i2]):
            same = False
        if not same and out and not out[-1][0]:
            out[-1] = (False, out[-1][1] + a[i1:i2], out[-1][2] + b[j1:j2])
        else:
            out.append((same, a[i1:i2], [] if same else b[j1:j2]))
    return out


def word_diff(old: str, new: str) -> list[Any]:
    """Paragraphs (one per source line) of same/inserted/deleted segments, at word level."""
    from ..docx.redline_xml import ChangePara, Segment

    a = TOKEN.findall(old.rstrip("\n"))
    b = TOKEN.findall(new.rstrip("\n"))
    stream: list[tuple[str, str]] = []
    for same, old_tokens, new_tokens in _groups(a, b):
        if same:
            stream += [("same", tok) for tok in old_tokens]
        else:
            stream += [("del", tok) for tok in old_tokens] + [("ins", tok) for tok in new_tokens]
    paragraphs = []
    segments: list[Segment] = []
    for change, token in stream:
        if token == "\n":
            paragraphs.append(ChangePara(tuple(segments), "source", change))  # type: ignore[arg-type]
            segments = []
        elif segments and segments[-1].change == change:
            segments[-1] = Segment(segments[-1].text + token, change)
        else:
            segments.append(Segment(token, change))  # type: ignore[arg-type]
    paragraphs.append(ChangePara(tuple(segments), "source"))
    return paragraphs


def _clause_paragraphs(old: Clause | None, new: Clause | None) -> list[Any]:
    from ..docx.redline_xml import ChangePara, Segment

    shown = new or old
    assert shown is not None
    state = "toegevoegd" if old is None else "verwijderd" if new is None else "gewijzigd"
    out = [ChangePara((Segment(f"{shown.id} – {shown.title} ({state})"),), "heading")]
    meta = []
    for key, label in META:
        before = _value(old, key) if old is not None else None
        after = _value(new, key) if new is not None else None
        if before == after or (old is None or new is None) and (before or after) == "–":
            continue
        if before is None:
            meta.append(ChangePara((Segment(f"{label}: {after}", "ins"),), "meta", "ins"))
        elif after is None:
            meta.append(ChangePara((Segment(f"{label}: {before}", "del"),), "meta", "del"))
        else:
            segments = (Segment(f"{label}: "), Segment(before, "del"), Segment(after, "ins"))
            meta.append(ChangePara(segments, "meta"))
    if meta:
        out.append(ChangePara((Segment("Gegevens"),), "label"))
        out += meta
    if old is not None and new is not None and old.text == new.text:
        out.append(ChangePara((Segment("De tekst is niet gewijzigd."),), "note"))
        return out
    out.append(ChangePara((Segment("Tekst"),), "label"))
    body = word_diff(old.text if old else "", new.text if new else "")
    if old is None or new is None:  # wholly added or removed: every paragraph mark too
        change: Change = "ins" if old is None else "del"
        body = [ChangePara(p.segments, "source", change) for p in body]
    return out + body


def _sort_key(clause: Clause) -> tuple[int, int, str]:
    return (INSTRUMENTS.index(clause.instrument), clause.order, clause.id)


def redline(
    old: str,
    new: str,
    *,
    library: str | Path | None = None,
    date: str | datetime.date | None = None,
) -> RedlineResult:
    """The redline between two library versions as .docx bytes, with what changed."""
    from ..docx.redline_xml import ChangePara, RedlineDoc, Segment, write_redline

    with open_side(old, library) as before, open_side(new, library) as after:
        old_clauses = {c.id: c for c in before.library.clause_list()}
        new_clauses = {c.id: c for c in after.library.clause_list()}
        result = RedlineResult(b"")
        paragraphs: list[Any] = []
        every = {**old_clauses, **new_clauses}
        for clause_id in sorted(every, key=lambda cid: _sort_key(every[cid])):
            a, b = old_clauses.get(clause_id), new_clauses.get(clause_id)
            if a == b:
                result.unchanged.append(clause_id)
                continue
            (result.added if a is None else result.removed if b is None else result.changed).append(clause_id)
            paragraphs += _clause_paragraphs(a, b)
        names = sorted(set(before.files) | set(after.files))
        result.other_files = [n for n in names if before.files.get(n) != after.files.get(n)]
        if result.other_files:
            paragraphs.append(
                ChangePara((Segment("Overige gewijzigde bestanden (niet als wijziging gemarkeerd)"),), "heading")
            )
            for name in result.other_files:
                what = (
                    "toegevoegd"
                    if name not in before.files
                    else "verwijderd"
                    if name not in after.files
                    else "gewijzigd"
                )
                paragraphs.append(ChangePara((Segment(f"{name}: {what}"),), "meta"))
        if not paragraphs:
            paragraphs.append(ChangePara((Segment("Geen wijzigingen in de bepalingen."),), "note"))
        when = _change_date(date, before, after)
        doc = RedlineDoc(
            title="Wijzigingen in de clausulebibliotheek",
            subtitle=f"{before.label} → {after.label}",
            header_text="Wijzigingen clausulebibliotheek",
            info=(
                ("Oude versie", before.label),
                ("Nieuwe versie", after.label),
                ("Datum van de wijzigingen", when.date().isoformat()),
                ("Bepalingen", _counts_nl(result)),
                (
                    "Lezen",
                    "Elke wijziging is een bijgehouden wijziging: accepteer of weiger ze in Word of LibreOffice.",
                ),
            ),
            paragraphs=tuple(paragraphs),
            author=AUTHOR,
            date=when,
            custom={"clausegen.redline.old": before.label, "clausegen.redline.new": after.label},
        )
        result.data = write_redline(doc)
    return result


def _counts_nl(result: RedlineResult) -> str:
    return (
        f"{len(result.changed)} gewijzigd, {len(result.added)} toegevoegd, {len(result.removed)} verwijderd, "
        f"{len(result.unchanged)} ongewijzigd"
    )


def _change_date(date: str | datetime.date | None, before: Side, after: Side) -> datetime.datetime:
    """--date; else the NEW revision's commit time; else the newest clause file in NEW; else OLD's.

    Never the clock: the same inputs give the same bytes."""
    if isinstance(date, str):
        given = date
        try:
            date = datetime.date.fromisoformat(given)
        except ValueError:
            raise ClausegenError(code="diff.date", params={"input": given[:30]}) from None
    if isinstance(date, datetime.date):
        return datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.UTC)
    return after.date or before.date or datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)

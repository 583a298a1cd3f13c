"""What the Word writer consumes: articles made of paragraphs, lists, tables and images.

Nothing here knows about clauses, Jinja or YAML; the writer knows nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["body", "member", "sub", "bullet", "continuation", "lot-heading", "note"]
"""body: plain article text; member: numbered N.M; sub: lettered a. under a member;
bullet: bulleted (level 0, 1, ...); continuation: a further paragraph of a member;
lot-heading: 'Perceel 1: ...' inside an article; note: small explanatory text."""


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    ref: str | None = None
    """Bookmark name of the article this run refers to; `text` is then the cached number."""


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    role: Role = "body"
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[Literal["left", "right"], ...] = ()
    total: tuple[str, ...] | None = None
    """An emphasised last row (totals), kept apart so it can be styled."""
    widths: tuple[int, ...] = ()
    """Relative column widths; equal when empty."""
    fields: tuple[int, ...] = ()
    """Columns whose empty cells (in the rows and the total row) are fill-in fields on a form: the
    same content controls as `Fields` answers, named after the column head and the row's first cell."""


@dataclass(frozen=True)
class Fields:
    """Fields a bidder fills in on a form: each label with an empty answer (a Word content control);
    a label naming a signature ("Handtekening ...") gets a dotted line to sign on instead."""

    labels: tuple[str, ...]
    lines: int = 1
    """Minimum height of each answer in lines; above 1 the label stands above a full-width answer."""


@dataclass(frozen=True)
class Image:
    """A picture (PNG bytes) centred on its own line, `width_mm` wide, with a text alternative."""

    data: bytes
    width_mm: int
    description: str


Block = Para | Table | Fields | Image


@dataclass(frozen=True)
class Article:
    title: str
    bookmark: str
    blocks: tuple[Block, ...]
    clause_id: str = ""
    """The clause the article was rendered from; the writer then wraps it in a tagged content
    control (id, version, text hash) that `clausegen verify` checks."""
    version: int = 0


@dataclass(frozen=True)
class DocumentSpec:
    """One Word document: title block, articles and metadata."""

    kind: str
    title: str
    subtitle: str
    header_text: str
    info: tuple[tuple[str, str], ...]
    articles: tuple[Article, ...]
    intro: tuple[Block, ...] = ()
    draft: bool = False
    numbering: Literal["artikel", "memo"] = "artikel"
    """How the article headings are numbered: 'Artikel 1' in an annex or contract, '1.' in a memo
    (a memo is not a contract, and 'Artikel' would suggest binding text; lawyer m-21)."""
    core: dict[str, str] = field(default_factory=dict)
    custom: dict[str, str] = field(default_factory=dict)

"""Lint a clause library in one pass (`clausegen check`): every problem as `path:line: message`.

Builds on `library.collect` (YAML, schema, duplicate ids, profile links) and adds what only the
whole library shows: template syntax, names and attributes a text uses that the plan does not
provide, `ref()` targets, requires/excludes, cycles, review data, and versions against git HEAD."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes

from ..catalog import message
from ..errors import ClausegenError
from ..library.load import Entry, Library, collect
from ..library.roots import resolve_root
from ..library.tables import table_problems
from ..library.validation import closest
from ..library.yamlio import load_yaml
from ..model import Clause
from ..template import context
from ..template.plain import Helper
from ..template.render import environment
from ..template.shapes import Shape, choices_of, context_shapes, dotted, shape_of
from . import git

COUNTED = ("clauses", "approved", "draft", "withdrawn", "profiles", "value_tables", "target_groups")
"""What `check` counts, in the order its summary line names them."""

VERSIONED = ("text", "when", "documents", "instrument", "requires", "excludes")
"""Fields whose change needs a new clause version (DESIGN.md §3: 'text or conditions')."""


@dataclass
class CheckReport:
    """The outcome of `check`: the problems (sorted by file and line) and what was looked at."""

    root: Path
    problems: list[ClausegenError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """The closing line of `clausegen check`, in the current language."""
        counts = {name: self.counts.get(name, 0) for name in COUNTED}
        seen = message("check.counts", counts)
        if self.ok:
            return message("check.fine", {"library": str(self.root), "seen": seen})
        return message("check.problems", {"count": len(self.problems), "library": str(self.root), "seen": seen})


def problem_json(problem: ClausegenError) -> dict[str, object]:
    """One problem for `check --json` (docs/cli.md): path, line, message and hint, and the error's
    code and key path where it carries them."""
    row: dict[str, object] = {
        "path": problem.path,
        "line": problem.line,
        "message": problem.message,
        "hint": problem.hint,
        "text": str(problem),
    }
    for extra in ("code", "key"):
        value = getattr(problem, extra, None)
        if isinstance(value, tuple):
            value = ".".join(str(part) for part in value) or None
        if value is not None:
            row[extra] = value if isinstance(value, str | int) else str(value)
    return row


def check(library: str | Path | None = None) -> CheckReport:
    """Every problem of the library at `library` (or $CLAUSEGEN_LIBRARY, or the embedded one)."""
    root = resolve_root(library)
    lib = collect(root)
    found = list(lib.problems)
    for entry in lib.clauses.values():
        found.extend(_clause_problems(lib, entry))
    found.extend(_cycles(lib))
    found.extend(table_problems(lib))
    found.extend(_against_head(lib))
    unique: dict[tuple[Any, ...], ClausegenError] = {}
    for problem in found:
        unique.setdefault((problem.path or "", problem.line or 0, problem.message), problem)
    clauses = lib.clause_list()
    report = CheckReport(root, [unique[key] for key in sorted(unique)])
    report.counts = {
        "clauses": len(clauses),
        "approved": sum(c.status == "approved" for c in clauses),
        "draft": sum(c.status == "draft" for c in clauses),
        "withdrawn": sum(c.status == "withdrawn" for c in clauses),
        "profiles": len(lib.profiles),
        "value_tables": sum(len(v) for v in lib.table_versions.values()),
        "target_groups": len(lib.target_groups),
    }
    return report


# ------------------------------------------------------------------------------ one clause


def _err(
    entry: Entry, code: str, loc: tuple[str | int, ...] = (), line: int | None = None, **params: Any
) -> ClausegenError:
    """A problem of the clause in `entry`, at `line` or else at the line of the key path `loc`;
    every `check.*` message starts with the clause id (parameter `clause`)."""
    clause: Clause = entry.item  # type: ignore[assignment]
    return ClausegenError(
        code=code,
        params={"clause": clause.id, **params},
        path=entry.path,
        line=line if line is not None else entry.source.line_of(loc),
    )


def _clause_problems(lib: Library, entry: Entry) -> Iterator[ClausegenError]:
    clause: Clause = entry.item  # type: ignore[assignment]
    if clause.status == "approved":
        for key in ("reviewed_by", "reviewed_on"):
            if getattr(clause, key) is None:
                yield _err(entry, "check.approved-without", ("status",), field=key)
    first = entry.source.text_start.get(("text",)) or entry.source.line_of(("text",)) or 1
    yield from _template(lib, entry, clause.text, "text", lambda lineno: first + lineno - 1)
    yield from _joined_lines(entry, clause.text, first)
    if clause.when is not None:
        when_line = entry.source.line_of(("when",))
        yield from _template(lib, entry, "{{ (" + clause.when + ") }}", "when", lambda _lineno: when_line)
    yield from _links(lib, entry)


_NO_FILTER = re.compile(r"No filter named '([^']+)'")
"""Jinja's wording of an unknown filter, read back into the name for the buyer's language."""

_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}")
_EATS_NEWLINE = re.compile(r"(?<![+-])%\}\s*$")
_BLOCK_START = re.compile(r"\s*(\d+\.|[-*+]|\||#)\s")
"""A line that starts a list item, a table row or a heading: glued to the line before, it is lost."""


_KEYWORD = re.compile(r"\{%[-+]?\s*(\w+)")


def _next_rendered(lines: list[str]) -> str:
    """The next line that can follow in the output: the first blank line or line with text;
    tag-only lines in between lose their breaks too. After an `else`/`elif`, what follows is the
    text after the matching `endif` (the rest of that branch is never rendered with this line)."""
    skipping, depth = False, 0
    for line in lines:
        if not line.strip() or _TAG.sub("", line).strip():
            if not skipping:
                return line
            continue
        for word in _KEYWORD.findall(line):
            if skipping and word == "if":
                depth += 1
            elif skipping and word == "endif":
                if depth == 0:
                    skipping = False
                else:
                    depth -= 1
            elif not skipping and word in ("else", "elif"):
                skipping, depth = True, 0
    return ""


_MACRO_LINE = re.compile(r"^\s*\{%-?\s*macro\b.*\{%-?\s*endmacro\s*-?%\}\s*$")


def _joined_lines(entry: Entry, text: str, first: int) -> Iterator[ClausegenError]:
    """A line of text that ends with a block tag loses its line break (Jinja's trim_blocks), so the
    next line is glued to it: "… verschuldigd.1. De Opdrachtgever …" (a list item without number)."""
    lines = text.split("\n")
    for index, line in enumerate(lines[:-1]):
        if not _EATS_NEWLINE.search(line) or not _TAG.sub("", line).strip():
            continue
        if _MACRO_LINE.match(line):  # a macro defined on one line prints nothing where it stands
            continue
        following = _next_rendered(lines[index + 1 :])
        if not _BLOCK_START.match(following):  # tag-only lines in between lose their breaks too
            continue
        yield _err(entry, "check.glued-line", line=first + index)


def _template(
    lib: Library, entry: Entry, source: str, what: str, line_at: Callable[[int], int | None]
) -> Iterator[ClausegenError]:
    """Syntax, unknown names, unknown attributes and ref() targets of a text or `when`."""
    env = environment()
    try:
        ast = env.parse(source)
        env.compile(ast)  # unknown filters and tests are found when compiling, not parsing
    except jinja2.TemplateAssertionError as exc:  # unknown filter or test
        filters = ", ".join(context.filter_names())
        detail = (exc.message or "").rstrip(".")
        named = _NO_FILTER.fullmatch(detail)
        code = "check.no-filter" if named else "check.unknown-filter"
        name = named.group(1) if named else ""
        yield _err(entry, code, line=line_at(exc.lineno or 1), part=what, detail=detail, name=name, filters=filters)
        return
    except jinja2.TemplateSyntaxError as exc:
        lineno = exc.lineno if what == "text" else 1
        yield _err(entry, "check.syntax", line=line_at(lineno), part=what, detail=exc.message)
        return
    except jinja2.TemplateError as exc:
        detail = exc.message or str(exc)
        yield _err(entry, "check.template", line=line_at(getattr(exc, "lineno", None) or 1), part=what, detail=detail)
        return
    known = context.names()
    for name in sorted(meta.find_undeclared_variables(ast) - known):
        lineno = min((n.lineno for n in ast.find_all(nodes.Name) if n.name == name and n.ctx == "load"), default=1)
        yield _err(
            entry, "check.unknown-name", line=line_at(lineno), part=what, name=name, suggestion=closest(name, known)
        )
    if what == "when" and "lot" in meta.find_undeclared_variables(ast):
        yield _err(entry, "check.when-lot", line=line_at(1))
    for lineno, code, params in _attribute_problems(ast):
        yield _err(entry, code, line=line_at(lineno), part=what, **params)
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "ref":
            problem = _ref_problem(lib, entry.item, call)  # type: ignore[arg-type]
            if problem:
                code, params = problem
                yield _err(entry, code, line=line_at(call.lineno), part=what, **params)


def _ref_problem(lib: Library, clause: Clause, call: nodes.Call) -> tuple[str, dict[str, Any]] | None:
    """What is wrong with one `ref(...)` call: its code and parameters, or None."""
    if len(call.args) != 1 or call.kwargs or not isinstance(call.args[0], nodes.Const):
        return "check.ref-arguments", {}
    target_id = str(call.args[0].value)
    target_entry = lib.clauses.get(target_id)
    if target_entry is None:
        return "check.ref-unknown", {"target": target_id, "suggestion": _close_id(target_id, lib.clauses)}
    target: Clause = target_entry.item  # type: ignore[assignment]
    if target.status == "withdrawn":
        return "check.ref-withdrawn", {"target": target_id}
    shared = [kind for kind in clause.documents if kind in target.documents]
    if not shared:
        return "check.ref-apart", {
            "target": target_id,
            "documents": ", ".join(clause.documents),
            "target_documents": ", ".join(target.documents),
        }
    if target.status == "draft" and clause.status != "draft":
        return "check.ref-draft", {"target": target_id}
    return None


Found = list[tuple[int, str, dict[str, Any]]]
"""Problems found in a template's tree: line, code and parameters."""


def _attribute_problems(ast: nodes.Template) -> Found:
    """`plan.xyz`, `settings.xyz`, `lot.xyz`, ... where the object has no such attribute."""
    out: Found = []
    _visit(ast, context_shapes(), out)
    return out


def _bind(target: nodes.Node, shape: Shape | None, scope: dict[str, Any]) -> None:
    if isinstance(target, nodes.Name):
        scope[target.name] = shape
    elif isinstance(target, nodes.Tuple):
        for item in target.items:
            _bind(item, None, scope)


def _visit(node: nodes.Node, scope: dict[str, Any], out: Found) -> None:
    if isinstance(node, nodes.For):
        _visit(node.iter, scope, out)
        iterable = shape_of(node.iter, scope)
        inner = {**scope, "loop": None}
        _bind(node.target, iterable.item if iterable is not None else None, inner)
        for child in [*node.body, *node.else_]:
            _visit(child, inner, out)
        if node.test is not None:
            _visit(node.test, inner, out)
        return
    if isinstance(node, nodes.Assign):
        _visit(node.node, scope, out)
        _bind(node.target, shape_of(node.node, scope), scope)
        return
    if isinstance(node, nodes.Macro | nodes.CallBlock | nodes.With):
        inner = dict(scope)
        for arg in getattr(node, "args", []) + getattr(node, "targets", []):
            _bind(arg, None, inner)
        for child in node.iter_child_nodes():
            _visit(child, inner, out)
        return
    if isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
        out.append((node.lineno, "check.include", {}))
        return
    if isinstance(node, nodes.Compare):
        _compare(node, scope, out)
    if isinstance(node, nodes.Getattr):
        if node.attr.startswith("_"):
            out.append((node.lineno, "check.underscore", {"name": dotted(node)}))
        else:
            base = shape_of(node.node, scope)
            known = base.attrs() if base is not None else None
            if base is not None and known == {}:
                params = {"name": dotted(node), "base": base.label, "shape": message(f"shape.{base.what()}")}
                out.append((node.lineno, "check.no-attributes", params))
            elif known is not None and node.attr not in known:
                params = {
                    "name": dotted(node),
                    "base": base.label,  # type: ignore[union-attr]
                    "attribute": node.attr,
                    "suggestion": closest(node.attr, known),
                }
                out.append((node.lineno, "check.no-attribute", params))
    if isinstance(node, nodes.Call):
        called = _call_problem(node, scope)
        if called:
            out.append((node.lineno, "check.data-called", {"name": called}))
    for child in node.iter_child_nodes():
        _visit(child, scope, out)


def _call_problem(node: nodes.Call, scope: dict[str, Any]) -> str | None:
    """The name called, when it is not a declared helper, a macro or an allowed text method."""
    callee = node.node
    if isinstance(callee, nodes.Name):
        shape = scope.get(callee.name)
        if shape is not None and shape.helper is None:
            return callee.name
        return None
    if not isinstance(callee, nodes.Getattr) or callee.attr.startswith("_"):
        return None
    base = shape_of(callee.node, scope)
    known = base.attrs() if base is not None else None
    if base is None or not known or callee.attr not in known:
        return None  # unknown, or already reported as an unknown attribute
    if base.value is str or known[callee.attr] is Helper:
        return None
    return dotted(callee)


def _compare(node: nodes.Compare, scope: dict[str, Any], out: Found) -> None:
    """`document.kind == 'bijlag'` or `'inkoop' in plan.instruments`: a value that never occurs."""
    left = node.expr
    for operand in node.ops:
        right = operand.expr
        pairs = []
        if operand.op in ("eq", "ne"):
            pairs = [(left, right), (right, left)]
        elif operand.op in ("in", "notin"):
            pairs = [(right, left)]
        for subject, value in pairs:
            choices = choices_of(subject, scope)
            if (
                choices
                and isinstance(value, nodes.Const)
                and isinstance(value.value, str)
                and value.value not in choices
            ):
                params = {
                    "name": dotted(subject),
                    "value": value.value,
                    "suggestion": closest(value.value, choices),
                    "choices": ", ".join(choices),
                }
                out.append((node.lineno, "check.never-value", params))
        left = right


# ------------------------------------------------------------------------------ links


def _close_id(word: str, ids: Iterable[str]) -> str | None:
    """Like `closest`, but the part after the last dot must be close too: ids share prefixes."""
    tail = word.rsplit(".", 1)[-1]
    for match in difflib.get_close_matches(word, list(ids), n=3, cutoff=0.6):
        if difflib.SequenceMatcher(None, tail, match.rsplit(".", 1)[-1]).ratio() >= 0.6:
            return match
    return None


def _links(lib: Library, entry: Entry) -> Iterator[ClausegenError]:
    clause: Clause = entry.item  # type: ignore[assignment]
    for key in ("requires", "excludes"):
        for index, other_id in enumerate(getattr(clause, key)):
            loc = (key, index)
            other_entry = lib.clauses.get(other_id)
            if other_id == clause.id:
                yield _err(entry, "check.link-self", loc, field=key)
            elif other_entry is None:
                yield _err(
                    entry,
                    "check.link-unknown",
                    loc,
                    field=key,
                    other=other_id,
                    suggestion=_close_id(other_id, lib.clauses),
                )
            elif key == "requires":
                other: Clause = other_entry.item  # type: ignore[assignment]
                if other.status == "withdrawn":
                    yield _err(entry, "check.requires-withdrawn", loc, other=other_id)
                missing = [kind for kind in clause.documents if kind not in other.documents]
                if missing:
                    yield _err(
                        entry,
                        "check.requires-elsewhere",
                        loc,
                        other=other_id,
                        missing=", ".join(missing),
                        documents=", ".join(other.documents),
                    )
                if other_id in clause.excludes:
                    yield _err(entry, "check.requires-and-excludes", loc, other=other_id)


def _cycles(lib: Library) -> Iterator[ClausegenError]:
    """Each cycle in `requires`, reported once, at the clause with the smallest id in it."""
    graph = {cid: [r for r in e.item.requires if r in lib.clauses and r != cid] for cid, e in lib.clauses.items()}  # type: ignore[attr-defined]
    seen: set[frozenset[str]] = set()
    for start in sorted(graph):
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    cycle = frozenset(path)
                    if cycle not in seen and min(path) == start:
                        seen.add(cycle)
                        entry = lib.clauses[start]
                        index = entry.item.requires.index(path[1])  # type: ignore[attr-defined]
                        chain = " -> ".join([*path, start])
                        yield _err(entry, "check.cycle", ("requires", index), chain=chain)
                elif nxt not in path and nxt > start:
                    stack.append((nxt, [*path, nxt]))


# ------------------------------------------------------------------------------ git HEAD


def head_clauses(root: Path) -> dict[str, dict[str, Any]] | None:
    """The clause files of the library as committed at HEAD (id -> fields), or None outside git."""
    top = git.output(root, "rev-parse", "--show-toplevel")
    prefix = git.output(root, "rev-parse", "--show-prefix")
    if top is None or prefix is None or git.output(root, "rev-parse", "--verify", "-q", "HEAD") is None:
        return None
    top_dir = Path(top.decode().strip())
    listing = git.output(
        top_dir, "ls-tree", "-r", "-z", "--full-name", "--name-only", "HEAD", "--", prefix.decode().strip() + "clauses"
    )
    if listing is None:
        return None
    names = [n for n in listing.decode().split("\0") if n.endswith(".yaml")]
    if not names:
        return {}
    batch = git.output(top_dir, "cat-file", "--batch", data="".join(f"HEAD:{n}\n" for n in names).encode())
    if batch is None:
        return None
    out: dict[str, dict[str, Any]] = {}
    pos = 0
    for name in names:
        header_end = batch.index(b"\n", pos)
        header = batch[pos:header_end].split()
        pos = header_end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        blob, pos = batch[pos : pos + size], pos + size + 1
        try:
            data = load_yaml(Path(name), "clause", blob.decode("utf-8-sig")).data
        except (ClausegenError, UnicodeDecodeError):
            continue
        if isinstance(data.get("id"), str):
            out[data["id"]] = data
    return out


def _against_head(lib: Library) -> Iterator[ClausegenError]:
    """A clause whose text or conditions changed since HEAD while its version did not."""
    old_clauses = head_clauses(lib.root)
    if not old_clauses:
        return
    for clause_id, entry in lib.clauses.items():
        old = old_clauses.get(clause_id)
        clause: Clause = entry.item  # type: ignore[assignment]
        if old is None or not isinstance(old.get("version"), int):
            continue
        new = clause.model_dump(mode="python")
        changed = [key for key in VERSIONED if _normal(old.get(key), key) != _normal(new.get(key), key)]
        if old["version"] > clause.version:
            yield _err(entry, "check.version-down", ("version",), old=old["version"], version=clause.version)
        elif changed and old["version"] == clause.version:
            fields = ", ".join(changed)
            yield _err(
                entry,
                "check.version-same",
                ("version",),
                fields=fields,
                version=clause.version,
                next=clause.version + 1,
            )


def _normal(value: object, key: str) -> object:
    if value is None and key in ("requires", "excludes"):
        return []
    if isinstance(value, str) and key == "when":
        return value.strip()
    return value

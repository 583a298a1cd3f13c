"""The house rules of the package, read from the source with `ast` (nothing is imported).

Imports flow one way: front ends -> stages -> shared records -> errors. `docx/` never sees the
clause library, the templates, Jinja or the clause model; nothing imports a front end; the stage
packages import each other without cycles; only `cli.py` imports click; only `docx/ooxml/`
writes WordprocessingML (`w:` markup). docs/architecture.md explains the layers; this test is
where they are declared. Every exception is listed below with its reason, so it is visible and
cannot grow silently."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "clausegen"

# ---------------------------------------------------------------------------------------------
# The layers. A unit is a top-level module or package of clausegen (`library` covers
# clausegen/library/...). A unit may import units of its own layer or of lower layers.
# ---------------------------------------------------------------------------------------------
LAYERS: dict[str, tuple[str, ...]] = {
    "front ends": ("__main__", "cli", "cli_help", "web", "batch", "report"),
    "stages": (
        "api",
        "library",
        "template",
        "documents",
        "review",
        "rules",
        "explanations",
        "contract",
        "realisation",
        "register",
        "publish",
        "docx",
    ),
    "shared records": ("model", "kinds", "manifest", "blocks", "numbers", "files", "fmt", "output"),
    "errors": ("errors", "catalog", ""),  # "" is the package root itself: `__version__` and the lazy API table
}
RANK = {unit: rank for rank, units in enumerate(reversed(LAYERS.values())) for unit in units}
FRONT_ENDS = set(LAYERS["front ends"])
ENTRY_POINTS = {"__main__", "cli"}
"""The command line dispatches to the other front ends (`serve`, `batch`, the terminal tables)."""

DOCX_NEVER = {"library", "template", "model"}
"""`docx/` writes blocks; it never sees clauses, their templates or the clause model."""
DOCX_NEVER_THIRD_PARTY = {"jinja2", "markupsafe"}

CYCLE_EXCEPTIONS: dict[tuple[str, str], str] = {
    ("publish", "api"): (
        "publish.memo and publish.notice take an api.Prepared tender while api.generate calls "
        "publish.convert_files for --pdf/--odt; the prepared-tender record moves out of api.py "
        "with the typed manifest of issue 12"
    ),
    ("library", "contract"): (
        "library/schema.py writes the JSON Schema of every file people edit, the award file's "
        "included, and the award's model lives in contract/model.py; issue 12's manifest/schema "
        "work gives `schema` its own home"
    ),
}
"""Package edges that close a cycle today, each with why and what removes it. The cycle test
ignores exactly these edges; any new one fails."""

MARKUP = re.compile(r"w:[A-Za-z]|schemas\.openxmlformats\.org/wordprocessingml/2006/main")
MARKUP_HOME = ROOT / "docx" / "ooxml"
MARKUP_EXCEPTIONS: dict[str, str] = {
    "docx/redline_xml.py": (
        "the tracked-change XML of redlines; the whole module is markup and belongs in "
        "docx/ooxml/, a file move the integrator makes with the stage-package moves"
    ),
    "publish/access.py": (
        "the accessibility check reads styles, headings, tables and runs of any Word document, the "
        "buyer's own too; the reading belongs in docx/ooxml/ (a file move, for the integrator)"
    ),
    "docx/compose.py": (
        "merges styles, numbering and bookmarks of the buyer's document into the annex by walking "
        "their XML; to be split into docx/ooxml/ (the walking) and docx/compose.py (the order)"
    ),
}
"""Modules outside docx/ooxml/ that still hold `w:` markup, with the reason. Any other file fails."""

MESSAGES: set[tuple[str, str]] = {
    ("docx/safezip.py", ": het hoofddocument (word/document.xml) heeft geen w:body"),
    ("publish/access.py", "de standaardtaal van de stijlen is niet Nederlands (w:lang)"),
}
"""Messages that name a Word element for the person who has to repair the file: text, not markup."""


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    target: str  # dotted, absolute


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_submodule(dotted: str) -> bool:
    base = ROOT.parent.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _imports(path: Path) -> list[Import]:
    """Every import in the file, at any depth (inside functions and `if TYPE_CHECKING:` too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    module = _module(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from . import fmt` imports the module clausegen.fmt, not the package root
            subs = [f"{target}.{a.name}" for a in node.names if _is_submodule(f"{target}.{a.name}")]
            if subs and len(subs) == len(node.names):
                found += [Import(path, node.lineno, sub) for sub in subs]
            else:
                found.append(Import(path, node.lineno, target))
    return found


def _unit(dotted: str) -> str | None:
    """The layer unit of a clausegen module (None for third-party modules)."""
    parts = dotted.split(".")
    if parts[0] != "clausegen":
        return None
    return parts[1] if len(parts) > 1 else ""


def _sources() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def _where(imp: Import) -> str:
    return f"{imp.path.relative_to(ROOT.parent)}:{imp.line}: imports {imp.target}"


def test_every_unit_has_a_layer() -> None:
    units = {_unit(_module(path)) for path in _sources()}
    missing = sorted(u for u in units if u not in RANK)
    assert not missing, f"give these modules a layer in LAYERS (tests/test_architecture.py): {missing}"


def test_imports_flow_downwards() -> None:
    bad = []
    for path in _sources():
        own = _unit(_module(path))
        for imp in _imports(path):
            target = _unit(imp.target)
            if target is None or target == own:
                continue
            if target in FRONT_ENDS and own not in ENTRY_POINTS:
                bad.append(f"{_where(imp)} (nothing imports a front end)")
            elif own in RANK and target in RANK and RANK[target] > RANK[own]:
                bad.append(f"{_where(imp)} (upwards: {own} may not import {target})")
    assert not bad, "\n".join(bad)


def test_docx_never_sees_clauses_or_jinja() -> None:
    bad = []
    for path in sorted((ROOT / "docx").rglob("*.py")):
        for imp in _imports(path):
            unit = _unit(imp.target)
            if unit in DOCX_NEVER or imp.target.split(".")[0] in DOCX_NEVER_THIRD_PARTY:
                bad.append(_where(imp))
    assert not bad, "\n".join(bad)


def _package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in _sources():
        own = _unit(_module(path))
        assert own is not None
        for imp in _imports(path):
            target = _unit(imp.target)
            if target is not None and target != own and (own, target) not in CYCLE_EXCEPTIONS:
                graph.setdefault(own, set()).add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_cycles_between_packages() -> None:
    cycle = _cycle(_package_graph())
    assert cycle is None, "import cycle between packages: " + " -> ".join(cycle or [])


def test_cycle_exceptions_are_still_needed() -> None:
    """An exception that no longer matches an import is removed from the list."""
    edges = set()
    for path in _sources():
        own = _unit(_module(path))
        edges |= {(own, _unit(imp.target)) for imp in _imports(path)}
    stale = sorted(edge for edge in CYCLE_EXCEPTIONS if edge not in edges)
    assert not stale, f"remove these from CYCLE_EXCEPTIONS: {stale}"


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_only_the_cli_imports_click() -> None:
    bad = [
        _where(imp)
        for path in _sources()
        if path != ROOT / "cli.py"
        for imp in _imports(path)
        if imp.target.split(".")[0] == "click"
    ]
    assert not bad, "\n".join(bad)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _markup(path: Path) -> list[str]:
    """`file:line: 'literal'` for every string literal in the file holding `w:` markup
    (docstrings excepted: they explain, they do not write XML)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docs = _docstrings(tree)
    relative = path.relative_to(ROOT).as_posix()
    hits = []
    for node in ast.walk(tree):
        literal = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
        if literal and MARKUP.search(node.value) and (relative, node.value) not in MESSAGES:
            hits.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {node.value[:60]!r}")
    return hits


def test_only_ooxml_holds_word_markup() -> None:
    bad = []
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        if path.is_relative_to(MARKUP_HOME) or relative in MARKUP_EXCEPTIONS:
            continue
        bad += _markup(path)
    assert not bad, "move this Word XML into clausegen/docx/ooxml/:\n" + "\n".join(sorted(bad))


def test_markup_exceptions_are_still_needed() -> None:
    stale = [name for name in MARKUP_EXCEPTIONS if not _markup(ROOT / name)]
    assert not stale, f"remove these from MARKUP_EXCEPTIONS: {stale}"


def test_the_markup_check_sees_markup() -> None:
    sample = ROOT / "docx" / "ooxml" / "lang.py"
    assert _markup(sample), "docx/ooxml/lang.py writes w:lang; the check must see it"

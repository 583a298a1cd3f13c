"""Clause text -> blocks: the one sandboxed, strict Jinja2 environment, the Dutch filters,
and the Markdown subset (parsed by markdown-it-py) turned into paragraphs, lists and tables."""

from __future__ import annotations

import contextlib
import decimal
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import meta
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from ..blocks import Block, Para, Run, Table
from ..errors import ClausegenError
from . import stored
from .context import ENVIRONMENT_HELPERS, FILTERS, filter_names
from .plain import Helper
from .sandbox import ClauseSandbox, Rendered, budget, check_printable

MAX_OUTPUT_CHARS = 200_000
"""A clause that renders to more text than this is stopped (a real clause is a few KB)."""

OPEN, CLOSE = "\ue000", "\ue001"
"""Private-use characters that delimit a placeholder (a cross-reference, table or fields) in
rendered text. Every input text refuses them (model.MARKER_MESSAGE), and a placeholder only
counts when it carries this process's nonce and stands in the side table of the render."""
NONCE = secrets.token_hex(16)
"""Unguessable, drawn once per process: a tender or clause is written before it exists. The
same for every render, so one clause renders to the same text in each document and its Markdown
is parsed once (`_tokens`); which object a placeholder stands for is per render, keyed by a
digest of the object, so the same table or ref gives the same token in every document."""
_TOKEN = re.compile(f"{OPEN}([0-9a-f]{{32}}):([0-9a-f]{{16}}){CLOSE}")
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids (and the C0 controls other than tab and newline)."""
MARKERS = re.compile(f"[{OPEN}{CLOSE}]")


class Marker(Markup):
    """A placeholder made by a declared helper: the only text that may hold clausegen's
    private-use markers."""

    __slots__ = ()


@dataclass(frozen=True)
class Ref:
    """A ref() in the side table: resolved to an article number when the blocks are built."""

    target: str


class Placeholders:
    """The side table of one render: the objects the helpers made (refs, tables, fill-in fields),
    each standing in the text as a placeholder token. Blocks are built once, by the helper; the
    Markdown stage takes them from here and never parses them back out of text."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[str, Ref | Block] = {}

    def add(self, item: Ref | Block) -> Marker:
        """A token for `item`; a block stands on a line of its own, a ref within a line."""
        key = hashlib.sha256(repr(item).encode()).hexdigest()[:16]
        self._items[key] = item
        token = f"{OPEN}{NONCE}:{key}{CLOSE}"
        return Marker(token if isinstance(item, Ref) else f"\n\n{token}\n\n")

    def get(self, nonce: str, key: str) -> Ref | Block:
        """The object of a token, or an error for one this render did not make."""
        if not secrets.compare_digest(nonce, NONCE) or key not in self._items:
            raise _forged()
        return self._items[key]


class RenderContext(dict[str, Any]):
    """The context of one document's clauses (`assemble.base_context`) with its side table,
    which no template can reach: templates see only the dict's entries."""

    __slots__ = ("placeholders",)

    def __init__(self, entries: dict[str, Any], placeholders: Placeholders) -> None:
        super().__init__(entries)
        self.placeholders = placeholders


def _forged() -> ClausegenError:
    return ClausegenError(code="template.forged-marker")


def forbidden_character(text: str, markers: bool = True) -> ClausegenError | None:
    """The first character of `text` a document cannot hold (or, with `markers`, that is one of
    clausegen's markers), described as a coded error to name in another message, or None."""
    match = FORBIDDEN.search(text) or (MARKERS.search(text) if markers else None)
    if match is None:
        return None
    point = f"U+{ord(match.group()):04X}"
    reserved = MARKERS.fullmatch(match.group())
    return ClausegenError(code="char.reserved" if reserved else "char.not-in-word", params={"point": point})


_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(value: str) -> str:
    """Text from tender files and data is text, never Markdown: `1. Schoonmaak` stays a title."""
    return _ASCII_PUNCT.sub(r"\\\1", value.replace("\r", " ").replace("\n", " "))


def _finalize(value: object) -> object:
    if isinstance(value, Marker):
        return value
    if isinstance(value, Markup | Rendered):  # Rendered: a macro's output, escaped already
        _refuse_characters(value)
        return value
    if value is None:
        raise ClausegenError(code="template.printed-none")
    if isinstance(value, float):
        raise ClausegenError(code="template.printed-float")
    check_printable(value)
    text = str(value)
    _refuse_characters(text)
    return escape_markdown(text)


def _refuse_characters(text: str) -> None:
    """A macro's output (Rendered) may hold the markers its ref() calls made; nothing else may."""
    problem = forbidden_character(text, markers=not isinstance(text, Rendered))
    if problem:
        raise ClausegenError(code="template.printed-character", params={"character": problem})


def _raise(message: str) -> None:
    """`fout('...')` in a clause: the clause's own message, on one line however it was written."""
    raise ClausegenError(code="template.fout", params={"text": " ".join(str(message).split())[:500]})


@lru_cache(maxsize=1)
def environment() -> ClauseSandbox:
    """The single Jinja2 environment for clause texts and `when` conditions."""
    env = ClauseSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    globals_ = {"fout": Helper("fout", _raise)}
    if set(globals_) != ENVIRONMENT_HELPERS:
        raise RuntimeError("render.environment must define exactly context.ENVIRONMENT_HELPERS")
    env.globals.update(globals_)
    return env


def ref_placeholder(placeholders: Placeholders, target: str) -> Marker:
    """What ref('id') prints: a token for the cross-reference, resolved once numbers are known."""
    if forbidden_character(target):
        raise ClausegenError(code="template.ref-argument")
    return placeholders.add(Ref(target))


def _too_deep() -> ClausegenError:
    return ClausegenError(code="template.too-deep")


_VARIABLES: dict[str, frozenset[str]] = {}
"""The names `compile_text` found in the code it generated, for `variables`."""


_RESOLVE = re.compile(r"^[ ]*l_\d+_\w+ = (?:\w+\.)?resolve\('(\w+)'\)$", re.MULTILINE)
"""A line of Jinja's generated code that looks a name up in the context: the code generator
writes one per name a frame loads from the context (`CodeGenerator.enter_frame`, the very
loads `meta.find_undeclared_variables` collects by running the code generator a second time).
A template's own text only reaches the code as quoted string literals, never as such a line."""


def _code(env: ClauseSandbox, source: str) -> CodeType:
    """Python's code object of Jinja's generated code, as `Environment.from_string` compiles it."""
    code: CodeType = env._compile(source, "<template>")
    return code


def _from_code(env: ClauseSandbox, code: CodeType) -> jinja2.Template:
    """The template of a compiled generated code (what `Environment.from_string` does after it)."""
    return env.template_class.from_code(env, code, env.make_globals(None), None)


@lru_cache(maxsize=4096)
def compile_text(text: str) -> jinja2.Template:
    """The compiled template of a clause text. Its undeclared names, for `variables`, are read
    from the Python code Jinja generates for it, instead of parsing the text again and running
    Jinja's code generator a second time over it (`meta.find_undeclared_variables`): together
    almost half the cost of compiling, and every clause is compiled once per process. The
    generated code and Python's code object of it are kept in the cache folder (`stored`), so a
    later process neither parses the text nor compiles the code."""
    env = environment()
    entry_key = stored.key(env, text)
    found = stored.lookup(entry_key)
    source: str | None = None
    if found is not None:  # the code generated for this very text by this very code, earlier
        with contextlib.suppress(Exception):  # anything wrong with it: compiled as below
            code = found.code if found.code is not None else _code(env, found.source)
            template = _from_code(env, code)
            source, names = found.source, found.names
            if found.code is None:  # an entry without its code object: stored again with it
                stored.store(entry_key, source, names, code)
    if source is None:
        try:
            source = env.compile(text, raw=True)
            names = frozenset(_RESOLVE.findall(source)) - set(env.globals)
            code = _code(env, source)
            template = _from_code(env, code)
        except Exception:  # noqa: BLE001 - compiled again from the text below, which raises as it always did
            source = None
        else:
            stored.store(entry_key, source, names, code)
    if source is None:
        try:
            return env.from_string(text)
        except RecursionError:
            raise _too_deep() from None
    if len(_VARIABLES) >= 4096:
        _VARIABLES.clear()
    _VARIABLES[text] = names
    return template


@lru_cache(maxsize=4096)
def compile_condition(expression: str) -> Callable[..., Any]:
    """A `when` expression as a function of the context, run within its own work budget."""
    try:
        compiled = environment().compile_expression(expression, undefined_to_none=False)
    except RecursionError:
        raise _too_deep() from None

    def evaluate(**context: object) -> object:
        with budget():
            try:
                return compiled(**context)
            except (jinja2.TemplateError, ClausegenError) as exc:
                # Without the generated code's frames: a `when` is one line, the `when:` line.
                raise exc.with_traceback(None) from None
            except RecursionError:
                raise _too_deep() from None
            except Exception as exc:  # a broken or hostile condition must not end in a traceback
                raise ClausegenError(code="template.failed", params={"detail": _detail(exc)}) from None

    return evaluate


@lru_cache(maxsize=4096)
def variables(text: str) -> frozenset[str]:
    """Top-level names a template uses that it does not define itself."""
    known = _VARIABLES.get(text)
    if known is not None:
        return known
    try:
        return frozenset(meta.find_undeclared_variables(environment().parse(text)))
    except RecursionError:
        raise _too_deep() from None


def _template_lineno(exc: BaseException) -> int | None:
    """The template line of a runtime error: Jinja rewrites traceback frames to '<template>' lines."""
    lineno = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined")
_UNDEFINED_ATTRIBUTE = re.compile(r"'([^']+)' has no attribute '([^']+)'")
_NO_FILTER = re.compile(r"No filter named '([^']+)'\.?")
"""Jinja's two wordings of an undefined value (jinja2.runtime.Undefined), read back into the
name (and attribute) so the message can be worded in the buyer's language."""


def _detail(exc: BaseException) -> str:
    """An unexpected exception inside a clause as one short line: its type and text."""
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"


def template_error(
    exc: Exception, path: Path | str, first_line: int | None, clause: str, part: str = "text"
) -> ClausegenError:
    """A failure inside the `part` (text or when) of `clause` as `file:line` of the YAML, where
    `first_line` is where the text starts. A coded ClausegenError keeps its own words."""
    lineno = getattr(exc, "lineno", None) or _template_lineno(exc)
    line = first_line + lineno - 1 if (first_line and lineno) else first_line
    detail: object = exc if isinstance(exc, ClausegenError) else getattr(exc, "message", None) or str(exc)
    code = "template.in-clause"
    params: dict[str, object] = {"clause": clause, "part": part, "detail": detail}
    if isinstance(exc, jinja2.UndefinedError):
        code = "template.undefined"
        name = _UNDEFINED_NAME.fullmatch(str(detail))
        attribute = _UNDEFINED_ATTRIBUTE.fullmatch(str(detail))
        if name:
            code, params["name"] = "template.undefined-name", name.group(1)
        elif attribute:
            code, params["name"], params["attribute"] = "template.undefined-attribute", *attribute.groups()
    elif isinstance(exc, jinja2.TemplateAssertionError) and _NO_FILTER.fullmatch(str(detail)):
        code, params["name"] = "template.no-filter", _NO_FILTER.fullmatch(str(detail)).group(1)  # type: ignore[union-attr]
        params["filters"] = ", ".join(filter_names())
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        code = "template.not-allowed"
    return ClausegenError(code=code, params=params, path=path, line=line)


def render_text(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render with an output cap and a work budget so a hostile clause cannot exhaust memory or
    time (clausegen/template/sandbox.py). Any other failure inside the template becomes a coded
    ClausegenError that keeps the template's traceback, so callers can name the line."""
    size = 0
    parts = []
    with budget():
        try:
            for chunk in template.generate(context):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise ClausegenError(code="template.output-too-long", params={"limit": MAX_OUTPUT_CHARS})
                parts.append(chunk)
            problem = forbidden_character("".join(parts), markers=False)
            if problem:
                raise ClausegenError(code="template.text-character", params={"character": problem})
        except (jinja2.TemplateError, ClausegenError):
            raise
        except RecursionError as exc:
            raise _too_deep().with_traceback(exc.__traceback__) from None
        except Exception as exc:  # a broken or hostile clause must not end in a traceback
            if isinstance(exc, decimal.DecimalException):
                failed = ClausegenError(code="template.amount-out-of-range", params={"detail": type(exc).__name__})
            else:
                failed = ClausegenError(code="template.failed", params={"detail": _detail(exc)})
            raise failed.with_traceback(exc.__traceback__) from None
    return "".join(parts)


# ------------------------------------------------------------------------------ Markdown


_STRUCTURE = frozenset(
    {"paragraph_open", "paragraph_close", "tbody_open", "tbody_close", "thead_close", "th_close", "td_close"}
)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.disable(
        ["code", "fence", "heading", "lheading", "blockquote", "hr", "html_block", "reference"]
        + ["image", "link", "autolink", "html_inline", "backticks", "entity"]
    )
    return md


@lru_cache(maxsize=512)
def _tokens(text: str) -> tuple[Token, ...]:
    """The Markdown tokens of a rendered text, parsed once: a clause mostly reads the same in the
    tender annex and the contract annex, and in every tender of one kind in a batch. The tokens
    are only read, never changed. About 30 KB per text, so at most some 15 MB: enough for the
    distinct texts of a batch over all example categories (319 for the benchmark's 40 tenders;
    128 entries parsed 949 times)."""
    return tuple(_parser().parse(text))


def _inline_runs(children: Iterable[Token], placeholders: Placeholders, resolve_ref: Callable[[str], Run]) -> list[Run]:
    runs: list[Run] = []
    bold = italic = False
    for tok in children:
        if tok.type == "strong_open":
            bold = True
        elif tok.type == "strong_close":
            bold = False
        elif tok.type == "em_open":
            italic = True
        elif tok.type == "em_close":
            italic = False
        elif tok.type in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold, italic))
        elif tok.type == "text":
            pos = 0
            for match in _TOKEN.finditer(tok.content):
                if match.start() > pos:
                    runs.append(_plain_run(tok.content[pos : match.start()], bold, italic))
                item = placeholders.get(match.group(1), match.group(2))
                if not isinstance(item, Ref):
                    raise ClausegenError(code="template.table-inline")
                ref = resolve_ref(item.target)
                runs.append(Run(ref.text, bold, italic, ref.ref))
                pos = match.end()
            if pos < len(tok.content):
                runs.append(_plain_run(tok.content[pos:], bold, italic))
    merged: list[Run] = []
    for run in runs:
        if (
            merged
            and run.ref is None
            and merged[-1].ref is None
            and (run.bold, run.italic)
            == (
                merged[-1].bold,
                merged[-1].italic,
            )
        ):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return merged


def _plain_run(text: str, bold: bool, italic: bool) -> Run:
    """Text between placeholders; a marker character left here is one no helper made."""
    if MARKERS.search(text):
        raise _forged()
    return Run(text, bold, italic)


def markdown_blocks(
    text: str,
    resolve_ref: Callable[[str], Run],
    placeholders: Placeholders | None = None,
) -> list[Block]:
    """Parse the Markdown subset: paragraphs, numbered members, bullets, bold, italic, tables.

    The refs, tables and fields the helpers made come from `placeholders`, the render's side
    table, as the objects they are; a token that is not in it is refused. A text without any
    marker character holds no ref, table or field: its blocks depend on the text alone and are
    built once per process (`_plain_blocks`)."""
    if not MARKERS.search(text):
        return list(_plain_blocks(text))
    return _blocks(text, resolve_ref, placeholders if placeholders is not None else Placeholders())


def _no_ref(target: str) -> Run:
    raise AssertionError(f"a text without markers has no ref ({target})")


@lru_cache(maxsize=512)
def _plain_blocks(text: str) -> tuple[Block, ...]:
    """The blocks of a text without placeholders. Blocks are frozen, so callers may share them;
    a clause that reads the same in every tender of a batch is converted once, not per tender.
    A text that fails raises each time (an exception is not cached)."""
    return tuple(_blocks(text, _no_ref, Placeholders()))


def _blocks(text: str, resolve_ref: Callable[[str], Run], placeholders: Placeholders) -> list[Block]:
    tokens = _tokens(text)
    blocks: list[Block] = []
    lists: list[str] = []  # stack of "ordered"/"bullet"
    item_paras: list[int] = []  # paragraphs seen in the current list item, per depth
    table: dict[str, Any] | None = None
    for tok in tokens:
        kind = tok.type
        if kind in ("ordered_list_open", "bullet_list_open"):
            lists.append("ordered" if kind == "ordered_list_open" else "bullet")
        elif kind in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_paras.append(0)
        elif kind == "list_item_close":
            item_paras.pop()
        elif kind == "table_open":
            table = {"header": [], "rows": [], "align": [], "in_head": False}
        elif kind == "thead_open" and table is not None:
            table["in_head"] = True
        elif kind == "thead_close" and table is not None:
            table["in_head"] = False
        elif kind == "tr_open" and table is not None:
            table["row"] = []
        elif kind in ("th_open", "td_open") and table is not None:
            if table["in_head"]:
                style = tok.attrGet("style") or ""
                table["align"].append("right" if "right" in str(style) else "left")
        elif kind == "tr_close" and table is not None:
            (table["header"] if table["in_head"] else table["rows"]).append(tuple(table.pop("row")))
        elif kind == "table_close" and table is not None:
            blocks.append(
                Table(
                    header=table["header"][0] if table["header"] else (),
                    rows=tuple(table["rows"]),
                    align=tuple(table["align"]),
                )
            )
            table = None
        elif kind == "inline":
            marker = _TOKEN.fullmatch(tok.content.strip())
            if marker and table is None:
                item = placeholders.get(marker.group(1), marker.group(2))
                if not isinstance(item, Ref):
                    blocks.append(item)
                    continue
            runs = _inline_runs(tok.children or [], placeholders, resolve_ref)
            if table is not None:
                table["row"].append("".join(r.text for r in runs).strip())
                continue
            if not runs:
                continue
            blocks.append(_paragraph(runs, lists, item_paras))
        elif kind not in _STRUCTURE:
            raise ClausegenError(code="template.markdown-unsupported", params={"markdown": kind})
    return blocks


def _paragraph(runs: list[Run], lists: list[str], item_paras: list[int]) -> Para:
    if not lists:
        return Para(tuple(runs), "body")
    first = item_paras[-1] == 0
    item_paras[-1] += 1
    if not first:
        return Para(tuple(runs), "continuation", len(lists) - 1)
    if lists[-1] == "bullet":
        return Para(tuple(runs), "bullet", lists.count("bullet") - 1)
    if len(lists) == 1:
        return Para(tuple(runs), "member")
    return Para(tuple(runs), "sub")

"""Strict YAML reading: safe types only, no anchors or aliases, no duplicate keys, and a map
from every key path to its line, so validation errors can point at `file:line`."""

from __future__ import annotations

import datetime
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from ..errors import ClausegenError
from ..files import MAX_YAML_BYTES, read_bytes
from ..numbers import NumberText, yaml_number_problem

MAX_FILE_BYTES = MAX_YAML_BYTES
"""A clause, profile or tender file larger than this is refused (a library file is a few KB)."""

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Parsed YAML data plus the line of every key path (1-based)."""

    data: Any
    path: Path
    lines: dict[Path_, int] = field(default_factory=dict)
    text_start: dict[Path_, int] = field(default_factory=dict)
    """For block scalars (`text: |`): the file line of the scalar's first content line."""

    def line_of(self, loc: Path_) -> int | None:
        """The line of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


MAX_NODES = 20_000
"""A YAML file may hold at most this many values (keys, items, scalars): parsing stops there, so
a file of 30,000 value-table blocks is refused at once instead of being read for a minute. The
largest library file holds a few hundred."""


MAX_FAST_DEPTH = 40
"""Deeper nesting than this (a library file nests about five levels) is read by the pure-Python
loader, whose recursion guard reports it; libyaml's composer would recurse without one."""


class _Refused(ConstructorError):
    """A YAML construct refused with a catalog code (the message is rendered later)."""

    def __init__(self, code: str, mark: Any, **params: Any) -> None:
        super().__init__(None, None, code, mark)
        self.code = code
        self.params = params


class _StrictConstructor(SafeConstructor):
    """SafeConstructor that refuses duplicate keys, reads numbers as their text says and reports
    bad dates (the same for both loaders below)."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        if isinstance(node, MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                key: Any = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    raise _Refused("yaml.key-not-plain", key_node.start_mark) from None
                if key in seen:
                    raise _Refused("yaml.duplicate-key", key_node.start_mark, key=key, first=seen[key].line + 1)
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # e.g. an integer with thousands of digits
            raise _Refused("yaml.unreadable-value", node.start_mark, reason=str(exc).split(";")[0]) from None

    def construct_yaml_timestamp(self, node: ScalarNode) -> datetime.date:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise _Refused("yaml.bad-date", node.start_mark, text=node.value) from None

    def construct_yaml_int(self, node: ScalarNode) -> int | NumberText:  # type: ignore[override]  # leading-zero text stays text
        """YAML 1.2 core integers only: `0250000` (octal in 1.1) stays text, `1_000`, `1:00` and
        `0x10` are refused with the fix."""
        text = str(node.value)
        problem = yaml_number_problem(text)
        if problem:
            raise _Refused(problem[0], node.start_mark, **problem[1])
        if re.fullmatch(r"[-+]?0[0-9]+", text):
            return NumberText(text)
        return int(text)

    def construct_yaml_float(self, node: ScalarNode) -> Decimal | NumberText:  # type: ignore[override]  # exact Decimal, never float
        """A decimal number as the Decimal its text says (`2400000.10` stays exact), never a float."""
        text = str(node.value)
        problem = yaml_number_problem(text)
        if problem:
            raise _Refused(problem[0], node.start_mark, **problem[1])
        lowered = text.lower().lstrip("+")
        if lowered in (".inf", "-.inf", ".nan"):
            return Decimal({".inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}[lowered])
        if re.fullmatch(r"[-+]?0[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?", text):
            return NumberText(text)
        try:
            return Decimal(text)
        except InvalidOperation:
            raise _Refused("yaml.not-a-number", node.start_mark, text=text) from None


_StrictConstructor.add_constructor("tag:yaml.org,2002:timestamp", _StrictConstructor.construct_yaml_timestamp)  # type: ignore[type-var]  # types-PyYAML binds constructors to Loader classes, not a mixin
_StrictConstructor.add_constructor("tag:yaml.org,2002:int", _StrictConstructor.construct_yaml_int)  # type: ignore[type-var]  # types-PyYAML binds constructors to Loader classes, not a mixin
_StrictConstructor.add_constructor("tag:yaml.org,2002:float", _StrictConstructor.construct_yaml_float)  # type: ignore[type-var]  # types-PyYAML binds constructors to Loader classes, not a mixin


class _StrictLoader(Reader, Scanner, Parser, Composer, _StrictConstructor, Resolver):
    """PyYAML's pure-Python loader with the strict constructor; it refuses aliases and anchors
    and stops after `MAX_NODES` values while composing. Every message a user sees comes from it."""

    nodes = 0

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _StrictConstructor.__init__(self)
        Resolver.__init__(self)

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused("yaml.too-many-values", self._next_event()[1], limit=MAX_NODES)
        if self.check_event(yaml.AliasEvent):
            raise _Refused("yaml.alias", self._next_event()[1])
        anchor, mark = self._next_event()
        if anchor:
            raise _Refused("yaml.anchor", mark)
        return super().compose_node(parent, index)

    def _next_event(self) -> tuple[str | None, Mark | None]:
        """The anchor and start of the event the composer reads next."""
        event = self.peek_event()  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
        anchor: str | None = getattr(event, "anchor", None)
        mark: Mark | None = event.start_mark
        return anchor, mark


_CLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _CStrictLoader(CParser, _StrictConstructor, Resolver):
        """libyaml's parser and composer (C, with marks) with the same strict constructor."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _StrictConstructor.__init__(self)
            Resolver.__init__(self)

    _CLoader = _CStrictLoader


def _plain_for_libyaml(text: str) -> bool:
    """Whether the fast loader may read `text`: libyaml is there, and its events show no alias,
    no anchor, at most `MAX_NODES` values, nesting up to `MAX_FAST_DEPTH`, and the text has no
    character PyYAML's reader refuses. Anything else, and every error, goes to the pure-Python
    loader, so that what is refused and the message it gets stay exactly as they were."""
    if _CLoader is None or Reader.NON_PRINTABLE.search(text):
        return False
    parser = CParser(text)
    try:
        nodes = depth = 0
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return False
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    return False
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_FAST_DEPTH:
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return False
    finally:
        parser.dispose()
    return True


def _walk(node: Node, here: Path_, out: Located) -> None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.start_mark)
            loc = (*here, key)
            out.lines[loc] = key_node.start_mark.line + 1
            if isinstance(value_node, ScalarNode) and value_node.style in ("|", ">"):
                out.text_start[loc] = value_node.start_mark.line + 2
            elif isinstance(value_node, ScalarNode):
                out.text_start[loc] = value_node.start_mark.line + 1
            _walk(value_node, loc, out)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            loc = (*here, index)
            out.lines[loc] = item.start_mark.line + 1
            _walk(item, loc, out)


def read_text(path: Path, what: str, *, root: Path | None = None) -> str:
    """The file as UTF-8 text, or a ClausegenError that says what is wrong with it.

    Only a regular file is read (a FIFO or device is refused without blocking), at most
    `MAX_FILE_BYTES`; with `root`, only a file that lies inside that library folder."""
    raw = read_bytes(path, what, MAX_FILE_BYTES, root=root)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ClausegenError(code="file.not-utf8", path=path, line=line) from None
    return text


def _fast(text: str) -> tuple[Node, Any] | None:
    """The node tree and data through libyaml, or None where the pure-Python loader must read
    the text (see `_plain_for_libyaml`), and whenever anything fails: it reports the problem."""
    if not _plain_for_libyaml(text):
        return None
    loader = _CLoader(text)  # type: ignore[misc]
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return node, loader.construct_document(node)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    finally:
        loader.dispose()


def _short(text: str) -> str:
    """A long key, tag or value is not repeated back in full (a 100,000-character tag)."""
    return text if len(text) <= 200 else text[:150] + " … " + text[-40:]


def _yaml_error(exc: yaml.MarkedYAMLError, path: Path, line: int | None, column: int | None) -> ClausegenError:
    """A PyYAML error as a coded ClausegenError: the refusals of `_StrictLoader` keep their code;
    PyYAML's own wording (a tab, a tag, a second document) becomes advice."""
    if isinstance(exc, _Refused):
        params = {name: _short(str(value)) if isinstance(value, str) else value for name, value in exc.params.items()}
        return ClausegenError(code=exc.code, params=params, path=path, line=line)
    problem = exc.problem or exc.context or "invalid YAML"
    if "could not determine a constructor" in problem:
        tag = _short(problem.split("tag ")[-1])
        return ClausegenError(code="yaml.tag", params={"tag": tag}, path=path, line=line)
    if "another document" in problem:
        return ClausegenError(code="yaml.second-document", path=path, line=line)
    if "'\\t'" in problem or "\t" in problem:
        return ClausegenError(code="yaml.tab", params={"column": column}, path=path, line=line)
    return ClausegenError(code="yaml.syntax", params={"problem": _short(problem)}, path=path, line=line)


def _pure(path: Path, what: str, text: str) -> tuple[Node, Any]:
    """The node tree and data through PyYAML's pure-Python loader; every problem becomes a
    coded ClausegenError with the file and line."""
    loader = None
    try:
        loader = _StrictLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise ClausegenError(code="yaml.no-data", params={"what": what}, path=path)
        return node, loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise _yaml_error(exc, path, line, mark.column + 1 if mark else None) from None
    except ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        raise ClausegenError(
            code="yaml.bad-character", params={"char": f"U+{exc.character:04X}"}, path=path, line=line
        ) from None
    except yaml.YAMLError as exc:
        raise ClausegenError(
            code="yaml.syntax", params={"problem": " ".join(str(exc).split())[:300]}, path=path
        ) from None
    except RecursionError:
        raise ClausegenError(code="yaml.too-deep", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()


def load_yaml(path: Path, what: str, text: str | None = None) -> Located:
    """Parse one YAML file strictly and record key lines; errors carry file and line.

    A plain file (no alias, anchor or tag trouble, not too deep or too large) is read by
    libyaml's C parser, about ten times faster, with the same strict constructor; anything
    else, and every file that fails, by the pure-Python loader, which gives the messages."""
    if text is None:
        text = read_text(path, what)
    if not text.strip():
        raise ClausegenError(code="yaml.empty", params={"what": what}, path=path)
    node, data = _fast(text) or _pure(path, what, text)
    located = Located(data=data, path=path)
    located.lines[()] = node.start_mark.line + 1
    _walk(node, (), located)
    if not isinstance(data, dict):
        if data is None:
            raise ClausegenError(code="yaml.no-data", params={"what": what}, path=path)
        code = "yaml.not-mapping-list" if isinstance(data, list) else "yaml.not-mapping"
        raise ClausegenError(code=code, params={"what": what, "value": _short(str(data))}, path=path, line=1)
    return located

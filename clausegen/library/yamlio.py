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
from yaml.constructor import ConstructorError
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

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


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases/anchors and duplicate keys, stops after `MAX_NODES`
    values, and reports bad dates."""

    nodes = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ConstructorError(
                None,
                None,
                f"the file holds more than {MAX_NODES:,} values; split it or shorten it",
                self._next_event()[1],
            )
        if self.check_event(yaml.AliasEvent):
            raise ConstructorError(
                None, None, "YAML aliases (*name) are not allowed; write the value out", self._next_event()[1]
            )
        anchor, mark = self._next_event()
        if anchor:
            raise ConstructorError(None, None, "YAML anchors (&name) are not allowed; write the value out", mark)
        return super().compose_node(parent, index)

    def _next_event(self) -> tuple[str | None, Mark | None]:
        """The anchor and start of the event the composer reads next."""
        event = self.peek_event()  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
        anchor: str | None = getattr(event, "anchor", None)
        mark: Mark | None = event.start_mark
        return anchor, mark

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        if isinstance(node, MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                key: Any = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    raise ConstructorError(
                        None, None, "a mapping key must be a plain value", key_node.start_mark
                    ) from None
                if key in seen:
                    raise ConstructorError(
                        None,
                        None,
                        f"duplicate key '{key}' (first on line {seen[key].line + 1}); keep one",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # e.g. an integer with thousands of digits
            raise ConstructorError(
                None, None, f"the value cannot be read ({str(exc).split(';')[0]})", node.start_mark
            ) from None

    def construct_yaml_timestamp(self, node: ScalarNode) -> datetime.date:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise ConstructorError(
                None, None, f"'{node.value}' is not a real date; write it as YYYY-MM-DD", node.start_mark
            ) from None


    def construct_yaml_int(self, node: ScalarNode) -> int | NumberText:  # type: ignore[override]  # leading-zero text stays text
        """YAML 1.2 core integers only: `0250000` (octal in 1.1) stays text, `1_000`, `1:00` and
        `0x10` are refused with the fix."""
        text = str(node.value)
        problem = yaml_number_problem(text)
        if problem:
            raise ConstructorError(None, None, problem, node.start_mark)
        if re.fullmatch(r"[-+]?0[0-9]+", text):
            return NumberText(text)
        return int(text)

    def construct_yaml_float(self, node: ScalarNode) -> Decimal | NumberText:  # type: ignore[override]  # exact Decimal, never float
        """A decimal number as the Decimal its text says (`2400000.10` stays exact), never a float."""
        text = str(node.value)
        problem = yaml_number_problem(text)
        if problem:
            raise ConstructorError(None, None, problem, node.start_mark)
        lowered = text.lower().lstrip("+")
        if lowered in (".inf", "-.inf", ".nan"):
            return Decimal({".inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}[lowered])
        if re.fullmatch(r"[-+]?0[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?", text):
            return NumberText(text)
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ConstructorError(None, None, f"'{text}' is geen getal", node.start_mark) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_yaml_float)


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
        raise ClausegenError("file is not UTF-8 text", path=path, line=line, hint="save it as UTF-8") from None
    return text


def load_yaml(path: Path, what: str, text: str | None = None) -> Located:
    """Parse one YAML file strictly and record key lines; errors carry file and line."""
    if text is None:
        text = read_text(path, what)
    if not text.strip():
        raise ClausegenError(f"{what} file is empty", path=path, hint="see `clausegen schema`")
    loader = None
    try:
        loader = _StrictLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise ClausegenError(f"{what} file holds no data", path=path)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in problem:
            problem = "tags such as " + problem.split("tag ")[-1] + " are not allowed; use plain values"
        elif "another document" in problem:
            problem = "the file holds more than one YAML document (a second '---'); keep one"
        if len(problem) > 200:  # a 100,000-character key or tag is not repeated back in full
            problem = problem[:150] + " … " + problem[-40:]
        raise ClausegenError(f"YAML error: {problem}", path=path, line=line) from None
    except ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        raise ClausegenError(
            f"YAML error: the character U+{exc.character:04X} is not allowed in a YAML file",
            path=path,
            line=line,
            hint="remove it",
        ) from None
    except yaml.YAMLError as exc:
        raise ClausegenError(f"YAML error: {' '.join(str(exc).split())[:300]}", path=path) from None
    except RecursionError:
        raise ClausegenError("YAML error: the data is nested too deeply", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()
    located = Located(data=data, path=path)
    located.lines[()] = node.start_mark.line + 1
    _walk(node, (), located)
    if not isinstance(data, dict):
        if data is None:
            raise ClausegenError(f"{what} file holds no data", path=path, hint="see `clausegen schema`")
        kind = "a list" if isinstance(data, list) else f"'{data}'"
        raise ClausegenError(
            f"{what} file must be a mapping of fields (key: value), not {kind}",
            path=path,
            line=1,
        )
    return located

"""The Jinja2 sandbox clause texts run in, with limits so a hostile library clause can neither run
code nor exhaust memory or time.

Jinja's `ImmutableSandboxedEnvironment` already refuses private and dunder attributes, unsafe
callables and changes to lists and dicts. On top of it:
- no globals (`range`, `cycler`, `joiner`, `namespace`, `lipsum`, `dict`) and no loader, so no
  `include`, `import` or `extends`; no `random` filter (same input, same document);
- size guards: `*`, `+`, `%`, `**`, `~`, `str` methods, the built-in filters and captured blocks
  (`{% set %}...{% endset %}`, macros) refuse to build a value larger than `MAX_VALUE_CHARS`
  *before* building it;
- a step budget per render: every loop iteration (weighted by the size of the loop body), macro
  call, function call, filter and guarded operator costs steps, so nested loops and recursive
  macros stop with an error instead of running for hours; big-integer arithmetic costs steps by
  the size of its operands (a division of two long numbers costs thousands);
- an allow-list, not a deny-list: the data is plain (clausegen/template/plain.py); a record gives only
  its fields, text only the methods in `STR_METHODS`, a date its year, month and day, a loop
  its counters; Decimal, int, tuple and everything else give nothing. Only declared helpers,
  macros and those methods can be called.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import re
import string
import types
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from jinja2 import TemplateSyntaxError, nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext, Macro, Undefined, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..catalog import message
from ..errors import ClausegenError
from .plain import DATE_ATTRIBUTES, Helper, Record, record_fields, record_label

MAX_VALUE_CHARS = 200_000
"""No string, list or captured block inside a clause may grow past this many characters/items."""
MAX_WORK = 2_000_000
"""A built-in method or filter whose two largest size inputs multiply past this is refused
(`'x'.ljust(10**9)`, `text|indent(10**6)`, `', '.join(...)` with a huge separator)."""
MAX_INT_BITS = 100_000
"""Integer arithmetic in a clause stays below this many bits (`9 ** 10**8` is refused)."""
MAX_STEPS = 1_000_000
"""Work budget of one render; a real clause uses a few hundred steps."""
CHARS_PER_STEP = 20
"""Handling this many characters or items in a filter, method or operator costs one step (Python
takes about as long for them as for one loop iteration), so a loop that sorts or splits a long
text on every turn runs out of steps within seconds."""

DIGIT_OPS_PER_STEP = 200
"""Big-integer arithmetic: this many products of 30-bit digits cost one step (about as long as
one loop iteration), so `n // m` on two 100,000-bit numbers costs about 16,000 steps."""

MAX_DECIMAL_INT_BITS = 3_322
"""A whole number combined with an amount stays below 1,000 digits (amounts keep 28 digits;
turning a longer number into a Decimal takes time that grows with the square of its length)."""

STR_METHODS = frozenset(
    {"capitalize", "lower", "upper", "title", "strip", "lstrip", "rstrip", "startswith", "endswith",
     "replace", "split", "count", "format"}
)  # fmt: skip
"""The only methods of text a clause may use (each size-checked and charged)."""
LOOP_ATTRIBUTES = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0",
     "previtem", "nextitem", "cycle", "changed"}
)  # fmt: skip
"""What `loop` shows inside a `{% for %}`."""

ITEM_STEPS = 2
"""Filters that handle every item on its own (sort, unique, map, ...) cost a step per this many
items: each item costs a Python call or more."""
_ITEMWISE = frozenset(
    {"do_unique", "do_sort", "do_groupby", "do_map", "do_select", "do_reject", "do_selectattr", "do_rejectattr",
     "do_list", "do_batch", "do_slice", "do_sum", "do_min", "do_max", "do_dictsort", "do_reverse", "do_join"}
)  # fmt: skip

_SIZED = (str, bytes, list, tuple, dict, set, frozenset)
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class Rendered(str):
    """The output of a macro or `caller()`: clause text whose values were escaped for Markdown
    when the macro printed them, so printing it again must not escape them twice."""

    __slots__ = ()


class _Budget:
    __slots__ = ("left",)

    def __init__(self, steps: int) -> None:
        self.left = steps


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("clausegen_budget", default=None)


@contextlib.contextmanager
def budget(steps: int = MAX_STEPS) -> Iterator[None]:
    """Give the code in the block (one render, one `when`) a fresh work budget."""
    token = _BUDGET.set(_Budget(steps))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def charge(steps: int) -> None:
    current = _BUDGET.get()
    if current is None:
        return
    current.left -= steps
    if current.left < 0:
        raise ClausegenError(code="template.too-much-work", params={"limit": MAX_STEPS})


def _size(value: Any, limit: int = MAX_WORK) -> int:
    """How big `value` is as text: the length of a string, or of a list, tuple, set or dict plus
    the sizes of what it holds (`(s,) * 1000` holds 1000 times `s`: joined or printed, that is
    1000 times its length). Counting stops a little past `limit`."""
    if isinstance(value, str | bytes):
        return len(value)
    if not isinstance(value, _SIZED):
        return 0
    total = len(value)
    items = value.items() if isinstance(value, dict) else value
    for item in items:
        total += _size(item, limit - total) if not isinstance(item, str) else len(item)
        if total > limit:
            break
    return total


def check_printable(value: Any) -> None:
    """Before a list or dict is turned into text (printed, joined with `~`, formatted): refuse one
    whose text would pass the limit."""
    if not isinstance(value, str) and _size(value, MAX_VALUE_CHARS) > MAX_VALUE_CHARS:
        raise _too_big("text")


def _too_big(what: str) -> ClausegenError:
    """A value past MAX_VALUE_CHARS; `what` names it in the catalog (`kind.built-text`, ...)."""
    return ClausegenError(code="template.too-big", params={"kind": f"built-{what}", "limit": MAX_VALUE_CHARS})


def check_result(value: Any) -> Any:
    """A value that grew past the limit after all (e.g. through a generator) is stopped here."""
    if _size(value) > MAX_VALUE_CHARS:
        raise _too_big("value")
    return value


def check_percent_format(template: str) -> None:
    """`'%0999999999d' % 1` would allocate a gigabyte: refuse huge or `*` widths."""
    for match in _PERCENT_SPEC.finditer(template):
        for number in match.groups():
            if number == "*" or (number and int(number) > MAX_VALUE_CHARS):
                raise _too_big("format")


def check_brace_format(template: str) -> None:
    """`'{:>999999999}'.format(1)`: the same check for `str.format` specs."""
    for _, _, spec, _ in string.Formatter().parse(template):
        if spec and ("{" in spec or any(int(n) > MAX_VALUE_CHARS for n in re.findall(r"\d+", spec))):
            raise _too_big("format")


def check_work(inputs: Iterable[Any]) -> int:
    """Refuse a call whose two largest size inputs (lengths, integer arguments) multiply past
    MAX_WORK; returns the total input size for charging."""
    sizes = sorted(
        (abs(v) if isinstance(v, int) and not isinstance(v, bool) else _size(v) for v in inputs), reverse=True
    )
    sizes += [1, 1]
    if sizes[0] * max(sizes[1], 1) > MAX_WORK:
        raise _too_big("value")
    return sum(sizes)


def guard_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap one of Jinja's built-in filters with the work check and a charge."""

    def guarded(*args: Any, **kwargs: Any) -> Any:
        # The filtered value itself only counts by its length; an integer value is data.
        skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # context/environment first
        first, rest = (args[skip], args[skip + 1 :]) if len(args) > skip else (None, ())
        if func.__name__ == "do_format" and isinstance(first, str):
            check_percent_format(first)
        total = check_work([_size(first), *rest, *kwargs.values()])
        charge(1 + (total // ITEM_STEPS if func.__name__ in _ITEMWISE else total // CHARS_PER_STEP))
        result = func(*args, **kwargs)
        charge(_size(result) // CHARS_PER_STEP)
        return check_result(result)

    guarded.__name__ = func.__name__
    guarded.__doc__ = func.__doc__
    guarded.__dict__.update(getattr(func, "__dict__", {}))  # keeps jinja_pass_arg (pass_context etc.)
    return guarded


def _binop_size_check(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise ClausegenError(code="template.int-too-large", params={"limit": MAX_INT_BITS})
        else:
            times = max(left if isinstance(left, int) else 0, right if isinstance(right, int) else 0)
            if max(_size(left), _size(right)) * times > MAX_VALUE_CHARS:
                raise _too_big("repeat")
    elif operator == "**":
        ints = isinstance(left, int) and isinstance(right, int)
        if ints and right > 0 and abs(left) > 1 and left.bit_length() * right > MAX_INT_BITS:
            raise ClausegenError(code="template.int-too-large", params={"limit": MAX_INT_BITS})
    elif operator == "+":
        if _size(left) + _size(right) > MAX_VALUE_CHARS:
            raise _too_big("join")
    elif operator == "%" and isinstance(left, str):
        check_percent_format(left)
        check_printable(right)


def _digits(value: int) -> int:
    return value.bit_length() // 30 + 1


def int_cost(operator: str, left: Any, right: Any) -> int:
    """Steps for integer arithmetic whose time grows with the operands (schoolbook estimate)."""
    if isinstance(left, Decimal) or isinstance(right, Decimal):  # a long int is converted first
        if any(isinstance(v, int) and v.bit_length() > MAX_DECIMAL_INT_BITS for v in (left, right)):
            raise ClausegenError(code="template.amount-too-long", params={"limit": 1000})
        return sum(_digits(v) ** 2 // DIGIT_OPS_PER_STEP for v in (left, right) if isinstance(v, int))
    if not isinstance(left, int) or not isinstance(right, int):
        return 0
    a, b = _digits(left), _digits(right)
    if operator in ("*", "//", "%", "/"):
        return a * b // DIGIT_OPS_PER_STEP
    if operator == "**" and right > 0 and abs(left) > 1:
        result = min(left.bit_length() * right, MAX_INT_BITS * 2) // 30 + 1  # refused above the cap anyway
        return result * result // DIGIT_OPS_PER_STEP
    return (a + b) // 4


def _format_cost(value: Any) -> int:
    """Steps to turn the integers among `value` into text (quadratic in their length)."""
    items = value if isinstance(value, tuple | list) else (value,)
    return sum(_digits(v) ** 2 // DIGIT_OPS_PER_STEP for v in items if isinstance(v, int))


def _too_deep(name: str | None, filename: str | None) -> TemplateSyntaxError:
    """Parsing and compiling recurse per nesting level; a template nested thousands deep is a
    syntax error for clausegen, not a crash."""
    return TemplateSyntaxError(message("template.syntax-too-deep"), lineno=1, name=name, filename=filename)


class _GuardedCodeGenerator(CodeGenerator):
    """Routes `a ~ b` through the environment, so it is size-checked before it is joined."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.guarded_concat(context.eval_ctx, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


@pass_context
def _step_iter(context: Context, iterable: Any, weight: int) -> Iterator[Any]:  # noqa: ARG001
    """The iterable of a `{% for %}`: every item pulled costs the loop body's weight."""
    for item in iterable:
        charge(weight)
        yield item


@pass_context
def _step(context: Context, weight: int) -> str:  # noqa: ARG001
    """Charged at the start of every macro call and `{% call %}` body."""
    charge(weight)
    return ""


def allowed_attribute(obj: Any, attr: str) -> bool:
    """Whether a clause may read `obj.attr` (the allow-list of the module docstring)."""
    if attr.startswith("_"):
        return False
    if isinstance(obj, Record):
        return attr in record_fields(obj)
    if isinstance(obj, str):
        return attr in STR_METHODS
    if isinstance(obj, LoopContext):
        return attr in LOOP_ATTRIBUTES
    if isinstance(obj, datetime.date) and not isinstance(obj, datetime.datetime):
        return attr in DATE_ATTRIBUTES
    return False


def callable_in_clause(obj: Any) -> bool:
    """Declared helpers, macros (and `caller`), a recursive `loop(...)`, and allowed methods."""
    if isinstance(obj, Helper | Macro | LoopContext):
        return True
    target = getattr(obj, "__wrapped__", obj)  # str.format, wrapped by Jinja's sandbox formatter
    owner, name = getattr(target, "__self__", None), getattr(target, "__name__", "")
    if isinstance(owner, str):
        return name in STR_METHODS
    if isinstance(owner, LoopContext):
        return name in ("cycle", "changed")
    return False


def _describe(obj: Any) -> str:
    """What a refused call calls, in words: a record's label, a function's name, or a type."""
    if isinstance(obj, Record):
        return message("template.callee-record", {"name": record_label(obj)})
    name = getattr(obj, "__name__", None)
    return f"'{name}'" if isinstance(name, str) else message("template.callee-value", {"type": type(obj).__name__})


class ClauseSandbox(ImmutableSandboxedEnvironment):
    """The sandbox for clause texts and `when` conditions (see the module docstring)."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "-", "%", "/", "//"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.clear()
        del self.filters["random"]  # the same tender must give the same document, byte for byte
        for name, func in list(self.filters.items()):
            self.filters[name] = guard_filter(func)
        self.filters["_clausegen_iter"] = _step_iter
        self.filters["_clausegen_step"] = _step
        self.concat = self._guarded_join  # type: ignore[method-assign]  # Jinja's join hook: captured blocks and macro bodies are joined here

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The allow-list of the module docstring (also used by the `attr` filter)."""
        return allowed_attribute(obj, attr)

    def is_safe_callable(self, obj: Any) -> bool:
        return isinstance(obj, Undefined) or callable_in_clause(obj)  # an Undefined says what is missing

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Undefined):
            return super().getattr(obj, attribute)  # StrictUndefined says what is undefined
        if isinstance(obj, Record):
            fields = record_fields(obj)
            if attribute in fields:
                return fields[attribute]
            if attribute.startswith("_"):
                return self.unsafe_undefined(obj, attribute)
            hint = message("template.record-no-attribute", {"name": record_label(obj), "attribute": attribute})
            return self.undefined(hint=hint, obj=obj, name=attribute)
        if isinstance(obj, dict) and not attribute.startswith("_"):  # a mapping the clause wrote
            return obj[attribute] if attribute in obj else self.undefined(obj=obj, name=attribute)
        if not allowed_attribute(obj, attribute):
            return self.unsafe_undefined(obj, attribute)
        value = getattr(obj, attribute)
        return self.wrap_str_format(value) or value

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Undefined):
            return super().getitem(obj, argument)
        if isinstance(argument, str) and isinstance(obj, Record | dict):
            return self.getattr(obj, argument)
        if isinstance(obj, str | tuple | list) and isinstance(argument, int | slice) and not isinstance(argument, bool):
            try:
                return obj[argument]
            except IndexError:
                return self.undefined(obj=obj, name=argument)  # type: ignore[arg-type]  # as Jinja's own getitem does
        if isinstance(obj, dict):
            try:
                return obj[argument]
            except (KeyError, TypeError):
                return self.undefined(obj=obj, name=argument)
        if isinstance(argument, str):
            return self.getattr(obj, argument)
        return self.undefined(obj=obj, name=argument)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """Refuse an unsafe attribute at once: Jinja returns an Undefined that only fails when
        used, so `map(attribute='__class__')` would print quietly instead of failing."""
        raise SecurityError(message("template.unsafe-attribute", {"attribute": attribute, "type": type(obj).__name__}))

    # -- no other templates: there is no loader, and this says so in words

    def get_template(self, name: Any, *args: Any, **kwargs: Any) -> Any:
        raise ClausegenError(code="template.include", params={"name": repr(name)[:100]})

    select_template = get_or_select_template = get_template  # type: ignore[assignment]  # all refuse every name

    # -- limits on building values

    def _guarded_join(self, parts: Iterable[str]) -> str:
        parts = list(parts)
        total = sum(len(p) for p in parts)
        if total > MAX_VALUE_CHARS:
            raise _too_big("capture")
        charge(1 + total // CHARS_PER_STEP)
        return "".join(parts)

    def guarded_concat(self, eval_ctx: Any, values: tuple[Any, ...]) -> str:
        for value in values:
            check_printable(value)
        texts = [v if isinstance(v, str) else str(v) for v in values]
        total = sum(len(t) for t in texts)
        if total > MAX_VALUE_CHARS:
            raise _too_big("joined-text")
        charge(1 + total // CHARS_PER_STEP)
        return markup_join(texts) if eval_ctx.autoescape else str_join(texts)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _binop_size_check(operator, left, right)
        cost = int_cost(operator, left, right)
        if operator == "%" and isinstance(left, str):
            cost += _format_cost(right)
        charge(1 + cost + (_size(left) + _size(right)) // CHARS_PER_STEP)
        return check_result(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if not isinstance(__obj, Undefined) and not callable_in_clause(__obj):
            raise SecurityError(message("template.not-callable", {"callee": _describe(__obj)}))
        target = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(target, "__self__", None)
        if isinstance(target, types.BuiltinMethodType | types.MethodWrapperType) and isinstance(owner, _SIZED):
            if isinstance(owner, str) and target.__name__ in ("format", "format_map"):
                check_brace_format(owner)
                charge(_format_cost((*args, *kwargs.values())))
            charge(1 + check_work([owner, *args, *kwargs.values()]) // CHARS_PER_STEP)
        else:
            charge(1)
        if isinstance(__obj, LoopContext) and args:  # `loop(children)` in a recursive loop
            args = (_step_iter(__context, args[0], 1), *args[1:])
        result = super().call(__context, __obj, *args, **kwargs)
        charge(_size(result) // CHARS_PER_STEP)
        if isinstance(__obj, Macro) and type(result) is str:
            result = Rendered(result)
        return check_result(result)

    # -- step accounting inserted into the parsed template

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            return super()._parse(source, name, filename)
        except RecursionError:
            raise _too_deep(name, filename) from None

    def _generate(
        self, source: nodes.Template, name: str | None, filename: str | None, defer_init: bool = False
    ) -> str:
        """Compile with step charges in every loop, macro and `{% call %}` body. The tree is put
        back afterwards: `clausegen check` compiles a parsed tree and then reads it as written."""
        loops = list(source.find_all(nodes.For))
        blocks: list[nodes.Macro | nodes.CallBlock] = [*source.find_all(nodes.Macro), *source.find_all(nodes.CallBlock)]
        iters = [loop.iter for loop in loops]
        for loop in loops:
            weight = 1 + sum(1 for body in loop.body for _ in body.find_all(nodes.Node))
            loop.iter = nodes.Filter(
                loop.iter, "_clausegen_iter", [nodes.Const(weight)], [], None, None, lineno=loop.lineno
            )
        for block in blocks:
            weight = 1 + sum(1 for body in block.body for _ in body.find_all(nodes.Node))
            step = nodes.Filter(nodes.Const(weight), "_clausegen_step", [], [], None, None, lineno=block.lineno)
            block.body.insert(0, nodes.ExprStmt(step, lineno=block.lineno))
        try:
            return super()._generate(source, name, filename, defer_init=defer_init)
        except RecursionError:
            raise _too_deep(name, filename) from None
        finally:
            for loop, original in zip(loops, iters, strict=True):
                loop.iter = original
            for block in blocks:
                del block.body[0]

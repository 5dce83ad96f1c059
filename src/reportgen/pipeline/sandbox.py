"""The Jinja environment a project's templates run in: Jinja's sandbox, made stricter.

A project folder may come from anyone (a pull request), so its templates are
untrusted code. They receive plain data only (``view``); this environment is the
second wall behind that: whatever a template reaches, it can neither touch the
machine (no path, file, module or class is handed out, whatever attribute leads
to it) nor exhaust its memory (strings, lists and numbers a template makes are
bounded; Jinja's own ``range`` is bounded already).

What stays allowed is what templates need: the session's fields, the methods of
strings that make no padding, the date fields, lists and dicts a template makes
for itself, Jinja's ``loop``, ``namespace``, ``cycler`` and ``joiner``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import types
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import PurePath
from typing import Any

from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.filters import FILTERS, make_attrgetter
from jinja2.nodes import Concat, EvalContext
from jinja2.runtime import Context, Undefined
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment, SecurityError
from jinja2.utils import pass_eval_context
from markupsafe import soft_str

from reportgen.pipeline import view

# The most characters or items one operation of a template may make (as Jinja's range).
MAX_SIZE = MAX_RANGE

# Changes whenever what compiled templates do changes (operators intercepted or not):
# part of the compiled templates' file names, so none compiled before is reused.
POLICY = "3"

_STR_METHODS = frozenset({
    "capitalize", "casefold", "count", "endswith", "find", "format", "format_map", "index",
    "isalnum", "isalpha", "isdecimal", "isdigit", "islower", "isnumeric", "isspace",
    "istitle", "isupper", "join", "lower", "lstrip", "partition", "removeprefix",
    "removesuffix", "replace", "rfind", "rindex", "rpartition", "rsplit", "rstrip", "split",
    "splitlines", "startswith", "strip", "swapcase", "title", "upper"})
# Not today(), fromtimestamp() …: the clock is the machine's, and the report's dates
# must not depend on when it is built.
_DATE_ATTRIBUTES = frozenset({"year", "month", "day", "isoformat", "isoweekday", "weekday",
                              "strftime"})
_MACHINE = (PurePath, io.IOBase, types.ModuleType, type)

# A width or precision of five digits or more, or one given as an argument
# ("%*d", "{0:{1}}"): how a short format string asks for a huge one.
_WIDE_PERCENT = re.compile(r"%[-#0 +(\w)]*(?:\*|\d{5,}|\.\*|\.\d{5,})")
_WIDE_FORMAT = re.compile(r"\{[^{}]*:[^{}]*(?:\{|\d{5,})")


class Sealed:
    """Something reportgen made for a template to hand back to it, never to look into.

    A template may keep it, put it in lists and pass it on; it has no attribute or
    item a template can read (``getattr``, ``getitem``) and prints as nothing but its kind, so
    neither a mutable object behind it nor where its text was typed reaches a template.
    """

    __slots__ = ("_content",)

    def __init__(self, content: Any):
        self._content = content

    def unsealed(self) -> Any:
        """What it holds: for reportgen's own code, called outside the sandbox."""
        return self._content

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    __str__ = __repr__


class _CheckedCodeGenerator(CodeGenerator):
    """Jinja's compiler, with the parts ``~`` joins measured first: the sandbox
    intercepts ``+`` but has no hook for ``~``. As Jinja's own ``visit_Concat``, but
    for the call to ``TemplateSandbox.concat_parts`` around the parts."""

    @optimizeconst
    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"{join}(environment.concat_parts((")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write(")))")


# Methods of reportgen's own that templates call, a report's builder functions
# (``trust``): kept as the functions of their class, which live as long as the process.
_TRUSTED: set[Callable[..., Any]] = set()


def trust(*functions: Callable[..., Any]) -> None:
    """Let templates call these methods (as bound to any object) without Jinja's checks of
    each call: they are reportgen's, safe to call, and take no context. A report calls
    them thousands of times, and the checks cost many times the call."""
    _TRUSTED.update(functions)


class TemplateSandbox(SandboxedEnvironment):
    """Jinja's sandbox, allowing templates only data and bounded operations."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _CheckedCodeGenerator

    def __init__(self, **options: Any):
        super().__init__(**options)
        del self.globals["lipsum"]  # lipsum(n=…) makes as much text as it is asked
        for name, argument in (("center", "width"), ("indent", "width"),
                               ("batch", "linecount"), ("slice", "slices")):
            self.filters[name] = _bounded(FILTERS[name], argument)
        self.filters["format"] = _checked_format(FILTERS["format"])
        self.filters["join"] = _checked_join_filter(FILTERS["join"])
        self.filters["replace"] = _checked_replace_filter(FILTERS["replace"])

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if type(obj) is types.MethodType and obj.__func__ in _TRUSTED:
            # What Context.call does for a callable that takes no context: drop the
            # variables Jinja passes from inside a loop or a block, and call.
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            try:
                return obj(*args, **kwargs)
            except StopIteration:
                return self.undefined("value was undefined because a callable raised a "
                                      "StopIteration exception")
        return super().call(context, obj, *args, **kwargs)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value) or isinstance(value, _MACHINE):
            return False
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, dt.date):
            return attr in _DATE_ATTRIBUTES
        if view.is_view(obj):
            return attr in view.fields_of(obj)
        return True

    # Every way a template reads into a value ends here (the format strings' fields,
    # the attr and map filters too): a sealed value has nothing to read.
    def getattr(self, obj: Any, attribute: str) -> Any:
        if view.readable(obj, attribute):
            # A field of the session's view: what the checks below would allow anyway,
            # asked at once (templates read thousands of them per report).
            return getattr(obj, attribute)
        if isinstance(obj, Sealed):
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Sealed):
            return self.unsafe_undefined(obj, str(argument))
        return super().getitem(obj, argument)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        # Jinja returns an undefined value that fails only when printed; a list of
        # them (map(attribute="__class__")) would print as "[Undefined]". Fail here.
        raise SecurityError(f"access to attribute {attribute!r} of "
                            f"{type(obj).__name__!r} object is unsafe.")

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def concat_parts(self, parts: tuple[Any, ...]) -> tuple[str, ...]:
        """The parts ``~`` joins, as text (as Jinja's ``str_join`` makes them), measured."""
        texts = tuple(map(soft_str, parts))
        _check_size("'~'", sum(map(len, texts)))
        return texts

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # Jinja wraps a string's format methods here, when a template reads them, so
        # that no call escapes the check; join and replace are wrapped the same way.
        if isinstance(value, types.BuiltinMethodType) and isinstance(value.__self__, str) \
                and value.__name__ in _GROWING_METHODS:
            return _GROWING_METHODS[value.__name__](value.__self__)
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _WIDE_FORMAT.search(value.__self__):
            raise SecurityError(f"the format string {value.__self__!r} asks for a width of "
                                f"{MAX_SIZE} characters or more, or one given as an argument")
        return wrapped


def _check_size(what: str, size: int) -> None:
    """Refuse an operation of a template (``what``) that would make ``size`` characters
    or items; called before the result is made."""
    if size > MAX_SIZE:
        raise SecurityError(f"{what} would make {size} characters or items; a template "
                            f"may make at most {MAX_SIZE} at once")


def _check_binop(name: str, left: Any, right: Any) -> None:
    """Refuse ``*``, ``**``, ``%`` and ``+`` that would make something huge."""
    if name == "*":
        if isinstance(left, int) and isinstance(right, int) \
                and left.bit_length() + right.bit_length() > MAX_SIZE:
            raise SecurityError(f"'*' would make a number of more than {MAX_SIZE} binary "
                                "digits")
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, str | list | tuple) and isinstance(times, int):
                _check_size("'*'", len(sequence) * times)
    elif name == "+":
        if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
            _check_size("'+'", len(left) + len(right))
    elif name == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0 \
                and right * math.log2(abs(left)) > MAX_SIZE:
            raise SecurityError(f"'**' would make a number of more than {MAX_SIZE} binary "
                                "digits")
    elif name == "%" and isinstance(left, str):
        _check_percent(left)


def _check_percent(text: str) -> None:
    if _WIDE_PERCENT.search(text):
        raise SecurityError(f"the format string {text!r} asks for a width of {MAX_SIZE} "
                            "characters or more, or one given as an argument")


def _bounded(function: Callable[..., Any], argument: str) -> Callable[..., Any]:
    """A Jinja filter whose size ``argument`` (the first after the value) is bounded."""
    @wraps(function)
    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        size = kwargs.get(argument, args[0] if args else 0)
        if isinstance(size, int) and size > MAX_SIZE:
            raise SecurityError(f"{function.__name__.removeprefix('do_')}({argument}={size}): "
                                f"a template may make at most {MAX_SIZE} characters or "
                                "items at once")
        return function(value, *args, **kwargs)

    return checked


def _checked_format(function: Callable[..., str]) -> Callable[..., str]:
    """Jinja's ``format`` filter (``%`` formatting), with the width bounded."""
    @wraps(function)
    def checked(value: Any, *args: Any, **kwargs: Any) -> str:
        _check_percent(str(value))
        return function(value, *args, **kwargs)

    return checked



def _joined_size(separator: str, parts: list[str]) -> int:
    return sum(map(len, parts)) + len(separator) * max(len(parts) - 1, 0)


def _replaced_size(text: str, old: str, new: str, count: int) -> int:
    found = text.count(old) if old else len(text) + 1  # "" is found between characters
    if count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def _checked_join(separator: str) -> Callable[[Iterable[Any]], str]:
    """``separator.join``, its result measured before it is made."""
    def join(parts: Iterable[Any]) -> str:
        listed = list(parts)
        if all(isinstance(part, str) for part in listed):  # else str.join's own TypeError
            _check_size("join()", _joined_size(separator, listed))
        return separator.join(listed)

    return join


def _checked_replace(text: str) -> Callable[..., str]:
    """``text.replace``, its result measured before it is made."""
    def replace(old: Any, new: Any, count: Any = -1) -> str:
        if isinstance(old, str) and isinstance(new, str) and isinstance(count, int):
            _check_size("replace()", _replaced_size(text, old, new, count))
        return text.replace(old, new, count)

    return replace


_GROWING_METHODS: dict[str, Callable[[str], Callable[..., str]]] = {
    "join": _checked_join, "replace": _checked_replace}


def _checked_join_filter(function: Callable[..., str]) -> Callable[..., str]:
    """Jinja's ``join`` filter, its result measured before it is made."""
    @pass_eval_context
    @wraps(function)
    def checked(context: EvalContext, value: Iterable[Any], d: Any = "",
                attribute: Any = None) -> str:
        parts = list(value)
        if attribute is not None:
            parts = list(map(make_attrgetter(context.environment, attribute), parts))
        texts = [soft_str(part) for part in parts]
        _check_size("join()", _joined_size(soft_str(d), texts))
        return function(context, texts, d)

    return checked


def _checked_replace_filter(function: Callable[..., str]) -> Callable[..., str]:
    """Jinja's ``replace`` filter, its result measured before it is made."""
    @pass_eval_context
    @wraps(function)
    def checked(context: EvalContext, value: Any, old: Any, new: Any,
                count: Any = None) -> str:
        if isinstance(count, int | None):
            _check_size("replace()", _replaced_size(str(value), str(old), str(new),
                                                    -1 if count is None else count))
        return function(context, value, old, new, count)

    return checked

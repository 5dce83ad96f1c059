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
from collections.abc import Callable
from functools import wraps
from pathlib import PurePath
from typing import Any

from jinja2.filters import FILTERS
from jinja2.runtime import Context, Undefined
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment, SecurityError

from reportgen.pipeline import view

# The most characters or items one operation of a template may make (as Jinja's range).
MAX_SIZE = MAX_RANGE

# Changes whenever what compiled templates do changes (operators intercepted or not):
# part of the compiled templates' file names, so none compiled before is reused.
POLICY = "2"

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


class TemplateSandbox(SandboxedEnvironment):
    """Jinja's sandbox, allowing templates only data and bounded operations."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any):
        super().__init__(**options)
        del self.globals["lipsum"]  # lipsum(n=…) makes as much text as it is asked
        for name, argument in (("center", "width"), ("indent", "width"),
                               ("batch", "linecount"), ("slice", "slices")):
            self.filters[name] = _bounded(FILTERS[name], argument)
        self.filters["format"] = _checked_format(FILTERS["format"])

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

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _WIDE_FORMAT.search(value.__self__):
            raise SecurityError(f"the format string {value.__self__!r} asks for a width of "
                                f"{MAX_SIZE} characters or more, or one given as an argument")
        return wrapped


def _check_binop(name: str, left: Any, right: Any) -> None:
    """Refuse ``*``, ``**`` and ``%`` that would make something huge."""
    if name == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, str | list | tuple) and isinstance(times, int) \
                    and len(sequence) * times > MAX_SIZE:
                raise SecurityError(f"'*' would make {len(sequence) * times} characters or "
                                    f"items; a template may make at most {MAX_SIZE} at once")
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


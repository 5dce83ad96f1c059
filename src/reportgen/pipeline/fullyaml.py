"""Stage 1, full path: read a session file with ruamel.yaml, for its messages.

``load`` tries ``fastyaml`` first; a file that is not ordinary (a syntax error,
a tag, an alias, a duplicate key, an impossible date, deep nesting ...) is read
here. ruamel.yaml's round-trip loader keeps the line and column of every key
and value and its errors carry the position, which this module turns into
located messages. It never constructs Python objects from tags
(``!!python/object`` stays data, and validation then rejects it).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from reportgen.errors import Diagnostic, InputError, Location, source_line
from reportgen.pipeline.fastyaml import MAX_DEPTH


class _Refused(MarkedYAMLError):
    """A construct this loader refuses, at a position in the file."""


class _NoAliasComposer(Composer):
    """Refuses aliases (``*name``).

    An alias makes one node appear in many places; a few of them nested make
    a small file expand to billions of nodes. Session files never need them.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            raise _Refused(problem=f"alias '*{event.anchor}' is not allowed in a session file "
                                   "(write the value out where it is needed)",
                           problem_mark=event.start_mark)
        return super().compose_node(parent, index)


class _DateCheckingConstructor(RoundTripConstructor):
    """Reports an impossible date (2017-02-30) at its line instead of crashing."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError as exc:
            raise _Refused(problem=f"{node.value} is not a date that exists ({exc}); "
                                   "write it as YYYY-MM-DD",
                           problem_mark=node.start_mark) from None


_DateCheckingConstructor.add_constructor("tag:yaml.org,2002:timestamp",
                                         _DateCheckingConstructor.construct_yaml_timestamp)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Composer = _NoAliasComposer
    yaml.Constructor = _DateCheckingConstructor
    yaml.max_depth = MAX_DEPTH  # ruamel stops deeper nesting with MaxDepthExceededError
    return yaml


def load_tree(path: Path, text: str) -> Any:
    """The YAML tree of ``text``; a syntax error becomes a located InputError."""
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        raise InputError([_located(path, exc)]) from None
    except YAMLError as exc:
        raise InputError([Diagnostic(Location(path), f"invalid YAML: {exc}")]) from None
    except (ValueError, IndexError) as exc:  # ruamel.yaml's own failures ("a: +_")
        problem = ("a number has more than 4,300 digits (quote it if it is text)"
                   if "digits" in str(exc) else f"cannot read this YAML ({exc})")
        raise InputError([Diagnostic(Location(path), f"{problem}; check the values that "
                                     "are numbers or dates")]) from None
    except RecursionError:
        raise InputError([Diagnostic(Location(path), "the file is nested too deeply to read "
                                                     f"(more than {MAX_DEPTH} levels)")]) from None


def _located(path: Path, exc: MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = exc.problem or exc.context or "invalid YAML"
    if isinstance(exc, _Refused):
        return Diagnostic(Location(path, line, column), problem)
    if isinstance(exc, MaxDepthExceededError):
        return Diagnostic(Location(path, line, column),
                          f"the file is nested more than {MAX_DEPTH} levels deep")
    duplicate = re.match(r'found duplicate key "(.*?)" with value', problem, re.S)
    if duplicate:
        return Diagnostic(Location(path, line, column),
                          f"the key '{duplicate.group(1)}' appears twice in the same mapping"
                          f"{_first_place(path, exc, duplicate.group(1))} (keep one of them)")
    start = exc.context_mark
    if exc.context and start and mark and start.line != mark.line:
        problem += f" ({exc.context} at line {start.line + 1}, column {start.column + 1})"
    return Diagnostic(Location(path, line, column), f"invalid YAML: {problem}")


def _first_place(path: Path, exc: MarkedYAMLError, key: str) -> str:
    """Where the first of two duplicate keys stands: ruamel only gives the second."""
    start, second = exc.context_mark, exc.problem_mark
    if start is None or second is None:
        return ""
    for number in range(start.line + 1, second.line + 1):
        text = source_line(Location(path, number, 1)) or ""
        column = second.column
        if text[column:].startswith((f"{key}:", f'"{key}":', f"'{key}':")) and \
                not text[:column].strip(" -"):
            return f" (first at line {number}, column {column + 1})"
    return ""

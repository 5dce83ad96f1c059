"""Stage 1: read a session file into a YAML tree that remembers positions.

ruamel.yaml's round-trip loader keeps the line and column of every key and
value, which is what lets every later error point at the line a user typed.
It never constructs Python objects from tags (``!!python/object`` stays data,
and validation then rejects it).

Hostile or broken files fail fast with a located message: files over
MAX_BYTES are refused before parsing, aliases are refused (so a "billion
laughs" file cannot expand), tabs in indentation are reported line by line,
impossible dates name their line, and very deep nesting is stopped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from .errors import Diagnostic, InputError, Location, remember_source

# Real session files are tens of kilobytes; anything this large is a wrong file.
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_TABS_REPORTED = 20


@dataclass
class Source:
    """A loaded session file: its path, its lines, and the YAML tree."""

    path: Path
    lines: list[str]
    tree: Any


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


def read_text(path: Path) -> str:
    """The file's text; a byte-order mark is accepted, other non-UTF-8 bytes are not."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError([Diagnostic(Location(path), (
                f"the file is {size / 1024 / 1024:.1f} MB; a session file may be at most "
                f"{MAX_BYTES // 1024 // 1024} MB (is this the right file?)"))])
        data = path.read_bytes()
    except FileNotFoundError:
        message = "no such file (give the path of a session.yaml file or of its folder)"
        raise InputError([Diagnostic(Location(path), message)]) from None
    except IsADirectoryError:
        raise InputError([Diagnostic(Location(path), "this is a folder; give the session.yaml "
                                                     "file in it")]) from None
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror}"
        raise InputError([Diagnostic(Location(path), message)]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Diagnostic(
            Location(path, line, column),
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8 "
            "(save the file as UTF-8)",
        )]) from None


def _tab_errors(path: Path, lines: list[str]) -> list[Diagnostic]:
    """Every line indented with a tab: YAML indents with spaces only."""
    found = []
    for number, line in enumerate(lines, start=1):
        indent = re.match(r"[ \t]*", line).group(0)  # type: ignore[union-attr]
        if "\t" in indent and line.strip():
            found.append(Diagnostic(Location(path, number, indent.index("\t") + 1),
                                    "a tab in the indentation (indent with spaces only)"))
    return found[:MAX_TABS_REPORTED]


# Characters YAML refuses in a file (it allows tab, line breaks and printable text).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _character_errors(path: Path, lines: list[str]) -> list[Diagnostic]:
    """Every control character, located: the YAML reader would only give an offset."""
    found = []
    for number, line in enumerate(lines, start=1):
        for match in _UNPRINTABLE.finditer(line):
            found.append(Diagnostic(Location(path, number, match.start() + 1),
                                    f"the control character U+{ord(match.group(0)):04X} cannot "
                                    "stand in a session file (delete it)"))
    return found[:MAX_TABS_REPORTED]


def split_lines(text: str) -> list[str]:
    """Lines as the YAML reader counts them (str.splitlines also splits at FS, GS, RS)."""
    return _LINE_BREAK.split(text)


_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Composer = _NoAliasComposer
    yaml.Constructor = _DateCheckingConstructor
    yaml.max_depth = MAX_DEPTH  # ruamel stops deeper nesting with MaxDepthExceededError
    return yaml


def load(path: Path, text: str | None = None) -> Source:
    """Parse ``path`` (or ``text`` in its name) as YAML; syntax errors become located errors."""
    if text is None:
        text = read_text(path)
    lines = split_lines(text)
    remember_source(path, lines)
    refused = _character_errors(path, lines) + _tab_errors(path, lines)
    if refused:
        raise InputError(refused)
    try:
        tree = _yaml().load(text)
    except MarkedYAMLError as exc:
        raise InputError([_located(path, exc)]) from None
    except YAMLError as exc:
        raise InputError([Diagnostic(Location(path), f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([Diagnostic(Location(path), "the file is nested too deeply to read "
                                                     f"(more than {MAX_DEPTH} levels)")]) from None
    return Source(path=path, lines=lines, tree=tree)


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
    from .errors import source_line

    for number in range(start.line + 1, second.line + 1):
        text = source_line(Location(path, number, 1)) or ""
        column = second.column
        if text[column:].startswith((f"{key}:", f'"{key}":', f"'{key}':")) and \
                not text[:column].strip(" -"):
            return f" (first at line {number}, column {column + 1})"
    return ""

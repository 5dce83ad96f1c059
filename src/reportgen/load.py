"""Stage 1: read a session file into a YAML tree that remembers positions.

ruamel.yaml's round-trip loader keeps the line and column of every key and
value, which is what lets every later error point at the line a user typed.
It never constructs Python objects from tags (``!!python/object`` stays data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import Diagnostic, InputError, Location


@dataclass
class Source:
    """A loaded session file: its path, its lines, and the YAML tree."""

    path: Path
    lines: list[str]
    tree: Any


def read_text(path: Path) -> str:
    """The file's text; a byte-order mark is accepted, other non-UTF-8 bytes are not."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        message = "no such file (give the path of a session.yaml file or of its folder)"
        raise InputError([Diagnostic(Location(path), message)]) from None
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


def load(path: Path, text: str | None = None) -> Source:
    """Parse ``path`` (or ``text`` in its name) as YAML; syntax errors become located errors."""
    if text is None:
        text = read_text(path)
    yaml = YAML(typ="rt")
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        duplicate = re.match(r'found duplicate key "(.*?)" with value', problem, re.S)
        if duplicate:
            raise InputError([Diagnostic(
                Location(path, line, column),
                f"the key '{duplicate.group(1)}' appears twice in the same mapping "
                "(keep one of them)")]) from None
        start = exc.context_mark
        if exc.context and start and mark and start.line != mark.line:
            problem += f" ({exc.context} at line {start.line + 1}, column {start.column + 1})"
        raise InputError([Diagnostic(Location(path, line, column),
                                     f"invalid YAML: {problem}")]) from None
    except YAMLError as exc:
        raise InputError([Diagnostic(Location(path), f"invalid YAML: {exc}")]) from None
    return Source(path=path, lines=text.splitlines(), tree=tree)

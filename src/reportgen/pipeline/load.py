"""Stage 1: read a session file into a YAML tree that remembers positions.

Every mapping and list of the tree knows the line and column of each key,
value and entry (``lc``), which is what lets every later error point at the
line a user typed. Ordinary files are read by libyaml (``fastyaml``); any
other file by ruamel.yaml's round-trip loader (``fullyaml``), whose errors
carry their position. Neither constructs Python objects from tags.

Hostile or broken files fail fast with a located message: only regular files
are read (a named pipe or a link to a device is refused, see ``files``), files
over MAX_BYTES are refused before parsing, aliases are refused (so a "billion
laughs" file cannot expand), tabs in indentation are reported line by line,
impossible dates name their line, and very deep nesting is stopped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.errors import Diagnostic, InputError, Location, remember_source, split_lines
from reportgen.pipeline import fastyaml
from reportgen.pipeline.fastyaml import MAX_DEPTH
from reportgen.util import files

MAX_BYTES = files.MAX_BYTES
MAX_TABS_REPORTED = 20


@dataclass
class Source:
    """A loaded session file: its path, its lines, and the YAML tree."""

    path: Path
    lines: list[str]
    tree: Any


def read_text(path: Path) -> str:
    """The session file's text: a regular file of at most MAX_BYTES, in UTF-8 (a
    byte-order mark is accepted); anything else is a located InputError."""
    return files.decode(path, files.read_bytes(path, files.SESSION, MAX_BYTES))


def _tab_errors(path: Path, lines: list[str]) -> list[Diagnostic]:
    """Every line indented with a tab: YAML indents with spaces only."""
    found: list[Diagnostic] = []
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
    found: list[Diagnostic] = []
    for number, line in enumerate(lines, start=1):
        for match in _UNPRINTABLE.finditer(line):
            found.append(Diagnostic(Location(path, number, match.start() + 1),
                                    f"the control character U+{ord(match.group(0)):04X} cannot "
                                    "stand in a session file (delete it)"))
    return found[:MAX_TABS_REPORTED]


# The bytes of the UTF-8 text that cannot be part of an unprintable character: printable
# ASCII, tab and the line breaks. What is left once they are deleted is short in a usual
# file, and it still holds every unprintable character whole (UTF-8 never uses an ASCII
# byte inside a longer character).
_PRINTABLE_ASCII = bytes(range(0x20, 0x7f)) + b"\t\n\r"
# _UNPRINTABLE in UTF-8: C0 controls and DEL, C1 controls but NEL (U+0085), U+FFFE, U+FFFF.
_UNPRINTABLE_UTF8 = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
                               rb"|\xc2[\x80-\x84\x86-\x9f]|\xef\xbf[\xbe\xbf]")


def _may_be_unprintable(text: str) -> bool:
    """Whether ``text`` may hold a character _UNPRINTABLE finds (never a false no): the
    same question asked of its bytes, which C loops answer several times faster than a
    pattern searches the whole text."""
    try:
        rest = text.encode("utf-8").translate(None, _PRINTABLE_ASCII)
    except UnicodeEncodeError:  # a lone surrogate: let the pattern judge
        return True
    return _UNPRINTABLE_UTF8.search(rest) is not None


def load(path: Path, text: str | None = None) -> Source:
    """Parse ``path`` (or ``text`` in its name) as YAML; syntax errors become located errors."""
    if text is None:
        text = read_text(path)
    lines = split_lines(text)
    remember_source(path, lines)
    # Searched in the whole text first: the usual file has neither, and one search of it
    # is faster than one per line.
    refused = _character_errors(path, lines) if _may_be_unprintable(text) else []
    refused += _tab_errors(path, lines) if "\t" in text else []
    if refused:
        raise InputError(refused)
    try:
        tree = fastyaml.load_tree(text, MAX_DEPTH)
    except fastyaml.NotOrdinary:
        from reportgen.pipeline import fullyaml  # ruamel.yaml: slower, but the best messages

        tree = fullyaml.load_tree(path, text)
    return Source(path=path, lines=lines, tree=tree)

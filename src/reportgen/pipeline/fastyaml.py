"""Stage 1, fast path: read an ordinary session file with libyaml.

ruamel.yaml (see ``load``) gives the best messages for broken files but is
written in Python: a 3,500-paragraph session takes it about a second. libyaml
(PyYAML's C parser) reads the same file in a few hundredths of a second. This
module turns libyaml's events into the same tree ruamel.yaml's round-trip
loader gives (mappings and lists that know where each key, value and entry
was written, with the same ``lc`` interface) for files that use only what
session files need: plain mappings, lists and scalars.

Anything else (a syntax error, a tag, an anchor or alias, a duplicate key, a
``%YAML`` directive, a number that is not a plain whole number, a date that
does not exist, an empty value, a tab, a line of spaces, a NEL/LS/PS line
break, a byte-order mark inside the text, nesting deeper than half of
``load.MAX_DEPTH``) raises ``NotOrdinary`` and ``load`` reads the file with
ruamel.yaml instead, so those files get exactly the messages they always got.
``tests/test_fastyaml.py`` and the fuzz test check that both paths give equal
trees and positions.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# How deep a session may nest: both loaders refuse deeper files with a located error.
MAX_DEPTH = 64

try:  # PyYAML wheels bundle libyaml; without it every file takes the ruamel path.
    from yaml import CSafeLoader as _LibyamlLoader
    from yaml import YAMLError as _LibyamlError
    from yaml import events as _events
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _LibyamlLoader = None


class NotOrdinary(Exception):
    """The file needs the full loader (ruamel.yaml): it gives the located message."""


class Positions:
    """Where a mapping or list and its parts were written (0-based, as ruamel.yaml's ``lc``).

    ``data[key]`` is ``(key line, key column, value line, value column)`` in a
    mapping and ``(line, column)`` of the entry in a list.
    """

    __slots__ = ("line", "col", "data")

    def __init__(self, line: int, col: int):
        self.line, self.col = line, col
        self.data: dict[Any, tuple[int, ...]] = {}

    def key(self, key: Any) -> tuple[int, int]:
        return self.data[key][0], self.data[key][1]

    def value(self, key: Any) -> tuple[int, int]:
        return self.data[key][2], self.data[key][3]

    def item(self, index: int) -> tuple[int, int]:
        return self.data[index][0], self.data[index][1]


class YamlMap(dict[Any, Any]):
    """A YAML mapping that knows where it and its keys and values were written."""

    __slots__ = ("lc",)
    lc: Positions


class YamlList(list[Any]):
    """A YAML list that knows where it and its entries were written."""

    __slots__ = ("lc",)
    lc: Positions


# YAML 1.2 core schema, as ruamel.yaml resolves plain scalars (its resolver's own
# patterns). Only the common cases are converted here; the rest go to ruamel.yaml.
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_OTHER_SPECIAL = re.compile(r"""
      [-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?[0-9_]+ | [-+]?0x[0-9a-fA-F_]+      # ints
    | [-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)? | [-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    | [-+]?\.[0-9_]+(?:[eE][-+][0-9]+)? | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)  # floats
    | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*   # times
    | << | = | [!&*]
""", re.VERBOSE)


def _plain(value: str) -> Any:
    """A plain (unquoted) scalar as ruamel.yaml's round-trip loader constructs it."""
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _PLAIN_INT.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # more digits than Python converts
            raise NotOrdinary("a very long number") from None
    date = _DATE.fullmatch(value)
    if date:
        try:
            return dt.date(*map(int, date.groups()))
        except ValueError:
            raise NotOrdinary("a date that does not exist") from None
    if _OTHER_SPECIAL.fullmatch(value):
        raise NotOrdinary(f"a special scalar: {value!r}")
    return value


# Where libyaml (YAML 1.1) and ruamel.yaml (1.2) read the same text differently: tabs
# (ruamel refuses some that libyaml takes as spaces), lines of spaces only (in block
# scalars ruamel refuses some; lines may end in LF, CRLF or a lone CR), NEL/LS/PS,
# which YAML 1.1 counts as line breaks, and a byte-order mark after the start (libyaml
# drops some; load() has already removed the one at the start).
# (Found with `in` and with patterns that start with what they consume: a pattern that
# begins with a lookbehind is tried at every character of the file.)
_UNUSUAL_CHARACTERS = ("\t", "\x85", "\u2028", "\u2029", "\ufeff")
_SPACES_LINE_FIRST = re.compile(r" ++(?:[\r\n]|\Z)")
_SPACES_LINE = re.compile(r"[\r\n] ++(?:[\r\n]|\Z)")


def _unusual(text: str) -> bool:
    return (any(character in text for character in _UNUSUAL_CHARACTERS)
            or bool(_SPACES_LINE_FIRST.match(text))
            or (_space_before_break(text) and bool(_SPACES_LINE.search(text))))


def _space_before_break(text: str) -> bool:
    """Whether a space ends a line (or the text), as every line of spaces does: asked
    first because a string search answers it several times faster than the pattern,
    and lines rarely end in a space. (A lone character is found several times faster
    than two: " \r" is looked for only in a text that has "\r".)"""
    return " \n" in text or ("\r" in text and " \r" in text) or text.endswith(" ")


def available() -> bool:
    return _LibyamlLoader is not None


def load_tree(text: str, max_depth: int) -> Any:
    """The YAML tree of ``text``; raises NotOrdinary when ruamel.yaml must read it."""
    if _LibyamlLoader is None:
        raise NotOrdinary("libyaml is not available")
    if _unusual(text):
        raise NotOrdinary("a tab, a line of spaces or a rare line break")
    parser = _LibyamlLoader(text)
    try:
        return _Composer(parser, max_depth).document()
    except (_LibyamlError, StopIteration):
        raise NotOrdinary("libyaml found an error") from None
    finally:
        parser.dispose()


class _Composer:
    """Builds the tree from libyaml's event stream, refusing what is not ordinary."""

    def __init__(self, parser: Any, max_depth: int):
        self.events = iter(parser.get_event, None)
        # Deep files are left to ruamel.yaml, which reports them; counting depth
        # exactly as it does is not needed well below its limit.
        self.max_depth = max_depth // 2

    def document(self) -> Any:
        self._expect(_events.StreamStartEvent)
        event = next(self.events)
        if isinstance(event, _events.StreamEndEvent):
            return None  # an empty file (or only comments)
        if event.version or event.tags:
            raise NotOrdinary("a %YAML or %TAG directive")
        tree = self.node(next(self.events), depth=1)
        self._expect(_events.DocumentEndEvent)
        self._expect(_events.StreamEndEvent)  # a second document is an error in ruamel
        return tree

    def _expect(self, kind: type) -> None:
        if not isinstance(next(self.events), kind):
            raise NotOrdinary(f"expected {kind.__name__}")

    def node(self, event: Any, depth: int, in_flow_list: bool = False) -> Any:
        if isinstance(event, _events.AliasEvent) or event.anchor is not None:
            raise NotOrdinary("an anchor or alias")
        if event.tag is not None:
            raise NotOrdinary("a tag")
        if isinstance(event, _events.ScalarEvent):
            # implicit[0]: written plain (no quotes, no | or >), so its type is resolved.
            if event.implicit[0] and event.value == "":
                # "key:" with nothing after it: ruamel.yaml places it by rules of its
                # own (after a comment, in a flow, at the end of the file).
                raise NotOrdinary("an empty value")
            return _plain(event.value) if event.implicit[0] else event.value
        if depth > self.max_depth:
            raise NotOrdinary("nested too deeply")
        if isinstance(event, _events.MappingStartEvent):
            if event.flow_style and in_flow_list:
                raise NotOrdinary("a mapping inside a [...] list")  # ["a":b]
            return self.mapping(event, depth)
        return self.sequence(event, depth)

    def mapping(self, start: Any, depth: int) -> YamlMap:
        mapping = YamlMap()
        mapping.lc = where = Positions(start.start_mark.line, start.start_mark.column)
        for event in self.events:
            if isinstance(event, _events.MappingEndEvent):
                return mapping
            if not isinstance(event, _events.ScalarEvent):
                raise NotOrdinary("a key that is a mapping or a list")
            key = self.node(event, depth)
            if key in mapping or not isinstance(key, (str, int)):
                raise NotOrdinary("a duplicate or unusual key")
            value = next(self.events)
            mapping[key] = self.node(value, depth + 1)
            where.data[key] = (event.start_mark.line, event.start_mark.column,
                               value.start_mark.line, value.start_mark.column)
        raise NotOrdinary("the mapping does not end")

    def sequence(self, start: Any, depth: int) -> YamlList:
        sequence = YamlList()
        sequence.lc = where = Positions(start.start_mark.line, start.start_mark.column)
        for event in self.events:
            if isinstance(event, _events.SequenceEndEvent):
                return sequence
            where.data[len(sequence)] = (event.start_mark.line, event.start_mark.column)
            sequence.append(self.node(event, depth + 1, in_flow_list=bool(start.flow_style)))
        raise NotOrdinary("the list does not end")

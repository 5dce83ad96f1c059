"""Stage 2: turn the YAML tree into the typed session model.

The conversion is driven by the dataclasses in ``model.py`` and their type
hints, so the schema is written once. It never stops at the first problem:
every error of the file is collected, each with its line and column, and
raised together at the end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import types
import typing
import unicodedata
from functools import cache, lru_cache
from typing import Any, Literal, Union, get_args, get_origin

from reportgen.errors import Diagnostics, Location
from reportgen.pipeline import fastyaml, model, prose
from reportgen.pipeline.load import Source

MISSING = object()
# Model fields that are not YAML keys.
_INTERNAL = {"loc", "field_locs", "references"}

# How each Python type is named in messages, in words a rapporteur knows.
_TYPE_WORDS = {str: "text", int: "a whole number", bool: "true or false",
               dt.date: "a date written as YYYY-MM-DD"}


class Converter:
    def __init__(self, source: Source, diagnostics: Diagnostics):
        self.path = source.path
        self.lines = source.lines
        self.diagnostics = diagnostics

    # ------------------------------------------------------------ locations

    def at(self, container: Any, key: Any = None, *, value: bool = True) -> Location:
        """Where ``container[key]`` (or the container itself) was written."""
        try:
            positions = container.lc  # see fastyaml.Positions
            if key is None:
                line, col = positions.line, positions.col
            elif isinstance(container, list):
                line, col = positions.item(key)
            elif value:
                line, col = positions.value(key)
            else:
                line, col = positions.key(key)
        except (AttributeError, KeyError, IndexError, TypeError):
            return Location(self.path)
        return Location(self.path, line + 1, col + 1)

    def error(self, loc: Location, message: str) -> None:
        self.diagnostics.error(loc, message)

    # ----------------------------------------------------------- conversion

    def convert(self, value: Any, hint: Any, loc: Location, what: str) -> Any:
        """Convert ``value`` to ``hint``; on failure report and return MISSING."""
        tag = "" if type(value) in _UNTAGGED else _explicit_tag(value)
        if tag:
            self.error(loc, f"{what} carries the YAML tag '{tag}'; tags are not allowed in "
                            "a session file (remove it)")
            return MISSING
        shape, of = _shape(hint)
        if shape == _UNION:
            options, optional, by_kind = of
            if value is None and optional:
                return None
            if by_kind:
                return self.convert_kind(value, list(options), loc, what)
            return self.convert(value, _option_for(value, list(options)), loc, what)
        if shape == _LIST:
            return self.convert_list(value, of, loc, what)
        if shape == _LITERAL:
            return self.convert_choice(value, of, loc, what)
        if shape == _NODE:
            return self.convert_node(value, of, loc, what)
        return self.convert_scalar(value, of, loc, what)

    def convert_scalar(self, value: Any, hint: type, loc: Location, what: str) -> Any:
        if hint is bool and isinstance(value, bool):
            return value
        if hint is int and isinstance(value, int) and not isinstance(value, bool):
            if value not in model.WHOLE_NUMBERS:
                self.error(loc, f"{what} should be a whole number from "
                                f"{model.WHOLE_NUMBERS.start} to {model.WHOLE_NUMBERS.stop - 1}, "
                                f"not {describe(value)}")
                return MISSING
            return value
        if hint is str and isinstance(value, str):
            return self.text(value, loc, what)
        if hint is dt.date and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            if not model.FIRST_DAY <= value <= model.LAST_DAY:
                self.error(loc, f"{what} should be a date from {model.FIRST_DAY} to "
                                f"{model.LAST_DAY}, not {value}")
                return MISSING
            return value
        self.error(loc, f"{what} should be {_TYPE_WORDS.get(hint, hint.__name__)}, "
                        f"not {describe(value)}")
        return MISSING

    def convert_choice(self, value: Any, choices: tuple[Any, ...], loc: Location,
                       what: str) -> Any:
        if value in choices:
            return value
        listed = ", ".join(repr(c) for c in choices)
        self.error(loc, f"{what} should be one of {listed}, not {describe(value)}")
        return MISSING

    def convert_list(self, value: Any, hint: Any, loc: Location, what: str) -> Any:
        if not isinstance(value, list):
            self.error(loc, f"{what} should be a list (one '- ' line per entry), "
                            f"not {describe(value)}")
            return MISSING
        out = []
        failed = False
        for index, entry in enumerate(value):
            converted = self.convert(entry, hint, self.at(value, index),
                                     f"entry {index + 1} of {what}")
            if converted is MISSING:
                failed = True  # reported; keep going to report the other entries
            else:
                out.append(converted)
        return MISSING if failed else out

    def convert_kind(self, value: Any, options: list[type[model.Node]], loc: Location,
                     what: str) -> Any:
        """One of several model classes, chosen by the 'kind' the user wrote."""
        kind = value.get("kind") if isinstance(value, dict) else value
        by_kind = {choice: cls for cls in options for choice in _kind_choices(cls)}
        if isinstance(kind, str) and kind in by_kind:
            return self.convert_node(value, by_kind[kind], loc, what)
        where = self.at(value, "kind") if isinstance(value, dict) else loc
        if isinstance(value, dict) and "kind" not in value:
            self.error(loc, f"{what} has no 'kind' (write 'kind:' and one of: "
                            f"{', '.join(by_kind)})")
        elif not isinstance(value, (dict, str)):
            self.error(loc, f"{what} should be a kind ({', '.join(by_kind)}) or a mapping "
                            f"with 'kind:', not {describe(value)}")
        else:
            close = difflib.get_close_matches(str(kind), list(by_kind), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "write one of: " + ", ".join(
                by_kind)
            self.error(where, f"{what} has the unknown kind {describe(kind)} ({hint})")
        return MISSING

    def convert_node(self, value: Any, cls: type[model.Node], loc: Location, what: str) -> Any:
        # A kind written alone: "- introduction".
        if isinstance(value, str) and _kind_choices(cls):
            required = [f.name for f in dataclasses.fields(cls) if f.name != "kind"
                        and f.default is dataclasses.MISSING
                        and f.default_factory is dataclasses.MISSING]
            if required:
                self.error(loc, f"{what} of kind '{value}' needs its "
                                f"{', '.join(repr(r) for r in required)}: write it as a "
                                f"mapping ('kind: {value}' and '{required[0]}: …')")
                return MISSING
            return cls(loc=loc, kind=value)  # type: ignore[call-arg]
        if cls is model.Cell:
            return self.convert_cell(value, loc, what)
        # Short forms: a plain string where the model wants a small mapping.
        if isinstance(value, str) and cls in _SHORT_FORMS:
            text: Any = self.text(value, loc, what, "write its text, or delete the line")
            if text is MISSING:
                return MISSING
            if cls in (model.Paragraph, model.Recommendation, model.Subparagraph):
                text = self.make_prose(text, loc)
            return cls(loc=loc, **{_SHORT_FORMS[cls]: text})
        if not isinstance(value, dict):
            text_too = "text, or " if cls in _SHORT_FORMS else ""
            self.error(loc, f"{what} should be {text_too}a mapping of keys "
                            f"({_key_list(cls)}), not {describe(value)}")
            return MISSING
        return self.convert_fields(value, cls, loc, what)

    def convert_cell(self, value: Any, loc: Location, what: str) -> Any:
        """A table cell: text, "" for an empty one, or a number printed as it was typed
        (YAML would make 1.50 into 1.5 and 007 into 7)."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = self.typed(loc) or str(value)
        if not isinstance(value, str):
            self.error(loc, f"{what} should be text or a number, not {describe(value)} "
                            "(put it in quotes to print it as typed)")
            return MISSING
        if value.strip():
            text = self.text(value, loc, what)
            return text if text is MISSING else model.Cell(
                text=text, loc=loc, references=self.locate_references(text, loc))
        return model.Cell(text="", loc=loc)

    def typed(self, loc: Location) -> str:
        """The scalar as it stands in the file at ``loc``: up to the next ',' or ']' of a
        flow list, or to the end of the line (a comment left out)."""
        if not 0 < loc.line <= len(self.lines):
            return ""
        rest = self.lines[loc.line - 1][loc.column - 1:]
        return re.split(r"\s*(?:[,\]}]|\s#)", rest, maxsplit=1)[0].strip()

    def convert_fields(self, mapping: dict[Any, Any], cls: type[model.Node],
                       loc: Location, what: str = "") -> Any:
        hints = _hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in _INTERNAL}
        misspelt: set[str] = set()
        for key in mapping:
            if key not in fields:
                self.error(self.at(mapping, key, value=False), _unknown_key(key, fields))
                misspelt.update(difflib.get_close_matches(str(key), list(fields), n=1,
                                                          cutoff=0.6))
        kwargs: dict[str, Any] = {}
        failed = False
        for name, f in fields.items():
            required = (f.default is dataclasses.MISSING
                        and f.default_factory is dataclasses.MISSING)
            if name not in mapping:
                if required:
                    # A misspelt key was already reported with this name as the fix.
                    if name not in misspelt:
                        self.error(loc, f"missing required key '{name}' in "
                                        f"{_owner(cls, what)}")
                    failed = True
                continue
            raw = mapping[name]
            field_loc = self.at(mapping, name)
            if hints[name] is model.Prose or _is_optional_prose(hints[name]):
                converted = self.convert_prose(raw, field_loc, f"'{name}'")
            else:
                converted = self.convert(raw, hints[name], field_loc, f"'{name}'")
            if required and converted == []:
                self.error(field_loc, f"'{name}' is an empty list (write at least one entry)")
                failed = True
            elif converted is MISSING:
                failed = True
            else:
                kwargs[name] = converted
        if failed:
            return MISSING
        field_locs = {name: self.at(mapping, name) for name in mapping if name in fields}
        return cls(loc=loc, field_locs=field_locs, **kwargs)

    def convert_prose(self, value: Any, loc: Location, what: str) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(loc, f"{what} should be text, not {describe(value)} "
                            "(put the text in quotes if it starts with a special character)")
            return MISSING
        text = self.text(value, loc, what)
        return text if text is MISSING else self.make_prose(text, loc)

    def text(self, value: str, loc: Location, what: str, fix: str = "write its text") -> Any:
        """Text a user typed, checked and in Unicode's composed form (NFC), or MISSING.

        Refused: text with nothing to see (it would print as an empty paragraph),
        control characters (they cannot be printed, and break DOCX and PDF) and lone
        surrogates (half a character, which no file can hold). Composed, "Co" typed
        with COMBINING CIRCUMFLEX ACCENT then "te" is "Côte", as in the UN list of names.
        """
        problem = _text_problem(value, fix)
        if problem:
            self.error(loc, f"{what} {problem}")
            return MISSING
        return unicodedata.normalize("NFC", value)

    def make_prose(self, text: str, loc: Location) -> model.Prose:
        """Prose with the place of each [[reference]] in it, for located errors."""
        return model.Prose(text=text, loc=loc, references=self.locate_references(text, loc))

    def locate_references(self, text: str, loc: Location) -> dict[str, list[Location]]:
        # Search the source from where the text starts; a reference broken
        # over two lines of a folded block falls back to the start of the text.
        found: dict[str, list[Location]] = {}
        line, column = max(loc.line - 1, 0), max(loc.column - 1, 0)
        for match in prose.XREF.finditer(text):
            where = loc
            for number in range(line, len(self.lines)):
                start = self.lines[number].find(match.group(0), column if number == line else 0)
                if start >= 0:
                    where = Location(self.path, number + 1, start + 1)
                    line, column = number, start + len(match.group(0))
                    break
            found.setdefault(match.group(0), []).append(where)
        return found


# Model classes that may be written as a bare string, and the field it fills.
_SHORT_FORMS: dict[type, str] = {
    model.Cell: "text",
    model.Paragraph: "text",
    model.Subparagraph: "text",
    model.Recommendation: "text",
    model.Prose: "text",
    model.Name: "value",
}

_NOUNS = {
    model.Session: "the session file",
    model.DocumentInfo: "'document'",
    model.Meeting: "'meeting'",
    model.Person: "a person",
    model.Instrument: "'instrument'",
    model.Agenda: "'agenda'",
    model.AgendaItem: "an agenda item",
    model.MeetingDate: "'adopted'",
    model.Consideration: "a consideration of an agenda item",
    model.RecommendationGroup: "a group of recommendations",
    model.DocumentEntry: "a document",
    model.Adoption: "'adoption'",
    model.Paragraph: "a paragraph",
    model.Subparagraph: "a subparagraph",
    model.Recommendation: "a recommendation",
    model.Recommendations: "'recommendations'",
    model.Opening: "'opening'",
    model.Statements: "'statements'",
    model.SecretariatStatements: "'secretariat'",
    model.Panel: "'panellists'",
    model.StateStatements: "'states_parties'",
    model.Attendance: "'attendance'",
    model.Officer: "an officer",
    model.Officers: "'officers'",
    model.Resolution: "a resolution or decision",
    model.Action: "'action'",
    model.Section: "a section",
    model.NextSession: "'provisional_agenda'",
    model.CoverItem: "'agenda_item'",
    model.StandardChapter: "a chapter",
    model.DeliberationsChapter: "a chapter",
    model.OrganizationChapter: "a chapter",
    model.FreeChapter: "a chapter",
    model.OrganizationSection: "a section of 'organization'",
    model.OpenedBy: "'by'",
    model.Table: "a table",
    model.Cell: "a cell",
    model.Participant: "a participant",
    model.Delegation: "a delegation",
    model.DocumentsAnnex: "an annex",
    model.ParticipantsAnnex: "an annex",
    model.AgendaAnnex: "an annex",
    model.TextAnnex: "an annex",
    model.TableAnnex: "an annex",
}


# The model's classes do not change while the process runs: their hints (evaluated from
# the strings of ``from __future__ import annotations``) are read once per class, not
# once per node of every session (a process that stays loaded validates many).
_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


# What a type hint of the model asks for (``_shape``).
_UNION, _LIST, _LITERAL, _NODE, _SCALAR = "union", "list", "literal", "node", "scalar"
# The values of the fast loader's trees: none of them carries a tag (fastyaml refuses
# tags; ruamel.yaml's values, which may, are other types).
_UNTAGGED = frozenset({str, int, bool, type(None), dt.date, fastyaml.YamlMap,
                       fastyaml.YamlList})


@cache
def _shape(hint: Any) -> tuple[str, Any]:
    """What converting to ``hint`` means, worked out once per hint (a session converts
    thousands of values to the same few hints): a union's options (whether None is one
    of them, whether its 'kind' chooses among them), a list's entries, a literal's
    choices, a model class or a scalar type."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = tuple(a for a in get_args(hint) if a is not type(None))
        by_kind = len(options) > 1 and all(_kind_choices(o) for o in options)
        return _UNION, (options, len(options) < len(get_args(hint)), by_kind)
    if origin is list:
        return _LIST, get_args(hint)[0]
    if origin is Literal:
        return _LITERAL, get_args(hint)
    if isinstance(hint, type) and issubclass(hint, model.Node):
        return _NODE, hint
    return _SCALAR, hint


def _kind_choices(cls: Any) -> tuple[str, ...]:
    """The kinds a model class with a 'kind' field stands for (none for other classes);
    asked for every paragraph, so kept by class."""
    if cls not in _KINDS:
        _KINDS[cls] = _kinds_of(cls)
    return _KINDS[cls]


_KINDS: dict[Any, tuple[str, ...]] = {}


def _kinds_of(cls: Any) -> tuple[str, ...]:
    """The kinds a model class with a 'kind' field stands for (none for other classes)."""
    if not (isinstance(cls, type) and issubclass(cls, model.Node)):
        return ()
    hint = _hints(cls).get("kind")
    return get_args(hint) if get_origin(hint) is Literal else ()


def _option_for(value: Any, options: list[Any]) -> Any:
    """Of the types a value may have (a list of names, or a count), the one it has."""
    for option in options:
        if get_origin(option) is list and isinstance(value, list):
            return option
        if option is int and isinstance(value, int) and not isinstance(value, bool):
            return option
    return options[0]


def _is_optional_prose(hint: Any) -> bool:
    return get_origin(hint) in (Union, types.UnionType) and model.Prose in get_args(hint)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Letters that show as nothing: Hangul fillers and the blank Braille pattern.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Separators, controls, format characters (zero-width spaces, joiners, soft hyphens,
# bidirectional marks) and marks, which only change the letter before them.
_UNSEEN = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"})


@lru_cache(maxsize=65536)  # a process that stays loaded checks the same texts at each save
def _text_problem(text: str, fix: str) -> str:
    """What is wrong with a typed text, or ""; ``fix`` says what to do if it is blank."""
    if not text.strip():
        return f"is empty ({fix})"
    bad = _CONTROL.search(text)
    if bad:
        return f"contains the control character U+{ord(bad.group(0)):04X} (delete it)"
    bad = _SURROGATE.search(text)
    if bad:
        code = ord(bad.group(0))
        return (f"contains U+{code:04X}, half of a character that cannot stand alone "
                f"(a lone surrogate); delete the escape \\u{code:04x} or type the whole "
                "character")
    if not any(_visible(character) for character in text):
        return f"has no visible character, only {_invisible_names(text)} ({fix})"
    return ""


def _visible(character: str) -> bool:
    return (unicodedata.category(character) not in _UNSEEN
            and character not in _BLANK_LETTERS)


def _invisible_names(text: str) -> str:
    """"U+200B ZERO WIDTH SPACE and U+2060 WORD JOINER", spaces left out."""
    found = [c for c in dict.fromkeys(text) if not c.isspace() or c == "\u00a0"]
    named = [f"U+{ord(c):04X} {unicodedata.name(c, 'without a name')}" for c in found[:3]]
    if len(found) > 3:
        named.append(f"{len(found) - 3} more")
    if len(named) == 1:
        return named[0]
    return ", ".join(named[:-1]) + " and " + named[-1]


def _explicit_tag(value: Any) -> str:
    """The tag a user wrote (``!!python/object``, ``!custom``), or ""."""
    tag = getattr(value, "tag", None)
    text = getattr(tag, "value", None) if tag is not None else None
    if isinstance(value, (dict, list)) or hasattr(value, "value"):
        return str(text).replace("tag:yaml.org,2002:", "!!") if text else ""
    return ""


def _owner(cls: type, what: str) -> str:
    """What a missing key belongs to: "'chair'", or "an agenda item" for a list entry."""
    if what.startswith("'"):
        return what
    return noun(cls)


def noun(cls: type) -> str:
    """How messages name a part of the session: "an agenda item", "'attendance'"."""
    return _NOUNS.get(cls, cls.__name__)


def _key_list(cls: type) -> str:
    return ", ".join(f.name for f in dataclasses.fields(cls) if f.name not in _INTERNAL)


def _unknown_key(key: Any, fields: dict[str, Any]) -> str:
    close = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
    if close:
        return f"unknown key '{key}' (did you mean '{close[0]}'?)"
    return f"unknown key '{key}' (valid keys here: {', '.join(fields)})"


def describe(value: Any, mapping: str = "a mapping") -> str:
    """What a user typed, in a message: "a list", "the number 7", "'text'"; ``mapping``
    is what the file's format calls a mapping (a TOML file's is "a table")."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return mapping
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        digits = str(value)
        if len(digits) > 20:  # a number typed by leaning on a key
            return f"a number of {len(digits.lstrip('-'))} digits ({digits[:12]}…)"
        return f"the number {value}"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def to_model(source: Source, diagnostics: Diagnostics) -> model.Session | None:
    """Build the Session from a loaded file; report every problem to ``diagnostics``."""
    tree = source.tree
    converter = Converter(source, diagnostics)
    if not isinstance(tree, dict):
        kind = "empty" if tree is None else f"{describe(tree)}, not a mapping"
        diagnostics.error(Location(source.path, 1, 1),
                          f"the session file is {kind} (it should start with "
                          "'document:' and the other top-level keys)")
        return None
    session = converter.convert_fields(tree, model.Session, Location(source.path, 1, 1))
    if session is MISSING:
        return None
    return typing.cast(model.Session, session)

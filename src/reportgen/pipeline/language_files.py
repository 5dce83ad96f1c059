"""Reading the language files: ``templates/languages/<code>.toml``, built-in and a project's.

The built-in file of a language holds every entry. A project's file of the same
name overrides single entries (a table at a time, key by key); a project's file
for a language reportgen does not ship must hold every entry. The keys and types
are those of ``language.Language``; the names a pattern may use in braces are
those the built-in English file's entry uses. Every mistake is an input error
naming the file, the line where the key stands and the keys that exist.

One ``Language`` is made per template set and language, and made again only when
one of its files changes.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import string
import tomllib
import typing
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from reportgen.errors import Diagnostic, Diagnostics, InputError, Location
from reportgen.pipeline import model, validate
from reportgen.pipeline.language import FIGURES, NAME_FORMS, Language, Subparagraphs
from reportgen.pipeline.templates import TemplateSet, builtin_dir
from reportgen.util import files, tomlfile

FOLDER = "languages"
# The table of a name's forms ([names]), whose keys are names, not entries.
NAMES = "names"
# The language whose built-in file says which names each pattern may use.
REFERENCE = "en"
# "en", "fr", "zh", "es-419": a language code as BCP 47 writes it (no path, no dots).
_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

# A project's file is read into every sentence of its reports, quotes into every quotation:
# entries are words and short patterns (the built-in ones are far shorter), and the file
# is read only up to a size many times the built-in file's.
MAX_ENTRY = 200
MAX_QUOTE = 3
MAX_FILE_BYTES = 64 * 1024
_LANGUAGE_FILE = files.Expected("language", "add the language file to templates/languages")

_TYPE_WORDS = {str: "text", int: "a whole number", tuple: "a list of texts"}


def for_session(session: model.Session, templates: TemplateSet,
                diagnostics: Diagnostics) -> Language | None:
    """The language of ``session`` (its ``document.language``); None once reported."""
    try:
        return load(templates, session.document.language, session.document.at("language"))
    except InputError as exc:
        diagnostics.items.extend(exc.diagnostics)
        return None


_NOWHERE = Location(None)


def load(templates: TemplateSet, code: str, where: Location = _NOWHERE) -> Language:
    """The language ``code`` of ``templates``; an unknown code is an error at ``where``."""
    if not _CODE.fullmatch(code):
        raise InputError([Diagnostic(where, f"'{code}' is not a language code (write one "
                                            f"of: {_known(templates)})")])
    files = _files(templates, code)
    if not files:
        raise InputError([Diagnostic(where, f"no language file for the language '{code}' "
                                            f"(write one of: {_known(templates)}; or add "
                                            f"templates/{FOLDER}/{code}.toml to the project)")])
    return _load(templates, code, tuple((p, _stamp(p)) for p in files))


def _known(templates: TemplateSet) -> str:
    """The codes a message offers (the folders are listed only for a message)."""
    return ", ".join(available(templates)) or "none"


def available(templates: TemplateSet) -> list[str]:
    """The codes of every language file of the set."""
    return sorted({path.stem for folder in templates.folders
                   for path in (folder / FOLDER).glob("*.toml")
                   if _CODE.fullmatch(path.stem) and path.is_file()})


def _files(templates: TemplateSet, code: str) -> list[Path]:
    """The set's files for ``code``, the built-in (least specific) first."""
    return [path for path in (folder / FOLDER / f"{code}.toml"
                              for folder in reversed(templates.folders)) if path.is_file()]


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


@lru_cache(maxsize=32)
def _load(templates: TemplateSet, code: str,
          files: tuple[tuple[Path, tuple[int, int]], ...]) -> Language:
    """The merged and checked files; ``files`` (with their stamps) are the cache key."""
    reference_file = builtin_dir() / FOLDER / f"{REFERENCE}.toml"
    reference_text, reference = _read(reference_file)
    merged: dict[str, Any] = {}
    for path, _ in files:
        # (English is read once: its tables are only read, never changed)
        text, table = (reference_text, reference) if path == reference_file else _read(path)
        # The first file (the built-in one, or a project's own language) is complete.
        _Checker(path, text, reference).check(table, complete=not merged)
        merged = _merge(merged, table)
    return _build(Language, merged, code)


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    """The file's text (UTF-8, at most ``MAX_FILE_BYTES``, located errors) and its tables."""
    text = files.decode(path, files.read_bytes(path, _LANGUAGE_FILE, MAX_FILE_BYTES))
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError([tomlfile.syntax_error(path, exc, text)]) from None


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` over ``base``, table by table: single entries replace single entries."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


class _Checker:
    """Checks one language file against the keys and types of ``Language``."""

    def __init__(self, path: Path, text: str, reference: dict[str, Any]):
        self.path = path
        self.text = text
        self.reference = reference
        self.diagnostics = Diagnostics()

    @cached_property
    def places(self) -> dict[tuple[str, ...], tuple[int, int]]:
        """Where each key stands (found only for a message: most files have none)."""
        return tomlfile.places(self.text)

    def check(self, table: dict[str, Any], complete: bool) -> None:
        """Report every mistake at once; ``complete`` files must have every entry."""
        self.table(table, Language, (), complete)
        self.diagnostics.raise_if_errors()

    def at(self, keys: tuple[str, ...]) -> Location:
        """Where a key stands: ``[a.b]`` headers and ``key =`` lines, else the file."""
        candidates = [(".".join(keys[:-1]), keys[-1]), (".".join(keys),), keys[:1]] if keys else []
        for candidate in candidates:
            place = self.places.get(candidate)
            if place:
                return Location(self.path, *place)
        return Location(self.path)

    def error(self, keys: tuple[str, ...], message: str) -> None:
        self.diagnostics.error(self.at(keys), message)

    def table(self, table: dict[str, Any], cls: type, keys: tuple[str, ...],
              complete: bool) -> None:
        hints = _hints(cls)
        names = {_key(f.name): f.name for f in dataclasses.fields(cls) if f.name != "code"}
        where = f"[{'.'.join(keys)}]" if keys else "the file"
        for key, value in table.items():
            if key not in names:
                close = difflib.get_close_matches(key, list(names), n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.error((*keys, key), f"unknown key {_dotted((*keys, key))} ({hint}"
                                         f"the keys of {where} are: {', '.join(names)})")
                continue
            self.value(value, hints[names[key]], (*keys, key), complete)
        missing = [key for key, name in names.items() if key not in table
                   and not _optional(cls, name)]
        if complete and missing:
            self.error(keys, f"{where} lacks {', '.join(missing)} (a language of its own "
                             f"needs every entry of reportgen's {REFERENCE}.toml)")

    def value(self, value: Any, hint: Any, keys: tuple[str, ...], complete: bool) -> None:
        if keys == (NAMES,):
            self.names(value)
            return
        if dataclasses.is_dataclass(hint):
            if isinstance(value, dict):
                self.table(value, typing.cast(type, hint), keys, complete)
            else:
                self.error(keys, f"{_dotted(keys)} should be a table ([{'.'.join(keys)}] "
                                 f"and its keys), not {_describe(value)}")
            return
        kind = typing.get_origin(hint) or hint
        if kind is tuple:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.error(keys, f"{_dotted(keys)} should be a list of texts, like "
                                 f"{_toml(self.reference_value(keys))}, not {_describe(value)}")
            elif self.short(value, keys):
                self.listed(value, keys)
        elif not isinstance(value, kind) or isinstance(value, bool):
            self.error(keys, f"{_dotted(keys)} should be {_TYPE_WORDS[kind]}, "
                             f"not {_describe(value)}")
        elif isinstance(value, str) and self.short([value], keys):
            self.pattern(value, keys)

    def names(self, value: Any) -> None:
        """[names]: each name a table of its forms, each form a text."""
        if not isinstance(value, dict):
            self.error((NAMES,), f"'{NAMES}' should be a table of names, not "
                                 f"{_describe(value)}")
            return
        for name, forms in value.items():
            keys = (NAMES, name)
            if not isinstance(forms, dict):
                self.error(keys, f"the name '{name}' of [{NAMES}] should be a table of its "
                                 f"forms, like {{ gender = \"m\" }}, not {_describe(forms)}")
                continue
            self.short([name], keys)
            for form, text in forms.items():
                if form not in NAME_FORMS:
                    self.error(keys, f"the name '{name}' of [{NAMES}] has the form '{form}' "
                                     f"(write one of: {', '.join(NAME_FORMS)})")
                elif not isinstance(text, str):
                    self.error(keys, f"the form '{form}' of '{name}' should be text, not "
                                     f"{_describe(text)}")
                else:
                    self.short([text], keys)

    def short(self, texts: list[str], keys: tuple[str, ...]) -> bool:
        """Each of ``texts`` (an entry, or the texts of a list) is within its limit."""
        limit, what = (MAX_QUOTE, "a quotation mark") if keys == ("prose", "quotes") \
            else (MAX_ENTRY, "an entry")
        longest = max(map(len, texts), default=0)
        if longest > limit:
            self.error(keys, f"{_dotted(keys)} has a text of {longest} characters; {what} "
                             f"may have at most {limit}")
        return longest <= limit

    def listed(self, value: list[str], keys: tuple[str, ...]) -> None:
        """The lists with a rule of their own: the quotes, the list marks and the
        subparagraph levels."""
        if keys == ("series", "list_marks") and len(value) != 3:
            self.error(keys, f"'series.list_marks' should list 3 marks (after an entry "
                             f"followed by another, after the last, before entries below "
                             f"it), not {len(value)}")
        if keys == ("prose", "quotes") and len(value) != 4:
            self.error(keys, f"'prose.quotes' should list 4 quotation marks (opening and "
                             f"closing double, opening and closing single), not {len(value)}")
        if keys == ("numbering", "subparagraph_levels"):
            styles = [_key(f.name) for f in dataclasses.fields(Subparagraphs)]
            for level in value:
                if level not in styles:
                    self.error(keys, f"'numbering.subparagraph_levels' names the style "
                                     f"'{level}' (write one of: {', '.join(styles)})")
            if not value:
                self.error(keys, "'numbering.subparagraph_levels' is empty (write at least "
                                 "one style)")

    def pattern(self, text: str, keys: tuple[str, ...]) -> None:
        """A pattern uses only the names in braces that reportgen's entry uses."""
        reference = self.reference_value(keys)
        allowed = _names(reference) if isinstance(reference, str) else set()
        if keys[0] == "numbering" and allowed & FIGURES:
            # A label writes its number in any figure: "一." for the English "{roman}.".
            allowed |= FIGURES
        try:
            fields = [(name, spec, conversion) for _, name, spec, conversion
                      in string.Formatter().parse(text) if name is not None]
        except ValueError as exc:
            self.error(keys, f"{_dotted(keys)} is not a pattern: {exc} (write {{{{ and }}}} "
                             f"for a brace)")
            return
        if not allowed and not fields:
            return
        for name, spec, conversion in fields:
            if name not in allowed or spec or conversion:
                typed = (name + (f"!{conversion}" if conversion else "")
                         + (f":{spec}" if spec else ""))
                names = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
                self.error(keys, f"{_dotted(keys)} uses {{{typed}}}, which it cannot (its "
                                 f"names: {names}; write {{{{ and }}}} for a brace)")

    def reference_value(self, keys: tuple[str, ...]) -> Any:
        value: Any = self.reference
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value


def _names(pattern: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(pattern) if name}


def _build(cls: type, table: dict[str, Any], code: str) -> Any:
    """The checked, merged table as the frozen dataclasses of ``language``."""
    hints = _hints(cls)
    values: dict[str, Any] = {"code": code} if cls is Language else {}
    for f in dataclasses.fields(cls):
        if f.name == "code":
            continue
        if _key(f.name) not in table and _optional(cls, f.name):
            values[f.name] = f.default  # an entry added later, that older files lack
            continue
        value = table[_key(f.name)]
        hint = hints[f.name]
        if cls is Language and f.name == NAMES:
            value = tuple((name, tuple(forms.items())) for name, forms in value.items())
        elif dataclasses.is_dataclass(hint):
            value = _build(typing.cast(type, hint), value, code)
        elif (typing.get_origin(hint) or hint) is tuple:
            value = tuple(value)
        values[f.name] = value
    return cls(**values)


@cache
def _hints(cls: type) -> dict[str, Any]:
    """The types of the fields of a class of ``language`` (typing evaluates them anew at
    each call)."""
    return typing.get_type_hints(cls)


def _optional(cls: type, name: str) -> bool:
    """Whether a language file may leave the entry out: its field has a default."""
    field = next(f for f in dataclasses.fields(cls) if f.name == name)
    return field.default is not dataclasses.MISSING


def _key(name: str) -> str:
    """The TOML key of a field: subparagraph styles are written as the tree names them."""
    return name.replace("_dot", "-dot")


def _dotted(keys: tuple[str, ...]) -> str:
    return "'" + ".".join(keys) + "'"


def _toml(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return repr(value)


def _describe(value: Any) -> str:
    return validate.describe(value, mapping="a table")

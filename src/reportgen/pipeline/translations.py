"""Language versions of a session: the texts from a translation file, the rest from the data.

A session's data (dates, numbers, ids, agenda keys, State names, people) is written
once, in ``session.yaml``; a language version takes only the texts from a
translation file beside it (``session.fr.yaml``), which mirrors the session: the
same keys and nesting, lists entry by entry in the same order, each text replaced
by its translation. Everything else is right by construction: the State names
come from the UN's list in that language, the sentences, headings, dates and
numbers from that language's templates and language file.

Mistakes in a translation file are located errors: a key the session has not, a
text where the session has data, a list of another length (the entries could no
longer be matched). A text left out, or written ``~``, is not yet translated: a
warning, and the session's own text is printed.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
from pathlib import Path
from typing import Any

from reportgen.errors import Diagnostics, InputError, Location
from reportgen.pipeline import lists, load, model, states, validate
from reportgen.pipeline.language import Language
from reportgen.util.files import translation_file

# The fields, besides every prose text (paragraphs, recommendations, cells …), whose
# text a translation gives: names of bodies and places, titles, organizations.
TRANSLATED: dict[type, tuple[str, ...]] = {
    model.Session: ("organ",),
    model.Meeting: ("body", "short_name", "venue"),
    model.Instrument: ("short_name", "title"),
    model.DocumentInfo: ("title",),
    model.CoverItem: ("title",),
    model.AgendaItem: ("title",),
    model.RecommendationGroup: ("title",),
    model.Resolution: ("title",),
    model.Action: ("organ", "short_name"),
    model.Section: ("title",),
    model.Consideration: ("title",),
    model.OpenedBy: ("title",),
    model.DocumentEntry: ("title",),
    model.StandardChapter: ("title",),
    model.DeliberationsChapter: ("title",),
    model.OrganizationSection: ("title",),
    model.OrganizationChapter: ("title",),
    model.FreeChapter: ("title",),
    model.Participant: ("title",),
    model.Officer: ("group",),
    model.DocumentsAnnex: ("title",),
    model.ParticipantsAnnex: ("title",),
    model.AgendaAnnex: ("title",),
    model.TextAnnex: ("title",),
    model.TableAnnex: ("title",),
    model.Table: ("title",),
    model.Attendance: ("regional_organizations", "united_nations_entities",
                       "specialized_agencies", "intergovernmental_organizations",
                       "non_governmental_organizations"),
    model.Statements: ("regional_organizations", "organizations"),
}
WARNING = "translation.untranslated"


def version(session: model.Session, path: Path, code: str, words: Language,
            own_words: Language, diagnostics: Diagnostics) -> model.Session:
    """The session as its ``code`` version prints it: texts from the translation file,
    State names from the UN list in that language. ``words`` are the version's language
    file, ``own_words`` the session's own."""
    name = words.masthead.version or code
    source_path = translation_file(path, code)
    translated = session
    if source_path.is_file():
        try:
            source = load.load(source_path)
        except InputError as exc:
            diagnostics.items.extend(exc.diagnostics)
            return session
        translator = _Translator(source, name, diagnostics)
        translated = translator.node(session, source.tree, Location(source_path, 1, 1))
    else:
        diagnostics.warning(Location(path), f"no translation into {name} "
                                            f"({source_path.name}): its texts are printed "
                                            "as in this file", WARNING)
    return _localized(translated, code, words, own_words)


# ------------------------------------------------------------------ texts


class _Translator:
    def __init__(self, source: load.Source, language: str, diagnostics: Diagnostics):
        self.convert = validate.Converter(source, diagnostics)
        self.path = source.path
        self.language = language
        self.diagnostics = diagnostics

    def node(self, original: Any, data: Any, where: Location) -> Any:
        """A node of the session with the texts ``data`` gives (a mapping of its keys)."""
        fields = {name: getattr(original, name) for name in _field_names(original)
                  if _has_text(original, name, getattr(original, name))}
        if isinstance(data, str) and list(fields) == ["text"]:
            data = {"text": data}  # a paragraph with an id, written as its text alone
            positions: Any = None
        elif data is None:
            self.untranslated(original, fields)
            return original
        elif not isinstance(data, dict):
            self.error(where, f"should be a mapping of the texts of {_what(original)}, not "
                              f"{validate.describe(data)}")
            return original
        else:
            positions = data
        for key in data:
            if key not in fields:
                self.error(self.at(positions, key, where, value=False),
                           self.not_translated(original, key))
        changes = {}
        for name, value in fields.items():
            if name not in data:
                self.untranslated(original, {name: value})
                continue
            changes[name] = self.value(original, name, value, data[name],
                                       self.at(positions, name, where),
                                       self.at(positions, name, where, value=False))
        return dataclasses.replace(original, **changes) if changes else original

    def value(self, owner: Any, name: str, value: Any, data: Any, where: Location,
              key: Location) -> Any:
        if data is None:
            self.untranslated(owner, {name: value})
            return value
        if isinstance(value, list):
            return self.entries(owner, name, value, data, where, key)
        if isinstance(value, (model.Prose, model.Name, str)):
            return self.text(value, data, where, f"'{name}'")
        return self.node(value, data, where)

    def entries(self, owner: Any, name: str, value: list[Any], data: Any,
                where: Location, key: Location) -> list[Any]:
        if not isinstance(data, list):
            self.error(where, f"'{name}' should be a list, one entry for each of the "
                              f"{len(value)} of {_where(owner, name)}")
            return value
        if len(data) != len(value):
            self.error(key, f"'{name}' has {len(data)} entries and the session "
                              f"{len(value)} ({_where(owner, name)}): translate each, in "
                              "order; write ~ for one not yet translated")
            return value
        out = []
        for index, (entry, translated) in enumerate(zip(value, data, strict=True)):
            at = self.at(data, index, where)
            if translated is None:
                self.untranslated(entry, {name: entry})
                out.append(entry)
            elif isinstance(entry, (model.Prose, model.Name, str)):
                out.append(self.text(entry, translated, at, f"entry {index + 1} of '{name}'"))
            else:
                out.append(self.node(entry, translated, at))
        return out

    def text(self, original: Any, data: Any, where: Location, what: str) -> Any:
        """The translation of one text, checked as the session's texts are."""
        text = self.convert.convert_scalar(data, str, where, what)
        if text is validate.MISSING:
            return original
        if isinstance(original, model.Prose):
            made = self.convert.make_prose(text, where)
            return dataclasses.replace(original, text=made.text, loc=made.loc,
                                       references=made.references)
        if isinstance(original, model.Name):
            return dataclasses.replace(original, value=text)
        return text

    def untranslated(self, original: Any, fields: dict[str, Any]) -> None:
        texts = sum(_count(value) for value in fields.values())
        if not texts:
            return
        where = original.at(next(iter(fields))) if isinstance(original, model.Node) \
            else Location(self.path)
        names = ", ".join(f"'{name}'" for name in fields)
        count = f" ({texts} texts)" if texts > 1 else ""
        self.diagnostics.warning(where, f"not translated into {self.language}: {names}"
                                        f"{count} printed as in the session "
                                        f"(translate it in {self.path.name})", WARNING)

    def not_translated(self, original: Any, key: str) -> str:
        known = [f.name for f in dataclasses.fields(original)
                 if f.name not in ("loc", "field_locs")]
        if key in known:
            return (f"'{key}' is not translated: it is data, written once in the session, or "
                    f"the session has none here (delete it from {self.path.name})")
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"{_what(original)} has no key {validate.describe(key)}{hint}"

    def at(self, container: Any, key: Any, fallback: Location, value: bool = True) -> Location:
        if container is None:
            return fallback
        found = self.convert.at(container, key, value=value)
        return found if found.line else fallback

    def error(self, where: Location, message: str) -> None:
        self.diagnostics.error(where, message)


def _field_names(node: Any) -> list[str]:
    return [f.name for f in dataclasses.fields(node) if f.name not in ("loc", "field_locs")]


def _has_text(owner: Any, name: str, value: Any) -> bool:
    """Whether a field holds text a translation gives."""
    if isinstance(value, model.Prose):
        return True
    if isinstance(value, (str, model.Name)) or (
            isinstance(value, list) and value and isinstance(value[0], (str, model.Name))):
        return bool(value) and name in TRANSLATED.get(type(owner), ())
    if isinstance(value, list):
        return any(_count(entry) for entry in value)
    if isinstance(value, model.Node):
        return _count(value) > 0
    return False


def _count(value: Any) -> int:
    """How many texts a value holds."""
    if isinstance(value, (model.Prose, str, model.Name)):
        return 1
    if isinstance(value, list):
        return sum(_count(entry) for entry in value)
    if isinstance(value, model.Node):
        return sum(_count(getattr(value, name)) for name in _field_names(value)
                   if _has_text(value, name, getattr(value, name)))
    return 0


def _what(node: Any) -> str:
    return validate.noun(type(node))


def _where(owner: Any, name: str) -> str:
    loc = owner.at(name) if isinstance(owner, model.Node) else None
    return f"line {loc.line} of {loc.path.name}" if loc and loc.line and loc.path else \
        "the session"


# --------------------------------------------------------------- the data


def _localized(translated: model.Session, code: str, words: Language,
               own_words: Language) -> model.Session:
    """The translated session with its State names in the language of ``code``, and its
    document in that language, "Original:" naming the session's language in it."""
    # The names are changed in place: in a copy, never in the session the original and
    # the other versions are made from.
    translated = copy.deepcopy(translated)
    names = states.table()
    articles = words.states.articles

    def state(name: str) -> str:
        return names.in_language(name, code, articles) or name

    for _, listed, of_states, _ in lists.listed(translated):
        if of_states:
            for entry in listed:
                entry.value = state(entry.value)
    for person in _people(translated):
        if person.country:
            person.country = state(person.country)
    document = translated.document
    return dataclasses.replace(translated, document=dataclasses.replace(
        document, language=code, original_language=_original(document, words, own_words)))


def _original(document: model.DocumentInfo, words: Language, own_words: Language) -> str:
    """The original language as the version names it: the session's own language, or
    the one its 'original_language' names (in the session's language)."""
    typed = document.original_language or own_words.language.name
    for field in dataclasses.fields(own_words.languages):
        if getattr(own_words.languages, field.name) == typed:
            return str(getattr(words.languages, field.name))
    if typed == own_words.language.name:
        return str(getattr(words.languages, document.language, typed))
    return typed


def _people(node: Any) -> list[model.Person | model.Officer]:
    """Every person of the session (chair, officers, panellists, participants), whose
    country the report names."""
    found: list[model.Person | model.Officer] = []
    if isinstance(node, (model.Person, model.Officer)):
        found.append(node)
    if isinstance(node, list):
        for entry in node:
            found += _people(entry)
    elif isinstance(node, model.Node):
        for name in _field_names(node):
            found += _people(getattr(node, name))
    return found

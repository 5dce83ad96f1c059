"""Stage 3: compose the document tree from the session and the templates.

The report's structure is a Jinja template (``report.j2``) that calls the
builder functions below (``chapter``, ``paragraph`` …); what the template
prints is thrown away. Boilerplate sentences are small templates of their own
(``sentences/*.j2``) that a project can override one by one.

User text never becomes template source: prose reaches the builder as data
and is parsed by ``prose.parse`` alone, so ``{{ 7*7 }}`` typed in a session
stays ``{{ 7*7 }}``. A project's own templates are user input too: they see
the session as plain data (``view``), never the model with its file paths, and
run in a stricter Jinja sandbox (``sandbox``). What they hand back to the
builder is checked: text, prose from the session, or what the builder made.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateRuntimeError,
    TemplateSyntaxError,
    Undefined,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import SecurityError

from reportgen.errors import Diagnostics, Location
from reportgen.pipeline import barcodes, language, model, prose, view
from reportgen.pipeline.language import Language
from reportgen.pipeline.sandbox import POLICY, Sealed, TemplateSandbox, trust
from reportgen.pipeline.templates import TemplateSet
from reportgen.pipeline.tree import (
    Block,
    Document,
    Emph,
    Heading,
    Inline,
    ListItem,
    Masthead,
    Paragraph,
    Ref,
    Strong,
    Table,
    Text,
)
from reportgen.util import usercache

_PAPER = {"New York": "letter"}


@dataclass(frozen=True)
class Sentence:
    """Boilerplate rendered from a sentence template: plain text, not Markdown."""

    text: str

    def __str__(self) -> str:  # as templates join it to other text: "Chair" ~ ":"
        return self.text


class ListEntry(Sealed):
    """A list entry ``lettered()`` or ``agenda_lines()`` made, for ``paragraph(items=…)``:
    sealed, since the entry is part of the document tree the writers read."""

    __slots__ = ()


class Italic(Sealed):
    """Text ``italic()`` or ``bold()`` made, for a paragraph to print so."""

    __slots__ = ()


# A part of a paragraph that starts with one of these follows the part before it directly.
_CLOSING = frozenset(".,;:)")
# Full-width marks (Chinese) carry their own space: the next part follows them directly.
_FULL_WIDTH = frozenset("。！？；：）")


def _cjk(text: str) -> bool:
    """Whether ``text`` begins with a Chinese character: a CJK ideograph, CJK
    punctuation or a full-width form. (Told by the code point: a pattern of these
    ranges is slow to compile, and every build would compile it.)"""
    code = ord(text[0]) if text else 0
    return (0x3000 <= code <= 0x303F or 0x3400 <= code <= 0x9FFF
            or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF)


# The kinds of resolution() and the label each takes ([numbering] of the language file);
# the adopted ones are numbered in the series of the body's session.
_RESOLUTION_KINDS = {"draft-resolution": "draft_resolution", "draft-decision": "draft_decision",
                     "resolution": "resolution", "decision": "decision"}


class _Builder:
    """The functions a structure template calls to add to the document.

    Templates hold the session's view (``view.View``); where the builder needs the
    model behind a value (a paragraph's id, where its references were typed) it
    looks it up in that view, so a value a template made itself is only text.
    """

    def __init__(self, session: model.Session, env: TemplateSandbox,
                 diagnostics: Diagnostics, words: Language):
        self.session = session
        self.view = view.View(session)
        self.env = env
        self.words = words
        self.quotes = words.prose.quotes
        self.diagnostics = diagnostics
        self.blocks: list[Block] = []
        self.headings = _headings(session, words, env)
        # Looked up by key for every agenda item a chapter names: made once, not each time.
        self.items_by_key = session.agenda_items()
        # The words of [contents]: the columns of the list of documents ….
        self.contents_words = MappingProxyType({f.name: getattr(words.contents, f.name)
                                                for f in dataclasses.fields(words.contents)})

    def api(self) -> dict[str, Any]:
        """What templates may call, by name, and the session's built-in headings."""
        functions = {name: getattr(self, name) for name in _API}
        return {**functions, "headings": self.headings, "words": self.contents_words}

    def let_go(self) -> list[Block]:
        """The blocks made, and the builder emptied of the session, its view and the blocks.

        A template that imports another "with context" leaves a reference cycle of
        Jinja's (a macro and its context) that holds the builder's functions, so this
        builder, until Python's cycle collector next looks at old objects: emptied, the
        session's model and tree are freed as soon as nothing else holds them.
        """
        blocks = self.blocks
        del self.session, self.view, self.blocks
        return blocks

    # -- headings ----------------------------------------------------------

    def chapter(self, title: Any, id: Any = "") -> str:
        return self._heading("chapter", title, id)

    def section(self, title: Any, id: Any = "") -> str:
        return self._heading("section", title, id)

    def subsection(self, title: Any, id: Any = "") -> str:
        return self._heading("subsection", title, id)

    def heading(self, title: Any, id: Any = "") -> str:
        return self._heading("unnumbered", title, id, caller="heading")

    def annex(self, title: Any, id: Any = "", original: Any = "") -> str:
        """An annex: a new page, "Annex II" (numbered later), its title and, given the
        language it was submitted in, "[Original: French]" under them at the right."""
        line = self.words.contents.annex_original.format(
            language=self._text(original, "annex")) if original else ""
        self.blocks.append(Heading(level="annex",
                                   text=prose.plain(self._text(title, "annex"),
                                                    quotes=self.quotes),
                                   id=self._text(id, "annex") if id else None,
                                   original=prose.typographic(line, quotes=self.quotes)))
        return ""

    def _heading(self, level: Any, title: Any, node_id: Any, caller: str = "") -> str:
        caller = caller or level
        self.blocks.append(Heading(level=level, text=prose.plain(self._text(title, caller),
                                                                 quotes=self.quotes),
                                   id=self._text(node_id, caller) if node_id else None))
        return ""

    # -- paragraphs --------------------------------------------------------

    def paragraph(self, *parts: Any, items: Iterable[Any] = (), numbered: bool = True) -> str:
        """A body paragraph made of sentences and prose, joined by spaces."""
        text: list[Inline] = []
        node_id = None
        subparagraphs = self._list_items(items) if items else []
        sources = [self.view.model_of(part) for part in parts]
        for part, source in zip(parts, sources, strict=True):
            if part is None:
                continue
            inlines = self._inlines(part, "paragraph", source)
            if text and inlines == [Text(".")] and _cjk(self._last(text)):
                # The language's full stop (its mark after a list's last entry): "载于附件一。"
                inlines = [Text(self.words.series.list_marks[1])]
            if text and self._spaced(text, inlines):
                text.append(Text(" "))
            if isinstance(source, model.Paragraph | model.Recommendation):
                node_id = source.id or node_id
            if isinstance(source, model.Paragraph):
                if source.subparagraphs:
                    subparagraphs += self.subparagraphs(source.subparagraphs)
                if source.bullets:
                    subparagraphs += self.bullets(source.bullets)
            text += inlines
        # One part's text is merged already (as every parse, sentence and italic() is).
        self.blocks.append(Paragraph(text=prose.merge_text(text) if len(parts) > 1 else text,
                                     numbered=bool(numbered), items=subparagraphs,
                                     id=node_id))
        for source in sources:
            if isinstance(source, model.Paragraph) and source.table is not None:
                self.blocks.append(self._table(source.table))
        return ""

    def _spaced(self, before: list[Inline], part: list[Inline]) -> bool:
        """Whether a space joins ``part`` to the paragraph's text ``before``: not before
        closing punctuation, nor after a full-width mark or an elided article ("qui
        figure à l’" and "annexe I"), nor between two Chinese characters."""
        first, last = self._first(part), self._last(before)
        return not (first[:1] in _CLOSING or last in _FULL_WIDTH
                    or self._elided(self._text_end(before))
                    or (_cjk(last) and _cjk(first)))

    def _elided(self, text: str) -> bool:
        """Whether ``text`` ends with a word of [prose] elided (French "l’"), whole."""
        return any(text.endswith(word) and text[:-len(word)][-1:] in ("", " ", "\u00a0")
                   for word in self.words.prose.elided)

    def _first(self, inlines: list[Inline]) -> str:
        """The first character ``inlines`` print: a reference's is its pattern's."""
        if not inlines:
            return ""
        head = inlines[0]
        if isinstance(head, Text):
            return head.value[:1]
        if isinstance(head, Emph | Strong):
            return self._first(head.children)
        if isinstance(head, Ref) and hasattr(self.words.references, head.kind.replace("-", "_")):
            return self.words.cite(head.kind, "", several=len(head.targets) > 1,
                                   capital=head.capital)[:1]
        return ""

    def _last(self, inlines: list[Inline]) -> str:
        """The last character ``inlines`` print; for a reference, its pattern's first (the
        label it ends with is not known yet, but it is in the pattern's script)."""
        if inlines and isinstance(inlines[-1], Ref):
            return self._first(inlines[-1:])
        return self._text_end(inlines)[-1:]

    @staticmethod
    def _text_end(inlines: list[Inline]) -> str:
        return inlines[-1].value if inlines and isinstance(inlines[-1], Text) else ""

    def table(self, entry: Any) -> str:
        """A table of the session ('table' of a paragraph or of an annex)."""
        source = self.view.model_of(entry)
        if not isinstance(source, model.Table):
            raise _misuse("table", "a table of the session", entry)
        self.blocks.append(self._table(source))
        return ""

    def columns(self, header: Any, rows: Any, widths: Any = (), align: Any = ()) -> str:
        """A table a template makes from the session's data (the list of documents):
        ``header`` and each of ``rows`` are lists of texts."""
        cells = [list(header), *[list(row) for row in rows]]
        if any(len(row) != len(cells[0]) for row in cells):
            raise _misuse("columns", "rows as long as the header", rows)
        count = len(cells[0])
        shares = model.width_shares(list(widths), count)
        if len(shares) != count or len(list(align) or ["left"] * count) != count:
            raise _misuse("columns", "one width and one alignment a column", widths)
        self.blocks.append(Table(
            header=[self._inlines(cell, "columns") for cell in cells[0]],
            rows=[[self._inlines(cell, "columns") for cell in row] for row in cells[1:]],
            widths=shares,
            align=list(align) or ["left"] * count))
        return ""

    def _table(self, source: model.Table) -> Table:
        count = len(source.header)
        return Table(header=[_parse(cell, self.quotes) for cell in source.header],
                     rows=[[_parse(cell, self.quotes) for cell in row] for row in source.rows],
                     widths=model.width_shares(source.widths, count),
                     align=list(source.align) or ["left"] * count,
                     title=prose.plain(source.title, quotes=self.quotes),
                     source=_parse(source.source, self.quotes) if source.source else [],
                     id=source.id or None)

    def recommendation(self, entry: Any) -> str:
        """"Recommendation 7" (numbered later) and its unnumbered text."""
        source = self.view.model_of(entry)
        if not isinstance(source, model.Recommendation):
            raise _misuse("recommendation", "a recommendation of the session", entry)
        self.blocks.append(Heading(level="recommendation", text=[], id=source.id or None))
        self.blocks.append(Paragraph(text=_parse(source.text, self.quotes), numbered=False))
        return ""

    def resolution(self, entry: Any, kind: Any, number: Any, addressee: Any = None) -> str:
        """A draft or adopted resolution or decision: the line that numbers it, its title,
        whom it speaks for ("*The Economic and Social Council*,"), its preambular
        paragraphs and its operative paragraphs 1., 2. … (a resolution's each opening in
        italics; a decision's single paragraph unnumbered)."""
        source = self.view.model_of(entry)
        if not isinstance(source, model.Resolution):
            raise _misuse("resolution", "a resolution or decision of the session", entry)
        if kind not in _RESOLUTION_KINDS or not isinstance(number, int):
            raise _misuse("resolution", "a kind (" + ", ".join(_RESOLUTION_KINDS)
                          + ") and a whole number", kind if kind not in _RESOLUTION_KINDS
                          else number)
        pattern = getattr(self.words.numbering, _RESOLUTION_KINDS[kind])
        series = {"session": self.session.meeting.number or 0, **self.words.figures(number)}
        cited = (self.words.numbering.resolution_cited if kind in ("resolution", "decision")
                 else self.words.numbering.figure_cited).format(**series)
        self.blocks.append(Heading(level="unnumbered", text=[Text(pattern.format(**series))],
                                   id=source.id or None, family=kind, cited=cited))
        self.blocks.append(Heading(level="unnumbered",
                                   text=prose.plain(source.title, quotes=self.quotes)))
        if addressee is not None:
            self.blocks.append(Paragraph(text=[Emph(self._inlines(addressee, "resolution")),
                                               Text(",")], numbered=False))
        # A resolution's paragraphs open with the verb in italics; a decision's read as
        # typed ("The Economic and Social Council decides …").
        opening = _italic_opening if kind.endswith("resolution") else list
        for line in source.preamble:
            self.blocks.append(Paragraph(text=opening(_parse(line, self.quotes)),
                                         numbered=False))
        numbered = len(source.operative) > 1 or kind.endswith("resolution")
        for paragraph in source.operative:
            self.blocks.append(Paragraph(
                text=opening(_parse(paragraph.text, self.quotes)), numbered=numbered,
                sequence="operative", id=paragraph.id or None,
                items=self.subparagraphs(paragraph.subparagraphs)))
        return ""

    def italic(self, text: Any) -> Italic:
        """``text`` in italics, for paragraph()."""
        return Italic([Emph(self._inlines(text, "italic"))])

    def cite(self, kind: Any, target: Any) -> Italic:
        """A cross-reference a template makes ("annex I" for ``cite("annex", id)``),
        resolved after numbering as one typed in prose is."""
        kind, target = self._text(kind, "cite"), self._text(target, "cite")
        return Italic([Ref(kind=kind, targets=[target], source=f"[[{kind}:{target}]]")])

    def bold(self, text: Any) -> Italic:
        """``text`` in bold, for paragraph() (a delegation's name in the list of
        participants)."""
        return Italic([Strong(self._inlines(text, "bold"))])

    def _inlines(self, part: Any, caller: str, source: Any = None) -> list[Inline]:
        """What ``part`` prints; ``source`` is its model object (``view.model_of``),
        when the caller has looked it up already."""
        if isinstance(part, Italic):
            return list(part.unsealed())
        source = source or self.view.model_of(part)
        if isinstance(source, model.Paragraph | model.Recommendation):
            return _parse(source.text, self.quotes)
        if isinstance(source, model.Prose):
            return _parse(source, self.quotes)
        if isinstance(part, Sentence):
            return prose.plain(part.text, quotes=self.quotes)
        return prose.plain(self._text(part, caller), quotes=self.quotes)

    def _text(self, value: Any, caller: str) -> str:
        """What a template passes as text: a string, a number, a sentence, a name."""
        if isinstance(value, Undefined):
            value._fail_with_undefined_error()  # Jinja's own message: what is misspelt
        if isinstance(value, Sentence):
            return value.text
        if isinstance(value, str | int | float) \
                or isinstance(self.view.model_of(value), model.Name | model.Prose):
            return str(value)
        raise _misuse(caller, "text (a string, a number, a sentence or a name of the "
                              "session)", value)

    def _list_items(self, items: Iterable[Any]) -> list[ListItem]:
        listed = list(items)
        if not all(isinstance(item, ListEntry) for item in listed):
            raise _misuse("paragraph", "items=… as lettered() or agenda_lines() make them",
                          next(i for i in listed if not isinstance(i, ListEntry)))
        # A copy for each use: numbering sets the label of the item where it stands.
        return [dataclasses.replace(item.unsealed()) for item in listed]

    # -- lists and sentences -----------------------------------------------

    def sentence(self, name: Any, **values: Any) -> Sentence:
        """Render ``sentences/<name>.j2`` into one line of plain text."""
        if not isinstance(name, str):
            raise _misuse("sentence", "the name of a sentence template", name)
        # Another language's own sentence first (sentences/fr/…), else the English one.
        names = [f"sentences/{name}.j2"]
        if self.words.code != ENGLISH:
            names.insert(0, f"sentences/{self.words.code}/{name}.j2")
        template = self.env.select_template(names)
        # Sentence templates may look up agenda items too.
        rendered = template.render({"session": self.view.root, **self.api(), **values})
        # Spaces collapse, but not the no-break ones French puts before ":" and in « ».
        return Sentence(re.sub(r"[^\S\u00a0]+", " ", rendered).strip())

    def lettered(self, entries: Iterable[Any], depth: int = 1) -> list[ListEntry]:
        """Subparagraphs (a), (b) …: each ends with ";", the last with "."."""
        deepest = len(self.words.numbering.subparagraph_levels)
        if not isinstance(depth, int) or not 1 <= depth <= deepest:
            raise _misuse("lettered", f"a depth from 1 to {deepest}", depth)
        entries = list(entries)
        items = []
        for index, entry in enumerate(entries):
            text = self._inlines(entry, "lettered")
            more, last, _ = self.words.series.list_marks
            end = last if index == len(entries) - 1 else more
            items.append(ListEntry(ListItem(text=_punctuate(text, end), depth=depth,
                                            style="letter")))
        return items

    def labelled(self, entries: Iterable[Any]) -> list[ListEntry]:
        """Lines that each open with a label of their own ("Chair:", then the name), for
        paragraph(items=…); a label "" continues the line above."""
        items = []
        for entry in entries:
            if not (isinstance(entry, tuple | list) and len(entry) == 2):
                raise _misuse("labelled", "pairs of a label and a text", entry)
            label, text = entry
            items.append(ListEntry(ListItem(text=self._inlines(text, "labelled"), depth=1,
                                            label=self._text(label, "labelled"),
                                            style="given")))
        return items

    def subparagraphs(self, entries: list[model.Subparagraph]) -> list[ListItem]:
        """Nested subparagraphs in the Editorial Manual's levels: (a), (i), a., i.

        Each ends with ";", one that introduces a lower level with ":", and
        the very last with ".".
        """
        flat: list[tuple[int, model.Subparagraph]] = []

        def walk(items: list[model.Subparagraph], depth: int) -> None:
            for item in items:
                flat.append((depth, item))
                walk(item.subparagraphs, depth + 1)

        walk(entries, 1)
        out = []
        more, last, introducing = self.words.series.list_marks
        for index, (depth, item) in enumerate(flat):
            end = introducing if item.subparagraphs else (last if index == len(flat) - 1
                                                          else more)
            out.append(ListItem(text=_punctuate(_parse(item.text, self.quotes), end),
                                depth=depth, style=self.words.subparagraph_style(depth)))
        return out

    def bullets(self, entries: list[model.Prose]) -> list[ListItem]:
        """Bullets take no closing semicolon (Editorial Manual); the text stays as typed."""
        return [ListItem(text=_strip_semicolon(_parse(entry, self.quotes)), depth=1, label="•",
                         style="bullet") for entry in entries]

    def agenda_lines(self, agenda: Any) -> list[ListEntry]:
        """An agenda (adopted, or provisional for the next session) as a numbered list,
        sub-items lettered."""
        source = self.view.model_of(agenda)
        if not isinstance(source, model.Agenda | model.NextSession):
            raise _misuse("agenda_lines", "an agenda of the session", agenda)
        lines = []
        _, last, introducing = self.words.series.list_marks
        for number, item in enumerate(source.items, start=1):
            end = introducing if item.items else last
            title = _punctuate(prose.plain(item.title, quotes=self.quotes), end)
            label = self.words.numbering.agenda_item.format(**self.words.figures(number))
            lines.append(ListEntry(ListItem(text=title, depth=1, label=label, style="given")))
            lines += self.lettered(item.items and [i.title for i in item.items], depth=2)
        return lines

    # -- lookups for templates ---------------------------------------------

    def chair(self) -> Any:
        """Who chaired the meeting or session ('meeting.chair', or the officers' chair)."""
        found = self.session.chair()
        return self.view.view_of(found) if found is not None else None

    def item_number(self, key: Any) -> str:
        return self._item(key, "item_number")[0]

    def item_title(self, key: Any) -> str:
        return self._item(key, "item_title")[1].title

    def agenda_items(self, keys: Iterable[Any]) -> str:
        """"agenda item 2", "agenda items 1 to 4": items named by key, in a sentence.

        Sub-items count as their main item, so the plural follows the numbers
        printed, not the keys given.
        """
        numbers = sorted({int(self._item(k, "agenda_items")[0].split()[0]) for k in keys})
        return self.words.cite("item", self.words.number_span(numbers), several=len(numbers) > 1)

    def _item(self, key: Any, caller: str) -> tuple[str, model.AgendaItem]:
        # The session's own keys are checked with a location by validate.check_session:
        # a key no item has comes from a template.
        items = self.items_by_key
        found = items.get(self._text(key, caller))
        if found is None:
            raise TemplateRuntimeError(f"no agenda item has the key '{key}' (the keys: "
                                       + ", ".join(items) + ")")
        return found


ENGLISH = "en"  # the language of templates/sentences/*.j2

# The builder's functions templates call, by name.
_API = ("chapter", "section", "subsection", "heading", "paragraph", "recommendation",
        "resolution", "annex", "table", "columns", "italic", "bold", "cite", "sentence",
        "lettered", "labelled", "agenda_lines",
        "item_number", "item_title", "agenda_items", "chair")
trust(*(getattr(_Builder, name) for name in _API))


def _misuse(caller: str, expected: str, given: Any) -> TemplateRuntimeError:
    """A template called the builder with something it cannot use."""
    kind = type(given).__name__
    article = "an" if kind[0].lower() in "aeiou" else "a"
    return TemplateRuntimeError(f"{caller}() takes {expected}, not {article} {kind}")


def _parse(text: model.Prose, quotes: tuple[str, ...]) -> list[Inline]:
    return prose.parse(text.text, text.references, quotes=quotes)


def _italic_opening(text: list[Inline]) -> list[Inline]:
    """The first word in italics, as resolutions print "*Recalling* …" and "1. *Decides* …";
    text that opens with emphasis the user typed ("*Bearing in mind*") stays as typed."""
    if not text or not isinstance(text[0], Text):
        return text
    word, space, rest = text[0].value.partition(" ")
    head: list[Inline] = [Emph([Text(word)])]
    if space:
        head.append(Text(space + rest))
    return head + text[1:]


def _headings(session: model.Session, words: Language,
              env: TemplateSandbox) -> MappingProxyType[str, str]:
    """The built-in headings of this session, with its unit, organ and next session put in:
    plain text by name, read only.

    A heading that names them takes the language's pattern ([headings]), unless the
    language's ``sentences/<code>/headings.j2`` has a macro of the heading's name: the
    pattern cannot decline, agree or make definite ("de la Commission", "du Conseil",
    "del período de sesiones", "Экономическим и Социальным Советом"), the macro can.
    """
    meeting = session.meeting
    upcoming = session.provisional_agenda
    next_number = (upcoming.number if upcoming and upcoming.number
                   else (meeting.number or 0) + 1)
    organ = session.action.organ if session.action else ""
    values = {"unit": getattr(words.units, meeting.unit), "body": meeting.body,
              "organ": organ, "short_name": meeting.short_name,
              "next": words.ordinal_words(next_number)}
    headings = {f.name: getattr(words.headings, f.name).format(**values)
                for f in dataclasses.fields(words.headings)}
    macros = _heading_macros(env, words.code, {
        "unit": meeting.unit, "body": str(meeting.body), "organ": str(organ),
        "short_name": str(meeting.short_name), "next": next_number})
    for name in headings:
        macro = getattr(macros, name, None)
        if callable(macro):
            headings[name] = re.sub(r"[^\S\u00a0]+", " ", str(macro())).strip()
    return MappingProxyType(headings)


def _heading_macros(env: TemplateSandbox, code: str, values: dict[str, Any]) -> Any:
    """The macros of ``sentences/<code>/headings.j2``, which see ``values`` (the unit's
    key, the names as the session gives them, the next session's number); None for a
    language without the file."""
    try:
        template = env.get_template(f"sentences/{code}/{HEADINGS}")
    except TemplateNotFound:
        return None
    return template.make_module(values)


# The file of a language's headings that name the organ, the body or the unit.
HEADINGS = "headings.j2"


# What may end a list entry as typed, in any of the languages (Arabic has its own
# semicolon and comma).
_ENDINGS = ";.:,\u061b\u060c；。：，"


def _strip_semicolon(text: list[Inline]) -> list[Inline]:
    if text and isinstance(text[-1], Text) and text[-1].value.rstrip().endswith((";", "\u061b")):
        return text[:-1] + [Text(text[-1].value.rstrip()[:-1])]
    return text


def _punctuate(text: list[Inline], end: str) -> list[Inline]:
    """End a list entry with ``end``, replacing any final ; or . the user typed (or its
    full-width form), and the space before it (French puts its own no-break one)."""
    if text and isinstance(text[-1], Text):
        text = text[:-1] + [Text(text[-1].value.rstrip().rstrip(_ENDINGS).rstrip() + end)]
    else:
        text = text + [Text(end)]
    return text


def _strict(function: Callable[..., Any]) -> Callable[..., Any]:
    """Make a filter fail with Jinja's own message on an undefined value.

    Without this, a misspelt field reaches Babel or num2words as an Undefined
    object and fails there with a message that names neither.
    """
    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, Undefined):
            value._fail_with_undefined_error()
        return function(value, *args, **kwargs)

    return checked


def _filters(words: Language) -> dict[str, Any]:
    """The filters of the boilerplate templates, in the session's language."""
    filters: dict[str, Callable[..., Any]] = {
        "long_date": words.long_date,
        "date_list": words.date_list,
        "join_series": words.join_series,
        "ordinal_words": words.ordinal_words,
        "ordinal_figures": words.ordinal_figures,
        "number_words": words.number_words,
        "spelled_out": words.spelled_out,
        "alphabetical": lambda names: sorted(names, key=lambda n: words.sort_key(str(n))),
    }
    return {name: _strict(function) for name, function in filters.items()}


class _BytecodeCache(FileSystemBytecodeCache):
    """Jinja's compiled templates in the user cache, each behind the digest of its bytes
    (``usercache.store``): a damaged one is compiled again, with a warning, and never
    run. One that cannot be written (the folder deleted meanwhile, a full disk) only
    means compiling again next time."""

    def load_bytecode(self, bucket: Any) -> None:
        path = Path(self._get_cache_filename(bucket))
        data = usercache.load(path, "a compiled template", "it was compiled again")
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Any) -> None:
        try:
            usercache.store(Path(self._get_cache_filename(bucket)), bucket.bytecode_to_string())
        except OSError:
            pass


class _FirstFolderLoader(BaseLoader):
    """Each template from the first of ``folders`` that has it (as ``ChoiceLoader``).

    Jinja asks a compiled template whether it is up to date by checking only the file
    it came from; here it is also out of date once an earlier folder has the name
    (a project override added while the process runs).
    """

    def __init__(self, folders: tuple[Path, ...]):
        self.loaders = [FileSystemLoader(str(folder)) for folder in folders]

    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        for index, loader in enumerate(self.loaders):
            try:
                source, filename, uptodate = loader.get_source(environment, template)
            except TemplateNotFound:
                continue
            earlier = [Path(folder, *split_template_path(template))
                       for earlier_loader in self.loaders[:index]
                       for folder in earlier_loader.searchpath]
            return source, filename, _unless_overridden(uptodate, earlier)
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        return sorted({name for loader in self.loaders for name in loader.list_templates()})


def _unless_overridden(uptodate: Callable[[], bool] | None,
                       earlier: list[Path]) -> Callable[[], bool]:
    """Jinja's freshness check of a template file, and no ``earlier`` file of its name."""
    def still_first() -> bool:
        return (uptodate is None or uptodate()) and not any(path.is_file() for path in earlier)

    return still_first


@lru_cache(maxsize=16)
def environment(templates: TemplateSet, words: Language) -> TemplateSandbox:
    """One environment per template set and language: Jinja then compiles each template
    once, and the filters speak the session's language.

    Jinja notices a template file that changed since it was compiled, so a
    long-running process (a watcher) still sees edits; ``_FirstFolderLoader`` makes
    it notice a project override added after the built-in file was found, too.
    """
    loader = _FirstFolderLoader(templates.folders)
    # Compiling the ~20 templates takes longer than composing a report with them:
    # keep the compiled code between runs (Jinja checks each template's source).
    compiled = usercache.folder("jinja")
    # The sandbox's policy names the files: code compiled under another is not reused.
    env = TemplateSandbox(loader=loader, undefined=StrictUndefined,
                          autoescape=False, keep_trailing_newline=False,
                          bytecode_cache=_BytecodeCache(str(compiled),
                                                        f"sandbox{POLICY}-%s.cache")
                          if compiled else None)
    env.filters.update(_filters(words))
    env.globals.update(date_span=words.date_span, brief_dates=words.dates_in_brief,
                       roman=_roman, forms=words.forms)
    return env


def _roman(number: Any) -> str:
    """``language.roman`` for templates, which may pass anything."""
    if not isinstance(number, int) or number > language.MAX_ROMAN:
        # (the number itself is not printed: a huge one has no decimal text)
        raise TemplateRuntimeError(f"roman() takes a whole number up to "
                                   f"{language.MAX_ROMAN}, as a chapter's or an annex's")
    return language.roman(number)


def masthead(session: model.Session, title: str, words: Language) -> Masthead:
    """The first page's data, with its fixed words in the session's language."""
    info = session.document
    digits = barcodes.barcode_digits(info.job_number) if info.job_number else ""
    category = getattr(words.distribution, info.distribution)
    original = info.original_language or words.language.name
    return Masthead(
        symbol=session.symbol(),
        distribution=category,
        date=words.masthead_date(info.date),
        original_language=original,
        organ=prose.typographic(session.organ, quotes=words.prose.quotes),
        title=title,
        job_number=info.job_number,
        paper="letter" if _PAPER.get(info.duty_station) == "letter" else "a4",
        language=info.language,
        language_tag=words.language.tag,
        issued=info.date.isoformat(),
        language_letter=words.language.job_letter,
        release_stamps=[d.strftime("%d%m%y") for d in (info.release_dates or [info.date])],
        barcode_digits=digits,
        qr_url=barcodes.undocs_url(session.symbol()),
        organization=words.masthead.organization,
        distribution_line=words.distribution_line(category),
        original_line=words.masthead.original.format(language=original),
        recycle=words.masthead.recycle,
        contents_title=words.contents.title,
        contents_paragraphs=words.contents.paragraphs,
        contents_page=words.contents.page,
    )


def compose(session: model.Session, templates: TemplateSet,
            diagnostics: Diagnostics, *, words: Language) -> Document:
    """Render the report structure template into an unnumbered document tree.

    ``words`` are the session's language (``language_files.for_session``).
    """
    env = environment(templates, words)
    # Templates read the chapters as listed, or the working group's by default.
    session = dataclasses.replace(session, chapters=session.chapter_list())
    builder: _Builder | None = None
    try:
        # (the builder renders the language's headings: a template's mistake, too)
        builder = _Builder(session, env, diagnostics, words)
        title = session.document.title or builder.sentence("title").text
        cover = "\n".join(_cover_lines(session, builder))
        # What the structure template prints is thrown away as it comes: kept whole, a
        # loop printing in a loop could fill the memory.
        for _ in env.get_template("report.j2").generate(session=builder.view.root,
                                                         **builder.api()):
            pass
    except Exception as exc:  # any failure inside a template is the template's mistake
        diagnostics.error(_template_location(exc, templates), _template_message(exc))
        return Document(masthead=masthead(session, "", words), blocks=[])
    finally:
        blocks = builder.let_go() if builder is not None else []
    title = prose.typographic(title, quotes=words.prose.quotes)
    cover = "\n".join(prose.typographic(line, quotes=words.prose.quotes)
                      for line in cover.splitlines())
    head = dataclasses.replace(masthead(session, title, words), body_line=cover)
    return Document(masthead=head, blocks=blocks,
                    contents_columns=session.document.contents)


def _cover_lines(session: model.Session, builder: _Builder) -> list[str]:
    """The lines under the masthead the session asks for, each from its sentence
    template; the agenda item's title follows its number as typed."""
    lines = []
    for line in session.document.cover:
        lines.append(builder.sentence("cover-" + line).text)
        item = session.document.agenda_item
        if line == "agenda-item" and item is not None and item.title:
            lines.append(item.title)
    return lines


def _template_location(exc: Exception, templates: TemplateSet) -> Location:
    """Where in which template it failed.

    Syntax errors carry their file and line; for errors while rendering,
    Jinja rewrites the traceback so that frames name the template and line.
    """
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return Location(Path(exc.filename), exc.lineno, 1)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".j2", ".jinja")):
            return Location(Path(frame.filename), frame.lineno or 0, 1)
    return Location(templates.find("report.j2"))


def _template_message(exc: Exception) -> str:
    if isinstance(exc, RecursionError):  # (Python's own wording depends on where it hit)
        return ("template error: a macro or an include calls itself without end; "
                "give it a condition that stops it")
    if isinstance(exc, TemplateNotFound):
        return (f"template error: template '{exc.name}' not found: a template may include, "
                "import or extend only a file of a template folder, named from that folder "
                "('sentences/title.j2'), without '..' or a leading '/'")
    if isinstance(exc, TemplateError):
        message = str(exc.message or exc)
        missing = re.match(r"'reportgen\.pipeline\.view\.(\w+) object' has no attribute "
                           r"'(\w+)'", message)
        fields = view.keys_of(missing[1]) if missing else None
        if missing and fields is not None:
            close = difflib.get_close_matches(missing[2], fields, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "its keys: " + ", ".join(fields)
            return f"template error: {missing[1]} has no key '{missing[2]}' ({hint})"
        if isinstance(exc, SecurityError) and message.endswith("is unsafe."):
            return (f"template error: {message[:-1]}: a template may read only the "
                    "session's data and call the functions reportgen gives it")
        return f"template error: {message}"
    return f"template error: {type(exc).__name__}: {exc}"

"""Stage 3: compose the document tree from the session and the templates.

The report's structure is a Jinja template (``report.j2``) that calls the
builder functions below (``chapter``, ``paragraph`` …); what the template
prints is thrown away. Boilerplate sentences are small templates of their own
(``sentences/*.j2``) that a project can override one by one.

User text never becomes template source: prose reaches the builder as data
and is parsed by ``prose.parse`` alone, so ``{{ 7*7 }}`` typed in a session
stays ``{{ 7*7 }}``. Templates run in Jinja's sandbox, since a project's own
templates are user input too.
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
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    Undefined,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from . import codes, language, model, prose, usercache
from .errors import Diagnostics, Location
from .templates import TemplateSet
from .tree import Document, Heading, Inline, ListItem, Masthead, Paragraph, Text

_DISTRIBUTION = {"general": "General", "limited": "Limited", "restricted": "Restricted"}
_PAPER = {"New York": "letter"}


@dataclass(frozen=True)
class Sentence:
    """Boilerplate rendered from a sentence template: plain text, not Markdown."""

    text: str


class _Builder:
    """The functions a structure template calls to add to the document."""

    def __init__(self, session: model.Session, env: SandboxedEnvironment,
                 diagnostics: Diagnostics):
        self.session = session
        self.env = env
        self.diagnostics = diagnostics
        self.blocks: list[Heading | Paragraph] = []

    def api(self) -> dict[str, Any]:
        """What templates may call, by name."""
        return {name: getattr(self, name) for name in (
            "chapter", "section", "subsection", "heading", "paragraph", "recommendation",
            "sentence", "lettered", "agenda_lines", "item_number", "item_title",
            "agenda_items")}

    # -- headings ----------------------------------------------------------

    def chapter(self, title: str, id: str = "") -> str:
        return self._heading("chapter", title, id)

    def section(self, title: str, id: str = "") -> str:
        return self._heading("section", title, id)

    def subsection(self, title: str, id: str = "") -> str:
        return self._heading("subsection", title, id)

    def heading(self, title: str, id: str = "") -> str:
        return self._heading("unnumbered", title, id)

    def _heading(self, level: Any, title: str, node_id: str) -> str:
        self.blocks.append(Heading(level=level, text=prose.plain(str(title)),
                                   id=node_id or None))
        return ""

    # -- paragraphs --------------------------------------------------------

    def paragraph(self, *parts: Any, items: Iterable[ListItem] = (),
                  numbered: bool = True) -> str:
        """A body paragraph made of sentences and prose, joined by spaces."""
        text: list[Inline] = []
        node_id = None
        subparagraphs: list[ListItem] = list(items)
        for part in parts:
            if part is None:
                continue
            if text:
                text.append(Text(" "))
            if isinstance(part, model.Paragraph):
                node_id = part.id or node_id
                subparagraphs += self.subparagraphs(part.subparagraphs)
                subparagraphs += self.bullets(part.bullets)
            text += self._inlines(part)
        self.blocks.append(Paragraph(text=prose.merge_text(text), numbered=numbered,
                                     items=subparagraphs, id=node_id))
        return ""

    def recommendation(self, entry: model.Recommendation) -> str:
        """"Recommendation 7" (numbered later) and its unnumbered text."""
        self.blocks.append(Heading(level="recommendation", text=[], id=entry.id or None))
        self.blocks.append(Paragraph(text=_parse(entry.text), numbered=False))
        return ""

    def _inlines(self, part: Any) -> list[Inline]:
        if isinstance(part, Sentence):
            return prose.plain(part.text)
        if isinstance(part, model.Paragraph):
            return _parse(part.text)
        if isinstance(part, model.Prose):
            return _parse(part)
        return prose.plain(str(part))

    # -- lists and sentences -----------------------------------------------

    def sentence(self, name: str, **values: Any) -> Sentence:
        """Render ``sentences/<name>.j2`` into one line of plain text."""
        template = self.env.get_template(f"sentences/{name}.j2")
        # Sentence templates may look up agenda items too.
        rendered = template.render({"session": self.session, **self.api(), **values})
        return Sentence(re.sub(r"\s+", " ", rendered).strip())

    def lettered(self, entries: Iterable[Any], depth: int = 1) -> list[ListItem]:
        """Subparagraphs (a), (b) …: each ends with ";", the last with "."."""
        entries = list(entries)
        items = []
        for index, entry in enumerate(entries):
            text = self._inlines(entry)
            end = "." if index == len(entries) - 1 else ";"
            items.append(ListItem(text=_punctuate(text, end), depth=depth, style="letter"))
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
        for index, (depth, item) in enumerate(flat):
            end = ":" if item.subparagraphs else ("." if index == len(flat) - 1 else ";")
            style = _SUBPARAGRAPH_STYLES[min(depth, len(_SUBPARAGRAPH_STYLES)) - 1]
            out.append(ListItem(text=_punctuate(_parse(item.text), end), depth=depth,
                                style=style))
        return out

    def bullets(self, entries: list[model.Prose]) -> list[ListItem]:
        """Bullets take no closing semicolon (Editorial Manual); the text stays as typed."""
        return [ListItem(text=_strip_semicolon(_parse(entry)), depth=1, label="•",
                         style="bullet") for entry in entries]

    def agenda_lines(self, agenda: model.Agenda) -> list[ListItem]:
        """The adopted agenda as a numbered list, sub-items lettered."""
        lines = []
        for number, item in enumerate(agenda.items, start=1):
            end = ":" if item.items else "."
            lines.append(ListItem(text=_punctuate(prose.plain(item.title), end), depth=1,
                                  label=f"{number}.", style="given"))
            lines += self.lettered(item.items and [i.title for i in item.items], depth=2)
        return lines

    # -- lookups for templates ---------------------------------------------

    def item_number(self, key: str) -> str:
        return self._item(key)[0]

    def item_title(self, key: str) -> str:
        return self._item(key)[1].title

    def agenda_items(self, keys: Iterable[str]) -> str:
        """"agenda item 2", "agenda items 1 to 4": items named by key, in a sentence.

        Sub-items count as their main item, so the plural follows the numbers
        printed, not the keys given.
        """
        numbers = sorted({int(self._item(k)[0].split()[0]) for k in keys})
        noun = "agenda item" if len(numbers) == 1 else "agenda items"
        return f"{noun} {language.number_span(numbers)}"

    def _item(self, key: str) -> tuple[str, model.AgendaItem]:
        found = self.session.agenda_items().get(str(key))
        if found is None:
            raise KeyError(key)  # checked with a location by validate.check_session
        return found


def _parse(text: model.Prose) -> list[Inline]:
    return prose.parse(text.text, text.references)


_SUBPARAGRAPH_STYLES: tuple[Any, ...] = ("letter", "roman", "letter-dot", "roman-dot")


def _strip_semicolon(text: list[Inline]) -> list[Inline]:
    if text and isinstance(text[-1], Text) and text[-1].value.rstrip().endswith(";"):
        return text[:-1] + [Text(text[-1].value.rstrip()[:-1])]
    return text


def _punctuate(text: list[Inline], end: str) -> list[Inline]:
    """End a list entry with ``end``, replacing any final ; or . the user typed."""
    if text and isinstance(text[-1], Text):
        text = text[:-1] + [Text(text[-1].value.rstrip().rstrip(";.:,") + end)]
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


def _filters() -> dict[str, Any]:
    filters: dict[str, Callable[..., Any]] = {
        "long_date": language.long_date,
        "date_list": language.date_list,
        "join_series": language.join_series,
        "ordinal_words": language.ordinal_words,
        "ordinal_figures": language.ordinal_figures,
        "number_words": language.number_words,
        "spelled_out": language.spelled_out,
        "alphabetical": lambda names: sorted(names, key=lambda n: language.sort_key(str(n))),
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


def make_environment(templates: TemplateSet) -> SandboxedEnvironment:
    """One environment per template set: Jinja then compiles each template once.

    Jinja notices a template file that changed since it was compiled, so a
    long-running process (a watcher) still sees edits; ``_FirstFolderLoader`` makes
    it notice a project override added after the built-in file was found, too.
    """
    return _environment(templates)


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
def _environment(templates: TemplateSet) -> SandboxedEnvironment:
    loader = _FirstFolderLoader(templates.folders)
    # Compiling the ~20 templates takes longer than composing a report with them:
    # keep the compiled code between runs (Jinja checks each template's source).
    compiled = usercache.folder("jinja")
    env = SandboxedEnvironment(loader=loader, undefined=StrictUndefined,
                               autoescape=False, keep_trailing_newline=False,
                               bytecode_cache=_BytecodeCache(str(compiled))
                               if compiled else None)
    env.filters.update(_filters())
    env.globals.update(date_span=language.date_span, roman=language.roman)
    return env


_LANGUAGE_LETTERS = {"en": "E", "fr": "F", "es": "S", "ru": "R", "zh": "C", "ar": "A"}


def masthead(session: model.Session, title: str) -> Masthead:
    info = session.document
    digits = codes.barcode_digits(info.job_number) if info.job_number else ""
    return Masthead(
        symbol=session.symbol(),
        distribution=_DISTRIBUTION[info.distribution],
        date=language.long_date(info.date),
        original_language=info.original_language,
        organ=prose.typographic(session.organ),
        title=title,
        job_number=info.job_number,
        paper="letter" if _PAPER.get(info.duty_station) == "letter" else "a4",
        language=info.language,
        issued=info.date.isoformat(),
        language_letter=_LANGUAGE_LETTERS.get(info.language, "E"),
        release_stamps=[d.strftime("%d%m%y") for d in (info.release_dates or [info.date])],
        barcode_digits=digits,
        qr_url=codes.undocs_url(session.symbol()),
    )


def compose(session: model.Session, templates: TemplateSet,
            diagnostics: Diagnostics) -> Document:
    """Render the report structure template into an unnumbered document tree."""
    env = make_environment(templates)
    builder = _Builder(session, env, diagnostics)
    try:
        title = session.document.title or builder.sentence("title").text
        env.get_template("report.j2").render(session=session, **builder.api())
    except Exception as exc:  # any failure inside a template is the template's mistake
        diagnostics.error(_template_location(exc, templates), _template_message(exc))
        return Document(masthead=masthead(session, ""), blocks=[])
    return Document(masthead=masthead(session, prose.typographic(title)),
                    blocks=builder.blocks)


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
    if isinstance(exc, TemplateError):
        message = str(exc.message or exc)
        missing = re.match(r"'reportgen\.model\.(\w+) object' has no attribute '(\w+)'", message)
        if missing and hasattr(model, missing[1]):
            fields = [f.name for f in dataclasses.fields(getattr(model, missing[1]))
                      if not f.name.startswith(("loc", "field_locs"))]
            close = difflib.get_close_matches(missing[2], fields, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "its keys: " + ", ".join(fields)
            return f"template error: {missing[1]} has no key '{missing[2]}' ({hint})"
        return f"template error: {message}"
    return f"template error: {type(exc).__name__}: {exc}"

"""The pipeline as one call: load, validate, compose and number one session.

Problems are collected in a Diagnostics, never raised: a build lists every
mistake of every session before it stops.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.errors import Diagnostics, InputError, Location
from reportgen.pipeline.templates import TemplateSet
from reportgen.pipeline.tree import Document

if TYPE_CHECKING:
    from reportgen.pipeline import language, model, numbering, references


@dataclass
class Prepared:
    """A session that loaded, validated, composed and numbered cleanly.

    ``documents`` holds the final report first, then the parts of the draft
    report when the session has one.
    """

    path: Path
    documents: list[Document]
    templates: TemplateSet
    numbers: numbering.Numbers | None = None  # None when recalled from the session cache
    citations: list[references.Citation] = field(default_factory=list)

    @property
    def document(self) -> Document:
        return self.documents[0]


def prepare(path: Path, diagnostics: Diagnostics, text: str | None = None,
            templates: TemplateSet | None = None,
            languages: Sequence[str] = ()) -> Prepared | None:
    """Load, validate, compose and number one session; report problems, never raise.

    ``text`` stands in for the file's content (a session at an earlier git
    revision); ``path`` still names it in messages and finds its templates
    (``templates``, when the caller has them already). ``languages`` are the
    language versions to make besides the session's own (their final reports).
    The dates and number words first written here, and the prose parsed here, are
    kept for the next run (``language.save_answers``, ``prose.parses_kept_for``).
    """
    from reportgen.pipeline import prose

    with _collector_spaced(), prose.parses_kept_for(path) as parses:
        prepared = _prepare(path, diagnostics, text, templates, languages)
    from reportgen.pipeline import language  # (imported by the stages already)

    language.save_answers()
    # A session at another revision asks for some texts of its own: the file keeps them
    # beside the current ones.
    parses.save(whole=prepared is not None and text is None)
    return prepared


# Young objects the cycle collector lets pile up while a session is prepared (Python's
# default is 700): more than preparing a large report leaves alive, few enough that
# garbage in cycles, which a project's template may make in a loop, stays a few tens
# of megabytes.
_YOUNG_WHILE_PREPARING = 200_000


@contextmanager
def _collector_spaced() -> Iterator[None]:
    """Python's cycle collector run seldom while a session is prepared, as usual after.

    Preparing allocates a new model, view and document tree object by object and makes
    almost no reference cycles. At the default pace the collector looks through the
    young objects every 700 allocations, and through everything alive (the previous
    session's trees too, in a process that stays loaded) whenever enough of them
    have survived: work that finds next to nothing to free.
    """
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, _YOUNG_WHILE_PREPARING), *older)
    try:
        yield
    finally:
        gc.set_threshold(young, *older)


def _prepare(path: Path, diagnostics: Diagnostics, text: str | None,
             templates: TemplateSet | None, languages: Sequence[str]) -> Prepared | None:
    # The stages are imported when a session is prepared, not when one is
    # recalled: a build where nothing changed starts without them.
    from reportgen.pipeline import (
        checks,
        compose,
        drafts,
        language_files,
        load,
        numbering,
        references,
        validate,
    )

    try:
        source = load.load(path, text)
    except InputError as exc:
        diagnostics.items.extend(exc.diagnostics)
        return None
    before = len(diagnostics.errors)
    session = validate.to_model(source, diagnostics)
    if session is None:
        return None
    checks.check_session(session, diagnostics)
    if len(diagnostics.errors) > before:
        return None
    if templates is None:
        templates = template_set(path, diagnostics)
        if templates is None:
            return None
    words = language_files.for_session(session, templates, diagnostics)
    if words is None:
        return None
    document = compose.compose(session, templates, diagnostics, words=words)
    if len(diagnostics.errors) > before:
        return None
    numbers = numbering.number(document, words=words)
    drafts.check_chapters(session, document, diagnostics)
    parts = drafts.split(session, document, words=words) \
        if len(diagnostics.errors) == before else []
    references.add_session_targets(numbers, session)
    citations = references.resolve(document, numbers, diagnostics, words=words)
    _number_parts(parts, session, diagnostics, words)
    versions = [_version(session, path, code, templates, words, diagnostics)
                for code in languages if code != session.document.language]
    if len(diagnostics.errors) > before:
        return None
    return Prepared(path=path, documents=[document, *parts, *filter(None, versions)],
                    templates=templates, numbers=numbers, citations=citations)


def _version(session: model.Session, path: Path, code: str, templates: TemplateSet,
             own_words: language.Language, diagnostics: Diagnostics) -> Document | None:
    """The final report in the language ``code``: the session's data, the translation
    file's texts, that language's words and sentences."""
    from reportgen.pipeline import compose, language_files, numbering, references, translations

    try:
        words = language_files.load(templates, code, Location(path))
    except InputError as exc:
        diagnostics.items.extend(exc.diagnostics)
        return None
    before = len(diagnostics.errors)
    translated = translations.version(session, path, code, words, own_words, diagnostics)
    if len(diagnostics.errors) > before:
        return None
    document = compose.compose(translated, templates, diagnostics, words=words)
    if len(diagnostics.errors) > before:
        return None
    numbers = numbering.number(document, words=words)
    references.add_session_targets(numbers, translated)
    references.resolve(document, numbers, diagnostics, words=words)
    document.masthead.version = words.masthead.version
    document.language_version = code
    return document


def _number_parts(parts: list[Document], session: model.Session,
                  diagnostics: Diagnostics, words: language.Language) -> None:
    """Number each draft part from paragraph 1; resolve references across all parts."""
    from reportgen.pipeline import numbering, references

    numbers = numbering.Numbers()
    for part in parts:
        numbering.number(part, numbers, part=part.masthead.symbol, words=words)
    references.add_session_targets(numbers, session)
    for part in parts:
        references.resolve(part, numbers, diagnostics, part=part.masthead.symbol, words=words)


def template_set(path: Path, diagnostics: Diagnostics) -> TemplateSet | None:
    """The session's template folders, or None with the reasons its project's folder is
    refused (a link out of it, a FIFO in it), so that the other sessions are still checked."""
    try:
        return TemplateSet.for_session(path)
    except InputError as exc:
        diagnostics.items.extend(exc.diagnostics)
        return None

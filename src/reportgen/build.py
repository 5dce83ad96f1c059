"""The orchestrator: load and check every session, then render, then write.

Nothing is written until every session has loaded, validated and rendered:
a mistake anywhere leaves every previous output untouched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import checks, compose, drafts, load, model, numbering, references, symbols, validate
from .atomic import write_bytes
from .errors import Diagnostic, Diagnostics, InputError, Location
from .templates import TemplateSet
from .tree import Document
from .writers import docx, pdf, text

FORMATS = ("txt", "docx", "pdf")
SESSION_FILE = "session.yaml"


@dataclass
class Prepared:
    """A session that loaded, validated, composed and numbered cleanly.

    ``documents`` holds the final report first, then the parts of the draft
    report when the session has one.
    """

    path: Path
    documents: list[Document]
    templates: TemplateSet
    numbers: numbering.Numbers
    citations: list[references.Citation] = field(default_factory=list)

    @property
    def document(self) -> Document:
        return self.documents[0]


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    sessions: int = 0


def find_sessions(paths: Iterable[Path]) -> list[Path]:
    """Session files named by the user: files as given, folders searched for session.yaml."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            direct = path / SESSION_FILE
            found += [direct] if direct.is_file() else sorted(path.rglob(SESSION_FILE))
            if not direct.is_file() and not any(path.rglob(SESSION_FILE)):
                raise InputError([Diagnostic(Location(path), f"no {SESSION_FILE} in this "
                                             "folder or below it")])
        else:
            found.append(path)
    return found


def prepare(path: Path, diagnostics: Diagnostics, text: str | None = None) -> Prepared | None:
    """Load, validate, compose and number one session; report problems, never raise.

    ``text`` stands in for the file's content (a session at an earlier git
    revision); ``path`` still names it in messages and finds its templates.
    """
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
    templates = TemplateSet.for_session(path)
    document = compose.compose(session, templates, diagnostics)
    if len(diagnostics.errors) > before:
        return None
    numbers = numbering.number(document)
    drafts.check_chapters(session, document, diagnostics)
    parts = drafts.split(session, document) if len(diagnostics.errors) == before else []
    references.add_session_targets(numbers, session)
    citations = references.resolve(document, numbers, diagnostics)
    _number_parts(parts, session, diagnostics)
    if len(diagnostics.errors) > before:
        return None
    return Prepared(path=path, documents=[document, *parts], templates=templates,
                    numbers=numbers, citations=citations)


def _number_parts(parts: list[Document], session: model.Session,
                  diagnostics: Diagnostics) -> None:
    """Number each draft part from paragraph 1; resolve references across all parts."""
    numbers = numbering.Numbers()
    for part in parts:
        numbering.number(part, numbers, part=part.masthead.symbol)
    references.add_session_targets(numbers, session)
    for part in parts:
        references.resolve(part, numbers, diagnostics, part=part.masthead.symbol)


def check(paths: Sequence[Path]) -> tuple[list[Prepared], Diagnostics]:
    """Everything a build does short of rendering and writing."""
    diagnostics = Diagnostics()
    prepared = [p for p in (prepare(path, diagnostics) for path in find_sessions(paths)) if p]
    return prepared, diagnostics


def render(prepared: Prepared, document: Document, fmt: str,
           diagnostics: Diagnostics) -> bytes:
    """One output of one document, in memory; problems of layout become warnings."""
    if fmt == "txt":
        return text.render_text(document).encode("utf-8")
    if fmt == "docx":
        return docx.render_docx(document, prepared.templates.find("reference-docx"))
    if fmt == "pdf":
        template = prepared.templates.find("report.typ")
        data, warnings = pdf.render_pdf(document, template, [pdf.bundled_font_dir()])
        for warning in warnings:
            diagnostics.warning(Location(template), f"typst: {warning}", "pdf.typst")
        return data
    raise ValueError(f"unknown format {fmt!r}")


def build(paths: Sequence[Path], formats: Sequence[str], out_dir: Path) -> BuildResult:
    """Build every session named by ``paths`` into ``out_dir``.

    Raises InputError with every problem found if any session is invalid;
    in that case, and if any writer fails, nothing is written.
    """
    prepared, diagnostics = check(paths)
    diagnostics.raise_if_errors()
    outputs: list[tuple[Path, bytes]] = []
    for item in prepared:
        for document in item.documents:
            stem = symbols.filename(document.masthead.symbol)
            for fmt in formats:
                data = render(item, document, fmt, diagnostics)
                outputs.append((out_dir / f"{stem}.{fmt}", data))
    for target, data in outputs:
        write_bytes(target, data)
    return BuildResult(written=[t for t, _ in outputs], warnings=diagnostics.warnings,
                       sessions=len(prepared))

"""reportgen compare: the new version of a report with every change from the old one tracked.

Both versions are prepared as a build prepares them (a session file, a folder,
or ``PATH@REV``), one of their documents is compared tree to tree
(``pipeline.revisions``), and the merged document is written as a DOCX whose
differences are Word tracked changes, or as LibreOffice's PDF of it, where the
insertions are underlined and the deletions struck through, in colour.
"""

from __future__ import annotations

import datetime as dt
import getpass
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reportgen import build
from reportgen.errors import Diagnostic, InputError, Location
from reportgen.pipeline import language_files, revisions, symbols
from reportgen.pipeline.tree import Document
from reportgen.tools.numbers import load_version

FORMATS = ("docx", "pdf")


@dataclass
class Comparison:
    """The merged document and the templates of the new version it is written with."""

    document: Document
    new: build.Prepared

    @property
    def changed(self) -> bool:
        return revisions.has_revisions(self.document)


def compare(old_spec: str, new_spec: str, symbol: str | None = None,
            author: str | None = None, date: str | None = None) -> Comparison:
    """Prepare both versions and compare the document ``symbol`` (the final report when
    None) of the old one with the new one's."""
    old, new = load_version(old_spec), load_version(new_spec)
    old_document, new_document = pick(old, old_spec, symbol), pick(new, new_spec, symbol)
    language = language_files.load(new.templates, new_document.masthead.language)
    name = author or default_author()
    authors = revisions.Authors(
        name=name, date=_revision_date(date, new_document),
        renumbering=language.amendments.renumbering_author.format(author=name))
    return Comparison(revisions.compare(old_document, new_document, authors), new)


def pick(prepared: build.Prepared, spec: str, symbol: str | None) -> Document:
    """The document ``symbol`` of a prepared version (its final report when None)."""
    if symbol is None:
        return prepared.document
    for document in prepared.documents:
        if document.masthead.symbol == symbol:
            return document
    known = ", ".join(d.masthead.symbol for d in prepared.documents)
    raise InputError([Diagnostic(Location(prepared.path),
                                 f"{spec} has no document {symbol}; its documents are {known}")])


def default_author() -> str:
    """The name git knows the user by, else the login name."""
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True,
                              check=False, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "reportgen"


def _revision_date(date: str | None, new: Document) -> str:
    """Word's form of the date of the revisions: ``--date``, else the new version's date
    of issue, so that the same two versions always give the same file."""
    return word_date(date if date is not None
                     else new.masthead.issued or dt.date.today().isoformat())


def word_date(text: str) -> str:
    """"2017-09-27" → "2017-09-27T00:00:00Z"; ValueError for what is not such a date."""
    moment = dt.datetime.fromisoformat(text.removesuffix("Z"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def render(comparison: Comparison, fmt: str) -> bytes:
    """The comparison as a DOCX with tracked changes, or LibreOffice's PDF of it."""
    from reportgen.writers import docx

    data = docx.write(comparison.document, comparison.new.templates).data
    if fmt == "docx":
        return data
    from reportgen.writers import libreoffice

    job = libreoffice.Job("comparison", data, comparison.document.masthead.issued)
    return libreoffice.convert([job]).pdfs[0]


def default_output(comparison: Comparison, fmt: str, folder: Path) -> Path:
    """build/CTOC_COP_WG.7_2017_5.changes.docx: beside the report it compares."""
    return folder / f"{symbols.filename(comparison.document.masthead.symbol)}.changes.{fmt}"

"""Which files a build writes: every document of every session, in every format.

Outputs are named after the document symbol, flat in the output folder:
``CTOC/COP/WG.7/2017/5`` gives ``build/CTOC_COP_WG.7_2017_5.pdf``, whichever
session folder it comes from. A symbol identifies one UN document, so the names
are unique in a correct project, and a file can be found from its symbol alone,
as the UN's own systems name them. Two documents that would get the same file
name are an error that names both sessions: one would silently overwrite the
other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen import writers
from reportgen.errors import Diagnostic, InputError, Location
from reportgen.pipeline import symbols
from reportgen.pipeline.templates import TemplateSet
from reportgen.pipeline.tree import Document

if TYPE_CHECKING:
    from reportgen.pipeline.prepare import Prepared


@dataclass(eq=False)
class Output:
    """One file of the build: a document in one format."""

    session: Path
    document: Document
    templates: TemplateSet
    fmt: str
    path: Path  # where it is written
    name: str  # its path relative to the output folder, with "/"
    engine: str = ""  # which of the format's writers (the PDF's engine)

    @property
    def writer(self) -> writers.Writer:
        return writers.writer(self.fmt, self.engine)


@dataclass(eq=False)
class DocumentPlan:
    """The outputs of one document, in the order of the formats asked for."""

    session: Path
    document: Document
    outputs: list[Output] = field(default_factory=list)

    @property
    def symbol(self) -> str:
        return self.document.masthead.symbol


def plan(prepared: Sequence[Prepared], formats: Sequence[str], out_dir: Path,
         pdf_engine: str = "typst") -> list[DocumentPlan]:
    """Every document of every session with its outputs; raises InputError on a clash.

    ``pdf_engine`` chooses between the PDF's writers (``writers.engines("pdf")``)."""
    documents: list[DocumentPlan] = []
    owners: dict[str, DocumentPlan] = {}
    clashes: list[Diagnostic] = []
    for item in prepared:
        for document in item.documents:
            stem = symbols.filename(document.masthead.symbol)
            if document.language_version:  # CTOC_COP_WG.7_2017_5.fr.pdf
                stem += f".{document.language_version}"
            entry = DocumentPlan(item.path, document)
            if stem in owners:
                clashes.append(_clash(entry, owners[stem], stem))
                continue
            owners[stem] = entry
            for fmt in formats:
                entry.outputs.append(Output(
                    session=item.path, document=document, templates=item.templates, fmt=fmt,
                    path=out_dir / f"{stem}.{fmt}", name=f"{stem}.{fmt}",
                    engine=writers.writer(fmt, pdf_engine).engine))
            documents.append(entry)
    if clashes:
        raise InputError(clashes)
    return documents


def _clash(new: DocumentPlan, first: DocumentPlan, stem: str) -> Diagnostic:
    same = new.symbol == first.symbol
    what = "the symbol" if same else f"the file name '{stem}' of the symbol"
    where = symbol_location(first.session, first.symbol)
    return Diagnostic(symbol_location(new.session, new.symbol),
                      f"{what} '{new.symbol}' is also that of a document of {where}; each "
                      "document needs its own symbol (its files are named after it)")


def symbol_location(session: Path, symbol: str) -> Location:
    """Where a document's symbol is typed in its session file (for draft addenda, L.1's)."""
    try:
        lines = session.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return Location(session)
    base = symbol.split("/Add.")[0]
    for wanted in (symbol, base):
        typed = re.compile(rf"\s*symbol:\s*[\"']?({re.escape(wanted)})[\"']?\s*(#.*)?$")
        for number, line in enumerate(lines, start=1):
            found = typed.match(line)
            if found:
                return Location(session, number, found.start(1) + 1)
    return Location(session)

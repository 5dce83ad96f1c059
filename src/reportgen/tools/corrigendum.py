"""reportgen corrigendum: the corrigendum of an issued report, in TXT, DOCX and PDF.

The issued version and the corrected one are compared as ``compare`` does; the
changes become the corrigendum's entries (``pipeline.corrigendum``), under a
first page of its own: the symbol …/Corr.N, the corrigendum's date and job
number, the issued document's distribution, organ and title, and "Corrigendum".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from reportgen import build
from reportgen.errors import Diagnostic, InputError, Location
from reportgen.pipeline import barcodes, corrigendum, language_files, symbols
from reportgen.pipeline.tree import Document, Masthead
from reportgen.tools.compare import pick
from reportgen.tools.numbers import load_version
from reportgen.util.atomic import OutputSet

FORMATS = ("txt", "docx", "pdf")


@dataclass
class Corrigendum:
    """The corrigendum's document and the templates it is written with."""

    document: Document
    new: build.Prepared  # the corrected version, whose templates write the corrigendum
    corrections: int


def make(old_spec: str, new_spec: str, folder: Path, *, number: int | None = None,
         date: dt.date | None = None, job_number: str = "", symbol: str | None = None
         ) -> Corrigendum:
    """The corrigendum of ``old_spec``'s document by ``new_spec``'s, numbered ``number``
    (the next one ``folder`` has not got when None)."""
    old, new = load_version(old_spec), load_version(new_spec)
    issued, corrected = pick(old, old_spec, symbol), pick(new, new_spec, symbol)
    language = language_files.load(new.templates, corrected.masthead.language)
    found = corrigendum.entries(issued, corrected, language.amendments, Location(new.path))
    if not found:
        raise InputError([Diagnostic(Location(new.path), f"nothing to correct: {new_spec} "
                                                         f"reads as {old_spec}")])
    number = number or next_number(issued.masthead.symbol, folder)
    day = date or dt.date.today()
    target = f"{issued.masthead.symbol}/Corr.{number}"
    masthead = _masthead(issued.masthead, target, day, job_number,
                         language.long_date(day), language.amendments.corrigendum)
    return Corrigendum(corrigendum.document(found, masthead), new, len(found))


def _masthead(issued: Masthead, symbol: str, day: dt.date, job_number: str, date: str,
              subtitle: str) -> Masthead:
    return replace(
        issued, symbol=symbol, date=date, issued=day.isoformat(), subtitle=subtitle,
        body_line="", job_number=job_number,
        barcode_digits=barcodes.barcode_digits(job_number) if job_number else "",
        release_stamps=[day.strftime("%d%m%y")], qr_url=barcodes.undocs_url(symbol))


def next_number(symbol: str, folder: Path) -> int:
    """1, or one more than the highest corrigendum of ``symbol`` among ``folder``'s files."""
    stem = re.escape(symbols.filename(symbol))
    pattern = re.compile(rf"{stem}_Corr\.(\d+)\.\w+")
    found = [int(m.group(1)) for p in (folder.iterdir() if folder.is_dir() else [])
             if (m := pattern.fullmatch(p.name))]
    return max(found, default=0) + 1


def write(made: Corrigendum, folder: Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Every format of the corrigendum into ``folder``, as one set."""
    from reportgen import writers

    stem = symbols.filename(made.document.masthead.symbol)
    written = [(folder / f"{stem}.{fmt}",
                writers.writer(fmt).load().write(made.document, made.new.templates).data)
               for fmt in formats]
    with OutputSet() as outputs:
        for path, data in written:
            outputs.add(path, data)
        outputs.commit()
    return [path for path, _ in written]

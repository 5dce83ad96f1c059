"""``reportgen pages X.pdf X.docx``: do the PDF and the Word file break at the same lines?

The DOCX is laid out by LibreOffice (``writers/libreoffice``), the office suite that
opens it here, and both PDFs are read back with poppler's ``pdftotext -bbox`` (in
C: a pure-Python reader took a minute for 70 pages): for each page, the first
line of its text area (under the running header, or under the masthead on page 1,
above the footer). An editor sees at a glance whether "paragraph 14 on page 3" in the
PDF is on page 3 of the Word file too.

Lines are compared without their spaces: the two renderings space words alike, but
a PDF reader may read a tab or a justified gap as one space or none.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from reportgen.errors import ExitCode, ReportError, ToolError
from reportgen.writers import libreoffice

# Where a page's text area lies (un-house-style.md §1.2, §4.3): under the running
# header (the body starts 1 in down) or, on page 1, under the masthead's 1.5 pt rule
# at 2.9 in; above the 0.8 in bottom margin, where the footer is.
INCH = 72.0
TOP, FIRST_PAGE_TOP, BOTTOM = 1.0 * INCH, 2.95 * INCH, 0.8 * INCH
# Words whose boxes end this close (in points) are one line; a box ends this far under
# the baseline (Times New Roman's descent at 10 pt, about).
SAME_LINE, DESCENT = 1.0, 2.2
TIMEOUT = 120
SHOWN = 46  # characters of each beginning in the printed table


class PagesError(ReportError):
    """A file given to ``reportgen pages`` cannot be read as what it should be."""

    exit_code = ExitCode.INVALID_INPUT


@dataclass(frozen=True)
class Comparison:
    """The first line of each page of the two renderings, page by page."""

    pdf: list[str]
    docx: list[str]

    @property
    def pages(self) -> int:
        return max(len(self.pdf), len(self.docx))

    def alike(self, page: int) -> bool:
        """Whether page ``page`` (from 1) begins with the same line in both."""
        if page > min(len(self.pdf), len(self.docx)):
            return False
        return _key(self.pdf[page - 1]) == _key(self.docx[page - 1])

    @property
    def pages_alike(self) -> int:
        return sum(self.alike(page) for page in range(1, self.pages + 1))

    @property
    def same(self) -> bool:
        """Same number of pages, each beginning with the same line."""
        return len(self.pdf) == len(self.docx) and self.pages_alike == self.pages


def _key(line: str) -> str:
    return "".join(line.split())


def page_starts(pdf: bytes) -> list[str]:
    """The first line of the text area of each page of ``pdf`` ("" for a page without)."""
    starts = []
    for number, (height, words) in enumerate(_pages(pdf), start=1):
        top = FIRST_PAGE_TOP if number == 1 else TOP
        inside = [w for w in words if top < w[0] - DESCENT and w[0] < height - BOTTOM]
        first = min((w[0] for w in inside), default=0.0)
        starts.append(" ".join(w[2] for w in sorted(
            (w for w in inside if abs(w[0] - first) < SAME_LINE), key=lambda w: w[1])))
    return starts


Word = tuple[float, float, str]  # the bottom of its box (from the top), its left, its text


def _pages(pdf: bytes) -> list[tuple[float, list[Word]]]:
    """Each page's height and words, as poppler's ``pdftotext -bbox`` reads them."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise ToolError("pdftotext", "poppler's pdftotext was not found; install it "
                                     "(Debian: apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="reportgen-pages-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        command = [tool, "-bbox", "-enc", "UTF-8", str(source), "-"]
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    if done.returncode != 0:
        raise PagesError("not a readable PDF (pdftotext: "
                         f"{done.stderr.decode('utf-8', 'replace').strip()})")
    try:
        root = ElementTree.fromstring(done.stdout)
    except ElementTree.ParseError as exc:
        raise PagesError(f"not a readable PDF ({exc})") from exc
    xhtml = "{http://www.w3.org/1999/xhtml}"
    return [(float(page.get("height", 0)),
             [(float(w.get("yMax", 0)), float(w.get("xMin", 0)), w.text or "")
              for w in page.iter(f"{xhtml}word")])
            for page in root.iter(f"{xhtml}page")]


def compare_files(pdf: Path, docx: Path) -> Comparison:
    """Read ``pdf``, lay ``docx`` out with LibreOffice, and compare where pages begin."""
    ours = _read(pdf, b"%PDF", "a PDF")
    word = _read(docx, b"PK", "a DOCX (a zip file)")
    converted = libreoffice.convert([libreoffice.Job("docx", word)]).pdfs[0]
    return Comparison(page_starts(ours), page_starts(converted))


def _read(path: Path, magic: bytes, what: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PagesError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    if not data.startswith(magic):
        raise PagesError(f"{path}: not {what}; give the PDF first, then the DOCX: "
                         "reportgen pages build/X.pdf build/X.docx")
    return data


def render(comparison: Comparison) -> str:
    """The table of beginnings, page by page, and a summary line."""
    width = SHOWN + 2
    lines = [f"{'page':>4}  {'PDF':<{width}}  DOCX (LibreOffice)"]
    for page in range(1, comparison.pages + 1):
        pdf = _shown(comparison.pdf, page)
        docx = "=" if comparison.alike(page) else _shown(comparison.docx, page)
        mark = " " if comparison.alike(page) else "*"
        lines.append(f"{page:>4}{mark} {pdf:<{width}}  {docx}")
    pdf_pages, docx_pages = len(comparison.pdf), len(comparison.docx)
    verdict = "the same pages" if comparison.same else "pages differ"
    lines.append(f"{verdict}: the PDF has {pdf_pages} pages, the DOCX {docx_pages}; "
                 f"{comparison.pages_alike} of {comparison.pages} begin with the same line")
    return "\n".join(lines) + "\n"


def _shown(starts: list[str], page: int) -> str:
    if page > len(starts):
        return "(no page)"
    text = starts[page - 1] or "(no text)"
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"

"""The contents and the annexes of the Word file, checked on LibreOffice's pages.

The page numbers of the contents are those LibreOffice lays out: here the built DOCX
is rendered by LibreOffice and read with pdfplumber, and every number printed in the
contents is compared with the page on which that heading is printed.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from reportgen import build
from reportgen.pipeline.tree import Document, Heading, Paragraph, plain_text
from shapes import prepared, printed_as_heading
from test_docx_tables import NS, built, part, rendered, w

RANK = {"chapter": 0, "annex": 0, "section": 1}
# "[Original: …]" ends on the right edge of the body text (SingleTxt's right indent).
TEXT_RIGHT_PT = (1200 + 1267) / 20


class Pages:
    """LibreOffice's pages of a DOCX: their text lines and words."""

    def __init__(self, pdf: bytes) -> None:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(pdf)) as document:
            self.width = float(document.pages[0].width)
            self.lines = [(page.extract_text() or "").splitlines() for page in document.pages]
            self.words: list[list[dict[str, Any]]] = [page.extract_words()
                                                      for page in document.pages]

    def flat(self, index: int) -> str:
        return " ".join(self.lines[index])


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Document, Pages]:
    docx, document = built(tmp_path_factory.mktemp("contents"))
    return docx, document, Pages(rendered(docx))


def _title(entry_text: str) -> str:
    return r"\s+".join(re.escape(word) for word in entry_text.split())


def printed_contents(document: Document, pages: Pages) -> list[tuple[str, str]]:
    """Each entry's (paragraph range, page) as the contents prints them, in order."""
    first_text = next(i for i in range(len(pages.lines))
                      if any(line.startswith("I. ") for line in pages.lines[i][:3]))
    text = " ".join(pages.flat(i) for i in range(first_text))
    found, position = [], 0
    for entry in document.contents:
        pattern = (re.escape(entry.label) + r"\s+" + _title(plain_text(entry.text))
                   + r"\.{3,}\s*(?:([0-9–]+)\s+)?([0-9]+)\b")
        match = re.compile(pattern).search(text, position)
        assert match, f"no contents line for {entry.label} {plain_text(entry.text)}"
        found.append((match.group(1) or "", match.group(2)))
        position = match.end()
    return found


def heading_pages(document: Document, pages: Pages, after: int) -> list[str]:
    """The page (from 1) on which each entry's heading is printed, after page ``after``."""
    found, page = [], after
    for entry in document.contents:
        heading = f"{entry.label} {plain_text(entry.text)}"
        # "Annex II" on its own line, "[Original: …]" perhaps under it, the title under them.
        while not printed_as_heading([line for line in pages.lines[page]
                            if not line.startswith("[Original:")], heading):
            page += 1
            assert page < len(pages.lines), f"{heading} is printed on no page"
        found.append(str(page + 1))
    return found


def test_every_page_in_the_contents_is_the_page_of_its_heading(
        report: tuple[Path, Document, Pages]) -> None:
    _, document, pages = report
    printed = printed_contents(document, pages)
    contents_pages = next(i for i in range(len(pages.lines))
                          if any(line.startswith("I. ") for line in pages.lines[i][:3]))
    assert contents_pages >= 1
    assert [page for _, page in printed] == heading_pages(document, pages, contents_pages)
    # The document is long enough for the numbers to mean something.
    assert len({page for _, page in printed}) >= 4


def _numbers(document: Document) -> list[tuple[str, str]]:
    """The first and last paragraph number under each chapter or section heading, up to
    the next heading of the contents of the same or a higher rank."""
    indexes = [entry.heading for entry in document.contents]
    ranges = []
    for position, entry in enumerate(document.contents):
        end = next((other.heading for other in document.contents[position + 1:]
                    if RANK[other.level] <= RANK[entry.level]), len(document.blocks))
        numbers = [b.number.rstrip(".") for b in document.blocks[entry.heading:end]
                   if isinstance(b, Paragraph) and b.number and not b.sequence]
        ranges.append((numbers[0], numbers[-1]) if numbers else ("", ""))
    assert indexes == sorted(indexes)
    return ranges


def test_paragraph_ranges_in_the_contents_are_the_numbering(
        report: tuple[Path, Document, Pages]) -> None:
    _, document, pages = report
    printed = printed_contents(document, pages)
    for entry, (span, _), (first, last) in zip(document.contents, printed, _numbers(document),
                                              strict=True):
        if entry.level == "annex":
            assert span == ""  # annex paragraphs are numbered within the annex
            continue
        assert span == (first if first == last else f"{first}–{last}"), entry.label
    assert sum(1 for span, _ in printed if "–" in span) >= 3  # ranges, not single numbers


def test_contents_is_a_toc_field_over_bookmarks_on_the_headings(
        report: tuple[Path, Document, Pages]) -> None:
    docx, document, _ = report
    body = part(docx, "word/document.xml")
    instructions = [t.text or "" for t in body.iter(w("instrText"))]
    assert sum(1 for i in instructions if i.strip().startswith("TOC ")) == 1
    targets = [i.split()[1] for i in instructions if i.strip().startswith("PAGEREF ")]
    assert len(targets) == len(document.contents)
    styles_of = {}
    for paragraph in body.iter(w("p")):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        for mark in paragraph.iter(w("bookmarkStart")):
            styles_of[mark.get(w("name"))] = style.get(w("val")) if style is not None else ""
    expected = {"chapter": "HCh", "section": "H1", "annex": "HChAnnex"}
    assert [styles_of.get(t) for t in targets] == [expected[e.level] for e in document.contents]
    # Each line links to its heading; the dot leader runs to the paragraph range.
    links = [h.get(w("anchor")) for h in body.iter(w("hyperlink"))]
    assert links == targets
    leaders = [t for t in body.iter(w("tab")) if t.get(w("leader")) == "dot"]
    assert len(leaders) == len(document.contents)


def test_contents_heads_and_title(report: tuple[Path, Document, Pages]) -> None:
    _, document, pages = report
    first = pages.lines[0]
    title = first.index("Contents")
    assert first[title + 1] == "Paragraphs Page"
    opening = " ".join(document.masthead.title.split()[:3])
    assert next(i for i, line in enumerate(first) if line.startswith(opening)) < title
    # The body starts on a new page after the contents.
    start = next(i for i, lines in enumerate(pages.lines)
                 if any(line.startswith("I. ") for line in lines[:3]))
    assert not any("Contents" in line for line in pages.lines[start])


def test_each_annex_starts_a_page_with_its_label_title_and_original(
        report: tuple[Path, Document, Pages]) -> None:
    _, document, pages = report
    annexes = [b for b in document.blocks if isinstance(b, Heading) and b.level == "annex"]
    assert [a.label for a in annexes] == ["Annex I", "Annex II", "Annex III"]
    seen = []
    for annex in annexes:
        page = next(i for i, lines in enumerate(pages.lines) if annex.label in lines)
        lines = pages.lines[page]
        # The running header (the symbol) and then the label, first on its page.
        assert lines[0] == document.masthead.symbol and lines[1] == annex.label
        rest = lines[2:5]
        if annex.original:
            assert rest[0] == annex.original == "[Original: French]"
            right = max(word["x1"] for word in pages.words[page] if word["text"] == "French]")
            assert right == pytest.approx(pages.width - TEXT_RIGHT_PT, abs=2)
            rest = rest[1:]
        assert rest[0] == plain_text(annex.text)
        seen.append(page)
    assert seen == sorted(set(seen)) and len(seen) == 3


def test_without_contents_no_field_no_bookmarks(tmp_path: Path) -> None:
    docx, document = built(tmp_path, contents="none")
    assert document.contents_columns == "none"
    with zipfile.ZipFile(docx) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "PAGEREF" not in xml and " TOC " not in xml and "_Toc" not in xml
    assert 'w:val="ContentsTitle"' not in xml
    # The annexes still start their pages.
    assert xml.count('<w:pStyle w:val="HChAnnex"') == 3


def test_the_review_groups_contents_give_the_pages_of_its_headings(tmp_path: Path) -> None:
    """The example session with a contents (pages only), rendered by LibreOffice."""
    session = ROOT / "meetings" / "cac-cosp-irg-2015" / "session.yaml"
    build.build([session], ["docx"], tmp_path)
    document = prepared(session)[0]
    pages = Pages(rendered(tmp_path / "CAC_COSP_IRG_2015_5.docx"))
    contents_pages = next(i for i in range(len(pages.lines))
                          if any(line.startswith("I. ") for line in pages.lines[i][:3]))
    printed = printed_contents(document, pages)
    assert [page for _, page in printed] == heading_pages(document, pages, contents_pages)

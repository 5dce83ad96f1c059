"""The table of contents in the PDF (typst), read back with positions (pdfplumber).

The session of test_pdf_tables (its 70-row table pushes the later chapters onto later
pages), with a contents of both columns, of pages only and of none. Each contents line
is read from the page: its label and title, the paragraph range and the page number in
their right-aligned columns; each is compared with what the body of the same PDF
prints: the page that heading is on, and the numbers of the paragraphs under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from conftest import ROOT
from reportgen import build
from reportgen.pipeline.tree import ContentsEntry, Document, Heading, plain_text
from shapes import prepared, printed_as_heading
from test_pdf_tables import AXIS, MARGIN, PAGE_WIDTH, SESSION, TOL, build_session

RIGHT = PAGE_WIDTH - MARGIN  # where the page numbers end
PARAGRAPHS_RIGHT = RIGHT - 533 / 20  # where the paragraph ranges end (a 533 tw page column)
LABEL_END = MARGIN + 1080 / 20  # a chapter's or annex's label ends here
SECTION_LABEL = MARGIN + 1296 / 20  # a section's label starts here
DASH = "\u2013"


@dataclass
class Line:
    """One contents line as printed."""

    label: str
    title: str
    paragraphs: str
    page: str
    words: list[dict[str, Any]]


def _build(tmp_path_factory: pytest.TempPathFactory, columns: str) -> Any:
    assert "contents: paragraphs-and-pages" in SESSION
    text = SESSION.replace("contents: paragraphs-and-pages", f"contents: {columns}")
    return build_session(text, tmp_path_factory.mktemp(f"contents-{columns}"))


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path, document = _build(tmp_path_factory, "paragraphs-and-pages")
    with pdfplumber.open(path) as pdf:
        yield pdf, document


@pytest.fixture(scope="module")
def pages_only(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path, document = _build(tmp_path_factory, "pages")
    with pdfplumber.open(path) as pdf:
        yield pdf, document


def _words(page: Any) -> list[dict[str, Any]]:
    return page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)


def _rows(page: Any) -> list[list[dict[str, Any]]]:
    """The page's words by line, top to bottom, each line left to right."""
    rows: dict[int, list[dict[str, Any]]] = {}
    for w in _words(page):
        rows.setdefault(round(w["bottom"]), []).append(w)
    return [sorted(ws, key=lambda w: w["x0"]) for _, ws in sorted(rows.items())]


def _text(words: list[dict[str, Any]]) -> str:
    return " ".join(w["text"] for w in words)


def _first_body_page(pdf: Any, document: Document) -> int:
    """The page of the first chapter heading (the contents is on the pages before it)."""
    first = next(b for b in document.blocks if isinstance(b, Heading))
    wanted = f"{first.label} {plain_text(first.text)}"
    for i, page in enumerate(pdf.pages):
        if any(_text(row) == wanted and row[0]["size"] == pytest.approx(14, abs=0.05)
               for row in _rows(page)):
            return i
    raise AssertionError(f"no page has the heading {wanted!r}")


def _contents_lines(pdf: Any, document: Document) -> list[Line]:
    """The entries of the contents, from the line under the column heads to the end.

    A line that ends in a page number closes an entry; lines before it without one are
    the entry's first lines (a title that wraps).
    """
    lines: list[Line] = []
    pending: list[dict[str, Any]] = []
    started = False
    for page in pdf.pages[:_first_body_page(pdf, document)]:
        for row in _rows(page):
            if not started:
                started = row[-1]["text"] == document.masthead.contents_page
                continue
            if row[0]["top"] < 72:  # the running header
                continue
            row = [w for w in row if set(w["text"]) != {"."}]  # the dot leaders
            numbers = [w for w in row if abs(w["x1"] - RIGHT) < TOL]
            columns = [w for w in row if abs(w["x1"] - PARAGRAPHS_RIGHT) < TOL]
            words = pending + [w for w in row if w not in numbers + columns]
            if not numbers:
                pending = words
                continue
            pending = []
            label = words[0]["text"] if words[0]["text"] != "Annex" else _text(words[:2])
            lines.append(Line(label=label, title=_text(words[len(label.split()):]),
                              paragraphs=_text(columns), page=numbers[0]["text"], words=words))
    return lines


def _heading_pages(pdf: Any, document: Document, first_body: int) -> dict[int, int]:
    """For each entry's heading (its index in blocks), the page the body prints it on."""
    found: dict[int, int] = {}
    for entry in document.contents:
        heading = document.blocks[entry.heading]
        assert isinstance(heading, Heading)
        title = plain_text(heading.text)
        # An annex's label stands over its title; a chapter's or section's on its line.
        wanted = [heading.label, title] if heading.level == "annex" else [
            f"{heading.label} {title}"]
        pages = []
        for i in range(first_body, len(pdf.pages)):
            texts = [_text(row) for row in _rows(pdf.pages[i])
                     if not _text(row).startswith("[Original:")]
            if printed_as_heading(texts, " ".join(wanted)):
                pages.append(i + 1)
        assert len(pages) == 1, f"{wanted}: printed on pages {pages}"
        found[entry.heading] = pages[0]
    return found


def _printed_numbers(pdf: Any, first_body: int) -> list[tuple[int, float, str]]:
    """Every paragraph number in the body: (page, top, number), in reading order."""
    out = []
    for i in range(first_body, len(pdf.pages)):
        for w in _words(pdf.pages[i]):
            if re.fullmatch(r"\d+\.", w["text"]) and abs(w["x0"] - AXIS) < TOL \
                    and w["size"] == pytest.approx(10, abs=0.05):
                out.append((i + 1, w["top"], w["text"].rstrip(".")))
    return out


def _heading_position(pdf: Any, page: int, entry: ContentsEntry, document: Document) -> float:
    heading = document.blocks[entry.heading]
    assert isinstance(heading, Heading)
    return min(w["top"] for w in _words(pdf.pages[page - 1]) if w["text"] == heading.label
               .split()[0] and w["size"] > 10.5)


def test_one_line_per_entry_with_its_label_and_title_in_order(both: Any) -> None:
    pdf, document = both
    lines = _contents_lines(pdf, document)
    expected = [(e.label, plain_text(e.text)) for e in document.contents]
    assert [e.level for e in document.contents].count("annex") == 3
    assert "section" in [e.level for e in document.contents]
    assert [(line.label, line.title) for line in lines] == expected


def test_every_page_number_is_the_page_its_heading_is_printed_on(both: Any) -> None:
    pdf, document = both
    lines = _contents_lines(pdf, document)
    first_body = _first_body_page(pdf, document)
    printed = _heading_pages(pdf, document, first_body)
    pages = [str(printed[entry.heading]) for entry in document.contents]
    assert [line.page for line in lines] == pages
    # The long table puts the headings on several pages: the numbers are not all one.
    assert len(set(pages)) >= 3
    # The body starts on the page after the contents.
    assert first_body >= 1 and int(pages[0]) == first_body + 1


def test_paragraph_ranges_are_the_numbers_printed_under_each_heading(both: Any) -> None:
    pdf, document = both
    lines = _contents_lines(pdf, document)
    first_body = _first_body_page(pdf, document)
    pages = _heading_pages(pdf, document, first_body)
    numbers = _printed_numbers(pdf, first_body)
    # Where each entry's heading stands in the body: (page, top).
    starts = [(pages[e.heading], _heading_position(pdf, pages[e.heading], e, document))
              for e in document.contents]
    checked = 0
    for k, (entry, line) in enumerate(zip(document.contents, lines, strict=True)):
        if entry.level == "annex":
            assert line.paragraphs == "", "an annex has no paragraph range"
            continue
        # The entry runs to the next heading of its level or above.
        end = next((starts[j] for j in range(k + 1, len(starts))
                    if document.contents[j].level != "section" or entry.level == "section"),
                   (len(pdf.pages) + 1, 0.0))
        under = [n for page, top, n in numbers if starts[k] < (page, top) < end]
        assert under, f"{entry.label}: no paragraph printed under it"
        span = under[0] if len(under) == 1 else f"{under[0]}{DASH}{under[-1]}"
        assert line.paragraphs == span, entry.label
        assert (entry.first, entry.last or entry.first) == (under[0], under[-1])
        checked += 1
    assert checked >= 6


def test_contents_heads_labels_and_leaders_as_the_un_sets_them(both: Any) -> None:
    pdf, document = both
    page = pdf.pages[0]
    words = _words(page)
    title = next(w for w in words if w["text"] == document.masthead.contents_title)
    assert title["size"] == pytest.approx(14, abs=0.05) and "Bold" not in title["fontname"]
    assert abs(title["x0"] - MARGIN) < TOL
    heads = [w for w in words if w["text"] in (document.masthead.contents_paragraphs,
                                                 document.masthead.contents_page)
             and w["size"] == pytest.approx(7, abs=0.05)]
    assert [w["text"] for w in heads] == ["Paragraphs", "Page"]
    assert all("Italic" in w["fontname"] for w in heads)
    assert abs(heads[0]["x1"] - PARAGRAPHS_RIGHT) < TOL and abs(heads[1]["x1"] - RIGHT) < TOL
    lines = _contents_lines(pdf, document)
    for entry, line in zip(document.contents, lines, strict=True):
        label = line.words[0]
        if entry.level == "section":
            assert abs(label["x0"] - SECTION_LABEL) < TOL, entry.label
        else:
            assert abs(line.words[len(entry.label.split()) - 1]["x1"] - LABEL_END) < TOL
    # A dot leader (8.5 pt dots) on every entry's line, all ending at one place.
    ends = []
    for line in lines:
        bottom = line.words[-1]["bottom"]
        dots = [c for c in page.chars if c["text"] == "." and abs(c["bottom"] - bottom) < 2
                and c["size"] == pytest.approx(8.5, abs=0.05)]
        assert len(dots) > 5, line.label
        ends.append(max(c["x1"] for c in dots))
    assert max(ends) - min(ends) < 0.5
    assert max(ends) < PARAGRAPHS_RIGHT - 30  # clear of the paragraph ranges


def test_pages_only_has_one_column_and_the_same_pages(pages_only: Any) -> None:
    pdf, document = pages_only
    assert document.contents_columns == "pages"
    words = _words(pdf.pages[0])
    assert document.masthead.contents_paragraphs not in [w["text"] for w in words]
    lines = _contents_lines(pdf, document)
    assert all(line.paragraphs == "" for line in lines)
    # No number stands in a paragraphs column: every figure is a page at the right.
    assert not [w for w in words if abs(w["x1"] - PARAGRAPHS_RIGHT) < TOL
                and w["text"][0].isdigit()]
    printed = _heading_pages(pdf, document, _first_body_page(pdf, document))
    assert [line.page for line in lines] == [str(printed[e.heading]) for e in document.contents]


def test_no_contents_when_the_session_asks_for_none(tmp_path: Path) -> None:
    text = SESSION.replace("  contents: paragraphs-and-pages\n", "")
    path, document = build_session(text, tmp_path)
    assert document.contents_columns == "none"
    with pdfplumber.open(path) as pdf:
        first = [w["text"] for w in _words(pdf.pages[0])]
        assert "Contents" not in first
        # The body follows the title on the first page, as before.
        assert "Thematic" in first


@pytest.mark.parametrize("rows", [47, 58, 66])
def test_page_numbers_hold_wherever_the_page_breaks_fall(
        rows: int, tmp_path: Path) -> None:
    """A shorter table moves every later heading up the pages, across other page
    breaks: the contents follows them wherever they land."""
    kept = [line for line in SESSION.splitlines()
            if not (line.startswith("          - [State ") and int(line[19:21]) > rows)]
    path, document = build_session("\n".join(kept) + "\n", tmp_path)
    with pdfplumber.open(path) as pdf:
        lines = _contents_lines(pdf, document)
        printed = _heading_pages(pdf, document, _first_body_page(pdf, document))
        assert [line.page for line in lines] == [str(printed[e.heading])
                                                 for e in document.contents]


def test_body_heading_labels_end_at_the_tab(both: Any) -> None:
    """A chapter's "I." and a section's "A." end at the 1022 tw tab, their full stop
    not hung past it."""
    pdf, document = both
    first_body = _first_body_page(pdf, document)
    pages = _heading_pages(pdf, document, first_body)
    for entry in document.contents:
        if entry.level == "annex":
            continue
        page = pdf.pages[pages[entry.heading] - 1]
        label = [w for w in _words(page) if w["text"] == entry.label and w["size"] > 10.5]
        assert label and abs(label[0]["x1"] - (MARGIN + 1022 / 20)) < 0.3, entry.label


def test_the_review_groups_contents_give_the_pages_of_its_headings(tmp_path: Path) -> None:
    """The example session with a contents (pages only), as CI publishes it."""
    session = ROOT / "meetings" / "cac-cosp-irg-2015" / "session.yaml"
    build.build([session], ["pdf"], tmp_path)
    document = prepared(session)[0]
    with pdfplumber.open(tmp_path / "CAC_COSP_IRG_2015_5.pdf") as pdf:
        lines = _contents_lines(pdf, document)
        printed = _heading_pages(pdf, document, _first_body_page(pdf, document))
    assert [line.page for line in lines] == [str(printed[e.heading]) for e in document.contents]
    assert [line.label for line in lines][-2:] == ["Annex I", "Annex II"]

"""Tables and annexes in the PDF (typst), read back with positions (pdfplumber).

A session with a 70-row table in the body (it runs over two pages) and three annexes:
the list of documents, a table in French ("[Original: French]") and free text. The
rules are the DGACM template's (measured in A/80/6, income section 1): 0.5 pt over
the header, 1.5 pt under it, 0.5 pt under the last row, none upright. Coordinates
are pdfplumber's: points from the top-left corner of an A4 page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from commission import HEAD, PAIRS_ANNEX, TAIL
from reportgen import build
from reportgen.pipeline.tree import Heading, Table, plain_text

STEM = "E_CN.15_2019_12"
MARGIN = 60.0  # left and right margins: 1200 tw
PAGE_WIDTH = 595.28
COLUMN = PAGE_WIDTH - 2 * MARGIN  # the text column, which a table spans
AXIS = MARGIN + 1267 / 20
TOL = 1.0
ROWS = 70

_TABLE_ROWS = "\n".join(
    f'          - [State {i:02d}, "{i * 37 % 1000},{i:03d}", Review {i} of the cycle]'
    for i in range(1, ROWS + 1))

SESSION = HEAD + f"""\
deliberations:
  - item: thematic
    meetings: [2, 3]
    dates: [2019-05-20, 2019-05-21]
    paragraphs:
      - Speakers welcomed the reviews.
      - text: The States reviewed in the first cycle are listed in [[table:reviewed]].
        table:
          id: reviewed
          title: States reviewed in the first cycle
          header: [State, Amount, Remark]
          widths: [2, 1, 3]
          align: [left, right, left]
          rows:
{_TABLE_ROWS}
          source: Secretariat records of the first cycle.
    sections:
      - title: Deliberations
        paragraphs: [Speakers spoke of the reviews.]
""" + TAIL + PAIRS_ANNEX + """\
      header: [State under review, Reviewing States]
      widths: [1, 2]
      rows:
        - [Albania, "Andorra, Egypt"]
        - [Mexico, "Czechia, Pakistan"]
      source: Drawing of lots held at the 4th meeting.
  - kind: text
    title: Chair's summary
    paragraphs:
      - The Chair summarized the debate, see [[table:pairs]].
      - Second point.
"""


def build_session(text: str, folder: Path) -> tuple[Path, Any]:
    """The session's PDF (built as ``reportgen build`` does) and its numbered tree."""
    folder.mkdir(parents=True, exist_ok=True)
    session = folder / "session.yaml"
    session.write_text(text, encoding="utf-8")
    result = build.build([session], ["pdf"], folder / "out")
    assert not [w for w in result.warnings if "font" in str(w)]
    prepared, _ = build.check([session])
    return folder / "out" / f"{STEM}.pdf", prepared[0].document


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path, document = build_session(SESSION, tmp_path_factory.mktemp("tables"))
    with pdfplumber.open(path) as pdf:
        yield pdf, document


def _words(page: Any) -> list[dict[str, Any]]:
    return page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)


def _lines(page: Any) -> dict[float, str]:
    """The page's text by line: top (rounded) -> the words in reading order."""
    out: dict[float, list[dict[str, Any]]] = {}
    for w in _words(page):
        out.setdefault(round(w["top"]), []).append(w)
    return {top: " ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"]))
            for top, ws in sorted(out.items())}


def _rules(page: Any) -> list[dict[str, Any]]:
    """The horizontal rules as wide as the text column (the table's), top to bottom."""
    return sorted((line for line in page.lines
                   if abs(line["top"] - line["bottom"]) < 0.01
                   and abs(line["x0"] - MARGIN) < TOL
                   and abs(line["x1"] - (PAGE_WIDTH - MARGIN)) < TOL),
                  key=lambda line: line["top"])


def _table_pages(pdf: Any) -> list[int]:
    """The pages with rows of the long table ("State 01" … "State 70")."""
    return [i for i, page in enumerate(pdf.pages)
            if any(w["text"] == "State" and w["size"] == pytest.approx(8.5, abs=0.05)
                   for w in _words(page))]


def _body_table(document: Any) -> Table:
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert [plain_text(t.title) for t in tables][:1] == ["States reviewed in the first cycle"]
    return tables[0]


def test_the_cells_are_printed_row_by_row_in_their_order_across_pages(built: Any) -> None:
    pdf, document = built
    table = _body_table(document)
    expected = [" ".join(plain_text(cell) for cell in row) for row in table.rows]
    assert expected[0] == "State 01 37,001 Review 1 of the cycle"
    printed = [line for i in _table_pages(pdf) for line in _lines(pdf.pages[i]).values()
               if line.startswith("State ") and line[6:8].isdigit()]
    assert printed == expected
    assert len(_table_pages(pdf)) >= 2, "the long table should run onto a second page"


def test_the_header_row_is_repeated_at_the_top_of_every_page_of_the_table(built: Any) -> None:
    pdf, _ = built
    pages = _table_pages(pdf)
    for i in pages:
        page = pdf.pages[i]
        header = [w for w in _words(page) if w["text"] in ("State", "Amount", "Remark")
                  and w["size"] == pytest.approx(7, abs=0.05)]
        assert [w["text"] for w in sorted(header, key=lambda w: w["x0"])] == \
            ["State", "Amount", "Remark"], f"page {i + 1}"
        assert all("Italic" in w["fontname"] for w in header)
        first_row = min(w["top"] for w in _words(page) if w["text"] == "State"
                        and w["size"] == pytest.approx(8.5, abs=0.05))
        rules = _rules(page)
        # The header sits between the 0.5 pt rule over it and the 1.5 pt rule under it,
        # both above the first body row of that page.
        over, under = rules[0], rules[1]
        assert over["linewidth"] == pytest.approx(0.5) and under["linewidth"] == pytest.approx(1.5)
        assert over["top"] < header[0]["top"] < under["top"] < first_row


def test_rules_over_and_under_the_header_and_at_the_end_and_none_upright(built: Any) -> None:
    pdf, _ = built
    pages = _table_pages(pdf)
    first, last = pdf.pages[pages[0]], pdf.pages[pages[-1]]
    # The first page of the table ends without a rule: the closing one is under the
    # last row only (as Word draws its cells' bottom border).
    assert [r["linewidth"] for r in _rules(first)] == pytest.approx([0.5, 1.5])
    assert [r["linewidth"] for r in _rules(last)] == pytest.approx([0.5, 1.5, 0.5])
    closing = _rules(last)[-1]["top"]
    last_row = [w for w in _words(last) if w["text"] == "70"]
    assert last_row and 0 < closing - last_row[0]["bottom"] < 8
    source = [w for w in _words(last) if w["text"] == "Secretariat"]
    assert source and source[0]["top"] > closing
    assert source[0]["size"] == pytest.approx(8.5, abs=0.05)
    assert abs(source[0]["x0"] - MARGIN) < TOL
    for number, page in enumerate(pdf.pages, 1):
        upright = [s for s in page.lines + page.rects
                   if s["x1"] - s["x0"] < 1 and s["bottom"] - s["top"] > 1]
        assert not upright, f"page {number} has a vertical rule"


def test_columns_take_their_share_of_the_text_width_and_their_alignment(built: Any) -> None:
    pdf, document = built
    table = _body_table(document)
    assert table.align == ["left", "right", "left"]
    starts = [MARGIN]
    for share in table.widths:
        starts.append(starts[-1] + share * COLUMN)
    page = pdf.pages[_table_pages(pdf)[0]]
    words = _words(page)
    row = sorted((w for w in words if abs(w["top"] - next(
        v["top"] for v in words if v["text"] == "01")) < 1), key=lambda w: w["x0"])
    assert [w["text"] for w in row] == ["State", "01", "37,001", "Review", "1", "of", "the",
                                        "cycle"]
    # First column flush left; the others start 144 tw (7.2 pt) into their column and
    # end 40 tw (2 pt) before its right edge.
    assert abs(row[0]["x0"] - starts[0]) < TOL
    assert abs(row[2]["x1"] - (starts[2] - 2)) < TOL
    assert abs(row[3]["x0"] - (starts[2] + 7.2)) < TOL
    amounts = [w for w in words if w["text"].endswith((",001", ",002", ",010"))]
    assert len({round(w["x1"], 1) for w in amounts}) == 1, "a right-aligned column"
    assert len({round(w["x0"], 1) for w in amounts}) > 1


def test_the_label_and_title_stand_over_the_table(built: Any) -> None:
    pdf, _ = built
    page = pdf.pages[_table_pages(pdf)[0]]
    lines = _lines(page)
    tops = list(lines)
    label = next(top for top, text in lines.items() if text == "Table 1")
    assert lines[tops[tops.index(label) + 1]] == "States reviewed in the first cycle"
    words = {w["text"]: w for w in _words(page)}
    assert words["Table"]["size"] == pytest.approx(10, abs=0.05)
    assert "Bold" not in words["Table"]["fontname"]
    assert "Bold" in words["reviewed"]["fontname"]
    assert abs(words["Table"]["x0"] - MARGIN) < TOL
    assert label < _rules(page)[0]["top"]


def _annex_pages(pdf: Any, document: Any) -> list[tuple[str, int]]:
    labels = [b.label for b in document.blocks if isinstance(b, Heading) and b.level == "annex"]
    assert labels == ["Annex I", "Annex II", "Annex III"]
    found = []
    for label in labels:
        pages = [i for i, page in enumerate(pdf.pages)
                 if label in [text for text in _lines(page).values()]]
        assert len(pages) == 1, f"{label}: {pages}"
        found.append((label, pages[0]))
    return found


def test_each_annex_starts_a_page_with_its_label_then_its_title(built: Any) -> None:
    pdf, document = built
    titles = {b.label: plain_text(b.text) for b in document.blocks
              if isinstance(b, Heading) and b.level == "annex"}
    annexes = _annex_pages(pdf, document)
    assert [page for _, page in annexes] == sorted({page for _, page in annexes})
    for label, page in annexes:
        lines = list(_lines(pdf.pages[page]).values())
        # The running header (the symbol) first, then the label ("[Original: …]" under it,
        # when the annex has one) and the title.
        lines = [line for line in lines if not line.startswith("[Original:")]
        assert lines[:3] == ["E/CN.15/2019/12", label, titles[label]], label
        word = next(w for w in _words(pdf.pages[page]) if w["text"] == "Annex")
        assert word["size"] == pytest.approx(14, abs=0.05) and "Bold" in word["fontname"]
        assert abs(word["x0"] - AXIS) < TOL
    # The page before each annex ends with other text: the annex did not just fall there.
    first_annex = annexes[0][1]
    before = list(_lines(pdf.pages[first_annex - 1]).values())
    assert "Annex I" not in before and len(before) > 2


def test_original_language_under_the_annex_label_at_the_right(built: Any) -> None:
    pdf, document = built
    pages = dict(_annex_pages(pdf, document))
    page = pdf.pages[pages["Annex II"]]
    lines = _lines(page)
    tops = list(lines)
    label = next(top for top, text in lines.items() if text == "Annex II")
    # Under the label, above the title (un-house-style.md §1.1, as the DOCX has it).
    assert [lines[top] for top in tops[tops.index(label):tops.index(label) + 3]] == [
        "Annex II", "[Original: French]", "States drawn for the reviews"]
    closing = max(w["x1"] for w in _words(page) if w["text"] == "French]")
    assert abs(closing - (PAGE_WIDTH - AXIS)) < TOL
    word = next(w for w in _words(page) if w["text"] == "[Original:")
    assert word["size"] == pytest.approx(10, abs=0.05) and "Bold" not in word["fontname"]
    # The other annexes are in the report's language: no such line.
    for label in ("Annex I", "Annex III"):
        assert not [t for t in _lines(pdf.pages[pages[label]]).values() if "[Original" in t]

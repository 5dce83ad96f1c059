"""Tables in the Word file: the UN table style, widths, alignment, header repeated.

The style was measured in the real table of A/80/6 (Income sect. 1)
(shared/reference/A_80_6_INCOMESECT.1.docx): no vertical rules, a 0.5 pt rule (sz 4)
above the header row and a 1.5 pt rule (sz 12) under it and at the end of the table,
header in 7 pt italic, body in 8.5 pt, no cell margins.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from commission import HEAD, PAIRS_ANNEX, TAIL, with_contents
from conftest import require_tool
from reportgen import build
from reportgen.pipeline.tree import Document, Table, plain_text
from reportgen.writers import libreoffice

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
A4_TEXT_WIDTH = 11906 - 2 * 1200
LONG_ROWS = 70  # rows enough for the table of annex II to run onto a second page

SESSION = HEAD + """\
deliberations:
  - item: thematic
    meetings: [2, 3]
    dates: [2019-05-20, 2019-05-21]
    paragraphs: [The Commission heard statements., Several speakers spoke.]
    sections:
      - title: Deliberations
        paragraphs: [Speakers spoke., Others replied.]
      - title: Conclusions
        paragraphs: [The Commission concluded.]
""" + TAIL + PAIRS_ANNEX + """\
      header: [State under review, Reviewing States, Year]
      widths: [1, 2, 1]
      align: [left, left, right]
      rows:
{rows}
      source: Drawing of lots held at the 4th meeting.
  - kind: text
    title: Chair's summary
    paragraphs: [The Chair summarized the debate., Second point.]
"""


def session_text(contents: str = "paragraphs-and-pages") -> str:
    rows = "\n".join(f'        - ["State {n:02d}", "Reviewer {n:02d}a, Reviewer {n:02d}b", '
                     f'"{2010 + n % 10}"]' for n in range(1, LONG_ROWS + 1))
    return with_contents(SESSION.replace("{rows}", rows), contents)


def built(folder: Path, contents: str = "paragraphs-and-pages") -> tuple[Path, Document]:
    """The session written in ``folder`` and built into a DOCX; the path and its tree."""
    session = folder / "session.yaml"
    session.write_text(session_text(contents), encoding="utf-8")
    build.build([session], ["docx"], folder / "out")
    prepared, _ = build.check([session])
    return folder / "out" / "E_CN.15_2019_12.docx", prepared[0].document


def rendered(docx: Path) -> bytes:
    """The DOCX as LibreOffice lays it out, as PDF."""
    require_tool("soffice")
    job = libreoffice.Job("rendered", docx.read_bytes())
    return libreoffice.convert([job]).pdfs[0]


def part(docx: Path, name: str) -> ET.Element:
    with zipfile.ZipFile(docx) as archive:
        return ET.fromstring(archive.read(name))


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def cell_text(cell: ET.Element) -> str:
    return "".join(t.text or "" for t in cell.iter(w("t")))


@pytest.fixture(scope="module")
def long_table(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Document]:
    return built(tmp_path_factory.mktemp("tables"), contents="none")


def un_tables(docx: Path) -> list[ET.Element]:
    body = part(docx, "word/document.xml")
    return [t for t in body.iter(w("tbl"))
            if t.find("w:tblPr/w:tblStyle[@w:val='UNTable']", NS) is not None]


def the_table(document: Document) -> Table:
    return next(b for b in document.blocks if isinstance(b, Table) and b.id == "pairs")


def test_cells_carry_the_text_of_the_table_in_order(long_table: tuple[Path, Document]) -> None:
    docx, document = long_table
    table = the_table(document)
    expected = [[plain_text(cell) for cell in row] for row in [table.header, *table.rows]]
    found = [[cell_text(cell) for cell in row.findall("w:tc", NS)]
             for row in un_tables(docx)[1].findall("w:tr", NS)]
    assert found == expected
    assert found[1] == ["State 01", "Reviewer 01a, Reviewer 01b", "2011"]
    assert len(found) == LONG_ROWS + 1


def test_the_un_table_style_draws_rules_above_under_the_header_and_at_the_end(
        long_table: tuple[Path, Document]) -> None:
    docx, _ = long_table
    styles = part(docx, "word/styles.xml")
    style = styles.find("w:style[@w:styleId='UNTable']", NS)
    assert style is not None and style.get(w("type")) == "table"
    assert style.find("w:name", NS).get(w("val")) == "UN Table"  # type: ignore[union-attr]
    borders = {b.tag.split("}")[1]: (b.get(w("val")), b.get(w("sz")))
               for b in style.find("w:tblPr/w:tblBorders", NS)}  # type: ignore[union-attr]
    assert borders == {"top": ("single", "4"), "bottom": ("single", "12"), "left": ("nil", None),
                       "right": ("nil", None), "insideH": ("nil", None),
                       "insideV": ("nil", None)}
    header = style.find("w:tblStylePr[@w:type='firstRow']/w:tcPr/w:tcBorders", NS)
    assert header is not None
    assert [(b.tag.split("}")[1], b.get(w("sz"))) for b in header] == [("top", "4"),
                                                                      ("bottom", "12")]
    margins = style.find("w:tblPr/w:tblCellMar", NS)
    assert {m.tag.split("}")[1]: m.get(w("w")) for m in margins} == {  # type: ignore[union-attr]
        "top": "0", "left": "0", "bottom": "0", "right": "0"}
    # The type sizes of the cells, in half-points: 7 pt italic header, 8.5 pt body.
    head = styles.find("w:style[@w:styleId='TableHead']/w:rPr", NS)
    text = styles.find("w:style[@w:styleId='TableText']/w:rPr", NS)
    assert head is not None and text is not None
    assert head.find("w:sz", NS).get(w("val")) == "14"  # type: ignore[union-attr]
    assert head.find("w:i", NS) is not None
    assert text.find("w:sz", NS).get(w("val")) == "17"  # type: ignore[union-attr]


def test_every_table_is_in_the_un_style_with_its_header_row_marked(
        long_table: tuple[Path, Document]) -> None:
    docx, document = long_table
    tables = un_tables(docx)
    assert len(tables) == sum(isinstance(b, Table) for b in document.blocks) == 2
    for table in tables:
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])


def test_column_widths_are_shares_of_the_text_width_and_columns_keep_their_alignment(
        long_table: tuple[Path, Document]) -> None:
    docx, _ = long_table
    table = un_tables(docx)[1]
    grid = [int(c.get(w("w"), "0")) for c in table.iter(w("gridCol"))]
    assert sum(grid) == A4_TEXT_WIDTH
    assert [round(g / A4_TEXT_WIDTH, 2) for g in grid] == [0.25, 0.5, 0.25]
    row = table.findall("w:tr", NS)[5]
    aligns = [cell.find("w:p/w:pPr/w:jc", NS) for cell in row.findall("w:tc", NS)]
    assert [a.get(w("val")) if a is not None else None for a in aligns] == [
        "left", "left", "right"]
    styles = [cell.find("w:p/w:pPr/w:pStyle", NS).get(w("val"))  # type: ignore[union-attr]
              for cell in row.findall("w:tc", NS)]
    assert styles == ["TableTextFirst", "TableText", "TableText"]


def test_label_and_title_stand_above_the_table_and_the_source_under_it(
        long_table: tuple[Path, Document]) -> None:
    docx, _ = long_table
    body = part(docx, "word/document.xml").find("w:body", NS)
    assert body is not None
    sequence = []
    for element in body:
        if element.tag == w("tbl"):
            sequence.append(("table", ""))
        elif element.tag == w("p"):
            style = element.find("w:pPr/w:pStyle", NS)
            text = cell_text(element)
            if text:
                sequence.append((style.get(w("val")) if style is not None else "", text))
    start = sequence.index(("TableLabel", "Table 1"))
    assert sequence[start:start + 4] == [
        ("TableLabel", "Table 1"), ("TableTitle", "Country pairings"), ("table", ""),
        ("TableSource", "Drawing of lots held at the 4th meeting.")]


def test_the_header_row_is_printed_again_on_the_next_page(
        long_table: tuple[Path, Document]) -> None:
    import pdfplumber

    docx, _ = long_table
    with pdfplumber.open(io.BytesIO(rendered(docx))) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    first = next(i for i, text in enumerate(pages) if "State 01" in text)
    last = next(i for i, text in enumerate(pages) if f"State {LONG_ROWS}" in text)
    assert last > first, "the long table should run onto a second page"
    for index in range(first, last + 1):
        lines = pages[index].splitlines()
        assert "State under review Reviewing States Year" in lines, index
    # The rows continue on the next page, none lost: the first row there follows the
    # last row of the page before.
    on_first = [n for n in range(1, LONG_ROWS + 1) if f"State {n:02d} " in pages[first]]
    on_next = [n for n in range(1, LONG_ROWS + 1) if f"State {n:02d} " in pages[first + 1]]
    assert on_next[0] == on_first[-1] + 1

"""The PDF's page layout in UN house style, read back with positions (pdfplumber).

Real typst runs; the assertions are on where text, rules, images and codes
land on the page (un-house-style.md §1.2-1.4, §4.2-4.6). Coordinates are
pdfplumber's: points from the top-left corner of the page.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from conftest import EXAMPLE, STEM, require_tool
from reportgen import build
from reportgen.pipeline.tree import Paragraph, Text
from reportgen.writers import pdf as pdf_writer

SYMBOL = "CTOC/COP/WG.7/2017/5"
JOB = "V.17-06793"
INCH = 72.0
MARGIN = 60.0  # left and right margins: 1200 tw
AXIS = MARGIN + 1267 / 20  # the text axis, 1267 tw in from the margin
TOL = 1.5


# ------------------------------------------------------------------ builds


def _build_pdf(session_text: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "session.yaml").write_text(session_text, encoding="utf-8")
    result = build.build([folder / "session.yaml"], ["pdf"], folder / "out")
    assert not [w for w in result.warnings if "font" in str(w)]
    return folder / "out" / f"{STEM}.pdf"


@pytest.fixture(scope="module")
def vienna(example_build: Path) -> Any:
    with pdfplumber.open(example_build / f"{STEM}.pdf") as document:
        yield document


@pytest.fixture(scope="module")
def new_york(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "duty_station: Vienna" in text
    return _build_pdf(text.replace("duty_station: Vienna", "duty_station: New York"),
                      tmp_path_factory.mktemp("new-york"))


@pytest.fixture(scope="module")
def with_cover_notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with two long footnotes in paragraph 1, on page 1."""
    text = EXAMPLE.read_text(encoding="utf-8")
    anchor = "smuggling of migrants was established to advise"
    assert anchor in text
    note = ("^[See General Assembly resolution 55/25, annex III, which contains the Protocol "
            "against the Smuggling of Migrants by Land, Sea and Air, and the report of the "
            "Working Group on its first meeting (CTOC/COP/WG.7/2012/6).]")
    text = text.replace(anchor, anchor.replace("established", "established" + note), 1)
    text = text.replace("from 30 May to 1 June 2012,", "from 30 May to 1 June 2012,^[CTOC.]", 1)
    return _build_pdf(text, tmp_path_factory.mktemp("cover-notes"))


@pytest.fixture(scope="module")
def draft_without_job_number(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The example's L.1/Add.1 without its job number: (its PDF, the build's result)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "      job_number: V.17-06413\n" in text
    folder = tmp_path_factory.mktemp("draft-no-job")
    (folder / "session.yaml").write_text(text.replace("      job_number: V.17-06413\n", ""),
                                         encoding="utf-8")
    result = build.build([folder / "session.yaml"], ["pdf"], folder / "out")
    return folder / "out" / "CTOC_COP_WG.7_2017_L.1_Add.1.pdf", result


# ----------------------------------------------------------------- helpers


def _words(page: Any) -> list[dict[str, Any]]:
    return page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False)


def _find(page: Any, text: str) -> list[dict[str, Any]]:
    return [w for w in _words(page) if w["text"] == text]


def _baselines(page: Any) -> list[tuple[float, float, bool, str]]:
    """(baseline, size, heading, text) of each line, top to bottom.

    A line set wholly in bold or wholly in italic is a heading line (the
    recommendation lines are H4, italic).
    """
    lines: dict[float, list[dict[str, Any]]] = {}
    for char in page.chars:
        if char["text"].strip():
            lines.setdefault(round(page.height - char["matrix"][5], 1), []).append(char)
    out = []
    for baseline in sorted(lines):
        chars = sorted(lines[baseline], key=lambda c: c["x0"])
        heading = all("Bold" in c["fontname"] for c in chars) or all(
            "Italic" in c["fontname"] for c in chars)
        out.append((baseline, max(c["size"] for c in chars), heading,
                    "".join(c["text"] for c in chars)))
    return out


def _rules(page: Any) -> list[dict[str, float]]:
    """Horizontal rules, whatever pdfplumber calls them: (x0, x1, y, thickness)."""
    found = []
    for obj in [*page.lines, *page.rects, *page.curves]:
        height = obj["bottom"] - obj["top"]
        thickness = max(height, float(obj.get("linewidth") or 0)) if height < 3 else height
        if obj["x1"] - obj["x0"] > 20 and height < 3:
            found.append({"x0": obj["x0"], "x1": obj["x1"],
                          "y": (obj["top"] + obj["bottom"]) / 2, "thickness": thickness})
    return found


def _footer_zone(page: Any) -> float:
    """Where the footer starts: the bottom margin (0.8 in) under the text area."""
    return page.height - 0.8 * INCH


# -------------------------------------------------------------- page one


def test_first_page_has_the_masthead_and_no_running_header_or_page_number(vienna: Any) -> None:
    page = vienna.pages[0]
    total = len(vienna.pages)
    words = _words(page)
    # The symbol appears once, in the masthead at the top right: "CTOC" at
    # 20 pt, the rest at 10 pt, ending at the right margin.
    first = [w for w in words if w["text"].startswith("CTOC")]
    assert len(first) == 1, first
    assert first[0]["top"] < 1 * INCH
    assert first[0]["x0"] > page.width / 2
    sizes = {round(c["size"]) for c in page.chars
             if first[0]["x0"] - 1 <= c["x0"] and c["top"] < INCH}
    assert {20, 10} <= sizes
    assert abs(max(w["x1"] for w in words if w["top"] < INCH) - (page.width - MARGIN)) < TOL
    assert not [w for w in words if round(w["size"], 1) == 8.5]  # no running header
    assert not [w for w in words if re.fullmatch(rf"1/{total}", w["text"])]


def test_masthead_geometry_follows_the_word_template(vienna: Any) -> None:
    page = vienna.pages[0]
    # "United Nations" 14 pt on the text axis, baseline 11 pt above the rule.
    united = _find(page, "United")[0]
    assert round(united["size"]) == 14 and abs(united["x0"] - AXIS) < TOL
    # Rules: 0.5 pt at 0.9 in, 1.5 pt at 2.9 in (rows of 0.6 in and 2.0 in).
    rules = _rules(page)
    thin = [r for r in rules if abs(r["y"] - 0.9 * INCH) < 1.5]
    thick = [r for r in rules if abs(r["y"] - 2.9 * INCH) < 1.5]
    assert thin and thick, rules
    assert abs(thin[0]["thickness"] - 0.5) < 0.2 and abs(thick[0]["thickness"] - 1.5) < 0.3
    assert abs(thin[0]["x0"] - MARGIN) < TOL and abs(thin[0]["x1"] - (page.width - MARGIN)) < TOL
    # The UN emblem, 0.78 x 0.65 in, in the first (1267 tw) column of row 2.
    emblem = [i for i in page.images if 0.9 * INCH < i["top"] < 2.9 * INCH]
    assert len(emblem) == 1
    image = emblem[0]
    assert abs(image["x1"] - image["x0"] - 0.78 * INCH) < 1
    assert abs(image["bottom"] - image["top"] - 0.65 * INCH) < 1
    assert MARGIN - TOL <= image["x0"] and image["x1"] <= AXIS + TOL
    # Distribution block, 10 pt, from the last column (3096 tw from the right).
    distr = _find(page, "Distr.:")[0]
    assert round(distr["size"]) == 10
    assert abs(distr["x0"] - (page.width - MARGIN - 3096 / 20)) < TOL
    for text in ("General", "September", "Original:"):
        assert any(round(w["size"]) == 10 and w["x0"] >= distr["x0"] - TOL
                   for w in _find(page, text))
    # Title (TitleHCH) 14 pt bold on the text axis, below the masthead.
    report = _find(page, "Report")[0]
    assert round(report["size"]) == 14 and "Bold" in report["fontname"]
    assert abs(report["x0"] - AXIS) < TOL and report["top"] > 2.9 * INCH


def test_long_vienna_organ_name_fits_its_cell(vienna: Any) -> None:
    page = vienna.pages[0]
    distr = _find(page, "Distr.:")[0]
    organ = [w for w in _words(page)
             if "Bold" in w["fontname"] and 0.9 * INCH < w["top"] < 2.9 * INCH]
    assert " ".join(w["text"] for w in organ).startswith("Conference of the Parties")
    sizes = {round(w["size"]) for w in organ}
    assert len(sizes) == 1 and 14 <= sizes.pop() <= 20
    # Left on the text axis, clear of the distribution block (245 tw gap),
    # at most three lines, inside the 2 in row.
    assert min(w["x0"] for w in organ) > AXIS - TOL
    assert max(w["x1"] for w in organ) < distr["x0"] - 245 / 20 + TOL
    assert len({round(w["top"]) for w in organ}) <= 3
    assert max(w["bottom"] for w in organ) < 2.9 * INCH


def test_first_page_footer_has_job_number_language_and_release_stamp(vienna: Any) -> None:
    page = vienna.pages[0]
    zone = _footer_zone(page) - 0.4 * INCH
    footer = [w for w in _words(page) if w["top"] > zone]
    line = " ".join(w["text"] for w in footer)
    assert line == f"{JOB} (E) 270917", line
    assert all(round(w["size"]) == 10 for w in footer)
    # The stamp follows after four spaces, on the same baseline.
    job, stamp = footer[0], footer[-1]
    assert abs(job["x0"] - MARGIN) < TOL and abs(stamp["bottom"] - job["bottom"]) < 0.1
    assert stamp["x0"] - footer[1]["x1"] > 3 * 2.4
    # The recycle logo and the codes sit in the footer zone, right of centre.
    logos = [i for i in page.images if i["top"] > zone]
    assert len(logos) == 1 and logos[0]["x0"] > page.width / 2


def test_a_vienna_job_line_carries_its_two_stamps(tmp_path: Path) -> None:
    """§1.4: UNOV job lines have two ddmmyy stamps after the job number, each after four
    spaces (the review group's session gives both: "V.15-04265 (E)    230615    240615")."""
    session = EXAMPLE.parent.parent / "cac-cosp-irg-2015" / "session.yaml"
    assert "release_dates: [2015-06-23, 2015-06-24]" in session.read_text(encoding="utf-8")
    build.build([session], ["pdf", "docx"], tmp_path)
    with pdfplumber.open(tmp_path / "CAC_COSP_IRG_2015_5.pdf") as document:
        page = document.pages[0]
        footer = [w for w in _words(page) if w["top"] > page.height - 1.2 * INCH]
    assert [w["text"] for w in footer] == ["V.15-04265", "(E)", "230615", "240615"]
    space = 2.575 + 0.2  # a space of the 10 pt text at 103 %, with its spacing
    for before, after in ((footer[1], footer[2]), (footer[2], footer[3])):
        assert abs(after["x0"] - before["x1"] - 4 * space) < 1.0
    footer_xml = zipfile.ZipFile(tmp_path / "CAC_COSP_IRG_2015_5.docx").read(
        "word/footer3.xml").decode("utf-8")
    assert ">V.15-04265 (E)</w:t>" in footer_xml
    assert '<w:t xml:space="preserve">    230615    240615</w:t>' in footer_xml


def test_first_page_keeps_a_1_2_inch_bottom_margin(vienna: Any) -> None:
    page = vienna.pages[0]
    limit = page.height - 1.2 * INCH
    body = [c for c in page.chars if c["text"].strip() and c["top"] < limit]
    footer = [c for c in page.chars if c["text"].strip() and c["top"] >= limit]
    assert max(c["bottom"] for c in body) <= limit + 0.5
    assert "".join(c["text"] for c in footer) == f"{JOB}(E)270917"
    # The barcode, the QR code and the logo lie under the text area.
    drawn = [*page.curves, *page.images]
    codes = [d for d in drawn if d["top"] > page.height - 1.3 * INCH]
    assert len(codes) >= 3
    assert min(d["top"] for d in codes) >= limit - 0.5


def test_first_page_footnotes_end_above_the_footer(with_cover_notes: Path) -> None:
    with pdfplumber.open(with_cover_notes) as document:
        page = document.pages[0]
        limit = page.height - 1.2 * INCH
        notes = [c for c in page.chars if c["text"].strip() and round(c["size"], 1) == 8.5]
        assert "".join(c["text"] for c in notes).startswith("SeeGeneralAssembly")
        assert max(c["bottom"] for c in notes) <= limit + 0.5
        separator = [r for r in _rules(page) if abs(r["x1"] - r["x0"] - INCH) < 1]
        assert len(separator) == 1 and abs(separator[0]["x0"] - AXIS) < TOL
        text = [c for c in page.chars if c["text"].strip() and c["size"] == 10
                and c["top"] < limit]
        assert max(c["bottom"] for c in text) < separator[0]["y"]
        assert separator[0]["y"] < min(c["top"] for c in notes)


def test_barcode_and_qr_code_decode_from_a_300_dpi_render(
        example_build: Path, tmp_path: Path) -> None:
    pdftoppm = require_tool("pdftoppm")
    zbarimg = require_tool("zbarimg")
    subprocess.run([pdftoppm, "-r", "300", "-png", "-f", "1", "-l", "1",
                    str(example_build / f"{STEM}.pdf"), str(tmp_path / "page")],
                   check=True, timeout=120)
    image = next(tmp_path.glob("page*.png"))
    result = subprocess.run([zbarimg, "--quiet", str(image)], capture_output=True,
                            text=True, timeout=120, check=False)
    found = set(result.stdout.split())
    assert "CODE-39:1706793" in found, result.stdout
    assert f"QR-Code:https://undocs.org/{SYMBOL}" in found, result.stdout


def _qr_and_logo(page: Any) -> tuple[dict[str, float], dict[str, Any]]:
    """The QR code's dark modules (x0, x1, top, bottom) and the "Please recycle" logo."""
    shapes = [c for c in page.curves if c["top"] > page.height - 1.3 * INCH
              and c["x0"] > page.width / 2]
    logos = [i for i in page.images if i["top"] > page.height - 1.3 * INCH]
    assert shapes and len(logos) == 1
    qr = {"x0": min(c["x0"] for c in shapes), "x1": max(c["x1"] for c in shapes),
          "top": min(c["top"] for c in shapes), "bottom": max(c["bottom"] for c in shapes)}
    return qr, logos[0]


def test_codes_have_the_sizes_of_the_word_footer(vienna: Any) -> None:
    page = vienna.pages[0]
    shapes = [c for c in page.curves if c["top"] > page.height - 1.3 * INCH]
    bars = [c for c in shapes if c["x1"] < page.width / 2]
    # §1.4: the QR code 1.93 cm square (the real file's image, its modules edge to
    # edge), its top level with the top of the "Please recycle" logo (2.58 x 0.64 cm);
    # measured before: 1.52 cm, its top 22 pt above the logo's.
    qr, logo = _qr_and_logo(page)
    assert abs((qr["x1"] - qr["x0"]) / INCH * 2.54 - 1.93) < 0.02
    assert abs((qr["bottom"] - qr["top"]) / INCH * 2.54 - 1.93) < 0.02
    assert abs(qr["top"] - logo["top"]) < 0.3
    assert abs((logo["x1"] - logo["x0"]) / INCH * 2.54 - 2.58) < 0.03
    # The logo 207 tw left of the QR code, both right of the text column's centre, the
    # QR code 1.7 pt inside the right margin (see the New York test).
    assert abs(qr["x0"] - logo["x1"] - 207 / 20) < 0.3
    assert abs(qr["x1"] - (page.width - MARGIN - 1.7)) < 0.3
    # Code 39, 143 modules of 0.24 mm: about 1.35 in, from the left margin.
    width = max(c["x1"] for c in bars) - min(c["x0"] for c in bars)
    assert 1.2 * INCH <= width <= 1.5 * INCH
    assert abs(min(c["x0"] for c in bars) - MARGIN) < TOL


def test_qr_code_floats_6_05_inches_from_the_column_on_letter(new_york: Path) -> None:
    """§1.4, measured in the DGACM footer (Letter): the QR code 6.05 in from the column."""
    with pdfplumber.open(new_york) as document:
        qr, _ = _qr_and_logo(document.pages[0])
    assert abs(qr["x0"] - MARGIN - 6.05 * INCH) < 0.3


def test_a_draft_part_without_a_job_number_is_warned_about_with_its_place(
        draft_without_job_number: tuple[Path, Any]) -> None:
    _, result = draft_without_job_number
    found = [w for w in result.warnings if w.code == "draft.job-number"]
    assert len(found) == 1, [str(w) for w in result.warnings]
    assert found[0].location.line == EXAMPLE.read_text(encoding="utf-8").splitlines().index(
        "    - chapters: [recommendations]") + 1
    assert "CTOC/COP/WG.7/2017/L.1/Add.1 has no job number" in str(found[0])
    assert "'job_number: V.17-06412'" in str(found[0])


def test_a_cover_without_a_job_number_keeps_the_logo_and_the_qr_code(
        draft_without_job_number: tuple[Path, Any]) -> None:
    """The draft parts had no cover footer at all without a job number."""
    path, _ = draft_without_job_number
    with pdfplumber.open(path) as document:
        page = document.pages[0]
        qr, logo = _qr_and_logo(page)
        assert abs((qr["x1"] - qr["x0"]) / INCH * 2.54 - 1.93) < 0.02
        assert abs(qr["top"] - logo["top"]) < 0.3
        zone = page.height - 1.2 * INCH
        assert not [w for w in _words(page) if w["top"] > zone]  # no job line
        assert not [c for c in page.curves if c["top"] > zone and c["x1"] < page.width / 2]
    found = subprocess.run([require_tool("zbarimg"), "--quiet", "--raw", "-Sdisable",
                            "-Sqrcode.enable", _render_page_one(path)],
                           capture_output=True, text=True, timeout=120, check=False)
    assert found.stdout.split() == ["https://undocs.org/CTOC/COP/WG.7/2017/L.1/Add.1"]


def _render_page_one(pdf: Path) -> str:
    subprocess.run([require_tool("pdftoppm"), "-r", "300", "-png", "-f", "1", "-l", "1",
                    str(pdf), str(pdf.with_suffix(""))], check=True, timeout=120)
    return str(next(pdf.parent.glob(f"{pdf.stem}*.png")))


# ------------------------------------------------------------ later pages


def _header_symbol(page: Any) -> dict[str, Any]:
    found = [w for w in _find(page, SYMBOL) if w["top"] < INCH]
    assert len(found) == 1, found
    word = found[0]
    assert round(word["size"], 1) == 8.5 and "Bold" in word["fontname"]
    return word


def _footer_words(page: Any) -> list[dict[str, Any]]:
    return [w for w in _words(page) if w["top"] > _footer_zone(page)]


def test_even_page_has_symbol_and_page_number_on_the_left(vienna: Any) -> None:
    page = vienna.pages[1]
    total = len(vienna.pages)
    symbol = _header_symbol(page)
    assert abs(symbol["x0"] - MARGIN) < TOL
    # A 0.25 pt rule under the header, across the text column.
    rule = [r for r in _rules(page) if r["y"] < INCH and r["y"] > symbol["bottom"]]
    assert rule and abs(rule[0]["x1"] - rule[0]["x0"] - (page.width - 2 * MARGIN)) < TOL
    number = [w for w in _footer_words(page) if w["text"] == f"2/{total}"]
    assert len(number) == 1
    assert abs(number[0]["x0"] - MARGIN) < TOL and "Bold" in number[0]["fontname"]
    job = [w for w in _footer_words(page) if w["text"] == JOB]
    assert len(job) == 1 and abs(job[0]["x1"] - (page.width - MARGIN)) < TOL
    assert round(job[0]["size"]) == 7


def test_odd_page_has_symbol_and_page_number_on_the_right(vienna: Any) -> None:
    page = vienna.pages[2]
    total = len(vienna.pages)
    symbol = _header_symbol(page)
    assert abs(symbol["x1"] - (page.width - MARGIN)) < TOL
    number = [w for w in _footer_words(page) if w["text"] == f"3/{total}"]
    assert len(number) == 1 and abs(number[0]["x1"] - (page.width - MARGIN)) < TOL
    job = [w for w in _footer_words(page) if w["text"] == JOB]
    assert len(job) == 1 and abs(job[0]["x0"] - MARGIN) < TOL


def test_every_later_page_counts_pages_and_carries_the_job_number(vienna: Any) -> None:
    total = len(vienna.pages)
    assert total >= 3
    for index, page in enumerate(vienna.pages[1:], start=2):
        footer = [w["text"] for w in _footer_words(page)]
        assert f"{index}/{total}" in footer, (index, footer)
        assert JOB in footer
        _header_symbol(page)
        # The text stays above the 0.8 in bottom margin.
        body = [c for c in page.chars if c["text"].strip() and c["size"] >= 10]
        assert max(c["bottom"] for c in body) <= _footer_zone(page) + 0.5


def test_last_page_ends_with_a_centred_one_inch_rule(vienna: Any) -> None:
    """§4.6, drawn as the DOCX draws it: 24 pt under the top of an empty 12 pt paragraph
    after the last one, 32.4 pt under the last baseline as LibreOffice renders it, on
    the text area (it fell into the footer band, 4 pt above the page number)."""
    page = vienna.pages[-1]
    rules = [r for r in _rules(page) if abs(r["x1"] - r["x0"] - INCH) < 0.5]
    assert len(rules) == 1, _rules(page)
    rule = rules[0]
    assert abs((rule["x0"] + rule["x1"]) / 2 - page.width / 2) < 0.5
    assert rule["thickness"] < 0.5
    last = max(line[0] for line in _baselines(page) if line[0] < _footer_zone(page))
    assert abs(rule["y"] - last - 32.4) < 0.5
    assert rule["y"] < _footer_zone(page)


def test_footnotes_hang_their_mark_left_of_the_text_axis_ragged_right(
        with_cover_notes: Path) -> None:
    """§4.5, as the DOCX's footnote style: 8.5 pt on exactly 10.5 pt, the text and its
    wrapped lines on the 1267 tw axis, the mark 200 tw left of it, not justified (the
    text started at 1742 tw, justified with wide gaps)."""
    with pdfplumber.open(with_cover_notes) as document:
        page = document.pages[0]
        notes = [line for line in _baselines(page) if line[1] == 8.5]
        assert len(notes) >= 2
        assert [round(b - a, 1) for (a, *_), (b, *_) in zip(notes, notes[1:], strict=False)] \
            == [10.5] * (len(notes) - 1)
        start = notes[0][0] - 12  # under the separator, not the marks in the text
        chars = sorted((c for c in page.chars if c["text"].strip() and c["size"] < 9
                        and c["top"] > start), key=lambda c: (round(c["top"]), c["x0"]))
        mark = chars[0]
        assert mark["text"] == "1" and mark["size"] < 8.5
        assert abs(mark["x0"] - (AXIS - 10)) < 0.3
        text_lines: dict[int, list[dict[str, Any]]] = {}
        for char in chars:
            if char["size"] > 8:  # not a mark (the second note has one too)
                text_lines.setdefault(round(char["top"]), []).append(char)
        for line in text_lines.values():
            assert abs(line[0]["x0"] - AXIS) < 0.3
        # Ragged: the first line stops short of the right indent, its spaces are plain.
        first = next(iter(text_lines.values()))
        assert first[-1]["x1"] < page.width - AXIS - 3
        words = [w for w in _words(page)
                 if w["size"] == 8.5 and abs(w["top"] - first[0]["top"]) < 1]
        gaps = [b["x0"] - a["x1"] for a, b in zip(words, words[1:], strict=False)]
        assert max(gaps) < 2.8, gaps


# ---------------------------------------------------------- vertical rhythm


def test_vertical_rhythm_matches_the_word_template(vienna: Any) -> None:
    """Baseline to baseline, as in the Word template (spacers of 6 pt).

    Body lines: exactly 12 pt, 6 pt after a paragraph (18 pt). Chapter (14 pt
    on 15 pt): 18 pt before, 12 pt after. Section (12 pt), subsection and
    other 10 pt headings: 12 pt before, 6 pt after; a heading under another
    heading 6 pt less.
    """
    gaps: dict[tuple[str, str], set[float]] = {}
    for number, page in enumerate(vienna.pages[:-1], start=1):
        lines = [line for line in _baselines(page)
                 if INCH < line[0] < page.height - 0.8 * INCH]
        if number == 1:  # from chapter I on, under the masthead and title
            lines = lines[next(i for i, line in enumerate(lines) if line[3].startswith("I.")):]
        for (y0, s0, b0, _), (y1, s1, b1, _) in zip(lines, lines[1:], strict=False):
            kind = {14: "chapter", 12: "section", 10: "h10" if b1 else "body"}
            before = {14: "chapter", 12: "section", 10: "h10" if b0 else "body"}
            key = (before.get(round(s0), "other"), kind.get(round(s1), "other"))
            gaps.setdefault(key, set()).add(round(y1 - y0, 1))
    body = gaps[("body", "body")]
    assert {12.0, 18.0} <= body and body <= {12.0, 18.0}
    # Line box of a 10 pt line: 10 pt above the baseline, 2 pt below; of a
    # 14 pt chapter line 12.2/2.8; of a 12 pt section line 11.1/2.4.
    assert gaps[("body", "chapter")] == {round(2 + 18 + 12.2, 1)}
    assert gaps[("chapter", "body")] == {round(2.8 + 12 + 10, 1)}
    assert gaps[("h10", "body")] == {18.0}
    assert gaps[("body", "h10")] == {24.0}
    assert gaps[("body", "section")] <= {round(2 + 12 + 11.1, 1)}
    # A heading under a heading: one 6 pt spacer, as the DOCX has (the larger of the
    # two counts of spacers; no body paragraph's 6 pt after).
    assert gaps[("section", "h10")] == {round(2.4 + 6 + 10, 1)}


# ------------------------------------------------------------------ paper


def test_vienna_is_a4_and_new_york_is_us_letter(vienna: Any, new_york: Path) -> None:
    assert (round(vienna.pages[0].width), round(vienna.pages[0].height)) == (595, 842)
    with pdfplumber.open(new_york) as document:
        for page in document.pages:
            assert (round(page.width), round(page.height)) == (612, 792)
        first = document.pages[0]
        # Same masthead, same margins: the symbol ends at the right margin.
        symbol_end = max(w["x1"] for w in _words(first) if w["top"] < INCH)
        assert abs(symbol_end - (first.width - MARGIN)) < TOL


# ------------------------------------------------------------------ fonts


def _example_document() -> tuple[Any, Path]:
    prepared, _ = build.check([EXAMPLE])
    return prepared[0].document, prepared[0].templates.find("report.typ")


def test_a_character_without_a_glyph_warns_and_names_the_font() -> None:
    document, template = _example_document()
    paragraph = next(b for b in document.blocks if isinstance(b, Paragraph))
    paragraph.text.append(Text(" 中"))
    _, warnings = pdf_writer.render_pdf(document, template, [pdf_writer.bundled_font_dir()])
    found = [w for w in warnings if "U+4E2D" in w]
    assert len(found) == 1, warnings
    assert "Liberation Serif" in found[0] and "substituted" in found[0]


def test_a_missing_font_warns_and_names_the_font(tmp_path: Path) -> None:
    document, template = _example_document()
    _, warnings = pdf_writer.render_pdf(document, template, [tmp_path])
    assert any("reportgen serif" in w.lower() and "substituted" in w for w in warnings), warnings


def test_the_bundled_fonts_cover_the_example() -> None:
    document, template = _example_document()
    _, warnings = pdf_writer.render_pdf(document, template, [pdf_writer.bundled_font_dir()])
    assert warnings == []

"""The Chinese and Arabic PDFs (typst): their script's font, line breaking, direction.

The example is built once in both versions (``--lang zh,ar --strict``); the text
pdfplumber reads back from each PDF is compared with the TXT of the same version,
after the normalisation docs/languages.md ("Fonts and PDF") describes:

- only the text area is read (page 1 under the masthead, the other pages between
  the running header and footer), the TXT from the title on;
- Chinese: all white space removed on both sides (a Chinese line breaks between
  two characters without a space; the TXT's indents are layout);
- Arabic, word by word: the characters grouped into lines by their baseline
  (pdfplumber groups by the glyph box's top, and Amiri's boxes are taller than
  Reportgen Serif's), each word read right to left (pdfplumber's ``char_dir="rtl"``),
  a space drawn over a letter left out; the Arabic letters of the words compared in
  order, without the vowel marks (harakat), a doubled letter counted once and a
  glyph read as "(cid:N)" counted as any one letter: typst maps a mark glyph to the
  text of the first cluster it was drawn in, and the glyph a letter takes before a
  mark to no text at all (typst issues #4225, #8767); the figures, Latin letters and
  punctuation compared as counts (their order on the page is bidi's, and a line may
  break inside a symbol such as "(CTOC/COP/WG.8/2016/2)").
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import icu
import pdfplumber
import pytest
from click.testing import CliRunner
from pdfplumber.utils import extract_text
from pdfplumber.utils.text import WordExtractor

from conftest import EXAMPLE, STEM
from reportgen import build
from reportgen.cli import main
from reportgen.errors import ExitCode
from reportgen.pipeline.templates import TemplateSet
from reportgen.writers import pdf as pdf_writer
from reportgen.writers import script_fonts

# Skipped where the fonts are missing, but never in CI (.ci/run installs them).
pytestmark = pytest.mark.skipif(
    any(not path.is_file() for font in script_fonts.SCRIPT_FONTS.values()
        for path in font.files[:2]) and not os.environ.get("CI"),
    reason="the script fonts are not installed (see README: make system-deps)")

PT = 72  # points an inch
# The text area: under the masthead's 1.5 pt rule (2.9 in) on page 1, above its
# 1.2 in bottom reserve; under the running header's rule (0.9 in) and above the
# 0.8 in bottom margin on the others.
FIRST_PAGE = (2.95 * PT, 1.2 * PT)
OTHER_PAGES = (0.95 * PT, 0.8 * PT)
UNMAPPED = "\ufffd"  # a glyph pdfplumber reads as "(cid:N)"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("scripts")
    code, stdout, stderr = _run("build", str(EXAMPLE), "--lang", "zh,ar", "--to", "txt,pdf",
                                "--strict", "--out", str(out))
    assert code == ExitCode.OK, stderr
    return out, stdout + stderr


def _pdf(built: tuple[Path, str], lang: str) -> Path:
    return built[0] / f"{STEM}.{lang}.pdf"


def _body_of_txt(built: tuple[Path, str], lang: str) -> str:
    """The TXT from the title on (the masthead lines before it are laid out apart)."""
    lines = (built[0] / f"{STEM}.{lang}.txt").read_text(encoding="utf-8").splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith(("2017", "تقرير")))
    return "\n".join(lines[title:])


@dataclass(frozen=True)
class Page:
    """One page as pdfplumber reads it: its size and its characters."""

    width: float
    height: float
    chars: list[dict]


@lru_cache(maxsize=4)
def _read(pdf: Path) -> list[Page]:
    """The pages of ``pdf``, read once (pdfplumber takes seconds for these PDFs)."""
    with pdfplumber.open(pdf) as document:
        return [Page(page.width, page.height, list(page.chars)) for page in document.pages]


def _pages(pdf: Path) -> list[tuple[Page, int, list[dict]]]:
    return [(page, number, page.chars) for number, page in enumerate(_read(pdf))]


def _in_text_area(page: Page, number: int, char: dict) -> bool:
    top, bottom = FIRST_PAGE if number == 0 else OTHER_PAGES
    baseline = page.height - char["matrix"][5]
    return top <= baseline <= page.height - bottom


def _without_marks(text: str) -> str:
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _reading_order(visual: str) -> str:
    """A right-to-left line from the order on the page (left to right) into the order
    it is read in (ICU's inverse bidi algorithm, the paragraph right to left)."""
    bidi = icu.Bidi()
    bidi.setReorderingMode(icu.UBiDiReorderingMode.INVERSE_LIKE_DIRECT)
    bidi.setPara(icu.UnicodeString(visual), 1)
    return str(bidi.writeReordered(0))


def _arabic_words(pdf: Path) -> list[str]:
    """The text area's words in reading order, without the marks (see the module)."""
    extractor = WordExtractor(char_dir="rtl")
    words = []
    for page, number, chars in _pages(pdf):
        kept = []
        for char in chars:
            if char["width"] < 0.05 or not _in_text_area(page, number, char):
                continue  # a mark's glyph (it has no width), or the header/footer
            baseline = page.height - char["matrix"][5]
            text = re.sub(r"\(cid:\d+\)", UNMAPPED, _without_marks(char["text"]))
            kept.append(dict(char, text=text, top=baseline - char["size"], bottom=baseline))
        words += [word["text"] for word in extractor.extract_words(_without_overlaid_spaces(kept))]
    return words


def _without_overlaid_spaces(chars: list[dict]) -> list[dict]:
    """``chars`` without the spaces drawn over a letter: typst leaves a right-to-left
    line's last space at its left edge, over the last word's end, where it would cut
    the word in two."""
    letters: dict[float, list[tuple[float, float]]] = {}
    for char in chars:
        if not char["text"].isspace():
            letters.setdefault(char["bottom"], []).append((char["x0"], char["x1"]))

    def overlaid(char: dict) -> bool:
        return any(min(x1, char["x1"]) - max(x0, char["x0"]) > 0.1
                   for x0, x1 in letters.get(char["bottom"], []))

    return [char for char in chars if not (char["text"].isspace() and overlaid(char))]


def _chinese_text(pdf: Path) -> str:
    return "".join(extract_text([c for c in chars if _in_text_area(page, number, c)])
                   for page, number, chars in _pages(pdf))


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ----------------------------------------------------------------- Chinese


def test_the_chinese_pdf_has_the_text_of_the_txt(built: tuple[Path, str]) -> None:
    pdf_text = _squeezed(_chinese_text(_pdf(built, "zh")))
    txt = _squeezed(_body_of_txt(built, "zh"))
    assert len(txt) > 4000
    assert pdf_text == txt


def _fonts(pdf: Path) -> set[str]:
    return {char["fontname"].split("+")[-1] for page in _read(pdf) for char in page.chars}


def test_the_chinese_pdf_embeds_reportgen_serif_and_noto_serif_cjk_only(
        built: tuple[Path, str]) -> None:
    # A glyph neither font has would come from a font typst embeds (DejaVu).
    assert _fonts(_pdf(built, "zh")) == {
        "ReportgenSerif-Regular", "ReportgenSerif-Bold", "ReportgenSerif-Italic",
        "NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold"}


def _lines_with_chars(pdf: Path, page_number: int = 0,
                      area: Any = _in_text_area) -> list[list[dict]]:
    """The characters of a page (of its text area, or all), line by line (by baseline)."""
    page = _read(pdf)[page_number]
    rows: dict[float, list[dict]] = {}
    for char in page.chars:
        # A mark's glyph (no width) has a baseline of its own: left out.
        if char["width"] >= 0.05 and (area is None or area(page, page_number, char)):
            rows.setdefault(round(page.height - char["matrix"][5], 1), []).append(char)
    return [sorted(rows[y], key=lambda c: c["x0"]) for y in sorted(rows)]


def _is_cjk(text: str) -> bool:
    return unicodedata.name(text, "").startswith("CJK UNIFIED")


def test_chinese_lines_break_between_characters_and_keep_punctuation_off_the_line_start(
        built: tuple[Path, str]) -> None:
    lines = _lines_with_chars(_pdf(built, "zh"))
    starts = [line[0]["text"] for line in lines]
    assert not set(starts) & set("，。、；：）》”")
    # Paragraph 1 runs on over several lines, each full to the right edge of the
    # column (justified), with no space between two Chinese characters.
    text = ["".join(c["text"] for c in line) for line in lines]
    first = next(i for i, line in enumerate(text) if line.startswith("1."))
    body = lines[first + 1:first + 4]
    right_edges = {round(line[-1]["x1"]) for line in body}
    assert len(right_edges) == 1, right_edges
    for line in body:
        gaps = [b["x0"] - a["x1"] for a, b in zip(line, line[1:], strict=False)
                if _is_cjk(a["text"]) and _is_cjk(b["text"])]
        assert max(gaps) < 1.0, gaps


def test_chinese_quotation_marks_and_brackets_are_the_cjk_fonts_full_width_ones(
        built: tuple[Path, str]) -> None:
    marks = "“”（）《》"
    chars = [c for page in _read(_pdf(built, "zh")) for c in page.chars if c["text"] in marks]
    assert {c["text"] for c in chars} >= set(marks)
    for char in chars:
        assert "NotoSerifCJK" in char["fontname"], char["text"]
        assert char["width"] == pytest.approx(char["size"], rel=0.01)  # one em: full width


# ------------------------------------------------------------------ Arabic


def _is_arabic_letter(char: str) -> bool:
    return char == UNMAPPED or (unicodedata.category(char).startswith("L")
                                and "ARABIC" in unicodedata.name(char, ""))


def _compared(words: list[str]) -> tuple[list[str], Counter[str]]:
    """Words as the Arabic comparison takes them (see the module): the Arabic letters of
    each, in order, without the marks and with a letter written twice in a row once;
    and everything else (figures, Latin letters, punctuation) counted."""
    letters, others = [], Counter[str]()
    for word in words:
        word = _without_marks(word)
        arabic = re.sub(r"(\w)\1", r"\1", "".join(filter(_is_arabic_letter, word)))
        if arabic:
            letters.append(arabic)
        others.update(ch for ch in word if not _is_arabic_letter(ch) and not ch.isspace())
    return letters, others


def _same_word(pdf_word: str, txt_word: str) -> bool:
    if UNMAPPED not in pdf_word:
        return pdf_word == txt_word
    return re.fullmatch(re.escape(pdf_word).replace(re.escape(UNMAPPED), r"\w"),
                        txt_word) is not None


def test_the_arabic_pdf_has_the_text_of_the_txt(built: tuple[Path, str]) -> None:
    pdf_words, pdf_others = _compared(_arabic_words(_pdf(built, "ar")))
    txt_words, txt_others = _compared(_body_of_txt(built, "ar").split())
    assert len(txt_words) > 1500
    differing = [(i, p, t) for i, (p, t) in enumerate(zip(pdf_words, txt_words, strict=False))
                 if not _same_word(p, t)]
    assert not differing[:5]
    assert len(pdf_words) == len(txt_words)
    # The figures, Latin letters and punctuation: all there, none more.
    assert pdf_others == txt_others
    assert sum(txt_others[figure] for figure in "0123456789") > 200
    # Few glyphs are unread (the letters before some marks): none in most words.
    assert sum(w.count(UNMAPPED) for w in pdf_words) < 20


def test_the_arabic_pdf_embeds_reportgen_serif_and_amiri_only(
        built: tuple[Path, str]) -> None:
    assert _fonts(_pdf(built, "ar")) <= {
        "ReportgenSerif-Regular", "ReportgenSerif-Bold", "ReportgenSerif-Italic",
        "Amiri-Regular", "Amiri-Bold", "Amiri-Slanted", "Amiri-BoldSlanted"}
    assert "Amiri-Regular" in _fonts(_pdf(built, "ar"))


def _line_starting(lines: list[list[dict]], text: str) -> list[dict]:
    for line in lines:
        if _reading_order("".join(c["text"] for c in line)).startswith(text):
            return line
    raise AssertionError(f"no line starting {text!r}")


def test_arabic_paragraphs_run_right_to_left_with_the_number_at_the_right(
        built: tuple[Path, str]) -> None:
    width = _read(_pdf(built, "ar"))[0].width
    lines = _lines_with_chars(_pdf(built, "ar"))
    number = _line_starting(lines, "1-")  # the UN's Arabic paragraph number
    # The number is the rightmost text of its line, its right edge on the text
    # axis's mirror (1267 tw from the column's right edge); the text to its left.
    one = max((c for c in number if c["text"] == "1"), key=lambda c: c["x1"])
    right_margin = 1200 / 20
    assert one["x1"] == pytest.approx(width - right_margin - 1267 / 20, abs=2.5)
    assert max(c["x1"] for c in number) == pytest.approx(one["x1"], abs=3)
    # Its wrapped lines fill the column between both indents, mirrored as in English.
    following = lines[lines.index(number) + 1]
    assert min(c["x0"] for c in following) == pytest.approx(1200 / 20 + 1267 / 20, abs=1.5)
    assert max(c["x1"] for c in following) == pytest.approx(width - 1200 / 20 - 1267 / 20,
                                                            abs=1.5)


def test_the_arabic_masthead_is_mirrored_and_its_distribution_block_stays_english(
        built: tuple[Path, str]) -> None:
    pdf = _pdf(built, "ar")
    width = _read(pdf)[0].width
    lines = {}
    for line in _lines_with_chars(pdf, area=None):
        visual = "".join(c["text"] for c in line).strip()
        lines[visual] = lines[_reading_order(visual)] = line
    organization = lines["الأمم المتحدة"]
    symbol = lines["CTOC/COP/WG.7/2017/5"]
    # "الأمم المتحدة" on the right, its end on the mirrored text axis; the symbol
    # at the left edge of the column, as the English masthead has them the other way.
    assert max(c["x1"] for c in organization) == pytest.approx(width - 1200 / 20 - 1267 / 20,
                                                                abs=0.5)
    assert min(c["x0"] for c in symbol) == pytest.approx(1200 / 20, abs=0.5)
    # The distribution block in English, left to right, flush at the column's left edge.
    block = ["Distr.: General", "27 September 2017", "Arabic", "Original: English"]
    for text in block:
        line = lines[text]
        assert "".join(c["text"] for c in line) == text  # left to right on the page
        assert line[0]["x0"] == pytest.approx(1200 / 20, abs=0.5)
    # The organ's name beside the emblem, on the right: it ends 1267 tw inside the column.
    organ = next(line for text, line in lines.items() if text.startswith("مؤتمر الأطراف"))
    assert max(c["x1"] for c in organ) == pytest.approx(width - 1200 / 20 - 1267 / 20, abs=0.5)


# ------------------------------------------------------------------ builds


def test_both_versions_build_under_strict_without_a_font_warning(
        built: tuple[Path, str]) -> None:
    assert "warning" not in built[1].replace("0 warnings", "")


def _final_versions(*languages: str) -> tuple[list, TemplateSet]:
    """The example's final report in its own language and in ``languages``."""
    prepared, _ = build.check([EXAMPLE], languages=list(languages))
    finals = [d for d in prepared[0].documents if d.masthead.symbol.endswith("/5")]
    return sorted(finals, key=lambda d: d.masthead.language != "en"), prepared[0].templates


def test_a_missing_script_font_is_a_warning_at_the_language_file_naming_the_package(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The error path of a missing tool: the Arabic font looked for where it is not.
    # The writer is called in this process (a build may render in workers that do
    # not see the patch).
    amiri = script_fonts.SCRIPT_FONTS["ar"]
    monkeypatch.setitem(script_fonts.SCRIPT_FONTS, "ar", script_fonts.ScriptFont(
        amiri.family, amiri.package, (tmp_path / "Amiri-Regular.ttf",), amiri.why))
    (_, arabic), templates = _final_versions("ar")
    warnings = pdf_writer.write(arabic, templates).warnings
    missing, substituted = warnings
    assert missing.location.path == templates.find("languages/ar.toml")
    assert missing.code == "pdf.font"
    assert missing.message.startswith("the PDF needs the font 'Amiri' for the Arabic letters")
    assert "install the Debian package fonts-hosny-amiri (apt-get install fonts-hosny-amiri)" \
        in missing.message
    # ... and the substitution it causes, at the template.
    assert substituted.location.path == templates.find("report.typ")
    assert "has no glyph for '،' (U+060C)" in substituted.message


def test_an_english_document_looks_up_no_script_font() -> None:
    assert script_fonts.for_language("en") == script_fonts.NOTHING
    assert script_fonts.for_language("fr") == script_fonts.NOTHING


def test_a_font_collection_is_read_face_by_face() -> None:
    faces = pdf_writer.font_faces(list(script_fonts.for_language("zh").folders))
    names = {face.postscript for face in faces}
    assert {"NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "NotoSerifCJKjp-Regular"} <= names
    regular = next(face for face in faces if face.postscript == "NotoSerifCJKsc-Regular")
    assert {ord("会"), ord("议"), ord("。"), ord("A")} <= regular.characters


def test_the_cache_key_follows_the_script_fonts_without_reading_them() -> None:
    stamps = pdf_writer.tool_versions()
    noto = script_fonts.SCRIPT_FONTS["zh"].files[0]
    info = noto.stat()
    assert stamps[f"font:{noto}"] == f"{info.st_size}:{info.st_mtime_ns}"


def test_the_template_set_finds_the_language_file_a_warning_points_at() -> None:
    found = pdf_writer._language_file(TemplateSet.for_session(EXAMPLE), "ar")
    assert found is not None and found.as_posix().endswith("templates/languages/ar.toml")


def test_a_compiler_kept_warm_gives_a_chinese_version_its_font_after_an_english_one() -> None:
    # reportgen watch keeps one compiler per template folder: the English version's
    # compiler has no CJK font, so the Chinese one must get a compiler of its own.
    (english, chinese), templates = _final_versions("zh")
    pdf_writer.keep_compilers_warm()
    try:
        pdf_writer.write(english, templates)
        written = pdf_writer.write(chinese, templates)
    finally:
        pdf_writer.keep_compilers_warm(False)
    assert [w.message for w in written.warnings] == []
    assert b"NotoSerifCJKsc-Regular" in written.data


def _words_at(page: Page, text: str) -> tuple[float, float]:
    """Where the first run of characters spelling ``text`` stands on ``page`` (x0, x1)."""
    for first in range(len(page.chars)):
        run, spelled = [], ""
        for char in page.chars[first:]:
            if not text.startswith(spelled + char["text"]):
                break
            run.append(char)
            spelled += char["text"]
            if spelled == text:
                return min(c["x0"] for c in run), max(c["x1"] for c in run)
    raise AssertionError(f"{text!r} is not on the page")


def test_the_arabic_footers_and_running_header_are_mirrored(built: tuple[Path, str]) -> None:
    """As the Arabic DOCX has them: the first page's job line at the right margin (its
    codes at the left), then the symbol and the page number on the opposite sides from
    the English pages'."""
    pages = _read(_pdf(built, "ar"))
    width, margin = pages[0].width, 1200 / 20
    job = _words_at(pages[0], "V.17-06793")
    assert job[0] > width / 2  # the English job line starts at the left margin
    with pdfplumber.open(_pdf(built, "ar")) as document:
        first = document.pages[0]
        pictures = [image for image in first.images if image["top"] > first.height / 2]
        codes = [shape for shape in first.curves if shape["top"] > first.height * 0.8]
    # The "Please recycle" picture and the QR code (its modules' paths, 0.76 in square)
    # at the left; the bar code's bars under the job line, at the right.
    assert pictures and all(image["x1"] < width / 2 for image in pictures)
    qr = [shape for shape in codes if shape["x1"] < width / 2]
    assert max(s["x1"] for s in qr) - min(s["x0"] for s in qr) == pytest.approx(0.76 * PT,
                                                                                 abs=2)
    assert min(s["x0"] for s in qr) < width - job[1] + 5  # from the left margin on
    bars = [shape for shape in codes if shape["x0"] > width / 2]
    assert bars and min(s["x0"] for s in bars) > job[0] - 5
    symbol = _words_at(pages[1], "CTOC/COP/WG.7/2017/5")
    number = _words_at(pages[1], f"2/{len(pages)}")
    # Page 2, an even page: in English the symbol and the number at the left margin.
    assert symbol[1] == pytest.approx(width - margin, abs=1)
    assert number[1] == pytest.approx(width - margin, abs=1)
    odd = _words_at(pages[2], f"3/{len(pages)}")
    assert odd[0] == pytest.approx(margin, abs=1)

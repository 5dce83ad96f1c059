"""The Arabic and Chinese Word files: right to left and the UN's fonts.

The example is built in Arabic, Chinese and English once; its Arabic and Chinese DOCX
are checked in their XML (every paragraph right to left, by its own properties or by
what it inherits; Arabic runs ``w:rtl``; tables ``w:bidiVisual``; the fonts and the
complex-script sizes) and in LibreOffice's rendering of them (one soffice run for
both), read with pdfplumber: the paragraph numbers and headings stand at the right,
at the places of the English layout mirrored.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, STEM
from reportgen.cli import main
from reportgen.errors import ExitCode
from reportgen.writers import docx_scripts, libreoffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ARABIC = re.compile(f"[{docx_scripts.ARABIC}]")
LATIN = re.compile("[A-Za-z]")
CJK = re.compile("[\u4e00-\u9fff]")
# The A4 page of the example: 1200 tw margins; SingleTxt indented 1267 tw on each side,
# its first tab stop 1742 tw in; headings' labels end 1022 tw in (un-house-style.md §4).
MARGIN, AXIS, FIRST_TAB, LABEL_END = 1200 / 20, 1267 / 20, 1742 / 20, 1022 / 20
LATIN_FONT = "Times New Roman"


def w(name: str) -> str:
    return f"{W}{name}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's final report in Arabic, Chinese and English, as DOCX."""
    out = tmp_path_factory.mktemp("scripts")
    command = ["build", str(EXAMPLE), "--lang", "ar,zh,en", "--to", "docx", "--strict"]
    result = CliRunner().invoke(main, [*command, "--out", str(out)])
    assert result.exit_code == ExitCode.OK, result.stderr
    return out


class Word:
    """The XML parts of one built DOCX."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.parts[name])

    def names(self, pattern: str) -> list[str]:
        return sorted(n for n in self.parts if re.fullmatch(pattern, n))

    def styles(self) -> dict[str, ET.Element]:
        return {s.get(w("styleId"), ""): s for s in self.xml("word/styles.xml").iter(w("style"))}

    def defaults(self) -> ET.Element:
        found = self.xml("word/styles.xml").find(w("docDefaults"))
        assert found is not None
        return found


def _word(built: Path, code: str) -> Word:
    suffix = "" if code == "en" else f".{code}"
    return Word(built / f"{STEM}{suffix}.docx")


@pytest.fixture(scope="module")
def arabic(built: Path) -> Word:
    return _word(built, "ar")


@pytest.fixture(scope="module")
def chinese(built: Path) -> Word:
    return _word(built, "zh")


def _on(element: ET.Element | None) -> bool | None:
    """A toggle property's value: None when the element is absent."""
    if element is None:
        return None
    return element.get(w("val"), "1") not in ("0", "false", "off")


def paragraph_direction(word: Word, p: ET.Element) -> bool:
    """Whether a paragraph is right to left, as Word resolves it: its own w:bidi, else
    its style's (through basedOn), else the document's default paragraph properties."""
    direct = _on(p.find(f"{w('pPr')}/{w('bidi')}"))
    if direct is not None:
        return direct
    styles = word.styles()
    style_id = p.find(f"{w('pPr')}/{w('pStyle')}")
    current = styles.get(style_id.get(w("val"), "") if style_id is not None else "Normal")
    while current is not None:
        found = _on(current.find(f"{w('pPr')}/{w('bidi')}"))
        if found is not None:
            return found
        based = current.find(w("basedOn"))
        current = styles.get(based.get(w("val"), "")) if based is not None else None
    return bool(_on(word.defaults().find(f"{w('pPrDefault')}/{w('pPr')}/{w('bidi')}")))


def runs(root: ET.Element) -> list[tuple[str, ET.Element]]:
    """Every run with text: (its text, its properties or an empty element)."""
    out = []
    for run in root.iter(w("r")):
        text = "".join(t.text or "" for t in run.iter(w("t")))
        if text:
            out.append((text, run.find(w("rPr")) or ET.Element(w("rPr"))))
    return out


# ------------------------------------------------------------------- XML


def test_every_body_and_note_paragraph_is_right_to_left(arabic: Word) -> None:
    for name in ("word/document.xml", "word/footnotes.xml"):
        paragraphs = list(arabic.xml(name).iter(w("p")))
        assert paragraphs, name
        assert [p for p in paragraphs if not paragraph_direction(arabic, p)] == [], name
    # Inherited from the document's defaults, as every style and paragraph reads them,
    # and from the styles based on no other (Normal, Header …).
    assert _on(arabic.defaults().find(f"{w('pPrDefault')}/{w('pPr')}/{w('bidi')}"))
    for style in ("Normal", "Header", "Footer"):
        assert _on(arabic.styles()[style].find(f"{w('pPr')}/{w('bidi')}")), style
    section = arabic.xml("word/document.xml").find(f"{w('body')}/{w('sectPr')}")
    assert section is not None and _on(section.find(w("bidi")))


def test_arabic_runs_are_right_to_left_and_latin_runs_are_not(arabic: Word) -> None:
    found = runs(arabic.xml("word/document.xml"))
    arabic_runs = [rpr for text, rpr in found if ARABIC.search(text)]
    assert len(arabic_runs) > 100
    assert all(rpr.find(w("rtl")) is not None for rpr in arabic_runs)
    latin = {text: rpr for text, rpr in found if LATIN.search(text)}
    assert all(rpr.find(w("rtl")) is None for rpr in latin.values())
    # The symbol cited in paragraph 3 is a run of its own, its brackets in the Arabic runs.
    assert "CTOC/COP/WG.8/2016/2" in latin
    assert not [text for text in latin if ARABIC.search(text)]


def test_every_table_is_laid_out_right_to_left(arabic: Word) -> None:
    parts = ["word/document.xml", *arabic.names(r"word/(header|footer)\d+\.xml")]
    tables = [(name, table) for name in parts for table in arabic.xml(name).iter(w("tblPr"))]
    assert len(tables) >= 5  # the masthead, the running headers and footers
    assert [name for name, table in tables if table.find(w("bidiVisual")) is None] == []


def test_masthead_lines_without_arabic_stay_left_to_right(arabic: Word) -> None:
    masthead = arabic.xml("word/header3.xml")
    lines = {"".join(t.text or "" for t in p.iter(w("t"))): p for p in masthead.iter(w("p"))}
    for text in ("CTOC/COP/WG.7/2017/5", "Distr.: General", "27 September 2017", "Arabic",
                 "Original: English"):
        assert paragraph_direction(arabic, lines[text]) is False, text
    for text in ("الأمم المتحدة",
                 "مؤتمر الأطراف في اتفاقية الأمم المتحدة لمكافحة الجريمة المنظَّمة عبر الوطنية"):
        assert paragraph_direction(arabic, lines[text]) is True, text
    # The symbol, at the right in English, at the left: flush with the outer edge.
    jc = lines["CTOC/COP/WG.7/2017/5"].find(f"{w('pPr')}/{w('jc')}")
    assert jc is not None and jc.get(w("val")) == "left"


def test_arabic_is_set_in_the_un_font_at_the_latin_sizes(arabic: Word) -> None:
    fonts = arabic.defaults().find(f"{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    assert fonts is not None and fonts.get(w("cs")) == "Simplified Arabic"
    assert fonts.get(w("ascii")) == LATIN_FONT
    styles = arabic.xml("word/styles.xml")
    named = [f.get(w("cs")) for f in styles.iter(w("rFonts")) if f.get(w("cs"))]
    assert len(named) > 5 and set(named) == {"Simplified Arabic"}
    lang = arabic.defaults().find(f"{w('rPrDefault')}/{w('rPr')}/{w('lang')}")
    assert lang is not None and lang.get(w("bidi")) == "ar-SA"
    parts = ["word/styles.xml", "word/document.xml",
             *arabic.names(r"word/(header|footer)\d+\.xml")]
    sizes = [(rpr.find(w("sz")), rpr.find(w("szCs"))) for name in parts
             for rpr in arabic.xml(name).iter(w("rPr")) if rpr.find(w("sz")) is not None]
    assert len(sizes) > 20
    assert [(sz.get(w("val")), cs.get(w("val")) if cs is not None else None)
            for sz, cs in sizes if cs is None or cs.get(w("val")) != sz.get(w("val"))] == []
    heading = arabic.styles()["H1"].find(w("rPr"))
    assert heading is not None and heading.find(w("bCs")) is not None
    assert 'w:name="Simplified Arabic"' in arabic.parts["word/fontTable.xml"].decode("utf-8")


def test_chinese_is_set_in_simsun_left_to_right(chinese: Word) -> None:
    rpr = f"{w('rPrDefault')}/{w('rPr')}"
    fonts = chinese.defaults().find(f"{rpr}/{w('rFonts')}")
    assert fonts is not None
    assert (fonts.get(w("eastAsia")), fonts.get(w("hint")), fonts.get(w("ascii"))) == (
        "SimSun", "eastAsia", LATIN_FONT)
    lang = chinese.defaults().find(f"{rpr}/{w('lang')}")
    assert lang is not None and lang.get(w("eastAsia")) == "zh-CN"
    body = chinese.xml("word/document.xml")
    assert all(not paragraph_direction(chinese, p) for p in body.iter(w("p")))
    everything = b"".join(chinese.parts[n] for n in chinese.parts if n.endswith(".xml"))
    assert b"<w:rtl/>" not in everything and b"bidiVisual" not in everything
    assert 'w:name="SimSun"' in chinese.parts["word/fontTable.xml"].decode("utf-8")


def test_english_has_neither_direction_nor_other_fonts(built: Path) -> None:
    english = _word(built, "en")
    everything = b"".join(english.parts[n] for n in english.parts if n.endswith(".xml"))
    for mark in (b"<w:bidi/>", b"<w:rtl/>", b"bidiVisual", b"Simplified Arabic", b"SimSun",
                 b"szCs w:val=\"28\""):
        assert mark not in everything, mark
    assert docx_scripts.script_of("en") is None and docx_scripts.script_of("fr") is None


def test_latin_stretches_are_cut_out_of_arabic_text() -> None:
    pieces = docx_scripts._pieces("يومي 6 و7 (CTOC/COP/WG.8/2016/2). وفي Viet Nam، 5/3")
    assert pieces == [("يومي 6 و7 (", False), ("CTOC/COP/WG.8/2016/2", True),
                      ("). وفي ", False), ("Viet Nam", True), ("، 5/3", False)]
    assert docx_scripts._pieces("") == [("", False)]


# ---------------------------------------------------------- LibreOffice


class Page:
    """One page of LibreOffice's PDF: its words (Arabic in the visual order pdfplumber
    reads them, right to left reversed) and its images."""

    def __init__(self, page: Any) -> None:
        self.width = float(page.width)
        self.words: list[dict[str, Any]] = page.extract_words()
        self.images: list[dict[str, Any]] = page.images
        self.chars: list[dict[str, Any]] = page.chars

    def find(self, logical: str) -> dict[str, Any]:
        """The first word that reads ``logical``: Arabic given in its logical order, its
        letters compared as a set (pdfplumber reads them in the visual order, with a
        ligature's letters, "لأ", in the logical one), justification's kashidas, read as
        (cid:2), ignored."""
        key = sorted(logical) if ARABIC.search(logical) else list(logical)
        for word in self.words:
            shown = _shown(word)
            if (sorted(shown) if ARABIC.search(shown) else list(shown)) == key:
                return word
        raise AssertionError(f"{logical!r} is not on the page")


def _installed(family: str) -> bool:
    """Whether fontconfig knows a font of this family."""
    found = subprocess.run(["fc-list", family, "family"], capture_output=True, text=True,
                           check=False) if shutil.which("fc-list") else None
    return found is not None and family in found.stdout


def _shown(word: dict[str, Any]) -> str:
    return str(word["text"]).replace("(cid:2)", "")


@pytest.fixture(scope="module")
def rendered(built: Path) -> dict[str, list[Page]]:
    """LibreOffice's pages of the Arabic, Chinese and English DOCX (one soffice run)."""
    import pdfplumber

    if libreoffice.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    codes = ("ar", "zh", "en")
    jobs = [libreoffice.Job(code, (built / f"{STEM}{'' if code == 'en' else '.' + code}.docx")
                            .read_bytes(), "2017-09-27") for code in codes]
    out = {}
    for code, pdf in zip(codes, libreoffice.convert(jobs).pdfs, strict=True):
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            out[code] = [Page(page) for page in document.pages]
    return out


def test_paragraph_numbers_stand_at_the_right_of_their_text(
        rendered: dict[str, list[Page]]) -> None:
    page = rendered["ar"][0]
    right = page.width - MARGIN
    ones = [word for word in page.words if re.fullmatch(r"\W*1\W*", _shown(word))
            and word["x0"] > page.width / 2]
    number = min(ones, key=lambda word: word["top"])  # "1." (pdfplumber reads ".1")
    line = [word for word in page.words
            if abs(word["top"] - number["top"]) < 3 and word is not number]
    first = max(line, key=lambda word: word["x1"])  # the text's first word
    # SingleTxt's indent mirrored: the number ends on the text axis, at the right; the
    # text starts at the first tab stop, to its left.
    assert number["x1"] == pytest.approx(right - AXIS, abs=1)
    assert number["x0"] > 0.75 * page.width
    assert first["x1"] == pytest.approx(right - FIRST_TAB, abs=1.5)
    assert len(line) > 8 and all(word["x1"] <= number["x0"] for word in line)


def test_headings_and_title_are_aligned_at_the_right(rendered: dict[str, list[Page]]) -> None:
    page = rendered["ar"][0]
    right = page.width - MARGIN
    heading, label = page.find("مقدمة"), page.find("أولا-")
    assert heading["x1"] == pytest.approx(right - AXIS, abs=1)
    assert label["x0"] == pytest.approx(right - LABEL_END, abs=1.5)
    assert label["x0"] > heading["x1"]
    title = page.find("تقرير")
    assert title["x1"] == pytest.approx(right - AXIS, abs=1)


def test_masthead_is_mirrored_with_its_distribution_block_in_english(
        rendered: dict[str, list[Page]]) -> None:
    page = rendered["ar"][0]
    middle = page.width / 2
    symbol, organization = page.find("CTOC"), page.find("الأمم")
    assert symbol["x0"] == pytest.approx(MARGIN, abs=1)  # the symbol at the left
    assert organization["x1"] > middle  # "الأمم المتحدة" at the right, over the emblem
    emblem = min(page.images, key=lambda image: image["top"])
    assert emblem["x0"] > organization["x1"] - 1 and emblem["x1"] < page.width - MARGIN + 1
    day, month, year = page.find("27"), page.find("September"), page.find("2017")
    assert day["top"] == month["top"] == year["top"]
    assert day["x1"] < month["x0"] < year["x0"] < middle  # left to right, at the left


def test_first_page_pictures_are_the_english_ones_mirrored(
        rendered: dict[str, list[Page]]) -> None:
    """The emblem, the barcode, the recycling logo and the QR code: each at the place of
    its English counterpart mirrored about the page's middle."""
    def places(page: Page) -> dict[int, dict[str, Any]]:
        """Each picture by its width in points (the four differ)."""
        return {round(image["x1"] - image["x0"]): image for image in page.images}

    english, arabic = places(rendered["en"][0]), places(rendered["ar"][0])
    assert len(english) == 4 and english.keys() == arabic.keys()
    width = rendered["en"][0].width
    for key, image in english.items():
        ours = arabic[key]
        assert ours["top"] == pytest.approx(image["top"], abs=1.5), key
        assert (ours["x0"], ours["x1"]) == (pytest.approx(width - image["x1"], abs=1),
                                            pytest.approx(width - image["x0"], abs=1)), key


def test_running_headers_and_footers_are_mirrored(rendered: dict[str, list[Page]]) -> None:
    """Page 2: the symbol and the page number at the right, the job number at the left
    (the English even page has them the other way round); left to right each."""
    english, arabic = rendered["en"][1], rendered["ar"][1]
    for word in ("CTOC/COP/WG.7/2017/5", "V.17-06793"):
        ours, theirs = arabic.find(word), english.find(word)
        assert ours["x0"] == pytest.approx(english.width - theirs["x1"], abs=1), word
    number = next(word for word in arabic.words if re.fullmatch(r"2/\d+", word["text"]))
    assert number["x1"] == pytest.approx(arabic.width - MARGIN, abs=1)


def test_rendered_scripts_are_set_in_fonts_that_have_them(
        rendered: dict[str, list[Page]]) -> None:
    arabic = [c for page in rendered["ar"] for c in page.chars if ARABIC.match(c["text"])]
    chinese = [c for page in rendered["zh"] for c in page.chars if CJK.match(c["text"])]
    assert len(arabic) > 5000 and len(chinese) > 3000
    # LibreOffice has neither Simplified Arabic nor SimSun: it falls back to a font that
    # has the script, never to the Latin text's (Liberation Serif, for Times New Roman).
    for chars in (arabic, chinese):
        assert not [c["fontname"] for c in chars if "Liberation" in c["fontname"]]
    assert all("CJK" in c["fontname"] for c in chinese)
    # Amiri (Debian fonts-hosny-amiri) stands in for Simplified Arabic where installed.
    if _installed("Amiri"):
        assert {c["fontname"].split("+")[-1].split("-")[0] for c in arabic} == {"Amiri"}
    text = "".join(c["text"] for c in rendered["zh"][0].chars)
    assert "偷运移民问题工作组会议的报告" in text


# ------------------------------------------------------------ contents


@pytest.fixture(scope="module")
def with_contents(tmp_path_factory: pytest.TempPathFactory) -> tuple[Word, list[Page]]:
    """The Arabic version of the example with a contents (paragraphs and pages), and
    LibreOffice's pages of it."""
    import pdfplumber

    if libreoffice.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("contents") / "session"
    shutil.copytree(EXAMPLE.parent, folder)
    session = folder / EXAMPLE.name
    text = session.read_text(encoding="utf-8")
    session.write_text(text.replace("  duty_station: Vienna\n", "  duty_station: Vienna\n"
                                    "  contents: paragraphs-and-pages\n", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(session), "--lang", "ar", "--to", "docx",
                                       "--out", str(folder / "out")])
    assert result.exit_code == ExitCode.OK, result.stderr
    docx = folder / "out" / f"{STEM}.ar.docx"
    pdf = libreoffice.convert([libreoffice.Job("ar", docx.read_bytes(), "2017-09-27")]).pdfs[0]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return Word(docx), [Page(page) for page in document.pages]


def test_arabic_contents_gives_each_heading_its_page_at_the_left(
        with_contents: tuple[Word, list[Page]]) -> None:
    word, pages = with_contents
    xml = word.parts["word/document.xml"].decode("utf-8")
    printed = re.findall(r' PAGEREF _Toc\d+ \\h </w:instrText>.*?<w:t[^>]*>([^<]*)</w:t>', xml)
    # LibreOffice's pages, not the placeholders "00", in the order of the headings.
    assert len(printed) == 12 and all(page.isdigit() and int(page) > 0 for page in printed)
    assert [int(page) for page in printed] == sorted(int(page) for page in printed)
    # Chapter I ("مقدمة") starts on the page its line gives.
    assert any(sorted(_shown(w)) == sorted("مقدمة") for w in pages[int(printed[0]) - 1].words)
    # The page column, at the right margin in English, is at the left margin.
    contents = pages[0]
    numbers = [w for w in contents.words if w["text"] in printed and w["x1"] < 100]
    assert len(numbers) == 12
    assert all(w["x0"] == pytest.approx(MARGIN, abs=1.5) for w in numbers)


def test_header_lines_as_word_writes_them_are_mirrored_too() -> None:
    """A project's own reference document, saved by Word: paragraphs and runs with
    attributes, a paragraph without properties."""
    header = ('<w:hdr><w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tr><w:tc>'
              '<w:p w:rsidR="00A1"><w:r w:rsidR="00A1"><w:t>A/80/6</w:t></w:r></w:p>'
              '<w:p w:rsidR="00A2"><w:pPr><w:jc w:val="right"/></w:pPr><w:r w:rsidR="00A2">'
              '<w:rPr><w:b/></w:rPr><w:t>الأمم المتحدة</w:t></w:r></w:p><w:p/>'
              '</w:tc></w:tr></w:tbl></w:hdr>')
    out = docx_scripts.header_or_footer(header)
    assert '<w:tblPr><w:bidiVisual/><w:tblW' in out
    assert ('<w:p w:rsidR="00A1"><w:pPr><w:bidi w:val="0"/><w:jc w:val="right"/></w:pPr>'
            in out)
    assert ('<w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/><w:rtl/></w:rPr>'
            '<w:t xml:space="preserve">الأمم المتحدة</w:t></w:r>') in out
    assert out.endswith("<w:p/></w:tc></w:tr></w:tbl></w:hdr>")

"""The Word file measures like a real UN document (un-house-style.md §1.2–1.4, §4).

The values asserted here were measured in the real DGACM Word files in
shared/reference/ (styles.xml, header1-3.xml, footer1-3.xml, settings.xml and
the sectPr of document.xml); the LibreOffice test reads the codes and page
numbers back from the rendered pages.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import EXAMPLE, STEM, require_tool
from reportgen import build
from reportgen.pipeline import barcodes
from reportgen.pipeline.templates import builtin_dir
from reportgen.pipeline.tree import Document, Heading, Masthead, Paragraph, Text
from reportgen.writers import docx, docx_parts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R,
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
      "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
STEP = 475  # the UN tab grid (§4.2)


def w(name: str) -> str:
    return f"{{{W}}}{name}"


class Word:
    """The parts of a .docx, parsed on demand."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}

    @classmethod
    def read(cls, path: Path) -> Word:
        return cls(path.read_bytes())

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.parts[name])

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")

    def section(self) -> ET.Element:
        sect = self.xml("word/document.xml").find("w:body/w:sectPr", NS)
        assert sect is not None
        return sect

    def part_name(self, kind: str, which: str) -> str:
        """The part that the section uses as its ``kind`` (header/footer) of type ``which``."""
        ref = self.section().find(f"w:{kind}Reference[@w:type='{which}']", NS)
        assert ref is not None, f"no {which} {kind}"
        rid = ref.get(f"{{{R}}}id")
        rels = self.xml("word/_rels/document.xml.rels")
        target = next(r.get("Target") for r in rels.findall("rel:Relationship", NS)
                      if r.get("Id") == rid)
        return f"word/{target}"

    def part(self, kind: str, which: str) -> ET.Element:
        return self.xml(self.part_name(kind, which))

    def style(self, style_id: str) -> list[ET.Element]:
        """The style and the styles it is based on, nearest first."""
        styles = self.xml("word/styles.xml")
        chain = []
        while style_id:
            found = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
            assert found is not None, f"style {style_id} missing"
            chain.append(found)
            based = found.find("w:basedOn", NS)
            style_id = based.get(w("val"), "") if based is not None else ""
        return chain

    def prop(self, style_id: str, path: str) -> ET.Element | None:
        """The nearest definition of a property along the basedOn chain."""
        for style in self.style(style_id):
            found = style.find(path, NS)
            if found is not None:
                return found
        return None

    def val(self, style_id: str, path: str, attribute: str = "val") -> str | None:
        found = self.prop(style_id, path)
        return None if found is None else found.get(w(attribute))


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(w("t")) if (t.text or "").strip()]


def grid(element: ET.Element) -> list[int]:
    return [int(c.get(w("w"), "0")) for c in element.iter(w("gridCol"))]


def _session_variant(folder: Path, change: tuple[str, str]) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert change[0] in text
    (folder / "session.yaml").write_text(text.replace(*change), encoding="utf-8")
    build.build([folder / "session.yaml"], ["docx"], folder / "out")
    return folder / "out" / f"{STEM}.docx"


@pytest.fixture(scope="module")
def vienna(example_build: Path) -> Word:
    return Word.read(example_build / f"{STEM}.docx")


@pytest.fixture(scope="module")
def new_york(tmp_path_factory: pytest.TempPathFactory) -> Word:
    """The example session as if it had been issued in New York."""
    folder = tmp_path_factory.mktemp("new-york")
    return Word.read(_session_variant(folder, ("duty_station: Vienna",
                                                "duty_station: New York")))


@pytest.fixture(scope="module")
def no_job_number(tmp_path_factory: pytest.TempPathFactory) -> Word:
    folder = tmp_path_factory.mktemp("no-job")
    return Word.read(_session_variant(folder, ("  job_number: V.17-06793\n", "")))


# ------------------------------------------------------------------ styles


def test_normal_is_10_pt_exact_12_pt_scaled_and_spaced(vienna: Word) -> None:
    assert vienna.val("Normal", "w:rPr/w:sz") == "20"
    assert vienna.val("Normal", "w:pPr/w:spacing", "line") == "240"
    assert vienna.val("Normal", "w:pPr/w:spacing", "lineRule") == "exact"
    assert vienna.val("Normal", "w:rPr/w:w") == "103"
    assert vienna.val("Normal", "w:rPr/w:spacing") == "4"
    assert vienna.prop("Normal", "w:pPr/w:suppressAutoHyphens") is not None
    assert vienna.val("Normal", "w:rPr/w:rFonts", "ascii") == "Times New Roman"


def test_single_txt_is_indented_justified_with_tabs_every_475(vienna: Word) -> None:
    assert vienna.val("SingleTxt", "w:pPr/w:ind", "left") == "1267"
    assert vienna.val("SingleTxt", "w:pPr/w:ind", "right") == "1267"
    assert vienna.val("SingleTxt", "w:pPr/w:jc") == "both"
    assert vienna.val("SingleTxt", "w:pPr/w:spacing", "after") == "120"
    tabs = vienna.prop("SingleTxt", "w:pPr/w:tabs")
    assert tabs is not None
    stops = [int(t.get(w("pos"), "0")) for t in tabs]
    assert stops[0] == 1267 and len(stops) == 11
    # every 475 tw (the template rounds to whole twips: 474–489)
    assert all(abs(b - a - STEP) <= 14 for a, b in zip(stops, stops[1:], strict=False))


@pytest.mark.parametrize(("style", "size"), [("HCh", "28"), ("H1", "24"), ("H23", "20"),
                                             ("TitleHCH", "28")])
def test_heading_styles_are_bold_at_their_size(vienna: Word, style: str, size: str) -> None:
    assert vienna.val(style, "w:rPr/w:sz") == size
    bold = vienna.prop(style, "w:rPr/w:b")
    assert bold is not None and bold.get(w("val"), "1") not in ("0", "false")


def test_headings_hang_from_a_right_tab_at_1022(vienna: Word) -> None:
    """The title style carries it; body headings carry it on each paragraph, as the UN does."""
    title_tabs = vienna.prop("TitleHCH", "w:pPr/w:tabs")
    assert title_tabs is not None
    assert (title_tabs[0].get(w("val")), title_tabs[0].get(w("pos"))) == ("right", "1022")
    body = vienna.xml("word/document.xml")
    headings = [p for p in body.iter(w("p"))
                if p.find("w:pPr/w:pStyle", NS) is not None
                and p.find("w:pPr/w:pStyle", NS).get(w("val")) in ("HCh", "H1", "H23", "H4")]
    assert len(headings) > 20
    for heading in headings:
        tabs = [(t.get(w("val")), t.get(w("pos"))) for t in heading.iterfind("w:pPr/w:tabs/w:tab",
                                                                             NS)]
        assert ("right", "1022") in tabs and ("left", "1267") in tabs
        ind = heading.find("w:pPr/w:ind", NS)
        assert ind is not None
        assert (ind.get(w("left")), ind.get(w("hanging"))) == ("1267", "1267")


def test_footnote_text_is_8_5_pt_on_an_exact_10_5_pt_line_on_the_axis(vienna: Word) -> None:
    # The style pandoc gives footnotes ("Footnote Text"), based on the UN FootnoteText.
    assert [s.get(w("styleId")) for s in vienna.style("PandocFootnoteText")][:2] == [
        "PandocFootnoteText", "FootnoteText"]
    assert vienna.val("PandocFootnoteText", "w:rPr/w:sz") == "17"
    assert vienna.val("PandocFootnoteText", "w:pPr/w:spacing", "line") == "210"
    assert vienna.val("PandocFootnoteText", "w:pPr/w:spacing", "lineRule") == "exact"
    assert vienna.val("PandocFootnoteText", "w:pPr/w:ind", "left") == "1267"
    assert vienna.val("PandocFootnoteText", "w:pPr/w:ind", "right") == "1267"


# ------------------------------------------------------------ page, settings


def test_first_page_differs_and_even_pages_have_their_own_headers(vienna: Word) -> None:
    assert vienna.section().find("w:titlePg", NS) is not None
    assert vienna.xml("word/settings.xml").find("w:evenAndOddHeaders", NS) is not None
    for kind in ("header", "footer"):
        for which in ("first", "even", "default"):
            assert vienna.part_name(kind, which) in vienna.parts


@pytest.mark.parametrize(("fixture", "size"), [("vienna", ("11906", "16838")),
                                               ("new_york", ("12240", "15840"))])
def test_page_size_follows_the_duty_station(request: pytest.FixtureRequest, fixture: str,
                                            size: tuple[str, str]) -> None:
    word: Word = request.getfixturevalue(fixture)
    page = word.section().find("w:pgSz", NS)
    assert page is not None and (page.get(w("w")), page.get(w("h"))) == size
    margins = word.section().find("w:pgMar", NS)
    assert margins is not None
    assert {k: margins.get(w(k)) for k in ("top", "left", "right", "bottom", "header",
                                           "footer")} == {
        "top": "1440", "left": "1200", "right": "1200", "bottom": "1152", "header": "432",
        "footer": "504"}


# --------------------------------------------------------------- masthead


def test_masthead_table_has_the_un_grid(new_york: Word, vienna: Word) -> None:
    """The real grid on Letter; on A4 the organ cell gives up what the column lacks."""
    masthead = new_york.part("header", "first")
    table = masthead.find("w:tbl", NS)
    assert table is not None
    assert grid(table) == [1267, 1872, 245, 3110, 245, 3096, 15]
    assert table.find("w:tblPr/w:tblW", NS).get(w("w")) == "9850"
    assert table.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
    rows = table.findall("w:tr", NS)
    heights = [(r.find("w:trPr/w:trHeight", NS).get(w("hRule")),
                r.find("w:trPr/w:trHeight", NS).get(w("val"))) for r in rows]
    assert heights == [("exact", "864"), ("exact", "2880")]
    first_rule = {b.get(w("sz")) for b in rows[0].iterfind("w:tc/w:tcPr/w:tcBorders/w:bottom", NS)}
    second_rule = {b.get(w("sz")) for b in rows[1].iterfind("w:tc/w:tcPr/w:tcBorders/w:bottom",
                                                            NS)}
    assert (first_rule, second_rule) == ({"4"}, {"12"})
    a4 = grid(vienna.part("header", "first"))
    assert a4 == [1267, 1872, 245, 3110 - 334, 245, 3096, 15]  # 9506 tw column on A4


def test_masthead_symbol_is_20_pt_then_10_pt_lowered_2_pt(vienna: Word) -> None:
    masthead = vienna.part("header", "first")
    symbol = next(p for p in masthead.iter(w("p")) if "CTOC" in texts(p))
    runs = [(r.find("w:t", NS).text, r.find("w:rPr/w:sz", NS).get(w("val")),
             r.find("w:rPr/w:position", NS).get(w("val"))) for r in symbol.iterfind("w:r", NS)]
    assert runs == [("CTOC", "40", "-4"), ("/COP/WG.7/2017/5", "20", "-4")]
    assert symbol.find("w:pPr/w:jc", NS).get(w("val")) == "right"


def test_masthead_names_the_un_organ_distribution_date_and_language(vienna: Word) -> None:
    masthead = vienna.part("header", "first")
    assert texts(masthead) == [
        "United Nations", "CTOC", "/COP/WG.7/2017/5",
        "Conference of the Parties to the United Nations Convention against Transnational "
        "Organized Crime", "Distr.: General", "27 September 2017", "Original: English"]
    united = next(p for p in masthead.iter(w("p")) if texts(p) == ["United Nations"])
    run = united.find("w:r/w:rPr", NS)
    assert run is not None
    assert (run.find("w:b", NS).get(w("val")), run.find("w:w", NS).get(w("val")),
            run.find("w:spacing", NS).get(w("val"))) == ("0", "96", "2")
    assert len(masthead.findall(".//pic:pic", NS)) == 1  # the emblem
    extent = masthead.find(".//wp:extent", NS)
    assert (extent.get("cx"), extent.get("cy")) == ("713232", "597103")  # 0.78 x 0.65 in


def test_long_organ_names_are_set_at_16_pt() -> None:
    def organ(name: str) -> tuple[str, str]:
        values = docx_parts.placeholder_values(Masthead(
            symbol="A/1", distribution="General", date="1 May 2025",
            original_language="English", organ=name, title="T"))
        return values["organ.size"], values["organ.line"]

    assert organ("General Assembly") == ("40", "390")  # XLarge: 20 pt, line 19.5 pt
    assert organ("Economic and Social Council") == ("40", "390")
    assert organ("Conference of the Parties to the United Nations Convention against "
                 "Transnational Organized Crime") == ("32", "340")


def test_values_are_escaped_and_filled_in_one_pass() -> None:
    filled = docx_parts.fill('<!-- {{…}} --><w:t>{{organ}}</w:t><a descr="{{qr.url}}"/>',
                             {"organ": "A & <B> {{symbol}}", "qr.url": 'x"y'})
    assert filled == '<w:t>A &amp; &lt;B&gt; {{symbol}}</w:t><a descr="x&quot;y"/>'
    with pytest.raises(KeyError):
        docx_parts.fill("<w:t>{{nope}}</w:t>", {})


# -------------------------------------------------------- running headers


def test_running_headers_put_the_symbol_on_the_outer_edge(vienna: Word) -> None:
    for which, cell, align in (("even", 0, None), ("default", 1, "right")):
        header = vienna.part("header", which)
        table = header.find("w:tbl", NS)
        assert grid(table) == [9506 // 2] * 2
        bottom = table.find("w:tblPr/w:tblBorders/w:bottom", NS)
        assert bottom is not None and bottom.get(w("sz")) == "2"  # 0.25 pt
        cells = table.findall("w:tr/w:tc", NS)
        assert texts(cells[cell]) == ["CTOC/COP/WG.7/2017/5"]
        assert texts(cells[1 - cell]) == []
        paragraph = cells[cell].find("w:p", NS)
        jc = paragraph.find("w:pPr/w:jc", NS)
        assert (jc.get(w("val")) if jc is not None else None) == align
        assert paragraph.find("w:pPr/w:pStyle", NS).get(w("val")) == "Header"
        assert paragraph.find("w:r/w:rPr/w:b", NS) is not None
    assert vienna.val("Header", "w:rPr/w:sz") == "17"  # 8.5 pt


def _fields(element: ET.Element) -> list[str]:
    return [(t.text or "").split()[0] for t in element.iter(w("instrText"))]


def test_running_footers_put_page_of_pages_outside_and_job_number_inside(vienna: Word) -> None:
    # even (left-hand) pages: "2/7" at the left; odd (right-hand) pages: at the right
    for which, page_cell, align in (("even", 0, None), ("default", 1, "right")):
        footer = vienna.part("footer", which)
        cells = footer.findall("w:tbl/w:tr/w:tc", NS)
        assert _fields(cells[page_cell]) == ["PAGE", "NUMPAGES"]
        assert "/" in texts(cells[page_cell])
        assert texts(cells[1 - page_cell]) == ["V.17-06793"]
        job = cells[1 - page_cell].find("w:p/w:r/w:rPr", NS)
        assert (job.find("w:sz", NS).get(w("val")), job.find("w:b", NS).get(w("val"))) == (
            "14", "0")  # 7 pt, not bold
        jc = cells[page_cell].find("w:p/w:pPr/w:jc", NS)
        assert (jc.get(w("val")) if jc is not None else None) == align
    assert vienna.val("Footer", "w:rPr/w:sz") == "17"
    assert vienna.prop("Footer", "w:rPr/w:b") is not None


# ------------------------------------------------------- first-page footer


def test_first_page_footer_has_job_number_stamps_barcode_recycle_and_qr(vienna: Word) -> None:
    name = vienna.part_name("footer", "first")
    footer = vienna.xml(name)
    assert texts(footer) == ["V.17-06793 (E)", "    270917"]
    stamp = next(p for p in footer.iter(w("p")) if "V.17-06793 (E)" in texts(p))
    assert stamp.find("w:pPr/w:pStyle", NS).get(w("val")) == "ReleaseDate"
    rels = vienna.xml(name.replace("word/", "word/_rels/") + ".rels")
    images = {r.get("Id"): "word/" + r.get("Target", "") for r in rels}
    used = [images[b.get(f"{{{R}}}embed")] for b in footer.iter(f"{{{NS['a']}}}blip")]
    assert sorted(used) == ["word/media/barcode.png", "word/media/please-recycle.png",
                            "word/media/qr.png"]
    reference = builtin_dir() / "reference-docx" / "word" / "media"
    assert vienna.parts["word/media/please-recycle.png"] == (
        reference / "please-recycle.png").read_bytes()
    # The document's own codes, not the reference document's placeholders.
    for image in ("barcode.png", "qr.png"):
        assert vienna.parts[f"word/media/{image}"] != (reference / image).read_bytes()
    extents = {d.find("wp:docPr", NS).get("name"): d.find("wp:extent", NS)
               for d in footer.iter() if d.tag in (f"{{{NS['wp']}}}inline",
                                                   f"{{{NS['wp']}}}anchor")}
    assert (extents["QR code"].get("cx"), extents["QR code"].get("cy")) == (
        "694690", "694690")  # 1.93 cm
    assert (extents["Please recycle"].get("cx"), extents["Please recycle"].get("cy")) == (
        "929642", "231648")  # 2.58 x 0.64 cm


def test_first_page_footer_without_a_job_number_keeps_the_logo_and_qr_code(
        no_job_number: Word, vienna: Word) -> None:
    """Real L. documents carry the whole cover footer; a document not yet given a job
    number (reportgen warns, for a draft part) keeps the "Please recycle" logo and the QR
    code of its symbol, and a blank as tall as the barcode where the barcode goes, so that
    its body ends where a cover's does (1.2 in above the edge)."""
    name = no_job_number.part_name("footer", "first")
    footer = no_job_number.xml(name)
    assert not any("V.17" in t or "(E)" in t for t in texts(footer))
    assert not any(t.strip().isdigit() for t in texts(footer))  # no release stamp
    media = {n.removeprefix("word/media/") for n in no_job_number.parts
             if n.startswith("word/media/")}
    assert {"qr.png", "please-recycle.png", "barcode.png"} <= media, media
    assert no_job_number.parts["word/media/qr.png"] == vienna.parts["word/media/qr.png"]
    blank = no_job_number.parts["word/media/barcode.png"]
    assert struct.unpack(">II", blank[16:24]) == (1, 1)  # one pixel, white
    extents = [e for e in footer.iter(f"{{{NS['wp']}}}extent")]
    barcode_height = str(docx_parts.BARCODE_HEIGHT_EMU)
    assert any(e.get("cy") == barcode_height for e in extents)
    running = no_job_number.part("footer", "default")
    assert _fields(running) == ["PAGE", "NUMPAGES"]
    assert not any("V.17" in t for t in texts(running))


# -------------------------------------------------------------------- body


def _body_paragraphs(word: Word) -> list[tuple[str, str, str]]:
    """(style, spacing line, text) of every body paragraph, in order."""
    out = []
    for p in word.xml("word/document.xml").find("w:body", NS).iterfind("w:p", NS):
        style = p.find("w:pPr/w:pStyle", NS)
        spacing = p.find("w:pPr/w:spacing", NS)
        out.append((style.get(w("val")) if style is not None else "",
                    spacing.get(w("line"), "") if spacing is not None else "",
                    "".join(texts(p)).strip()))
    return out


def _spacer(entry: tuple[str, str, str]) -> bool:
    return entry == ("SingleTxt", "120", "")


def test_body_starts_with_the_title_after_the_masthead_spacing(vienna: Word) -> None:
    body = _body_paragraphs(vienna)
    assert [_spacer(e) for e in body[:3]] == [True] * 3
    assert body[3][0] == "TitleHCH" and body[3][2].startswith("Report on the meeting")
    assert [_spacer(e) for e in body[4:7]] == [True] * 3
    assert body[7][0] == "HCh" and body[7][2] == "I.Introduction"


@pytest.mark.parametrize(("style", "before", "after"), [("HCh", 2, 2), ("H1", 1, 1),
                                                        ("H23", 1, 1), ("H4", 1, 1)])
def test_headings_are_spaced_with_6_pt_spacer_paragraphs(vienna: Word, style: str,
                                                         before: int, after: int) -> None:
    """Between a body paragraph and a heading, and a heading and a body paragraph."""
    body = _body_paragraphs(vienna)
    solid = [i for i, entry in enumerate(body) if not _spacer(entry)]
    checked = 0
    for previous, heading, following in zip(solid, solid[1:], solid[2:], strict=False):
        if body[heading][0] != style:
            continue
        if body[previous][0] == "SingleTxt":
            assert heading - previous - 1 == before, body[heading]
            checked += 1
        if body[following][0] == "SingleTxt":
            assert following - heading - 1 == after, body[heading]
            checked += 1
    assert checked >= 2


def test_subparagraphs_type_tab_label_tab_text(vienna: Word) -> None:
    body = vienna.xml("word/document.xml").find("w:body", NS)
    item = next(p for p in body.iterfind("w:p", NS) if "(c)" in texts(p))
    sequence = [("tab" if r.find("w:tab", NS) is not None else r.find("w:t", NS).text)
                for r in item.iterfind("w:r", NS)]
    assert sequence[:3] == ["tab", "(c)", "tab"]


def test_the_document_ends_with_a_centred_1_in_rule(vienna: Word) -> None:
    body = vienna.xml("word/document.xml").find("w:body", NS)
    paragraphs = body.findall("w:p", NS)
    last, before = paragraphs[-1], paragraphs[-2]
    assert texts(before)[0].startswith("32.")
    assert texts(last) == []
    assert last.find("w:pPr/w:pStyle", NS).get(w("val")) == "SingleTxt"
    anchor = last.find(".//wp:anchor", NS)
    assert anchor is not None
    assert anchor.find("wp:positionH/wp:align", NS).text == "center"
    assert anchor.find("wp:positionV/wp:posOffset", NS).text == "304800"  # 24 pt below
    assert anchor.find("wp:extent", NS).get("cx") == "914400"  # 1 in
    shape = anchor.find(".//wps:wsp", NS)
    assert shape is not None
    assert shape.find(".//a:prstGeom", NS).get("prst") == "line"
    assert shape.find(".//a:ln", NS).get("w") == "3175"  # 0.25 pt


def test_draft_title_block_has_the_body_line_title_and_subtitle() -> None:
    masthead = Masthead(symbol="CTOC/COP/WG.7/2017/L.1/Add.1", distribution="Limited",
                        distribution_line="Distr.: Limited",
                        date="12 September 2017", original_language="English",
                        organ="Conference of the Parties", title="Draft report",
                        subtitle="Addendum",
                        body_line="Working Group on the Smuggling of Migrants\n"
                                  "Vienna, 11–13 September 2017")
    document = Document(masthead, [Heading("chapter", [Text("Recommendations")], label="II."),
                                   Paragraph([Text("Adopted.")], number="1.")])
    word = Word(docx.render_docx(document, builtin_dir() / "reference-docx"))
    body = [e for e in _body_paragraphs(word) if e[2]]
    assert [(style, text) for style, _, text in body] == [
        ("Session", "Working Group on the Smuggling of Migrants"),
        ("AgendaItemNormal", "Vienna, 11–13 September 2017"),
        ("TitleHCH", "Draft report"), ("TitleH1", "Addendum"),
        ("HCh", "II.Recommendations"), ("SingleTxt", "1.Adopted.")]
    assert texts(word.part("footer", "first")) == []  # no job number
    assert "Distr.: Limited" in texts(word.part("header", "first"))


def test_same_document_same_bytes(vienna: Word, example_build: Path) -> None:
    prepared, _ = build.check([EXAMPLE])
    again = docx.render_docx(prepared[0].document, prepared[0].templates.find("reference-docx"))
    assert again == (example_build / f"{STEM}.docx").read_bytes()
    with zipfile.ZipFile(example_build / f"{STEM}.docx") as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


# -------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="module")
def rendered(example_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example DOCX converted to PDF by LibreOffice, with its own profile."""
    soffice = require_tool("soffice")
    folder = tmp_path_factory.mktemp("lo-layout")
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(example_build / f"{STEM}.docx")],
        capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    return folder / f"{STEM}.pdf"


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run([require_tool("pdftotext"), "-layout", "-f", str(page), "-l",
                           str(page), str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_libreoffice_page_one_barcode_and_qr_code_scan(rendered: Path) -> None:
    prefix = rendered.with_suffix("")
    subprocess.run([require_tool("pdftoppm"), "-r", "300", "-f", "1", "-l", "1", "-png",
                    "-singlefile", str(rendered), str(prefix)], check=True)
    result = subprocess.run([require_tool("zbarimg"), "--quiet", str(prefix) + ".png"],
                            capture_output=True, text=True, check=False)
    found = set(result.stdout.split())
    assert f"CODE-39:{barcodes.barcode_digits('V.17-06793')}" in found
    assert "CODE-39:1706793" in found
    assert "QR-Code:https://undocs.org/CTOC/COP/WG.7/2017/5" in found


def test_libreoffice_numbers_pages_from_two_of_n(rendered: Path) -> None:
    import pypdf

    pages = len(pypdf.PdfReader(str(rendered)).pages)
    assert pages > 2
    second, first = _page_text(rendered, 2), _page_text(rendered, 1)
    assert "CTOC/COP/WG.7/2017/5" in second
    assert re.search(rf"\b2/{pages}\b", second)
    assert not re.search(rf"\b1/{pages}\b", first)
    assert "V.17-06793 (E)" in first and "Distr.: General" in first

"""The Word file: opens, carries the TXT's text in order, in named UN styles."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import EXAMPLE, ROOT, STEM, normalise, require_tool
from reportgen import build
from reportgen.pipeline.tree import Paragraph, Text, plain_text
from reportgen.writers import docx as docx_writer

HEADING_STYLES = {"HCh", "H1", "H23"}


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    return [(p.style.name, re.sub(r"\s+", " ", p.text).strip())
            for p in document.paragraphs if p.text.strip()]


def _first_page_header(path: Path) -> str:
    """The XML of the header the first page uses (the masthead lives there)."""
    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
        rid = re.search(r'<w:headerReference[^>]*?(?:r:id="(\w+)"[^>]*w:type="first"|'
                        r'w:type="first"[^>]*r:id="(\w+)")', body)
        assert rid, "no first-page header"
        target = re.search(rf'<Relationship [^>]*Id="{rid.group(1) or rid.group(2)}"[^>]*>',
                           rels)
        assert target
        part = re.search(r'Target="([^"]+)"', target.group(0))
        assert part
        return archive.read(f"word/{part.group(1)}").decode("utf-8")


def test_paragraphs_carry_the_text_of_the_txt_in_order(example_build: Path) -> None:
    """From the title on, the body is the TXT; the masthead before it is the header's."""
    docx_texts = [text for _, text in _paragraphs(example_build / f"{STEM}.docx")]
    txt_lines = normalise((example_build / f"{STEM}.txt").read_text(encoding="utf-8"))
    prepared, _ = build.check([EXAMPLE])
    title = prepared[0].document.masthead.title
    assert docx_texts[0] == title
    assert docx_texts == txt_lines[txt_lines.index(title):]


def test_numbered_paragraphs_use_single_txt_and_headings_heading_styles(
        example_build: Path) -> None:
    paragraphs = _paragraphs(example_build / f"{STEM}.docx")
    prepared, _ = build.check([EXAMPLE])
    expected = [f"{b.number} {plain_text(b.text)}" for b in prepared[0].document.blocks
                if isinstance(b, Paragraph) and b.numbered]
    found = dict((text, style) for style, text in paragraphs)
    assert len(expected) == 32
    assert [found.get(text) for text in expected] == ["SingleTxt"] * 32
    styles = dict((text, style) for style, text in paragraphs)
    assert styles["I. Introduction"] == "HCh"
    assert styles["V. Adoption of the report"] == "HCh"
    assert styles["A. Opening of the meeting"] == "H1"
    assert styles["Other matters"] == "H23"
    # One degree below the numbered subsections: the 4th-degree heading (italic).
    assert styles["Recommendation 15"] == "H4"
    assert styles["1. Use of the Organized Crime Convention to address challenges relating "
                  "to the smuggling of migrants"] == "H23"
    assert "Normal" not in {style for style, _ in paragraphs}


def test_numbers_are_typed_text_not_word_lists(example_build: Path) -> None:
    with zipfile.ZipFile(example_build / f"{STEM}.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<w:numPr>" not in body
    # "14.<tab>Several speakers …": the number is text, then a real tab.
    assert re.search(r"<w:t[^>]*>14\.</w:t></w:r><w:r><w:tab ?/></w:r>", body)


def test_styles_come_from_the_reference_document(example_build: Path) -> None:
    """pandoc invents a style that the reference doc lacks: ours must be the real ones."""
    with zipfile.ZipFile(example_build / f"{STEM}.docx") as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    single = re.search(r'<w:style [^>]*w:styleId="SingleTxt".*?</w:style>', styles, re.S)
    assert single, "SingleTxt missing"
    assert 'w:left="1267"' in single.group(0) and 'w:right="1267"' in single.group(0)
    for style_id in ("SingleTxt", "HCh", "H1", "H23", "TitleHCH", "XLarge"):
        assert len(re.findall(rf'w:styleId="{style_id}"', styles)) == 1, style_id


def test_first_page_names_symbol_distribution_date_and_language(example_build: Path) -> None:
    """The masthead is the first-page header, not body paragraphs."""
    header = _first_page_header(example_build / f"{STEM}.docx")
    texts = [t for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", header) if t.strip()]
    assert texts == ["United Nations", "CTOC", "/COP/WG.7/2017/5",
                     "Conference of the Parties to the United Nations Convention against "
                     "Transnational Organized Crime",
                     "Distr.: General", "27 September 2017", "Original: English"]
    body = [text for _, text in _paragraphs(example_build / f"{STEM}.docx")]
    assert not any(t.startswith(("United Nations", "Distr.:", "Original:")) for t in body)


def test_libreoffice_converts_the_docx(example_build: Path, tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    profile = tmp_path / "profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(example_build / f"{STEM}.docx")],
        capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / f"{STEM}.pdf"
    text = subprocess.run([require_tool("pdftotext"), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    assert "Distr.: General" in flat
    assert "32. On 13 September 2017, the Working Group adopted the present report" in flat
    assert flat.index("Recommendation 1 ") < flat.index("Recommendation 15")


@pytest.mark.parametrize("style", ["HCh", "H1", "H23"])
def test_heading_styles_are_outline_levels(example_build: Path, style: str) -> None:
    with zipfile.ZipFile(example_build / f"{STEM}.docx") as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    block = re.search(rf'<w:style [^>]*w:styleId="{style}".*?</w:style>', styles, re.S)
    assert block and "<w:outlineLvl" in block.group(0)


def test_without_a_user_cache_the_docx_is_the_same(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The reference document and compiled templates are kept in the user cache; a
    machine where it cannot be made (read-only home) builds the same bytes."""
    from reportgen.pipeline import compose
    from reportgen.util import usercache

    first = build.build([EXAMPLE], ["docx"], tmp_path / "a")
    not_a_folder = tmp_path / "a-file"  # as a read-only home, even for root
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(not_a_folder / "cache"))
    usercache.folder.cache_clear()
    compose.environment.cache_clear()
    try:
        assert usercache.folder("jinja") is None
        second = build.build([EXAMPLE], ["docx"], tmp_path / "b", build.Options(force=True))
    finally:
        usercache.folder.cache_clear()
        compose.environment.cache_clear()
    assert [p.read_bytes() for p in first.written] == [p.read_bytes() for p in second.written]


def test_kept_blocks_follow_an_edit_a_renumbering_and_a_bookmark() -> None:
    """The JSON kept for a block is that of its content: a paragraph changed in place
    (as a watching process's next build may bring) gives its new words and number."""
    prepared, _ = build.check([EXAMPLE])
    document = prepared[0].document
    first = docx_writer.pandoc_json(document)
    assert docx_writer.pandoc_json(document) == first
    paragraph = next(b for b in document.blocks if isinstance(b, Paragraph) and b.numbered)
    text, number = paragraph.text, paragraph.number
    paragraph.text = [Text("Words typed since the last save.")]
    assert "Words typed since the last save." in docx_writer.pandoc_json(document)
    paragraph.number = "97."
    assert '{"t": "Str", "c": "97."}' in docx_writer.pandoc_json(document)
    paragraph.text, paragraph.number = text, number
    assert docx_writer.pandoc_json(document) == first


def test_kept_headings_follow_their_bookmarks() -> None:
    """A heading the contents points to has its bookmark, the same heading without a
    contents none: the kept JSON of a heading depends on both."""
    prepared, _ = build.check([ROOT / "meetings" / "cac-cosp-irg-2015"])
    document = prepared[0].document
    name = docx_writer.bookmark_name(document.contents[0].heading)
    assert f'w:name=\\"{name}\\"' in docx_writer.pandoc_json(document)
    document.contents_columns = "none"
    assert f'w:name=\\"{name}\\"' not in docx_writer.pandoc_json(document)


def test_a_docx_written_again_after_an_edit_has_the_new_words(tmp_path: Path) -> None:
    """A process that stays loaded keeps blocks' JSON and compressed stretches: the
    second file has the edited paragraph's words, and none of the old ones."""
    prepared, _ = build.check([EXAMPLE])
    document = prepared[0].document
    reference = ROOT / "templates" / "reference-docx"
    docx_writer.render_docx(document, reference)
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph) and b.numbered]
    paragraph = paragraphs[len(paragraphs) * 2 // 3]
    old = plain_text(paragraph.text)
    paragraph.text = [Text("Words typed since the last save.")]
    path = tmp_path / "again.docx"
    path.write_bytes(docx_writer.render_docx(document, reference))
    texts = [text for _, text in _paragraphs(path)]
    assert f"{paragraph.number} Words typed since the last save." in texts
    assert not any(old in text for text in texts)

"""The PDF (typst): the whole text in order, in an embedded Times-metric serif."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf

from conftest import EXAMPLE, STEM
from reportgen import build
from reportgen.pipeline.tree import Heading, Paragraph, plain_text


def _flat_text(pdf: Path) -> str:
    reader = pypdf.PdfReader(str(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def _opening_words(text: str, count: int = 8) -> str:
    return " ".join(text.split()[:count])


def test_pdf_holds_every_numbered_paragraph_and_recommendation_in_order(
        example_build: Path) -> None:
    flat = _flat_text(example_build / f"{STEM}.pdf")
    prepared, _ = build.check([EXAMPLE])
    blocks = prepared[0].document.blocks
    paragraphs = [b for b in blocks if isinstance(b, Paragraph) and b.numbered]
    assert len(paragraphs) == 32
    position = 0
    for paragraph in paragraphs:
        needle = f"{paragraph.number} {_opening_words(plain_text(paragraph.text))}"
        found = flat.find(needle, position)
        assert found >= 0, f"paragraph {paragraph.number} missing or out of order: {needle!r}"
        position = found
    position = 0
    for n in range(1, 16):
        found = flat.find(f"Recommendation {n} ", position)
        assert found >= 0, f"Recommendation {n} missing or out of order"
        position = found
    assert sum(isinstance(b, Heading) and b.level == "recommendation" for b in blocks) == 15


def test_first_page_names_symbol_distribution_date_and_language(example_build: Path) -> None:
    first = pypdf.PdfReader(str(example_build / f"{STEM}.pdf")).pages[0].extract_text()
    for text in ("CTOC/COP/WG.7/2017/5", "Distr.: General", "27 September 2017",
                 "Original: English", "United Nations"):
        assert text in first


def test_pdf_embeds_the_scaled_liberation_serif_and_is_a4(example_build: Path) -> None:
    reader = pypdf.PdfReader(str(example_build / f"{STEM}.pdf"))
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            descriptor = font.get_object()
            fonts.add(str(descriptor["/BaseFont"]))
    # Liberation Serif at 103 % (writers/scaled_font.py), named otherwise (OFL).
    assert fonts and all("ReportgenSerif" in name for name in fonts), fonts
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)

"""Prose stays prose: markup of every kind typed by a user comes out literally."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pypdf
import pytest
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from conftest import EXAMPLE, STEM
from reportgen import build
from reportgen.pipeline.tree import Paragraph

HOSTILE_LINES = [
    "Costs of {{ 7*7 }} and {% if x %}, <w:p/> and <b>bold</b>,",
    "#set page(width: 1cm) and $5 million to $6 million, @ref and #strong[x],",
    "1. not a list item",
    "# not a heading",
    "\\begin{x} and ]] ) } end.",
]
# The line breaks a user typed are spaces in the paragraph.
# A backslash before a letter is not a Markdown escape: it stays.
EXPECTED = " ".join(HOSTILE_LINES)
LITERALS = ["{{ 7*7 }}", "{% if x %}", "<w:p/>", "<b>bold</b>", "#set page(width: 1cm)",
            "$5 million to $6 million", "@ref", "#strong[x]", "1. not a list item",
            "# not a heading", "\\begin{x}"]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    yaml = YAML()
    data = yaml.load(EXAMPLE.read_text(encoding="utf-8"))
    data["introduction"][1] = LiteralScalarString("\n".join(HOSTILE_LINES) + "\n")
    data["agenda"]["items"][4]["title"] = "Other matters {{ 7*7 }} <w:p/> $x$"
    session = folder / "session.yaml"
    with session.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    out = folder / "build"
    build.build([session], list(build.FORMATS), out)
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_text_output_is_literal(hostile_build: Path) -> None:
    text = (hostile_build / f"{STEM}.txt").read_text(encoding="utf-8")
    assert f"2. {EXPECTED}" in text.splitlines()
    assert "entitled “Other matters {{ 7*7 }} <w:p/> $x$”" in text
    assert "49" not in text


def test_docx_output_is_literal(hostile_build: Path) -> None:
    document = docx.Document(str(hostile_build / f"{STEM}.docx"))
    texts = [_flat(p.text).strip() for p in document.paragraphs]
    assert f"2. {EXPECTED}" in texts
    assert sum(t.startswith("1. not a list") for t in texts) == 0
    assert not any(p.style.name.startswith("Heading") or p.style.name == "List Paragraph"
                   for p in document.paragraphs)


def test_pdf_output_is_literal(hostile_build: Path) -> None:
    reader = pypdf.PdfReader(str(hostile_build / f"{STEM}.pdf"))
    flat = _flat(" ".join(page.extract_text() for page in reader.pages))
    for literal in LITERALS:
        assert literal in flat, literal
    assert flat.count("Other matters {{ 7*7 }} <w:p/> $x$") >= 2


def test_paragraph_count_does_not_change(hostile_build: Path) -> None:
    session = hostile_build.parent / "session.yaml"
    prepared, _ = build.check([session])
    numbered = [b for b in prepared[0].document.blocks
                if isinstance(b, Paragraph) and b.numbered]
    assert len(numbered) == 32
    lines = (hostile_build / f"{STEM}.txt").read_text(encoding="utf-8").splitlines()
    assert lines.count("V. Adoption of the report") == 1
    assert any(line.startswith("32. On 13 September 2017") for line in lines)

"""A footnote typed in prose (^[…]) is a real footnote in every format."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pypdf
import pytest

from reportgen import build

MINIMAL = Path(__file__).resolve().parent / "roots" / "minimal" / "session.yaml"
NOTE = "See the *Firearms Protocol*, art. 8."


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("notes")
    text = MINIMAL.read_text(encoding="utf-8").replace(
        '"national marking systems".', f'"national marking systems".^[{NOTE}]')
    (folder / "session.yaml").write_text(text, encoding="utf-8")
    build.build([folder / "session.yaml"], list(build.FORMATS), folder / "out")
    return folder / "out"


def test_text_marks_the_note_and_lists_it(built: Path) -> None:
    lines = next(built.glob("*.txt")).read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if "national marking systems" in line)
    assert lines[index].endswith("“national marking systems”.[1]")
    assert lines[index + 1] == "    [1] See the Firearms Protocol, art. 8."


def test_docx_has_a_word_footnote(built: Path) -> None:
    with zipfile.ZipFile(next(built.glob("*.docx"))) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        notes = archive.read("word/footnotes.xml").decode("utf-8")
    assert body.count("<w:footnoteReference") == 1
    assert "Firearms Protocol" in notes
    assert re.search(r"<w:i ?/>.*?Firearms", notes, re.S)  # the emphasis survives


def test_pdf_has_the_note_at_the_foot_of_the_page(built: Path) -> None:
    reader = pypdf.PdfReader(str(next(built.glob("*.pdf"))))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    assert "See the Firearms Protocol, art. 8." in flat

"""The draft report in L. documents: L.1, L.1/Add.1 … with their own numbering."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from conftest import EXAMPLE
from reportgen import build
from reportgen.errors import InputError

L1 = "CTOC_COP_WG.7_2017_L.1"


def _text(example_build: Path, stem: str) -> list[str]:
    return (example_build / f"{stem}.txt").read_text(encoding="utf-8").splitlines()


def test_parts_carry_their_symbols_and_limited_distribution(example_build: Path) -> None:
    for stem, symbol, subtitle in [
        (L1, "CTOC/COP/WG.7/2017/L.1", None),
        (f"{L1}_Add.1", "CTOC/COP/WG.7/2017/L.1/Add.1", "Addendum"),
        (f"{L1}_Add.2", "CTOC/COP/WG.7/2017/L.1/Add.2", "Addendum"),
    ]:
        lines = _text(example_build, stem)
        assert lines[0] == f"United Nations    {symbol}"
        assert "Distr.: Limited" in lines and "12 September 2017" in lines
        assert "Working Group on the Smuggling of Migrants" in lines
        assert "Vienna, 11–13 September 2017" in lines
        assert "Draft report" in lines
        assert (subtitle in lines) if subtitle else ("Addendum" not in lines)


def test_chapters_keep_their_numbers_and_paragraphs_restart(example_build: Path) -> None:
    l1 = _text(example_build, L1)
    add1 = _text(example_build, f"{L1}_Add.1")
    add2 = _text(example_build, f"{L1}_Add.2")
    headings = [line for line in l1 if re.match(r"[IVX]+\. ", line)]
    assert headings == ["I. Introduction", "IV. Organization of the meeting",
                        "V. Adoption of the report"]
    assert "II. Recommendations" in add1 and "III. Summary of deliberations" in add2
    numbers = [int(line.split(".")[0]) for line in l1 if re.match(r"\d+\. [A-Z]", line)]
    assert numbers == list(range(1, 24))
    assert add1[add1.index("II. Recommendations") + 2].startswith("1. At its meeting held")
    assert add2[add2.index("III. Summary of deliberations") + 2].startswith(
        "1. At its 2nd and 3rd meetings")
    # Recommendations keep the numbers resolutions cite them by.
    assert [line for line in add1 if line.startswith("Recommendation ")][-1] == \
        "Recommendation 15"
    assert any(line.startswith("Bearing in mind recommendation 11,") for line in add1)


def test_every_pdf_page_shows_the_part_symbol(example_build: Path) -> None:
    reader = pypdf.PdfReader(str(example_build / f"{L1}_Add.1.pdf"))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        text = page.extract_text()
        assert "CTOC/COP/WG.7/2017/L.1/Add.1" in text
        assert "CTOC/COP/WG.7/2017/5" not in text
    assert "Distr.: Limited" in reader.pages[0].extract_text()


def _with_draft(tmp_path: Path, draft: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text[:text.index("\ndraft:")] + "\n" + draft
    path = tmp_path / "session.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _refused_parts(tmp_path: Path, *parts: str) -> list[str]:
    """The messages of a build whose draft has these parts (their chapter lists)."""
    session = _with_draft(tmp_path, "draft:\n  symbol: CTOC/COP/WG.7/2017/L.1\n"
                                    "  date: 2017-09-12\n  parts:\n"
                          + "".join(f"    - chapters: [{part}]\n" for part in parts))
    with pytest.raises(InputError) as caught:
        build.build([session], ["txt"], tmp_path / "out")
    return [d.message for d in caught.value.diagnostics]


def test_every_chapter_must_be_in_one_part(tmp_path: Path) -> None:
    messages = _refused_parts(tmp_path, "introduction, recommendations, organization",
                              "recommendations, summary")
    # In the order of the lines they point at: 'parts', then the second part.
    assert messages[0] == ("these chapters or annexes are in no part of the draft: "
                           "deliberations, adoption-of-the-report")
    assert messages[1].startswith("chapter 'recommendations' is already in another part")
    assert messages[2].startswith("no chapter or annex has the id 'summary' (those of this "
                                  "report are: introduction, recommendations, deliberations")


def test_the_chapters_of_a_part_are_listed_in_the_reports_order(tmp_path: Path) -> None:
    assert _refused_parts(tmp_path, "introduction, organization, recommendations",
                          "deliberations, adoption-of-the-report") == [
        "the chapters of a part are printed in the report's order: list them so "
        "(introduction, recommendations, organization)"]


def test_reference_across_parts_names_the_other_document(tmp_path: Path) -> None:
    session = _with_draft(tmp_path, """draft:
  symbol: CTOC/COP/WG.7/2017/L.1
  date: 2017-09-12
  parts:
    - chapters: [introduction, organization, adoption-of-the-report]
    - chapters: [recommendations, deliberations]
""")
    text = session.read_text(encoding="utf-8").replace(
        "    Also in resolution 8/2, the Conference", "    Also in resolution 8/2 (see "
        "[[recommendation:commercial-carriers]]), the Conference")
    session.write_text(text, encoding="utf-8")
    build.build([session], ["txt"], tmp_path / "out")
    l1 = (tmp_path / "out" / f"{L1}.txt").read_text(encoding="utf-8")
    final = (tmp_path / "out" / "CTOC_COP_WG.7_2017_5.txt").read_text(encoding="utf-8")
    assert ("(see recommendation 11 of document CTOC/COP/WG.7/2017/L.1/Add.1), the "
            "Conference") in l1
    assert "(see recommendation 11), the Conference" in final


def test_every_docx_header_names_the_part_and_limited(example_build: Path) -> None:
    import zipfile

    with zipfile.ZipFile(example_build / f"{L1}_Add.1.docx") as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                 if re.fullmatch(r"word/(header|footer)\d\.xml", name)}
        body = archive.read("word/document.xml").decode("utf-8")
    headers = [text for name, text in parts.items() if "header" in name]
    assert len(headers) == 3  # first page, even, odd
    for text in headers:
        assert "L.1/Add.1" in re.sub(r"<[^>]+>", "", text)
        assert "WG.7/2017/5" not in text
    first = next(text for name, text in parts.items() if "header3" in name)
    assert "Distr.: Limited" in re.sub(r"<[^>]+>", "", first)
    plain = re.sub(r"<[^>]+>", "", body)
    assert "Draft report" in plain and "Addendum" in plain


def test_a_mistake_in_text_a_part_repeats_is_reported_once(tmp_path: Path) -> None:
    """The draft's part holds the final report's recommendations: their text is checked
    in both documents, and its mistake is one error, shown once."""
    from click.testing import CliRunner

    from reportgen.cli import main

    session = tmp_path / "session.yaml"
    session.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "aware of their responsibilities", "aware of their responsibilities [[para:nowhere]]",
        1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(session)])
    assert result.output.count("error: nothing has the id 'nowhere'") == 1, result.output
    assert result.output.endswith("1 error; nothing was written\n")

"""reportgen corrigendum, and revisions of an issued report (document.revision)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import tracked
from amendments import AMENDMENTS, Data, amended, change_words, rename_heading
from conftest import EXAMPLE, require_tool
from reportgen import build
from reportgen.cli import main

CORR = "CTOC_COP_WG.7_2017_5_Corr.1"
TITLE = ("Report on the meeting of the Working Group on the Smuggling of Migrants held in "
         "Vienna from 11 to 13 September 2017")

# Each change, as the corrigendum says it: the place in the issued report (its own
# numbers: the report is not renumbered), then what to do there.
EXPECTED = {
    "recommendation inserted": [
        "After recommendation 10", "Insert a new recommendation reading:",
        "States parties should consider sharing information on smuggling routes through "
        "regional networks."],
    "paragraph deleted": ["Paragraph 9", "Delete the paragraph"],
    "words changed": ["Paragraph 10, first sentence",
                      "For Most speakers said read Many speakers said"],
    "State added": ["Paragraph 24", "For Afghanistan, Algeria, Angola read Afghanistan, "
                                    "Algeria, Andorra, Angola"],
    "heading renamed": ["Chapter II, section A.1, title", "The title should read:",
                        "Use of the Convention against the smuggling of migrants"],
}


def _corrigendum(issued: Path, corrected: Path, out: Path, *options: str
                 ) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["corrigendum", str(issued), str(corrected), "--out",
                                       str(out), "--date", "2017-10-16", *options])
    return result.exit_code, result.stdout, result.stderr


def _entries(text: str) -> list[str]:
    """The TXT corrigendum's lines after "Corrigendum"."""
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[lines.index("Corrigendum") + 1:]


@pytest.mark.parametrize("name", list(AMENDMENTS))
def test_each_change_in_the_editorial_form(name: str, tmp_path: Path) -> None:
    corrected = amended(tmp_path / "new", AMENDMENTS[name])
    code, out, err = _corrigendum(EXAMPLE, corrected, tmp_path / "out")
    assert code == 0, err
    assert out.startswith("wrote CTOC/COP/WG.7/2017/5/Corr.1 (1 correction): ")
    text = (tmp_path / "out" / f"{CORR}.txt").read_text(encoding="utf-8")
    assert _entries(text) == EXPECTED[name]


def test_its_first_page_names_the_corrected_document(tmp_path: Path) -> None:
    corrected = amended(tmp_path / "new", change_words)
    code, _, err = _corrigendum(EXAMPLE, corrected, tmp_path / "out", "--job-number",
                                "V.17-07011")
    assert code == 0, err
    lines = [line for line in (tmp_path / "out" / f"{CORR}.txt").read_text(
        encoding="utf-8").splitlines() if line]
    assert lines[:7] == [
        "United Nations    CTOC/COP/WG.7/2017/5/Corr.1",
        "Conference of the Parties to the United Nations Convention against Transnational "
        "Organized Crime",
        "Distr.: General", "16 October 2017", "Original: English", TITLE, "Corrigendum"]


def test_its_docx_and_pdf_say_the_same(tmp_path: Path) -> None:
    require_tool("pdftotext")
    corrected = amended(tmp_path / "new", change_words, rename_heading)
    code, out, err = _corrigendum(EXAMPLE, corrected, tmp_path / "out", "--job-number",
                                  "V.17-07011")
    assert code == 0, err
    assert "(2 corrections)" in out
    docx = (tmp_path / "out" / f"{CORR}.docx").read_bytes()
    body = [text for style, text in tracked.paragraphs(tracked.part(docx)) if text.strip()]
    assert body[-6:] == ["\t\tCorrigendum", "1.\tChapter II, section A.1, title",
                         "The title should read:",
                         "Use of the Convention against the smuggling of migrants",
                         "2.\tParagraph 10, first sentence",
                         "For Most speakers said read Many speakers said"]
    italic = [run for run in tracked.part(docx).iter(tracked.q("r"))
              if run.find(f"{tracked.q('rPr')}/{tracked.q('i')}") is not None]
    assert ["".join(t.text or "" for t in run.iter(tracked.q("t"))) for run in italic] == [
        "The title should read", "For", "read"]
    header = tracked.paragraphs(tracked.part(docx, "word/header3.xml"))
    assert "CTOC/COP/WG.7/2017/5/Corr.1" in [text for _, text in header]
    pdf = subprocess.run(["pdftotext", str(tmp_path / "out" / f"{CORR}.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    flat = " ".join(pdf.split())
    assert "CTOC/COP/WG.7/2017/5/Corr.1" in flat
    assert "Corrigendum 1. Chapter II, section A.1, title The title should read:" in flat
    assert "V.17-07011 (E)" in flat


def test_the_next_number_is_the_next_free_one(tmp_path: Path) -> None:
    corrected = amended(tmp_path / "new", change_words)
    _corrigendum(EXAMPLE, corrected, tmp_path / "out")
    code, out, err = _corrigendum(EXAMPLE, corrected, tmp_path / "out")
    assert code == 0, err
    assert out.startswith("wrote CTOC/COP/WG.7/2017/5/Corr.2 ")
    assert (tmp_path / "out" / "CTOC_COP_WG.7_2017_5_Corr.2.pdf").is_file()


def _add_group(data: Data) -> None:
    """A new group of recommendations, under a heading of its own."""
    groups = data["recommendations"]["groups"][0]["groups"]
    groups.insert(1, {"title": "Protection of smuggled migrants",
                      "recommendations": ["States parties should protect smuggled migrants."]})


@pytest.mark.parametrize(("change", "why"), [
    (_add_group, "a heading was inserted"),
    (lambda data: data["document"].update(title="Report of the Working Group"),
     "the title of the report changed"),
])
def test_changes_too_large_are_refused_with_the_way_out(change: object, why: str,
                                                        tmp_path: Path) -> None:
    corrected = amended(tmp_path / "new", change)  # type: ignore[arg-type]
    code, _, err = _corrigendum(EXAMPLE, corrected, tmp_path / "out")
    assert code == 2
    assert f"{corrected}: error: a corrigendum cannot say this: {why}; issue a revision " \
           "instead (document.revision: 1 in the session, then 'reportgen compare' for its " \
           "tracked changes)" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_nothing_to_correct(tmp_path: Path) -> None:
    code, _, err = _corrigendum(EXAMPLE, EXAMPLE, tmp_path / "out")
    assert code == 2
    assert f"error: nothing to correct: {EXAMPLE} reads as {EXAMPLE}" in err


# ----------------------------------------------------------------- revisions


def _revised(data: Data) -> None:
    data["document"]["revision"] = 1
    data["document"]["job_number"] = "V.17-07200"
    del data["draft"]


def test_a_revision_carries_rev_in_its_symbol_and_file_names(tmp_path: Path) -> None:
    session = amended(tmp_path / "rev", _revised, change_words)
    build.build([session], ["txt", "docx"], tmp_path / "out")
    stem = "CTOC_COP_WG.7_2017_5_Rev.1"
    text = (tmp_path / "out" / f"{stem}.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "United Nations    CTOC/COP/WG.7/2017/5/Rev.1"
    docx = (tmp_path / "out" / f"{stem}.docx").read_bytes()
    assert "CTOC/COP/WG.7/2017/5/Rev.1" in [t for _, t in tracked.paragraphs(
        tracked.part(docx, "word/header3.xml"))]


def test_compare_with_the_issued_report_tracks_the_new_symbol(tmp_path: Path) -> None:
    session = amended(tmp_path / "rev", _revised, change_words)
    result = CliRunner().invoke(main, ["compare", str(EXAMPLE), str(session), "-o",
                                       str(tmp_path / "c.docx"), "--author", "Editor"])
    assert result.exit_code == 0, result.stderr
    docx = (tmp_path / "c.docx").read_bytes()
    accepted = [t for _, t in tracked.paragraphs(tracked.resolve(
        tracked.part(docx, "word/header3.xml"), accept=True))]
    rejected = [t for _, t in tracked.paragraphs(tracked.resolve(
        tracked.part(docx, "word/header3.xml"), accept=False))]
    assert any(t.endswith("/Rev.1") for t in accepted)
    assert not any(t.endswith("/Rev.1") for t in rejected)


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["document"].update(revision=1), "a revision replaces an issued report and "
                                                 "has no draft parts: remove 'draft', or "
                                                 "'revision'"),
    (lambda d: (d["document"].update(revision=1, symbol="CTOC/COP/WG.7/2017/5/Rev.1"),
                d.pop("draft")),
     "write the symbol of the issued report (CTOC/COP/WG.7/2017/5): 'revision' adds the "
     "/Rev. part"),
])
def test_revision_mistakes_are_located(change: object, message: str, tmp_path: Path) -> None:
    session = amended(tmp_path / "rev", change)  # type: ignore[arg-type]
    result = CliRunner().invoke(main, ["check", str(session)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert f"{session}:" in result.stderr

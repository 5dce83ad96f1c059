"""reportgen compare: the new report with every change from the old one as tracked changes.

Each amended copy of the example is compared with the example; accepting every change of
the comparison must give exactly the paragraphs of the new version's own DOCX, and
rejecting every change exactly the old one's.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import tracked
from amendments import (
    AMENDMENTS,
    Data,
    amended,
    change_words,
    delete_deliberation,
    insert_recommendation,
)
from conftest import EXAMPLE, STEM, require_tool
from reportgen import build
from reportgen.cli import main


def _docx(session: Path, out: Path) -> bytes:
    build.build([session], ["docx"], out)
    return (out / f"{STEM}.docx").read_bytes()


def _compare(old: Path, new: Path, target: Path, *options: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["compare", str(old), str(new), "-o", str(target),
                                       "--author", "Editor", "--date", "2017-10-02",
                                       *options])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def old_docx(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _docx(EXAMPLE, tmp_path_factory.mktemp("old"))


@pytest.mark.parametrize("name", list(AMENDMENTS))
def test_accepting_gives_the_new_report_and_rejecting_the_old(
        name: str, tmp_path: Path, old_docx: bytes) -> None:
    new = amended(tmp_path / "new", AMENDMENTS[name])
    new_docx = _docx(new, tmp_path / "out")
    code, out, err = _compare(EXAMPLE, new, tmp_path / "changes.docx")
    assert code == 0, err
    assert "tracked" in out
    changes = (tmp_path / "changes.docx").read_bytes()
    assert tracked.revision_count(tracked.part(changes)) > 0
    accepted = tracked.paragraphs(tracked.resolve(tracked.part(changes), accept=True))
    rejected = tracked.paragraphs(tracked.resolve(tracked.part(changes), accept=False))
    assert accepted == tracked.paragraphs(tracked.part(new_docx))
    assert rejected == tracked.paragraphs(tracked.part(old_docx))


def _revisions(docx: bytes) -> list[tuple[str, str, str]]:
    """Each revision of the body: ("ins" or "del", its author, its text)."""
    out = []
    for node in tracked.part(docx).iter():
        if node.tag in (tracked.q("ins"), tracked.q("del")) and list(node):
            text = "".join(t.text or "" for t in node.iter()
                           if t.tag in (tracked.q("t"), tracked.q("delText")))
            out.append((node.tag.split("}")[1], node.get(tracked.q("author")) or "", text))
    return out


def test_words_changed_inside_a_paragraph_are_marked_word_by_word(tmp_path: Path) -> None:
    new = amended(tmp_path / "new", change_words)
    code, _, err = _compare(EXAMPLE, new, tmp_path / "c.docx")
    assert code == 0, err
    assert _revisions((tmp_path / "c.docx").read_bytes()) == [
        ("del", "Editor", "Most"), ("ins", "Editor", "Many")]


def test_numbers_and_references_that_moved_are_changes_of_their_own_author(
        tmp_path: Path) -> None:
    new = amended(tmp_path / "new", insert_recommendation)
    code, _, err = _compare(EXAMPLE, new, tmp_path / "c.docx")
    assert code == 0, err
    revisions = _revisions((tmp_path / "c.docx").read_bytes())
    renumbering = [r for r in revisions if r[1] == "Editor (renumbering)"]
    wording = [r for r in revisions if r[1] == "Editor"]
    # Recommendation 11 became 12; recommendation 12 became 13, and it cites
    # "recommendation 12" where it cited "recommendation 11".
    assert [(kind, text) for kind, _, text in renumbering[:6]] == [
        ("del", "11"), ("ins", "12"), ("del", "12"), ("ins", "13"), ("del", "11"), ("ins", "12")]
    assert ("ins", "Editor", "\tRecommendation 11") not in wording  # tabs are no text
    assert [text for kind, _, text in wording if kind == "ins"] == [
        "Recommendation 11",
        "States parties should consider sharing information on smuggling routes through "
        "regional networks."]
    assert not [r for r in wording if r[0] == "del"]


def test_the_date_and_author_are_those_given(tmp_path: Path) -> None:
    new = amended(tmp_path / "new", change_words)
    _compare(EXAMPLE, new, tmp_path / "c.docx")
    root = tracked.part((tmp_path / "c.docx").read_bytes())
    marks = [n for n in root.iter() if n.tag in (tracked.q("ins"), tracked.q("del"))]
    assert {n.get(tracked.q("date")) for n in marks} == {"2017-10-02T00:00:00Z"}
    ids = [n.get(tracked.q("id")) for n in marks]
    assert len(ids) == len(set(ids))  # every revision has an id of its own
    settings = tracked.part((tmp_path / "c.docx").read_bytes(), "word/settings.xml")
    # Track Changes stays on for the reviewer's own edits, where the schema puts it.
    names = [node.tag.split("}")[1] for node in settings]
    assert names[names.index("trackRevisions") + 1] == "doNotTrackMoves"


def test_a_changed_date_of_issue_is_tracked_in_the_masthead(tmp_path: Path) -> None:
    def redate(data: Data) -> None:
        data["document"]["date"] = __import__("datetime").date(2017, 10, 2)
        data["document"]["job_number"] = "V.17-07011"

    new = amended(tmp_path / "new", redate)
    code, _, err = _compare(EXAMPLE, new, tmp_path / "c.docx")
    assert code == 0, err
    docx = (tmp_path / "c.docx").read_bytes()
    header = "word/header3.xml"  # the first page's masthead
    texts = [p[1] for p in tracked.paragraphs(tracked.resolve(tracked.part(docx, header),
                                                              accept=True))]
    assert "2 October 2017" in texts and "27 September 2017" not in texts
    texts = [p[1] for p in tracked.paragraphs(tracked.resolve(tracked.part(docx, header),
                                                              accept=False))]
    assert "27 September 2017" in texts and "2 October 2017" not in texts
    footer = "word/footer3.xml"  # the first page's footer: the job number and its stamps
    for accept, job, stamp in ((True, "V.17-07011", "021017"), (False, "V.17-06793", "270917")):
        texts = " ".join(p[1] for p in tracked.paragraphs(tracked.resolve(
            tracked.part(docx, footer), accept=accept)))
        assert f"{job} (E)" in texts and stamp in texts
        assert ("V.17-06793" in texts) is not accept


def test_a_session_compared_with_itself_has_no_revision(tmp_path: Path) -> None:
    code, out, err = _compare(EXAMPLE, EXAMPLE, tmp_path / "c.docx")
    assert code == 0, err
    assert out == f"wrote {tmp_path / 'c.docx'}: no change from {EXAMPLE} to {EXAMPLE}\n"
    docx = (tmp_path / "c.docx").read_bytes()
    assert tracked.revision_count(tracked.part(docx)) == 0
    assert b"w:ins " not in docx and b"reportgen:" not in docx


def test_the_output_is_reproducible(tmp_path: Path) -> None:
    new = amended(tmp_path / "new", delete_deliberation)
    _compare(EXAMPLE, new, tmp_path / "a.docx")
    _compare(EXAMPLE, new, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_libreoffice_opens_it_and_its_pdf_shows_the_changes(tmp_path: Path) -> None:
    require_tool("soffice")
    require_tool("pdftotext")
    new = amended(tmp_path / "new", change_words, delete_deliberation)
    code, _, err = _compare(EXAMPLE, new, tmp_path / "changes.pdf", "--to", "pdf")
    assert code == 0, err
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "changes.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Most Many speakers said" in flat  # the deleted word shown beside the new one
    assert "Many speakers said that the new questionnaires" in flat  # the deleted paragraph
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(io.BytesIO((tmp_path / "changes.pdf").read_bytes())) as pdf:
        colours = {tuple(c["non_stroking_color"] or ()) for page in pdf.pages
                   for c in page.chars if c["text"] in "Most"}
    assert len(colours) > 1  # the changes in a colour of their own


def test_the_default_output_is_beside_the_build(tmp_path: Path, monkeypatch:
                                                 pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["compare", str(EXAMPLE), str(EXAMPLE)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "build" / f"{STEM}.changes.docx").is_file()


@pytest.mark.parametrize(("options", "message"), [
    (["--date", "next week"], "Invalid value for '--date': 'next week' is not a date: "
                              "write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"),
    (["--document", "CTOC/COP/WG.7/2017/9"],
     "has no document CTOC/COP/WG.7/2017/9; its documents are CTOC/COP/WG.7/2017/5, "
     "CTOC/COP/WG.7/2017/L.1"),
])
def test_mistakes_in_the_options_are_told_plainly(options: list[str], message: str,
                                                   tmp_path: Path) -> None:
    code, _, err = _compare(EXAMPLE, EXAMPLE, tmp_path / "c.docx", *options)
    assert code == 2
    assert message in " ".join(err.split())
    assert "Traceback" not in err
    assert not (tmp_path / "c.docx").exists()


IRG = EXAMPLE.parent.parent / "cac-cosp-irg-2015" / "session.yaml"


def _amend_irg(text: str) -> str:
    """The review group's report with a row added to its table, a cell and a section
    heading changed (its contents line too) and an agenda item renamed (a list item)."""
    for old, new in [
        ('        - [Armenia, "Brazil, Egypt"]\n',
         '        - [Armenia, "Brazil, Egypt"]\n        - [Australia, "Brazil, Chile"]\n'),
        ('[Albania, "Chile, Ethiopia"]', '[Albania, "Chile, Ghana"]'),
        ("      - title: Outcome of the reviews\n",
         "      - title: Outcomes of the country reviews\n"),
        ("      title: Technical assistance\n", "      title: Technical assistance needs\n"),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def test_tables_contents_and_lists_are_compared_too(tmp_path: Path) -> None:
    require_tool("soffice")  # the contents' page numbers come from LibreOffice's layout
    new = tmp_path / "new" / "session.yaml"
    new.parent.mkdir()
    new.write_text(_amend_irg(IRG.read_text(encoding="utf-8")), encoding="utf-8")
    stem = "CAC_COSP_IRG_2015_5"
    build.build([IRG], ["docx"], tmp_path / "old-out")
    build.build([new], ["docx"], tmp_path / "new-out")
    code, _, err = _compare(IRG, new, tmp_path / "c.docx")
    assert code == 0, err
    changes = (tmp_path / "c.docx").read_bytes()
    for accept, version in ((True, "new-out"), (False, "old-out")):
        resolved = tracked.paragraphs(tracked.resolve(tracked.part(changes), accept))
        assert resolved == tracked.paragraphs(tracked.part(
            (tmp_path / version / f"{stem}.docx").read_bytes()))
    root = tracked.part(changes)
    rows = [row for row in root.iter(tracked.q("tr"))
            if row.find(f"{tracked.q('trPr')}/{tracked.q('ins')}") is not None]
    assert [tracked.paragraphs(row) for row in rows] == [
        [("TableTextFirst", "Australia"), ("TableText", "Brazil, Chile")]]
    revisions = _revisions(changes)
    assert ("del", "Editor", "Ethiopia") in revisions and ("ins", "Editor", "Ghana") in revisions
    # The section's heading and its line in the contents.
    assert revisions.count(("ins", "Editor", "country ")) == 2

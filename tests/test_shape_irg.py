"""A review group's report (CAC/COSP/IRG/2015/5): session wording, organization
second, one chapter per agenda item with headed sections, other matters as a
chapter, the provisional agenda of the next session, then the adoption."""

from __future__ import annotations

import pytest

from conftest import ROOT
from reportgen.pipeline.tree import Document, Heading, Paragraph, Table, plain_text
from shapes import built_text, numbered, prepared

SESSION = ROOT / "meetings" / "cac-cosp-irg-2015" / "session.yaml"
STEM = "CAC_COSP_IRG_2015_5"


@pytest.fixture(scope="module")
def irg_txt(tmp_path_factory: pytest.TempPathFactory) -> str:
    return built_text(SESSION, STEM, tmp_path_factory.mktemp("irg"))


@pytest.fixture(scope="module")
def irg() -> Document:
    return prepared(SESSION)[0]


def _paragraphs(document: Document) -> dict[str, str]:
    return numbered(document.blocks, items=True)



def test_masthead_cover_block_title_and_date_stamps(irg: Document, irg_txt: str) -> None:
    m = irg.masthead
    assert m.symbol == "CAC/COSP/IRG/2015/5"
    assert m.organ == ("Conference of the States Parties to the United Nations Convention "
                       "against Corruption")
    assert m.date == "11 June 2015"
    assert m.job_number == "V.15-04265"
    assert m.release_stamps == ["230615", "240615"]
    assert m.body_line.splitlines() == ["Implementation Review Group", "Sixth session",
                                        "Vienna, 1–5 June 2015"]
    assert m.title == ("Report of the Implementation Review Group on its sixth session, held "
                       "in Vienna from 1 to 5 June 2015")
    assert irg_txt.splitlines()[9:12] == ["Implementation Review Group", "Sixth session",
                                          "Vienna, 1–5 June 2015"]


def test_headings_in_order(irg: Document) -> None:
    headings = [f"{b.label} {plain_text(b.text)}".strip() for b in irg.blocks
                if isinstance(b, Heading)]
    assert headings == [
        "I. Introduction",
        "II. Organization of the session",
        "A. Opening of the session",
        "B. Adoption of the agenda and organization of work",
        "C. Attendance",
        "III. Review of implementation of the United Nations Convention against Corruption",
        "A. Progress report",
        "B. Outcome of the reviews",
        "C. Drawing of lots",
        "IV. Performance of the Implementation Review Mechanism",
        "V. Technical assistance",
        "VI. Financial and budgetary matters",
        "VII. Other matters",
        "VIII. Provisional agenda for the seventh session",
        "IX. Adoption of the report",
        "Annex I Provisional agenda for the seventh session of the Implementation Review Group",
        "Annex II States parties drawn as reviewing States for the second review cycle",
    ]


def test_paragraph_numbering_by_chapter(irg: Document) -> None:
    chapters: dict[str, list[int]] = {}
    current = ""
    for b in irg.blocks:
        if isinstance(b, Heading) and b.level == "chapter":
            current = b.label
            chapters[current] = []
        elif isinstance(b, Paragraph) and b.numbered:
            chapters[current].append(int(b.number.rstrip(".")))
    assert {label: (n[0], n[-1]) for label, n in chapters.items()} == {
        "I.": (1, 2), "II.": (3, 10), "III.": (11, 17), "IV.": (18, 20), "V.": (21, 23),
        "VI.": (24, 26), "VII.": (27, 28), "VIII.": (29, 29), "IX.": (30, 30)}
    every = [n for numbers in chapters.values() for n in numbers]
    assert every == list(range(1, 31))


def test_cross_references(irg: Document) -> None:
    p = _paragraphs(irg)
    assert p["2."].endswith("is set out in section III.C.")
    assert "the mandate of the Group set out in para. 1 and" in p["4."]
    assert "in the first cycle, set out in para. 15, for" in p["20."]
    assert p["26."].endswith("as discussed under agenda item 3.")


def test_generated_sentences(irg: Document) -> None:
    p = _paragraphs(irg)
    assert p["3."] == ("The sixth session of the Implementation Review Group was held in "
                       "Vienna from 1 to 5 June 2015. Ten meetings were held during the "
                       "session.")
    assert p["4."].startswith("The session was opened by Elena Marković Duarte (Chile), Chair "
                              "of the Implementation Review Group. She recalled")
    assert p["5."] == "\n".join([
        "At its first meeting, on 1 June 2015, the Implementation Review Group adopted the "
        "following agenda:",
        "1. Organizational matters:",
        "(a) Opening of the session;",
        "(b) Adoption of the agenda and organization of work.",
        "2. Review of implementation of the United Nations Convention against Corruption.",
        "3. Performance of the Implementation Review Mechanism.",
        "4. Technical assistance.",
        "5. Financial and budgetary matters.",
        "6. Other matters.",
        "7. Provisional agenda for the seventh session of the Implementation Review Group.",
        "8. Adoption of the report."])
    assert p["6."].startswith("The following States parties to the Convention were represented "
                              "at the session: Afghanistan, Albania, "
                              "Algeria, ")
    assert p["6."].endswith(", Viet Nam, Yemen and Zimbabwe.")
    expected = {
        "7.": "The European Union, a regional economic integration organization that "
              "is a party to the Convention, was represented at the session.",
        "8.": "The following States signatories to the Convention were represented by "
              "observers: Japan, New Zealand and Syrian Arab Republic.",
        "9.": "The following United Nations entities were represented by observers: "
              "United Nations Development Programme and United Nations Interregional "
              "Crime and Justice Research Institute.",
        "10.": "The following intergovernmental organizations were represented by "
               "observers: Council of Europe, International Anti-Corruption Academy, "
               "International Criminal Police Organization (INTERPOL) and Organisation "
               "for Economic Co-operation and Development.",
        "11.": "At its 2nd to 4th meetings, on 1 and 2 June 2015, the "
               "Implementation Review Group considered agenda item 2, entitled "
               "“Review of implementation of the United Nations Convention against "
               "Corruption”.",
        "18.": "At its 5th and 6th meetings, on 3 June 2015, the Implementation Review "
               "Group considered agenda item 3, entitled “Performance of the "
               "Implementation Review Mechanism”.",
        "27.": "At its 9th meeting, on 5 June 2015, the Implementation Review Group "
               "considered agenda item 6, entitled “Other matters”.",
        "29.": "At its 10th meeting, on 5 June 2015, the Implementation Review Group approved the "
               "provisional agenda for its seventh session, contained in annex I.",
        "30.": "On 5 June 2015, the Implementation Review Group adopted the report on "
               "its sixth session.",
    }
    assert {key: p[key] for key in expected} == expected


def test_annexes_the_provisional_agenda_and_the_drawing_of_lots(irg: Document) -> None:
    """Annex I is the provisional agenda of chapter VIII, annex II a table; the text cites
    annex II by id, and the contents list every chapter, section and annex."""
    start = next(i for i, b in enumerate(irg.blocks)
                 if isinstance(b, Heading) and b.label == "Annex I")
    agenda = irg.blocks[start + 1]
    assert isinstance(agenda, Paragraph) and not agenda.numbered
    assert [(i.label, plain_text(i.text)) for i in agenda.items][:3] == [
        ("1.", "Organizational matters:"), ("(a)", "Opening of the session;"),
        ("(b)", "Adoption of the agenda and organization of work.")]
    table = next(b for b in irg.blocks if isinstance(b, Table))
    assert table.label == "Table 1"
    assert [plain_text(c) for c in table.header] == ["State party under review",
                                                       "Reviewing States parties"]
    assert [plain_text(row[0]) for row in table.rows] == [
        "Afghanistan", "Albania", "Algeria", "Angola", "Argentina", "Armenia"]
    assert table.widths == [0.4, 0.6]
    drawing = next(b for b in irg.blocks if isinstance(b, Paragraph)
                   and plain_text(b.text).startswith("In accordance with the terms"))
    assert plain_text(drawing.text).endswith("The States drawn are listed in annex II.")
    assert irg.contents_columns == "pages"
    assert [(e.level, e.label) for e in irg.contents][-4:] == [
        ("chapter", "VIII."), ("chapter", "IX."), ("annex", "Annex I"), ("annex", "Annex II")]

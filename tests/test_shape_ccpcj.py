"""A functional commission's report (E/CN.15/2019/12): matters calling for action by
the Economic and Social Council (draft resolutions and decisions, resolutions and
decisions adopted), one chapter per agenda item with the action taken, and the
organization of the session last, with attendance as counts and the officers."""

from __future__ import annotations

import pytest

from conftest import ROOT
from reportgen.pipeline.tree import Document, Emph, Heading, Paragraph, Table, plain_text
from shapes import assert_endings, prepared

SESSION = ROOT / "meetings" / "ccpcj-2019" / "session.yaml"
STEM = "E_CN.15_2019_12"


@pytest.fixture(scope="module")
def ccpcj() -> Document:
    return prepared(SESSION)[0]


def _numbered(document: Document) -> dict[str, str]:
    """Each paragraph of the report's sequence (its list lines after it), by number."""
    return {b.number: "\n".join([plain_text(b.text)]
                                + [f"{i.label} {plain_text(i.text)}" for i in b.items])
            for b in document.blocks
            if isinstance(b, Paragraph) and b.numbered and not b.sequence}



def test_masthead_and_title(ccpcj: Document) -> None:
    m = ccpcj.masthead
    assert (m.symbol, m.organ, m.date) == ("E/CN.15/2019/12", "Economic and Social Council",
                                           "5 June 2019")
    assert m.body_line == ""
    assert m.title == ("Report of the Commission on Crime Prevention and Criminal Justice on "
                       "its twenty-eighth session, held in Vienna from 20 to 24 May 2019")


def test_chapters_and_sections_in_order(ccpcj: Document) -> None:
    headings = [f"{b.label} {plain_text(b.text)}" for b in ccpcj.blocks
                if isinstance(b, Heading) and b.level in ("chapter", "section")]
    assert headings == [
        "I. Matters calling for action by the Economic and Social Council or brought to its "
        "attention",
        "A. Draft resolutions for adoption by the Economic and Social Council",
        "B. Draft decisions for adoption by the Economic and Social Council",
        "C. Matters brought to the attention of the Economic and Social Council",
        "II. Thematic discussion on the theme “Education and youth engagement as key to making "
        "societies resilient to crime”",
        "III. Strategic management, budgetary and administrative questions",
        "IV. Integration and coordination of efforts by the United Nations Office on Drugs and "
        "Crime and by Member States in the field of crime prevention and criminal justice",
        "A. Deliberations",
        "B. Action taken by the Commission",
        "V. Follow-up to the Thirteenth United Nations Congress on Crime Prevention and "
        "Criminal Justice and preparations for the Fourteenth United Nations Congress on Crime "
        "Prevention and Criminal Justice",
        "VI. Use and application of United Nations standards and norms in crime prevention "
        "and criminal justice",
        "VII. World crime trends and emerging issues and responses in the field of crime "
        "prevention and criminal justice",
        "VIII. Contributions by the Commission to the work of the Economic and Social Council, "
        "in line with General Assembly resolution 72/305, including follow-up to and review "
        "and implementation of the 2030 Agenda for Sustainable Development",
        "IX. Provisional agenda for the twenty-ninth session",
        "X. Other business",
        "XI. Adoption of the report",
        "XII. Organization of the session",
        "A. Opening and duration of the session",
        "B. Attendance",
        "C. Election of officers",
        "D. Adoption of the agenda and other organizational matters",
        "E. Documentation",
    ]


def test_drafts_and_adopted_texts_numbered_in_their_series(ccpcj: Document) -> None:
    # The line that numbers each draft and text (its title is the heading after it).
    labels = [plain_text(b.text) for b in ccpcj.blocks
              if isinstance(b, Heading) and b.family]
    assert labels == ["Draft resolution I", "Draft resolution II", "Draft decision I",
                      "Draft decision II", "Resolution 28/1", "Resolution 28/2",
                      "Decision 28/101"]
    operative = [b.number for b in ccpcj.blocks
                 if isinstance(b, Paragraph) and b.sequence == "operative" and b.numbered]
    assert operative == ["1.", "2.", "3.", "1.", "2.", "1.", "2.", "1."]
    first = next(b for b in ccpcj.blocks if isinstance(b, Paragraph)
                 and plain_text(b.text).startswith("Requests the Secretary-General"))
    assert [(i.label, plain_text(i.text)) for i in first.items] == [
        ("(a)", "the discussion guide is made available in good time;"),
        ("(b)", "the meetings address, in particular:"),
        ("(i)", "the substantive agenda items of the Congress;"),
        ("(ii)", "the topics of its workshops.")]
    preamble = next(b for b in ccpcj.blocks if isinstance(b, Paragraph)
                    and plain_text(b.text).startswith("Recalling General Assembly"))
    assert isinstance(preamble.text[0], Emph) and plain_text(preamble.text[:1]) == "Recalling"
    assert isinstance(first.text[0], Emph)
    # A decision reads as typed: "The Economic and Social Council decides …", no italics.
    decision = next(b for b in ccpcj.blocks if isinstance(b, Paragraph)
                    and plain_text(b.text).startswith("The Economic and Social Council decides"))
    assert not any(isinstance(node, Emph) for node in decision.text)


def test_paragraph_numbering_by_chapter(ccpcj: Document) -> None:
    chapters: dict[str, list[int]] = {}
    current = ""
    for b in ccpcj.blocks:
        if isinstance(b, Heading) and b.level == "chapter":
            current = b.label
            chapters[current] = []
        elif isinstance(b, Paragraph) and b.numbered and not b.sequence:
            chapters[current].append(int(b.number.rstrip(".")))
    assert {label: (n[0], n[-1]) for label, n in chapters.items()} == {
        "I.": (1, 3), "II.": (4, 6), "III.": (7, 9), "IV.": (10, 14), "V.": (15, 17),
        "VI.": (18, 20), "VII.": (21, 23), "VIII.": (24, 27), "IX.": (28, 28),
        "X.": (29, 30), "XI.": (31, 31), "XII.": (32, 43)}
    assert [n for numbers in chapters.values() for n in numbers] == list(range(1, 44))


def test_action_taken_cites_the_drafts_and_texts(ccpcj: Document) -> None:
    p = _numbered(ccpcj)
    assert_endings(p, {
        "9.": "is contained in draft decision I (see chapter IX).",
        "13.": "For the text, see resolution 28/1 in section I.C.",
        "14.": "for adoption by the Economic and Social Council (see draft resolution II).",
        "17.": "(see draft resolution I).",
        "20.": "For the text, see resolution 28/2.",
        "25.": "as noted in para. 17.",
    })
    assert p["26."].endswith("For the text, see decision 28/101.")
    assert p["27."].endswith("(see draft decision II).")
    assert "chaired by Alicia Buenrostro Massieu. Speakers" in p["6."]
    assert p["5."].endswith("prepared by the Secretariat (E/CN.15/2019/3).")


def test_generated_sentences(ccpcj: Document) -> None:
    p = _numbered(ccpcj)
    expected = {
        "1.": "The Commission recommends to the Economic and Social Council the "
              "adoption of the following draft resolutions:",
        "2.": "The Commission recommends to the Economic and Social Council the "
              "adoption of the following draft decisions:",
        "3.": "The following resolutions and decision adopted by the Commission are "
              "brought to the attention of the Economic and Social Council:",
        "4.": "At its 2nd and 3rd meetings, on 20 and 21 May 2019, the Commission "
              "considered agenda item 3, entitled “Thematic discussion on the theme "
              "‘Education and youth engagement as key to making societies resilient "
              "to crime’”.",
        "29.": "At its 10th meeting, on 24 May 2019, the Commission considered agenda "
               "item 11, entitled “Other business”.",
    }
    assert {key: p[key] for key in expected} == expected
    assert p["28."].splitlines()[0] == (
        "At its 10th meeting, on 24 May 2019, the Commission approved the provisional agenda "
        "for its twenty-ninth session, as follows:")
    assert p["28."].splitlines()[-1] == ("12. Adoption of the report of the Commission on its "
                                         "twenty-ninth session.")
    expected = {
        "31.": "On 24 May 2019, the Commission adopted the report on its twenty-eighth "
               "session.",
        "32.": "The twenty-eighth session of the Commission on Crime Prevention and "
               "Criminal Justice was held in Vienna from 20 to 24 May 2019. Ten "
               "meetings were held during the session.",
        "33.": "The session was opened by Alicia Buenrostro Massieu (Mexico), Chair of "
               "the Commission.",
    }
    assert {key: p[key] for key in expected} == expected
    assert [p[f"{n}."] for n in range(34, 41)] == [
        "The session was attended by representatives of 38 States members of the Commission.",
        "Eighty-one other Member States of the United Nations were represented by observers.",
        "Two non-member States were represented by observers.",
        "Fourteen United Nations entities were represented by observers.",
        "Three specialized agencies of the United Nations system were represented by "
        "observers.",
        "Twenty-one intergovernmental organizations were represented by observers.",
        "Forty-six non-governmental organizations were represented by observers."]
    assert p["41."] == "\n".join([
        "At its 1st meeting, on 20 May 2019, the Commission elected the following officers by "
        "acclamation:",
        "Chair: Alicia Buenrostro Massieu (Mexico, Latin American and Caribbean States)",
        "Vice-Chairs: Amina Diallo Sow (Senegal, African States)",
        " Tomasz Wilczek (Poland, Eastern European States)",
        " Katharina Lindner (Austria, Western European and other States)",
        "Rapporteur: Farid Rahmani (Pakistan, Asia-Pacific States)"])
    assert p["42."].splitlines()[:4] == [
        "At its first meeting, on 20 May 2019, the Commission adopted by consensus the "
        "following agenda:",
        "1. Election of officers.",
        "2. Adoption of the agenda and other organizational matters.",
        "3. Thematic discussion on the theme “Education and youth engagement as key to making "
        "societies resilient to crime”."]
    assert p["43."].splitlines() == [
        "The Commission had before it the following:",
        "(a) Annotated provisional agenda (E/CN.15/2019/1);",
        "(b) Report of the Executive Director on the activities of the United Nations Office "
        "on Drugs and Crime (E/CN.15/2019/2);",
        "(c) Discussion guide for the thematic discussion on education and youth engagement "
        "as key to making societies resilient to crime (E/CN.15/2019/3);",
        "(d) Report of the Secretary-General on the preparations for the Fourteenth United "
        "Nations Congress on Crime Prevention and Criminal Justice (E/CN.15/2019/4);",
        "(e) Note by the Secretariat on world crime trends and emerging issues and responses "
        "in the field of crime prevention and criminal justice (E/CN.15/2019/5)."]


def test_the_single_annex_lists_the_documentation_in_order(ccpcj: Document) -> None:
    annexes = [b for b in ccpcj.blocks if isinstance(b, Heading) and b.level == "annex"]
    assert [(a.label, plain_text(a.text)) for a in annexes] == [
        ("Annex", "List of documents before the Commission at its twenty-eighth session")]
    table = ccpcj.blocks[ccpcj.blocks.index(annexes[0]) + 1]
    assert isinstance(table, Table) and table.label == ""  # untitled: no "Table 1"
    assert [[plain_text(c) for c in row[:2]] for row in table.rows] == [
        ["E/CN.15/2019/1", "2"], ["E/CN.15/2019/2", "5"], ["E/CN.15/2019/3", "3"],
        ["E/CN.15/2019/4", "6"], ["E/CN.15/2019/5", "8"]]

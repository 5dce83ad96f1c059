"""An expert group without a treaty, reporting to the General Assembly.

The session meetings/expert-group-corruption-2001 is shaped like the report of the
Meeting of the Intergovernmental Open-Ended Expert Group to Prepare Draft Terms of
Reference for the Negotiation of an International Legal Instrument against Corruption
(Vienna, 30 July–3 August 2001; report-shapes.md, section 3): no instrument, no
ordinal, the title "Report of the Meeting of …", the body and the place and dates
under the masthead, a draft resolution for the General Assembly, organization second,
and two chapters of the report's own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from reportgen.pipeline import model
from reportgen.pipeline.tree import (
    Block,
    Document,
    Emph,
    Heading,
    Paragraph,
    Table,
)
from reportgen.pipeline.tree import plain_text as plain
from shapes import assert_endings, built_text, numbered, paragraph, prepared

SESSION = ROOT / "meetings" / "expert-group-corruption-2001" / "session.yaml"
STEM = "A_AC.260_2"
BODY = ("Intergovernmental Open-Ended Expert Group to Prepare Draft Terms of Reference for the "
        "Negotiation of an International Legal Instrument against Corruption")


@pytest.fixture(scope="module")
def document() -> Document:
    documents = prepared(SESSION)
    assert len(documents) == 1  # no draft
    return documents[0]


@pytest.fixture(scope="module")
def report(document: Document) -> list[Block]:
    return document.blocks


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("expert2001")
    built_text(SESSION, STEM, out)
    return out



def test_first_page(document: Document, built: Path) -> None:
    masthead = document.masthead
    assert masthead.organ == "General Assembly"
    assert masthead.title == f"Report of the Meeting of the {BODY}"
    assert masthead.body_line == f"Meeting of the {BODY}\nVienna, 30 July–3 August 2001"
    text = (built / f"{STEM}.txt").read_text(encoding="utf-8")
    assert (f"Original: English\n\nMeeting of the {BODY}\nVienna, 30 July–3 August 2001\n\n"
            "Report of") in text


def test_headings_in_order(report: list[Block]) -> None:
    assert [f"{b.label} {plain(b.text)}".strip() for b in report
            if isinstance(b, Heading)] == [
        "I. Introduction",
        "II. Matters calling for action by the General Assembly",
        "Draft resolution I",
        "Terms of reference for the negotiation of an international legal instrument against "
        "corruption",
        "III. Organization of the meeting",
        "A. Opening of the meeting",
        "B. Attendance",
        "C. Election of officers",
        "D. Adoption of the agenda and organization of work",
        "E. Documentation",
        "IV. Summary of the discussion",
        "V. Presentation on the Global Programme against Corruption",
        "VI. Informal consultations",
        f"VII. Adoption of the report of the Meeting of the {BODY}",
        "Annex I List of participants",
        "Annex II List of documents before the Meeting",
    ]


def test_paragraph_numbering(report: list[Block]) -> None:
    found: dict[str, list[str]] = {}
    chapter = ""
    for b in report:
        if isinstance(b, Heading) and b.level == "chapter":
            chapter = b.label
        elif isinstance(b, Paragraph) and b.numbered and not b.sequence:
            found.setdefault(chapter, []).append(b.number)
    assert found == {
        "I.": ["1.", "2.", "3.", "4."],
        "II.": ["5."],
        "III.": [f"{n}." for n in range(6, 16)],
        "IV.": [f"{n}." for n in range(16, 21)],
        "V.": ["21.", "22."],
        "VI.": ["23.", "24."],
        "VII.": ["25."],
    }


def test_draft_resolution(report: list[Block]) -> None:
    assert numbered(report)["5."] == (
        "The Expert Group recommends to the General Assembly, through the Commission on Crime "
        "Prevention and Criminal Justice and the Economic and Social Council, the adoption of "
        "the following draft resolution:")
    start = next(i for i, b in enumerate(report)
                 if isinstance(b, Heading) and plain(b.text) == "Draft resolution I")
    chapter_iii = next(i for i, b in enumerate(report)
                       if isinstance(b, Heading) and b.label == "III.")
    body = [b for b in report[start + 2:chapter_iii] if isinstance(b, Paragraph)]
    unnumbered = [b.text for b in body if not b.numbered]
    # Whom it speaks for and each preambular paragraph open in italics.
    assert [(plain(t[:1]), isinstance(t[0], Emph)) for t in unnumbered] == [
        ("The General Assembly", True), ("Recalling", True), ("Recalling also", True),
        ("Having considered", True)]
    operative = [b for b in body if b.sequence == "operative"]
    assert [b.number for b in operative] == ["1.", "2.", "3."]
    assert all(isinstance(b.text[0], Emph) for b in operative)
    assert [plain(b.text[:1]) for b in operative] == ["Decides", "Requests", "Requests"]
    elements = operative[1]
    assert plain(elements.text).endswith("to consider, inter alia, the following elements:")
    assert [(i.label, plain(i.text)) for i in elements.items] == [
        ("(a)", "Definitions;"), ("(b)", "Scope;"), ("(c)", "Preventive measures;"),
        ("(d)", "Criminalization;"), ("(e)", "International cooperation;"),
        ("(f)", "Technical assistance.")]


def test_opening_sentences(report: list[Block]) -> None:
    text = numbered(report)
    # No ordinal: "The Meeting of …", and no count of meetings.
    assert text["6."] == (f"The Meeting of the {BODY} was held in Vienna from 30 July to "
                          "3 August 2001.")
    assert text["7."] == (
        "The meeting was opened by Andrés Molina Rivas (Colombia), Chair of the Expert Group. "
        "The Director of the Centre for International Crime Prevention of the Office for Drug "
        "Control and Crime Prevention made an introductory statement.")


def test_attendance_sentences(report: list[Block]) -> None:
    text = numbered(report)
    # States, not States parties: there is no treaty.
    assert text["8."].startswith("The following States were represented at the meeting: "
                                 "Algeria, Argentina, Australia, Austria, Belgium, Brazil,")
    assert text["8."].endswith("Ukraine, United Kingdom of Great Britain and Northern Ireland "
                               "and United States of America.")
    expected = {
        "9.": "The following United Nations entities were represented by observers: United Nations "
              "Development Programme and United Nations Interregional Crime and Justice Research "
              "Institute.",
        "10.": "The following intergovernmental organizations were represented by observers: "
               "Council of Europe, International Criminal Police Organization and Organisation "
               "for Economic Co-operation and Development.",
        "11.": "The following non-governmental organizations were represented by observers: "
               "International Chamber of Commerce and Transparency International.",
        "12.": "A list of participants is contained in document A/AC.260/INF/1.",
    }
    assert {key: text[key] for key in expected} == expected


def test_officers_sentence(report: list[Block]) -> None:
    officers = paragraph(report, "13.")
    assert plain(officers.text) == ("At its 1st meeting, on 30 July 2001, the Expert Group "
                                    "elected the following officers by acclamation:")
    assert [(i.label, plain(i.text)) for i in officers.items] == [
        ("Chair:", "Andrés Molina Rivas (Colombia)"),
        ("Vice-Chairs:", "Henryk Zalewski (Poland)"),
        ("", "Kwame Asante Boateng (Ghana)"),
        ("", "Hiroshi Tanabe (Japan)"),
        ("", "Claire Dumoulin (France)"),
        ("Rapporteur:", "Karim Haddad (Lebanon)"),
    ]


def test_agenda_sentence(report: list[Block]) -> None:
    agenda = paragraph(report, "14.")
    assert plain(agenda.text) == ("At its first meeting, on 30 July 2001, the Expert Group "
                                  "adopted by consensus the following agenda:")
    assert [(i.label, plain(i.text)) for i in agenda.items] == [
        ("1.", "Opening of the meeting."),
        ("2.", "Election of officers."),
        ("3.", "Adoption of the agenda and organization of work."),
        ("4.", "Preparation of draft terms of reference for the negotiation of an "
               "international legal instrument against corruption."),
        ("5.", "Adoption of the report."),
    ]


def test_documentation_sentence(report: list[Block]) -> None:
    documentation = paragraph(report, "15.")
    assert plain(documentation.text) == "The Expert Group had before it the following:"
    assert [(i.label, plain(i.text)) for i in documentation.items] == [
        ("(a)", "Provisional agenda and annotations (A/AC.260/1);"),
        ("(b)", "Report of the Secretary-General on existing international legal instruments, "
                "recommendations and other documents addressing corruption (E/CN.15/2001/3);"),
        ("(c)", "Draft terms of reference for the negotiation of an international legal "
                "instrument against corruption (A/AC.260/L.1)."),
    ]


def test_summary_of_the_discussion(report: list[Block]) -> None:
    text = numbered(report)
    # One agenda item: the chapter has no sections.
    assert text["16."] == (
        "At its 2nd to 4th meetings, on 30 July, 31 July and 1 August 2001, the Expert "
        "Group considered agenda item 4, entitled “Preparation of draft terms of reference for "
        "the negotiation of an international legal instrument against corruption”.")


def test_cross_references(report: list[Block]) -> None:
    text = numbered(report)
    assert_endings(text, {
        "4.": "recommendations that address corruption (E/CN.15/2001/3).",
        "18.": "among the elements listed in draft resolution I.",
        "23.": "from 31 July to 2 August 2001, coordinated by Henryk Zalewski.",
        "24.": "and is reflected in draft resolution I.",
    })
    assert text["20."].startswith("The Expert Group agreed that the list of elements set out "
                                  "in chapter II was indicative")


def test_adoption_sentence(report: list[Block]) -> None:
    assert numbered(report)["25."] == ("On 3 August 2001, the Expert Group adopted the present "
                                       "report on its meeting.")


def test_annexes_and_the_contents_with_paragraph_ranges(report: list[Block]) -> None:
    """Annex I lists the participants by delegation; annex II is the documentation data,
    in order, as a table (never typed twice); the contents give each chapter's and
    section's paragraphs."""
    document = prepared(SESSION)[0]
    start = next(i for i, b in enumerate(report)
                 if isinstance(b, Heading) and b.label == "Annex I")
    lines = [plain(b.text) for b in report[start + 1:start + 5]]
    assert lines == ["Algeria", "Karim Benali, Ambassador, Permanent Representative",
                     "Nadia Haddad, Counsellor", "Argentina"]
    table = next(b for b in report if isinstance(b, Table))
    assert [plain(c) for c in table.header] == ["Document symbol", "Agenda item",
                                                 "Title or description"]
    assert [[plain(c) for c in row[:2]] for row in table.rows] == [
        ["A/AC.260/1", "3"], ["E/CN.15/2001/3", "4"], ["A/AC.260/L.1", "4"]]
    session_titles = [" ".join(e.title.split()) for e in _documentation()]
    assert [plain(row[2]) for row in table.rows] == session_titles
    assert [(e.label, e.span) for e in document.contents] == [
        ("I.", "1–4"), ("II.", "5"), ("III.", "6–15"), ("A.", "6–7"), ("B.", "8–12"),
        ("C.", "13"), ("D.", "14"), ("E.", "15"), ("IV.", "16–20"), ("V.", "21–22"),
        ("VI.", "23–24"), ("VII.", "25"), ("Annex I", ""), ("Annex II", "")]


def _documentation() -> list[model.DocumentEntry]:
    from reportgen.errors import Diagnostics
    from reportgen.pipeline import load, validate

    session = validate.to_model(load.load(SESSION), Diagnostics())
    assert session is not None
    return session.documentation

"""A working group's report whose recommendations are ordinary numbered paragraphs.

The session meetings/ctoc-cop-wg4-2010 is shaped like CTOC/COP/WG.4/2010/6
(report-shapes.md, section 1): chapter II "Recommendations adopted by the Working
Group" opens with a typed paragraph instead of the standard sentence, and its
recommendations share the report's one sequence of paragraph numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from reportgen.pipeline.tree import Block, Document, Heading, Paragraph
from reportgen.pipeline.tree import plain_text as plain
from shapes import built_text, headings, numbered, paragraph, prepared

SESSION = ROOT / "meetings" / "ctoc-cop-wg4-2010" / "session.yaml"
STEM = "CTOC_COP_WG.4_2010_6"


def ranges(blocks: list[Block]) -> dict[str, tuple[str, str]]:
    """The first and last paragraph numbers of each chapter, by its label."""
    found: dict[str, list[str]] = {}
    chapter = ""
    for b in blocks:
        if isinstance(b, Heading) and b.level == "chapter":
            chapter = b.label
        elif isinstance(b, Paragraph) and b.numbered and not b.sequence:
            found.setdefault(chapter, []).append(b.number)
    return {label: (numbers[0], numbers[-1]) for label, numbers in found.items()}


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return prepared(SESSION)


@pytest.fixture(scope="module")
def report(documents: list[Document]) -> list[Block]:
    return documents[0].blocks


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wg4")
    built_text(SESSION, STEM, out)
    return out



def test_title_and_first_page(documents: list[Document]) -> None:
    masthead = documents[0].masthead
    assert masthead.title == ("Report on the meeting of the Working Group on Trafficking in "
                              "Persons held in Vienna from 27 to 29 January 2010")
    # The final report goes straight from the masthead to the title.
    assert masthead.body_line == ""


def test_headings_in_order(report: list[Block]) -> None:
    implementation = ("Implementation of the Protocol to Prevent, Suppress and Punish "
                      "Trafficking in Persons, Especially Women and Children, supplementing "
                      "the United Nations Convention against Transnational Organized Crime, "
                      "including national and regional efforts")
    assert headings(report) == [
        "I. Introduction",
        "II. Recommendations adopted by the Working Group",
        f"A. {implementation}",
        "1. General recommendations",
        "2. Victims of trafficking",
        "3. Prevention of trafficking in persons",
        "4. International cooperation",
        "III. Summary of deliberations",
        f"A. {implementation}",
        "B. Protection of and assistance to victims of trafficking in persons",
        "C. Prevention of trafficking in persons",
        "D. International cooperation in cases of trafficking in persons",
        "IV. Organization of the meeting",
        "A. Opening of the meeting",
        "B. Statements",
        "C. Adoption of the agenda and organization of work",
        "D. Attendance",
        "E. Documentation",
        "V. Adoption of the report",
    ]


def test_recommendations_are_paragraphs_of_the_one_sequence(report: list[Block]) -> None:
    assert list(numbered(report)) == [f"{n}." for n in range(1, 42)]
    assert ranges(report) == {"I.": ("1.", "3."), "II.": ("4.", "14."),
                              "III.": ("15.", "24."), "IV.": ("25.", "40."),
                              "V.": ("41.", "41.")}
    # No "Recommendation 1" label anywhere.
    assert not [b for b in report if isinstance(b, Heading) and b.level == "recommendation"]
    # The recommendations under each subsection of section II.A.
    subsections: dict[str, list[str]] = {}
    current = ""
    for b in report:
        if isinstance(b, Heading):
            current = b.label if b.level == "subsection" else ""
        elif current and isinstance(b, Paragraph):
            subsections.setdefault(current, []).append(b.number)
    assert subsections == {"1.": ["5.", "6."], "2.": ["7.", "8.", "9.", "10."],
                           "3.": ["11.", "12."], "4.": ["13.", "14."]}


def test_chapter_two_opens_with_the_typed_paragraph(report: list[Block]) -> None:
    # 'sentence: false': no "At its meeting held in … adopted the recommendations".
    assert numbered(report)["4."] == (
        "The Working Group on Trafficking in Persons, established by the Conference of the "
        "Parties in its decision 4/4, adopted the recommendations below for the "
        "consideration of the Conference at its fifth session.")


def test_footnotes_cite_the_treaty_series(built: Path) -> None:
    text = (built / f"{STEM}.txt").read_text(encoding="utf-8")
    assert "Transnational Organized Crime[1] recalled" in text
    assert "    [1] United Nations, Treaty Series, vol. 2225, No. 39574.\n" in text
    assert "    [2] Ibid., vol. 2237, No. 39574.\n" in text


def test_cross_references(report: list[Block]) -> None:
    text = numbered(report)
    assert text["3."].endswith("are set out in chapter II.")
    # A recommendation cited by its paragraph number.
    assert text["19."].endswith("the views expressed in the recommendation in paragraph 9.")


def test_consideration_sentences(report: list[Block]) -> None:
    text = numbered(report)
    assert text["15."].startswith(
        "At its 1st and 2nd meetings, on 27 January 2010, the Working Group considered agenda "
        "item 2, entitled “Implementation of the Protocol")
    assert text["18."] == (
        "At its 3rd and 4th meetings, on 28 January 2010, the Working Group considered agenda "
        "item 3, entitled “Protection of and assistance to victims of trafficking in persons”.")
    assert text["21."] == (
        "At its 4th meeting, on 28 January 2010, the Working Group considered agenda item 4, "
        "entitled “Prevention of trafficking in persons”.")


def test_opening_sentences(report: list[Block]) -> None:
    text = numbered(report)
    assert text["25."] == (
        "The second meeting of the Working Group on Trafficking in Persons was held in Vienna "
        "from 27 to 29 January 2010. Six meetings were held during the session.")
    assert text["26."] == (
        "The meeting was opened by Lucía Ferrer Salgado (Argentina), Chair of the Working "
        "Group. She recalled the mandate given to the Working Group in decision 4/4 of the "
        "Conference and introduced the topics before the meeting.")


def test_statement_sentences(report: list[Block]) -> None:
    text = numbered(report)
    assert text["27."] == ("General introductory statements were made by a representative of "
                           "the Secretariat under agenda items 1 to 5.")
    assert text["28."].startswith(
        "Under agenda items 2 to 5, statements were made by representatives of the following "
        "States parties to the Trafficking in Persons Protocol: Algeria, Argentina, Austria,")
    assert text["28."].endswith(
        "United Kingdom of Great Britain and Northern Ireland and United States of America.")
    expected = {
        "29.": "The representative of the European Union, a regional economic integration "
               "organization that is a party to the Trafficking in Persons Protocol, also made a "
               "statement.",
        "30.": "The observers for Japan and Thailand, signatories to the "
               "Trafficking in Persons Protocol, also made statements.",
        "31.": "The observer for Iran (Islamic Republic of) also made a statement.",
    }
    assert {key: text[key] for key in expected} == expected


def test_agenda_sentence(report: list[Block]) -> None:
    agenda = paragraph(report, "32.")
    assert plain(agenda.text) == ("At its first meeting, on 27 January 2010, the Working Group "
                                  "adopted by consensus the following agenda:")
    assert [(i.label, plain(i.text)) for i in agenda.items][:3] == [
        ("1.", "Organizational matters:"),
        ("(a)", "Opening of the meeting;"),
        ("(b)", "Adoption of the agenda and organization of work."),
    ]
    assert [i.label for i in agenda.items] == ["1.", "(a)", "(b)", "2.", "3.", "4.", "5.", "6."]
    assert plain(agenda.items[-1].text) == "Adoption of the report."


def test_attendance_sentences(report: list[Block]) -> None:
    text = numbered(report)
    assert text["33."].startswith(
        "The following States parties to the Trafficking in Persons Protocol were represented "
        "in the Working Group: Algeria, Argentina, Austria, Azerbaijan, Belarus, Belgium, "
        "Bolivia (Plurinational State of), Brazil,")
    assert text["33."].endswith(
        "Ukraine, United Kingdom of Great Britain and Northern Ireland and United States of "
        "America.")
    expected = {
        "34.": "The European Union, a regional economic integration organization that is a "
               "party to the Trafficking in Persons Protocol, was represented at the meeting.",
        "35.": "The following States signatories to the Trafficking in Persons Protocol were "
               "represented by observers: Czech Republic, Greece, India, Ireland, Japan and "
               "Thailand.",
        "36.": "The following States that are not parties or signatories to the Trafficking in "
               "Persons Protocol were represented by observers: Iran (Islamic Republic of), "
               "Pakistan, Singapore and Viet Nam.",
        "37.": "The following United Nations entities were represented by observers: Office of "
               "the United Nations High Commissioner for Human Rights and United Nations "
               "Children’s Fund.",
        "38.": "The following intergovernmental organizations were represented by observers: "
               "International Centre for Migration Policy Development, International "
               "Organization for Migration and Organization for Security and Cooperation in "
               "Europe.",
        "39.": "A list of participants is contained in document "
               "CTOC/COP/WG.4/2010/INF/1.",
    }
    assert {key: text[key] for key in expected} == expected


def test_documentation_sentence(report: list[Block]) -> None:
    documentation = paragraph(report, "40.")
    assert plain(documentation.text) == "The Working Group had before it the following:"
    assert [(i.label, plain(i.text)) for i in documentation.items][0] == (
        "(a)", "Annotated provisional agenda (CTOC/COP/WG.4/2010/1);")
    assert [i.label for i in documentation.items] == ["(a)", "(b)", "(c)", "(d)", "(e)"]
    assert plain(documentation.items[-1].text).endswith("(CTOC/COP/WG.4/2010/5).")


def test_adoption_sentence(report: list[Block]) -> None:
    assert numbered(report)["41."] == (
        "On 29 January 2010, the Working Group adopted the present report on its meeting.")


def test_draft_in_two_parts(documents: list[Document]) -> None:
    first, addendum = documents[1], documents[2]
    assert [first.masthead.symbol, addendum.masthead.symbol] == [
        "CTOC/COP/WG.4/2010/L.1", "CTOC/COP/WG.4/2010/L.1/Add.1"]
    assert first.masthead.body_line == ("Working Group on Trafficking in Persons\n"
                                        "Vienna, 27–29 January 2010")
    chapters = [[f"{b.label} {plain(b.text)}" for b in d.blocks
                 if isinstance(b, Heading) and b.level == "chapter"] for d in (first, addendum)]
    assert chapters == [
        ["I. Introduction", "II. Recommendations adopted by the Working Group"],
        ["III. Summary of deliberations", "IV. Organization of the meeting",
         "V. Adoption of the report"]]
    # Each part numbers its paragraphs from 1; a paragraph cited in the other part
    # names that part.
    assert ranges(first.blocks) == {"I.": ("1.", "3."), "II.": ("4.", "14.")}
    assert ranges(addendum.blocks)["III."] == ("1.", "10.")
    assert numbered(addendum.blocks)["5."].endswith(
        "the recommendation in paragraph 9 of document CTOC/COP/WG.4/2010/L.1.")

"""The general report model (issue 13): shapes the seed never needed, and their mistakes.

Each accepted shape is built to TXT and its text read back; each mistake is a located
error (exit 2) that says what to type instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.errors import ExitCode
from test_terminal import MINIMAL, STATES_LINE, in_tmp
from test_validation import run_cli, write_session

__all__ = ["in_tmp"]  # the autouse fixture: each test runs in its own folder

SESSION_MEETING = """meeting:
  body: Implementation Review Group
  short_name: Group
  unit: session
  number: 6
  venue: Vienna
  start: 2026-06-02
  end: 2026-06-03
  chair:
    name: Ana Pereira
    country: Portugal
"""
# The minimal session's meeting, as typed there.
MINIMAL_MEETING = MINIMAL[MINIMAL.index("meeting:"):MINIMAL.index("instrument:")]
NO_INSTRUMENT = "instrument:\n  short_name: Firearms Protocol\n\n"
SORTED = "states_parties: [Austria, Brazil, Costa Rica, Côte d’Ivoire]"
STATES = "states: [Austria, Brazil, Costa Rica, Côte d’Ivoire]"


def _write(*replacements: tuple[str, str], extra: str = "") -> None:
    """m/session.yaml: the minimal session, its States sorted so that it builds with
    --strict, with each (old, new) replaced and ``extra`` added."""
    write_session((STATES_LINE, SORTED), *replacements, extra=extra)


def _built(*replacements: tuple[str, str], extra: str = "") -> list[str]:
    """The TXT lines of the session, built with --strict."""
    _write(*replacements, extra=extra)
    code, _, err = run_cli("build", "m", "--to", "txt", "--strict")
    assert code == ExitCode.OK, err
    return next(Path("build").glob("*.txt")).read_text(encoding="utf-8").splitlines()


def _errors(*replacements: tuple[str, str], extra: str = "") -> str:
    _write(*replacements, extra=extra)
    code, out, err = run_cli("check", "m")
    assert code == ExitCode.INVALID_INPUT, err
    return err


def _headings(lines: list[str]) -> list[str]:
    """The numbered chapter and section headings, in order."""
    return [line for line in lines if re.match(r"([IVXLC]+|[A-Z])\. ", line)]


def test_a_session_without_instrument_ordinal_or_treaty_words_builds() -> None:
    meeting = MINIMAL_MEETING.replace("  number: 11\n", "").replace("Working Group on Firearms",
                                                                      "Expert Group on Firearms")
    lines = _built((MINIMAL_MEETING, meeting), (NO_INSTRUMENT, ""), (SORTED, STATES))
    assert lines[9] == "Report on the meeting of the Expert Group on Firearms held in Vienna " \
                       "on 2 and 3 June 2026"
    assert ("The Meeting of the Expert Group on Firearms was held in Vienna on 2 and 3 June "
            "2026. Four meetings were held during the session.") in [
        line.split(" ", 1)[1] for line in lines if line[:1].isdigit()]
    assert "6. The following States were represented at the meeting: Austria, Brazil, " \
           "Costa Rica and Côte d’Ivoire." in lines


def test_session_wording_with_organization_as_chapter_two() -> None:
    chapters = """
chapters:
  - kind: deliberations
    title: Summary of the discussion
  - kind: organization
    sections: [opening, attendance, agenda]
  - adoption
"""
    lines = _built((MINIMAL_MEETING, SESSION_MEETING), extra=chapters)
    assert lines[9] == ("Report of the Implementation Review Group on its sixth session, held "
                        "in Vienna on 2 and 3 June 2026")
    assert _headings(lines) == [
        "I. Summary of the discussion", "II. Organization of the session",
        "A. Opening of the session", "B. Attendance",
        "C. Adoption of the agenda and organization of work", "III. Adoption of the report"]
    assert ("4. The session was opened by Ana Pereira (Portugal), Chair of the Group."
            in lines)
    assert lines[-1] == "7. On 3 June 2026, the Group adopted the report on its sixth session."


def test_items_as_chapters_and_other_matters_before_the_provisional_agenda() -> None:
    agenda = """  items:
    - key: organizational
      title: Organizational matters
    - key: marking
      title: Marking of firearms
    - key: other
      title: Other matters
    - key: report
      title: Adoption of the report
"""
    extra = """
other_matters:
  item: other
  meetings: [3]
  dates: [2026-06-03]
  paragraphs: [No other matter was raised.]

provisional_agenda:
  approved: {meeting: 3, date: 2026-06-03}
  items:
    - {key: next-organizational, title: Organizational matters}
    - {key: next-report, title: Adoption of the report}

chapters:
  - kind: organization
  - kind: deliberations
    per_item: true
  - other-matters
  - provisional-agenda
  - adoption
"""
    old_agenda = MINIMAL[MINIMAL.index("  items:"):MINIMAL.index("\ndeliberations:")]
    lines = _built((MINIMAL_MEETING, SESSION_MEETING.replace("  chair:", "  meetings_held: 3\n"
                                                                          "  chair:")),
                   (old_agenda, agenda), extra=extra)
    assert _headings(lines) == [
        "I. Organization of the session", "A. Opening of the session",
        "B. Adoption of the agenda and organization of work", "C. Attendance",
        "II. Marking of firearms", "III. Other matters",
        "IV. Provisional agenda for the seventh session", "V. Adoption of the report"]
    index = lines.index("IV. Provisional agenda for the seventh session")
    assert lines[index + 2:index + 5] == [
        "9. At its 3rd meeting, on 3 June 2026, the Group approved the provisional agenda for "
        "its seventh session, as follows:",
        "    1. Organizational matters.", "    2. Adoption of the report."]


def test_recommendations_as_paragraphs_and_officers() -> None:
    extra = """
recommendations:
  style: paragraphs
  recommendations:
    - id: first
      text: States should mark firearms.
    - Recalling [[para:first]], States should keep records.

officers:
  elected: {meeting: 1, date: 2026-06-02}
  people:
    - {office: chair, name: Ana Pereira, country: Portugal, id: chair}
    - {office: vice-chair, name: Kwame Mensah, country: Ghana}
    - {office: vice-chair, name: Li Wei, country: China}
    - {office: rapporteur, name: Sara Haddad, country: Lebanon}
"""
    meeting = MINIMAL_MEETING[:MINIMAL_MEETING.index("  chair:")] + "\n"
    lines = _built((MINIMAL_MEETING, meeting), extra=extra)
    assert "2. States should mark firearms." in lines
    assert "3. Recalling para. 2, States should keep records." in lines
    index = next(i for i, line in enumerate(lines) if "elected the following officers" in line)
    assert lines[index:index + 5] == [
        "8. At its 1st meeting, on 2 June 2026, the Working Group elected the following "
        "officers by acclamation:",
        "    Chair: Ana Pereira (Portugal)", "    Vice-Chairs: Kwame Mensah (Ghana)",
        "    Li Wei (China)", "    Rapporteur: Sara Haddad (Lebanon)"]
    assert "7. The meeting was opened by Ana Pereira (Portugal), Chair of the Working Group." \
        in lines


def test_attendance_counted_and_the_cover_block() -> None:
    lines = _built((SORTED, "states_parties: 41\n  non_governmental_organizations: 1"),
                   ("  job_number: V.26-01234\n",
                    "  job_number: V.26-01234\n  cover: [body, session, place-and-dates]\n"))
    assert lines[8:13] == ["", "Working Group on Firearms", "Eleventh meeting",
                           "Vienna, 2 and 3 June 2026", ""]
    assert ("Forty-one States parties to the Firearms Protocol were represented in the "
            "Working Group.") in [line.split(" ", 1)[1] for line in lines if line[:1].isdigit()]
    assert "7. One non-governmental organization was represented by an observer." in lines


CHAPTERS = "\nchapters:\n"
NO_NUMBER = (MINIMAL_MEETING, MINIMAL_MEETING.replace("  number: 11\n", ""))
NO_CHAIR = (MINIMAL_MEETING, MINIMAL_MEETING[:MINIMAL_MEETING.index("  chair:")] + "\n")
ADOPTED = ("\naction:\n  organ: General Assembly\n  resolutions:\n"
           "    - {title: Firearms, operative: [Decides to act.]}\n")
MISTAKES = {
    "unknown kinds, with the kind meant": (
        [], CHAPTERS + "  - introduktion\n  - kind: organisation\n  - adoption\n",
        ["m/session.yaml:47:5: error: entry 1 of 'chapters' has the unknown kind "
         "'introduktion' (did you mean 'introduction'?)",
         "m/session.yaml:48:11: error: entry 2 of 'chapters' has the unknown kind "
         "'organisation' (did you mean 'organization'?)"]),
    "a key of another kind, with this kind's keys": (
        [], CHAPTERS + "  - kind: organization\n    per_item: true\n",
        ["m/session.yaml:48:5: error: unknown key 'per_item' (valid keys here: kind, id, "
         "title, sections)"]),
    "a chapter without content, and one listed twice": (
        [], CHAPTERS + "  - introduction\n  - adoption\n  - adoption\n",
        ["m/session.yaml:47:5: error: the chapter 'introduction' has nothing to print: the "
         "session has no 'introduction' (add it, or remove the chapter)",
         "m/session.yaml:49:5: error: the chapter 'adoption' is listed twice (first at "
         "m/session.yaml:48:5); list it once"]),
    "a free chapter without its title": (
        [], CHAPTERS + "  - chapter\n",
        ["m/session.yaml:47:5: error: entry 1 of 'chapters' of kind 'chapter' needs its "
         "'title': write it as a mapping ('kind: chapter' and 'title: …')"]),
    "treaty categories without a treaty": (
        [(NO_INSTRUMENT, "")], "",
        ["error: 'states_parties' are so to a treaty, and the session names none: add "
         "'instrument' (its 'short_name'), or list the States under 'states' or 'members'"]),
    "adopted resolutions without the session's number": (
        [NO_NUMBER], ADOPTED,
        ["numbered in the series of its session (28/1): give the session's 'number' under "
         "'meeting'"]),
    "an opening without a chair": (
        [NO_CHAIR], "",
        ["m/session.yaml:9:3: error: the opening names who chaired: give 'chair' under "
         "'meeting', or a chair among the 'officers'"]),
    "a consideration printed by two chapters": (
        [], CHAPTERS + "  - deliberations\n  - deliberations\n  - organization\n  - adoption\n",
        ["m/session.yaml:48:5: error: the consideration of 'marking' is already printed by "
         "the chapter at m/session.yaml:47:5; give each deliberations chapter its own "
         "'items'"]),
    "two chapters under one id": (
        [], CHAPTERS + "  - kind: chapter\n    id: organization\n    title: Extra\n"
        "    paragraphs: [Text.]\n  - organization\n  - adoption\n",
        ["m/session.yaml:51:5: error: two chapters have the id 'organization' (the other at "
         "m/session.yaml:47:5); give one of them an 'id' of its own"]),
    "an empty free chapter, an empty statements section": (
        [], CHAPTERS + "  - {kind: chapter, title: Nothing}\n"
        "  - {kind: organization, sections: [opening, statements]}\n  - adoption\n",
        ["m/session.yaml:47:5: error: the chapter 'Nothing' has nothing to print: give it "
         "'paragraphs' or 'sections'",
         "m/session.yaml:48:46: error: the section 'statements' has nothing to print"]),
    "an action with nothing in it": (
        [], "\naction:\n  organ: General Assembly\n",
        ["error: 'action' has no draft resolutions, draft decisions, resolutions or "
         "decisions (add them, or remove the key)"]),
    "a draft without text, adopted under an item nobody considered": (
        [], "\naction:\n  organ: General Assembly\n  draft_decisions:\n"
        "    - {title: Dates, item: report, adopted: {meeting: 3, date: 2026-06-03}}\n",
        ["error: 'Dates' has no 'preamble' and no 'operative' paragraphs: give it its text",
         "error: no consideration of the item 'report' (under 'deliberations') prints what "
         "was done with this text; add one, or remove 'item'"]),
    "a cover line and a kind of annex twice": (
        [("  job_number: V.26-01234\n", "  job_number: V.26-01234\n  cover: [body, body]\n")],
        "\nannexes:\n  - {kind: participants, delegations: [{name: Austria, people: "
        "[{name: A}]}]}\n  - {kind: participants, delegations: [{name: Brazil, people: "
        "[{name: B}]}]}\n",
        ["error: 'cover' lists body twice; list each line once",
         "error: the annex 'participants' is listed twice (first at m/session.yaml:48:5); "
         "list it once"]),
    "a category as text, neither names nor a count": (
        [(SORTED, "states_parties: many")], "",
        ["m/session.yaml:41:19: error: 'states_parties' should be a list (one '- ' line "
         "per entry), not 'many'"]),
}


@pytest.mark.parametrize(("replacements", "extra", "expected"), MISTAKES.values(),
                         ids=list(MISTAKES))
def test_a_mistake_of_the_general_model_is_located_with_its_fix(
        replacements: list[tuple[str, str]], extra: str, expected: list[str]) -> None:
    err = _errors(*replacements, extra=extra)
    for message in expected:
        assert message in err


def test_resolutions_are_numbered_in_series_and_cited() -> None:
    extra = """
action:
  organ: Conference of the Parties
  draft_resolutions:
    - id: marking-draft
      title: Marking of firearms
      preamble:
        - Recalling its earlier work,
      operative:
        - Decides to act;
        - text: Requests the Secretariat
          subparagraphs: [to report;, to assist.]
  decisions:
    - id: theme
      title: Theme of the next meeting
      operative: [Decides that the theme shall be marking.]
"""
    paragraph = ('      - Several speakers described "national marking systems".',
                 "      - As [[draft-resolution:marking-draft]] and [[decision:theme]] say.")
    lines = _built(paragraph, extra=extra)
    start = lines.index("Draft resolution I")
    assert lines[start - 4:start + 12] == [
            "A. Draft resolution for adoption by the Conference of the Parties", "",
            "1. The Working Group recommends to the Conference of the Parties the adoption of "
            "the following draft resolution:", "",
            "Draft resolution I", "", "Marking of firearms", "",
            "The Conference of the Parties,", "", "Recalling its earlier work,", "",
            "1. Decides to act;", "", "2. Requests the Secretariat",
            "    (a) to report;"]
    assert "Decision 11/101" in lines
    assert "Decides that the theme shall be marking." in lines  # one paragraph: no number
    assert any(line.endswith("As draft resolution I and decision 11/101 say.")
               for line in lines)


def test_a_chapter_per_item_is_cited_by_its_item_key_and_a_misspelt_kind_is_named() -> None:
    paragraph = '      - Several speakers described "national marking systems".'
    extra = "\nchapters:\n  - kind: deliberations\n    per_item: true\n  - organization\n" \
            "  - adoption\n"
    lines = _built((paragraph, "      - As [[chapter:marking]] shows."), extra=extra)
    assert "2. As chapter I shows." in lines
    err = _errors((paragraph, "      - See [[resolutoin:marking]]."))
    assert "m/session.yaml:38:13: error: unknown kind of reference 'resolutoin' in " \
           "[[resolutoin:marking]] (did you mean 'resolution'?)" in err


def test_the_action_taken_under_an_item_comes_from_the_drafts_adopted_under_it() -> None:
    extra = """
action:
  organ: Conference of the Parties
  draft_resolutions:
    - title: Marking of firearms
      item: marking
      adopted: {meeting: 3, date: 2026-06-03}
      operative: [Decides to act;, Requests a report.]
  resolutions:
    - title: Record-keeping
      item: marking
      adopted: {meeting: 4, date: 2026-06-03}
      operative: [Decides to keep records;, Invites States to act.]
"""
    lines = _built(extra=extra)
    start = lines.index("Action taken by the Working Group")
    assert lines[start + 2:start + 5] == [
        "5. At its 3rd meeting, on 3 June 2026, the Working Group approved the draft "
        "resolution entitled “Marking of firearms” for adoption by the Conference of the "
        "Parties.", "",
        "6. At its 4th meeting, on 3 June 2026, the Working Group adopted the draft "
        "resolution entitled “Record-keeping”."]
    err = _errors(extra=extra.replace("meeting: 4,", "meeting: 7,"))
    assert "error: meeting 7 does not exist: the session held 4 meetings ('meetings_held')" \
        in err


def test_opened_by_an_official_and_paragraphs_after_the_standard_sentences() -> None:
    extra = """
opening:
  by:
    name: Jane Doe
    title: Director, Division for Treaty Affairs
  paragraphs: [The Chair was elected at the first meeting.]
"""
    adoption = "adoption:\n  date: 2026-06-03\n"
    lines = _built((adoption, adoption + "  paragraphs: [The Working Group thanked the "
                                          "Secretariat.]\n"), extra=extra)
    assert "4. The meeting was opened by Jane Doe, Director, Division for Treaty Affairs." \
        in lines
    assert "5. The Chair was elected at the first meeting." in lines
    assert lines[-3:] == ["8. On 3 June 2026, the Working Group adopted the present report "
                          "on its meeting.", "", "9. The Working Group thanked the Secretariat."]


def test_a_consideration_without_its_sentence_needs_no_meetings() -> None:
    deliberation = "    meetings: [2]\n    dates: [2026-06-02]\n"
    lines = _built((deliberation, "    sentence: false\n"))
    assert lines[lines.index("I. Summary of deliberations") + 2] == \
        "1. Several speakers described “national marking systems”."
    err = _errors((deliberation, ""))
    assert "m/session.yaml:34:5: error: missing required key 'meetings' in a consideration " \
           "of an agenda item (the sentence that opens it names the meetings and their " \
           "dates; or write 'sentence: false')" in err

"""Meaning checks on a valid-looking session: keys that must exist, lists in order.

These run after the structure is known to be right, and like it they report
every problem at once with the place it was typed.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable

from reportgen.errors import Diagnostics
from reportgen.pipeline import barcodes, lists, model, symbols


def check_session(session: model.Session, diagnostics: Diagnostics) -> None:
    _check_symbols(session, diagnostics)
    _check_job_number(session, diagnostics)
    _check_recommendations(session, diagnostics)
    _check_unique_ids(session, diagnostics)
    _check_item_references(session, diagnostics)
    _check_dates(session, diagnostics)
    _check_chapters(session, diagnostics)
    _check_annexes(session, diagnostics)
    for table in _tables(session):
        _check_table(table, diagnostics)
    _check_treaty_words(session, diagnostics)
    lists.check_lists(session, diagnostics)


def _check_symbols(session: model.Session, diagnostics: Diagnostics) -> None:
    """Every document symbol the session names follows the UN grammar."""
    info = session.document
    if not info.symbol and not info.series:
        diagnostics.error(info.loc, "write the report's 'symbol' (or its 'series', to number "
                                    "it after the documents of the session)")
        return
    places: list[tuple[str, model.Node, str]] = [
        (session.symbol(), info, "symbol" if info.symbol else "series")]
    if session.attendance and session.attendance.list_of_participants:
        places.append((session.attendance.list_of_participants, session.attendance,
                       "list_of_participants"))
    places += [(entry.symbol, entry, "symbol") for entry in session.documentation]
    if session.draft:
        places.append((session.draft.symbol, session.draft, "symbol"))
    for text, node, key in places:
        try:
            symbols.parse(text)
        except symbols.SymbolError as exc:
            diagnostics.error(node.at(key), str(exc))
    _check_revision(session, diagnostics)
    if session.draft and symbols.is_valid(session.draft.symbol) and \
            not symbols.parse(session.draft.symbol).limited:
        diagnostics.error(session.draft.at("symbol"),
                          f"the draft's symbol {session.draft.symbol!r} has no L. component; "
                          "a draft report is a Limited document: …/L.1")


JOB_NUMBER_FORMS = "V.17-06793 for Vienna, GE.17-12345 for Geneva, 17-12345 for New York"


_REVISED = re.compile(r"/(Rev|Corr)\.\d+$")
MAX_REVISION = 99


def _check_revision(session: model.Session, diagnostics: Diagnostics) -> None:
    """A revision names the issued symbol and its number; it has no draft of its own."""
    info = session.document
    if not info.revision:
        return
    if info.revision < 0 or info.revision > MAX_REVISION:
        diagnostics.error(info.at("revision"), f"revision {info.revision} is not the number "
                                               f"of a revision: write 1 to {MAX_REVISION}")
    if _REVISED.search(info.symbol):
        diagnostics.error(info.at("symbol"), f"write the symbol of the issued report "
                                             f"({_REVISED.sub('', info.symbol)}): "
                                             "'revision' adds the /Rev. part")
    if session.draft:
        diagnostics.error(session.draft.loc, "a revision replaces an issued report and has no "
                                             "draft parts: remove 'draft', or 'revision'")


def _check_job_number(session: model.Session, diagnostics: Diagnostics) -> None:
    """Job numbers are job numbers; each draft part has its own (its cover prints it)."""
    job_number = session.document.job_number
    if job_number and not barcodes.JOB_NUMBER.match(job_number):
        diagnostics.error(session.document.at("job_number"),
                          f"'job_number' {job_number!r} is not a job number (write it like "
                          f"{JOB_NUMBER_FORMS})")
    if session.draft is None:
        return
    for index, part in enumerate(session.draft.parts):
        symbol = session.draft.symbol + (f"/Add.{index}" if index else "")
        if part.job_number and not barcodes.JOB_NUMBER.match(part.job_number):
            diagnostics.error(part.at("job_number"),
                              f"'job_number' {part.job_number!r} of {symbol} is not a job "
                              f"number (write it like {JOB_NUMBER_FORMS})")
        elif not part.job_number:
            diagnostics.warning(part.loc, f"the draft part {symbol} has no job number: its "
                                "cover prints no job line and no barcode; give it its own "
                                "(each L. document has one), e.g. 'job_number: V.17-06412'",
                                "draft.job-number")


def _check_recommendations(session: model.Session, diagnostics: Diagnostics) -> None:
    """A chapter or a heading of recommendations with none under it is a mistake."""
    recommendations = session.recommendations
    if recommendations is None:
        return
    if not recommendations.groups and not recommendations.recommendations:
        diagnostics.error(recommendations.loc, "'recommendations' has no 'groups' and no "
                                               "'recommendations' (add them, or remove the key)")
    for group in _all_groups(recommendations.groups):
        if not group.groups and not group.recommendations:
            diagnostics.error(group.loc, f"the group '{group.title}' has no recommendations "
                                         "and no groups (add them, or remove the group)")


def _check_unique_ids(session: model.Session, diagnostics: Diagnostics) -> None:
    """Every id (and agenda key) is written as a reference can cite it, and names one
    thing, so that a reference is never ambiguous."""
    seen: dict[str, model.Node] = {}
    for node_id, node in _identified(session):
        if not node_id:
            continue
        key = "key" if isinstance(node, model.AgendaItem) else "id"
        problem = id_problem(node_id, "other-matters" if key == "key" else "commercial-carriers")
        if problem:
            diagnostics.error(node.at(key), f"the {key} '{node_id}' {problem}")
        elif node_id in seen:
            diagnostics.error(node.loc, f"the id '{node_id}' is used twice (first at "
                                        f"{seen[node_id].loc}); give each its own id")
        else:
            seen[node_id] = node


# docs/session-format.md, "Cross-references": ids are ASCII letters, digits, "-", "_"
# and ".", as a reference reads them. An id also starts with a letter or a digit and
# has no "..", so that it never reads as a hidden file or a step up a folder.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def id_problem(node_id: str, example: str) -> str:
    """What makes ``node_id`` not an id, said to the user with an ``example``, or ""."""
    if _ID.fullmatch(node_id) and ".." not in node_id:
        return ""
    hint = f"; write it like '{example}'"
    wrong = next((c for c in node_id if not re.fullmatch(r"[A-Za-z0-9_.-]", c)), "")
    if wrong:
        shown = "a space" if wrong == " " else f"'{wrong}'"
        return ("may hold only the letters A–Z and a–z, digits, '-', '_' and '.', "
                f"not {shown}{hint}")
    if ".." in node_id:
        return f"has two dots in a row{hint}"
    return f"starts with '{node_id[0]}'; start it with a letter or a digit{hint}"


def _identified(session: model.Session) -> Iterable[tuple[str, model.Node]]:
    """Every (id, node) pair a user gave, in the order of the file."""
    for item in _all_items(session.agenda.items):
        yield item.key, item
    paragraphs = list(session.introduction)
    for consideration in [*session.deliberations, session.other_matters]:
        if consideration is not None:
            yield consideration.id, consideration
            paragraphs += consideration.paragraphs
    for paragraph in paragraphs:
        yield paragraph.id, paragraph
    if session.recommendations:
        recommendations = list(session.recommendations.recommendations)
        for group in _all_groups(session.recommendations.groups):
            yield group.id, group
            recommendations += group.recommendations
        for recommendation in recommendations:
            yield recommendation.id, recommendation
    for entry in session.documentation:
        yield entry.id, entry
    for chapter in session.chapters:
        yield chapter.id, chapter
        if isinstance(chapter, model.OrganizationChapter):
            for part in chapter.sections:
                yield part.id, part
    for section in _all_sections(session):
        yield section.id, section
        for paragraph in section.paragraphs:
            yield paragraph.id, paragraph
    if session.officers:
        for officer in session.officers.people:
            yield officer.id, officer
    if session.action:
        for resolution in _resolutions(session.action):
            yield resolution.id, resolution
    for annex in session.annexes:
        yield annex.id, annex
    for table in _tables(session):
        yield table.id, table
    if session.conclusions:
        for group in _all_groups(session.conclusions.groups):
            yield group.id, group
        for recommendation in session.conclusions.recommendations:
            yield recommendation.id, recommendation


def _resolutions(action: model.Action) -> list[model.Resolution]:
    return [*action.draft_resolutions, *action.draft_decisions, *action.resolutions,
            *action.decisions]


def _all_sections(session: model.Session) -> Iterable[model.Section]:
    """The headed sections of free chapters and of agenda items, nested ones too."""
    def walk(sections: list[model.Section]) -> Iterable[model.Section]:
        for section in sections:
            yield section
            yield from walk(section.sections)

    for chapter in session.chapters:
        if isinstance(chapter, model.FreeChapter):
            yield from walk(chapter.sections)
    for consideration in [*session.deliberations, session.other_matters]:
        if consideration is not None:
            yield from walk(consideration.sections)


def _all_items(items: Iterable[model.AgendaItem]) -> Iterable[model.AgendaItem]:
    for item in items:
        yield item
        yield from _all_items(item.items)


def _check_item_references(session: model.Session, diagnostics: Diagnostics) -> None:
    known = session.agenda_items()

    def check(key: str, node: model.Node) -> None:
        if key and key not in known:
            close = difflib.get_close_matches(key, list(known), n=1)
            hint = (f"did you mean '{close[0]}'?" if close
                    else "valid keys: " + ", ".join(known))
            diagnostics.error(node.loc, f"no agenda item has the key '{key}' ({hint})")

    for consideration in [*session.deliberations, session.other_matters]:
        if consideration is not None:
            check(consideration.item, consideration)
    statements = session.statements
    for part in (statements.secretariat, statements.panellists, statements.states_parties):
        if part is not None:
            for key in part.items:
                check(key, part)
    if session.recommendations:
        for group in _all_groups(session.recommendations.groups):
            check(group.item, group)
    for resolution in _resolutions(session.action) if session.action else []:
        check(resolution.item, resolution)
    for entry in session.documentation:
        check(entry.item, entry)
    for part in (statements.members, statements.states):
        if part is not None:
            for key in part.items:
                check(key, part)
    for chapter in session.chapters:
        if isinstance(chapter, model.DeliberationsChapter):
            considered = {c.item for c in session.deliberations}
            for key in chapter.items:
                check(key, chapter)
                if key in known and key not in considered:
                    diagnostics.error(chapter.at("items"), f"the item '{key}' is not among "
                                      "the 'deliberations' (add its consideration there, or "
                                      "remove it here)")


def _all_groups(groups: list[model.RecommendationGroup]) -> Iterable[model.RecommendationGroup]:
    for group in groups:
        yield group
        yield from _all_groups(group.groups)


def _check_dates(session: model.Session, diagnostics: Diagnostics) -> None:
    meeting = session.meeting
    if meeting.end < meeting.start:
        diagnostics.error(meeting.at("end"), f"the meeting ends ({meeting.end}) before it starts "
                                       f"({meeting.start}); swap 'start' and 'end'")
        return
    _check_day(session.adoption, "date", meeting, diagnostics, "the report was adopted")
    if session.document.date < meeting.start:
        diagnostics.error(session.document.at("date"),
                          f"the report is dated {session.document.date}, before its meeting "
                          f"starts ({meeting.start}); give the date it is issued")
    _check_draft_date(session, diagnostics)
    _check_meeting_numbers(session, diagnostics)
    for consideration in [*session.deliberations, session.other_matters]:
        if consideration is None:
            continue
        if consideration.sentence:
            for key in ("meetings", "dates"):
                if not getattr(consideration, key) and key in consideration.field_locs:
                    diagnostics.error(consideration.at(key), f"'{key}' is an empty list "
                                      "(write at least one entry)")
                elif not getattr(consideration, key):
                    diagnostics.error(consideration.loc, f"missing required key '{key}' in "
                                      "a consideration of an agenda item (the sentence that "
                                      "opens it names the meetings and their dates; or write "
                                      "'sentence: false')")
        for day in consideration.dates:
            if not meeting.start <= day <= meeting.end:
                diagnostics.error(consideration.at("dates"),
                                  f"{day} is not a day of the meeting "
                                  f"({meeting.start} to {meeting.end})")


def _check_draft_date(session: model.Session, diagnostics: Diagnostics) -> None:
    """The draft is issued during the meeting, so on or after its start, and never
    after the final report it leads to."""
    draft, start, final = session.draft, session.meeting.start, session.document.date
    if draft is None:
        return
    if draft.date < start:
        diagnostics.error(draft.at("date"), f"the draft is dated {draft.date}, before the "
                                            f"meeting starts ({start})")
    elif draft.date > final:
        diagnostics.error(draft.at("date"), f"the draft is dated {draft.date}, after the "
                                            f"report it leads to ({final}, 'document.date'); "
                                            f"give a date from {start} to {final}")


def _check_day(node: model.Node, key: str, meeting: model.Meeting, diagnostics: Diagnostics,
               what: str) -> None:
    day = getattr(node, key)
    if not meeting.start <= day <= meeting.end:
        diagnostics.error(node.at(key), f"{what} on {day}, which is not a day of the meeting "
                                        f"({meeting.start} to {meeting.end})")


def _check_meeting_numbers(session: model.Session, diagnostics: Diagnostics) -> None:
    """Meetings cited by number exist: "at its 6th meeting" of a session that held five."""
    held = session.meeting.meetings_held
    if held is None:
        return
    cited: list[tuple[model.Node, str, int]] = [
        (session.agenda.adopted, "meeting", session.agenda.adopted.meeting)]
    for consideration in [*session.deliberations, session.other_matters]:
        if consideration is not None:
            cited += [(consideration, "meetings", n) for n in consideration.meetings]
    dated_parts: list[model.Node | None] = [session.officers, session.provisional_agenda]
    if session.action:
        dated_parts += _resolutions(session.action)
    for dated in dated_parts:
        elected = (getattr(dated, "elected", None) or getattr(dated, "approved", None)
                   or getattr(dated, "adopted", None))
        if elected is not None:
            cited.append((elected, "meeting", elected.meeting))
    for node, key, number in cited:
        if not 1 <= number <= held:
            diagnostics.error(node.at(key), f"meeting {number} does not exist: the session "
                                            f"held {held} meetings ('meetings_held')")


# What each kind of chapter is made from: the session key that must be there.
_CONTENT = {"introduction": "introduction", "recommendations": "recommendations",
            "conclusions": "conclusions", "action": "action",
            "other-matters": "other_matters", "provisional-agenda": "provisional_agenda"}
_SECTION_CONTENT = {"officers": "officers", "attendance": "attendance",
                    "documentation": "documentation"}


def _check_chapters(session: model.Session, diagnostics: Diagnostics) -> None:
    """Each chapter listed has its content, and is listed once."""
    seen: dict[str, model.Node] = {}
    for chapter in session.chapters:
        key = _CONTENT.get(chapter.kind)
        if key and not getattr(session, key):
            diagnostics.error(chapter.at("kind"), f"the chapter '{chapter.kind}' has nothing "
                              f"to print: the session has no '{key}' (add it, or remove the "
                              "chapter)")
        if chapter.kind == "deliberations" and not session.deliberations:
            diagnostics.error(chapter.at("kind"), "the chapter 'deliberations' has nothing to "
                              "print: the session has no 'deliberations'")
        once = chapter.kind not in ("chapter", "deliberations")
        if once and chapter.kind in seen:
            diagnostics.error(chapter.loc, f"the chapter '{chapter.kind}' is listed twice "
                              f"(first at {seen[chapter.kind].loc}); list it once")
        seen.setdefault(chapter.kind, chapter)
        if isinstance(chapter, model.FreeChapter) and not (chapter.paragraphs
                                                          or chapter.sections):
            diagnostics.error(chapter.loc, f"the chapter '{chapter.title}' has nothing to "
                              "print: give it 'paragraphs' or 'sections'")
    _check_considered_once(session, diagnostics)
    _check_chapter_ids(session, diagnostics)
    for chapter in session.chapter_list():
        if isinstance(chapter, model.OrganizationChapter):
            _check_organization(session, chapter, diagnostics)
    _check_action(session, diagnostics)
    _check_cover(session, diagnostics)
    upcoming = session.provisional_agenda
    if upcoming and upcoming.number is None and session.meeting.number is None:
        diagnostics.error(upcoming.loc, "the provisional agenda is of the next session, "
                          "numbered after this one: give this session's 'number' under "
                          "'meeting', or the next one's 'number' here")


def _check_cover(session: model.Session, diagnostics: Diagnostics) -> None:
    info = session.document
    if "agenda-item" in info.cover and info.agenda_item is None:
        diagnostics.error(info.at("cover"), "the cover line 'agenda-item' prints the item of "
                          "the parent body's agenda: give 'agenda_item' under 'document' "
                          "(its 'number' and 'title'), or remove the line")
    twice = sorted({line for line in info.cover if info.cover.count(line) > 1})
    if twice:
        diagnostics.error(info.at("cover"), f"'cover' lists {', '.join(twice)} twice; list "
                          "each line once")


def _check_considered_once(session: model.Session, diagnostics: Diagnostics) -> None:
    """Each consideration is printed by one deliberations chapter, not by two."""
    printed_by: dict[str, model.Node] = {}
    for chapter in session.chapters:
        if not isinstance(chapter, model.DeliberationsChapter):
            continue
        for key in chapter.items or [c.item for c in session.deliberations]:
            first = _claimed(printed_by, key, chapter)
            if first is not None:
                diagnostics.error(chapter.loc, f"the consideration of '{key}' is already "
                                  f"printed by the chapter at {first.loc}; give each "
                                  "deliberations chapter its own 'items'")


def _claimed(seen: dict[str, model.Node], key: str, node: model.Node) -> model.Node | None:
    """The node that claimed ``key`` before ``node`` did, or None (``node`` now has it)."""
    first = seen.setdefault(key, node)
    return None if first is node else first


# The id each kind of chapter has when the session gives none (templates/chapters).
_DEFAULT_CHAPTER_IDS = {"adoption": "adoption-of-the-report",
                        "provisional-agenda": "provisional-agenda"}


def _check_chapter_ids(session: model.Session, diagnostics: Diagnostics) -> None:
    """No two chapters answer to one id, typed or the default of their kind, so that
    [[chapter:…]] and a draft part name one chapter."""
    seen: dict[str, model.Node] = {}
    for chapter in session.chapters:
        ids = [chapter.id or _DEFAULT_CHAPTER_IDS.get(chapter.kind, chapter.kind)]
        if isinstance(chapter, model.DeliberationsChapter) and chapter.per_item:
            ids = [c.id or c.item for c in session.deliberations
                   if not chapter.items or c.item in chapter.items]
        if isinstance(chapter, model.FreeChapter) and not chapter.id:
            continue
        clashes = [(i, other) for i in ids if (other := _claimed(seen, i, chapter))]
        for chapter_id, other in clashes:
            diagnostics.error(chapter.loc, f"two chapters have the id '{chapter_id}' (the "
                              f"other at {other.loc}); give one of them an 'id' of its own")


def _check_action(session: model.Session, diagnostics: Diagnostics) -> None:
    """Matters calling for action have something to print, resolutions have text and are
    numbered in a series, and a draft adopted under an item is said so there."""
    action = session.action
    if action is None:
        return
    if not _resolutions(action):
        diagnostics.error(action.loc, "'action' has no draft resolutions, draft decisions, "
                          "resolutions or decisions (add them, or remove the key)")
    if (action.resolutions or action.decisions) and session.meeting.number is None:
        diagnostics.error(action.loc, "resolutions and decisions adopted by the body are "
                          "numbered in the series of its session (28/1): give the "
                          "session's 'number' under 'meeting'")
    considered = {c.item for c in [*session.deliberations, session.other_matters] if c}
    for resolution in _resolutions(action):
        if not resolution.preamble and not resolution.operative:
            diagnostics.error(resolution.loc, f"'{resolution.title}' has no 'preamble' and "
                              "no 'operative' paragraphs: give it its text")
        if resolution.adopted and resolution.item and resolution.item not in considered:
            diagnostics.error(resolution.at("item"), f"no consideration of the item "
                              f"'{resolution.item}' (under 'deliberations') prints what "
                              "was done with this text; add one, or remove 'item'")


def _check_organization(session: model.Session, chapter: model.OrganizationChapter,
                        diagnostics: Diagnostics) -> None:
    statements = session.statements
    spoken = any(getattr(statements, f.name) for f in dataclasses.fields(statements)
                 if f.name not in ("loc", "field_locs"))
    for part in chapter.sections:
        if part.kind == "statements" and not spoken:
            diagnostics.error(part.loc, "the section 'statements' has nothing to print: the "
                              "session has no 'statements' (add them, or remove the "
                              "section)")
        key = _SECTION_CONTENT.get(part.kind)
        if key and not getattr(session, key):
            diagnostics.error(part.loc, f"the section '{part.kind}' has nothing to print: the "
                              f"session has no '{key}' (add it, or remove the section)")
    kinds = [part.kind for part in chapter.sections] or ["opening"]
    if "opening" in kinds and session.chair() is None:
        diagnostics.error(session.meeting.loc, "the opening names who chaired: give 'chair' "
                          "under 'meeting', or a chair among the 'officers'")


# The attendance and statement categories whose sentences name the treaty.
_TREATY_CATEGORIES = ("states_parties", "regional_organizations", "signatories",
                      "non_parties")


def _check_treaty_words(session: model.Session, diagnostics: Diagnostics) -> None:
    """States parties, signatories and non-parties are so to a treaty: 'instrument'."""
    if session.instrument is not None:
        return
    for owner in (session.attendance, session.statements):
        if owner is None:
            continue
        for name in _TREATY_CATEGORIES:
            if getattr(owner, name):
                diagnostics.error(owner.at(name), f"'{name}' are so to a treaty, and the "
                                  "session names none: add 'instrument' (its 'short_name'), "
                                  "or list the States under 'states' or 'members'")


def _check_annexes(session: model.Session, diagnostics: Diagnostics) -> None:
    """An annex of a kind has the data it is written from."""
    needs = {"documents": ("documentation", "the documents before the meeting"),
             "provisional-agenda": ("provisional_agenda", "the next session's agenda")}
    kinds_seen: dict[str, model.Node] = {}
    for annex in session.annexes:
        if annex.kind in ("documents", "participants", "provisional-agenda"):
            if annex.kind in kinds_seen:
                diagnostics.error(annex.loc, f"the annex '{annex.kind}' is listed twice "
                                  f"(first at {kinds_seen[annex.kind].loc}); list it once")
            kinds_seen.setdefault(annex.kind, annex)
        if annex.kind in needs:
            key, what = needs[annex.kind]
            if not getattr(session, key):
                diagnostics.error(annex.at("kind"), f"the annex '{annex.kind}' lists {what}, "
                                  f"and the session has no '{key}' (add it, or remove the "
                                  "annex)")
        if isinstance(annex, model.ParticipantsAnnex) and not annex.delegations and not (
                session.attendance and session.attendance.list_of_participants):
            diagnostics.error(annex.at("kind"), "the annex 'participants' needs its "
                              "'delegations', or 'attendance.list_of_participants' (the "
                              "document that lists them)")


def _tables(session: model.Session) -> Iterable[model.Table]:
    """Every table of the session: under paragraphs anywhere, and table annexes."""
    for annex in session.annexes:
        if isinstance(annex, model.TableAnnex):
            yield annex.table
    for paragraph in _all_paragraphs(session):
        if paragraph.table is not None:
            yield paragraph.table


def _all_paragraphs(session: model.Session) -> Iterable[model.Paragraph]:
    yield from session.introduction
    for consideration in [*session.deliberations, session.other_matters]:
        if consideration is not None:
            yield from consideration.paragraphs
            yield from consideration.action
    for section in _all_sections(session):
        yield from section.paragraphs
    for chapter in session.chapters:
        if isinstance(chapter, model.FreeChapter):
            yield from chapter.paragraphs
    for annex in session.annexes:
        if isinstance(annex, model.TextAnnex):
            yield from annex.paragraphs
            for section in annex.sections:
                yield from section.paragraphs
    for outcome in (session.recommendations, session.conclusions):
        if outcome is not None:
            yield from outcome.paragraphs
    for part in (session.opening, session.adoption, session.provisional_agenda):
        if part is not None:
            yield from part.paragraphs


# The text width of a report (7316 twips: the page less the margins) and a table's
# text, 9 pt. A word wider than its column at 0.4 em a character (narrower than most
# text in Times New Roman) cannot fit however the line is broken.
_TEXT_WIDTH_POINTS = 7316 / 20
_CELL_PADDING_POINTS = 2 * 4
_NARROWEST_CHARACTER_POINTS = 0.4 * 9


def _check_table(table: model.Table, diagnostics: Diagnostics) -> None:
    """Every row as long as the header; widths and alignments one a column; every
    column wide enough for its longest word."""
    columns = len(table.header)
    for number, row in enumerate(table.rows, start=1):
        if len(row) != columns:
            where = row[0].loc if row else table.at("rows")
            diagnostics.error(where, f"row {number} of the table has {len(row)} "
                              f"cell{'s' if len(row) != 1 else ''}, and its header "
                              f"{columns}: give each row one cell a column (an empty one "
                              "as \"\")")
    for key in ("widths", "align"):
        given = getattr(table, key)
        if given and len(given) != columns:
            diagnostics.error(table.at(key), f"'{key}' gives {len(given)} values for "
                              f"{columns} columns: give one a column")
    if table.widths and len(table.widths) != columns:
        return
    shares = model.width_shares(table.widths, columns)
    for column in range(columns):
        room = _TEXT_WIDTH_POINTS * shares[column] - _CELL_PADDING_POINTS
        cells = [table.header[column], *[r[column] for r in table.rows if len(r) > column]]
        for cell in cells:
            word = max(cell.text.split() or [""], key=len)
            if len(word) * _NARROWEST_CHARACTER_POINTS > room:
                diagnostics.error(cell.loc, f"the table cannot fit the text width: "
                                  f"'{word[:40]}' is wider than its column ({room:.0f} pt); "
                                  "give the column a larger share in 'widths', or fewer "
                                  "columns")
                return

"""The typed session model: what a session.yaml file means.

Every class here is a plain dataclass. ``validate.py`` builds them from the
YAML tree and sets ``loc`` on each one, so that any later stage (composition,
numbering, references) can point a user at the line they typed.

Field names are the YAML keys. ``docs/session-format.md`` documents them for
rapporteurs; ``tests/test_session_format_doc.py`` checks that every key is there.
A field without a default is required, and a required list may not be empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Literal

from reportgen.errors import Location
from reportgen.pipeline.symbols import next_in_series

NOWHERE = Location(None)

# Every whole number of a session (the session's number, the meetings held, a meeting
# cited) is in this range: none is zero, and a body's thousandth session or a session
# of a thousand meetings is a typing mistake, which would otherwise surface as a
# template failing to spell the number.
WHOLE_NUMBERS = range(1, 1000)
# Every date is from the founding of the United Nations to the end of this century:
# a date outside is a typing mistake, and the tools that stamp a file with its date
# (pandoc, zip) cannot write years far beyond it.
FIRST_DAY = dt.date(1945, 10, 24)
LAST_DAY = dt.date(2099, 12, 31)


@dataclass(kw_only=True)
class Node:
    """Base of every model class: remembers where in the YAML it was written."""

    loc: Location = field(default=NOWHERE, compare=False, repr=False)
    # Where each key's value was written, for errors about one field.
    field_locs: dict[str, Location] = field(default_factory=dict, compare=False, repr=False)

    def at(self, name: str) -> Location:
        """Where the value of key ``name`` was written (the node itself if unknown)."""
        return self.field_locs.get(name, self.loc)


@dataclass(kw_only=True)
class Prose(Node):
    """Text a user typed: Markdown for emphasis and ^[footnotes] only."""

    text: str
    # Where each [[reference]] in the text was typed: "[[para:x]]" → locations.
    references: dict[str, list[Location]] = field(default_factory=dict, compare=False,
                                                  repr=False)

    def __str__(self) -> str:
        return self.text


@dataclass(kw_only=True)
class Cell(Prose):
    """A table cell: prose, a number kept as it was typed ("1.50", "007"), or nothing."""


@dataclass(kw_only=True)
class Name(Node):
    """A name in a list (a State, an organization), with where it was typed."""

    value: str

    def __str__(self) -> str:
        return self.value


# ------------------------------------------------------------------ parts


@dataclass(kw_only=True)
class DocumentInfo(Node):
    date: dt.date
    symbol: str = ""  # required unless 'series' is given
    series: str = ""  # "CTOC/COP/WG.7/2017": the report takes the next number after the documents
    distribution: Literal["general", "limited", "restricted"] = "general"
    original_language: str = ""  # "" is the language's own name, from its language file
    language: str = "en"  # a language file's name: templates/languages/en.toml
    job_number: str = ""
    duty_station: Literal["Vienna", "Geneva", "New York", "Nairobi"] = "Vienna"
    title: str = ""
    # How the title is phrased (docs/session-format.md, "The title"); "" follows the unit.
    title_form: Literal["", "report-on", "report-of", "report-of-the-meeting"] = ""
    release_dates: list[dt.date] = field(default_factory=list)
    # The lines under the masthead, in order, when the report prints them (spec §1.1).
    cover: list[Literal["body", "session", "place-and-dates", "agenda-item"]] = \
        field(default_factory=list)
    # A table of contents: the chapters, sections and annexes with their pages, and
    # with "paragraphs-and-pages" the range of paragraphs of each.
    contents: Literal["none", "pages", "paragraphs-and-pages"] = "none"
    agenda_item: CoverItem | None = None
    # 1, 2 …: the session is the first, second … revision of the issued report, which it
    # replaces: its symbol is the issued one's with "/Rev.1" after it.
    revision: int = 0


@dataclass(kw_only=True)
class CoverItem(Node):
    """The item of the parent body's agenda under which the report is issued."""

    number: int
    title: str = ""


@dataclass(kw_only=True)
class Person(Node):
    name: str
    country: str = ""


@dataclass(kw_only=True)
class Meeting(Node):
    """The meeting or session the report is of."""

    body: str
    short_name: str
    # What the report calls it: "the fourth meeting", "the sixth session".
    unit: Literal["meeting", "session"] = "meeting"
    number: int | None = None
    resumed: bool = False
    venue: str
    start: dt.date
    end: dt.date
    meetings_held: int | None = None
    chair: Person | None = None  # or the chair among 'officers'


@dataclass(kw_only=True)
class Officer(Node):
    office: Literal["chair", "vice-chair", "rapporteur"]
    name: str
    country: str = ""
    group: str = ""  # the regional group: "African States"
    id: str = ""


@dataclass(kw_only=True)
class Officers(Node):
    """The election of officers: who was elected to which office, and when."""

    elected: MeetingDate
    people: list[Officer]
    by_acclamation: bool = True


@dataclass(kw_only=True)
class Instrument(Node):
    short_name: str
    title: str = ""


@dataclass(kw_only=True)
class Subparagraph(Node):
    """A subparagraph: (a) at the first level, (i) below it, then a., then i."""

    text: Prose
    subparagraphs: list[Subparagraph] = field(default_factory=list)


@dataclass(kw_only=True)
class Paragraph(Node):
    """A prose paragraph, optionally with subparagraphs (a), (b) … or bullets."""

    text: Prose
    id: str = ""
    subparagraphs: list[Subparagraph] = field(default_factory=list)
    bullets: list[Prose] = field(default_factory=list)
    table: Table | None = None  # printed after the paragraph, which introduces it


@dataclass(kw_only=True)
class Table(Node):
    """A table: a header row and body rows of cells (text, or a number as typed).

    ``widths`` are the columns' shares of the text width (any numbers: 2, 1, 1 is a
    half and two quarters); ``align`` each column's alignment.
    """

    header: list[Cell]
    rows: list[list[Cell]]
    id: str = ""
    title: str = ""  # under the label "Table 1"; without it the table has no label
    widths: list[int] = field(default_factory=list)
    align: list[Literal["left", "right", "center"]] = field(default_factory=list)
    source: Prose | None = None  # "Source: …", under the table


def width_shares(widths: list[int] | list[float], columns: int) -> list[float]:
    """Each column's share of the text width, summing to 1: as ``widths`` give them
    (2, 1, 1 is a half and two quarters), or equal when they give none."""
    given = [float(w) for w in widths] or [1.0] * columns
    return [w / sum(given) for w in given]


@dataclass(kw_only=True)
class AgendaItem(Node):
    key: str
    title: str
    items: list[AgendaItem] = field(default_factory=list)


@dataclass(kw_only=True)
class MeetingDate(Node):
    """Which meeting of the session, and its date: "At its first meeting, on …"."""

    meeting: int
    date: dt.date


@dataclass(kw_only=True)
class Agenda(Node):
    adopted: MeetingDate
    items: list[AgendaItem]
    by_consensus: bool = True


@dataclass(kw_only=True)
class Recommendation(Node):
    text: Prose
    id: str = ""


@dataclass(kw_only=True)
class RecommendationGroup(Node):
    """A section (A., B.) or, nested, a subsection (1., 2.) of recommendations."""

    title: str
    id: str = ""
    item: str = ""
    groups: list[RecommendationGroup] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)


@dataclass(kw_only=True)
class Recommendations(Node):
    """Recommendations or conclusions: in groups, or straight under the chapter.

    ``style`` "labelled" opens each with "Recommendation 7"; "paragraphs" makes each
    an ordinary numbered paragraph of the report.
    """

    groups: list[RecommendationGroup] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    style: Literal["labelled", "paragraphs"] = "labelled"
    # Paragraphs before the first group, after the standard sentence (if any).
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentence: bool = True  # the standard opening sentence


@dataclass(kw_only=True)
class Resolution(Node):
    """A draft resolution or decision, or one the body adopted."""

    title: str
    id: str = ""
    preamble: list[Prose] = field(default_factory=list)
    operative: list[Paragraph] = field(default_factory=list)
    # Under which agenda item, and at which meeting, the body approved or adopted it: the
    # item's "Action taken" then says so.
    item: str = ""
    adopted: MeetingDate | None = None


@dataclass(kw_only=True)
class Action(Node):
    """Matters calling for action by a parent organ, or brought to its attention."""

    organ: str  # "Economic and Social Council"
    short_name: str = ""  # "Council"
    # The organs a recommendation passes through on its way: "through the Commission …".
    through: list[str] = field(default_factory=list)
    draft_resolutions: list[Resolution] = field(default_factory=list)
    draft_decisions: list[Resolution] = field(default_factory=list)
    # Adopted by the body itself, numbered in its series: 28/1 …, 28/101 ….
    resolutions: list[Resolution] = field(default_factory=list)
    decisions: list[Resolution] = field(default_factory=list)
    first_resolution: int = 1
    first_decision: int = 101


@dataclass(kw_only=True)
class Section(Node):
    """A headed section of a chapter (A., B.), with subsections (1., 2.) inside."""

    title: str
    id: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass(kw_only=True)
class Consideration(Node):
    """How the meeting considered one agenda item, and what was said."""

    item: str
    meetings: list[int] = field(default_factory=list)  # required with the sentence
    dates: list[dt.date] = field(default_factory=list)
    id: str = ""
    # "At its 2nd and 3rd meetings, on …, the Working Group considered agenda item 2 …".
    sentence: bool = True
    continuation: Prose | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    title: str = ""  # the heading, if not the item's title
    sections: list[Section] = field(default_factory=list)
    # "Action taken by the Commission": what was adopted under the item.
    action: list[Paragraph] = field(default_factory=list)


@dataclass(kw_only=True)
class Opening(Node):
    continuation: Prose | None = None
    # Who opened it, when not the Chair: "Jane Doe, Director, Division for Treaty Affairs".
    by: OpenedBy | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)  # after the two sentences


@dataclass(kw_only=True)
class OpenedBy(Node):
    name: str
    title: str = ""  # their function: "Director, Division for Treaty Affairs"


@dataclass(kw_only=True)
class SecretariatStatements(Node):
    items: list[str]


@dataclass(kw_only=True)
class Panel(Node):
    items: list[str]
    people: list[Person]
    chair_presiding: bool = True


@dataclass(kw_only=True)
class StateStatements(Node):
    items: list[str]
    states: list[Name]


@dataclass(kw_only=True)
class Statements(Node):
    secretariat: SecretariatStatements | None = None
    panellists: Panel | None = None
    states_parties: StateStatements | None = None
    members: StateStatements | None = None  # members of a commission
    states: StateStatements | None = None  # a body without a treaty
    regional_organizations: list[Name] = field(default_factory=list)
    signatories: list[Name] = field(default_factory=list)
    non_parties: list[Name] = field(default_factory=list)
    observer_states: list[Name] = field(default_factory=list)
    organizations: list[Name] = field(default_factory=list)  # observers for organizations


# A category of attendance: its names, or only how many there were.
Listing = list[Name] | int


@dataclass(kw_only=True)
class Attendance(Node):
    # Treaty bodies.
    states_parties: Listing = field(default_factory=list)
    regional_organizations: Listing = field(default_factory=list)
    signatories: Listing = field(default_factory=list)
    non_parties: Listing = field(default_factory=list)
    # Commissions: their members, observers for other Member States, non-member States.
    members: Listing = field(default_factory=list)
    observer_states: Listing = field(default_factory=list)
    non_member_states: Listing = field(default_factory=list)
    # Expert groups and other bodies without a treaty.
    states: Listing = field(default_factory=list)
    united_nations_entities: Listing = field(default_factory=list)
    specialized_agencies: Listing = field(default_factory=list)
    intergovernmental_organizations: Listing = field(default_factory=list)
    non_governmental_organizations: Listing = field(default_factory=list)
    list_of_participants: str = ""


@dataclass(kw_only=True)
class DocumentEntry(Node):
    symbol: str
    title: str
    id: str = ""
    item: str = ""  # the agenda item it was before the meeting under (its key)


@dataclass(kw_only=True)
class Adoption(Node):
    date: dt.date
    paragraphs: list[Paragraph] = field(default_factory=list)  # after the standard sentence


@dataclass(kw_only=True)
class NextSession(Node):
    """The provisional agenda of the next session, as the body approved it."""

    items: list[AgendaItem]
    approved: MeetingDate | None = None
    number: int | None = None  # the next session's; by default this one's plus one
    paragraphs: list[Paragraph] = field(default_factory=list)  # after the agenda


# ---------------------------------------------------------------- chapters
# A session lists its chapters in order; each is of one kind (docs/session-format.md,
# "Chapters"). A chapter written as a bare word ("- introduction") takes that kind.


@dataclass(kw_only=True)
class StandardChapter(Node):
    """A chapter whose content comes from the session's key of the same name."""

    kind: Literal["introduction", "recommendations", "conclusions", "action",
                  "other-matters", "provisional-agenda", "adoption"]
    id: str = ""
    title: str = ""


@dataclass(kw_only=True)
class DeliberationsChapter(Node):
    """The deliberations: one chapter with a section per item, or a chapter per item."""

    kind: Literal["deliberations"]
    id: str = ""
    title: str = ""
    per_item: bool = False
    items: list[str] = field(default_factory=list)  # these items only (keys), in order


@dataclass(kw_only=True)
class OrganizationSection(Node):
    kind: Literal["opening", "officers", "statements", "agenda", "attendance",
                  "documentation"]
    id: str = ""
    title: str = ""


@dataclass(kw_only=True)
class OrganizationChapter(Node):
    """Organization of the meeting or session: the sections listed, in their order."""

    kind: Literal["organization"]
    id: str = ""
    title: str = ""
    sections: list[OrganizationSection] = field(default_factory=list)


@dataclass(kw_only=True)
class FreeChapter(Node):
    """A chapter of the report's own: "Presentation on …", "Informal consultations"."""

    kind: Literal["chapter"]
    title: str
    id: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


Chapter = StandardChapter | DeliberationsChapter | OrganizationChapter | FreeChapter


# ----------------------------------------------------------------- annexes
# After the last chapter, each on a new page: "Annex I" and its title.


@dataclass(kw_only=True)
class Participant(Node):
    name: str
    title: str = ""  # their function: "Ambassador, Permanent Representative"


@dataclass(kw_only=True)
class Delegation(Node):
    """One delegation of the list of participants: a State or an organization."""

    name: str
    people: list[Participant]


@dataclass(kw_only=True)
class DocumentsAnnex(Node):
    """The list of documents before the meeting: the session's 'documentation' as a
    table of symbol, agenda item and title."""

    kind: Literal["documents"]
    id: str = ""
    title: str = ""
    original: str = ""  # "[Original: French]" under the heading, when not the report's


@dataclass(kw_only=True)
class ParticipantsAnnex(Node):
    """The list of participants, by delegation, or a sentence naming its INF document
    ('attendance.list_of_participants')."""

    kind: Literal["participants"]
    id: str = ""
    title: str = ""
    original: str = ""
    delegations: list[Delegation] = field(default_factory=list)


@dataclass(kw_only=True)
class AgendaAnnex(Node):
    """The provisional agenda of the next session ('provisional_agenda')."""

    kind: Literal["provisional-agenda"]
    id: str = ""
    title: str = ""
    original: str = ""


@dataclass(kw_only=True)
class TextAnnex(Node):
    """Free text, its paragraphs numbered on their own within the annex."""

    kind: Literal["text"]
    title: str
    id: str = ""
    original: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass(kw_only=True)
class TableAnnex(Node):
    kind: Literal["table"]
    title: str
    table: Table
    id: str = ""
    original: str = ""


Annex = DocumentsAnnex | ParticipantsAnnex | AgendaAnnex | TextAnnex | TableAnnex


@dataclass(kw_only=True)
class DraftPart(Node):
    """One L. document of the draft report: which chapters it carries."""

    chapters: list[str]
    job_number: str = ""
    # The date stamps after the job number ("V.17-06412 (E)    120917    130917");
    # empty: the draft's date.
    release_dates: list[dt.date] = field(default_factory=list)


@dataclass(kw_only=True)
class Draft(Node):
    """The draft report issued during the meeting: L.1, then L.1/Add.1, Add.2 …"""

    symbol: str
    date: dt.date
    parts: list[DraftPart]


@dataclass(kw_only=True)
class Session(Node):
    """A whole session file."""

    document: DocumentInfo
    organ: str
    meeting: Meeting
    instrument: Instrument | None = None
    agenda: Agenda
    adoption: Adoption
    chapters: list[Chapter] = field(default_factory=list)
    introduction: list[Paragraph] = field(default_factory=list)
    recommendations: Recommendations | None = None
    conclusions: Recommendations | None = None
    action: Action | None = None
    deliberations: list[Consideration] = field(default_factory=list)
    other_matters: Consideration | None = None
    opening: Opening = field(default_factory=Opening)
    officers: Officers | None = None
    statements: Statements = field(default_factory=Statements)
    attendance: Attendance | None = None
    documentation: list[DocumentEntry] = field(default_factory=list)
    provisional_agenda: NextSession | None = None
    annexes: list[Annex] = field(default_factory=list)
    draft: Draft | None = None

    def chapter_list(self) -> list[Chapter]:
        """The chapters as listed, or those of a working group's report: introduction,
        recommendations, deliberations, organization, adoption (each if it has content)."""
        if self.chapters:
            return [replace(c, sections=self.organization_sections())
                    if isinstance(c, OrganizationChapter) and not c.sections else c
                    for c in self.chapters]
        kinds = [kind for kind, present in (
            ("introduction", self.introduction), ("recommendations", self.recommendations),
            ("conclusions", self.conclusions), ("action", self.action)) if present]
        chapters: list[Chapter] = [StandardChapter(kind=kind) for kind in kinds]  # type: ignore[arg-type]
        if self.deliberations or self.other_matters:
            chapters.append(DeliberationsChapter(kind="deliberations"))
        chapters.append(OrganizationChapter(kind="organization",
                                            sections=self.organization_sections()))
        if self.provisional_agenda:
            chapters.append(StandardChapter(kind="provisional-agenda"))
        chapters.append(StandardChapter(kind="adoption"))
        return chapters

    def organization_sections(self) -> list[OrganizationSection]:
        """The sections of a working group's organization chapter, those with content."""
        present = {"opening": True, "officers": self.officers, "statements": any(
            getattr(self.statements, f.name) for f in fields(self.statements)
            if f.name not in ("loc", "field_locs")),
            "agenda": True, "attendance": self.attendance, "documentation": self.documentation}
        return [OrganizationSection(kind=kind) for kind, here in present.items()  # type: ignore[arg-type]
                if here]

    def chair(self) -> Person | Officer | None:
        """Who chaired: 'meeting.chair', or the chair among the officers."""
        if self.meeting.chair:
            return self.meeting.chair
        officers = self.officers.people if self.officers else []
        return next((o for o in officers if o.office == "chair"), None)

    def symbol(self) -> str:
        """The report's symbol: as written, or the next number of its series.

        With ``series: CTOC/COP/WG.7/2017`` and documents /1 to /4 before the
        meeting, the report is CTOC/COP/WG.7/2017/5.
        """
        revised = f"/Rev.{self.document.revision}" if self.document.revision else ""
        if self.document.symbol or not self.document.series:
            return self.document.symbol + revised
        listed = [entry.symbol for entry in self.documentation]
        return next_in_series(listed, self.document.series.rstrip("/")) + revised

    def agenda_items(self) -> dict[str, tuple[str, AgendaItem]]:
        """Every agenda item by key, with its printed number ("1", "1 (a)")."""
        found: dict[str, tuple[str, AgendaItem]] = {}
        for n, item in enumerate(self.agenda.items, start=1):
            found[item.key] = (str(n), item)
            for letter, sub in zip("abcdefghijklmnopqrstuvwxyz", item.items, strict=False):
                found[sub.key] = (f"{n} ({letter})", sub)
        return found

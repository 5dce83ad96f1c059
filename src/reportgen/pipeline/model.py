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
from dataclasses import dataclass, field
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
    release_dates: list[dt.date] = field(default_factory=list)


@dataclass(kw_only=True)
class Person(Node):
    name: str
    country: str = ""


@dataclass(kw_only=True)
class Meeting(Node):
    body: str
    short_name: str
    number: int
    venue: str
    start: dt.date
    end: dt.date
    meetings_held: int
    chair: Person


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
    groups: list[RecommendationGroup] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)


@dataclass(kw_only=True)
class Consideration(Node):
    """How the meeting considered one agenda item, and what was said."""

    item: str
    meetings: list[int]
    dates: list[dt.date]
    id: str = ""
    continuation: Prose | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass(kw_only=True)
class Opening(Node):
    continuation: Prose | None = None


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
    regional_organizations: list[Name] = field(default_factory=list)
    signatories: list[Name] = field(default_factory=list)
    non_parties: list[Name] = field(default_factory=list)


@dataclass(kw_only=True)
class Attendance(Node):
    states_parties: list[Name]
    regional_organizations: list[Name] = field(default_factory=list)
    signatories: list[Name] = field(default_factory=list)
    non_parties: list[Name] = field(default_factory=list)
    united_nations_entities: list[Name] = field(default_factory=list)
    intergovernmental_organizations: list[Name] = field(default_factory=list)
    non_governmental_organizations: list[Name] = field(default_factory=list)
    list_of_participants: str = ""


@dataclass(kw_only=True)
class DocumentEntry(Node):
    symbol: str
    title: str
    id: str = ""


@dataclass(kw_only=True)
class Adoption(Node):
    date: dt.date


@dataclass(kw_only=True)
class DraftPart(Node):
    """One L. document of the draft report: which chapters it carries."""

    chapters: list[str]
    job_number: str = ""


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
    instrument: Instrument
    agenda: Agenda
    adoption: Adoption
    introduction: list[Paragraph] = field(default_factory=list)
    recommendations: Recommendations | None = None
    deliberations: list[Consideration] = field(default_factory=list)
    other_matters: Consideration | None = None
    opening: Opening = field(default_factory=Opening)
    statements: Statements = field(default_factory=Statements)
    attendance: Attendance | None = None
    documentation: list[DocumentEntry] = field(default_factory=list)
    draft: Draft | None = None

    def symbol(self) -> str:
        """The report's symbol: as written, or the next number of its series.

        With ``series: CTOC/COP/WG.7/2017`` and documents /1 to /4 before the
        meeting, the report is CTOC/COP/WG.7/2017/5.
        """
        if self.document.symbol or not self.document.series:
            return self.document.symbol
        listed = [entry.symbol for entry in self.documentation]
        return next_in_series(listed, self.document.series.rstrip("/"))

    def agenda_items(self) -> dict[str, tuple[str, AgendaItem]]:
        """Every agenda item by key, with its printed number ("1", "1 (a)")."""
        found: dict[str, tuple[str, AgendaItem]] = {}
        for n, item in enumerate(self.agenda.items, start=1):
            found[item.key] = (str(n), item)
            for letter, sub in zip("abcdefghijklmnopqrstuvwxyz", item.items, strict=False):
                found[sub.key] = (f"{n} ({letter})", sub)
        return found

"""The commission-shaped session the table and contents tests of both writers start
from: its first page, meeting and chapters (``HEAD``) and its agenda, attendance,
documents and adoption (``TAIL``); each test puts its own deliberations and annexes
between and after them."""

from __future__ import annotations

HEAD = """\
document:
  symbol: E/CN.15/2019/12
  date: 2019-05-30
  job_number: V.19-03321
  cover: [body, session, place-and-dates]
  contents: paragraphs-and-pages
organ: Economic and Social Council
meeting:
  body: Commission on Crime Prevention and Criminal Justice
  short_name: Commission
  unit: session
  number: 28
  venue: Vienna
  start: 2019-05-20
  end: 2019-05-24
  meetings_held: 10
  chair:
    name: Alicia Buenrostro Massieu
    country: Mexico
chapters:
  - kind: deliberations
    per_item: true
  - other-matters
  - adoption
  - kind: organization
    sections: [opening, attendance, agenda, documentation]
"""

TAIL = """\
other_matters:
  item: other
  meetings: [9]
  dates: [2019-05-24]
  paragraphs: [Nothing else was raised.]
agenda:
  adopted: {meeting: 1, date: 2019-05-20}
  items:
    - {key: org, title: Election of officers}
    - {key: thematic, title: Thematic discussion}
    - {key: other, title: Other business}
    - {key: report, title: Adoption of the report}
attendance:
  members: 38
  observer_states: [Albania, Andorra]
documentation:
  - {symbol: E/CN.15/2019/1, title: Annotated provisional agenda, item: org}
  - {symbol: E/CN.15/2019/2, title: Report on thematic discussion, item: thematic}
adoption:
  date: 2019-05-24
"""

# The first annexes: the list of documents, then a table in French whose 'header',
# 'widths' and 'rows' each test writes after this.
PAIRS_ANNEX = """\
annexes:
  - kind: documents
  - kind: table
    title: States drawn for the reviews
    original: French
    table:
      id: pairs
      title: Country pairings
"""


def with_contents(text: str, contents: str) -> str:
    """The session with another 'document.contents'."""
    return text.replace("  contents: paragraphs-and-pages\n", f"  contents: {contents}\n")

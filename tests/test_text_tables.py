"""Tables, annexes and contents in the TXT file: aligned columns between rules, "Annex"
over its title, the contents with paragraph ranges (a text file has no pages)."""

from __future__ import annotations

from pathlib import Path

from commission import HEAD, PAIRS_ANNEX, TAIL, with_contents
from shapes import built_text

SESSION = HEAD + """\
deliberations:
  - item: thematic
    meetings: [2, 3]
    dates: [2019-05-20, 2019-05-21]
    paragraphs:
      - text: The amounts pledged are in [[table:pledges]].
        table:
          id: pledges
          title: Pledges
          header: [Donor, Amount, Status]
          align: [left, right, center]
          rows:
            - [Austria, "1,500", paid]
            - [Mexico, 20, pledged]
""" + TAIL + PAIRS_ANNEX + """\
      header: [State under review, Reviewing States]
      rows:
        - [Albania, "Andorra, Egypt"]
"""


def _lines(tmp_path: Path, contents: str = "paragraphs-and-pages") -> list[str]:
    session = tmp_path / "session.yaml"
    session.write_text(with_contents(SESSION, contents), encoding="utf-8")
    return built_text(session, "E_CN.15_2019_12", tmp_path / "out").splitlines()


def test_columns_aligned_as_each_column_asks_between_rules(tmp_path: Path) -> None:
    lines = _lines(tmp_path)
    start = lines.index("Table 1: Pledges")
    assert lines[start - 2] == "2. The amounts pledged are in table 1."
    assert lines[start:start + 6] == [
        "Table 1: Pledges",
        "Donor    Amount   Status",
        "------------------------",
        "Austria   1,500    paid",
        "Mexico       20  pledged",
        "------------------------"]


def test_annexes_and_the_contents_with_paragraph_ranges(tmp_path: Path) -> None:
    lines = _lines(tmp_path)
    annex = lines.index("Annex II")
    assert lines[annex:annex + 6] == ["Annex II", "", "[Original: French]", "",
                                      "States drawn for the reviews", ""]
    assert lines[lines.index("Contents") + 2].strip() == "Paragraphs"
    contents = lines[lines.index("Contents") + 3:lines.index("I. Thematic discussion")]
    assert [line.split(" .")[0] for line in contents if line] == [
        "I. Thematic discussion", "II. Other business", "III. Adoption of the report",
        "IV. Organization of the session", "    A. Opening of the session",
        "    B. Attendance", "    C. Adoption of the agenda and organization of work",
        "    D. Documentation", "Annex I List of documents before the Commission",
        "Annex II States drawn for the reviews"]
    assert contents[0].endswith(" 1–2") and contents[3].endswith(" 6–11")


def test_no_contents_unless_asked(tmp_path: Path) -> None:
    assert "Contents" not in _lines(tmp_path, "none")


def test_cells_empty_or_numbers_as_typed(tmp_path: Path) -> None:
    """YAML would read 1.50 as 1.5 and 007 as 7: a cell prints what was typed."""
    text = SESSION.replace('''            - [Austria, "1,500", paid]
            - [Mexico, 20, pledged]''', '''            - [Austria, 1.50, 007]
            - ["", 1e3, ""]
            - - Mexico
              - 2_000  # thousands
              - .5''')
    session = tmp_path / "session.yaml"
    session.write_text(text, encoding="utf-8")
    lines = built_text(session, "E_CN.15_2019_12", tmp_path / "out").splitlines()
    start = lines.index("Table 1: Pledges")
    assert lines[start + 1:start + 6] == ["Donor    Amount  Status",
                                          "-----------------------",
                                          "Austria    1.50   007",
                                          "            1e3",
                                          "Mexico    2_000    .5"]


def test_an_annex_cites_the_reports_paragraphs_apart_from_its_own(tmp_path: Path) -> None:
    text = SESSION.replace("      - text: The amounts pledged", "      - id: pledged\n"
                           "        text: The amounts pledged") + """\
  - kind: text
    title: Chair's summary
    paragraphs:
      - id: summary
        text: As [[para:pledged]] says, and [[para:own]] below.
      - id: own
        text: Second.
"""
    session = tmp_path / "session.yaml"
    session.write_text(text, encoding="utf-8")
    lines = built_text(session, "E_CN.15_2019_12", tmp_path / "out").splitlines()
    assert "1. As para. 2 of the present report says, and para. 2 below." in lines

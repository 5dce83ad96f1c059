"""Cross-references print the number of their target, whatever moved."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen import build
from reportgen.errors import InputError

MINIMAL = Path(__file__).resolve().parent / "roots" / "minimal" / "session.yaml"

INTRODUCTION = """
introduction:
  - id: mandate
    text: The mandate.
  - id: history
    text: The history.
  - id: method
    text: The method.
  - id: scope
    text: The scope.
  - text: >-
      See {refs}.
"""
RECOMMENDATIONS = """
recommendations:
  groups:
    - title: Marking
      id: marking-section
      recommendations:
        - {id: mark-at-import, text: Mark at import.}
        - {id: mark-at-export, text: Mark at export.}
        - {id: mark-deactivated, text: Mark deactivated firearms.}
    - title: Records
      recommendations:
        - {id: keep-records, text: Keep records.}
"""
DOCUMENTATION = """
documentation:
  - {id: agenda-doc, symbol: CTOC/COP/WG.9/2026/1, title: Provisional agenda}
  - {id: background, symbol: CTOC/COP/WG.9/2026/2, title: Background paper}
"""


def _session(tmp_path: Path, refs: str) -> Path:
    text = MINIMAL.read_text(encoding="utf-8").replace("\nagenda:", INTRODUCTION.format(
        refs=refs) + RECOMMENDATIONS + DOCUMENTATION + "\nagenda:")
    path = tmp_path / "session.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _see_line(tmp_path: Path, refs: str) -> str:
    session = _session(tmp_path, refs)
    build.build([session], ["txt"], tmp_path / "out")
    text = next((tmp_path / "out").glob("*.txt")).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith("5. See "))[7:]


@pytest.mark.parametrize(("refs", "printed"), [
    ("[[paragraph:history]]", "paragraph 2."),
    ("[[history]]", "paragraph 2."),
    ("[[paragraphs:mandate,history,method]]", "paragraphs 1–3."),
    ("[[paras:method,mandate]]", "paras. 1 and 3."),
    ("([[paras:mandate,history,method,scope]])", "(paras. 1–4)."),
    ("[[para:scope]]", "para. 4."),
    ("[[Paragraph:scope]]", "Paragraph 4."),
    ("[[recommendation:mark-at-export]]", "recommendation 2."),
    ("[[recommendations:mark-at-import,mark-at-export,mark-deactivated]]",
     "recommendations 1–3."),
    ("[[recommendations:keep-records,mark-at-import]]", "recommendations 1 and 4."),
    ("[[chapter:recommendations]]", "chapter II."),
    ("[[section:marking-section]]", "section II.A."),
    ("[[section:attendance]]", "section IV.C."),
    ("[[item:marking]]", "agenda item 2."),
    ("[[items:organizational,marking]]", "agenda items 1 and 2."),
    ("[[document:background]]", "CTOC/COP/WG.9/2026/2."),
    ("[[background]] and [[agenda-doc]]", "CTOC/COP/WG.9/2026/2 and CTOC/COP/WG.9/2026/1."),
    ("*[[para:mandate]]*", "para. 1."),
])
def test_reference_prints_the_number_of_its_target(tmp_path: Path, refs: str,
                                                   printed: str) -> None:
    assert _see_line(tmp_path, refs) == printed


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def _errors(tmp_path: Path, refs: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        build.build([_session(tmp_path, refs)], ["txt"], tmp_path / "out")
    assert not (tmp_path / "out").exists()
    return [str(d) for d in caught.value.diagnostics]


def test_dangling_reference_fails_with_its_location(tmp_path: Path) -> None:
    errors = _errors(tmp_path, "[[para:histroy]]")
    line = _line_of(tmp_path / "session.yaml", "See [[para:histroy]]")
    assert errors == [f"{tmp_path / 'session.yaml'}:{line}:11: error: nothing has the id "
                      "'histroy' in [[para:histroy]] (did you mean 'history'?) "
                      "(was it deleted or renamed?)"]


def test_reference_to_the_wrong_kind_says_what_to_write(tmp_path: Path) -> None:
    errors = _errors(tmp_path, "[[paragraph:keep-records]]")
    assert errors[0].endswith("error: 'keep-records' in [[paragraph:keep-records]] is a "
                              "recommendation, not a paragraph "
                              "(write [[recommendation:keep-records]])")


def test_bare_reference_to_two_kinds_of_target_is_ambiguous(tmp_path: Path) -> None:
    # "attendance" is a built-in section id; as an agenda key it names an item too.
    session = _session(tmp_path, "[[attendance]]")
    session.write_text(session.read_text(encoding="utf-8").replace(
        "key: report", "key: attendance"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build.build([session], ["txt"], tmp_path / "out")
    message = str(caught.value.diagnostics[0])
    assert "'attendance' in [[attendance]] is ambiguous: it names" in message
    assert "write [[section:attendance]] or [[item:attendance]]" in message


def test_duplicate_ids_name_both_places(tmp_path: Path) -> None:
    session = _session(tmp_path, "nothing")
    session.write_text(session.read_text(encoding="utf-8").replace(
        "id: scope", "id: history"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build.build([session], ["txt"], tmp_path / "out")
    lines = session.read_text(encoding="utf-8").splitlines()
    first, second = [n for n, line in enumerate(lines, start=1) if "- id: history" in line]
    assert str(caught.value.diagnostics[0]) == (
        f"{session}:{second}:5: error: the id 'history' is used twice (first at "
        f"{session}:{first}:5); give each its own id")


def test_escaped_reference_stays_literal(tmp_path: Path) -> None:
    assert _see_line(tmp_path, "\\[[para:history]]") == "[[para:history]]."

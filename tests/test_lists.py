"""Subparagraph levels (a), (i), a., i. and bullets, as the Editorial Manual sets them."""

from __future__ import annotations

from pathlib import Path

from reportgen import build

MINIMAL = Path(__file__).resolve().parent / "roots" / "minimal" / "session.yaml"
INTRODUCTION = """
introduction:
  - text: The Conference requested the Working Group to
    subparagraphs:
      - review the existing questionnaires;
      - text: prepare a new questionnaire covering
        subparagraphs:
          - criminalization
          - text: cooperation, in particular
            subparagraphs:
              - extradition
              - text: mutual legal assistance, including
                subparagraphs: [requests, replies.]
      - report back.
  - text: "Speakers mentioned:"
    bullets:
      - training;
      - equipment
"""


def _lines(tmp_path: Path) -> list[str]:
    session = tmp_path / "session.yaml"
    session.write_text(MINIMAL.read_text(encoding="utf-8").replace(
        "\nagenda:", INTRODUCTION + "\nagenda:"), encoding="utf-8")
    build.build([session], ["txt"], tmp_path)
    text = next(tmp_path.glob("*.txt")).read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("1. The Conference requested the Working Group to")
    return lines[start:start + 15]


def test_four_levels_with_their_labels_and_punctuation(tmp_path: Path) -> None:
    assert _lines(tmp_path)[:12] == [
        "1. The Conference requested the Working Group to",
        "    (a) review the existing questionnaires;",
        "    (b) prepare a new questionnaire covering:",
        "        (i) criminalization;",
        "        (ii) cooperation, in particular:",
        "            a. extradition;",
        "            b. mutual legal assistance, including:",
        "                i. requests;",
        "                ii. replies;",
        "    (c) report back.",
        "",
        "2. Speakers mentioned:",
    ]


def test_bullets_have_no_semicolons(tmp_path: Path) -> None:
    assert _lines(tmp_path)[12:14] == ["    • training", "    • equipment"]

"""The example session reproduces the text of the report the UN issued."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from conftest import EXAMPLE, GOLDEN, STEM, from_organ_line, normalise
from reportgen import build
from reportgen.pipeline.tree import Heading, Paragraph


def test_text_reproduces_the_issued_report(example_build: Path) -> None:
    expected = from_organ_line(normalise((GOLDEN / "reference-report.txt")
                                         .read_text(encoding="utf-8")))
    produced = from_organ_line(normalise((example_build / f"{STEM}.txt")
                                         .read_text(encoding="utf-8")))
    diff = "\n".join(difflib.unified_diff(expected, produced, "issued", "reportgen",
                                          lineterm="", n=1))
    assert produced == expected, diff


def test_text_matches_its_golden_file(example_build: Path, update_golden: bool) -> None:
    """The whole TXT, masthead included, so that any change is seen in review."""
    produced = (example_build / f"{STEM}.txt").read_text(encoding="utf-8")
    golden = GOLDEN / f"{STEM}.txt"
    if update_golden:
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_numbers_paragraphs_and_recommendations() -> None:
    prepared, diagnostics = build.check([EXAMPLE])
    assert not diagnostics.items
    blocks = prepared[0].document.blocks
    numbers = [b.number for b in blocks if isinstance(b, Paragraph) and b.numbered]
    recommendations = [b.label for b in blocks
                        if isinstance(b, Heading) and b.level == "recommendation"]
    chapters = [b.label for b in blocks if isinstance(b, Heading) and b.level == "chapter"]
    assert numbers == [f"{n}." for n in range(1, 33)]
    assert recommendations == [f"Recommendation {n}" for n in range(1, 16)]
    assert chapters == ["I.", "II.", "III.", "IV.", "V."]


def test_quotes_and_apostrophes_are_typographic(example_build: Path) -> None:
    text = (example_build / f"{STEM}.txt").read_text(encoding="utf-8")
    # Typed with straight quotes in session.yaml:
    assert "entitled “Strengthening the implementation" in text
    assert "the reason why migrants’ lives are put at risk" in text
    assert "Examination of the “financial and material benefit” aspect" in text
    # Typed typographic, kept as typed:
    assert "Côte d’Ivoire" in text
    assert '"' not in text and "'" not in text


def test_headings_in_order_with_their_numbers(example_build: Path) -> None:
    """The seed's shape: organization fourth, sections A–E in the working group's order."""
    lines = (example_build / f"{STEM}.txt").read_text(encoding="utf-8").splitlines()
    numbered = [line for line in lines if re.match(r"([IVX]+|[A-E])\. ", line)]
    assert numbered == [
        "I. Introduction", "II. Recommendations", "A. Recommendations on specific topics",
        "B. General recommendations", "III. Summary of deliberations",
        "IV. Organization of the meeting", "A. Opening of the meeting", "B. Statements",
        "C. Adoption of the agenda and organization of work", "D. Attendance",
        "E. Documentation", "V. Adoption of the report"]

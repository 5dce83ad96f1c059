"""Stage 4: number the document tree.

Numbers are computed here, once, and never left to Word: every writer prints
the same labels. Following the Editorial Manual:

- chapters I., II. …; sections A., B. … restart in each chapter;
  subsections 1., 2. … restart in each section;
- paragraphs 1., 2. … run consecutively across the whole document,
  independently of the heading counters;
- recommendations are numbered on their own: "Recommendation 1" …;
- subparagraphs (a), (b) …, and (i), (ii) … one level down.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .language import letters, roman
from .tree import Document, Heading, ListItem, Paragraph


@dataclass
class Numbers:
    """What numbering assigned, by id: the table cross-references resolve against."""

    paragraphs: dict[str, str] = field(default_factory=dict)
    recommendations: dict[str, str] = field(default_factory=dict)
    paragraph_count: int = 0
    recommendation_count: int = 0


def _roman_lower(number: int) -> str:
    return roman(number).lower()


def _label_items(items: list[ListItem]) -> None:
    counters = {1: 0, 2: 0}
    for item in items:
        if item.style == "given":
            continue
        counters[item.depth] = counters.get(item.depth, 0) + 1
        for deeper in [d for d in counters if d > item.depth]:
            counters[deeper] = 0
        n = counters[item.depth]
        if item.style == "roman":
            item.label = f"({_roman_lower(n)})"
        else:
            item.label = f"({letters(n)})"


def number(document: Document) -> Numbers:
    """Set every label and number in place; return the table of numbers by id."""
    numbers = Numbers()
    chapter = section = subsection = 0
    for block in document.blocks:
        if isinstance(block, Heading):
            if block.level == "chapter":
                chapter += 1
                section = subsection = 0
                block.label = f"{roman(chapter)}."
            elif block.level == "section":
                section += 1
                subsection = 0
                block.label = f"{letters(section).upper()}."
            elif block.level == "subsection":
                subsection += 1
                block.label = f"{subsection}."
            elif block.level == "recommendation":
                numbers.recommendation_count += 1
                block.label = f"Recommendation {numbers.recommendation_count}"
                if block.id:
                    numbers.recommendations[block.id] = str(numbers.recommendation_count)
        elif isinstance(block, Paragraph):
            if block.numbered:
                numbers.paragraph_count += 1
                block.number = f"{numbers.paragraph_count}."
                if block.id:
                    numbers.paragraphs[block.id] = str(numbers.paragraph_count)
            _label_items(block.items)
    return numbers

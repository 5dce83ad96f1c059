"""Stage 4: number the document tree.

Numbers are computed here, once, and never left to Word: every writer prints
the same labels. Following the Editorial Manual:

- chapters I., II. …; sections A., B. … restart in each chapter;
  subsections 1., 2. … restart in each section;
- paragraphs 1., 2. … run consecutively across the whole document,
  independently of the heading counters;
- recommendations are numbered on their own: "Recommendation 1" …;
- subparagraphs (a), (b) …; (i), (ii) … one level down; then a., b. and i., ii.

The labels' words and punctuation are the language's (``[numbering]`` of its
language file); the counting is here.

Everything that carries an id is entered in a table of targets, which
``references.py`` uses to print "paragraph 14" wherever a user wrote a
reference to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.pipeline.language import Language
from reportgen.pipeline.tree import Document, Heading, ListItem, Paragraph


@dataclass(frozen=True)
class Target:
    """Something a cross-reference can point at, and how it is cited."""

    family: str  # "paragraph", "recommendation", "chapter", "section", "item", "document"
    label: str  # "14", "11", "III", "IV.D", "1 (b)", "CTOC/COP/WG.7/2017/1"
    order: int = 0  # for ranges: consecutive numbers collapse into "14–16"
    part: str = ""  # the symbol of the draft part that holds it, when split into parts


@dataclass
class Numbers:
    """What numbering assigned: counts, and every target by id."""

    targets: dict[str, list[Target]] = field(default_factory=dict)
    paragraph_count: int = 0
    recommendation_count: int = 0

    def add(self, node_id: str | None, target: Target) -> None:
        if node_id:
            self.targets.setdefault(node_id, []).append(target)


def _label_items(items: list[ListItem], words: Language) -> None:
    """(a), (b) … at each level, restarting under each item of the level above."""
    counters: dict[int, int] = {}
    for item in items:
        if item.style in ("given", "bullet"):
            continue
        counters[item.depth] = counters.get(item.depth, 0) + 1
        for deeper in [d for d in counters if d > item.depth]:
            counters[deeper] = 0
        item.label = words.subparagraph_label(item.style, counters[item.depth])


class _Counter:
    """The running heading counters, and the paragraph counter that ignores them."""

    def __init__(self, numbers: Numbers, first_paragraph: int, part: str, words: Language):
        self.numbers = numbers
        self.part = part
        self.words = words
        self.labels = words.numbering
        self.chapter = self.section = self.subsection = 0
        self.operative = 0
        self.last_paragraph = first_paragraph - 1

    def heading(self, block: Heading) -> None:
        labels = self.labels
        if block.family:
            self.operative = 0
            self.numbers.add(block.id, Target(block.family, block.cited, part=self.part))
        if block.level == "chapter":
            self.chapter = block.number or self.chapter + 1
            block.number = self.chapter  # a draft part cut from this keeps it
            self.section = self.subsection = 0
            block.label = labels.chapter.format(**self.words.figures(self.chapter))
            self.numbers.add(block.id, Target("chapter", self.cited_chapter(), part=self.part))
        elif block.level == "section":
            self.section += 1
            self.subsection = 0
            block.label = labels.section.format(**self.words.figures(self.section))
            self.numbers.add(block.id, Target("section", self.cited_section(), part=self.part))
        elif block.level == "subsection":
            self.subsection += 1
            block.label = labels.subsection.format(**self.words.figures(self.subsection))
            cited = labels.subsection_cited.format(section=self.cited_section(),
                                                   **self.words.figures(self.subsection))
            self.numbers.add(block.id, Target("section", cited, part=self.part))
        elif block.level == "recommendation":
            self.numbers.recommendation_count += 1
            count = block.number or self.numbers.recommendation_count
            block.number = count
            block.label = labels.recommendation.format(**self.words.figures(count))
            self.numbers.add(block.id, Target("recommendation", str(count), count, self.part))

    def cited_chapter(self) -> str:
        """"III": the current chapter as a reference prints it."""
        return self.labels.chapter_cited.format(**self.words.figures(self.chapter))

    def cited_section(self) -> str:
        """"IV.D": the current section as a reference prints it."""
        return self.labels.section_cited.format(chapter=self.cited_chapter(),
                                                **self.words.figures(self.section))

    def paragraph(self, block: Paragraph) -> None:
        if block.numbered and block.sequence == "operative":
            self.operative += 1
            block.number = f"{self.operative}."
        elif block.numbered:
            self.last_paragraph += 1
            self.numbers.paragraph_count += 1
            number = self.last_paragraph
            block.number = f"{number}."
            self.numbers.add(block.id, Target("paragraph", str(number), number, self.part))
        _label_items(block.items, self.words)


def number(document: Document, numbers: Numbers | None = None, first_paragraph: int = 1,
           part: str = "", *, words: Language) -> Numbers:
    """Set every label and number in place; return the counts and the targets by id.

    A chapter or recommendation whose ``number`` is already set keeps it (a
    draft part that starts at chapter IV); paragraphs start at
    ``first_paragraph``. ``part`` is the symbol of a draft part: its targets
    carry it, so that a reference from another part can say where they are.
    ``words`` are the document's language: the labels' words and punctuation.
    """
    numbers = numbers or Numbers()
    counter = _Counter(numbers, first_paragraph, part, words)
    for block in document.blocks:
        if isinstance(block, Heading):
            counter.heading(block)
        else:
            counter.paragraph(block)
    return numbers

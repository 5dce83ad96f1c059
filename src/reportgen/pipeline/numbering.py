"""Stage 4: number the document tree.

Numbers are computed here, once, and never left to Word: every writer prints
the same labels. Following the Editorial Manual:

- chapters I., II. …; sections A., B. … restart in each chapter;
  subsections 1., 2. … restart in each section;
- paragraphs 1., 2. … run consecutively across the whole document,
  independently of the heading counters (the language's ``[numbering] paragraph``
  says how a number is printed: "1." or the Arabic "1-");
- recommendations are numbered on their own: "Recommendation 1" …;
- annexes I, II … after the chapters ("Annex" alone when there is one), each with its
  paragraphs numbered from 1 and its sections from A.; tables with a title are
  "Table 1", "Table 2" … across the document;
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
from reportgen.pipeline.tree import ContentsEntry, Document, Heading, ListItem, Paragraph, Table


@dataclass(frozen=True)
class Target:
    """Something a cross-reference can point at, and how it is cited."""

    family: str  # "paragraph", "recommendation", "chapter", "section", "item", "document"
    label: str  # "14", "11", "III", "IV.D", "1 (b)", "CTOC/COP/WG.7/2017/1"
    order: int = 0  # for ranges: consecutive numbers collapse into "14–16"
    part: str = ""  # the symbol of the draft part that holds it, when split into parts
    annex: str = ""  # "II": a paragraph or section of annex II, cited "paragraph 3 of annex II"


@dataclass
class Numbers:
    """What numbering assigned: counts, and every target by id."""

    targets: dict[str, list[Target]] = field(default_factory=dict)
    paragraph_count: int = 0
    recommendation_count: int = 0
    table_count: int = 0

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

    def __init__(self, numbers: Numbers, first_paragraph: int, part: str, words: Language,
                 annexes: int):
        self.numbers = numbers
        self.part = part
        self.words = words
        self.labels = words.numbering
        self.chapter = self.section = self.subsection = 0
        self.operative = 0
        self.last_paragraph = first_paragraph - 1
        self.annexes = annexes  # how many the document has: one is "Annex" alone
        self.annex = 0
        self.annex_paragraph = 0

    def heading(self, block: Heading) -> None:
        labels = self.labels
        if block.family:
            self.operative = 0
            self.numbers.add(block.id, Target(block.family, block.cited, part=self.part))
        if block.level == "annex":
            if not block.number:  # a draft part keeps the label of the whole report
                block.number = self.annex + 1
                block.label = (labels.annex.format(**self.words.figures(block.number))
                               if self.annexes > 1 else labels.annex_single)
            self.annex = block.number
            self.section = self.subsection = self.annex_paragraph = 0
            self.numbers.add(block.id, Target("annex", self.words.cited_figure(self.annex),
                                              self.annex, self.part))
            return
        if block.level == "chapter":
            self.chapter = block.number or self.chapter + 1
            block.number = self.chapter  # a draft part cut from this keeps it
            self.section = self.subsection = 0
            block.label = labels.chapter.format(**self.words.chapter_figures(self.chapter))
            self.numbers.add(block.id, Target("chapter", self.cited_chapter(), part=self.part))
        elif block.level == "section":
            self.section += 1
            self.subsection = 0
            block.label = labels.section.format(**self.words.figures(self.section))
            self.numbers.add(block.id, Target("section", self.cited_section(), part=self.part,
                                              annex=self.annex_cited()))
        elif block.level == "subsection":
            self.subsection += 1
            block.label = labels.subsection.format(**self.words.figures(self.subsection))
            cited = labels.subsection_cited.format(section=self.cited_section(),
                                                   **self.words.figures(self.subsection))
            self.numbers.add(block.id, Target("section", cited, part=self.part,
                                              annex=self.annex_cited()))
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
        """"IV.D": the current section as a reference prints it ("D" in an annex, whose
        target says which)."""
        if self.annex:
            return self.labels.section.format(**self.words.figures(self.section)).rstrip(".-")
        return self.labels.section_cited.format(chapter=self.cited_chapter(),
                                                **self.words.figures(self.section))

    def annex_cited(self) -> str:
        """"II" inside annex II ("二" in Chinese), else ""."""
        return self.words.cited_figure(self.annex) if self.annex else ""

    def table(self, block: Table) -> None:
        if not block.title:
            return
        self.numbers.table_count += 1
        count = self.numbers.table_count
        block.label = self.labels.table.format(**self.words.figures(count))
        self.numbers.add(block.id, Target("table", str(count), count, self.part))

    def paragraph(self, block: Paragraph) -> None:
        if block.numbered and block.sequence == "operative":
            self.operative += 1
            block.number = self.printed(self.operative)
        elif block.numbered and self.annex:
            self.annex_paragraph += 1
            block.number = self.printed(self.annex_paragraph)
            self.numbers.add(block.id, Target("paragraph", str(self.annex_paragraph),
                                              self.annex_paragraph, self.part,
                                              self.annex_cited()))
        elif block.numbered:
            self.last_paragraph += 1
            self.numbers.paragraph_count += 1
            number = self.last_paragraph
            block.number = self.printed(number)
            self.numbers.add(block.id, Target("paragraph", str(number), number, self.part))
        _label_items(block.items, self.words)

    def printed(self, number: int) -> str:
        """"1." ("1-" in Arabic): a paragraph's number as the writers print it."""
        return self.labels.paragraph.format(**self.words.figures(number))


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
    annexes = sum(isinstance(b, Heading) and b.level == "annex" for b in document.blocks)
    counter = _Counter(numbers, first_paragraph, part, words, annexes)
    for block in document.blocks:
        if isinstance(block, Heading):
            counter.heading(block)
        elif isinstance(block, Table):
            counter.table(block)
        else:
            counter.paragraph(block)
    if document.contents_columns != "none":
        document.contents = contents(document)
        for entry in document.contents:
            entry.span = entry.first if entry.first == entry.last else \
                words.contents.span.format(first=entry.first, last=entry.last)
    return numbers


def contents(document: Document) -> list[ContentsEntry]:
    """The lines of the table of contents: each chapter, section and annex, with the first
    and last paragraph of the report's sequence under it (an annex's own paragraphs are
    not in the "Paragraphs" column)."""
    entries: list[ContentsEntry] = []
    in_annex = False
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading) and block.level in ("chapter", "section", "annex"):
            in_annex = in_annex or block.level == "annex"
            entries.append(ContentsEntry(level=block.level,  # type: ignore[arg-type]
                                         label=block.label, text=block.text, heading=index))
        elif isinstance(block, Paragraph) and block.numbered and block.sequence == "" \
                and not in_annex and entries:
            for entry in entries:
                if entry.level == "annex":
                    continue
                if entry is entries[-1] or (entry.level == "chapter" and _open(entries, entry)):
                    entry.first = entry.first or bare(block.number)
                    entry.last = bare(block.number)
    return entries


def bare(label: str) -> str:
    """"14" of a paragraph printed "14." or "14-": the figures alone, as the contents
    and the cross-references cite it."""
    return "".join(c for c in label if c.isdigit())


def _open(entries: list[ContentsEntry], chapter: ContentsEntry) -> bool:
    """Whether ``chapter`` is the last chapter so far (its sections still fill it)."""
    return chapter is next(e for e in reversed(entries) if e.level == "chapter")

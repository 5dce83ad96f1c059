"""Plain-text writer: for review, diffs and golden tests.

One paragraph a line, blank lines between blocks, no wrapping, so that a diff
of two versions shows whole paragraphs. Footnotes are marked "[1]" in the text
and listed under the paragraph that calls them.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.pipeline.templates import TemplateSet
from reportgen.pipeline.tree import (
    Document,
    Emph,
    Heading,
    Inline,
    Note,
    Paragraph,
    Strong,
    Table,
    Text,
)
from reportgen.writers import Written


class _Notes:
    def __init__(self) -> None:
        self.count = 0
        self.pending: list[str] = []

    def mark(self, note: Note) -> str:
        self.count += 1
        self.pending.append(f"[{self.count}] {self.render(note.children)}")
        return f"[{self.count}]"

    def render(self, inlines: list[Inline]) -> str:
        parts = []
        for node in inlines:
            if isinstance(node, Text):
                parts.append(node.value)
            elif isinstance(node, (Emph, Strong)):
                parts.append(self.render(node.children))
            elif isinstance(node, Note):
                parts.append(self.mark(node))
        return "".join(parts)

    def flush(self) -> list[str]:
        lines, self.pending = self.pending, []
        return ["    " + line for line in lines]


def _masthead(document: Document) -> list[str]:
    m = document.masthead
    lines = [f"{m.organization}    {m.symbol}", "", m.organ, "",
             m.distribution_line, m.date, "", *([m.version] if m.version else []),
             m.original_line, ""]
    if m.body_line:
        lines += [m.body_line, ""]
    lines += [m.title, ""]
    return lines + [m.subtitle, ""] if m.subtitle else lines


def _heading(block: Heading, notes: _Notes) -> list[str]:
    text = notes.render(block.text)
    if block.level == "annex":  # "Annex II", "[Original: …]" under it, then the title
        return [block.label, "", *([block.original, ""] if block.original else []), text]
    return [" ".join(part for part in (block.label, text) if part)]


def _table(block: Table, notes: _Notes) -> list[str]:
    """Aligned columns, two spaces apart, a rule under the header and at the end."""
    cells = [[notes.render(cell) for cell in row] for row in [block.header, *block.rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(block.header))]

    def line(row: list[str]) -> str:
        placed = [_aligned(text, width, align)
                  for text, width, align in zip(row, widths, block.align, strict=True)]
        return "  ".join(placed).rstrip()

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    lines = [f"{block.label}: {notes.render(block.title)}"] if block.label else []
    lines += [line(cells[0]), rule, *[line(row) for row in cells[1:]], rule]
    if block.source:
        lines.append(notes.render(block.source))
    return lines + notes.flush()


def _aligned(text: str, width: int, align: str) -> str:
    if align == "right":
        return text.rjust(width)
    return text.center(width) if align == "center" else text.ljust(width)


# The width of a contents line, leaders included: the paragraph ranges end here.
_CONTENTS_WIDTH = 78


def _contents(document: Document, notes: _Notes) -> list[str]:
    """The table of contents, with the paragraph ranges when the report gives them (a text
    file has no pages)."""
    if document.contents_columns == "none":
        return []
    words = document.masthead
    lines = [words.contents_title, ""]
    if document.contents_columns == "paragraphs-and-pages":
        lines.append(words.contents_paragraphs.rjust(_CONTENTS_WIDTH))
    for entry in document.contents:
        indent = "    " if entry.level == "section" else ""
        line = f"{indent}{entry.label} {notes.render(entry.text)}".rstrip()
        if document.contents_columns == "paragraphs-and-pages" and entry.span:
            dots = "." * max(3, _CONTENTS_WIDTH - 2 - len(line) - len(entry.span))
            line = f"{line} {dots} {entry.span}"
        lines.append(line)
    return lines + [""]


def _paragraph(block: Paragraph, notes: _Notes) -> list[str]:
    text = notes.render(block.text)
    # A paragraph of items alone (an agenda in an annex) has no line of its own.
    lines = [f"{block.number} {text}" if block.number else text] if text or block.number else []
    for item in block.items:
        label = f"{item.label} " if item.label else ""
        lines.append("    " * item.depth + label + notes.render(item.text))
    return lines + notes.flush()


def render_text(document: Document) -> str:
    """The whole document as UTF-8 plain text, ending with one newline."""
    notes = _Notes()
    lines = _masthead(document) + _contents(document, notes)
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [*_heading(block, notes), *notes.flush(), ""]
        elif isinstance(block, Table):
            lines += [*_table(block, notes), ""]
        else:
            lines += [*_paragraph(block, notes), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write(document: Document, templates: TemplateSet) -> Written:
    return Written(render_text(document).encode("utf-8"))


def inputs(templates: TemplateSet) -> list[Path]:
    """Plain text reads no template file: its layout is this module."""
    return []

"""Plain-text writer: for review, diffs and golden tests.

One paragraph a line, blank lines between blocks, no wrapping, so that a diff
of two versions shows whole paragraphs. Footnotes are marked "[1]" in the text
and listed under the paragraph that calls them.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.pipeline.templates import TemplateSet
from reportgen.pipeline.tree import Document, Emph, Heading, Inline, Note, Paragraph, Strong, Text
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
             m.distribution_line, m.date, "", m.original_line, ""]
    if m.body_line:
        lines += [m.body_line, ""]
    lines += [m.title, ""]
    return lines + [m.subtitle, ""] if m.subtitle else lines


def _heading(block: Heading, notes: _Notes) -> str:
    text = notes.render(block.text)
    return " ".join(part for part in (block.label, text) if part)


def _paragraph(block: Paragraph, notes: _Notes) -> list[str]:
    text = notes.render(block.text)
    lines = [f"{block.number} {text}" if block.number else text]
    for item in block.items:
        label = f"{item.label} " if item.label else ""
        lines.append("    " * item.depth + label + notes.render(item.text))
    return lines + notes.flush()


def render_text(document: Document) -> str:
    """The whole document as UTF-8 plain text, ending with one newline."""
    notes = _Notes()
    lines = _masthead(document)
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [_heading(block, notes), *notes.flush(), ""]
        else:
            lines += [*_paragraph(block, notes), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write(document: Document, templates: TemplateSet) -> Written:
    return Written(render_text(document).encode("utf-8"))


def inputs(templates: TemplateSet) -> list[Path]:
    """Plain text reads no template file: its layout is this module."""
    return []

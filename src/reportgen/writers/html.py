"""HTML writer: the numbered document tree as one self-contained web page.

For reading on a screen and for the live preview of ``reportgen watch --serve``.
The page carries its style sheet (``templates/html/report.css``, a house style a
project may override) and the UN emblem inside itself, so the file can be mailed
or opened from anywhere. The words it prints all come from the tree (and so from
the templates and the language file); this module adds only markup.

Every text of the tree is escaped: a session file is untrusted, and ``<script>``
typed in it must appear as typed. The style sheet is placed so that it cannot
close its ``<style>`` element either.

Each block of the body is one element with ``data-block`` (its index in the
tree), which the preview compares to find the block an edit changed. A paragraph
with an id in the session has that id as its ``id`` attribute and shows the
reference that cites it (``[[para:carriers]]``) when pointed at or clicked.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape
from pathlib import Path

from reportgen.pipeline.templates import TemplateSet
from reportgen.pipeline.tree import (
    Block,
    ContentsEntry,
    Document,
    Emph,
    Heading,
    Inline,
    Masthead,
    Note,
    Paragraph,
    Strong,
    Table,
    Text,
)
from reportgen.writers import Written

STYLESHEET = "html/report.css"
EMBLEM = "assets/un-emblem.jpg"

# Heading levels of the tree → the rank of the HTML heading (h1 is the report's title).
_RANKS = {"chapter": 2, "annex": 2, "section": 3, "subsection": 4}


# Heading levels that a reference names by their own kind ("[[chapter:organization]]").
_CITED_LEVELS = ("chapter", "section", "recommendation", "annex")


def _text(value: str) -> str:
    return escape(value, quote=True)


def _anchor(node_id: str | None, index: int, kind: str) -> str:
    """The ``id`` attribute of a block, and how to cite it when the session names it."""
    if not node_id:
        return f'id="rg-block-{index}"'
    cite = f"[[{kind}:{node_id}]]" if kind else f"[[{node_id}]]"
    return f'id="{_text(node_id)}" data-cite="{_text(cite)}"'


class _Notes:
    """Footnotes numbered through the document, listed under the block that calls them
    (as in the TXT file: a screen has no page foot)."""

    def __init__(self) -> None:
        self.count = 0
        self.pending: list[str] = []

    def render(self, inlines: list[Inline]) -> str:
        parts = []
        for node in inlines:
            if isinstance(node, Text):
                parts.append(_text(node.value))
            elif isinstance(node, Emph):
                parts.append(f"<em>{self.render(node.children)}</em>")
            elif isinstance(node, Strong):
                parts.append(f"<strong>{self.render(node.children)}</strong>")
            elif isinstance(node, Note):
                parts.append(self._mark(node))
        return "".join(parts)

    def _mark(self, note: Note) -> str:
        self.count += 1
        n = self.count
        self.pending.append(f'<p class="note" id="rg-note-{n}"><a class="note-mark" '
                            f'href="#rg-noteref-{n}">{n}</a> {self.render(note.children)}</p>')
        return (f'<sup class="noteref"><a id="rg-noteref-{n}" href="#rg-note-{n}">{n}</a>'
                "</sup>")

    def flush(self) -> str:
        if not self.pending:
            return ""
        notes, self.pending = self.pending, []
        return f'<aside class="notes">{"".join(notes)}</aside>'


def _masthead(m: Masthead, emblem: str) -> str:
    first, _, rest = m.symbol.partition("/")
    symbol = _text(first) + (f'<span class="symbol-rest">/{_text(rest)}</span>' if rest else "")
    picture = f'<img class="emblem" src="{emblem}" alt="">' if emblem else ""
    lines = [m.distribution_line, m.date, m.original_line]
    distribution = "".join(f"<p>{_text(line)}</p>" for line in lines if line)
    return (
        '<header class="masthead">'
        f'<div class="masthead-top"><p class="organization">{_text(m.organization)}</p>'
        f'<p class="symbol">{symbol}</p></div>'
        f'<div class="masthead-block"><div class="emblem-cell">{picture}</div>'
        f'<p class="organ">{_text(m.organ)}</p>'
        f'<div class="distribution">{distribution}</div></div>'
        "</header>"
    )


def _title(m: Masthead) -> str:
    parts = [f'<p class="body-line">{_text(m.body_line)}</p>'] if m.body_line else []
    parts.append(f'<h1 class="title">{_text(m.title)}</h1>')
    if m.subtitle:
        parts.append(f'<p class="subtitle">{_text(m.subtitle)}</p>')
    return "".join(parts)


def _contents(document: Document, notes: _Notes) -> str:
    """The table of contents, linked to its headings, with the paragraph ranges when the
    report gives them (a web page has no pages)."""
    if document.contents_columns == "none":
        return ""
    words = document.masthead
    spans = document.contents_columns == "paragraphs-and-pages"
    head = (f'<p class="contents-head">{_text(words.contents_paragraphs)}</p>' if spans
            else "")
    rows = "".join(_contents_entry(entry, notes, spans) for entry in document.contents)
    return (f'<nav class="contents" aria-labelledby="rg-contents">'
            f'<h2 id="rg-contents" class="contents-title">{_text(words.contents_title)}</h2>'
            f"{head}<ol>{rows}</ol>{notes.flush()}</nav>")


def _contents_entry(entry: ContentsEntry, notes: _Notes, spans: bool) -> str:
    span = f' <span class="span">{_text(entry.span)}</span>' if spans and entry.span else ""
    return (f'<li class="{entry.level}"><a href="#rg-block-{entry.heading}">'
            f'<span class="label">{_text(entry.label)}</span> '
            f'<span class="entry-text">{notes.render(entry.text)}</span></a>{span}</li>')


class _Body:
    """The blocks of the body, each an element of its own."""

    def __init__(self, notes: _Notes) -> None:
        self.notes = notes
        self.rank = 1  # the rank of the last numbered heading: an unnumbered one goes under

    def block(self, index: int, block: Block) -> str:
        if isinstance(block, Heading):
            return self.heading(index, block)
        if isinstance(block, Table):
            return self.table(index, block)
        return self.paragraph(index, block)

    def heading(self, index: int, block: Heading) -> str:
        rank = _RANKS.get(block.level)
        if rank is None:
            rank = min(self.rank + 1, 6)
        else:
            self.rank = rank
        text = self.notes.render(block.text)
        kind = block.family or (block.level if block.level in _CITED_LEVELS else "")
        if block.level == "annex":
            original = (f' <span class="original">{_text(block.original)}</span>'
                        if block.original else "")
            inner = (f'<span class="annex-label">{_text(block.label)}</span>{original} '
                     f'<span class="annex-title">{text}</span>')
        elif not text:  # "Recommendation 7": the label is the whole line, at the text axis
            inner = _text(block.label)
        else:
            label = f'<span class="label">{_text(block.label)}</span> ' if block.label else ""
            inner = f"{label}{text}"
        # The contents link to "rg-block-N": a heading with an id of its own keeps that
        # anchor too, as an empty element before it.
        extra = f'<span id="rg-block-{index}"></span>' if block.id else ""
        return (f'<div class="block" data-block="{index}">{extra}'
                f'<h{rank} class="h {block.level}" {_anchor(block.id, index, kind)}>{inner}'
                f"</h{rank}>"
                f"{self.notes.flush()}</div>")

    def paragraph(self, index: int, block: Paragraph) -> str:
        text = self.notes.render(block.text)
        number = ""
        if block.number:
            target = _text(block.id) if block.id else f"rg-block-{index}"
            number = f'<a class="num" href="#{target}">{_text(block.number)}</a> '
        lines = [f'<p class="text">{number}{text}</p>'] if text or block.number else []
        for item in block.items:
            label = f'<span class="label">{_text(item.label)}</span> ' if item.label else ""
            lines.append(f'<p class="item depth-{item.depth}">{label}'
                         f"{self.notes.render(item.text)}</p>")
        kind = "para numbered" if block.number else "para"
        return (f'<div class="block {kind}" data-block="{index}" '
                f'{_anchor(block.id, index, "para")}>'
                f'{"".join(lines)}{self.notes.flush()}</div>')

    def table(self, index: int, block: Table) -> str:
        caption = ""
        if block.label:
            caption = (f'<caption><span class="label">{_text(block.label)}</span> '
                       f'<span class="table-title">{self.notes.render(block.title)}</span>'
                       "</caption>")
        columns = "".join(f'<col style="width:{share * 100:.2f}%">' for share in block.widths)
        header = self.row("th", block.header, block.align)
        body = "".join(self.row("td", row, block.align) for row in block.rows)
        source = (f'<p class="table-source">{self.notes.render(block.source)}</p>'
                  if block.source else "")
        return (f'<div class="block table" data-block="{index}" '
                f'{_anchor(block.id, index, "table")}>'
                f"<table>{caption}<colgroup>{columns}</colgroup><thead>{header}</thead>"
                f"<tbody>{body}</tbody></table>{source}{self.notes.flush()}</div>")

    def row(self, cell: str, cells: list[list[Inline]], align: Sequence[str]) -> str:
        scope = ' scope="col"' if cell == "th" else ""
        return "<tr>" + "".join(
            f'<{cell}{scope} class="{_text(side)}">{self.notes.render(content)}</{cell}>'
            for content, side in zip(cells, align, strict=True)) + "</tr>"


def render_html(document: Document, stylesheet: str, emblem: str = "") -> str:
    """The whole document as one HTML page; ``stylesheet`` is the CSS it carries and
    ``emblem`` the emblem picture as a ``data:`` address ("" for none)."""
    m = document.masthead
    notes = _Notes()
    body = _Body(notes)
    blocks = "".join(body.block(i, block) for i, block in enumerate(document.blocks))
    # "</style" inside the sheet would end the element: "<\/" means "</" to CSS.
    sheet = stylesheet.replace("</", "<\\/")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_text(m.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_text(m.symbol)} \u2014 {_text(m.title)}</title>\n"
        f"<style>\n{sheet}</style>\n</head>\n"
        f'<body class="paper-{_text(m.paper)}">\n<article class="document">\n'
        f"{_masthead(m, emblem)}\n{_title(m)}\n{_contents(document, notes)}\n"
        f'<main class="body">\n{blocks}\n</main>\n</article>\n</body>\n</html>\n'
    )


def _emblem(templates: TemplateSet) -> str:
    try:
        picture = templates.find(EMBLEM)
    except FileNotFoundError:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(picture.read_bytes()).decode("ascii")


def write(document: Document, templates: TemplateSet) -> Written:
    stylesheet = templates.find(STYLESHEET).read_text(encoding="utf-8")
    return Written(render_html(document, stylesheet, _emblem(templates)).encode("utf-8"))


def inputs(templates: TemplateSet) -> list[Path]:
    """The style sheet and the emblem the page carries."""
    found = []
    for name in (STYLESHEET, EMBLEM):
        try:
            found.append(templates.find(name))
        except FileNotFoundError:
            continue
    return found

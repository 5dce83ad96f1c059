"""Two numbered versions of a document as one, with every difference a revision.

The comparison is made on the trees, not on two Word files: blocks are matched
by id where they have one and otherwise by text, so a paragraph that only moved
down a number is the same paragraph, its number changed; inside a matched
heading, paragraph, list item or table cell, the words are compared. What only
the new version has is ``inserted``, what only the old one had ``deleted``, and
the merged document holds both in reading order: accepting every change gives
the new version, rejecting every change the old one.

A change of number (a label, or a reference that now prints another number) is
marked ``renumbered``, so that a reviewer can show or hide it apart from the
changes of wording.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from reportgen.pipeline import tree
from reportgen.pipeline.tree import (
    Block,
    ContentsEntry,
    Deleted,
    Document,
    Heading,
    Inline,
    Inserted,
    ListItem,
    Paragraph,
    Revision,
    Table,
    Tracking,
    plain_text,
    to_data,
)

# Blocks this alike (difflib's ratio of their texts) are taken for one block, edited.
SIMILAR = 0.5
# A word that is a number as the report prints them: "11", "II", the "c" of "(c)".
_NUMBER = re.compile(r"\d+|[IVXLC]+|[a-z]")


@dataclass(frozen=True)
class Authors:
    """Who the revisions are by, and when (Word stores both with every change)."""

    name: str
    date: str  # ISO 8601: "2017-09-27T00:00:00Z"
    renumbering: str  # the name given to changes of number only


def compare(old: Document, new: Document, authors: Authors) -> Document:
    """The new document with the differences from the old one as revisions."""
    origins = merge(old.blocks, new.blocks)
    merged = replace(new, blocks=[block for block, _, _ in origins],
                     contents=_merge_contents(origins, old.contents, new.contents))
    old_m, new_m = old.masthead, new.masthead
    merged.tracking = Tracking(
        author=authors.name, date=authors.date, renumbering_author=authors.renumbering,
        previous=old_m, title=_merge_text(old_m.title, new_m.title),
        body_line=_merge_lines(old_m.body_line, new_m.body_line),
        subtitle=_merge_lines(old_m.subtitle, new_m.subtitle))
    return merged


def _merge_lines(old: str, new: str) -> list[Paragraph]:
    """Lines of the first page (the body line, the subtitle) as unnumbered paragraphs."""
    def lines(text: str) -> list[Paragraph]:
        return [Paragraph([tree.Text(line)], numbered=False) for line in text.splitlines()]

    return [line for line in _merge_blocks(lines(old), lines(new))
            if isinstance(line, Paragraph)]


def has_revisions(document: Document) -> bool:
    """Whether the merged document holds any change at all, first page included."""
    tracking = document.tracking
    if tracking is not None and tracking.previous != document.masthead:
        return True
    return any(block_changed(block) for block in document.blocks) or any(
        entry.revision for entry in document.contents)


def block_changed(block: Block) -> bool:
    """Whether a merged block holds a change: its own revision or a marked word."""
    if block.revision:
        return True
    if isinstance(block, Paragraph):
        return bool(block.tracked_number) or _marked(block.text) or any(
            item.revision or item.tracked_label or _marked(item.text) for item in block.items)
    if isinstance(block, Heading):
        return bool(block.tracked_label) or _marked(block.text)
    cells = [block.title, block.source, *block.header, *(c for r in block.rows for c in r)]
    return bool(block.row_revisions or block.tracked_label) or any(map(_marked, cells))


def _marked(inlines: list[Inline]) -> bool:
    for node in inlines:
        if isinstance(node, (Inserted, Deleted)):
            return True
        if isinstance(node, (tree.Emph, tree.Strong, tree.Note)) and _marked(node.children):
            return True
    return False


# ------------------------------------------------------------------ blocks


def _key(block: Block) -> tuple[str, ...]:
    """What makes two blocks the same block, their numbers left out."""
    if block.id:
        return (type(block).__name__, block.id)
    if isinstance(block, Heading):
        return (type(block).__name__, block.level, plain_text(block.text))
    if isinstance(block, Paragraph):
        return (type(block).__name__, plain_text(block.text))
    return (type(block).__name__, repr(to_data(block)))


# A block of the merged document, with its index in the old and in the new blocks
# (None for the version that has it not).
Origin = tuple[Block, int | None, int | None]


def _merge_blocks(old: Sequence[Block], new: Sequence[Block]) -> list[Block]:
    return [block for block, _, _ in merge(old, new)]


def merge(old: Sequence[Block], new: Sequence[Block]) -> list[Origin]:
    """Every block of either version in reading order, an edited one merged, each with
    its index among the old and among the new blocks."""
    merged: list[Origin] = []
    matcher = difflib.SequenceMatcher(a=[_key(b) for b in old], b=[_key(b) for b in new],
                                      autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(a1 - a0):
                merged += _merge_block(old, new, a0 + offset, b0 + offset)
        else:
            merged += _merge_stretch(old, new, range(a0, a1), range(b0, b1))
    return merged


def _merge_stretch(old: Sequence[Block], new: Sequence[Block], olds: range,
                   news: range) -> list[Origin]:
    """A changed stretch: blocks alike enough are one block edited, in order; the rest
    deleted (first) or inserted."""
    out: list[Origin] = []
    start = news.start
    for o in olds:
        twin = next((n for n in range(start, news.stop) if _alike(old[o], new[n])), None)
        if twin is None:
            out.append((_whole(old[o], "deleted"), o, None))
            continue
        out += [(_whole(new[n], "inserted"), None, n) for n in range(start, twin)]
        out += _merge_block(old, new, o, twin)
        start = twin + 1
    return out + [(_whole(new[n], "inserted"), None, n) for n in range(start, news.stop)]


def _alike(old: Block, new: Block) -> bool:
    if not _mergeable(old, new):
        return False
    if isinstance(old, Table) or isinstance(new, Table):
        return bool(old.id and old.id == new.id) or (
            isinstance(old, Table) and isinstance(new, Table)
            and [plain_text(c) for c in old.header] == [plain_text(c) for c in new.header])
    if old.id and new.id:
        return old.id == new.id
    ratio = difflib.SequenceMatcher(a=plain_text(old.text), b=plain_text(new.text),
                                    autojunk=False).ratio()
    return ratio >= SIMILAR


def _whole(block: Block, revision: Revision) -> Block:
    if isinstance(block, Paragraph):
        items = [replace(item, revision=revision) for item in block.items]
        return replace(block, revision=revision, items=items)
    return replace(block, revision=revision)


def _mergeable(old: Block, new: Block) -> bool:
    """Whether the new block can be shown as the old one edited, paragraph for paragraph.

    Not a heading of another level, nor an annex heading that gained or lost its
    "[Original: …]" line, nor a table that gained or lost rows or columns.
    """
    if isinstance(old, Heading) and isinstance(new, Heading):
        return old.level == new.level and bool(old.original) == bool(new.original) \
            and bool(old.text) == bool(new.text)
    if isinstance(old, Table) and isinstance(new, Table):
        return (len(old.header) == len(new.header)
                and bool(old.title) == bool(new.title) and bool(old.source) == bool(new.source)
                and bool(old.label) == bool(new.label))
    return isinstance(old, Paragraph) and isinstance(new, Paragraph)


def _merge_block(olds: Sequence[Block], news: Sequence[Block], o: int, n: int
                 ) -> list[Origin]:
    """One block edited, or the old one deleted and the new one inserted."""
    old, new = olds[o], news[n]
    if not _mergeable(old, new):
        return [(_whole(old, "deleted"), o, None), (_whole(new, "inserted"), None, n)]
    merged: Block
    if isinstance(old, Heading) and isinstance(new, Heading):
        merged = _merge_heading(old, new)
    elif isinstance(old, Paragraph) and isinstance(new, Paragraph):
        merged = _merge_paragraph(old, new)
    else:
        assert isinstance(old, Table) and isinstance(new, Table)
        merged = _merge_table(old, new)
    return [(merged, o, n)]


def _merge_heading(old: Heading, new: Heading) -> Heading:
    return replace(new, text=_merge_inlines(old.text, new.text),
                   tracked_label=_merge_label(old.label, new.label))


def _merge_paragraph(old: Paragraph, new: Paragraph) -> Paragraph:
    return replace(new, text=_merge_inlines(old.text, new.text),
                   tracked_number=_merge_label(old.number, new.number),
                   items=_merge_items(old.items, new.items))


def _merge_items(old: list[ListItem], new: list[ListItem]) -> list[ListItem]:
    merged: list[ListItem] = []
    keys = [plain_text(item.text) for item in old], [plain_text(item.text) for item in new]
    matcher = difflib.SequenceMatcher(a=keys[0], b=keys[1], autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        pairs = list(zip(old[a0:a1], new[b0:b1], strict=False)) if tag in ("equal", "replace") \
            else []
        for item_old, item_new in pairs:
            if item_old.depth != item_new.depth or item_old.style != item_new.style:
                merged += [replace(item_old, revision="deleted"),
                           replace(item_new, revision="inserted")]
            else:
                merged.append(replace(item_new, text=_merge_inlines(item_old.text, item_new.text),
                                      tracked_label=_merge_label(item_old.label,
                                                                 item_new.label)))
        paired = len(pairs)
        merged += [replace(item, revision="deleted") for item in old[a0 + paired:a1]]
        merged += [replace(item, revision="inserted") for item in new[b0 + paired:b1]]
    return merged


def _merge_table(old: Table, new: Table) -> Table:
    """The same table edited: its rows matched by their text, each cell word by word; a
    row only one version has is inserted or deleted."""
    rows: list[list[list[Inline]]] = []
    revisions_of_rows: list[Revision] = []

    def text(row: list[list[Inline]]) -> str:
        return "\t".join(plain_text(cell) for cell in row)

    matcher = difflib.SequenceMatcher(a=[text(r) for r in old.rows],
                                      b=[text(r) for r in new.rows], autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        paired = min(a1 - a0, b1 - b0) if tag in ("equal", "replace") else 0
        for old_row, new_row in zip(old.rows[a0:a0 + paired], new.rows[b0:b0 + paired],
                                    strict=True):
            rows.append([_merge_inlines(o, n) for o, n in zip(old_row, new_row, strict=True)])
            revisions_of_rows.append("")
        for row in old.rows[a0 + paired:a1]:
            rows.append(row)
            revisions_of_rows.append("deleted")
        for row in new.rows[b0 + paired:b1]:
            rows.append(row)
            revisions_of_rows.append("inserted")
    return replace(
        new,
        header=[_merge_inlines(o, n) for o, n in zip(old.header, new.header, strict=True)],
        rows=rows, row_revisions=revisions_of_rows if any(revisions_of_rows) else [],
        title=_merge_inlines(old.title, new.title),
        source=_merge_inlines(old.source, new.source),
        tracked_label=_merge_label(old.label, new.label))


def _merge_contents(origins: list[Origin], old: list[ContentsEntry],
                    new: list[ContentsEntry]) -> list[ContentsEntry]:
    """The contents of the merged document: a line for each of its headings that either
    version lists, pointing at the merged heading, with the changes of its label, its
    title and its paragraphs marked."""
    old_entries = {entry.heading: entry for entry in old}
    new_entries = {entry.heading: entry for entry in new}
    merged: list[ContentsEntry] = []
    for index, (block, o, n) in enumerate(origins):
        was = old_entries.get(o) if o is not None else None
        now = new_entries.get(n) if n is not None else None
        if not isinstance(block, Heading) or (was is None and now is None):
            continue
        if was is not None and now is not None:
            merged.append(replace(now, text=block.text, heading=index,
                                  tracked_label=block.tracked_label,
                                  tracked_span=_merge_label(was.span, now.span)))
        else:
            entry = now or was
            assert entry is not None
            merged.append(replace(entry, heading=index, revision=block.revision or (
                "inserted" if now else "deleted")))
    return merged


# ------------------------------------------------------------------- words


@dataclass(frozen=True)
class _Token:
    """A word, a run of spaces or a footnote, with the emphasis it is set in."""

    text: str
    styles: tuple[str, ...]  # "emph", "strong", outermost first
    note: tree.Note | None = None

    def same(self) -> tuple[object, ...]:
        return (self.text, self.styles, repr(to_data(self.note)) if self.note else None)


# Words, runs of spaces and signs apart: "11," changed to "12," is a change of number.
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def _tokens(inlines: list[Inline], styles: tuple[str, ...] = ()) -> Iterator[_Token]:
    for node in inlines:
        if isinstance(node, tree.Text):
            for word in _WORDS.findall(node.value):
                yield _Token(word, styles)
        elif isinstance(node, tree.Emph):
            yield from _tokens(node.children, (*styles, "emph"))
        elif isinstance(node, tree.Strong):
            yield from _tokens(node.children, (*styles, "strong"))
        elif isinstance(node, tree.Note):
            yield _Token("", styles, node)


def _merge_inlines(old: list[Inline], new: list[Inline]) -> list[Inline]:
    """The new inlines with the words that differ from the old ones marked."""
    old_tokens, new_tokens = list(_tokens(old)), list(_tokens(new))
    matcher = difflib.SequenceMatcher(a=[t.same() for t in old_tokens],
                                      b=[t.same() for t in new_tokens], autojunk=False)
    out: list[Inline] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            out += _inlines(new_tokens[b0:b1])
            continue
        gone, came = old_tokens[a0:a1], new_tokens[b0:b1]
        renumbered = _only_numbers(gone) and _only_numbers(came) and bool(gone and came)
        if gone:
            out.append(Deleted(_inlines(gone), renumbered))
        if came:
            out.append(Inserted(_inlines(came), renumbered))
    return out


def _only_numbers(tokens: list[_Token]) -> bool:
    # Spaces and signs (the "." of "11.", the brackets of "(c)") go with the number.
    return all(t.note is None and (not any(c.isalnum() for c in t.text)
                                   or _NUMBER.fullmatch(t.text)) for t in tokens)


def _inlines(tokens: list[_Token]) -> list[Inline]:
    """Tokens back into inlines: neighbours in the same emphasis share one node."""
    out: list[Inline] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.note is not None and not token.styles:
            out.append(token.note)
            index += 1
        elif not token.styles:
            end = _run_end(tokens, index, lambda t: not t.styles and t.note is None)
            out.append(tree.Text("".join(t.text for t in tokens[index:end])))
            index = end
        else:
            outer = token.styles[0]
            end = _run_end(tokens, index, lambda t, o=outer: t.styles[:1] == (o,))
            inner = [replace(t, styles=t.styles[1:]) for t in tokens[index:end]]
            wrapper = tree.Emph if outer == "emph" else tree.Strong
            out.append(wrapper(_inlines(inner)))
            index = end
    return out


def _run_end(tokens: list[_Token], start: int, belongs: object) -> int:
    end = start
    while end < len(tokens) and belongs(tokens[end]):  # type: ignore[operator]
        end += 1
    return end


def _merge_text(old: str, new: str) -> list[Inline]:
    return _merge_inlines([tree.Text(old)] if old else [], [tree.Text(new)] if new else [])


def _merge_label(old: str, new: str) -> list[Inline]:
    """A label's change, marked as a change of number; [] when it did not change."""
    if old == new:
        return []
    marked = _merge_text(old, new)
    return [replace(node, renumbered=True) if isinstance(node, (Inserted, Deleted)) else node
            for node in marked]

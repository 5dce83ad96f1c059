"""A corrigendum: the changes between an issued report and its corrected text, as entries.

An issued document is not renumbered: each entry names a place by the numbers the
issued document prints ("Paragraph 14, second sentence", "After recommendation
10") and says what to do there ("For … read …", "Delete the paragraph", "The
paragraph should read: …"). Changes of number that follow from an insertion or a
deletion (a later paragraph's number, a reference to it) are therefore not
corrections: the issued numbers stay, and so do the references to them.

Changes a reader could not apply that way (a new chapter, a changed table, a
restructured list) are refused with their place: such a report is revised
(…/Rev.1), not corrected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import NoReturn

from reportgen.errors import Diagnostic, InputError, Location
from reportgen.pipeline import revisions, tree
from reportgen.pipeline.language import AmendmentWords
from reportgen.pipeline.tree import (
    Block,
    Deleted,
    Document,
    Heading,
    Inline,
    Inserted,
    Masthead,
    Paragraph,
    plain_text,
)

# Beyond this many entries a corrigendum is no longer read: the report is revised.
MAX_ENTRIES = 12
# "For … read …" quotes at least this many words of the sentence, and enough to be unique.
CONTEXT_WORDS = 3
# A sentence ends at ".", "?" or "!" before a space and a capital letter, a digit or
# an opening quote or bracket.
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9“‘\"'(])")
_PATTERN = re.compile(r"\*([^*]+)\*|\{(\w+)\}")


class TooLarge(InputError):
    """Changes a corrigendum cannot express: the report must be revised instead."""


@dataclass
class Entry:
    """One correction: where, what to do, and the text to put there (if any)."""

    place: list[Inline]
    action: list[Inline]
    text: list[Inline] = field(default_factory=list)


@dataclass
class _Place:
    """Where the walk through the issued document stands, by its own numbers."""

    paragraph: str = ""  # the last numbered paragraph's number
    recommendation: int = 0
    chapter: str = ""
    section: str = ""


def entries(old: Document, new: Document, words: AmendmentWords,
            where: Location) -> list[Entry]:
    """The corrections that make ``old`` read as ``new``, without renumbering it.

    ``where`` locates the refusal when the changes are too large for a corrigendum.
    """
    found: list[Entry] = []
    place = _Place()
    origins = revisions.merge(old.blocks, new.blocks)
    skip_next = False
    for index, (merged, o, _) in enumerate(origins):
        if skip_next:
            skip_next = False
            continue
        before = replace(place)
        if o is not None:
            _advance(place, old.blocks[o])
        entry, skip_next = _entry(merged, before, origins, index, words, where)
        if entry is not None:
            found.append(entry)
    if old.masthead.title != new.masthead.title:
        _refuse(where, "the title of the report changed")
    if len(found) > MAX_ENTRIES:
        _refuse(where, f"{len(found)} places changed, more than the {MAX_ENTRIES} a "
                       "corrigendum can list")
    return found


def _advance(place: _Place, block: Block) -> None:
    if isinstance(block, Paragraph) and block.numbered and block.number and not block.sequence:
        place.paragraph = block.number.rstrip(".")
    elif isinstance(block, Heading):
        if block.level == "recommendation":
            place.recommendation = block.number
        elif block.level == "chapter":
            place.chapter, place.section = block.label.rstrip("."), ""
        elif block.level == "section":
            place.section = block.label.rstrip(".")


def _entry(block: Block, place: _Place, origins: list[revisions.Origin], index: int,
           words: AmendmentWords, where: Location) -> tuple[Entry | None, bool]:
    """The entry of one merged block, and whether it takes the block after it too."""
    if block.revision == "inserted":
        return _inserted(block, place, origins, index, words, where)
    if block.revision == "deleted":
        return _deleted(block, place, origins, index, words, where)
    if isinstance(block, Paragraph):
        if any(item.revision or _changed(item.text) for item in block.items):
            _refuse(where, f"the list of {_describe(block, place, words)} changed")
        if not _changed(block.text):
            return None, False
        return _edited(block, place, origins, index, words), False
    if isinstance(block, Heading):
        if not _changed(block.text):
            return None, False
        return _heading(block, place, words, where), False
    if revisions.block_changed(block):
        _refuse(where, "a table changed")
    return None, False


def _recommendation_text(block: Block, origins: list[revisions.Origin], index: int
                         ) -> Paragraph | None:
    """The text of a whole recommendation inserted or deleted, when ``block`` is its
    "Recommendation 11" heading."""
    following = origins[index + 1][0] if index + 1 < len(origins) else None
    if isinstance(block, Heading) and block.level == "recommendation" \
            and isinstance(following, Paragraph) and following.revision == block.revision:
        return following
    return None


def _inserted(block: Block, place: _Place, origins: list[revisions.Origin], index: int,
              words: AmendmentWords, where: Location) -> tuple[Entry, bool]:
    following = _recommendation_text(block, origins, index)
    if following is not None:
        return Entry(_form(words.after_recommendation, number=str(place.recommendation)),
                     _form(words.insert_recommendation), _corrected(following.text)), True
    if isinstance(block, Paragraph) and block.numbered and not block.sequence \
            and not block.items:
        if place.paragraph:
            where_to = _form(words.after_paragraph, number=place.paragraph)
        else:
            where_to = _form(words.before_paragraph, number="1")
        return Entry(where_to, _form(words.insert_paragraph), _corrected(block.text)), False
    _refuse(where, f"{_kind(block)} was inserted")


def _deleted(block: Block, place: _Place, origins: list[revisions.Origin], index: int,
             words: AmendmentWords, where: Location) -> tuple[Entry, bool]:
    if isinstance(block, Heading) and _recommendation_text(block, origins, index):
        return Entry(_form(words.recommendation, number=str(block.number)),
                     _form(words.delete_recommendation)), True
    if isinstance(block, Paragraph) and block.numbered and not block.sequence:
        return Entry(_form(words.paragraph, number=_number(block)),
                     _form(words.delete_paragraph)), False
    _refuse(where, f"{_kind(block)} was deleted")


def _edited(block: Paragraph, place: _Place, origins: list[revisions.Origin], index: int,
            words: AmendmentWords) -> Entry:
    """A paragraph whose words changed: in one sentence "For … read …", a sentence
    deleted "Delete the … sentence", else the paragraph as it should read."""
    recommendation = _recommendation_of(origins, index)
    if block.numbered and block.number:
        where_at = _form(words.paragraph, number=_number(block))
        should_read = words.paragraph_should_read
    elif recommendation:
        where_at = _form(words.recommendation, number=str(recommendation))
        should_read = words.recommendation_should_read
    else:
        where_at = _form(words.paragraph, number=place.paragraph)
        should_read = words.paragraph_should_read
    old, new, changes = _texts(block.text)
    sentences = _sentences(old)
    touched = {_sentence_of(sentences, start, end) for start, end, _, _ in changes}
    if len(touched) == 1 and not any(_notes(block.text)):
        rank = touched.pop()
        start, end = sentences[rank]
        if _whole_sentence_deleted(old, new, sentences[rank], changes):
            return Entry(where_at, _form(words.delete_sentence,
                                         ordinal=_ordinal(rank, len(sentences), words)))
        if rank < len(words.ordinals) or rank == len(sentences) - 1:
            phrase_old, phrase_new = _phrases(old, new, changes, (start, end))
            if len(sentences) > 1:
                where_at = _form(words.in_sentence, place=where_at,
                                 ordinal=_ordinal(rank, len(sentences), words))
            return Entry(where_at, _form(words.for_read, old=phrase_old, new=phrase_new))
    return Entry(where_at, _form(should_read), _corrected(block.text))


def _heading(block: Heading, place: _Place, words: AmendmentWords,
             where: Location) -> Entry:
    if block.level == "chapter":
        where_at = _form(words.chapter_title, chapter=place.chapter)
    elif block.level == "section":
        where_at = _form(words.section_title, chapter=place.chapter, section=place.section)
    elif block.level == "subsection" and place.section:
        section = f"{place.section}.{block.label.rstrip('.')}"
        where_at = _form(words.section_title, chapter=place.chapter, section=section)
    else:
        _refuse(where, "the heading of an annex or an unnumbered heading changed")
    return Entry(where_at, _form(words.title_should_read), _corrected(block.text))


def _refuse(where: Location, why: str) -> NoReturn:
    raise TooLarge([Diagnostic(where, f"a corrigendum cannot say this: {why}; issue a revision "
                                      "instead (document.revision: 1 in the session, then "
                                      "'reportgen compare' for its tracked changes)")])


def _kind(block: Block) -> str:
    if isinstance(block, Heading):
        return "an annex" if block.level == "annex" else "a heading"
    if isinstance(block, Paragraph):
        return "a paragraph with a list" if block.items else "an unnumbered paragraph"
    return "a table"


def _describe(block: Paragraph, place: _Place, words: AmendmentWords) -> str:
    number = _number(block) or place.paragraph
    return plain_text(_form(words.paragraph, number=number))


def _number(block: Paragraph) -> str:
    """The number the issued document prints: the old one, if it changed."""
    return (_deleted_text(block.tracked_number) or block.number).rstrip(".")


def _recommendation_of(origins: list[revisions.Origin], index: int) -> int:
    """The issued number of the recommendation whose text the block at ``index`` is."""
    previous = origins[index - 1][0] if index else None
    if isinstance(previous, Heading) and previous.level == "recommendation":
        digits = _deleted_text(previous.tracked_label)
        return int(digits) if digits.isdigit() else previous.number
    return 0


def _deleted_text(tracked: list[Inline]) -> str:
    """What a label's change took out: the number the issued document prints ("" when
    the label did not change)."""
    return "".join(plain_text(n.children) for n in tracked if isinstance(n, Deleted))


# ------------------------------------------------------------------- words


def _changed(inlines: list[Inline]) -> bool:
    """Whether the wording changed (changes of number only do not count)."""
    for node in inlines:
        if isinstance(node, (Inserted, Deleted)) and not node.renumbered:
            return True
        if isinstance(node, (tree.Emph, tree.Strong, tree.Note)) and _changed(node.children):
            return True
    return False


def _notes(inlines: list[Inline]) -> Iterator[tree.Note]:
    for node in inlines:
        if isinstance(node, tree.Note) and _changed(node.children):
            yield node
        elif isinstance(node, (tree.Emph, tree.Strong, Inserted, Deleted)):
            yield from _notes(node.children)


def _corrected(inlines: list[Inline]) -> list[Inline]:
    """The text as it should read in the issued document: the new words, the old numbers."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Inserted):
            if not node.renumbered:
                out += _corrected(node.children)
        elif isinstance(node, Deleted):
            if node.renumbered:
                out += _corrected(node.children)
        elif isinstance(node, (tree.Emph, tree.Strong, tree.Note)):
            out.append(replace(node, children=_corrected(node.children)))
        else:
            out.append(node)
    return out


def _texts(inlines: list[Inline]) -> tuple[str, str, list[tuple[int, int, int, int]]]:
    """The old and the corrected plain text, and each change as (old start, old end, new
    start, new end) in them."""
    old: list[str] = []
    new: list[str] = []
    changes: list[tuple[int, int, int, int]] = []
    length = {"old": 0, "new": 0}

    def add(text: str, *sides: str) -> None:
        for side in sides:
            (old if side == "old" else new).append(text)
            length[side] += len(text)

    def walk(nodes: list[Inline]) -> None:
        for node in nodes:
            if isinstance(node, tree.Text):
                add(node.value, "old", "new")
            elif isinstance(node, (Inserted, Deleted)) and node.renumbered:
                if isinstance(node, Deleted):  # the issued number stays
                    add(plain_text(node.children), "old", "new")
            elif isinstance(node, (Inserted, Deleted)):
                before = length["old"], length["new"]
                add(plain_text(node.children), "new" if isinstance(node, Inserted) else "old")
                changes.append((before[0], length["old"], before[1], length["new"]))
            elif isinstance(node, (tree.Emph, tree.Strong)):
                walk(node.children)

    walk(inlines)
    return "".join(old), "".join(new), _joined(changes)


def _joined(changes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """A deletion followed at once by an insertion is one replacement."""
    out: list[tuple[int, int, int, int]] = []
    for change in changes:
        if out and out[-1][1] == change[0] and out[-1][3] == change[2]:
            out[-1] = (out[-1][0], change[1], out[-1][2], change[3])
        else:
            out.append(change)
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _sentence_of(sentences: list[tuple[int, int]], start: int, end: int) -> int:
    ranks = {rank for rank, (s, e) in enumerate(sentences)
             if s <= start <= e or s <= end <= e or (start <= s and e <= end)}
    return ranks.pop() if len(ranks) == 1 else -1


def _whole_sentence_deleted(old: str, new: str, sentence: tuple[int, int],
                            changes: list[tuple[int, int, int, int]]) -> bool:
    start, end = sentence
    removed = old[:start].rstrip() + (" " if old[end:].strip() and old[:start].strip() else "") \
        + old[end:].lstrip()
    return len(changes) == 1 and removed.strip() == new.strip()


def _ordinal(rank: int, count: int, words: AmendmentWords) -> str:
    if rank == count - 1 and count > 1:
        return words.last
    return words.ordinals[rank]


def _phrases(old: str, new: str, changes: list[tuple[int, int, int, int]],
             sentence: tuple[int, int]) -> tuple[str, str]:
    """The words to quote: the changed ones, widened by whole words of the sentence until
    the old phrase is found once in it and holds at least CONTEXT_WORDS words."""
    first, last = changes[0], changes[-1]
    start, end = first[0], last[1]
    offset = first[2] - first[0]  # where the new text stands against the old one before
    tail = (last[3] - last[1])  # … and after the changes
    s_start, s_end = sentence
    text = old[s_start:s_end]
    while True:
        start, end = _word_start(old, start, s_start), _word_end(old, end, s_end)
        phrase = old[start:end]
        if (len(phrase.split()) >= CONTEXT_WORDS and text.count(phrase) == 1) \
                or (start == s_start and end == s_end):
            break
        start, end = max(s_start, start - 1), min(s_end, end + 1)
    return _trimmed(old[start:end].strip(), new[start + offset:end + tail].strip())


def _trimmed(old: str, new: str) -> tuple[str, str]:
    """The phrases without the sign both end with (the comma of a list, a semicolon)."""
    while old and new and old[-1] == new[-1] and old[-1] in ",;:":
        old, new = old[:-1], new[:-1]
    return old, new


def _word_start(text: str, at: int, floor: int) -> int:
    while at > floor and not text[at - 1].isspace():
        at -= 1
    return at


def _word_end(text: str, at: int, ceiling: int) -> int:
    while at < ceiling and not text[at].isspace():
        at += 1
    return at


def _form(pattern: str, **values: str | list[Inline]) -> list[Inline]:
    """A pattern of the language file as inlines: ``*…*`` in italics, ``{name}`` filled."""
    out: list[Inline] = []
    at = 0
    for match in _PATTERN.finditer(pattern):
        if match.start() > at:
            out.append(tree.Text(pattern[at:match.start()]))
        if match.group(1) is not None:
            out.append(tree.Emph(_form(match.group(1), **values)))
        else:
            value = values[match.group(2)]
            out += [tree.Text(value)] if isinstance(value, str) else value
        at = match.end()
    if at < len(pattern):
        out.append(tree.Text(pattern[at:]))
    return out


# ---------------------------------------------------------------- document


def document(found: list[Entry], masthead: Masthead) -> Document:
    """The corrigendum: its first page, then its entries, numbered when there are several."""
    blocks: list[Block] = []
    several = len(found) > 1
    for number, entry in enumerate(found, start=1):
        blocks.append(Paragraph(entry.place, numbered=several,
                                number=f"{number}." if several else ""))
        blocks.append(Paragraph(entry.action, numbered=False))
        if entry.text:
            blocks.append(Paragraph(entry.text, numbered=False))
    return Document(masthead=masthead, blocks=blocks)

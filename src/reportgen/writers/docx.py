"""DOCX writer: the numbered tree as a pandoc JSON AST, written by pandoc.

Building pandoc's AST in Python (rather than writing Markdown for pandoc to
read) means user text can never be mis-parsed: "US$ 3 million … $" is not
maths, "1." at the start of a line is not a list, "<w:p/>" is not XML. It is
also the fastest route measured (DESIGN.md).

Every paragraph carries a named UN style from the reference document through
pandoc's ``custom-style``; numbers are typed as text followed by a tab, as the
UN does, never as Word list numbering.

The masthead is not in the body: it lives in the first-page header of the
reference document, like the running headers and footers, and
``docx_parts.finish_docx`` fills it in once pandoc has written the file. The
body starts with the title block (un-house-style.md §1.3).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import json
import os
import re
import subprocess
import tempfile
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportgen.errors import ToolError
from reportgen.pipeline.templates import TemplateSet, files_below
from reportgen.pipeline.tree import (
    Block,
    ContentsEntry,
    Deleted,
    Document,
    Emph,
    Heading,
    Inline,
    Inserted,
    ListItem,
    Note,
    Paragraph,
    Revision,
    Strong,
    Table,
    Text,
)
from reportgen.util import epoch, filememo, jsontext, meanwhile, usercache
from reportgen.util.kept import Kept
from reportgen.writers import Written
from reportgen.writers.docx_parts import (
    PAGE_SIZES,
    CodeImages,
    code_images,
    finish_docx,
    link_pages,
    set_contents_pages,
)
from reportgen.writers.docx_revisions import paragraph_mark, revision_attributes, row_mark
from reportgen.writers.reference_docx import build_reference_docx

PANDOC_API_VERSION = [1, 23, 1, 1]

# The UN paragraph style for each heading level (un-house-style.md §3.2).
# "Recommendation 7" sits under the numbered subsections ("1. Use of the Convention …",
# H23), one degree lower: the 4th-degree style H4 (10 pt italic) shows that rank, where
# H23 would make it look like one more subsection.
HEADING_STYLES = {
    "chapter": "HCh",
    "section": "H1",
    "subsection": "H23",
    "unnumbered": "H23",
    "recommendation": "H4",
    "annex": "HCh",  # the annex's title; its label "Annex II" is in ANNEX_LABEL_STYLE
}
ANNEX_LABEL_STYLE = "HChAnnex"  # HCh starting a new page
ORIGINAL_STYLE = "AnnexOriginal"  # "[Original: French]", at the right
BODY_STYLE = "SingleTxt"
TITLE_STYLE = "TitleHCH"
SUBTITLE_STYLE = "TitleH1"  # "Addendum" on the addenda of a draft report
SESSION_STYLE = "Session"  # the body line of L. drafts: "Working Group on …"
SESSION_DETAIL_STYLE = "AgendaItemNormal"  # its second line: "Vienna, 11–13 September 2017"

# Vertical rhythm (un-house-style.md §4.2): the UN template puts no space before
# headings; it types empty 6 pt SingleTxt paragraphs around them. (before, after)
# spacers per style; between two headings the larger count wins. A body paragraph
# adds its own 6 pt after, so 2 spacers before HCh make the measured 18 pt.
SPACERS = {
    "HCh": (2, 2),
    "H1": (1, 1),
    "H23": (1, 1),
    "H4": (1, 1),
    # An annex's label opens a page: nothing owed before it (spacers there could spill
    # onto a page of their own); 2 spacers to "[Original: …]" or the title.
    ANNEX_LABEL_STYLE: (0, 2),
    ORIGINAL_STYLE: (0, 1),
    # A table and its label, title and source (one group): 1 spacer before, as before an
    # H23, 2 after, as A/80/6 (Income sect. 1) has after its table.
    "table": (1, 2),
}
# Styles that start a new page: the spacing owed by the block before them is dropped.
PAGE_STARTS = {ANNEX_LABEL_STYLE}

# Tables (styles in the reference document, measured in A/80/6 (Income sect. 1)):
# the table style draws the rules; the cell paragraphs carry the type sizes, the first
# column's flush with the rule's left end, the others 144 tw in.
TABLE_STYLE = "UNTable"
TABLE_LABEL_STYLE = "TableLabel"  # "Table 1", above the title
TABLE_TITLE_STYLE = "TableTitle"  # the title, bold
TABLE_SOURCE_STYLE = "TableSource"  # the source note under the table
TABLE_HEAD_STYLES = ("TableHeadFirst", "TableHead")
TABLE_TEXT_STYLES = ("TableTextFirst", "TableText")
TABLE_TITLE_AFTER = 2  # spacers between the title and the table, as measured
ALIGN = {"left": "AlignLeft", "right": "AlignRight", "center": "AlignCenter"}

# Contents (A/80/6 (Plan outline)): the title, the column heads, one paragraph an entry;
# docx_parts sets their tab stops from the text width. Not Word's "toc 1" styles:
# LibreOffice maps those to its own "Contents 1" and then drops what follows the leader.
CONTENTS_TITLE_STYLE = "ContentsTitle"
CONTENTS_HEAD_STYLE = "ContentsHead"
CONTENTS_STYLES = {"chapter": "ContentsEntry1", "annex": "ContentsEntry1",
                   "section": "ContentsEntry2"}
# What the TOC field would collect if Word rebuilt it: the heading styles, by level.
TOC_INSTRUCTION = ' TOC \\h \\z \\t "HCh,1,H1,2,HChAnnex,1" '
BOOKMARK_ID_BASE = 5000  # w:id of the heading bookmarks (pandoc numbers its own from 0)
PAGE_PLACEHOLDER = "00"  # the page numbers before LibreOffice has laid the file out

# The title block, as in the real files (§1.3): 3 spacers before the title, 2 between
# title and subtitle, 3 after the block.
TITLE_BEFORE, SUBTITLE_BEFORE, TITLE_BLOCK_AFTER = 3, 2, 3

_TAB: dict[str, Any] = {"t": "RawInline", "c": ["openxml", "<w:r><w:tab/></w:r>"]}


def _words(text: str) -> list[dict[str, Any]]:
    # One Str per run of text, spaces included: pandoc's docx writer keeps them
    # (xml:space="preserve"), and a Str per word makes pandoc several times slower.
    # Runs of spaces stay one space, as pandoc's Space elements made them.
    return [{"t": "Str", "c": _SPACES.sub(" ", text)}] if text else []


_SPACES = re.compile(" {2,}")


def _inlines(nodes: list[Inline]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in nodes:
        if isinstance(node, Text):
            out += _words(node.value)
        elif isinstance(node, Emph):
            out.append({"t": "Emph", "c": _inlines(node.children)})
        elif isinstance(node, Strong):
            out.append({"t": "Strong", "c": _inlines(node.children)})
        elif isinstance(node, Note):
            out.append({"t": "Note", "c": [{"t": "Para", "c": _inlines(node.children)}]})
        elif isinstance(node, (Inserted, Deleted)):
            revision: Revision = "inserted" if isinstance(node, Inserted) else "deleted"
            out.append(_revised(revision, _inlines(node.children), node.renumbered))
    return out


def _revised(revision: Revision, inlines: list[dict[str, Any]],
             renumbered: bool = False) -> dict[str, Any]:
    """Inlines as a tracked insertion or deletion: pandoc writes such a Span as
    ``w:ins`` or ``w:del`` (docx_revisions names the author and the date)."""
    kind = "insertion" if revision == "inserted" else "deletion"
    return {"t": "Span", "c": [["", [kind], revision_attributes(renumbered)], inlines]}


def _styled(style: str, inlines: list[dict[str, Any]], revision: Revision = "") -> dict[str, Any]:
    """A paragraph in a named style: pandoc maps a Div's custom-style to it.

    A paragraph only one version has (``revision``) has all its text and its
    paragraph mark tracked, so that accepting or rejecting the change leaves no
    empty paragraph behind.
    """
    if revision:
        inlines = [_raw(paragraph_mark(revision)), _revised(revision, inlines)]
    return {"t": "Div", "c": [["", [], [["custom-style", style]]],
                              [{"t": "Para", "c": inlines}]]}


def _label(label: str, tracked: list[Inline]) -> list[dict[str, Any]]:
    """A label ("11.", "Recommendation 12", "(c)"), with its change when it has one."""
    return _inlines(tracked) if tracked else _words(label)


def _bookmarked(inlines: list[dict[str, Any]], bookmark: int | None) -> list[dict[str, Any]]:
    """The inlines inside the bookmark that the contents' entry of this heading points to."""
    if bookmark is None:
        return inlines
    name = bookmark_name(bookmark)
    return [{"t": "RawInline", "c": ["openxml", (
                f'<w:bookmarkStart w:id="{BOOKMARK_ID_BASE + bookmark}" w:name="{name}"/>')]},
            *inlines,
            {"t": "RawInline", "c": ["openxml",
                                     f'<w:bookmarkEnd w:id="{BOOKMARK_ID_BASE + bookmark}"/>']}]


def bookmark_name(index: int) -> str:
    """The bookmark on the heading ``index`` of the blocks ("_Toc" hides it in Word's
    list of bookmarks, as on the headings of Word's own contents)."""
    return f"_Toc{index}"


def _heading(block: Heading, bookmark: int | None = None) -> list[tuple[str, dict[str, Any]]]:
    """The heading's paragraphs, each with its style (an annex has two or three)."""
    style = HEADING_STYLES[block.level]
    text = _inlines(block.text)
    label = _label(block.label, block.tracked_label)
    revision = block.revision
    if block.level == "annex":
        # "Annex II" opens a page, the title under it, both unnumbered headings; between
        # them "[Original: French]" at the right, under "Annex" as un-house-style.md §1.1
        # (the Editorial Manual) places it.
        out = [(ANNEX_LABEL_STYLE, _styled(ANNEX_LABEL_STYLE,
                                           [_TAB, _TAB, *_bookmarked(label, bookmark)],
                                           revision))]
        if block.original:
            out.append((ORIGINAL_STYLE, _styled(ORIGINAL_STYLE, _words(block.original),
                                                revision)))
        if text:
            out.append((style, _styled(style, [_TAB, _TAB, *text], revision)))
        return out
    if block.level == "recommendation":
        return [(style, _styled(style, [_TAB, _TAB, *label], revision))]
    if block.label:
        return [(style, _styled(style, [_TAB, *label, _TAB, *_bookmarked(text, bookmark)],
                                revision))]
    return [(style, _styled(style, [_TAB, _TAB, *_bookmarked(text, bookmark)], revision))]


def _cell(inlines: list[Inline], style: str, revision: Revision) -> list[dict[str, Any]]:
    """A cell's paragraph; in a row only one version has, its words are tracked (the
    row's own mark removes or keeps the cell, paragraph mark and all)."""
    content = _inlines(inlines)
    return [_styled(style, [_revised(revision, content)] if revision else content)]


def _table(block: Table) -> dict[str, Any]:
    """The table with its label and title above and its source under it, as one group.

    A pandoc Table in the UN table style of the reference document: pandoc writes the
    column widths (as shares of the text width), each column's alignment on its
    paragraphs and the header row repeated on every page (``w:tblHeader``).
    """
    revision = block.revision

    def row(cells: list[list[Inline]], styles: tuple[str, str],
            revision: Revision = revision) -> list[Any]:
        paragraphs = [_cell(cell, styles[0] if column == 0 else styles[1], revision)
                      for column, cell in enumerate(cells)]
        if revision:  # the row itself is inserted or deleted: marked in its first cell
            paragraphs[0][0]["c"][1][0]["c"].insert(0, _raw(row_mark(revision)))
        return [["", [], []], [[["", [], []], {"t": "AlignDefault"}, 1, 1, cell]
                               for cell in paragraphs]]

    row_revisions = block.row_revisions or [revision] * len(block.rows)

    specs = [[{"t": ALIGN[align]}, {"t": "ColWidth", "c": width}]
             for align, width in zip(block.align, block.widths, strict=True)]
    table = {"t": "Table", "c": [
        ["", [], [["custom-style", TABLE_STYLE]]], [None, []], specs,
        [["", [], []], [row(block.header, TABLE_HEAD_STYLES)]],
        [[["", [], []], 0, [], [row(cells, TABLE_TEXT_STYLES, revision or row_revision)
                                for cells, row_revision in zip(block.rows, row_revisions,
                                                               strict=True)]]],
        [["", [], []], []]]}
    parts: list[dict[str, Any]] = []
    if block.label:
        parts.append(_styled(TABLE_LABEL_STYLE, _label(block.label, block.tracked_label),
                             revision))
    if block.title:
        parts.append(_styled(TABLE_TITLE_STYLE, _inlines(block.title), revision))
    if parts:
        parts += [_spacer(keep_with_next=True, revision=revision)] * TABLE_TITLE_AFTER
    parts.append(table)
    if block.source:
        parts.append(_styled(TABLE_SOURCE_STYLE, _inlines(block.source), revision))
    return {"t": "Div", "c": [["", [], []], parts]}


def _item(item: ListItem) -> tuple[Revision, dict[str, Any]]:
    return item.revision, _styled(BODY_STYLE, [*([_TAB] * item.depth),
                                               *_label(item.label, item.tracked_label), _TAB,
                                               *_inlines(item.text)], item.revision)


def _paragraph(block: Paragraph) -> list[tuple[Revision, dict[str, Any]]]:
    """The paragraph and its list items, each a Word paragraph with its revision."""
    number = _label(block.number, block.tracked_number)
    lead = [*number, _TAB] if number else []
    return [(block.revision, _styled(BODY_STYLE, lead + _inlines(block.text), block.revision)),
            *map(_item, block.items)]


def _spacer(keep_with_next: bool, revision: Revision = "") -> dict[str, Any]:
    """An empty SingleTxt paragraph exactly 6 pt high, as the UN template types it.

    A spacer after a heading keeps with the next paragraph, so that a heading is
    never left alone at the foot of a page with only its spacing.
    """
    keep = "<w:keepNext/>" if keep_with_next else ""
    mark = paragraph_mark(revision) if revision else ""
    return {"t": "RawBlock", "c": ["openxml", (
        f'<w:p><w:pPr><w:pStyle w:val="{BODY_STYLE}"/>{keep}'
        f'<w:spacing w:after="0" w:line="120" w:lineRule="exact"/></w:pPr>{mark}</w:p>')]}


# One Word paragraph of the body: its style (which decides the spacing around it), whether
# only one version has it (a comparison), and pandoc's block as JSON text.
Unit = tuple[str, Revision, str]


def _with_spacers(blocks: list[Unit], owed_after: int = 0) -> list[str]:
    """The blocks' JSON texts with 6 pt spacers before and after headings (see SPACERS).

    ``owed_after`` is the spacing the block before these asks for. In a comparison the
    spacing is worked out for each version, through the blocks it has: the spacers both
    versions have between two blocks are plain, the ones only one has are tracked.
    """
    out: list[str] = []
    owed = {"new": owed_after, "old": owed_after}
    for style, revision, block in blocks:
        before, after = SPACERS.get(style, _NO_SPACERS)
        if not (before or after or revision or owed["new"] or owed["old"]):
            out.append(block)  # most blocks: a body paragraph after another, no spacer
            owed_after = 0
            continue
        counts = {}
        for version, absent in (("new", "deleted"), ("old", "inserted")):
            if revision == absent:
                continue
            counts[version] = before if style in PAGE_STARTS else max(before, owed[version])
            owed[version] = after
        keep = owed_after > 0
        shared = 0 if revision else min(counts.values())
        out += [_spacer_json(keep)] * shared
        out += [_spacer_json(keep, "deleted")] * (counts.get("old", 0) - shared)
        out += [_spacer_json(keep, "inserted")] * (counts.get("new", 0) - shared)
        out.append(block)
        owed_after = after
    return out


_NO_SPACERS = (0, 0)


@lru_cache(maxsize=8)
def _spacer_json(keep_with_next: bool, revision: Revision = "") -> str:
    return _json(_spacer(keep_with_next, revision))


def _json(block: dict[str, Any]) -> str:
    """A block as pandoc reads it: JSON text, the characters as they are (UTF-8)."""
    return jsontext.dumps(block)


def _title_block(document: Document) -> list[dict[str, Any]]:
    """The body line of L. drafts (if any), the title and subtitle (§1.3, §1.5).

    "United Nations", the symbol, the organ, "Distr.", the date and the original
    language are not here: they are the masthead, in the first-page header. In a
    comparison, their changes are marked, and a line only one version has is
    inserted or deleted.
    """
    body_line, title, subtitle = _title_lines(document)
    blocks = [_styled(SESSION_STYLE if index == 0 else SESSION_DETAIL_STYLE,
                      _inlines(line.text), line.revision)
              for index, line in enumerate(body_line)]
    blocks += [_spacer(keep_with_next=False)] * TITLE_BEFORE
    blocks.append(_styled(TITLE_STYLE, [_TAB, _TAB, *_inlines(title)]))
    for line in subtitle:
        blocks += [_spacer(keep_with_next=False, revision=line.revision)] * SUBTITLE_BEFORE
        blocks.append(_styled(SUBTITLE_STYLE, [_TAB, _TAB, *_inlines(line.text)],
                              line.revision))
    return blocks


def _title_lines(document: Document) -> tuple[list[Paragraph], list[Inline], list[Paragraph]]:
    """The lines of the body line, the title and the subtitle (a comparison's marked)."""
    if document.tracking is not None:
        tracking = document.tracking
        return tracking.body_line, tracking.title, tracking.subtitle
    m = document.masthead

    def lines(text: str) -> list[Paragraph]:
        return [Paragraph([Text(line)], numbered=False) for line in text.splitlines()]

    return lines(m.body_line), [Text(m.title)], lines(m.subtitle)


def _end_rule(paper: str) -> dict[str, Any]:
    """The end-of-document rule (un-house-style.md §4.6), as the real files draw it.

    A 1 in x 0.25 pt straight connector, centred on the text column and 24 pt below
    an empty SingleTxt paragraph after the last one. Word 2010+ and LibreOffice read
    the DrawingML shape; older readers the VML line of the fallback, which needs the
    offset spelt out (the §4.3 margins of 1200 tw are assumed there).
    """
    column_pt = (PAGE_SIZES[paper][0] - 2 * 1200) / 20
    left = (column_pt - 72) / 2
    shape = (
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="251660288" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>304800</wp:posOffset>'
        '</wp:positionV>'
        '<wp:extent cx="914400" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapNone/><wp:docPr id="9005" name="End of document rule"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="914400" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        '<a:ln w="3175"><a:solidFill><a:srgbClr val="010000"/></a:solidFill></a:ln>'
        '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>')
    fallback = (
        '<v:line style="position:absolute;z-index:251660288;'
        'mso-position-horizontal-relative:text;mso-position-vertical-relative:text" '
        f'from="{left:.1f}pt,24pt" to="{left + 72:.1f}pt,24pt" strokecolor="#010000" '
        'strokeweight=".25pt"/>')
    return {"t": "RawBlock", "c": ["openxml", (
        f'<w:p><w:pPr><w:pStyle w:val="{BODY_STYLE}"/></w:pPr><w:r>'
        '<mc:AlternateContent '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<mc:Choice Requires="wps"><w:drawing>{shape}</w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict>{fallback}</w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r></w:p>')]}


def _body(document: Document) -> list[Unit]:
    """Every heading, paragraph and table of the body, with its paragraph style.

    A block's JSON depends on the block alone (and a heading's on its bookmark): it is
    kept under the block's repr, which shows every field of every node, so a watching
    process converts only the blocks an edit changed.
    """
    marked = {entry.heading for entry in document.contents} if _has_contents(document) \
        else set()
    units: list[Unit] = []
    for index, block in enumerate(document.blocks):
        bookmark = index if index in marked and isinstance(block, Heading) else None
        key = (repr(block), bookmark)
        kept = _KEPT_UNITS.find(key)
        units += kept if kept is not None else _KEPT_UNITS.keep(key, _units(block, bookmark))
    return units


# Blocks: a 3,500-paragraph report has some 3,600, each kept with its repr (a few
# kilobytes together); an edit that renumbers the report makes most of them anew.
_KEPT_UNITS: Kept[tuple[Unit, ...]] = Kept(limit=20_000)


def _units(block: Block, bookmark: int | None) -> tuple[Unit, ...]:
    """The Word paragraphs of one block of the body, each with its style and revision."""
    if isinstance(block, Heading):
        pieces = [(style, block.revision, b) for style, b in _heading(block, bookmark)]
    elif isinstance(block, Table):
        pieces = [("table", block.revision, _table(block))]
    else:
        pieces = [(BODY_STYLE, revision, b) for revision, b in _paragraph(block)]
    return tuple((style, revision, _json(b)) for style, revision, b in pieces)


def _has_contents(document: Document) -> bool:
    return document.contents_columns != "none" and bool(document.contents)


def _field(instruction: str, result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A complete Word field: its instruction and its cached result (what is shown)."""
    return [_raw('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'),
            *result, _raw('<w:r><w:fldChar w:fldCharType="end"/></w:r>')]


def _raw(xml: str) -> dict[str, Any]:
    return {"t": "RawInline", "c": ["openxml", xml]}


def _contents_entry(entry: ContentsEntry, columns: str) -> list[dict[str, Any]]:
    """One line of the contents: a link to the heading's bookmark holding label, title,
    the paragraph range and a PAGEREF field whose cached result is the page."""
    name = bookmark_name(entry.heading)
    numbers: list[dict[str, Any]] = [_TAB]
    if columns == "paragraphs-and-pages":
        numbers += [*_label(entry.span, entry.tracked_span), _TAB]
    # The placeholder is a run of its own, so that docx_parts can put the page in it.
    page = _raw(f'<w:r><w:t>{PAGE_PLACEHOLDER}</w:t></w:r>')
    inlines = [_TAB, *_label(entry.label, entry.tracked_label), _TAB,
               *_inlines(_no_notes(entry.text)), *numbers,
               *_field(f" PAGEREF {name} \\h ", [page])]
    if entry.revision:
        inlines = [_raw(paragraph_mark(entry.revision)), _revised(entry.revision, inlines)]
    return [_raw(f'<w:hyperlink w:anchor="{name}" w:history="1">'), *inlines,
            _raw("</w:hyperlink>")]


def _no_notes(inlines: list[Inline]) -> list[Inline]:
    """A heading's text without its footnotes: the contents does not repeat them."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, (Emph, Strong, Inserted, Deleted)):
            out.append(dataclasses.replace(node, children=_no_notes(node.children)))
        elif not isinstance(node, Note):
            out.append(node)
    return out


def _contents(document: Document) -> list[dict[str, Any]]:
    """"Contents", the column heads and one paragraph an entry, inside a TOC field.

    The field's cached result is what Word and LibreOffice show until it is updated;
    its page numbers are placeholders here, set by ``render_docx`` from LibreOffice's
    layout of the file. (Updating the whole field in Word rebuilds it from the heading
    styles, without the paragraph ranges; "update page numbers only" keeps them.)
    """
    m = document.masthead
    columns = document.contents_columns
    heads = [_TAB, *_words(m.contents_paragraphs)] if columns == "paragraphs-and-pages" else []
    blocks = [_styled(CONTENTS_TITLE_STYLE, _words(m.contents_title)),
              _styled(CONTENTS_HEAD_STYLE, [*heads, _TAB, *_words(m.contents_page)])]
    entries = [_contents_entry(entry, columns) for entry in document.contents]
    begin = _field(TOC_INSTRUCTION, [])
    entries[0] = [*begin[:-1], *entries[0]]  # the field opens in the first entry
    entries[-1] = [*entries[-1], begin[-1]]  # and closes in the last
    blocks += [_styled(CONTENTS_STYLES[entry.level], inlines)
               for entry, inlines in zip(document.contents, entries, strict=True)]
    return blocks


def pandoc_json(document: Document) -> str:
    """The pandoc JSON AST of the body, as text: title block, contents, headings,
    paragraphs and tables, end rule."""
    blocks = [_json(b) for b in _title_block(document)]
    owed = TITLE_BLOCK_AFTER
    if _has_contents(document):
        blocks += [_spacer_json(keep_with_next=False)] * TITLE_BLOCK_AFTER
        blocks += [_json(b) for b in _contents(document)]
        # The text starts on a new page after the contents, as in A/80/6 (Plan outline).
        blocks.append(_json({"t": "RawBlock", "c": ["openxml", (
            f'<w:p><w:pPr><w:pStyle w:val="{BODY_STYLE}"/></w:pPr>'
            '<w:r><w:br w:type="page"/></w:r></w:p>')]}))
        owed = 0
    blocks += _with_spacers(_body(document), owed_after=owed)
    blocks.append(_json(_end_rule(document.masthead.paper)))
    # What json.dumps writes for the whole AST, the kept blocks' texts joined into it.
    return (f'{{"pandoc-api-version": {json.dumps(PANDOC_API_VERSION)}, "meta": {{}}, '
            f'"blocks": [{", ".join(blocks)}]}}')


def pandoc_path() -> str:
    """The pandoc to run: $REPORTGEN_PANDOC if set, else the one pypandoc-binary bundles.

    The variable lets a site use its own pandoc build; no system pandoc is needed.
    """
    chosen = os.environ.get("REPORTGEN_PANDOC", "").strip()
    if chosen:
        if not Path(chosen).is_file():
            raise ToolError("pandoc", f"REPORTGEN_PANDOC names {chosen}, which does not exist "
                                      "(correct it, or unset it to use the bundled pandoc)")
        return chosen
    bundled = _bundled_pandoc()
    if bundled is not None:
        return str(bundled)
    try:  # pypandoc without its binary: it looks for a pandoc on the PATH
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError) as exc:
        raise ToolError("pandoc", "pandoc was not found; install it with "
                                  "'pip install pypandoc-binary'", stderr=str(exc)) from exc


def pandoc_command(source: Path, target: Path, reference: Path) -> list[str]:
    """The command that writes the DOCX ``target`` from the JSON AST ``source`` in the
    styles of ``reference``."""
    pandoc = pandoc_path()
    return [pandoc, *runtime_options(pandoc), "--from=json", "--to=docx",
            f"--reference-doc={reference}", f"--output={target}", str(source)]


# pypandoc-binary's pandoc asks its runtime for a 64 MB heap at start (it is linked with
# -with-rtsopts=-H64m), which the kernel hands over page by page at every run: most of
# the time pandoc takes for a short report, and more than a long one needs. Its old
# generation is left uncollected until it holds 64 MB (-O64m): a long report's pandoc
# otherwise stops several times to copy what it still holds, for a few MB more memory.
# The bytes it writes are the same. Only that binary is known to take runtime options:
# another pandoc may have been linked without them, and would refuse to run.
BUNDLED_RUNTIME_OPTIONS = ("+RTS", "-H8m", "-O64m", "-RTS")


def runtime_options(pandoc: str) -> tuple[str, ...]:
    """The runtime options given to the pandoc at ``pandoc``: the bundled one's, or none."""
    return BUNDLED_RUNTIME_OPTIONS if Path(pandoc) == _bundled_pandoc() else ()


@lru_cache(maxsize=1)
def _bundled_pandoc() -> Path | None:
    """The binary pypandoc-binary ships, found without importing pypandoc.

    Importing it costs a tenth of a second (it loads urllib and ssl to be able
    to download pandoc) and its search runs every pandoc it finds to compare
    versions; the bundled one is the one reportgen is tested with.
    """
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for name in ("pandoc", "pandoc.exe"):
            candidate = Path(folder) / "files" / name
            if candidate.is_file():
                return candidate
    return None


def _reference_docx(source_dir: Path, work: Path) -> Path:
    """The reference-docx folder zipped into a .docx, made once and kept.

    It is named after the hash of the folder's files, in the user cache
    (``usercache``), so every build and every worker reuses it and a changed
    house style makes a new one; it is checked against its digest before each
    use, and made again when damaged. Without a user cache (or one that cannot
    be written) it is made in ``work``, the temporary folder of this pandoc run.
    """
    digest = filememo.files_digest(source_dir, files_below(source_dir))
    folder = usercache.folder("reference-docx")
    if folder is not None:
        target = folder / f"{digest[:32]}.docx"
        if usercache.intact(target, "the zipped reference document", "it was made again"):
            return target
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # deleted meanwhile?
            build_reference_docx(source_dir, target)
            usercache.store_file(target)
            return target
        except OSError:
            pass
    target = work / "reference.docx"
    build_reference_docx(source_dir, target)
    return target


def write(document: Document, templates: TemplateSet) -> Written:
    return Written(render_docx(document, templates.find(REFERENCE)))


def inputs(templates: TemplateSet) -> list[Path]:
    """The parts of the reference document: its styles, headers and footers."""
    return files_below(templates.find(REFERENCE))


REFERENCE = "reference-docx"  # the template folder of the reference document's parts


def render_docx(document: Document, reference_dir: Path) -> bytes:
    """The document as a .docx: pandoc with the UN reference document, then docx_parts.

    pandoc writes the body; ``finish_docx`` fills in the masthead, the running headers
    and footers and the page size, and rewrites the zip reproducibly.
    """
    env = dict(os.environ)
    # Same inputs, same bytes: pandoc stamps the document with this date.
    env[epoch.EPOCH_VARIABLE] = str(epoch.issue_timestamp(document.masthead.issued))
    payload = pandoc_json(document).encode("utf-8")
    # pandoc reads and writes files, not pipes: feeding a pipe needs this process's
    # GIL, which the thread drawing the codes holds while it imports its libraries
    # (that made pandoc's run a quarter slower).
    with _pandoc_folder() as work:
        source, target = Path(work) / "document.json", Path(work) / "document.docx"
        reference = _reference_docx(reference_dir, Path(work))
        source.write_bytes(payload)
        command = pandoc_command(source, target, reference)
        # The barcode and QR code images are drawn meanwhile (pandoc runs in its own
        # process; this thread mostly waits for it).
        with ThreadPoolExecutor(max_workers=1) as side:
            images = side.submit(code_images, document.masthead)
            try:
                with meanwhile.waiting():
                    result = subprocess.run(command, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL,
                                            stderr=subprocess.PIPE, env=env, check=False)
            except OSError as exc:
                raise ToolError("pandoc", f"could not run pandoc: {exc.strerror}",
                                command) from exc
        _check_pandoc(result, command)
        stderr = result.stderr.decode("utf-8", "replace")
        try:
            written = target.read_bytes()
        except OSError as exc:
            raise ToolError("pandoc", "pandoc finished without writing the DOCX", command,
                            stderr) from exc
    finished = _finished(written, document, images.result(), command, stderr)
    return _contents_pages(finished, document) if _has_contents(document) else finished


def _contents_pages(data: bytes, document: Document) -> bytes:
    """The .docx with the page numbers of its contents as LibreOffice lays the file out.

    Computing them would mean laying out the pages: LibreOffice does it, once, on this
    very file (with its placeholders, of the width of two digits); each line of the
    contents is a link to its heading, which LibreOffice's PDF keeps with the page it
    points to. About 1.5 s, paid only by documents with a contents.
    """
    from reportgen.writers import libreoffice  # LibreOffice's helpers: only for a contents

    if libreoffice.find_soffice() is None:
        raise ToolError("libreoffice", "the page numbers of the contents are those of "
                                       "LibreOffice's layout of the DOCX, and LibreOffice "
                                       f"(soffice) was not found; {libreoffice.INSTALL_HINT}"
                                       " or set the document's contents to none")
    job = libreoffice.Job("contents", data, document.masthead.issued)
    links = link_pages(libreoffice.convert([job]).pdfs[0])
    names = [bookmark_name(entry.heading) for entry in document.contents]
    # A comparison's changed line shows its deleted words too: its label is not checked.
    labels = [[] if entry.revision or entry.tracked_label else [entry.label]
              for entry in document.contents]
    found = [text.split("\t")[1:2] for text, _ in links]
    if len(found) != len(labels) or any(
            label and label != seen for label, seen in zip(labels, found, strict=True)):
        raise ToolError("libreoffice", "LibreOffice's PDF of the DOCX does not link each line "
                                       "of the contents to its heading: their page numbers "
                                       "cannot be read from it")
    return set_contents_pages(data, {name: str(page) for name, (_, page)
                                     in zip(names, links, strict=True)})


# What finish_docx needs in pandoc's file besides a zip archive to read.
_PANDOC_PARTS = ("[Content_Types].xml", "word/document.xml")


def _finished(written: bytes, document: Document, images: CodeImages | None,
              command: list[str], stderr: str) -> bytes:
    """``finish_docx`` on pandoc's file; a ToolError naming pandoc when it wrote
    something else than a DOCX (a pandoc that exits 0 is not always right)."""
    problem = _not_a_docx(written)
    if problem is None:
        try:
            return finish_docx(written, document.masthead, images,
                               document.contents_columns if _has_contents(document) else "none",
                               document.tracking)
        except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as exc:
            problem = f"a part of it cannot be read ({exc})"
    raise ToolError("pandoc", f"pandoc exited without an error but what it wrote is not a "
                              f"DOCX: {problem}", command, stderr)


def _not_a_docx(data: bytes) -> str | None:
    """Why ``data`` is no DOCX pandoc could have written, or None."""
    if not data:
        return "the file is empty"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return f"not a zip archive (it starts with {data[:16]!r})"
    missing = [name for name in _PANDOC_PARTS if name not in names]
    return f"the zip archive has no {missing[0]}" if missing else None


def _pandoc_folder() -> tempfile.TemporaryDirectory[str]:
    """A private temporary folder for pandoc's input and output files."""
    try:
        return tempfile.TemporaryDirectory(prefix="reportgen-pandoc-")
    except OSError as exc:
        raise ToolError("pandoc", f"could not make a temporary folder for pandoc's files in "
                                  f"{tempfile.gettempdir()} ({exc.strerror}); set TMPDIR to "
                                  "a folder you can write to") from exc


def _check_pandoc(result: subprocess.CompletedProcess[bytes], command: list[str]) -> None:
    """A ToolError with pandoc's own message when it did not finish its work."""
    if result.returncode < 0:
        raise ToolError("pandoc", f"pandoc was stopped by signal {-result.returncode} "
                                  "before it finished", command,
                        result.stderr.decode("utf-8", "replace"))
    if result.returncode != 0:
        raise ToolError("pandoc", f"pandoc failed with exit code {result.returncode}",
                        command, result.stderr.decode("utf-8", "replace"))

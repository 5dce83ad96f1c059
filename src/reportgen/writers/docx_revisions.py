"""Tracked changes in the DOCX of a comparison: what pandoc does not write itself.

pandoc writes a Span of class ``insertion`` or ``deletion`` as ``w:ins`` or
``w:del`` around its runs, but it cannot mark a paragraph mark, a table row or
a line of a header. The writer leaves a marker where a whole paragraph or table
is inserted or deleted; here the markers become revisions of the paragraph mark
(``w:pPr/w:rPr/w:ins``) and of table rows (``w:trPr/w:ins``), the masthead's
changed lines become a deletion and an insertion, and every revision gets its
author, its date and an id of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reportgen.pipeline.tree import Revision, Tracking

# The authors pandoc is given; ``track_revisions`` puts the real names in their place.
WORDING = "reportgen-wording"
RENUMBERING = "reportgen-renumbering"
_PLACEHOLDER_DATE = "1970-01-01T00:00:00Z"

_PARAGRAPH_MARK = "<!--reportgen:paragraph-{}-->"
_ROW_MARK = "<!--reportgen:row-{}-->"
_TAGS = {"inserted": "ins", "deleted": "del"}


def revision_attributes(renumbered: bool) -> list[list[str]]:
    """The attributes of a tracked Span for pandoc."""
    return [["author", RENUMBERING if renumbered else WORDING], ["date", _PLACEHOLDER_DATE]]


def paragraph_mark(revision: Revision) -> str:
    """The marker, inside a paragraph, of a paragraph only one version has."""
    return _PARAGRAPH_MARK.format(revision)


def row_mark(revision: Revision) -> str:
    """The marker, inside its first cell, of a table row only one version has."""
    return _ROW_MARK.format(revision)


def _revision(revision: str) -> str:
    return f'<w:{_TAGS[revision]} w:id="0" w:author="{WORDING}" w:date="{_PLACEHOLDER_DATE}"/>'


# ------------------------------------------------------------- the body

_PARAGRAPH = re.compile(r"<w:p>(?:(?!</w:p>).)*?</w:p>", re.S)
_MARKED = re.compile(r"<!--reportgen:paragraph-(inserted|deleted)-->")
_ROW = re.compile(r"<w:tr>(?:(?!</w:tr>).)*?</w:tr>", re.S)
_MARKED_ROW = re.compile(r"<!--reportgen:row-(inserted|deleted)-->")


def mark_paragraphs(xml: str) -> str:
    """Each marked paragraph's mark tracked as inserted or deleted."""
    return _mark(xml, _PARAGRAPH, _MARKED, _on_paragraph_mark)


def mark_rows(xml: str) -> str:
    """Each marked table row tracked as inserted or deleted."""
    return _mark(xml, _ROW, _MARKED_ROW, _on_row)


def _mark(xml: str, element: re.Pattern[str], marker: re.Pattern[str],
          place: Callable[[str, str], str]) -> str:
    """Each ``element`` holding a ``marker``: the marker removed, its revision placed."""
    def one(match: re.Match[str]) -> str:
        found = marker.search(match.group(0))
        if found is None:
            return match.group(0)
        return place(marker.sub("", match.group(0)), _revision(found.group(1)))

    return element.sub(one, xml)


def _on_paragraph_mark(paragraph: str, mark: str) -> str:
    """The revision first in the paragraph mark's run properties (w:pPr/w:rPr)."""
    properties = paragraph.split("</w:pPr>", 1)[0] if "</w:pPr>" in paragraph else ""
    if "<w:rPr>" in properties:
        return paragraph.replace("<w:rPr>", "<w:rPr>" + mark, 1)
    if properties:
        return paragraph.replace("</w:pPr>", f"<w:rPr>{mark}</w:rPr></w:pPr>", 1)
    return paragraph.replace("<w:p>", f"<w:p><w:pPr><w:rPr>{mark}</w:rPr></w:pPr>", 1)


def _on_row(row: str, mark: str) -> str:
    """The revision last in the row's properties (w:trPr), after w:tblHeader."""
    if row.startswith("<w:tr><w:trPr>"):
        return row.replace("</w:trPr>", mark + "</w:trPr>", 1)
    return row.replace("<w:tr>", f"<w:tr><w:trPr>{mark}</w:trPr>", 1)


_REVISION = re.compile(r'<w:(ins|del) w:id="\d+" w:author="(reportgen-\w+)" w:date="[^"]*"')


def sign(parts: dict[str, str], tracking: Tracking) -> None:
    """Every revision of every part given its author, its date and an id of its own."""
    authors = {WORDING: tracking.author, RENUMBERING: tracking.renumbering_author}
    counter = iter(range(1, 1 << 30))

    def revision(match: re.Match[str]) -> str:
        author = _attribute(authors[match.group(2)])
        return (f'<w:{match.group(1)} w:id="{next(counter)}" w:author="{author}" '
                f'w:date="{tracking.date}"')

    for name in sorted(parts):
        parts[name] = _REVISION.sub(revision, parts[name])


def _attribute(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


# ------------------------------------------------------- headers, footers

_RUN = r"<w:r>(?:(?!</w:r>).)*?\{\{%s\}\}(?:(?!</w:r>).)*?</w:r>"


def mark_changed_values(xml: str, changed: list[str],
                        fill_old: Callable[[str], str]) -> str:
    """Each run of a header or footer that shows a changed value, as the old run deleted
    (filled in with the old values by ``fill_old``) and the run inserted.

    Runs inside a field's instruction are left as they are.
    """
    for name in changed:
        pattern = re.compile(_RUN % re.escape(name), re.S)

        def run(match: re.Match[str]) -> str:
            text = match.group(0)
            if "<w:instrText" in text or "<w:drawing" in text or "<w:pict" in text:
                return text
            deleted = fill_old(text).replace("<w:t>", "<w:delText>").replace(
                "<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
            return (f'<w:del w:id="0" w:author="{WORDING}" w:date="{_PLACEHOLDER_DATE}">'
                    f'{deleted}</w:del><w:ins w:id="0" w:author="{WORDING}" '
                    f'w:date="{_PLACEHOLDER_DATE}">{text}</w:ins>')

        xml = pattern.sub(run, xml)
    return xml


def track_revisions(xml: str) -> str:
    """document.xml with its markers turned into revisions of paragraphs and rows."""
    return mark_paragraphs(mark_rows(xml))


def track_further_edits(settings: str) -> str:
    """settings.xml with Track Changes on, so that a reviewer's own edits to the
    comparison are tracked too (``w:trackRevisions`` stands just before
    ``w:doNotTrackMoves`` in the schema's order)."""
    if "<w:trackRevisions" in settings:
        return settings
    for anchor in ("<w:doNotTrackMoves", "<w:defaultTabStop"):
        if anchor in settings:
            return settings.replace(anchor, "<w:trackRevisions/>" + anchor, 1)
    return settings.replace("</w:settings>", "<w:trackRevisions/></w:settings>", 1)

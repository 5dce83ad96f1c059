"""Tracked changes in the DOCX of a comparison: what pandoc does not write itself.

pandoc writes a Span of class ``insertion`` or ``deletion`` as ``w:ins`` or
``w:del`` around its runs, but it cannot mark a paragraph mark, a table row or
a line of a header. The writer leaves a marker where a whole paragraph or table
is inserted or deleted; here the markers become revisions of the paragraph mark
(``w:pPr/w:rPr/w:ins``) and of the rows (``w:trPr/w:ins``), the masthead's
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
_TABLE_MARK = "<!--reportgen:table-{}-->"
_TAGS = {"inserted": "ins", "deleted": "del"}


def revision_attributes(renumbered: bool) -> list[list[str]]:
    """The attributes of a tracked Span for pandoc."""
    return [["author", RENUMBERING if renumbered else WORDING], ["date", _PLACEHOLDER_DATE]]


def paragraph_mark(revision: Revision) -> str:
    """The marker, inside a paragraph, of a paragraph only one version has."""
    return _PARAGRAPH_MARK.format(revision)


def table_mark(revision: Revision) -> str:
    """The marker, just before a table, of a table only one version has."""
    return _TABLE_MARK.format(revision)


def _revision(revision: str) -> str:
    return f'<w:{_TAGS[revision]} w:id="0" w:author="{WORDING}" w:date="{_PLACEHOLDER_DATE}"/>'


# ------------------------------------------------------------- the body

_PARAGRAPH = re.compile(r"<w:p>(?:(?!</w:p>).)*?</w:p>", re.S)
_MARKED = re.compile(r"<!--reportgen:paragraph-(inserted|deleted)-->")
_TABLE = re.compile(r"<!--reportgen:table-(inserted|deleted)-->(.*?</w:tbl>)", re.S)


def mark_paragraphs(xml: str) -> str:
    """Each marked paragraph's mark tracked as inserted or deleted."""
    def paragraph(match: re.Match[str]) -> str:
        text = match.group(0)
        found = _MARKED.search(text)
        if found is None:
            return text
        text = _MARKED.sub("", text)
        mark = f"<w:rPr>{_revision(found.group(1))}</w:rPr>"
        if "<w:rPr>" in text.split("</w:pPr>", 1)[0] and "</w:pPr>" in text:
            return text.replace("<w:rPr>", "<w:rPr>" + _revision(found.group(1)), 1)
        if "</w:pPr>" in text:
            return text.replace("</w:pPr>", mark + "</w:pPr>", 1)
        return text.replace("<w:p>", f"<w:p><w:pPr>{mark}</w:pPr>", 1)

    return _PARAGRAPH.sub(paragraph, xml)


def mark_tables(xml: str) -> str:
    """Each row of a marked table tracked as inserted or deleted."""
    def table(match: re.Match[str]) -> str:
        row_mark = _revision(match.group(1))
        body = re.sub(r"<w:tr>(?!<w:trPr>)", "<w:tr><w:trPr></w:trPr>", match.group(2))
        return re.sub(r"(<w:tr>\s*<w:trPr>)", r"\1" + row_mark, body)

    return _TABLE.sub(table, xml)


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
    return mark_paragraphs(mark_tables(xml))

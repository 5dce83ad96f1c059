"""The document tree: what composition produces and every writer consumes.

The tree is deliberately small and format-neutral. Composition fills it in
without numbers; the numbering stage then sets ``label`` on headings and
``number`` on paragraphs. Writers never parse Markdown and never decide a
number: they only lay out what is here.

``to_json()`` gives the plain-data form that the typst template reads, so that
user text reaches typst as data and is never parsed as typst markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

# ---------------------------------------------------------------- inlines


@dataclass
class Text:
    """A run of plain text (already typographic: curly quotes, en dashes)."""

    value: str


@dataclass
class Emph:
    """Italic text."""

    children: list[Inline]


@dataclass
class Strong:
    """Bold text."""

    children: list[Inline]


@dataclass
class Note:
    """A footnote; numbered by the writer's page-layout engine, in order."""

    children: list[Inline]


@dataclass
class Ref:
    """A cross-reference as typed ("[[para:carriers]]"), before numbering resolves it.

    ``kind`` is the word the user chose ("paragraph", "paras", "recommendation",
    "chapter", "section", "item", "document") or "" to let the target decide;
    ``capital`` asks for "Paragraph" at the start of a sentence. Numbering
    replaces every Ref with Text, so writers never see one.
    """

    kind: str
    targets: list[str]
    source: str
    capital: bool = False
    location: Any = None  # errors.Location of the reference in the session file


@dataclass
class Inserted:
    """Words the new version has and the old one had not: a tracked insertion.

    Only a comparison of two versions (``pipeline.revisions``) makes them; ``renumbered``
    marks a change of number (a label, a reference) rather than of wording.
    """

    children: list[Inline]
    renumbered: bool = False


@dataclass
class Deleted:
    """Words of the old version that the new one dropped: a tracked deletion."""

    children: list[Inline]
    renumbered: bool = False


Inline = Text | Emph | Strong | Note | Ref | Inserted | Deleted
# A whole block (or list item) that only the new version has, or only the old one.
Revision = Literal["", "inserted", "deleted"]

# ----------------------------------------------------------------- blocks

HeadingLevel = Literal["chapter", "section", "subsection", "unnumbered", "recommendation",
                       "annex"]


@dataclass
class Heading:
    """A heading. ``label`` is "I.", "A.", "1." or "" once numbered.

    ``level`` "recommendation" is the "Recommendation 7" line that opens a
    recommendation; its label is the whole line and ``text`` is empty. ``level``
    "annex" starts an annex on a new page: its label ("Annex II", or "Annex" when the
    report has one) stands over its title, with ``original`` ("[Original: French]")
    between them at the right when the annex's language is not the report's.
    """

    level: HeadingLevel
    text: list[Inline]
    label: str = ""
    id: str | None = None
    number: int = 0  # chapters, recommendations: set by numbering, kept by draft parts
    # A heading whose number composition knows ("Draft resolution II", "Resolution 28/1"):
    # the family a reference cites it in, and the label it cites.
    family: str = ""
    cited: str = ""
    original: str = ""
    revision: Revision = ""
    tracked_label: list[Inline] = field(default_factory=list)  # the label's changes


@dataclass
class ListItem:
    """A subparagraph or agenda line: "(a) Opening of the meeting;".

    ``depth`` 1 sits one tab in, 2 two tabs in. ``label`` is set by the
    numbering stage for lettered items, or given (agenda item numbers).
    """

    text: list[Inline]
    depth: int = 1
    label: str = ""
    # (a) letter, (i) roman, a. letter-dot, i. roman-dot, • bullet, or a given label
    style: Literal["letter", "roman", "letter-dot", "roman-dot", "bullet", "given"] = "letter"
    revision: Revision = ""
    tracked_label: list[Inline] = field(default_factory=list)


@dataclass
class Paragraph:
    """A body paragraph. ``numbered`` ones get "1.", "2." … across the document."""

    text: list[Inline]
    numbered: bool = True
    number: str = ""
    items: list[ListItem] = field(default_factory=list)
    id: str | None = None
    # "operative": numbered 1., 2. … within its resolution, not in the report's sequence.
    sequence: Literal["", "operative"] = ""
    revision: Revision = ""
    tracked_number: list[Inline] = field(default_factory=list)  # the number's changes


@dataclass
class Table:
    """A table: header cells, body rows, each column's share of the text width and its
    alignment; ``label`` "Table 1" (set by numbering) when it has a ``title``."""

    header: list[list[Inline]]
    rows: list[list[list[Inline]]]
    widths: list[float]  # shares of the text width, summing to 1
    align: list[Literal["left", "right", "center"]]
    title: list[Inline] = field(default_factory=list)
    source: list[Inline] = field(default_factory=list)
    label: str = ""
    id: str | None = None
    revision: Revision = ""
    # A comparison's rows that only one version has (parallel to ``rows``; [] for none).
    row_revisions: list[Revision] = field(default_factory=list)
    tracked_label: list[Inline] = field(default_factory=list)


@dataclass
class ContentsEntry:
    """One line of the table of contents: a chapter, section or annex heading, and the
    first and last paragraph under it ("" for none), for the "Paragraphs" column."""

    level: Literal["chapter", "section", "annex"]
    label: str
    text: list[Inline]
    first: str = ""
    last: str = ""
    span: str = ""  # as the column prints them: "5", "1–4" (the language's range)
    heading: int = 0  # the index of its heading among the document's blocks
    revision: Revision = ""
    tracked_label: list[Inline] = field(default_factory=list)
    tracked_span: list[Inline] = field(default_factory=list)


Block = Heading | Paragraph | Table


@dataclass
class Masthead:
    """The first-page data of a UN document (its masthead and title block)."""

    symbol: str
    distribution: str  # "General", "Limited", "Restricted"
    date: str  # already formatted: "27 September 2017"
    original_language: str  # "English"
    organ: str
    title: str
    job_number: str = ""
    paper: Literal["a4", "letter"] = "a4"
    language: str = "en"
    language_tag: str = "en-US"  # the tag Word's spelling goes by: "fr-FR"
    body_line: str = ""  # L. drafts keep "Working Group on … / Vienna, 11–13 September 2017"
    subtitle: str = ""  # "Addendum" on the addenda of a draft report
    issued: str = ""  # ISO date of issue: reproducible timestamps inside the files
    language_letter: str = "E"  # "V.17-06793 (E)": the language of this version
    release_stamps: list[str] = field(default_factory=list)  # "270917": ddmmyy, first-page footer
    barcode_digits: str = ""  # "1706793": the job number as the Code 39 barcode encodes it
    qr_url: str = ""  # "https://undocs.org/CTOC/COP/WG.7/2017/5"
    # The fixed words of the first page, in the document's language (its language file).
    organization: str = ""  # "United Nations"
    distribution_line: str = ""  # "Distr.: General"
    original_line: str = ""  # "Original: English"
    recycle: str = ""  # "Please recycle": the name of the recycling logo's picture
    # The words of the table of contents: its title and the heads of its columns.
    contents_title: str = ""  # "Contents"
    contents_paragraphs: str = ""  # "Paragraphs"
    contents_page: str = ""  # "Page"
    # A translated version's language, under the date ("Français"); "" on the original.
    version: str = ""


@dataclass
class Tracking:
    """A comparison of two versions: who made the changes and when, and the old first page.

    ``title`` is the new title with its changes marked; ``body_line`` and ``subtitle``
    the lines of the body line and the subtitle, each a paragraph with its revision.
    """

    author: str
    date: str  # ISO 8601, as Word stores it: "2017-09-27T00:00:00Z"
    renumbering_author: str  # the author of changes of number only, to show or hide apart
    previous: Masthead
    title: list[Inline] = field(default_factory=list)
    body_line: list[Paragraph] = field(default_factory=list)
    subtitle: list[Paragraph] = field(default_factory=list)


@dataclass
class Document:
    """One output document: masthead plus numbered body."""

    masthead: Masthead
    blocks: list[Block] = field(default_factory=list)
    # "pages" or "paragraphs-and-pages" when the report opens with a table of contents.
    contents_columns: str = "none"
    contents: list[ContentsEntry] = field(default_factory=list)
    # Set on the document a comparison made: its blocks then carry revisions.
    tracking: Tracking | None = None
    # "fr" on the French version of a report whose session is in another language: its
    # files are named <symbol>.fr.<format>. "" on the original.
    language_version: str = ""


# ------------------------------------------------------------ plain data

# The inlines that hold others, by the "t" of their JSON (a Ref, Inserted or Deleted has
# none: the typst template is never given one).
_CONTAINERS: dict[type, str] = {Emph: "emph", Strong: "strong", Note: "note"}


def inlines_to_json(inlines: list[Inline]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in inlines:
        if type(node) is Text:  # (the exact type: a dispatch, not a chain of isinstance)
            out.append({"t": "text", "v": node.value})
        elif isinstance(node, (Emph, Strong, Note)):
            out.append({"t": _CONTAINERS[type(node)], "c": inlines_to_json(node.children)})
    return out


def block_to_json(block: Block) -> dict[str, Any]:
    if type(block) is Heading:
        return _heading_to_json(block)
    if type(block) is Table:
        return _table_to_json(block)
    return _paragraph_to_json(block)  # type: ignore[arg-type]


def _heading_to_json(block: Heading) -> dict[str, Any]:
    return {"type": "heading", "level": block.level, "label": block.label,
            "text": inlines_to_json(block.text), "original": block.original}


def _table_to_json(block: Table) -> dict[str, Any]:
    return {
        "type": "table",
        "label": block.label,
        "title": inlines_to_json(block.title),
        "header": [inlines_to_json(cell) for cell in block.header],
        "rows": [[inlines_to_json(cell) for cell in row] for row in block.rows],
        "widths": list(block.widths),
        "align": list(block.align),
        "source": inlines_to_json(block.source),
    }


def _paragraph_to_json(block: Paragraph) -> dict[str, Any]:
    return {
        "type": "paragraph",
        "number": block.number,
        "text": inlines_to_json(block.text),
        "items": [
            {"depth": item.depth, "label": item.label, "text": inlines_to_json(item.text)}
            for item in block.items
        ],
    }


# A block's JSON key: what ``block_to_json`` reads of the block, as a value that can key
# a dict. Blocks with equal keys have the same JSON (so a writer can keep the JSON's text
# by key); whatever ``block_to_json`` comes to read must be in its key too. Numbers go
# by their repr, which is their JSON: 1 and 1.0 and True are equal keys, not equal JSON.


def inlines_key(inlines: list[Inline]) -> tuple[Any, ...]:
    """What ``inlines_to_json`` reads of ``inlines``: each Text's value, each container's
    tag and its children's key (None for an inline that the JSON leaves out)."""
    return tuple([node.value if type(node) is Text else _container_key(node)
                  for node in inlines])


def _container_key(node: Inline) -> tuple[str, tuple[Any, ...]] | None:
    if isinstance(node, (Emph, Strong, Note)):
        return _CONTAINERS[type(node)], inlines_key(node.children)
    return None


def block_key(block: Block) -> tuple[Any, ...]:
    """What ``block_to_json`` reads of ``block`` (see above)."""
    if type(block) is Heading:
        return ("heading", block.level, block.label, inlines_key(block.text), block.original)
    if type(block) is Table:
        return _table_key(block)
    return _paragraph_key(block)  # type: ignore[arg-type]


def _paragraph_key(block: Paragraph) -> tuple[Any, ...]:
    return ("paragraph", block.number, inlines_key(block.text),
            tuple([(repr(item.depth), item.label, inlines_key(item.text))
                   for item in block.items]))


def _table_key(block: Table) -> tuple[Any, ...]:
    return ("table", block.label, inlines_key(block.title),
            tuple(map(inlines_key, block.header)),
            tuple(tuple(map(inlines_key, row)) for row in block.rows),
            tuple(map(repr, block.widths)), tuple(block.align), inlines_key(block.source))


def to_json(document: Document) -> dict[str, Any]:
    return {
        "masthead": masthead_to_json(document.masthead),
        "blocks": [block_to_json(b) for b in document.blocks],
        "contents": contents_to_json(document),
    }


def masthead_to_json(m: Masthead) -> dict[str, Any]:
    return {
        "symbol": m.symbol,
        "distribution": m.distribution,
        "date": m.date,
        "original_language": m.original_language,
        "organ": m.organ,
        "title": m.title,
        "job_number": m.job_number,
        "paper": m.paper,
        "language": m.language,
        "body_line": m.body_line,
        "subtitle": m.subtitle,
        "issued": m.issued,
        "language_letter": m.language_letter,
        "release_stamps": list(m.release_stamps),
        "barcode_digits": m.barcode_digits,
        "qr_url": m.qr_url,
        "organization": m.organization,
        "distribution_line": m.distribution_line,
        "original_line": m.original_line,
        "contents_title": m.contents_title,
        "contents_paragraphs": m.contents_paragraphs,
        "contents_page": m.contents_page,
        "version": m.version,
    }


def contents_to_json(document: Document) -> dict[str, Any]:
    return {
        "columns": document.contents_columns,
        "entries": [{"level": e.level, "label": e.label, "text": inlines_to_json(e.text),
                     "first": e.first, "last": e.last, "span": e.span, "heading": e.heading}
                    for e in document.contents],
    }


def plain_text(inlines: list[Inline]) -> str:
    """The text of inlines without formatting and without footnotes."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.value)
        elif isinstance(node, (Emph, Strong, Inserted)):
            parts.append(plain_text(node.children))
    return "".join(parts)


# ------------------------------------------------------- lossless plain data

_NODES = {cls.__name__: cls for cls in (Text, Emph, Strong, Note, Inserted, Deleted, Heading,
                                        ListItem, Paragraph, Table, ContentsEntry, Masthead,
                                        Tracking, Document)}


# A build keys each output on the repr of its document (outputs.cache): every node of
# the tree, every rebuild. A dataclass's repr guards against a node that contains itself,
# which a tree never does; the guard costs a quarter of the time, so the nodes print
# without it (the same text: the guard only wraps the generated function).
for _node_class in (*_NODES.values(), Ref):
    _node_class.__repr__ = getattr(_node_class.__repr__,  # type: ignore[method-assign]
                                   "__wrapped__", _node_class.__repr__)


def to_data(node: Any) -> Any:
    """A numbered tree as JSON-ready data, every field kept (``from_data`` reverses it).

    Unlike ``to_json`` (what the typst template reads), this is for storing a
    prepared document between builds. A numbered tree holds no ``Ref``.
    """
    if isinstance(node, list):
        return [to_data(item) for item in node]
    name = type(node).__name__
    if name in _NODES:
        return {"_": name, **{f.name: to_data(getattr(node, f.name)) for f in fields(node)}}
    return node


def from_data(data: Any) -> Any:
    """The tree ``to_data`` gave; raises KeyError/TypeError on data it did not write."""
    if isinstance(data, list):
        return [from_data(item) for item in data]
    if isinstance(data, dict):
        values = {key: from_data(value) for key, value in data.items() if key != "_"}
        return _NODES[data["_"]](**values)
    return data

"""Finish the .docx that pandoc wrote: fill in the masthead, headers and footers.

pandoc copies the header and footer parts of the reference document (with their
relationships and images) into every file it writes, and keeps ``w:titlePg`` and
``w:evenAndOddHeaders``; but it does not substitute anything in them (DESIGN.md).
So the reference parts carry placeholders such as ``{{symbol}}`` and this module,
run on pandoc's output, fills them in:

- the masthead (first-page header) and the running headers and footers get the
  document's values, XML-escaped (a symbol or organ name is user input);
- the barcode and QR code images are replaced by the document's own;
- the page size follows the paper (A4 in Vienna and Geneva, Letter in New York),
  and the table widths of the headers and footers follow the text column;
- a document without a job number (a draft part not yet given one) keeps the "Please
  recycle" logo and the QR code on its cover, without a job line or barcode;
- headings get the hanging indent and tab stops the UN types on each heading
  paragraph (its heading styles have none);
- footnotes get a tab after their reference, which hangs them on the text axis.

The zip is then rewritten in a fixed order with fixed timestamps, so the same
document always gives the same bytes (``docx_zip``).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from reportgen.pipeline import barcodes
from reportgen.pipeline.tree import Masthead, Tracking
from reportgen.writers import docx_revisions, docx_scripts, docx_zip
from reportgen.writers.reference_docx import CONTENT_TYPES

# Page sizes in twips (un-house-style.md §4.3).
PAGE_SIZES = {"a4": (11906, 16838), "letter": (12240, 15840)}

# The widths of the real (New York, Letter) header and footer tables were measured on
# a 9840 tw text column; on a narrower column the flexible cells give up the difference.
LETTER_TEXT_WIDTH = 9840
EMU_PER_TWIP = 635
EMU_PER_INCH = 914400

# The barcode is drawn at the 300 dpi of barcodes.code39_png, squeezed to this height: the
# bars of the UN's barcode font are a thin strip under the job number (§1.4).
BARCODE_DPI = 300
BARCODE_HEIGHT_EMU = int(0.2 * EMU_PER_INCH)

# Organ names longer than this do not fit on two lines of 20 pt in the organ cell
# (about 24 characters a line); they are set at 16 pt, as UNOV mastheads of the treaty
# bodies appear to be (§1.2: "about 14–16 pt bold"). Sizes in half-points, lines in twips.
ORGAN_LONG = 40
ORGAN_NORMAL = ("40", "390")  # XLarge: 20 pt on an exact 19.5 pt line
ORGAN_SMALL = ("32", "340")  # 16 pt on an exact 17 pt line

# Headings hang (un-house-style.md §4.2): "<TAB>I.<TAB>Title", the number right-aligned
# at 1022, the text and its wrapped lines at 1267. The real files set this on each heading
# paragraph, not in the styles; pandoc can only name a style, so it is added here.
HEADING_TABS = "".join(
    f'<w:tab w:val="{kind}" w:pos="{pos}"/>' for kind, pos in
    [("right", 1022), *(("left", p) for p in (1267, 1742, 2218, 2693, 3182, 3658, 4133, 4622,
                                              5098, 5573, 6048))])
HEADING_INDENT = '<w:ind w:left="1267" w:right="1260" w:hanging="1267"/>'
# H4 and H56 carry a right tab at 360 in the UN styles; it would catch the first tab.
HANGING_HEADINGS = {"HCh": "", "H1": "", "H23": "", "H4": '<w:tab w:val="clear" w:pos="360"/>',
                    "H56": '<w:tab w:val="clear" w:pos="360"/>'}

HEADER_FOOTER = re.compile(r"word/(header|footer)\d+\.xml")
FIRST_FOOTER = "word/footer3.xml"
PLACEHOLDER = re.compile(r"\{\{([a-z_.]+)\}\}")
COMMENT = re.compile(r"<!--.*?-->\s*", re.S)


@dataclass
class CodeImages:
    """The first-page footer's barcode and QR code, as the DOCX shows them (PNG)."""

    barcode: bytes
    qr: bytes


def code_images(masthead: Masthead) -> CodeImages | None:
    """The document's barcode and QR code images (without a job number, no barcode:
    ``b""``).

    Independent of pandoc's output, so the writer makes them while pandoc runs.
    """
    url = masthead.qr_url or barcodes.undocs_url(masthead.symbol)
    digits = masthead.barcode_digits
    # Drawn (importing python-barcode, segno and Pillow) only when the user cache
    # does not have them yet; a cover without a job number has no barcode.
    barcode = barcodes.cached("code39-png", digits,
                              lambda: _trimmed(barcodes.code39_png(digits))) \
        if masthead.job_number else b""
    return CodeImages(
        barcode=barcode,
        qr=barcodes.cached("qr-png", url, lambda: _trimmed(barcodes.qr_png(url))))


def finish_docx(data: bytes, masthead: Masthead, images: CodeImages | None,
                contents_columns: str = "none", tracking: Tracking | None = None) -> bytes:
    """pandoc's .docx with the document's masthead, headers, footers and page size.

    ``images`` are ``code_images(masthead)`` (the writer draws them while pandoc runs);
    ``contents_columns`` the columns of the contents, whose tab stops are set here;
    ``tracking`` that of a comparison, whose revisions are completed here.
    """
    parts = _unzip(data)
    # document.xml stays bytes: its edits are ASCII markup, and it is the largest part.
    body, text_width = _page_size(parts["word/document.xml"], masthead.paper)
    values = placeholder_values(masthead, text_width)
    if images is not None:
        _replace_image(parts, "qr.png", images.qr)
        if images.barcode:
            _replace_image(parts, "barcode.png", images.barcode)
            values.update(_barcode_extent(images.barcode))
    if not masthead.job_number:
        values.update(cover_without_job_number(parts))
    track = _value_tracker(tracking, values, text_width) if tracking is not None else None
    for name in [n for n in parts if HEADER_FOOTER.fullmatch(n)]:
        xml = _version_line(parts[name].decode("utf-8"), masthead.version)
        if track is not None:
            xml = track(xml)
        parts[name] = fill(xml, values).encode("utf-8")
    body = _table_widths(space_under_masthead(_hang_headings(body)), text_width)
    if contents_columns != "none":
        body = _contents_tabs(body, text_width, contents_columns)
    parts["word/document.xml"] = body
    _edit(parts, "word/footnotes.xml", _un_footnotes)
    _edit(parts, "word/styles.xml", lambda xml: _document_language(xml, masthead.language_tag))
    script = docx_scripts.script_of(masthead.language)
    if script is not None:  # Arabic right to left, the UN's fonts for Arabic and Chinese
        docx_scripts.finish_scripts(parts, script, text_width)
    if tracking is not None:
        _edit(parts, "word/document.xml", docx_revisions.track_revisions)
        _edit(parts, "word/settings.xml", docx_revisions.track_further_edits)
        _sign(parts, tracking)
    _drop_unused_media(parts)
    return docx_zip.archive(parts)


def _document_language(styles: str, tag: str) -> str:
    """The styles' default language: the one Word checks the spelling in."""
    return re.sub(r'(<w:docDefaults>.*?<w:lang\b[^>]*?\bw:val=")[^"]*"', rf'\g<1>{tag}"',
                  styles, count=1, flags=re.S)


_ORIGINAL_LINE = re.compile(r'<w:p>\s*<w:pPr>\s*<w:pStyle w:val="Original"/>')


def _version_line(xml: str, version: str) -> str:
    """A translated version's masthead: its language ("Français") over "Original: …", in
    a paragraph of its own (the original has none)."""
    found = _ORIGINAL_LINE.search(xml)
    if not version or found is None:
        return xml
    line = (f'<w:p><w:pPr><w:pStyle w:val="Original"/></w:pPr><w:r><w:t>'
            f'{_xml_escape(version)}</w:t></w:r></w:p>')
    return xml[:found.start()] + line + xml[found.start():]


def _value_tracker(tracking: Tracking, values: dict[str, str],
                   text_width: int) -> Callable[[str], str]:
    """What marks, in a header or footer of a comparison, its changed lines (the date,
    the symbol …) as the old line deleted and the new one inserted: the old values and
    the changed names worked out once for all the parts."""
    old = placeholder_values(tracking.previous, text_width)
    changed = [name for name, value in values.items()
               if old.get(name) != value and not name.startswith(_LAYOUT_VALUES)]
    old_values = {**values, **old}

    def track(xml: str) -> str:
        return docx_revisions.mark_changed_values(
            COMMENT.sub("", xml), changed, lambda run: fill(run, old_values))

    return track


# Placeholders of sizes and positions, not of words: never tracked.
_LAYOUT_VALUES = ("width.", "qr.", "barcode.", "organ.")


def _sign(parts: dict[str, bytes], tracking: Tracking) -> None:
    xml_parts = {name: data.decode("utf-8") for name, data in parts.items()
                 if name.startswith("word/") and name.endswith(".xml")}
    docx_revisions.sign(xml_parts, tracking)
    parts.update({name: text.encode("utf-8") for name, text in xml_parts.items()})


def cover_without_job_number(parts: dict[str, bytes]) -> dict[str, str]:
    """The first-page footer of a document not yet given a job number (a draft part):
    the "Please recycle" logo and the QR code, no job line, and a blank where the
    barcode goes, as tall as a barcode, so that the footer and the body above it are
    laid out as on a cover with one. Returns the barcode's placeholder values."""
    if FIRST_FOOTER in parts:
        xml = parts[FIRST_FOOTER].decode("utf-8")
        xml = _JOB_LINE.sub("", xml)
        parts[FIRST_FOOTER] = xml.encode("utf-8")
    _replace_image(parts, "barcode.png", _blank_png())
    return {"barcode.cx": str(BARCODE_HEIGHT_EMU), "barcode.cy": str(BARCODE_HEIGHT_EMU)}


# The runs of the job number, its language and the release stamps in footer3.xml.
_JOB_LINE = re.compile(r"<w:r>\s*<w:t>\{\{job_number\}\} \(\{\{language_letter\}\}\)</w:t>"
                       r"\s*</w:r>\s*<w:r>\s*<w:t xml:space=\"preserve\">\{\{release_stamps\}\}"
                       r"</w:t>\s*</w:r>")


def _blank_png() -> bytes:
    """One white pixel: the barcode's place on a cover without a job number."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (1, 1), 255).save(out, format="PNG")
    return out.getvalue()


# ------------------------------------------------------------------ values


def placeholder_values(m: Masthead, text_width: int = LETTER_TEXT_WIDTH) -> dict[str, str]:
    """Every placeholder of the reference headers and footers, as plain (unescaped) text."""
    head, slash, tail = m.symbol.partition("/")
    size, line = ORGAN_SMALL if len(m.organ) > ORGAN_LONG else ORGAN_NORMAL
    shrink = LETTER_TEXT_WIDTH - text_width
    return {
        "symbol": m.symbol,
        "symbol.head": head,
        "symbol.tail": slash + tail,
        "organ": m.organ,
        "organ.size": size,
        "organ.line": line,
        "distribution": m.distribution,
        "date": m.date,
        "original_language": m.original_language,
        # The first page's fixed words, in the document's language.
        "organization": m.organization,
        "distribution_line": m.distribution_line,
        "original_line": m.original_line,
        "recycle": m.recycle,
        "job_number": m.job_number,
        "language_letter": m.language_letter,
        # "V.17-06793 (E)    270917    280917": stamps follow after four spaces each.
        "release_stamps": "".join(f"    {stamp}" for stamp in m.release_stamps),
        "barcode.digits": m.barcode_digits,
        "qr.url": m.qr_url,
        # Table widths measured on the Letter column, adapted to this one.
        "width.masthead": str(9850 - shrink),
        "width.masthead_flex": str(3110 - shrink),
        "width.masthead_symbol": str(6466 - shrink),
        "width.masthead_organ": str(5227 - shrink),
        "width.half": str(text_width // 2),
        "width.footer_right": str(4920 - shrink),
        # The QR code's right edge on the right edge of the text column.
        "qr.x": str((8712 - shrink) * EMU_PER_TWIP),
        # Until the barcode is known (documents without a job number have none).
        "barcode.cx": "0",
        "barcode.cy": "0",
    }


def fill(xml: str, values: dict[str, str]) -> str:
    """Substitute ``{{name}}`` placeholders with XML-escaped values, in one pass.

    One pass means a value that itself contains "{{symbol}}" is left as typed. The
    template's comments go first: they explain the template, not the document.
    """
    xml = COMMENT.sub("", xml)

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"unknown placeholder {{{{{name}}}}} in the reference document")
        return _xml_escape(values[name])

    return PLACEHOLDER.sub(value, xml)


def _xml_escape(text: str) -> str:
    """Text for an XML attribute or element (xml.sax.saxutils would do the same, but
    importing it loads urllib, http and ssl: a tenth of the DOCX writer's start-up)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _barcode_extent(png: bytes) -> dict[str, str]:
    """The barcode's size on the page: its width at 300 dpi, a fixed height."""
    width_px = struct.unpack(">I", png[16:20])[0]  # the PNG header (IHDR) holds the size
    return {"barcode.cx": str(width_px * EMU_PER_INCH // BARCODE_DPI),
            "barcode.cy": str(BARCODE_HEIGHT_EMU)}


def _trimmed(png: bytes) -> bytes:
    """The image cropped to its dark modules.

    The UN's barcode starts flush with the job number above it, and its QR code fills
    its 1.93 cm square (the real file's image has no quiet zone): the white page
    around them is the quiet zone a reader needs.
    """
    from PIL import Image, ImageOps  # imported in the thread that draws while pandoc runs

    image = Image.open(io.BytesIO(png)).convert("L")
    box = ImageOps.invert(image).getbbox()
    if box:
        image = image.crop(box)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# ------------------------------------------------------------------- parts


def _page_size(body: bytes, paper: str) -> tuple[bytes, int]:
    """document.xml with the page size of the paper, and the width of the text column
    in twips."""
    width, height = PAGE_SIZES[paper]
    # The section properties close the body: the scans start at their first element.
    start = max(body.find(b"<w:pgSz"), 0)
    body = body[:start] + _PAGE_SIZE.sub(f'<w:pgSz w:w="{width}" w:h="{height}"/>'.encode(),
                                         body[start:])
    margins = _PAGE_MARGINS.search(body, max(body.find(b"<w:pgMar"), 0))
    left = right = 1200
    if margins:
        found = dict(re.findall(rb'w:(left|right)="(\d+)"', margins.group(0)))
        left, right = int(found.get(b"left", left)), int(found.get(b"right", right))
    return body, width - left - right


_PAGE_SIZE = re.compile(rb"<w:pgSz\b[^>]*/>")
_PAGE_MARGINS = re.compile(rb"<w:pgMar\b[^>]*/>")


def _replace_image(parts: dict[str, bytes], name: str, data: bytes) -> None:
    if f"word/media/{name}" in parts:
        parts[f"word/media/{name}"] = data


def _edit(parts: dict[str, bytes], name: str, change: Callable[[str], str]) -> None:
    if name in parts:
        parts[name] = change(parts[name].decode("utf-8")).encode("utf-8")


def _hang_headings(xml: bytes) -> bytes:
    """Give every heading paragraph the UN's hanging indent and tab stops."""
    return _HEADING_STYLE.sub(lambda match: match.group(1) + _HEADING_LAYOUT[match.group(2)],
                              xml)


_HEADING_STYLE = re.compile(
    rf'(<w:pPr>\s*<w:pStyle w:val="({"|".join(HANGING_HEADINGS)})"\s*/>)'.encode())
# What follows the style of each heading paragraph.
_HEADING_LAYOUT = {style.encode(): f"<w:tabs>{tabs}{HEADING_TABS}</w:tabs>{HEADING_INDENT}"
                   .encode() for style, tabs in HANGING_HEADINGS.items()}


# The session block of a draft (and the cover lines of a report that has them) under the
# masthead: the body starts right under the first-page header, so the Session line
# touched the 1.5 pt rule (1.4 pt apart in LibreOffice). In A/80/6 (Plan outline), as
# LibreOffice lays it out, its baseline is 23 pt under the rule: 230 tw before it.
SESSION_BEFORE = 230
_FIRST_SESSION = re.compile(rb'<w:body>\s*<w:p>\s*<w:pPr>\s*<w:pStyle w:val="Session"\s*/>')


def space_under_masthead(xml: bytes) -> bytes:
    """Space before the first paragraph of the body when it is a Session line."""
    found = _FIRST_SESSION.search(xml, max(xml.find(b"<w:body>"), 0))
    if found is None:
        return xml
    return b"".join([xml[:found.end()], f'<w:spacing w:before="{SESSION_BEFORE}"/>'.encode(),
                     xml[found.end():]])


# The contents (A/80/6 (Plan outline)): the page numbers right-aligned on the right
# margin, the paragraph ranges right-aligned CONTENTS_RANGE_END before it. No right
# indent: LibreOffice moves a tab stop beyond it to a line of its own (measured). Chapters
# and annexes hang like the headings (label right-aligned at 1022, text at 1267); sections
# one step in (label at 1267, text at 1742).
CONTENTS_RANGE_END = 700
CONTENTS_LEVELS = {
    "ContentsEntry1": ('<w:tab w:val="right" w:pos="1022"/><w:tab w:val="left" w:pos="1267"/>',
                       '<w:ind w:left="1267" w:hanging="1267"/>'),
    "ContentsEntry2": ('<w:tab w:val="left" w:pos="1267"/><w:tab w:val="left" w:pos="1742"/>',
                       '<w:ind w:left="1742" w:hanging="1742"/>')}
CONTENTS_STYLES = "|".join([*CONTENTS_LEVELS, "ContentsHead"])
TABLE_STYLE = "UNTable"


def _contents_tabs(xml: bytes, text_width: int, columns: str) -> bytes:
    """Tab stops of the contents lines, set from the width of the text column.

    With a "Paragraphs" column, the dot leader runs to the range, right-aligned before
    the page column; without it, to the page number on the right margin.
    """
    page = f'<w:tab w:val="right" w:pos="{text_width}"/>'
    if columns == "paragraphs-and-pages":
        numbers = (f'<w:tab w:val="right" w:leader="dot" '
                   f'w:pos="{text_width - CONTENTS_RANGE_END}"/>{page}')
        heads = f'<w:tab w:val="right" w:pos="{text_width - CONTENTS_RANGE_END}"/>{page}'
    else:
        numbers = f'<w:tab w:val="right" w:leader="dot" w:pos="{text_width}"/>'
        heads = page

    def layout(match: re.Match[bytes]) -> bytes:
        style = match.group(2).decode()
        if style == "ContentsHead":
            return match.group(1) + f"<w:tabs>{heads}</w:tabs>".encode()
        tabs, indent = CONTENTS_LEVELS[style]
        return match.group(1) + f"<w:tabs>{tabs}{numbers}</w:tabs>{indent}".encode()

    return re.sub(rf'(<w:pPr>\s*<w:pStyle w:val="({CONTENTS_STYLES})"\s*/>)'.encode(), layout,
                  xml)


def _table_widths(xml: bytes, text_width: int) -> bytes:
    """The grid of each UN table over the whole text width.

    pandoc sizes the columns of a table, shares of the width, on a page of its own
    (7920 tw); LibreOffice lays a fixed table out by its grid, so it is scaled here.
    """
    def table(match: re.Match[bytes]) -> bytes:
        body = match.group(0)
        if f'<w:tblStyle w:val="{TABLE_STYLE}"'.encode() not in body[:300]:
            return body
        grid = re.search(rb"<w:tblGrid>.*?</w:tblGrid>", body, re.S)
        if grid is None:
            return body
        widths = [int(w) for w in re.findall(rb'w:w="(\d+)"', grid.group(0))]
        total = sum(widths) or 1
        scaled = [round(w * text_width / total) for w in widths]
        scaled[-1] += text_width - sum(scaled)  # rounding: the grid fills the column exactly
        cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in scaled)
        return body[:grid.start()] + f"<w:tblGrid>{cols}</w:tblGrid>".encode() \
            + body[grid.end():]

    return re.sub(rb"<w:tbl>.*?</w:tblGrid>", table, xml, flags=re.S)


def _un_footnotes(xml: str) -> str:
    """Put a tab, not pandoc's space, between a footnote's reference and its text.

    With the hanging indent of the footnote style the text then starts on the text
    axis (1267 tw) and the reference just left of it; the separator rule starts on
    the axis too (Word; LibreOffice draws its own).
    """
    xml = re.sub(r'(<w:footnote [^>]*w:type="separator"[^>]*>\s*<w:p>)(?!\s*<w:pPr>)',
                 r'\1<w:pPr><w:ind w:left="1267"/></w:pPr>', xml)
    return re.sub(
        r"(<w:footnoteRef\s*/>\s*</w:r>)"  # the end of the run of the reference mark
        r"\s*<w:r>\s*(?:<w:rPr>(?:(?!</w:r>).)*?</w:rPr>)?\s*"  # pandoc's space after it
        r'<w:t xml:space="preserve"> </w:t>\s*</w:r>',
        r"\1<w:r><w:tab/></w:r>", xml, flags=re.S)


def _drop_unused_media(parts: dict[str, bytes]) -> None:
    """Remove images no relationship points to (and their content types)."""
    relationships = "".join(data.decode("utf-8") for name, data in parts.items()
                            if name.endswith(".rels"))
    unused = [name for name in parts if name.startswith("word/media/")
              and f'Target="media/{name.removeprefix("word/media/")}"' not in relationships]
    for name in unused:
        del parts[name]
    if unused and CONTENT_TYPES in parts:
        names = "|".join(re.escape(name) for name in unused)
        types = re.sub(rf'<Override PartName="/(?:{names})"[^>]*/>', "",
                       parts[CONTENT_TYPES].decode("utf-8"))
        parts[CONTENT_TYPES] = types.encode("utf-8")


# --------------------------------------------------------------------- zip


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


# ---------------------------------------------------------------- contents

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_KIDS = re.compile(rb"/Type\s*/Pages\b.*?/Kids\s*\[([^\]]*)\]", re.S)
_REF = re.compile(rb"(\d+) 0 R")
_LINK_DEST = re.compile(rb"/Rect\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]"
                        rb".*?/Contents\s*<([0-9A-Fa-f]*)>.*?/Dest\s*\[\s*(\d+) 0 R", re.S)


def link_pages(pdf: bytes) -> list[tuple[str, int]]:
    """The internal links of a PDF that LibreOffice wrote, in reading order (page by page,
    top to bottom): the text of each link and the page (from 1) it goes to.

    A line of the contents is one link in the DOCX; LibreOffice exports it as one link
    annotation a line of text, all with the same text and destination, so a link that
    repeats the one before it is dropped. (The order of a page's annotations is not the
    order of the text: they are sorted by their place on the page.) LibreOffice writes
    no object streams: its objects can be read as they stand (a PDF that has them gives
    no links).
    """
    objects = {int(number): body for number, body in _OBJECT.findall(pdf)}
    pages: list[int] = []
    for body in objects.values():
        kids = _KIDS.search(body)
        if kids and b"/Parent" not in body[:kids.start()]:
            pages = [int(ref) for ref in _REF.findall(kids.group(1))]
            break
    page_of = {number: index + 1 for index, number in enumerate(pages)}
    placed: list[tuple[int, float, float, str, int]] = []
    for number in pages:
        annots = re.search(rb"/Annots\s*\[([^\]]*)\]", objects.get(number, b""))
        for ref in _REF.findall(annots.group(1)) if annots else []:
            found = _LINK_DEST.search(objects.get(int(ref), b""))
            if found is None or int(found.group(6)) not in page_of:
                continue
            top, left = max(float(found.group(2)), float(found.group(4))), float(found.group(1))
            placed.append((page_of[number], -top, left, _pdf_text(found.group(5)),
                           page_of[int(found.group(6))]))
    links: list[tuple[str, int]] = []
    for *_, text, target in sorted(placed):
        if not links or links[-1] != (text, target):
            links.append((text, target))
    return links


def _pdf_text(hex_text: bytes) -> str:
    data = bytes.fromhex(hex_text.decode("ascii"))
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    return data.decode("latin-1")


# The cached result of a PAGEREF: one run (in an Arabic file, right to left: docx_scripts).
_PAGEREF = re.compile(r"( PAGEREF (_Toc\d+) \\h </w:instrText></w:r>"
                      r'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r>'
                      r"(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t(?: [^>]*)?>)[^<]*(</w:t>)")


def pageref_names(data: bytes) -> list[str]:
    """The bookmarks the contents' PAGEREF fields point to, in order."""
    xml = _unzip(data)["word/document.xml"].decode("utf-8")
    return [match.group(2) for match in _PAGEREF.finditer(xml)]


def set_contents_pages(data: bytes, pages: dict[str, str]) -> bytes:
    """The .docx with the cached result of each PAGEREF field to a bookmark of ``pages``
    set to its page (what Word shows until the field is updated)."""
    parts = _unzip(data)

    def page(match: re.Match[str]) -> str:
        return match.group(1) + _xml_escape(pages.get(match.group(2), "")) + match.group(3)

    _edit(parts, "word/document.xml", lambda xml: _PAGEREF.sub(page, xml))
    return docx_zip.archive(parts)

"""The DOCX of an Arabic or Chinese version: writing direction and the UN's fonts.

Run by ``docx_parts.finish_docx`` on pandoc's parts once the headers and footers are
filled in. A language without an entry in ``SCRIPTS`` (English, French, Russian,
Spanish) is left exactly as pandoc and the reference document made it.

Arabic (docs/languages.md, "Word files"):

- every paragraph is right to left: ``w:bidi`` in the document's default paragraph
  properties and in the styles based on no other, which every style and paragraph
  inherits; the section too. Word and LibreOffice read a
  bidi paragraph's indents, tab stops and alignment from its start (the right), so
  the paragraph numbers, the hanging headings and the title move to the right with
  no other change;
- runs of Arabic text are ``w:rtl`` (Latin words such as a symbol are runs of their
  own, left to right), with the complex-script sizes, bold and italic (``w:szCs``,
  ``w:bCs``, ``w:iCs``) equal to the Latin ones: Word sets right-to-left text by them;
- every table, in the body, the masthead and the running headers and footers, is laid
  out right to left (``w:bidiVisual``): the emblem and "الأمم المتحدة" at the right,
  the symbol at the left. The lines of the headers and footers that hold no Arabic
  (the symbol, the distribution block in English, the job line, the page numbers) stay
  left to right, aligned as the mirrored layout puts them; the QR code, which floats
  beyond the first-page footer's table at the right, gets a cell of its own there, so
  that mirrored it is at the left;
- the complex-script font is the UN's for Arabic.

Chinese: the East Asian font is the UN's for Chinese (the Latin one stays Times New
Roman), used also for the punctuation Chinese and Latin share (quotation marks), as
Word does for a run typed in Chinese (``w:hint="eastAsia"``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Script:
    """What the DOCX of a language needs beyond the reference document's styles."""

    right_to_left: bool = False
    complex_font: str = ""  # rFonts w:cs: the font of right-to-left (Arabic) text
    east_asian_font: str = ""  # rFonts w:eastAsia: the font of Chinese characters
    # The open font LibreOffice sets in its place when it renders the DOCX (a Debian
    # package .ci/run installs): fontconfig's own choice for Arabic is a sans-serif.
    stand_in: str = ""

    @property
    def font(self) -> str:
        """The UN font this script's text is set in."""
        return self.complex_font or self.east_asian_font


# The fonts of the UN's Word files in each language (sources: docs/languages.md).
SCRIPTS = {
    "ar": Script(right_to_left=True, complex_font="Simplified Arabic", stand_in="Amiri"),
    "zh": Script(east_asian_font="SimSun", stand_in="Noto Serif CJK SC"),
}


def stand_ins() -> dict[str, str]:
    """Each UN font the DOCX names and the open font that stands in for it."""
    return {script.font: script.stand_in for script in SCRIPTS.values() if script.stand_in}


# The letters of the Arabic script (Arabic, its supplement and extended blocks, the
# presentation forms).
ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC = re.compile(f"[{ARABIC}]")
# A stretch of Latin (or Cyrillic) text within Arabic: from a letter to the last letter
# or digit before the next Arabic letter ("CTOC/COP/WG.8/2016/2" in "(CTOC/…/2)."); the
# spaces and brackets around it belong to the Arabic text.
_LATIN_LETTER = "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_LATIN = re.compile(f"[{_LATIN_LETTER}](?:[^{ARABIC}]*[{_LATIN_LETTER}0-9])?")

# A paragraph, and a run of one text element, as pandoc and the reference parts write
# them (or Word, in a project's own reference document: with attributes such as w:rsidR).
_PARAGRAPH = re.compile(r"<w:p(?:\s[^>]*)?(?<!/)>(?:(?!</w:p>).)*?</w:p>", re.S)
_RUN = re.compile(r"<w:r(?:\s[^>]*)?(?<!/)>(\s*<w:rPr>(?:(?!</w:rPr>).)*?</w:rPr>)?\s*"
                  r"<w:t(?: [^>]*)?>([^<]*)</w:t>\s*</w:r>", re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")

# Where an element goes in its parent, by the schema's order: before the first of these.
_BIDI_BEFORE = ("adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
                "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
                "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
                "pPrChange")
_RTL_BEFORE = ("cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
_BIDI_VISUAL_BEFORE = ("tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
                       "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout",
                       "tblCellMar", "tblLook", "tblCaption", "tblDescription")
_SECTION_BIDI_BEFORE = ("rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def script_of(language: str) -> Script | None:
    """The script conventions of a language code ("ar"), or None for a Latin or
    Cyrillic one that needs nothing beyond the reference document."""
    return SCRIPTS.get(language)


def finish_scripts(parts: dict[str, bytes], script: Script, text_width: int) -> None:
    """Give pandoc's filled-in parts the direction and fonts of ``script`` (``text_width``:
    the text column's, in twips)."""
    _edit(parts, "word/styles.xml", lambda xml: styles(xml, script))
    if script.complex_font:
        _edit(parts, "word/fontTable.xml", lambda xml: _font_entry(xml, script.complex_font))
    if script.east_asian_font:
        _edit(parts, "word/fontTable.xml",
              lambda xml: _font_entry(xml, script.east_asian_font))
    if not script.right_to_left:
        return
    _edit(parts, "word/document.xml", lambda xml: _section_bidi(body(xml)))
    _edit(parts, "word/footnotes.xml", body)
    for name in [n for n in parts if re.fullmatch(r"word/(header|footer)\d+\.xml", n)]:
        _edit(parts, name, lambda xml: header_or_footer(_qr_cell(xml, text_width)))


# ----------------------------------------------------------------------- styles


def styles(xml: str, script: Script) -> str:
    """styles.xml with the script's fonts, and for a right-to-left script the default
    paragraph direction and the complex-script sizes of every style."""
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", xml, re.S)
    if defaults is None:
        return xml
    head, tail = xml[:defaults.end()], xml[defaults.end():]
    if script.east_asian_font:
        head = _rfonts(head, "eastAsia", script.east_asian_font, hint="eastAsia")
    if script.complex_font:
        head = _rfonts(head, "cs", script.complex_font)
        tail = re.sub(r'(<w:rFonts\b[^>]*?\bw:cs=")[^"]*"', rf'\g<1>{script.complex_font}"',
                      tail)
    if script.right_to_left:
        head = re.sub(r"<w:pPrDefault>\s*<w:pPr>(.*?)</w:pPr>",
                      lambda m: m.group(0).replace(m.group(1), _insert(
                          m.group(1), "<w:bidi/>", _BIDI_BEFORE)), head, count=1, flags=re.S)
        tail = _STYLE.sub(_root_style_bidi, tail)
        head, tail = complex_script_sizes(head), complex_script_sizes(tail)
    return head + tail


_STYLE = re.compile(r'<w:style\b[^>]*\bw:type="paragraph"[^>]*>.*?</w:style>', re.S)


def _root_style_bidi(match: re.Match[str]) -> str:
    """A paragraph style based on no other, right to left: the defaults say so already,
    but a reader that ignores them still finds it in every style's ancestry."""
    style = match.group(0)
    if "<w:basedOn " in style:
        return style
    if "<w:pPr>" not in style:
        at = style.find("<w:rPr>")
        at = at if at >= 0 else style.rindex("</w:style>")
        style = style[:at] + "<w:pPr></w:pPr>" + style[at:]
    start = style.index("<w:pPr>") + len("<w:pPr>")
    end = style.index("</w:pPr>", start)
    return style[:start] + _insert(style[start:end], "<w:bidi/>", _BIDI_BEFORE) + style[end:]


def _rfonts(xml: str, attribute: str, font: str, hint: str = "") -> str:
    """The default run fonts (in docDefaults) with ``attribute`` set to ``font``."""
    def change(match: re.Match[str]) -> str:
        tag = re.sub(rf'\s+w:{attribute}="[^"]*"', "", match.group(0))
        tag = re.sub(r'\s+w:hint="[^"]*"', "", tag) if hint else tag
        extra = f' w:hint="{hint}"' if hint else ""
        return tag.replace("<w:rFonts", f'<w:rFonts{extra} w:{attribute}="{font}"', 1)

    return re.sub(r"<w:rFonts\b[^>]*/>", change, xml, count=1)


def _font_entry(xml: str, font: str) -> str:
    """fontTable.xml naming ``font`` (Word lists every font the styles use)."""
    if f'w:name="{font}"' in xml:
        return xml
    return xml.replace("</w:fonts>", f'<w:font w:name="{font}"/></w:fonts>', 1)


def complex_script_sizes(xml: str) -> str:
    """Every run property's size, bold and italic also for complex-script text.

    Word sets a right-to-left run in its ``w:szCs``, ``w:bCs`` and ``w:iCs``: without
    them an Arabic heading would be set at the default 10 pt, neither bold nor italic.
    """
    xml = re.sub(r'<w:sz w:val="(\d+)"\s*/>(?!\s*<w:szCs\b)',
                 r'<w:sz w:val="\1"/><w:szCs w:val="\1"/>', xml)
    return re.sub(r'<w:(b|i)((?: w:val="[^"]*")?)\s*/>(?!\s*<w:\1Cs\b)',
                  r'<w:\1\2/><w:\1Cs\2/>', xml)


# -------------------------------------------------------------- body and notes


def body(xml: str) -> str:
    """The body (or the footnotes), its paragraphs right to left by default: Arabic runs
    marked right to left, every table laid out right to left."""
    return _bidi_visual(_rtl_runs(complex_script_sizes(xml)))


def _rtl_runs(xml: str) -> str:
    """Each run split where Latin text starts and ends; the Arabic parts ``w:rtl``."""
    def split(match: re.Match[str]) -> str:
        properties, text = match.group(1) or "", match.group(2)
        inner = re.sub(r"^\s*<w:rPr>|</w:rPr>$", "", properties.strip())
        out = []
        for piece, latin in _pieces(_unescape(text)):
            rpr = inner if latin else _insert(inner, "<w:rtl/>", _RTL_BEFORE)
            rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
            out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{_escape(piece)}</w:t></w:r>')
        return "".join(out)

    return _RUN.sub(split, xml)


def _pieces(text: str) -> list[tuple[str, bool]]:
    """The text cut into its Latin stretches and the rest: (piece, is Latin)."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for found in _LATIN.finditer(text):
        if found.start() > at:
            pieces.append((text[at:found.start()], False))
        pieces.append((found.group(0), True))
        at = found.end()
    if at < len(text) or not pieces:
        pieces.append((text[at:], False))
    return pieces


def _bidi_visual(xml: str) -> str:
    """Every table laid out right to left: its first column at the right."""
    return re.sub(r"<w:tblPr>(.*?)</w:tblPr>",
                  lambda m: "<w:tblPr>" + _insert(m.group(1), "<w:bidiVisual/>",
                                                  _BIDI_VISUAL_BEFORE) + "</w:tblPr>",
                  xml, flags=re.S)


def _section_bidi(xml: str) -> str:
    """The section right to left (Word's "Section direction"), as Arabic files have it."""
    return re.sub(r"(<w:sectPr\b[^>]*>)(.*?)(</w:sectPr>)",
                  lambda m: m.group(1) + _insert(m.group(2), "<w:bidi/>",
                                                 _SECTION_BIDI_BEFORE) + m.group(3),
                  xml, flags=re.S)


# ------------------------------------------------------------ headers, footers


def header_or_footer(xml: str) -> str:
    """A header or footer mirrored: its tables right to left; its lines with Arabic
    right to left, the others (symbol, distribution block, job line, page numbers) left
    to right with their alignment mirrored, so that each stays on its cell's outer side.
    """
    def paragraph(match: re.Match[str]) -> str:
        p = match.group(0)
        text = "".join(_TEXT.findall(p))
        if not text.strip() or _ARABIC.search(text):
            return p
        return _left_to_right(p)

    return _bidi_visual(_rtl_runs(complex_script_sizes(_PARAGRAPH.sub(paragraph, xml))))


# The QR code of the first-page footer: a picture floating from the job line's cell to
# the right edge of the text column, beyond the footer's table.
_QR_RUN = re.compile(r"<w:r>\s*<w:drawing>\s*<wp:anchor\b(?:(?!</wp:anchor>).)*?"
                     r'<wp:docPr [^>]*name="QR code"(?:(?!</wp:anchor>).)*</wp:anchor>\s*'
                     r"</w:drawing>\s*</w:r>", re.S)
_OFFSET_H = re.compile(r'(<wp:positionH relativeFrom=")column("\s*>\s*<wp:posOffset>)-?\d+')


def _qr_cell(xml: str, text_width: int) -> str:
    """The first-page footer with its QR code in a cell of its own, at the table's end.

    Mirrored, the table's last cell is at the left edge of the text column, where the QR
    code goes: there it floats from that cell's own edge, and Word and LibreOffice,
    which may measure a picture's offset in a right-to-left cell from different sides,
    put it in the same place (the cell is as wide as the code).
    """
    qr = _QR_RUN.search(xml)
    table = next((t for t in re.finditer(r"<w:tbl>.*?</w:tbl>", xml, re.S)
                  if qr is not None and t.start() < qr.start() < t.end()), None)
    if qr is None or table is None:
        return xml
    run = _OFFSET_H.sub(r"\g<1>column\g<2>0", qr.group(0), count=1)
    body = table.group(0).replace(qr.group(0), "")
    used = sum(int(width) for width in re.findall(r'<w:gridCol w:w="(\d+)"', body))
    width = max(text_width - used, 0)
    body = body.replace("</w:tblGrid>", f'<w:gridCol w:w="{width}"/></w:tblGrid>', 1)
    cell = (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
            f'<w:pStyle w:val="Footer"/></w:pPr>{run}</w:p></w:tc>')
    end = body.rindex("</w:tr>")
    return xml[:table.start()] + body[:end] + cell + body[end:] + xml[table.end():]


def _left_to_right(paragraph: str) -> str:
    """A paragraph without Arabic: left to right, and aligned to the other side."""
    if "<w:pPr>" not in paragraph:
        opening = paragraph.index(">") + 1
        paragraph = paragraph[:opening] + "<w:pPr></w:pPr>" + paragraph[opening:]
    start = paragraph.index("<w:pPr>") + len("<w:pPr>")
    end = paragraph.index("</w:pPr>", start)
    properties = paragraph[start:end]
    found = re.search(r'<w:jc w:val="(\w+)"\s*/>', properties)
    side = found.group(1) if found else "left"
    mirrored = {"left": "right", "start": "right", "right": "left", "end": "left"}.get(side)
    if mirrored is not None:
        jc = f'<w:jc w:val="{mirrored}"/>'
        properties = (properties.replace(found.group(0), jc) if found
                      else _insert(properties, jc, _BIDI_BEFORE[_BIDI_BEFORE.index("jc") + 1:]))
    properties = _insert(properties, '<w:bidi w:val="0"/>', _BIDI_BEFORE)
    return paragraph[:start] + properties + paragraph[end:]


# ------------------------------------------------------------------------ help


def _insert(properties: str, element: str, before: tuple[str, ...]) -> str:
    """``element`` put into a property list (the inside of a pPr, rPr, tblPr …) where the
    schema orders it: before the first of the elements ``before``, else at the end."""
    found = re.search(rf"<w:(?:{'|'.join(before)})\b", properties)
    at = found.start() if found else len(properties.rstrip()) if properties.strip() else 0
    return properties[:at] + element + properties[at:]


_ENTITIES = {"lt": "<", "gt": ">", "quot": '"', "apos": "'", "amp": "&"}


def _unescape(text: str) -> str:
    """The characters of an element's XML text (its entities read)."""
    def entity(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return _ENTITIES.get(name, match.group(0))

    return re.sub(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);", entity, text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _edit(parts: dict[str, bytes], name: str, change: Callable[[str], str]) -> None:
    if name in parts:
        parts[name] = change(parts[name].decode("utf-8")).encode("utf-8")

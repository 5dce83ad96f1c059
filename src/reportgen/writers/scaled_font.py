"""The PDF's text font: Liberation Serif scaled horizontally to 103 %, as Word sets UN text.

The UN's Normal style scales every glyph to 103 % of its width (``w:w="103"``,
un-house-style.md §4.1); typst cannot scale text horizontally. So that a line of
the PDF holds the words a line of the DOCX holds, the PDF uses a font derived
from the bundled Liberation Serif whose outlines, advance widths, kerning and mark
positions are 103 % as wide.

The four faces are made once by this module with fontTools (a development
dependency) and ship in ``reportgen/fonts/`` beside the originals, so that a
build neither needs fontTools nor spends the seconds the derivation takes:

    python -m reportgen.writers.scaled_font     # rewrites src/reportgen/fonts/ReportgenSerif-*

The SIL Open Font License reserves the name "Liberation" for the original fonts:
the derived font is named "Reportgen Serif", is under the same licence
(``fonts/LICENSE-LiberationSerif.txt``) and keeps the original's copyright and
licence notices in its name table. Its hinting is dropped (the instructions
would no longer fit the outlines; a PDF does not need them). The same source
gives the same bytes: the font's dates are the original's.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

FAMILY = "Reportgen Serif"
SCALE = 1.03
# The bundled faces, by the style name each keeps.
FACES = {"Regular": "LiberationSerif-Regular.ttf", "Bold": "LiberationSerif-Bold.ttf",
         "Italic": "LiberationSerif-Italic.ttf", "Bold Italic": "LiberationSerif-BoldItalic.ttf"}
# Table entries holding horizontal distances, in GPOS value records and anchors.
_HORIZONTAL = ("XPlacement", "XAdvance", "XCoordinate")
# Tables of TrueType hinting, which the scaled outlines no longer fit.
_HINTING = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX")


def file_name(style: str) -> str:
    """The file of a derived face: ``ReportgenSerif-BoldItalic.ttf``."""
    return f"ReportgenSerif-{style.replace(' ', '')}.ttf"


def write_fonts(folder: Path) -> list[Path]:
    """Derive the four faces from the Liberation Serif in ``folder``, beside it."""
    written = []
    for style, source in FACES.items():
        target = folder / file_name(style)
        target.write_bytes(scaled(folder / source, style))
        written.append(target)
    return written


def scaled(path: Path, style: str, scale: float = SCALE) -> bytes:
    """The TrueType font at ``path``, ``scale`` times as wide, renamed (see the module)."""
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), recalcTimestamp=False)
    glyphs = font.getGlyphSet()
    glyf, hmtx = font["glyf"], font["hmtx"]
    outlines = {}
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, 1, 0, 0)))
        outlines[name] = pen.glyph()  # composite glyphs come out decomposed
    for name, glyph in outlines.items():
        glyf[name] = glyph
        glyph.recalcBounds(glyf)
        advance, _ = hmtx[name]
        hmtx[name] = (round(advance * scale), getattr(glyph, "xMin", 0))
    for table in _HINTING:
        if table in font:
            del font[table]
    if "GPOS" in font:
        _scale_horizontal(font["GPOS"].table, scale)
    if "kern" in font:
        for subtable in font["kern"].kernTables:
            subtable.kernTable = {pair: round(value * scale)
                                  for pair, value in subtable.kernTable.items()}
    font["OS/2"].xAvgCharWidth = round(font["OS/2"].xAvgCharWidth * scale)
    _rename(font, style)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _scale_horizontal(table: Any, scale: float, seen: set[int] | None = None) -> None:
    """Scale every horizontal distance (value records, anchors) in a GPOS table."""
    seen = set() if seen is None else seen
    if id(table) in seen:
        return
    seen.add(id(table))
    if isinstance(table, list | tuple):
        for item in table:
            _scale_horizontal(item, scale, seen)
        return
    attributes = getattr(table, "__dict__", None)
    if not attributes:
        return
    for key, value in list(attributes.items()):
        if key in _HORIZONTAL and isinstance(value, int):
            setattr(table, key, round(value * scale))
        elif not isinstance(value, int | str | float | bytes):
            _scale_horizontal(value, scale, seen)


def _rename(font: Any, style: str) -> None:
    """The derived font's names: "Reportgen Serif", never the reserved "Liberation"."""
    names = font["name"]
    version = names.getDebugName(5) or ""
    postscript = f"ReportgenSerif-{style.replace(' ', '')}"
    values = {
        1: FAMILY, 2: style, 3: f"{postscript};{version}", 4: f"{FAMILY} {style}",
        6: postscript, 16: FAMILY, 17: style,
        10: f"Liberation Serif scaled horizontally to {round(SCALE * 100)} % by reportgen",
    }
    for record in list(names.names):
        if record.nameID in values or record.nameID in (18, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, text in values.items():
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)


if __name__ == "__main__":
    fonts = Path(__file__).resolve().parent.parent / "fonts"
    for written in write_fonts(Path(sys.argv[1]) if len(sys.argv) > 1 else fonts):
        print(written)

"""The PDF's font: the bundled Liberation Serif at 103 % (writers/scaled_font.py)."""

from __future__ import annotations

import pytest

from reportgen.writers import pdf as pdf_writer
from reportgen.writers import scaled_font

ttLib = pytest.importorskip("fontTools.ttLib")
FONTS = pdf_writer.bundled_font_dir()


@pytest.mark.parametrize("style", list(scaled_font.FACES))
def test_every_advance_width_is_103_percent_of_liberation_serif(style: str) -> None:
    original = ttLib.TTFont(str(FONTS / scaled_font.FACES[style]))
    derived = ttLib.TTFont(str(FONTS / scaled_font.file_name(style)))
    assert derived.getGlyphOrder() == original.getGlyphOrder()
    widths = original["hmtx"].metrics
    for name, (advance, _) in derived["hmtx"].metrics.items():
        assert advance == round(widths[name][0] * 1.03), name
    # Heights are Liberation's: only the widths change (Word's w:w scales horizontally).
    assert derived["hhea"].ascent == original["hhea"].ascent
    assert derived["hhea"].descent == original["hhea"].descent
    # "a" is 909 units wide in Liberation Serif (2048 to the em): 936 at 103 %.
    if style == "Regular":
        assert derived["hmtx"]["a"][0] == 936


def test_the_derived_font_is_not_called_liberation() -> None:
    """The SIL Open Font License reserves "Liberation": the names that identify the font
    say "Reportgen Serif"; the copyright and licence notices stay."""
    for style in scaled_font.FACES:
        names = ttLib.TTFont(str(FONTS / scaled_font.file_name(style)))["name"]
        for name_id in (1, 3, 4, 6, 16):
            assert "Liberation" not in (names.getDebugName(name_id) or ""), (style, name_id)
        assert names.getDebugName(16) == "Reportgen Serif"
        assert names.getDebugName(17) == style
        assert "Open Font License" in (names.getDebugName(13) or "")
        assert "Liberation Serif" in (names.getDebugName(10) or "")


def test_the_shipped_face_is_what_the_derivation_makes() -> None:
    """The fonts in reportgen/fonts are this module's output: rerun it after a change."""
    fresh = scaled_font.scaled(FONTS / scaled_font.FACES["Regular"], "Regular")
    shipped = (FONTS / scaled_font.file_name("Regular")).read_bytes()
    assert fresh == shipped, "run: python -m reportgen.writers.scaled_font"

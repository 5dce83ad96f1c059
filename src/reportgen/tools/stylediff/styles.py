"""Paragraph styles for ``reportgen style-diff``: effective values, as the report shows them.

For each paragraph style, matched by styleId, its *effective* properties after the
``w:basedOn`` chain and the document defaults are resolved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from reportgen.tools.stylediff.reading import _W, MISSING, _on, w

STYLE_PROPERTIES = ("name", "font", "size", "bold", "italic", "scale", "charSpacing", "line",
                    "before", "after", "ind.left", "ind.right", "ind.firstLine", "ind.hanging",
                    "jc", "tabs", "keepNext", "keepLines", "outlineLvl", "suppressAutoHyphens")
_TAB_LETTERS = {"left": "L", "start": "L", "right": "R", "end": "R", "center": "C",
                "decimal": "D", "bar": "B", "num": "N"}
_JC_ALIASES = {"start": "left", "end": "right"}


def _scaled(value: object, divisor: float, unit: str = " pt") -> str:
    """A measure for display: ``_scaled("20", 2)`` -> "10 pt"; odd input shown as it is."""
    try:
        return f"{float(str(value)) / divisor:g}{unit}"
    except ValueError:
        return f"{value}?"


class StyleSheet:
    """The paragraph styles of one ``styles.xml``, with effective-value resolution."""

    def __init__(self, root: ET.Element | None, theme_fonts: dict[str, str] | None = None):
        self.theme_fonts = theme_fonts or {}
        self.styles: dict[str, ET.Element] = {}
        self.defaults: list[ET.Element] = []
        if root is None:
            return
        for style in root.iter(w("style")):
            if style.get(w("type"), "paragraph") == "paragraph":
                self.styles[style.get(w("styleId"), "")] = style
        for path in ("w:rPrDefault/w:rPr", "w:pPrDefault/w:pPr"):
            found = root.find(f"w:docDefaults/{path}", {"w": _W})
            if found is not None:
                self.defaults.append(found)

    def chain(self, style_id: str) -> list[ET.Element]:
        """The style and its ancestors through ``w:basedOn``, root first; cycles cut."""
        chain: list[ET.Element] = []
        current: str | None = style_id
        while current in self.styles and self.styles[current] not in chain:
            style = self.styles[current]
            chain.insert(0, style)
            based = style.find(w("basedOn"))
            current = based.get(w("val")) if based is not None else None
        return chain

    def effective(self, style_id: str) -> dict[str, str]:
        """Display values of every property in STYLE_PROPERTIES for one paragraph style."""
        values = _Values()
        for element in self.defaults:
            values.apply(element, self.theme_fonts)
        for style in self.chain(style_id):
            for tag in ("pPr", "rPr"):
                found = style.find(w(tag))
                if found is not None:
                    values.apply(found, self.theme_fonts)
        name = self.styles[style_id].find(w("name"))
        shown = values.display()
        shown["name"] = name.get(w("val"), "") if name is not None else MISSING
        return shown


@dataclass
class _Values:
    """Raw property values collected while walking docDefaults and a basedOn chain."""

    raw: dict[str, str | bool] = field(default_factory=dict)
    tabs: dict[int, str] = field(default_factory=dict)

    def apply(self, props: ET.Element, theme_fonts: dict[str, str]) -> None:
        """Overlay one ``w:pPr`` or ``w:rPr``: later (more specific) values win."""
        self._fonts(props.find(w("rFonts")), theme_fonts)
        self._vals(props, {"sz": "size", "w": "scale", "outlineLvl": "outlineLvl", "jc": "jc"})
        for tag in ("b", "i", "keepNext", "keepLines", "suppressAutoHyphens"):
            key = {"b": "bold", "i": "italic"}.get(tag, tag)
            state = _on(props.find(w(tag)))
            if state is not None:
                self.raw[key] = state
        spacing = props.find(w("spacing"))
        if spacing is not None and props.tag == w("rPr"):
            self.raw["charSpacing"] = spacing.get(w("val"), "0")
        elif spacing is not None:
            self._paragraph_spacing(spacing)
        self._indents(props.find(w("ind")))
        self._tabs(props.find(w("tabs")))

    def _fonts(self, fonts: ET.Element | None, theme_fonts: dict[str, str]) -> None:
        if fonts is None:
            return
        theme = fonts.get(w("asciiTheme"))
        if theme:  # the theme attribute wins over w:ascii on the same element
            self.raw["font"] = theme_fonts.get(theme, f"theme {theme}")
        elif fonts.get(w("ascii")):
            self.raw["font"] = fonts.get(w("ascii"), "")

    def _vals(self, props: ET.Element, tags: dict[str, str]) -> None:
        for tag, key in tags.items():
            found = props.find(w(tag))
            if found is not None and found.get(w("val")) is not None:
                self.raw[key] = found.get(w("val"), "")

    def _paragraph_spacing(self, spacing: ET.Element) -> None:
        for attribute in ("before", "after"):
            if spacing.get(w(attribute)) is not None:
                self.raw[attribute] = spacing.get(w(attribute), "0")
        if spacing.get(w("line")) is not None:  # lineRule defaults to auto with its line
            self.raw["line"] = spacing.get(w("line"), "240")
            self.raw["lineRule"] = spacing.get(w("lineRule"), "auto")

    def _indents(self, ind: ET.Element | None) -> None:
        if ind is None:
            return
        for key, names in (("ind.left", ("left", "start")), ("ind.right", ("right", "end"))):
            for attribute in names:
                if ind.get(w(attribute)) is not None:
                    self.raw[key] = ind.get(w(attribute), "0")
        first, hanging = ind.get(w("firstLine")), ind.get(w("hanging"))
        if first is not None or hanging is not None:  # one property: either resets the other
            self.raw["ind.firstLine"] = "0" if hanging is not None else first or "0"
            self.raw["ind.hanging"] = hanging or "0"

    def _tabs(self, tabs: ET.Element | None) -> None:
        if tabs is None:
            return
        for tab in tabs.findall(w("tab")):
            text = tab.get(w("pos"), "0")
            position = int(text) if text.lstrip("-").isdigit() else 0
            kind = tab.get(w("val"), "left")
            if kind == "clear":
                self.tabs.pop(position, None)
                continue
            leader = tab.get(w("leader"), "none")
            letter = _TAB_LETTERS.get(kind, kind)
            self.tabs[position] = letter + ("" if leader == "none" else f"({leader})")

    def display(self) -> dict[str, str]:
        """Every property as the text the report prints, with Word's defaults filled in."""
        raw = self.raw
        onoff = {True: "on", False: "off"}
        level = str(raw.get("outlineLvl", "9"))
        shown = {
            "font": str(raw.get("font", "(unset)")),
            "size": _scaled(raw.get("size", "20"), 2),
            "scale": f"{raw.get('scale', '100')} %",
            "charSpacing": _scaled(raw.get("charSpacing", "0"), 20),
            "line": _line(str(raw.get("line", "240")), str(raw.get("lineRule", "auto"))),
            "jc": _JC_ALIASES.get(str(raw.get("jc", "left")), str(raw.get("jc", "left"))),
            "tabs": " ".join(f"{kind}{pos}" for pos, kind in sorted(self.tabs.items())) or "none",
            "outlineLvl": "body" if level == "9" else level,
        }
        for key in ("before", "after"):
            shown[key] = _scaled(raw.get(key, "0"), 20)
        for key in ("ind.left", "ind.right", "ind.firstLine", "ind.hanging"):
            shown[key] = str(raw.get(key, "0"))
        for key in ("bold", "italic", "keepNext", "keepLines", "suppressAutoHyphens"):
            shown[key] = onoff[bool(raw.get(key, False))]
        return shown


def _line(line: str, rule: str) -> str:
    """Line spacing for display: "12 pt exact", "12 pt atLeast" or "1.08 lines auto"."""
    if rule == "auto":
        lines = _scaled(f"{float(line) / 240:.2f}", 1, "") if line.isdigit() else f"{line}?"
        return f"{lines} line{'' if lines == '1' else 's'} auto"
    return f"{_scaled(line, 20)} {rule}"

"""Compare the house style of two Word files: ``reportgen style-diff OURS.docx THEIRS.docx``.

A maintainer tool. It reads the OOXML parts of both files (styles, settings, the
section properties of the body, the header and footer parts) and prints, side by side:

- for each paragraph style, matched by styleId, its *effective* properties after the
  ``w:basedOn`` chain and the document defaults are resolved;
- the page setup (from the last ``w:sectPr``, and from the first when a file has more
  than one section) and the settings that shape pages;
- the structure of the headers and footers: which types are referenced and, for each,
  whether it holds a table, the table grid, the field codes (document variables apart)
  and the number of images.

Each row is ``same``, ``DIFF`` or ``explained: reason``; reasons come from a YAML file
of known, intentional differences (``docs/style-differences.yaml`` by default). The
exit status is 0 when no difference is unexplained, 1 otherwise, 2 for usage errors
and unreadable files, so the command can guard the reference document in CI.
"""

from __future__ import annotations

import argparse
import fnmatch
import posixpath
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

PROG = "reportgen style-diff"
EXPLAIN_FILE = Path("docs") / "style-differences.yaml"
DEFAULT_STYLES = ("Normal", "SingleTxt", "HCh", "H1", "H23", "H4", "H56", "TitleHCH", "TitleH1",
                  "XLarge", "FootnoteText", "Header", "Footer")
STYLE_PROPERTIES = ("name", "font", "size", "bold", "italic", "scale", "charSpacing", "line",
                    "before", "after", "ind.left", "ind.right", "ind.firstLine", "ind.hanging",
                    "jc", "tabs", "keepNext", "keepLines", "outlineLvl", "suppressAutoHyphens")
HF_TYPES = ("default", "even", "first")
MISSING = "—"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_V = "urn:schemas-microsoft-com:vml"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_FALSE = {"0", "false", "off", "none"}
_TAB_LETTERS = {"left": "L", "start": "L", "right": "R", "end": "R", "center": "C",
                "decimal": "D", "bar": "B", "num": "N"}
_JC_ALIASES = {"start": "left", "end": "right"}


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: ``w("val")``."""
    return f"{{{_W}}}{name}"


class StyleDiffError(Exception):
    """A problem the user can fix (bad option, unreadable file): one line, exit 2."""


# --------------------------------------------------------------------------- reading


@dataclass
class Package:
    """The parts of one DOCX that the comparison reads, parsed."""

    path: Path
    document: ET.Element
    styles: ET.Element | None
    settings: ET.Element | None
    theme_fonts: dict[str, str]
    parts: dict[str, ET.Element] = field(default_factory=dict)  # rId -> header/footer root


def _parse(archive: zipfile.ZipFile, name: str) -> ET.Element:
    try:
        return ET.fromstring(archive.read(name))
    except KeyError:
        raise StyleDiffError(f"part {name} is missing") from None
    except ET.ParseError as exc:
        raise StyleDiffError(f"part {name} is not well-formed XML ({exc})") from None


def _relationships(archive: zipfile.ZipFile, source: str) -> dict[str, tuple[str, str]]:
    """rId -> (type suffix, part name) for the part ``source``; empty when it has no rels."""
    folder, name = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in archive.namelist():
        return {}
    found = {}
    for rel in _parse(archive, rels_name).iter(f"{{{_PR}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], part)
    return found


def _theme_fonts(theme: ET.Element | None) -> dict[str, str]:
    """Theme font names by the values of ``w:asciiTheme`` (minorHAnsi, majorHAnsi …)."""
    if theme is None:
        return {}
    fonts = {}
    for kind in ("major", "minor"):
        latin = theme.find(f".//{{{_A}}}{kind}Font/{{{_A}}}latin")
        if latin is not None:
            for suffix in ("HAnsi", "Ascii"):  # the values w:asciiTheme can take for Latin
                fonts[f"{kind}{suffix}"] = latin.get("typeface", "")
    return fonts


def read_docx(path: Path) -> Package:
    """Open a DOCX and parse the parts the comparison needs; StyleDiffError if unreadable."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _read_archive(path, archive)
    except StyleDiffError as exc:
        raise StyleDiffError(f"{path}: {exc}") from None
    except (OSError, zipfile.BadZipFile) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StyleDiffError(f"{path}: cannot read as a DOCX file ({reason})") from None


def _read_archive(path: Path, archive: zipfile.ZipFile) -> Package:
    main = next((part for kind, part in _relationships(archive, "").values()
                 if kind == "officeDocument"), "word/document.xml")
    rels = _relationships(archive, main)
    by_type = {kind: part for kind, part in rels.values()}
    optional = {kind: _parse(archive, by_type[kind]) if kind in by_type else None
                for kind in ("styles", "settings", "theme")}
    parts = {rid: _parse(archive, part) for rid, (kind, part) in rels.items()
             if kind in ("header", "footer")}
    return Package(path=path, document=_parse(archive, main), styles=optional["styles"],
                   settings=optional["settings"], theme_fonts=_theme_fonts(optional["theme"]),
                   parts=parts)


# ------------------------------------------------------------------ style resolution


def _on(element: ET.Element | None) -> bool | None:
    """The value of an on/off property element; None when the element is absent."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in _FALSE


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


# ------------------------------------------------------------- sections and settings


def _sections(document: ET.Element) -> list[ET.Element]:
    """Every ``w:sectPr`` of the body in order (paragraph-level ones, then the final one)."""
    body = document.find(w("body"))
    if body is None:
        return []
    inner = [s for p in body.iter(w("pPr")) for s in p.findall(w("sectPr"))]
    final = body.findall(w("sectPr"))
    return inner + final


def _attribute(element: ET.Element | None, name: str) -> str | None:
    return element.get(w(name)) if element is not None else None


def _paper(twips: str | None) -> str:
    """A page dimension for display: "11906 tw (210.0 mm)"."""
    if twips is None:
        return MISSING
    return f"{twips} tw ({float(twips) / 56.6929:.1f} mm)" if twips.isdigit() else f"{twips}?"


def page_facts(sect: ET.Element | None, prefix: str) -> dict[str, str]:
    """Page size, orientation, margins, header/footer distances and titlePg of a section."""
    if sect is None:
        return {f"{prefix}.present": "no"}
    size, margins = sect.find(w("pgSz")), sect.find(w("pgMar"))
    facts = {}
    for attribute, label in (("w", "width"), ("h", "height")):
        facts[f"{prefix}.{label}"] = _paper(_attribute(size, attribute))
    facts[f"{prefix}.orientation"] = _attribute(size, "orient") or "portrait"
    for key in ("top", "bottom", "left", "right", "gutter", "header", "footer"):
        name = key if key in ("header", "footer") else f"margin.{key}"
        facts[f"{prefix}.{name}"] = _attribute(margins, key) or MISSING
    facts[f"{prefix}.titlePg"] = "on" if _on(sect.find(w("titlePg"))) else "off"
    return facts


def settings_facts(settings: ET.Element | None) -> dict[str, str]:
    """The two settings that shape pages: evenAndOddHeaders and defaultTabStop."""
    if settings is None:
        return {"settings.evenAndOddHeaders": "off", "settings.defaultTabStop": "720"}
    even = _on(settings.find(w("evenAndOddHeaders")))
    tab = settings.find(w("defaultTabStop"))
    return {"settings.evenAndOddHeaders": "on" if even else "off",
            "settings.defaultTabStop": tab.get(w("val"), "720") if tab is not None else "720"}


# ------------------------------------------------------------------ headers, footers


def header_references(package: Package) -> dict[str, str]:
    """``"header.default"`` -> rId, as in force for the last section (references inherit)."""
    found: dict[str, str] = {}
    for sect in _sections(package.document):
        for kind in ("header", "footer"):
            for ref in sect.findall(w(f"{kind}Reference")):
                found[f"{kind}.{ref.get(w('type'), 'default')}"] = ref.get(f"{{{_R}}}id", "")
    return found


def field_instructions(part: ET.Element) -> list[str]:
    """The instruction of every field in a part, in document order.

    Reads simple fields and complex ones, whose instruction may be split over runs
    (``fldChar begin``, ``instrText`` …, ``fldChar separate``, result, ``fldChar end``).
    """
    instructions: list[str] = []
    open_fields: list[list[str]] = []  # instruction pieces of each field still being read
    reading: list[bool] = []
    for element in part.iter():
        if element.tag == w("fldSimple"):
            instructions.append(element.get(w("instr"), ""))
        elif element.tag == w("instrText") and open_fields and reading[-1]:
            open_fields[-1].append(element.text or "")
        elif element.tag == w("fldChar"):
            kind = element.get(w("fldCharType"))
            if kind == "begin":
                open_fields.append([])
                reading.append(True)
            elif kind in ("separate", "end") and open_fields:
                if reading[-1]:
                    instructions.append("".join(open_fields[-1]))
                    reading[-1] = False
                if kind == "end":
                    open_fields.pop()
                    reading.pop()
    return [text.strip() for text in instructions if text.strip()]


def field_names(part: ET.Element) -> tuple[list[str], list[str]]:
    """Field names (PAGE, NUMPAGES …) and, apart, the DOCVARIABLE names, first use order.

    Document variables are reported apart because they hold per-document values
    (symbol, job number) that a generator may write as plain text instead.
    """
    names: list[str] = []
    variables: list[str] = []
    for instruction in field_instructions(part):
        words = instruction.split()
        if words[0].upper() == "DOCVARIABLE":
            variables.append(words[1].strip('"') if len(words) > 1 else "?")
        else:
            names.append(words[0].upper())
    return list(dict.fromkeys(names)), list(dict.fromkeys(variables))


HF_PROPERTIES = ("table", "grid", "fields", "docvariables", "images")


def part_facts(part: ET.Element | None, prefix: str) -> dict[str, str]:
    """Table, grid widths, fields, document variables and images of a header or footer."""
    if part is None:
        return {f"{prefix}.{key}": "(none)" for key in HF_PROPERTIES}
    tables = list(part.iter(w("tbl")))
    grids = ["|".join(col.get(w("w"), "?") for col in table.findall(f"{w('tblGrid')}/"
                                                                        f"{w('gridCol')}"))
             for table in tables]
    images = len(list(part.iter(f"{{{_A}}}blip"))) + len(list(part.iter(f"{{{_V}}}imagedata")))
    fields, variables = field_names(part)
    return {
        f"{prefix}.table": "no" if not tables else ("yes" if len(tables) == 1
                                                    else f"yes ({len(tables)})"),
        f"{prefix}.grid": "; ".join(grids) or "none",
        f"{prefix}.fields": ", ".join(fields) or "none",
        f"{prefix}.docvariables": ", ".join(variables) or "none",
        f"{prefix}.images": str(images),
    }


def header_footer_facts(package: Package, kinds: Iterable[str]) -> dict[str, str]:
    """Rows for the header and footer types in ``kinds`` (``"footer.first"`` …)."""
    references = header_references(package)
    facts = {}
    for kind in ("header", "footer"):
        used = [t for t in HF_TYPES if f"{kind}.{t}" in references]
        facts[f"{kind}.types"] = ", ".join(used) or "none"
    for key in kinds:
        rid = references.get(key)
        facts.update(part_facts(package.parts.get(rid) if rid else None, key))
    return facts


# -------------------------------------------------------------------- comparison


@dataclass
class Row:
    """One compared property: ``key  ours  theirs  status``."""

    section: str
    key: str
    ours: str
    theirs: str
    reason: str | None = None

    @property
    def differs(self) -> bool:
        return self.ours != self.theirs

    @property
    def status(self) -> str:
        if not self.differs:
            return "same"
        return f"explained: {self.reason}" if self.reason else "DIFF"


def _rows(section: str, ours: dict[str, str], theirs: dict[str, str]) -> list[Row]:
    keys = list(dict.fromkeys([*ours, *theirs]))
    return [Row(section, key, ours.get(key, MISSING), theirs.get(key, MISSING)) for key in keys]


def default_style_ids(ours: StyleSheet, theirs: StyleSheet) -> list[str]:
    """The house-style list first, then every other paragraph style found in both files."""
    listed = [sid for sid in DEFAULT_STYLES if sid in ours.styles or sid in theirs.styles]
    both = sorted(set(ours.styles) & set(theirs.styles) - set(DEFAULT_STYLES))
    return listed + both


def style_rows(ours: Package, theirs: Package, style_ids: Sequence[str] | None) -> list[Row]:
    """Effective properties of each chosen style side by side (a present row if one lacks it)."""
    sheets = [StyleSheet(p.styles, p.theme_fonts) for p in (ours, theirs)]
    rows: list[Row] = []
    for sid in style_ids or default_style_ids(*sheets):
        present = [sid in sheet.styles for sheet in sheets]
        if not all(present):
            rows.append(Row("styles", f"{sid}.present", *("yes" if p else "no" for p in present)))
            continue
        values = [sheet.effective(sid) for sheet in sheets]
        rows += [Row("styles", f"{sid}.{prop}", values[0][prop], values[1][prop])
                 for prop in STYLE_PROPERTIES]
    return rows


def page_rows(ours: Package, theirs: Package) -> list[Row]:
    """Section count, the last section's page setup, the first section's when there are more."""
    sections = [_sections(p.document) for p in (ours, theirs)]
    rows = _rows("page", {"page.sections": str(len(sections[0]))},
                 {"page.sections": str(len(sections[1]))})
    if any(len(s) > 1 for s in sections):
        rows += _rows("page", *(page_facts(s[0] if s else None, "page.first") for s in sections))
    rows += _rows("page", *(page_facts(s[-1] if s else None, "page") for s in sections))
    rows += _rows("page", settings_facts(ours.settings), settings_facts(theirs.settings))
    return rows


def header_footer_rows(ours: Package, theirs: Package) -> list[Row]:
    """Header and footer types and, for every type either file uses, the part's structure."""
    used = set(header_references(ours)) | set(header_references(theirs))
    kinds = [f"{k}.{t}" for k in ("header", "footer") for t in HF_TYPES if f"{k}.{t}" in used]
    return _rows("headers", header_footer_facts(ours, kinds), header_footer_facts(theirs, kinds))


def compare(ours: Package, theirs: Package, style_ids: Sequence[str] | None = None) -> list[Row]:
    """Every row of the report, unexplained."""
    return [*style_rows(ours, theirs, style_ids), *page_rows(ours, theirs),
            *header_footer_rows(ours, theirs)]


# ------------------------------------------------------------------- explanations


def load_explanations(path: Path) -> dict[str, str]:
    """The YAML mapping ``key or wildcard: reason``; StyleDiffError when it is unusable."""
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise StyleDiffError(f"{path}: cannot read ({reason})") from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = str(getattr(exc, "problem", None) or "syntax error")
        hint = "; quote keys that start with '*'" if "alias" in problem else ""
        raise StyleDiffError(f"{path}{where}: not valid YAML ({problem}{hint})") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise StyleDiffError(f"{path}: expected a mapping of 'key: reason' strings "
                             "(for example  page.width: \"A4 in Vienna\")")
    return {str(key): value.strip() for key, value in data.items()}


def explanation_for(key: str, explanations: dict[str, str]) -> str | None:
    """The reason for ``key``: an exact entry first, then the first wildcard that matches."""
    if key in explanations:
        return explanations[key]
    return next((reason for pattern, reason in explanations.items()
                 if fnmatch.fnmatchcase(key, pattern)), None)


def explain(rows: list[Row], explanations: dict[str, str]) -> list[str]:
    """Attach reasons to differing rows; return exact entries whose values are now equal."""
    stale = []
    for row in rows:
        reason = explanation_for(row.key, explanations)
        if row.differs:
            row.reason = reason
        elif row.key in explanations:
            stale.append(row.key)
    return stale


# ------------------------------------------------------------------------- report

SECTION_TITLES = {
    "styles": "Paragraph styles (effective values after basedOn and docDefaults)",
    "page": "Page setup (last section; page.first = first section) and settings",
    "headers": "Headers and footers (types in force for the last section)",
}
LEGEND = ("units: sizes and spacing in pt, indents, margins and tab stops in twips "
          "(1440 per inch); tabs: L/R/C/D = left/right/centre/decimal")
WIDE = 26  # values longer than this go on their own lines


def format_rows(rows: Sequence[Row], only_diff: bool) -> list[str]:
    """The text table of one section."""
    shown = [r for r in rows if r.differs or not only_diff]
    if not shown:
        return ["  (no differences)"]
    key_width = max(len(r.key) for r in shown)
    narrow = [r for r in shown if max(len(r.ours), len(r.theirs)) <= WIDE]
    value_width = max([len(v) for r in narrow for v in (r.ours, r.theirs)] + [6])
    lines = [f"  {'property':<{key_width}}  {'ours':<{value_width}}  "
             f"{'theirs':<{value_width}}  status"]
    for row in shown:
        if max(len(row.ours), len(row.theirs)) <= WIDE:
            lines.append(f"  {row.key:<{key_width}}  {row.ours:<{value_width}}  "
                         f"{row.theirs:<{value_width}}  {row.status}")
        else:
            lines.append(f"  {row.key:<{key_width}}  {'':<{2 * value_width + 2}}  {row.status}")
            lines += ([f"      ours:   {row.ours}", f"      theirs: {row.theirs}"]
                      if row.differs else [f"      both:   {row.ours}"])
    return lines


def summary(rows: Sequence[Row]) -> str:
    """``N differences, M explained, K unexplained``."""
    differing = [r for r in rows if r.differs]
    explained = sum(1 for r in differing if r.reason)
    return (f"{len(differing)} differences, {explained} explained, "
            f"{len(differing) - explained} unexplained")


def format_report(ours: Path, theirs: Path, rows: Sequence[Row], *, only_diff: bool = False,
                  explain_file: Path | None = None, stale: Sequence[str] = ()) -> str:
    """The whole report: header, one table per section, notes, and the summary line."""
    lines = [f"ours:   {ours}", f"theirs: {theirs}",
             f"explanations: {explain_file if explain_file else '(none)'}", LEGEND]
    for section, title in SECTION_TITLES.items():
        section_rows = [r for r in rows if r.section == section]
        if section_rows:
            lines += ["", title, *format_rows(section_rows, only_diff)]
    lines.append("")
    lines += [f"note: explanation for {key} is no longer needed (the values are the same)"
              for key in stale]
    lines.append(summary(rows))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- CLI


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage, so errors stay on one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise StyleDiffError(message)


def build_parser() -> argparse.ArgumentParser:
    """The command-line options of ``reportgen style-diff``."""
    parser = _Parser(prog=PROG, description="Compare the Word styles, page setup and "
                     "headers/footers of two DOCX files, side by side.")
    parser.add_argument("ours", type=Path, help="our DOCX (for example build/….docx)")
    parser.add_argument("theirs", type=Path, help="the DOCX to compare with (a real UN file)")
    parser.add_argument("--styles", help="comma-separated styleIds to compare "
                        "(default: the UN house styles, then every style in both files)")
    parser.add_argument("--explain", type=Path, help="YAML file of known differences, "
                        f"'key: reason', wildcards allowed (default: {EXPLAIN_FILE} if present)")
    parser.add_argument("--no-explain", action="store_true", help="ignore every explanation")
    parser.add_argument("--only-diff", action="store_true", help="print differing rows only")
    return parser


def default_explain_file() -> Path | None:
    """docs/style-differences.yaml in the current folder, else in this source checkout."""
    if EXPLAIN_FILE.is_file():
        return EXPLAIN_FILE
    checkout = Path(__file__).resolve().parents[2] / EXPLAIN_FILE
    return checkout if checkout.is_file() else None


def _style_ids(option: str | None) -> list[str] | None:
    if option is None:
        return None
    ids = [part.strip() for part in option.split(",") if part.strip()]
    if not ids:
        raise StyleDiffError("--styles needs at least one styleId (for example --styles SingleTxt)")
    return ids


def run(args: argparse.Namespace) -> int:
    """Compare, print the report, and return the exit status (0 or 1)."""
    explain_file = None if args.no_explain else (args.explain or default_explain_file())
    explanations = load_explanations(explain_file) if explain_file else {}
    style_ids = _style_ids(args.styles)
    ours, theirs = read_docx(args.ours), read_docx(args.theirs)
    rows = compare(ours, theirs, style_ids)
    stale = explain(rows, explanations)
    sys.stdout.write(format_report(args.ours, args.theirs, rows, only_diff=args.only_diff,
                                   explain_file=explain_file, stale=stale))
    return 0 if all(r.reason for r in rows if r.differs) else 1


def main(argv: list[str] | None = None) -> int:
    """Entry point: 0 = no unexplained difference, 1 = some, 2 = usage or file error."""
    try:
        return run(build_parser().parse_args(argv))
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    except StyleDiffError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""Reading a DOCX for ``reportgen style-diff``: its parts, parsed, and the facts it states.

``read_docx`` opens the file and parses the OOXML parts the comparison reads: styles,
settings, theme fonts, the body (for its section properties) and the header and footer
parts. The functions after it turn a package into facts, ``key -> display value``:

- the page setup (from the last ``w:sectPr``, and from the first when a file has more
  than one section) and the settings that shape pages;
- the structure of the headers and footers: which types are referenced and, for each,
  whether it holds a table, the table grid, the field codes (document variables apart)
  and the number of images.

The effective values of paragraph styles are worked out in ``styles``.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

HF_TYPES = ("default", "even", "first")
MISSING = "—"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_V = "urn:schemas-microsoft-com:vml"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_FALSE = {"0", "false", "off", "none"}


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: ``w("val")``."""
    return f"{{{_W}}}{name}"


class StyleDiffError(Exception):
    """A problem the user can fix (bad option, unreadable file): one line, exit 2."""


def _on(element: ET.Element | None) -> bool | None:
    """The value of an on/off property element; None when the element is absent."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in _FALSE


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

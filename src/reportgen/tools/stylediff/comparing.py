"""Comparing two packages for ``reportgen style-diff``: rows, and the reasons for differences.

Each row is ``same``, ``DIFF`` or ``explained: reason``; reasons come from a YAML file
of known, intentional differences (``docs/style-differences.yaml`` by default).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from reportgen.tools.stylediff.reading import (
    HF_TYPES,
    MISSING,
    Package,
    StyleDiffError,
    _sections,
    header_footer_facts,
    header_references,
    page_facts,
    settings_facts,
)
from reportgen.tools.stylediff.styles import STYLE_PROPERTIES, StyleSheet

DEFAULT_STYLES = ("Normal", "SingleTxt", "HCh", "H1", "H23", "H4", "H56", "TitleHCH", "TitleH1",
                  "XLarge", "FootnoteText", "Header", "Footer")


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

"""The text report of ``reportgen style-diff``: one table per section and a summary line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportgen.tools.stylediff.comparing import Row

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

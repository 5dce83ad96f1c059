"""DOCX writer: the numbered tree as a pandoc JSON AST, written by pandoc.

Building pandoc's AST in Python (rather than writing Markdown for pandoc to
read) means user text can never be mis-parsed: "US$ 3 million … $" is not
maths, "1." at the start of a line is not a list, "<w:p/>" is not XML. It is
also the fastest route measured (DESIGN.md).

Every paragraph carries a named UN style from the reference document through
pandoc's ``custom-style``; numbers are typed as text followed by a tab, as the
UN does, never as Word list numbering.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ToolError
from ..tree import Document, Emph, Heading, Inline, ListItem, Note, Paragraph, Strong, Text
from .reference_docx import build_reference_docx

PANDOC_API_VERSION = [1, 23, 1, 1]

# The UN paragraph style for each heading level (un-house-style.md §3.2).
HEADING_STYLES = {
    "chapter": "HCh",
    "section": "H1",
    "subsection": "H23",
    "unnumbered": "H23",
    "recommendation": "H23",
}
BODY_STYLE = "SingleTxt"

_TAB: dict[str, Any] = {"t": "RawInline", "c": ["openxml", "<w:r><w:tab/></w:r>"]}


def _words(text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for piece in re.split(r"( +)", text):
        if not piece:
            continue
        out.append({"t": "Space"} if piece.startswith(" ") else {"t": "Str", "c": piece})
    return out


def _inlines(nodes: list[Inline]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in nodes:
        if isinstance(node, Text):
            out += _words(node.value)
        elif isinstance(node, Emph):
            out.append({"t": "Emph", "c": _inlines(node.children)})
        elif isinstance(node, Strong):
            out.append({"t": "Strong", "c": _inlines(node.children)})
        elif isinstance(node, Note):
            out.append({"t": "Note", "c": [{"t": "Para", "c": _inlines(node.children)}]})
    return out


def _styled(style: str, inlines: list[dict[str, Any]]) -> dict[str, Any]:
    """A paragraph in a named style: pandoc maps a Div's custom-style to it."""
    return {"t": "Div", "c": [["", [], [["custom-style", style]]],
                              [{"t": "Para", "c": inlines}]]}


def _heading(block: Heading) -> dict[str, Any]:
    style = HEADING_STYLES[block.level]
    text = _inlines(block.text)
    if block.level == "recommendation":
        return _styled(style, [_TAB, _TAB, *_words(block.label)])
    if block.label:
        return _styled(style, [_TAB, *_words(block.label), _TAB, *text])
    return _styled(style, [_TAB, _TAB, *text])


def _item(item: ListItem) -> dict[str, Any]:
    return _styled(BODY_STYLE, [*([_TAB] * item.depth), *_words(item.label), _TAB,
                                *_inlines(item.text)])


def _paragraph(block: Paragraph) -> list[dict[str, Any]]:
    lead = [*_words(block.number), _TAB] if block.number else []
    return [_styled(BODY_STYLE, lead + _inlines(block.text)), *map(_item, block.items)]


def _masthead(document: Document) -> list[dict[str, Any]]:
    m = document.masthead
    lines = [
        ("Masthead", f"United Nations\t{m.symbol}"),
        ("XLarge", m.organ),
        ("Distribution", f"Distr.: {m.distribution}"),
        ("Distribution", m.date),
        ("Original", f"Original: {m.original_language}"),
    ]
    if m.body_line:
        lines.append(("Session", m.body_line))
    blocks = []
    for style, text in lines:
        parts = text.split("\t")
        inlines = _words(parts[0])
        for part in parts[1:]:
            inlines += [_TAB, *_words(part)]
        blocks.append(_styled(style, inlines))
    blocks.append(_styled("TitleHCH", [_TAB, _TAB, *_words(m.title)]))
    return blocks


def to_pandoc_ast(document: Document) -> dict[str, Any]:
    """The pandoc JSON AST of the whole document."""
    blocks = _masthead(document)
    for block in document.blocks:
        if isinstance(block, Heading):
            blocks.append(_heading(block))
        else:
            blocks += _paragraph(block)
    return {"pandoc-api-version": PANDOC_API_VERSION, "meta": {}, "blocks": blocks}


def pandoc_path() -> str:
    """The pandoc bundled with pypandoc-binary: no system pandoc is needed."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError) as exc:
        raise ToolError("pandoc", "pandoc was not found; install it with "
                                  "'pip install pypandoc-binary'", stderr=str(exc)) from exc


@lru_cache(maxsize=8)
def _reference_docx(source_dir: Path, stamp: float) -> Path:
    """Zip the reference-docx folder once per process (and again if it changes)."""
    folder = Path(tempfile.mkdtemp(prefix="reportgen-ref-"))
    target = folder / "reference.docx"
    build_reference_docx(source_dir, target)
    return target


def _newest_change(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.rglob("*") if p.is_file()), default=0.0)


def render_docx(document: Document, reference_dir: Path) -> bytes:
    """Run pandoc on the document's AST with the UN reference document; return the .docx."""
    reference = _reference_docx(reference_dir, _newest_change(reference_dir))
    command = [pandoc_path(), "--from=json", "--to=docx", f"--reference-doc={reference}",
               "--output=-"]
    env = dict(os.environ)
    # Same inputs, same bytes: pandoc stamps the document with this date.
    issued = document.masthead.issued
    epoch = dt.date.fromisoformat(issued) if issued else dt.date(2000, 1, 1)
    env["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(epoch.year, epoch.month, epoch.day,
                                                   tzinfo=dt.UTC).timestamp()))
    payload = json.dumps(to_pandoc_ast(document), ensure_ascii=False).encode("utf-8")
    try:
        result = subprocess.run(command, input=payload, capture_output=True, env=env,
                                check=False)
    except OSError as exc:
        raise ToolError("pandoc", f"could not run pandoc: {exc.strerror}", command) from exc
    if result.returncode != 0:
        raise ToolError("pandoc", f"pandoc failed with exit code {result.returncode}",
                        command, result.stderr.decode("utf-8", "replace"))
    return result.stdout

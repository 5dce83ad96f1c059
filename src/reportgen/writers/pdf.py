"""PDF writer: lays out the numbered document tree with typst.

The tree reaches typst as JSON in ``sys.inputs`` and the template
(``templates/report.typ``) reads it as data, so text a user typed is placed as
text and never parsed as typst markup. Only the fonts passed in are used (no
system fonts), so that every machine produces the same PDF.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import typst

from reportgen.errors import ToolError
from reportgen.tree import Document, to_json


def bundled_font_dir() -> Path:
    """The package's own fonts folder (Liberation Serif, metrics of Times New Roman)."""
    return Path(__file__).parent.parent / "fonts"


def render_pdf(document: Document, template: Path,
               font_dirs: list[Path]) -> tuple[bytes, list[str]]:
    """Lay out ``document`` with the typst ``template`` and return the PDF.

    Returns ``(pdf_bytes, warnings)``. ``warnings`` holds typst's own warnings
    as text, one per item (empty when all went well). The one to watch is
    "unknown font family: liberation serif": typst then falls back to a font
    it embeds, so the PDF no longer has Times New Roman metrics; the caller
    should report it (and fail under ``--strict``).

    The PDF's dates are the document's date of issue (or ``SOURCE_DATE_EPOCH``
    when set), never the clock, so the bytes are the same on every run.

    Raises ``ToolError`` when typst cannot compile the template.
    """
    template = template.resolve()
    data = json.dumps(to_json(document), ensure_ascii=False)
    # Older typst-py releases lack compile_with_warnings; they give no warnings.
    compile_with_warnings = getattr(typst, "compile_with_warnings", None)
    options: dict[str, Any] = {
        # The template may only read files beside it (root = its folder).
        "root": template.parent,
        "font_paths": list(font_dirs),
        # System fonts differ between machines; the bundled ones do not.
        "ignore_system_fonts": True,
        "format": "pdf",
        "sys_inputs": {"document": data},
    }
    # typst stamps the PDF with the current time and, unlike the typst CLI,
    # the Python binding ignores SOURCE_DATE_EPOCH: pass it on so that CI
    # builds are byte-identical.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        options["timestamp"] = int(epoch)
    elif document.masthead.issued:
        issued = dt.date.fromisoformat(document.masthead.issued)
        options["timestamp"] = int(dt.datetime(issued.year, issued.month, issued.day,
                                               tzinfo=dt.UTC).timestamp())
    try:
        if compile_with_warnings is not None:
            pdf, raw_warnings = compile_with_warnings(template, **options)
        else:
            pdf, raw_warnings = typst.compile(template, **options), []
    except typst.TypstError as exc:
        # .diagnostic has the file:line:col excerpt; str(exc) only the message.
        detail = getattr(exc, "diagnostic", "") or str(exc)
        raise ToolError("typst", "could not lay out the PDF", stderr=detail) from exc
    except (RuntimeError, OSError) as exc:
        # The binding raises these when it cannot read the template or its
        # folder ("Failed to canonicalize path"); they do not name the file.
        raise ToolError("typst", "could not lay out the PDF",
                        stderr=f"{template}: {exc}") from exc
    return bytes(pdf), [_warning_text(w) for w in raw_warnings]


def _warning_text(warning: object) -> str:
    """One typst warning as a line of text, with its hints."""
    message = str(getattr(warning, "message", "") or warning)
    hints = getattr(warning, "hints", None) or []
    return "; ".join([message, *(f"hint: {h}" for h in hints)])

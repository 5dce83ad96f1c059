"""Compare the house style of two Word files: ``reportgen style-diff OURS.docx THEIRS.docx``.

A maintainer tool. It reads the OOXML parts of both files (styles, settings, the
section properties of the body, the header and footer parts) and prints, side by side,
the effective values of the paragraph styles, the page setup and the structure of the
headers and footers, each row ``same``, ``DIFF`` or ``explained: reason``. One module
a step:

- ``reading``: a DOCX parsed into a Package, and the page, settings and header/footer facts;
- ``styles``: the effective properties of paragraph styles (basedOn chain, docDefaults);
- ``comparing``: the rows of both files side by side, and the explanations file;
- ``reporting``: the text report;
- ``command``: the options, ``run`` and ``main`` (exit status 0, 1 or 2).

Everything the rest of reportgen and the tests use is importable from here.
"""

from reportgen.tools.stylediff.command import (
    EXPLAIN_FILE,
    PROG,
    build_parser,
    default_explain_file,
    main,
    run,
)
from reportgen.tools.stylediff.comparing import (
    DEFAULT_STYLES,
    Row,
    compare,
    default_style_ids,
    explain,
    explanation_for,
    header_footer_rows,
    load_explanations,
    page_rows,
    style_rows,
)
from reportgen.tools.stylediff.reading import (
    _R,
    _W,
    HF_PROPERTIES,
    HF_TYPES,
    MISSING,
    Package,
    StyleDiffError,
    field_instructions,
    field_names,
    header_footer_facts,
    header_references,
    page_facts,
    part_facts,
    read_docx,
    settings_facts,
    w,
)
from reportgen.tools.stylediff.reporting import (
    LEGEND,
    SECTION_TITLES,
    WIDE,
    format_report,
    format_rows,
    summary,
)
from reportgen.tools.stylediff.styles import STYLE_PROPERTIES, StyleSheet

__all__ = [
    "DEFAULT_STYLES", "EXPLAIN_FILE", "HF_PROPERTIES", "HF_TYPES", "LEGEND", "MISSING", "PROG",
    "SECTION_TITLES", "STYLE_PROPERTIES", "WIDE", "_R", "_W", "Package", "Row", "StyleDiffError",
    "StyleSheet", "build_parser", "compare", "default_explain_file", "default_style_ids",
    "explain", "explanation_for", "field_instructions", "field_names", "format_report",
    "format_rows", "header_footer_facts", "header_footer_rows", "header_references",
    "load_explanations", "main", "page_facts", "page_rows", "part_facts", "read_docx", "run",
    "settings_facts", "style_rows", "summary", "w",
]

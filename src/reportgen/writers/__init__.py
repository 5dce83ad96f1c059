"""The writers, one module per output format, and the registry that names them.

A writer turns the numbered document tree into the bytes of one file. Everything
else asks this registry about formats: the ``--to`` choices and reportgen.toml's
``formats``, the plan (which files), the output cache (what each file depends on:
the writer's template files, the Python packages and environment variables that
change its bytes), and the render loop (which writers start first, which run in
the main process, which convert another writer's output).

A writer module provides::

    write(document, templates) -> Written       # one document, in memory
    inputs(templates) -> list[Path]             # the files it reads besides the document
    document_digest(document) -> str            # optional: the hash of what of the
                                                # document it reads (else the whole tree)

and a converter (``needs`` set) instead::

    write_all(items: list[tuple[str, bytes, Document]], workers) -> list[Written]
    inputs(templates) -> list[Path]
    tool_versions() -> dict[str, str]           # programs outside Python, if any

Adding a format is one new module here and one ``Writer`` in ``WRITERS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType

from reportgen.errors import Diagnostic


@dataclass
class Written:
    """What a writer made of one document: the bytes, and the warnings it gave."""

    data: bytes
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Writer:
    """One way of making a format (the PDF has two: typst, and LibreOffice from the DOCX)."""

    fmt: str  # what --to names, and the file suffix
    module: str  # imported when first used: a build imports only the writers it runs
    engine: str = ""  # which of a format's writers; "" where a format has one
    tools: tuple[str, ...] = ()  # Python packages whose versions shape the bytes
    environment: tuple[str, ...] = ()  # environment variables that change the bytes
    needs: str = ""  # the format this writer converts (rendered first, for it)
    weight: float = 1.0  # relative cost: the costliest start first
    light: bool = False  # milliseconds: rendered in the main process, never in a worker
    paged: bool = False  # its files have pages (the manifest counts them)
    default: bool = True  # written when neither --to nor reportgen.toml names the formats

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)


_DOCX_TOOLS = ("pypandoc-binary", "python-barcode", "segno", "pillow")

WRITERS: tuple[Writer, ...] = (
    Writer("txt", "reportgen.writers.text", weight=0.1, light=True),
    Writer("docx", "reportgen.writers.docx", tools=_DOCX_TOOLS,
           environment=("REPORTGEN_PANDOC",), weight=2.0),
    Writer("pdf", "reportgen.writers.pdf", engine="typst", tools=("typst", "segno"),
           weight=4.0, paged=True),
    Writer("pdf", "reportgen.writers.libreoffice", engine="libreoffice", needs="docx",
           weight=4.0, paged=True),
    Writer("html", "reportgen.writers.html", weight=0.1, light=True, default=False),
)

FORMATS: tuple[str, ...] = tuple(dict.fromkeys(w.fmt for w in WRITERS))
# The formats of a build that names none: the HTML page is for the preview, or asked for.
DEFAULT_FORMATS: tuple[str, ...] = tuple(dict.fromkeys(w.fmt for w in WRITERS if w.default))


def engines(fmt: str) -> tuple[str, ...]:
    """The engines a format can be written with, the default first."""
    return tuple(w.engine for w in WRITERS if w.fmt == fmt and w.engine)


def writer(fmt: str, engine: str = "") -> Writer:
    """The writer of ``fmt`` with ``engine`` (the format's first one when "" or unknown)."""
    candidates = [w for w in WRITERS if w.fmt == fmt]
    if not candidates:
        raise KeyError(f"no writer for the format {fmt!r}")
    return next((w for w in candidates if w.engine == engine), candidates[0])

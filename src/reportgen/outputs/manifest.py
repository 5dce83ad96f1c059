"""``manifest.json``: the list of what a build produced, for CI to publish and check.

One entry per output file, in the order of the build (session, document,
format)::

    {"symbol": "CTOC/COP/WG.7/2017/5", "language": "en", "format": "pdf",
     "path": "CTOC_COP_WG.7_2017_5.pdf", "sha256": "…", "size": 48213, "pages": 6,
     "session": "meetings/ctoc-cop-wg7-2017/session.yaml",
     "sources": ["meetings/ctoc-cop-wg7-2017/session.yaml", "templates/report.j2", …]}

``path`` is relative to the manifest's folder; ``session`` and ``sources`` to the
project folder (that of reportgen.toml), and files of an installed reportgen
read ``reportgen:templates/…``. ``pages`` is the page count of a PDF; a DOCX has
one only when LibreOffice made its PDF (Word lays it out otherwise), a TXT none.
The manifest holds no time and no absolute path: it is reproducible too.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen import PACKAGE_DIR, __version__
from reportgen.pipeline.templates import builtin_dir
from reportgen.util import files
from reportgen.util.atomic import OutputSet

MANIFEST_FILE = "manifest.json"


@dataclass
class Item:
    """One output as the manifest lists it."""

    symbol: str
    language: str
    fmt: str
    name: str
    sha256: str
    size: int
    pages: int | None
    session: Path
    sources: list[Path]


def stage(files: OutputSet, folder: Path, items: list[Item], root: Path) -> Path:
    """Add ``folder/manifest.json`` to a build's set of files (only if it changed); return
    its path. It is added last: renamed into place once every output it lists is in."""
    names = _Names(root)
    data = {
        "generator": f"reportgen {__version__}",
        "outputs": [_entry(item, names) for item in items],
    }
    # A folder name that is not UTF-8 reaches here as lone surrogates: written as the
    # JSON escapes they are (\udcff), which JSON readers take back as they were.
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    encoded = text.encode("utf-8", "backslashreplace")
    target = folder / MANIFEST_FILE
    try:
        unchanged = target.read_bytes() == encoded
    except OSError:
        unchanged = False
    if not unchanged:
        files.add(target, encoded)
    return target


def _entry(item: Item, names: _Names) -> dict[str, Any]:
    return {
        "symbol": item.symbol,
        "language": item.language,
        "format": item.fmt,
        "path": item.name,
        "sha256": item.sha256,
        "size": item.size,
        "pages": item.pages,
        "session": names(item.session),
        "sources": names.all(item.sources),
    }


class _Names:
    """Source files' names: relative to the project, or to reportgen's own files."""

    def __init__(self, root: Path):
        self.root = str(root.resolve())

    def __call__(self, path: Path) -> str:
        return _name_of(os.fspath(path), self.root)

    def all(self, paths: list[Path]) -> list[str]:
        """The names of ``paths``: every output of a build, and every build of ``watch``,
        lists the same few hundred sources, named once for all of them."""
        return list(_all_names(tuple(map(os.fspath, paths)), self.root, os.getcwd()))


@functools.lru_cache(maxsize=256)
def _all_names(paths: tuple[str, ...], root: str, cwd: str) -> tuple[str, ...]:
    # (``cwd`` in the key: the names of relative paths depend on it)
    return tuple(_name_of(path, root) for path in paths)


def _name_of(path: str, root: str) -> str:
    # (abspath here, not in the memoised call: it depends on the current folder)
    return _name(os.path.abspath(path), root)


@functools.lru_cache(maxsize=8192)
def _name(path: str, root: str) -> str:
    # Memoised, on strings: every output of a build, and every build of ``watch``,
    # lists the same few hundred templates.
    return files.name_below(path, _bases(root)) or Path(path).as_posix()


@functools.lru_cache(maxsize=16)
def _bases(root: str) -> tuple[tuple[str, str], ...]:
    """The folders names are given below, with their prefixes: found once per root, not
    for each of the few hundred names (resolving a folder reads every link on its way).
    The folders found are already resolved."""
    return ((root, ""), (str(builtin_dir().resolve()), "reportgen:templates/"),
            (str(PACKAGE_DIR), "reportgen:"))


# Compiled when a PDF is first counted (re keeps them): a build without one compiles neither.
_PAGES = rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b"
_PAGE = rb"/Type\s*/Page\b(?!s)"


def pdf_pages(pdf: bytes) -> int | None:
    """The page count of a PDF: its root page tree's /Count (the largest), else its pages."""
    counts = [int(a or b) for a, b in re.findall(_PAGES, pdf)]
    if counts:
        return max(counts)
    pages = len(re.findall(_PAGE, pdf))
    return pages or None

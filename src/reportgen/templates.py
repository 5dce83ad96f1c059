"""Where templates come from: a project's own ``templates/`` first, then the built-ins.

A project overrides single pieces (one sentence, the report structure, the
typst layout) by putting a file of the same name in a ``templates/`` folder
beside its sessions; anything it does not override falls back to the house
style that ships with reportgen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_dir() -> Path:
    """The built-in house style.

    An installed wheel carries it inside the package; a source checkout (or an
    editable install) keeps it at the root of the repository.
    """
    inside = PACKAGE_DIR / "templates"
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent.parent / "templates"


def project_dir(session_path: Path) -> Path | None:
    """The nearest ``templates/`` folder above a session file, if any."""
    for folder in session_path.resolve().parents:
        candidate = folder / "templates"
        if candidate.is_dir():
            return candidate
    return None


@dataclass(frozen=True)
class TemplateSet:
    """The template folders to search, most specific first."""

    folders: tuple[Path, ...]

    @classmethod
    def for_session(cls, session_path: Path) -> TemplateSet:
        builtin = builtin_dir()
        own = project_dir(session_path)
        if own is None or own.resolve() == builtin.resolve():
            return cls((builtin,))
        return cls((own, builtin))

    def find(self, name: str) -> Path:
        """The first folder's copy of ``name`` (a file or a folder)."""
        for folder in self.folders:
            candidate = folder / name
            if candidate.exists():
                return candidate
        raise FileNotFoundError(f"template '{name}' not found in "
                                + ", ".join(str(f) for f in self.folders))

    def files_used(self, names: list[str]) -> list[Path]:
        return [self.find(name) for name in names]


def files_below(folder: Path, suffix: str = "") -> list[Path]:
    """Every file under ``folder`` (ending in ``suffix``), sorted, through symbolic links
    to folders too, as Jinja's loader follows them (``Path.rglob`` does not); a link
    back to a folder already walked is not followed twice."""
    found: list[Path] = []
    seen: set[str] = set()
    for top, folders, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [Path(top) / name for name in files if name.endswith(suffix)]
    return sorted(found)

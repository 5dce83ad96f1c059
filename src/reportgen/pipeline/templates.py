"""Where templates come from: a project's own ``templates/`` first, then the built-ins.

A project overrides single pieces (one sentence, the report structure, the
typst layout) by putting a file of the same name in a ``templates/`` folder
beside its sessions; anything it does not override falls back to the house
style that ships with reportgen.

A project's folder is untrusted (it may come from a pull request): its template
folder is read only inside itself. ``check_confined`` refuses, before anything
reads the folder, a symbolic link that leads out of it and anything that is
neither a file nor a folder (a named pipe would block a reader, a device feed
it forever), and a file over ``MAX_FILE_BYTES`` (read whole, by Jinja, typst or
the reference document, it would take that much memory many times over), so
that Jinja, typst and the reference document alike read only the folder's own
files, of a size they can hold. The built-in folder is trusted.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from reportgen import PACKAGE_DIR
from reportgen.errors import Diagnostic, InputError, Location
from reportgen.util import filememo


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
        """The project's template folder (if any) before the built-in one.

        Raises InputError, before anything reads it, when the project's folder
        links outside itself or holds what is not a file or folder (``check_confined``).
        """
        builtin = builtin_dir()
        own = project_dir(session_path)
        if own is None or own.resolve() == builtin.resolve():
            return cls((builtin,))
        check_confined(own)
        return cls((own, builtin))

    def find(self, name: str) -> Path:
        """The first folder's copy of ``name`` (a file or a folder)."""
        for folder in self.folders:
            candidate = folder / name
            if candidate.exists():
                return candidate
        raise FileNotFoundError(f"template '{name}' not found in "
                                + ", ".join(str(f) for f in self.folders))


def files_below(folder: Path, suffix: str = "") -> list[Path]:
    """Every file under ``folder`` (ending in ``suffix``), sorted, through symbolic links
    to folders too, as Jinja's loader follows them (``Path.rglob`` does not); a link
    back to a folder already walked is not followed twice. A folder walked before in
    this process and unchanged since is not walked again (``filememo``)."""
    return [path for path in filememo.listing(folder, _walk) if path.name.endswith(suffix)]


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    """The files below ``folder``, sorted, and the folders read to find them."""
    found: list[Path] = []
    walked: list[Path] = []
    seen: set[str] = set()
    for top, folders, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        walked.append(Path(top))
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [Path(top) / name for name in files]
    return sorted(found), walked


def check_confined(folder: Path) -> None:
    """Raise InputError, naming each entry, unless ``folder`` holds only files and
    folders of its own (symbolic links are fine while they stay inside it)."""
    problems = confinement_problems(folder)
    if problems:
        raise InputError(problems)


def confinement_problems(folder: Path) -> list[Diagnostic]:
    """Why ``folder`` may not be read as a template folder, entry by entry (sorted)."""
    if folder.is_symlink():
        # A project may link its templates/ folder to another folder of the project.
        holder, target = folder.parent.resolve(), folder.resolve()
        if not target.is_relative_to(holder) or target == holder:
            return [Diagnostic(Location(folder), (
                f"the template folder is a symbolic link to '{target}', outside the "
                f"project folder {holder}: copy the templates into the project instead "
                "of linking to them"))]
    root = folder.resolve()
    problems = []
    for top, folders, files in os.walk(folder):  # never through links: they are checked
        for name in sorted(folders + files):
            problem = _entry_problem(Path(top) / name, root)
            if problem:
                problems.append(Diagnostic(Location(Path(top) / name), problem))
    return problems


# Templates are text, and the cover's images small: a file larger is a wrong file.
MAX_FILE_BYTES = 20 * 1024 * 1024

_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a device",
          stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket"}


def _entry_problem(path: Path, root: Path) -> str:
    """What is wrong with one entry of a template folder (``root``, resolved), or ""."""
    try:
        status = path.lstat()
    except OSError:
        return ""  # gone meanwhile: nothing left to read
    mode = status.st_mode
    if stat.S_ISLNK(mode):
        try:
            target = Path(os.path.realpath(path, strict=True))
        except OSError:
            return (f"symbolic link to '{os.readlink(path)}', which does not exist or is "
                    "a loop of links: remove the link, or copy the file it meant into "
                    "the folder")
        if not target.is_relative_to(root):
            return (f"symbolic link to '{target}', outside the template folder {root}: a "
                    "template reads only files inside its folder; copy the file into the "
                    "folder instead of linking to it")
        return ""  # the target is inside: it is checked where it lies
    if stat.S_ISREG(mode) and status.st_size > MAX_FILE_BYTES:
        return (f"a file of {status.st_size / 1024 / 1024:.1f} MB: a file of a template "
                f"folder may be at most {MAX_FILE_BYTES // 1024 // 1024} MB; make it "
                "smaller or remove it")
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    kind = _KINDS.get(stat.S_IFMT(mode), "an entry of an unknown kind")
    return (f"{kind}, not a file or a folder: a template folder may hold only files and "
            "folders; remove it")

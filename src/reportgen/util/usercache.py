"""A private folder for what reportgen keeps between runs on this machine.

``$REPORTGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/reportgen``, else
``~/.cache/reportgen``; created for this user only. It holds what is derived
from files and from reportgen's own code (the zipped reference document,
Jinja's compiled templates), each named after what it was made from, so a
stale entry is never used and the folder never needs cleaning. Deleting it
only makes the next build slower. When it cannot be made (a read-only home),
callers do without.

What is stored carries the digest of its bytes, checked before every use: a
damaged entry (a truncated file, a disk error, an edit) is made again, with a
warning naming it (``cache.damaged``), and never used. A compiled template
holds its digest in front of its bytes (``store``, ``load``); a file another
program reads as it is (the reference document pandoc opens) has it beside it,
in ``<name>.sha256`` (``store_file``, ``intact``).

It also hands what one process learnt of reportgen's own files (the built-in
templates, the fonts: their digests and listings, see ``filememo``) to the next
(``recall_files``, ``keep_files``), so that a new process reads only what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from reportgen import PACKAGE_DIR, __version__
from reportgen.util import digests, filememo
from reportgen.util.atomic import write_bytes

_DIGEST = hashlib.sha256().digest_size


@cache
def folder(name: str) -> Path | None:
    """``<cache>/<name>-<hash of reportgen's code>``, created if need be; None if impossible.

    The code's hash in the name means a new version of reportgen never reads
    what an older one left.
    """
    try:
        base = _base()
        target = base / f"{name}-{code_digest()[:16]}"
        if not target.is_dir():
            target.mkdir(mode=0o700, parents=True, exist_ok=True)  # (another process too)
            _forget_older_versions(base, name, target)
        if not _private(target):
            return None
        os.utime(target)  # its time says when it was last used (see _forget_older_versions)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to expand
        return None
    return target


def _base() -> Path:
    """The cache's own folder; RuntimeError when there is no home folder to expand."""
    chosen = os.environ.get("REPORTGEN_CACHE_DIR", "").strip()
    return Path(chosen) if chosen else (
        Path(os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache")
        / "reportgen")


def _private(folder: Path) -> bool:
    """Ours and writable by us only, in a folder where no one else can swap it for
    theirs (what is read back from it is code: Jinja's compiled templates)."""
    if hasattr(os, "getuid"):
        info, parent = folder.stat(), folder.parent.stat()
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return False
        if parent.st_mode & 0o022 and not parent.st_mode & stat.S_ISVTX:
            return False  # others may rename entries of the parent (no sticky bit)
    return os.access(folder, os.W_OK)


# What another version left is never read again; it goes once it has not been used for
# a day, so that a build of that version still running meanwhile keeps its files.
_UNUSED_FOR = 24 * 3600


def _forget_older_versions(base: Path, name: str, current: Path) -> None:
    versions = re.compile(rf"{re.escape(name)}-[0-9a-f]{{16}}")
    for old in base.glob(f"{name}-*"):
        if not versions.fullmatch(old.name):
            continue  # not ours: $REPORTGEN_CACHE_DIR may be a shared folder
        try:
            unused = time.time() - old.stat().st_mtime > _UNUSED_FOR
        except OSError:
            continue
        if old != current and unused:
            shutil.rmtree(old, ignore_errors=True)


def store(path: Path, data: bytes) -> None:
    """Keep ``data`` at ``path`` behind its digest; raises OSError."""
    write_bytes(path, hashlib.sha256(data).digest() + data)


def load(path: Path, what: str, remedy: str) -> bytes | None:
    """What ``store`` kept at ``path``, or None: none kept, or damaged (reported as
    ``what`` in the file at ``path``; ``remedy`` says what is done instead)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < _DIGEST or hashlib.sha256(data[_DIGEST:]).digest() != data[:_DIGEST]:
        digests.damaged(path, what, remedy)
        return None
    return data[_DIGEST:]


def store_file(path: Path) -> None:
    """Write the digest of the file at ``path`` beside it; raises OSError."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    write_bytes(_digest_file(path), digest.encode("ascii"))


def intact(path: Path, what: str, remedy: str) -> bool:
    """Whether the file at ``path`` is whole: it has the digest ``store_file`` wrote.

    A file without its digest, or a digest without its file, is simply made
    again (a build stopped between the two writes); a digest that does not match
    is damage, reported as in ``load``.
    """
    try:
        expected = _digest_file(path).read_bytes()
        found = filememo.digest(path)  # (a process that stays loaded reads it once)
    except OSError:
        return False
    if found.encode("ascii") != expected:
        digests.damaged(path, what, remedy)
        return False
    return True


def _digest_file(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


# ------------------------------------------- what a process learnt of reportgen's files

# By the file that keeps them: what was last recalled from it or kept in it.
_handed: dict[Path, Any] = {}


def recall_files(folders: Sequence[Path]) -> None:
    """Hand ``filememo`` what an earlier process kept of the files below ``folders``
    (once per process): each digest and listing is used only while the file or folder
    has the status it was kept with, as in the process that learnt it."""
    path = _files_path(folders)
    if path is None or path in _handed:
        return
    _handed[path] = None
    what, remedy = "the digests of reportgen's own files", "the files are read again"
    data = load(path, what, remedy)
    if data is None:
        return
    try:
        kept = json.loads(data)
        filememo.adopt(kept)
    except ValueError:  # (JSONDecodeError and UnicodeDecodeError are ValueErrors)
        digests.damaged(path, what, remedy)
        return
    _handed[path] = kept


def keep_files(folders: Sequence[Path]) -> None:
    """Keep what this process knows of the files below ``folders`` for the next one;
    nothing is written while it is what was recalled or kept last."""
    path = _files_path(folders)
    if path is None:
        return
    kept = filememo.kept_below([str(f) for f in folders])
    if _handed.get(path) == kept:
        return
    try:
        store(path, json.dumps(kept).encode("utf-8"))
    except OSError:
        return  # the next process only reads them again
    _handed[path] = kept


def _files_path(folders: Sequence[Path]) -> Path | None:
    """Where what is known of the files below ``folders`` is kept: one file for each
    place reportgen is installed (two checkouts of one version do not take turns)."""
    base = folder("files")
    if base is None:
        return None
    names = "\0".join(str(f) for f in folders)
    return base / f"{digests.sha256(os.fsencode(names))[:32]}.json"


# ------------------------------------------------------- the digest of reportgen's code

_CODE = "code"  # the folder of what is kept of the code, whatever its version
_CODE_UNUSED_FOR = 7 * 24 * 3600  # what is kept of a place no longer used then goes


@cache
def code_digest() -> str:
    """reportgen's own code and data (the lists of States): an edited checkout
    invalidates what the old code built.

    Reading the hundred files took longer than the rest of a new process's cache keys:
    the digest is kept, one file for each place reportgen is installed, with the status
    of every file and folder it was made from, and used while each has that status
    (as ``filememo`` uses what it keeps)."""
    record = _code_record()
    kept = _kept_code_digest(record) if record is not None else None
    if kept is not None:
        return kept
    found, statuses = _read_code()
    if record is not None:
        _keep_code_digest(record, found, statuses)
    return found


def _read_code() -> tuple[str, list[tuple[str, filememo.Status]]]:
    """The digest of the code's files (each one's name in the package and its bytes, in
    the order of their paths, after the version), and the status of each file read."""
    code = [*PACKAGE_DIR.rglob("*.py"), *(PACKAGE_DIR / "data").rglob("*.csv")]
    digest = hashlib.sha256(__version__.encode())
    statuses = []
    for path in sorted(code):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        with path.open("rb") as stream:
            digest.update(stream.read())
            statuses.append((str(path), filememo.opened_status(stream)))
    return digest.hexdigest(), statuses


def _code_record() -> Path | None:
    """Where the code's digest is kept for this place; None without a private folder."""
    try:
        target = _base() / _CODE
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(target):
            return None
    except (OSError, RuntimeError):
        return None
    return target / f"{digests.sha256(os.fsencode(PACKAGE_DIR))[:32]}.json"


_CODE_WHAT, _CODE_REMEDY = "the digest of reportgen's code", "the code is read again"


def _kept_code_digest(record: Path) -> str | None:
    """The kept digest, if every file and folder it was made from has the same status."""
    data = load(record, _CODE_WHAT, _CODE_REMEDY)
    if data is None:
        return None
    try:
        kept = json.loads(data)
        found, statuses = kept["digest"], kept["statuses"]
        if not (isinstance(found, str) and statuses):
            raise ValueError("no digest")
        same = all(filememo.status(name) == tuple(seen) for name, seen in statuses)
    except OSError:
        return None  # a file or folder is gone: the code changed
    except (ValueError, TypeError, KeyError):  # (UnicodeDecodeError is a ValueError)
        digests.damaged(record, _CODE_WHAT, _CODE_REMEDY)
        return None
    if not same:
        return None
    try:
        os.utime(record)  # its time says when it was last used
    except OSError:
        pass
    return found


def _keep_code_digest(record: Path, found: str,
                      files: list[tuple[str, filememo.Status]]) -> None:
    """Keep the digest with the status of each file (as read) and folder (after it was
    listed) it was made from, so that a change meanwhile shows as recent, unless one of
    them changed in the last seconds."""
    # The folders rglob went through: all of them below the package, but no link.
    try:
        statuses = [(top, filememo.status(top)) for top, _, _ in os.walk(PACKAGE_DIR)]
    except OSError:
        return
    statuses += files
    if not all(filememo.settled(seen) for _name, seen in statuses):
        return
    _forget_unused_places(record.parent)
    try:
        store(record, json.dumps({"digest": found, "statuses": statuses}).encode("utf-8"))
    except OSError:
        pass  # the next process reads the code again


def _forget_unused_places(folder: Path) -> None:
    """Remove what is kept of places not used for a week (an uninstalled reportgen's)."""
    for path in folder.glob("*.json"):
        try:
            if time.time() - path.stat().st_mtime > _CODE_UNUSED_FOR:
                path.unlink()
        except OSError:
            pass

"""A private folder for what reportgen keeps between runs on this machine.

``$REPORTGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/reportgen``, else
``~/.cache/reportgen``; created for this user only. It holds what is derived
from files and from reportgen's own code (the zipped reference document,
Jinja's compiled templates), each named after what it was made from, so a
stale entry is never used and the folder never needs cleaning. Deleting it
only makes the next build slower. When it cannot be made (a read-only home),
callers do without.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import time
from functools import cache
from pathlib import Path

from . import cache as build_cache


@cache
def folder(name: str) -> Path | None:
    """``<cache>/<name>-<hash of reportgen's code>``, created if need be; None if impossible.

    The code's hash in the name means a new version of reportgen never reads
    what an older one left.
    """
    chosen = os.environ.get("REPORTGEN_CACHE_DIR", "").strip()
    base = Path(chosen) if chosen else (
        Path(os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache")
        / "reportgen")
    target = base / f"{name}-{build_cache.code_digest()[:16]}"
    try:
        if not target.is_dir():
            target.mkdir(mode=0o700, parents=True, exist_ok=True)  # (another process too)
            _forget_older_versions(base, name, target)
        if not _private(target):
            return None
        os.utime(target)  # its time says when it was last used (see _forget_older_versions)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to expand
        return None
    return target


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

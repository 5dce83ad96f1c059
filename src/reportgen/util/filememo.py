"""What this process learnt of a file or folder, used again while it is unchanged.

Every build hashes the files of its template set for its cache keys and walks
their folders; ``reportgen watch`` does so again at every save, for files that
did not change. Here the digest of a file and the listing of a folder are kept
with the status ``os.stat`` gave (size, inode, times of change) and used again
while it gives the same status.

A status can hide a change: a file written twice within one tick of the file
system's clock keeps its times, and may keep its size. As git does with the
"racy" entries of its index, nothing is kept of a file or folder changed less
than ``RACY_SECONDS`` before it was read: it is read again next time.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

from reportgen.util import files
from reportgen.util.digests import sha256

# Longer than the coarsest clock of a common file system (FAT's two seconds).
RACY_SECONDS = 3
_LIMIT = 100_000  # entries; a day of watching a large project stays far below

Status = tuple[int, int, int, int, int]
Walk = Callable[[Path], tuple[list[Path], list[Path]]]

_digests: dict[Path, tuple[Status, str]] = {}
_listings: dict[tuple[Path, Walk], tuple[list[tuple[Path, Status]], list[Path]]] = {}


def status(path: Path) -> Status:
    """What changes when the file's content may have: raises OSError like ``os.stat``."""
    found = os.stat(path)
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)


def settled(seen: Status) -> bool:
    """Whether the entry changed long enough ago for its status to tell a later change."""
    return time.time_ns() - max(seen[1], seen[2]) > RACY_SECONDS * 1_000_000_000


def digest(path: Path) -> str:
    """The sha256 of the file's bytes (OSError if it cannot be read)."""
    kept = _digests.get(path)
    if kept is not None and kept[0] == status(path):
        return kept[1]
    found = sha256(path.read_bytes())
    seen = status(path)  # after reading: a change while reading shows as recent
    if settled(seen):
        if len(_digests) >= _LIMIT:
            _digests.clear()
        _digests[path] = (seen, found)
    return found


def files_digest(root: Path, paths: list[Path]) -> str:
    """The hash of files below ``root``: each one's name relative to it and the digest
    of its bytes (``digest``: a file unchanged since it was last read is not read)."""
    combined = hashlib.sha256()
    for path in sorted(paths):
        name = files.name_below(str(path), [(str(root), "")])
        if name is None:
            raise ValueError(f"{path} is not below {root}")
        combined.update(f"{name}\0{digest(path)}\0".encode())
    return combined.hexdigest()


def listing(folder: Path, walk: Walk) -> list[Path]:
    """``walk(folder)``'s files, kept while none of the folders it went through changed
    (a file added, removed or renamed changes its folder's times). ``walk`` returns the
    files and the folders it read."""
    key = (folder, walk)
    kept = _listings.get(key)
    if kept is not None and _unchanged(kept[0]):
        return list(kept[1])
    found, folders = walk(folder)
    try:
        # The folder itself first: one that is missing (os.walk then finds nothing)
        # raises here, so that its empty listing is not kept.
        seen = [(f, status(f)) for f in dict.fromkeys([folder, *folders])]
    except OSError:
        return found  # a folder went while it was walked: walked again next time
    if all(settled(s) for _, s in seen):
        if len(_listings) >= _LIMIT:
            _listings.clear()
        _listings[key] = (seen, list(found))
    return found


def _unchanged(folders: list[tuple[Path, Status]]) -> bool:
    try:
        return all(status(folder) == seen for folder, seen in folders)
    except OSError:
        return False


def forget() -> None:
    """Drop everything kept (tests that change a file's status by hand use it)."""
    _digests.clear()
    _listings.clear()

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

What a process kept of reportgen's own files (``kept_below``) can be handed to the
next one (``adopt``, through the user cache): it is then used by the same rule, as
if this process had learnt it, once the status is found the same.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from reportgen.util import files
from reportgen.util.digests import sha256

# Longer than the coarsest clock of a common file system (FAT's two seconds).
RACY_SECONDS = 3
_LIMIT = 100_000  # entries; a day of watching a large project stays far below

Status = tuple[int, int, int, int, int]
Walk = Callable[[Path], tuple[list[Path], list[Path]]]

_digests: dict[Path, tuple[Status, str]] = {}
_listings: dict[tuple[Path, Walk], tuple[list[tuple[Path, Status]], list[Path]]] = {}
# What an earlier process kept (``adopt``), by absolute path (and walk's name), until
# this process finds the status it was kept with (then it moves above) or another.
_earlier_digests: dict[str, tuple[Status, str]] = {}
_earlier_listings: dict[tuple[str, str], tuple[list[tuple[str, Status]], list[str]]] = {}


def status(path: Path | str) -> Status:
    """What changes when the file's content may have: raises OSError like ``os.stat``."""
    return _status_of(os.stat(path))


def opened_status(stream: BinaryIO) -> Status:
    """The status of the file ``stream`` reads (whatever its name leads to by now)."""
    return _status_of(os.fstat(stream.fileno()))


def _status_of(found: os.stat_result) -> Status:
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)


def settled(seen: Status) -> bool:
    """Whether the entry changed long enough ago for its status to tell a later change."""
    return time.time_ns() - max(seen[1], seen[2]) > RACY_SECONDS * 1_000_000_000


def digest(path: Path) -> str:
    """The sha256 of the file's bytes (OSError if it cannot be read)."""
    kept = _digests.get(path) or _earlier_digests.pop(str(path), None)
    if kept is not None and kept[0] == status(path):
        _digests[path] = kept  # (what an earlier process kept is now this one's)
        return kept[1]
    _digests.pop(path, None)
    with path.open("rb") as stream:
        found = sha256(stream.read())
        # The status of the file read (not of what the name leads to by now: a link
        # changed meanwhile), taken after reading: a change while reading shows as recent.
        seen = opened_status(stream)
    if settled(seen):
        if len(_digests) >= _LIMIT:
            _digests.clear()
        _digests[path] = (seen, found)
    return found


def kept_status(path: Path) -> Status | None:
    """The status with which ``digest`` last gave the file's digest and keeps it; None
    when it keeps none (the file changed in the last seconds)."""
    kept = _digests.get(path)
    return kept[0] if kept is not None else None


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
    kept = _listings.get(key) or _earlier_listing(folder, walk)
    if kept is not None and _unchanged(kept[0]):
        _listings[key] = kept  # (what an earlier process kept is now this one's)
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


def _earlier_listing(folder: Path, walk: Walk
                     ) -> tuple[list[tuple[Path, Status]], list[Path]] | None:
    name = _walk_name(walk)
    kept = _earlier_listings.pop((str(folder), name), None) if name else None
    if kept is None:
        return None
    seen, found = kept
    return [(Path(f), s) for f, s in seen], [Path(f) for f in found]


def _walk_name(walk: Walk) -> str:
    """The walk's name, the same in every process; "" for one that has none (a local
    function's, a lambda's), whose listings are not handed on."""
    name = f"{walk.__module__}.{getattr(walk, '__qualname__', '<')}"
    return "" if "<" in name else name


def kept_below(folders: Sequence[str]) -> dict[str, Any]:
    """What this process keeps (and was handed, not yet used) of the files and folders
    below ``folders`` (absolute, as the files are named), as JSON data for ``adopt``.
    Only what was settled when it was read is ever kept."""
    bases = tuple(folder.rstrip(os.sep) + os.sep for folder in folders)

    def below(path: str) -> bool:
        return path.startswith(bases) or path in folders

    digests = dict(_earlier_digests)
    digests.update((str(path), kept) for path, kept in _digests.items())
    listings = dict(_earlier_listings)
    listings.update(((str(folder), _walk_name(walk)),
                     ([(str(f), s) for f, s in seen], [str(p) for p in found]))
                    for (folder, walk), (seen, found) in _listings.items())
    return {
        "digests": {name: [*seen, found] for name, (seen, found) in sorted(digests.items())
                    if below(name)},
        "listings": [[folder, walk, [[f, list(s)] for f, s in seen], found]
                     for (folder, walk), (seen, found) in sorted(listings.items())
                     if walk and below(folder)],
    }


def adopt(kept: Any) -> None:
    """Take what ``kept_below`` gave in an earlier process: each digest and listing is
    used while its status is the one it was kept with. ValueError (nothing taken) for
    data of another shape."""
    try:
        digests = {str(name): (_status(entry[:5]), _digest(entry[5]))
                   for name, entry in kept["digests"].items()}
        listings = {(str(folder), str(walk)): ([(str(f), _status(s)) for f, s in seen],
                                               [str(p) for p in found])
                    for folder, walk, seen, found in kept["listings"]}
    except (TypeError, KeyError, ValueError, AttributeError, IndexError) as exc:
        raise ValueError("not what kept_below gives") from exc
    _earlier_digests.update(digests)
    _earlier_listings.update(listings)


def _status(values: Any) -> Status:
    # (Its five numbers are only ever compared with a status: anything else never equals.)
    if not (isinstance(values, list) and len(values) == 5):
        raise ValueError("not a status")
    return (values[0], values[1], values[2], values[3], values[4])


def _digest(value: Any) -> str:
    if not (isinstance(value, str) and len(value) == 64):
        raise ValueError("not a digest")
    return value


def forget() -> None:
    """Drop everything kept (tests that change a file's status by hand use it)."""
    _digests.clear()
    _listings.clear()
    _earlier_digests.clear()
    _earlier_listings.clear()

"""Atomic writes: a failed or interrupted build never leaves a half-written file,
and never a folder where some outputs are new and others old.

A single file (``write_bytes``, for caches) is written to a temporary file in
the same folder and renamed over the old one once complete; the rename is
atomic on every platform Python supports, so readers see either the old file
or the new one.

A build's outputs are written as one transaction (``OutputSet``): every file is
first prepared beside its target, and only when all are ready are they renamed
into place, in order (the manifest last). Each replaced file is kept aside under
a temporary name until the whole set is in; if any rename fails, the files
already renamed are put back, so the folder holds either the whole old set or
the whole new set. Ctrl-C and SIGTERM wait while the set is being renamed
(``deferred_interruptions``): they take effect once it is in.

A process killed outright leaves its temporary files behind; their names carry
the writer's process id, so the next write to the same target removes the
files of writers that are no longer running.
"""

from __future__ import annotations

import errno
import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.errors import Location, OutputError, inert

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType
    from typing import Any, TypeAlias

    Handler: TypeAlias = Callable[[int, FrameType | None], Any] | int | None

# The kinds of temporary file a writer leaves beside its target while it works.
_PREPARED, _ASIDE = "part", "old"
_ENDS = (f".{_PREPARED}", f".{_ASIDE}")

# Whether each file and rename is forced onto the disk before the write returns (so
# that a power cut after a build keeps the new set). ``reportgen watch`` does without
# (``sync_to_disk(False)``): it writes at every save, and the next rebuild, which checks
# every output against the size and digest it recorded, rebuilds a half-written one.
_sync = True


def sync_to_disk(on: bool = True) -> None:
    global _sync
    _sync = on


def write_bytes(target: Path, data: bytes) -> None:
    """Write one file atomically; raises OSError (callers that only cache ignore it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    temporary = _prepare(target, data)
    try:
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _prepare(target: Path, data: bytes) -> Path:
    """``data`` in a new temporary file beside ``target``, on disk (fsynced, unless
    ``sync_to_disk(False)``)."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=f".{os.getpid()}.{_PREPARED}")
    temporary = Path(name)
    try:
        # mkstemp makes the file private (0600); outputs are published: 0644.
        os.chmod(temporary, 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if _sync:
                os.fsync(stream.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def remove_leftovers(target: Path) -> None:
    """Delete temporary files for ``target`` whose writing process is gone."""
    for name in _leftovers(target):
        pid = name.rsplit(".", 2)[-2]
        if pid.isdigit() and not _running(int(pid)):
            (target.parent / name).unlink(missing_ok=True)


def _leftovers(target: Path) -> list[str]:
    """The names of the folder's temporary files for ``target``
    (``.<name>.<anything>.<kind>``), compared as strings: a name is not a pattern (a
    glob would take ``[`` in it for one, and compile one at every write)."""
    start = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []  # no folder yet, or not readable: nothing of ours to find
    return [name for name in names if name.startswith(start) and any(
        name.endswith(end) and len(name) >= len(start) + len(end) for end in _ENDS)]


def _running(pid: int) -> bool:
    # On Windows os.kill would end the process: there, assume it still runs.
    if pid == os.getpid() or os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


@dataclass
class _File:
    """One file of a set: where it goes, where it waits, where the old one is kept."""

    target: Path
    prepared: Path
    aside: Path | None = None  # the file it replaces, under a temporary name
    moved: bool = False  # the old file was moved aside (no hard link): the target is missing
    placed: bool = False


class OutputSet:
    """Files written as one: all prepared, then renamed into place together.

    Use it as a context manager: whatever was prepared and not committed is
    removed on leaving. ``add`` and ``commit`` raise OutputError, with the file
    and what to do, when the folder cannot take the files.
    """

    def __init__(self) -> None:
        self.files: list[_File] = []
        self.committed = False

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.discard()

    def add(self, target: Path, data: bytes) -> None:
        """Prepare ``data`` beside ``target``; nothing visible changes yet."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(target)
            self.files.append(_File(target, _prepare(target, data)))
        except OSError as exc:
            raise output_error(target, exc) from None

    def commit(self) -> None:
        """Rename every prepared file into place, in order; if one fails, put back those
        already renamed and raise OutputError (the folder then holds the old set)."""
        if not self.files:
            self.committed = True
            return
        current = self.files[0]
        try:
            for current in self.files:
                _place(current)
        except OSError as exc:
            unrestored = self._put_back()
            raise output_error(current.target, exc, unrestored) from None
        self.committed = True
        for file in self.files:
            if file.aside is not None:
                file.aside.unlink(missing_ok=True)
        _sync_folders({file.target.parent for file in self.files})

    def discard(self) -> None:
        """Remove the prepared files that were not renamed into place."""
        for file in self.files:
            if not file.placed:
                file.prepared.unlink(missing_ok=True)

    def _put_back(self) -> list[_File]:
        """Undo every rename made; return the files whose old version could not be
        put back (their folder is then a mixed set, and the message says so)."""
        failed = []
        for file in reversed(self.files):
            try:
                if file.placed and file.aside is None:
                    file.target.unlink()  # it was new: the old set did not have it
                elif file.placed or file.moved:
                    os.replace(file.aside, file.target)  # type: ignore[arg-type]
                elif file.aside is not None:
                    file.aside.unlink()  # a second name of the untouched old file
                file.placed = False
            except OSError:
                failed.append(file)
        return failed


def _place(file: _File) -> None:
    """Keep the target's old file aside, then rename the prepared file over it."""
    target = file.target
    if target.is_dir() and not target.is_symlink():  # never moved aside: it is not ours
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    aside = target.with_name(f".{target.name}.{os.urandom(4).hex()}.{os.getpid()}.{_ASIDE}")
    try:
        # A second name for the old file: the target never goes missing.
        os.link(target, aside, follow_symlinks=False)
        file.aside = aside
    except FileNotFoundError:
        pass  # a new file: nothing to keep
    except OSError:  # no hard links on this file system: move it aside instead
        try:
            os.replace(target, aside)
            file.aside, file.moved = aside, True
        except FileNotFoundError:
            pass
    os.replace(file.prepared, target)
    file.placed = True


def _sync_folders(folders: set[Path]) -> None:
    """Put the renames on disk too (a power cut after the build keeps the new set)."""
    if os.name == "nt" or not _sync:
        return  # folders cannot be opened there; NTFS journals renames
    for folder in folders:
        try:
            handle = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(handle)
            finally:
                os.close(handle)
        except OSError:
            pass  # some file systems refuse to sync a folder: the renames stand


def output_error(target: Path, exc: OSError, unrestored: list[_File] | None = None
                 ) -> OutputError:
    """The one-line message for a file of the set that could not be written."""
    message = str(OutputError.from_os_error(exc, f"write {inert(str(Location(target)))}"))
    if not unrestored:
        return OutputError(f"{message}; no output was changed")
    kept = ", ".join(f"{inert(str(Location(f.target)))} (the old one is "
                     f"{inert(f.aside.name) if f.aside else 'gone'})" for f in unrestored)
    return OutputError(f"{message}; the old outputs could not all be put back: {kept}")


# ------------------------------------------------------------------ interruptions

_INTERRUPTIONS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def deferred_interruptions() -> Iterator[None]:
    """Ctrl-C and SIGTERM arriving inside the block take effect when it ends well.

    If the block fails, its own error is raised and the interruption is dropped:
    the build stops either way. Only the main thread can change signal handlers
    (and only it runs them): elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def wait(signum: int, _frame: FrameType | None) -> None:
        arrived.append(signum)

    previous: dict[int, Handler] = {number: signal.signal(number, wait)
                                    for number in _INTERRUPTIONS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if arrived:
        _deliver(arrived[0], previous[arrived[0]])


def _deliver(signum: int, handler: Handler) -> None:
    """What the signal would have done had it not waited."""
    if callable(handler):
        handler(signum, None)
    elif handler != signal.SIG_IGN:  # the default action: usually, to end the process
        os.kill(os.getpid(), signum)

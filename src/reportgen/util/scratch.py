"""One private temporary folder for what a build's workers make on the way.

pandoc's files, typst's empty package folder, LibreOffice's profile: each writer
removes its own temporary folder when it ends, but a worker stopped between the
folder's creation and the code that removes it, or while it removes it, would leave
one behind. So the build makes one folder, its workers make every temporary folder
inside it (``tempfile.tempdir``), and the build removes the whole of it once they
have ended, however rendering ends. (The build's own process keeps the usual
temporary folder: its writers run inside ``with`` blocks that an interruption
unwinds, and multiprocessing keeps a folder of its own there for the process's life.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from reportgen.util.atomic import deferred_interruptions

_current: list[str] = []  # the folder of the build rendering now, if any


@contextmanager
def scratch_folder() -> Iterator[str]:
    """The folder, the workers' while the block runs; removed when it ends."""
    folder = ""
    try:
        # Made and recorded, or not made at all; an interruption that waited for it is
        # raised at the end of the block, inside this try, so the folder still goes.
        with deferred_interruptions():
            try:
                folder = tempfile.mkdtemp(prefix="reportgen-build-")
            except OSError:  # the writer that needs one says so, with the fix (set TMPDIR)
                folder = ""
            else:
                _current.append(folder)
        yield folder or tempfile.gettempdir()
    finally:
        if folder:
            _current.remove(folder)
            _remove(folder)


def _remove(folder: str) -> None:
    """Remove the folder, again while a worker that outlived its pool's wait (a loaded
    machine) still finishes removing or making its files in it."""
    for _ in range(_ATTEMPTS):
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.lexists(folder):
            return
        time.sleep(_PAUSE)


_ATTEMPTS, _PAUSE = 50, 0.1


def for_workers() -> str:
    """Where a worker started now makes its temporary files."""
    return _current[-1] if _current else tempfile.gettempdir()


def use(folder: str) -> None:
    """In a worker: make its temporary files in the build's folder."""
    tempfile.tempdir = folder

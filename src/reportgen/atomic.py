"""Atomic writes: a failed or interrupted build never leaves a half-written file.

Each output is written to a temporary file in the same folder and renamed over
the old one only once it is complete; the rename is atomic on every platform
Python supports, so readers see either the old file or the new one.

A process killed between the two steps leaves its temporary file behind; the
name carries the writer's process id, so the next write to the same target
removes the files of writers that are no longer running.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=f".{os.getpid()}.part")
    try:
        # mkstemp makes the file private (0600); outputs are published: 0644.
        os.chmod(temporary, 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_leftovers(target: Path) -> None:
    """Delete temporary files for ``target`` whose writing process is gone."""
    for leftover in target.parent.glob(f".{target.name}.*.part"):
        pid = leftover.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not _running(int(pid)):
            leftover.unlink(missing_ok=True)


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

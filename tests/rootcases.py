"""Mini-project roots under tests/roots/, each made from the minimal session.

A root shows only its fault: ``fault.diff`` is a unified diff from
``roots/minimal/session.yaml`` to the root's session, and any other file of
the folder (a ``templates/`` override, ``expected.txt``) is used as it is. A
root whose session is shorter than such a diff (an empty file, a file of
comments, a YAML syntax error) keeps its whole ``session.yaml`` instead; a
root with neither is the minimal session itself with its other files.

``materialise`` writes the roots as they are meant to be read into a folder of
the test's, so that messages still name ``roots/<name>/session.yaml``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOTS = Path(__file__).resolve().parent / "roots"
MINIMAL = ROOTS / "minimal" / "session.yaml"
DIFF = "fault.diff"
SESSION = "session.yaml"

_HUNK = re.compile(rb"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@")


def names() -> list[str]:
    return sorted(p.name for p in ROOTS.iterdir() if p.is_dir())


def session_bytes(name: str) -> bytes:
    """The session file of root ``name``, as a user would have typed it."""
    folder = ROOTS / name
    if (folder / SESSION).is_file():
        return (folder / SESSION).read_bytes()
    base = MINIMAL.read_bytes()
    if not (folder / DIFF).is_file():
        return base
    try:
        return apply_diff(base, (folder / DIFF).read_bytes())
    except ValueError as exc:
        raise ValueError(f"tests/roots/{name}/{DIFF}: {exc}") from None


def materialise(name: str, destination: Path) -> Path:
    """Root ``name`` written out as a folder under ``destination``; returns its session file."""
    target = destination / name
    shutil.copytree(ROOTS / name, target, ignore=shutil.ignore_patterns(DIFF), symlinks=True,
                    dirs_exist_ok=True)
    (target / SESSION).write_bytes(session_bytes(name))
    return target / SESSION


def apply_diff(base: bytes, diff: bytes) -> bytes:
    """``base`` with the hunks of a unified diff applied; every context and removed line
    must match, so that a diff made against another minimal session fails loudly."""
    old = base.splitlines(keepends=True)
    new: list[bytes] = []
    position = 0  # lines of ``old`` already copied or consumed
    lines = diff.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        hunk = _HUNK.match(lines[index])
        index += 1
        if hunk is None:
            continue  # the --- and +++ header lines
        start = int(hunk[1]) - (0 if hunk[2] == b"0" else 1)
        if start < position:
            raise ValueError(f"hunk at line {hunk[1]} overlaps the one before it")
        new += old[position:start]
        position = start
        last = b""
        while index < len(lines) and lines[index][:1] in (b" ", b"-", b"+", b"\\"):
            mark, text = lines[index][:1], lines[index][1:]
            index += 1
            if mark == b"\\":  # "\ No newline at end of file", said of the line before
                if last != b"-" and new and new[-1].endswith(b"\n"):
                    new[-1] = new[-1][:-1]
                continue
            last = mark
            if mark in (b" ", b"-"):
                found = old[position] if position < len(old) else b""
                if found.rstrip(b"\r\n") != text.rstrip(b"\r\n"):
                    raise ValueError(f"line {position + 1} of the minimal session does not "
                                     f"match the diff: {found!r} is not {text!r}")
                position += 1
            if mark in (b" ", b"+"):
                new.append(text)
    return b"".join(new + old[position:])

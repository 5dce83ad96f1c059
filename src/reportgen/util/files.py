"""Reading the files a project supplies: regular files only, and never too much.

A session file or ``reportgen.toml`` comes from a project folder that may not
be trustworthy, and a name there can stand for something that is not a file:
a named pipe (reading it waits forever for a writer), a link to ``/dev/zero``
(reading it never ends), a socket, a dangling link or a loop of links. Each is
refused with a located message before any byte is read: the file is opened
without blocking, the opened descriptor is checked to be a regular file (a
check of the name could be answered by another file than the one read), and
the size limit counts the bytes actually read, since ``stat`` tells nothing
true of a device or a file that grows.

Light on purpose (no YAML library): the build checks every session's name with
it before deciding whether the session must be loaded at all.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Diagnostic, InputError, Location, inert

# Real session files are tens of kilobytes; anything this large is a wrong file.
MAX_BYTES = 5 * 1024 * 1024

# Without O_NONBLOCK, opening a named pipe waits until something writes to it.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Expected:
    """What a file should be, for the messages: its usual name and what a missing one
    should be replaced with."""

    name: str  # "session.yaml"
    missing: str  # the hint when the path names nothing


SESSION = Expected("session.yaml", "give the path of a session.yaml file or of its folder")
CONFIG = Expected("reportgen.toml", "give the path of a reportgen.toml file")


def read_bytes(path: Path, expected: Expected = SESSION, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path``; an InputError located at it otherwise
    (not a regular file, unreadable, or over ``limit`` bytes)."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _refused(path, _open_problem(path, exc, expected)) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise _refused(path, _not_a_file(path, status.st_mode, expected))
        if status.st_size > limit:  # refused before reading a byte
            raise _refused(path, _too_large(f"{status.st_size / 1024 / 1024:.1f} MB",
                                            expected, limit))
        data = _read_at_most(descriptor, limit + 1)
    except OSError as exc:
        raise _refused(path, f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew while it was read, or stat did not tell its size
        raise _refused(path, _too_large(f"more than {_amount(limit)}", expected, limit))
    return data


def read_cache(path: Path, limit: int) -> bytes | None:
    """The bytes of the cache file ``path``; None when there is none or it cannot be read.

    A cache lies in a folder a project may ship too: ValueError (damaged, to be
    replaced) when the name holds something no build wrote there, a file over
    ``limit`` bytes or no regular file (a named pipe, a link to ``/dev/zero``).
    """
    try:
        status = os.stat(path)
    except OSError:
        return None  # none, or a link to nothing: built anew
    if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
        raise ValueError("not a cache file")
    try:
        return read_bytes(path, limit=limit)
    except InputError:
        return None  # unreadable, or replaced meanwhile: built anew


def problem(path: Path, expected: Expected = SESSION) -> Diagnostic | None:
    """Why ``path`` cannot be read as a file, found without opening it; None if it can.

    For the names a build collects before it reads them: a named pipe must be
    refused before anything waits on it.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return Diagnostic(Location(path), _open_problem(path, exc, expected))
    if not stat.S_ISREG(mode):
        return Diagnostic(Location(path), _not_a_file(path, mode, expected))
    return None


def decode(path: Path, data: bytes) -> str:
    """The UTF-8 text of ``data`` (a byte-order mark is accepted); a byte that is not
    UTF-8 is an InputError at its line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Diagnostic(
            Location(path, line, column),
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8 "
            "(save the file as UTF-8)",
        )]) from None


def _read_at_most(descriptor: int, count: int) -> bytes:
    chunks: list[bytes] = []
    remaining = count
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _refused(path: Path, message: str) -> InputError:
    return InputError([Diagnostic(Location(path), message)])


def _too_large(size: str, expected: Expected, limit: int) -> str:
    noun = "a session file" if expected is SESSION else f"a {expected.name} file"
    return f"the file is {size}; {noun} may be at most {_amount(limit)} (is this the right file?)"


def _amount(count: int) -> str:
    megabytes, rest = divmod(count, 1024 * 1024)
    return f"{megabytes} MB" if megabytes and not rest else f"{count:,} bytes"


def _open_problem(path: Path, exc: OSError, expected: Expected) -> str:
    if exc.errno == errno.ELOOP:
        return ("this symbolic link leads round in a loop and never reaches a file "
                "(point it at the file itself)")
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return (f"this symbolic link points to '{_target(path)}', which does not exist "
                    "(correct the link, or put the file itself here)")
        return f"no such file ({expected.missing})"
    if exc.errno == errno.ENXIO:  # a socket: open() refuses it, stat() names it
        try:
            return _not_a_file(path, os.stat(path).st_mode, expected)
        except OSError:
            pass
    if exc.errno == errno.EISDIR:
        return f"this is a folder; give the {expected.name} file in it"
    return f"cannot read the file: {exc.strerror}"


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _not_a_file(path: Path, mode: int, expected: Expected) -> str:
    if stat.S_ISDIR(mode):
        return f"this is a folder; give the {expected.name} file in it"
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    what = f"a symbolic link to '{_target(path)}', {kind}" if os.path.islink(path) else kind
    return (f"this is {what}, not a file: reportgen reads only regular files "
            f"(put the {expected.name} file itself here)")


def _target(path: Path) -> str:
    try:
        return inert(os.readlink(path))
    except OSError:
        return "something that cannot be read"


def translation_file(session: Path, code: str) -> Path:
    """The translation of a session file into ``code``: ``session.fr.yaml`` beside it."""
    return session.with_name(f"{session.stem}.{code}{session.suffix}")


def name_below(path: str, bases: Iterable[tuple[str, str]]) -> str | None:
    """``prefix`` and the path of ``path`` below the first of ``bases`` (folder, prefix)
    that holds it, with "/"; None when none does. On strings: the caches' and the
    manifest's names of every template file, at every build.

    ``path`` is normalised, as ``str()`` of a Path or ``os.path.abspath`` gives it: its
    part below a folder then only needs its separators turned (as ``as_posix`` would).
    """
    for base, prefix in bases:
        folder = base.rstrip(os.sep) + os.sep
        if path.startswith(folder):
            return prefix + (path[len(folder):].replace(os.sep, "/") or ".")
    return None

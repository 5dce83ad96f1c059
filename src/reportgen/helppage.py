"""``reportgen --help`` without importing click: the page click wrote last time, kept.

Importing click is most of the time the group's help takes. The page depends only
on reportgen's and click's code, the Python that runs them, the width of the
terminal, the language environment (click's words go through gettext), how the
program was started (its name in "Usage:") and the encoding of the output. When
click writes the page, it is kept in the user's cache (``$REPORTGEN_CACHE_DIR``,
else ``$XDG_CACHE_HOME/reportgen``, else ``~/.cache/reportgen``) beside all of
that; the next ``reportgen --help`` compares all of it with the present and prints
the page only when everything is the same. Anything else, or any doubt, runs click.

This module imports only what Python has loaded at start-up, time and zlib;
``reportgen.__main__.run`` calls it first.
"""

from __future__ import annotations

import os
import sys
import time
import zlib

# The command lines that ask for the group's page.
HELP_ARGUMENTS = (["--help"], ["-h"])
# What gettext reads to choose the language of click's words ("Usage:", "Options:").
_LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# reportgen's files that the group's page is made of (its text, the list of commands,
# the version), and those that keep and print it.
_OWN_SOURCES = ("cli.py", os.path.join("commands", "__init__.py"), "__init__.py",
                "helppage.py", "__main__.py")
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


# Kept pages not read for this long are removed when another page is kept.
_UNUSED_FOR = 7 * 24 * 3600


def print_kept() -> bool:
    """Print the kept page if it is still the page click would write; say whether it was."""
    page = _read() if sys.stdout is not None else None
    if page is None:
        return False
    try:
        sys.stdout.write(page + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # as click ends then: status 1, nothing said
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    return True


def keep(page: str, click_folder: str) -> None:
    """Keep the group's page as click wrote it, for the next ``reportgen --help``;
    ``click_folder`` is where the click that wrote it was imported from."""
    folder, state = _folder(), _state()
    if folder is None or state is None or _click_folder() != click_folder:
        return  # (click came from elsewhere than the path finder would find it)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not _private(folder):
            return
        _forget_unused(folder)
        temporary = f"{_entry(folder, state)}.{os.getpid()}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(f"{state}\n{page}")
        os.replace(temporary, _entry(folder, state))  # whole, or not at all
    except OSError:
        pass  # a read-only home: the help is written by click every time


def _forget_unused(folder: str) -> None:
    """Remove the pages of code, widths and folders not seen for a week."""
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if time.time() - os.stat(path).st_mtime > _UNUSED_FOR:
            os.remove(path)


def _read() -> str | None:
    """The kept page, if everything it was made from is as it is now."""
    folder, state = _folder(), _state()
    if folder is None or state is None:
        return None
    entry = _entry(folder, state)
    try:
        if not (_private(folder) and _private(entry)):
            return None  # someone else could have written it
        with open(entry, encoding="utf-8") as handle:
            kept, _, page = handle.read().partition("\n")
        os.utime(entry)  # its time says when it was last used (_forget_unused)
    except (OSError, UnicodeDecodeError):
        return None
    if kept != state or not all(line.isprintable() for line in page.split("\n")):
        return None  # (a page is text: no escape sequence reaches the terminal)
    return page


def _entry(folder: str, state: str) -> str:
    return os.path.join(folder, f"{zlib.crc32(state.encode('utf-8')):08x}.txt")


def _folder() -> str | None:
    chosen = os.environ.get("REPORTGEN_CACHE_DIR", "").strip()
    if chosen:
        return os.path.join(chosen, "help")
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
    return None if base.startswith("~") else os.path.join(base, "reportgen", "help")


def _private(path: str) -> bool:
    """Ours, and writable by no one else."""
    info = os.stat(path)
    return not hasattr(os, "getuid") or (info.st_uid == os.getuid()
                                         and not info.st_mode & 0o022)


def _state() -> str | None:
    """One line that changes whenever the page could: the digests of reportgen's and
    click's code, Python, the module path, the width, the language, how the program
    was started and the encoding."""
    click = _click_folder()
    if click is None:
        return None
    try:
        own = [_digest(os.path.join(_PACKAGE, name)) for name in _OWN_SOURCES]
        theirs = [_digest(os.path.join(click, name)) for name in sorted(os.listdir(click))
                  if name.endswith(".py")]
    except OSError:
        return None
    language = [os.environ.get(name, "") for name in _LANGUAGE_VARIABLES]
    # What click names the program after in "Usage:" ("reportgen", "python -m reportgen").
    program = [sys.argv[0], str(getattr(sys.modules["__main__"], "__package__", None))]
    parts = [sys.version, *sys.path, _PACKAGE, click, *own, *theirs, str(terminal_columns()),
             *language, *program, str(getattr(sys.stdout, "encoding", None))]
    return repr(parts)


def _digest(path: str) -> str:
    with open(path, "rb") as handle:
        return f"{zlib.crc32(handle.read()):08x}"


def _click_folder() -> str | None:
    """The click package that ``import click`` would load, found the way the path finder
    finds it; None when it would come from anywhere else (a zip, another finder)."""
    for entry in sys.path:
        folder = os.path.join(entry or os.getcwd(), "click")
        if os.path.isfile(os.path.join(folder, "__init__.py")):
            return os.path.abspath(folder)
        if os.path.exists(folder + ".py") or os.path.isfile(entry):
            return None
    return None


def terminal_columns() -> int:
    """The columns ``shutil.get_terminal_size`` gives click (importing shutil costs more
    than the rest of this module): $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns

"""Errors and warnings that reach users.

Every problem a user can fix carries a location (``path:line:col``) and says
what to type instead. The CLI is the only place that turns these into
messages and exit codes; the library only raises and collects them.
"""

from __future__ import annotations

import enum
import errno
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


class ExitCode(enum.IntEnum):
    """Exit codes of the ``reportgen`` command, by name (documented in the README)."""

    OK = 0
    ERROR = 1  # unexpected failure (a bug): traceback saved to a file
    INVALID_INPUT = 2  # the session files, options or settings have errors; nothing written
    PAGES_DIFFER = 3  # `reportgen pages`: the PDF and the DOCX do not begin pages alike
    TOOL_FAILED = 4  # pandoc, typst or LibreOffice failed, is missing, or wrote nonsense
    WARNINGS_AS_ERRORS = 5  # --strict and there were warnings
    OUTPUT_FAILED = 6  # the outputs cannot be written: folder, permission, disk full
    INTERRUPTED = 130  # Ctrl-C or SIGTERM: 128 + SIGINT, the shell's convention
    BROKEN_PIPE = 141  # the reader of our output went away: 128 + SIGPIPE


# Characters that a terminal obeys rather than shows: C0 and C1 controls (an escape
# sequence can retitle the window, move the cursor or hide text) and the bidirectional
# overrides and isolates (which reorder what follows, making a message lie). Also the
# characters that show as nothing (a zero-width space makes "unknown key 'attendance'"
# look like the right key) and lone surrogates, which no terminal encoding can write.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f"
                     "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]")


def inert(text: str) -> str:
    """``text`` with every character a terminal would obey written as an escape.

    Tabs and line breaks stay (messages are laid out with them); anything else
    that is not shown as itself becomes ``\\x1b`` or ``\\u202e``.
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


@dataclass(frozen=True)
class Location:
    """A place in a source file; line and column count from 1."""

    path: Path | None
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        name = _shown(self.path) if self.path is not None else "<input>"
        if self.line:
            return f"{name}:{self.line}:{self.column}"
        return name


@dataclass
class Diagnostic:
    """One located problem: an error or a warning with a stable code."""

    location: Location
    message: str
    severity: str = "error"  # "error" or "warning"
    code: str = ""  # stable code for warnings: "attendance.unsorted"

    def __str__(self) -> str:
        """One line, whatever it quotes: a line break typed in a key or a folder's name
        is shown as ``\\n``, so that no text can pose as a message of its own."""
        suffix = f" [{self.code}]" if self.code else ""
        line = inert(f"{self.location}: {self.severity}: {self.message}{suffix}")
        return line.replace("\n", "\\n")

    def render(self) -> str:
        """The message, then the line it points at with a caret, as a compiler shows it.

        Everything is inert (a control character in the file is shown as ``\\x1b``),
        and a long line is quoted as a window around the column.
        """
        line = source_line(self.location)
        if line is None:
            return str(self)
        number = str(self.location.line)
        pad = " " * len(number)
        quoted, lead = _quote(line, self.location.column)
        return f"{self}\n {number} | {quoted}\n {pad} | {lead}^"

    def kind(self) -> str:
        """What the message says once the names, numbers and hints it quotes are taken
        out: "nothing has the id 'x1' in [[para:x1]]" and "… 'x2' in [[para:x2]]" are
        one kind."""
        return f"{self.severity} {self.code}: " + " ".join(_QUOTED.sub(" ", self.message).split())


# Quoted names, [[references]], (hints) and numbers: what differs between two
# messages of one kind.
_QUOTED = re.compile(r"'[^']*'|\[\[.*?\]\]|\([^()]*\)|\d+")

# A quoted source line longer than this is shown as a window of this many characters
# around the column: a generated file can hold one line of megabytes.
QUOTE_WIDTH = 160
# Messages of one kind shown for one source line; the rest are counted.
SHOWN_PER_LINE = 3


def _quote(line: str, column: int) -> tuple[str, str]:
    """The line as quoted under a message, and the blanks that put a caret under
    ``column`` (counted in characters from 1) once the line is escaped."""
    index = min(max(column - 1, 0), len(line))
    start, end = 0, len(line)
    if len(line) > QUOTE_WIDTH:
        start = max(0, min(index - QUOTE_WIDTH // 2, len(line) - QUOTE_WIDTH))
        end = start + QUOTE_WIDTH
    before = "…" if start > 0 else ""
    after = "…" if end < len(line) else ""
    quoted = before + inert(line[start:end]) + after
    return quoted, _blank(before + inert(line[start:index]))


def _blank(text: str) -> str:
    """Blanks as wide on a terminal as ``text``: tabs stay tabs (so that they stop at
    the same place), wide characters take two columns, combining marks none."""
    return "".join(_blank_for(character) for character in text)


def _blank_for(character: str) -> str:
    if character == "\t":
        return "\t"
    if unicodedata.combining(character) or unicodedata.category(character) in ("Me", "Cf"):
        return ""
    return "  " if unicodedata.east_asian_width(character) in ("W", "F") else " "


def shown(diagnostics: list[Diagnostic]) -> list[str]:
    """Each diagnostic rendered, at most SHOWN_PER_LINE of one kind for a source line:
    the others are counted in one line after that line's messages."""
    out: list[str] = []
    for group in _by_line(diagnostics):
        seen: dict[str, int] = {}
        hidden = 0
        for diagnostic in group:
            kind = diagnostic.kind()
            seen[kind] = seen.get(kind, 0) + 1
            if seen[kind] <= SHOWN_PER_LINE:
                out.append(diagnostic.render())
            else:
                hidden += 1
        if hidden:
            out.append(f"… and {hidden} more on this line")
    return out


def _by_line(diagnostics: list[Diagnostic]) -> list[list[Diagnostic]]:
    """Runs of diagnostics that point at the same line of the same file."""
    groups: list[list[Diagnostic]] = []
    for diagnostic in diagnostics:
        location = diagnostic.location
        if groups and location.line and groups[-1][0].location.line == location.line \
                and groups[-1][0].location.path == location.path:
            groups[-1].append(diagnostic)
        else:
            groups.append([diagnostic])
    return groups


# The text of each file read in this run, so that a message can quote its line.
_SOURCES: dict[str, list[str]] = {}


def split_lines(text: str) -> list[str]:
    """Lines as the YAML reader counts them (str.splitlines also splits at FS, GS, RS)."""
    if not any(character in text for character in _RARE_BREAKS):
        return text.split("\n")  # the usual case, several times faster
    return _LINE_BREAK.split(text)


_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
# Found with `in`: a character-class search over a whole session is much slower.
_RARE_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def remember_source(path: Path, lines: list[str]) -> None:
    """Keep a file's lines (as read, or as they were at a git revision) for messages."""
    _SOURCES[str(path)] = lines


def source_line(location: Location) -> str | None:
    lines = _SOURCES.get(str(location.path)) if location.path is not None else None
    if not lines or not 0 < location.line <= len(lines):
        return None
    return lines[location.line - 1].rstrip("\n")


def suppressed(location: Location, code: str) -> bool:
    """Whether the line carries ``# reportgen: ignore[code]`` (codes separated by commas)."""
    line = source_line(location)
    if not line or "reportgen: ignore[" not in line:
        return False
    listed = line.split("reportgen: ignore[", 1)[1].split("]", 1)[0]
    return code in {c.strip() for c in listed.split(",")}


def _position(diagnostic: Diagnostic) -> tuple[str, int, int]:
    location = diagnostic.location
    return (str(location.path or ""), location.line, location.column)


def plural(count: int, word: str) -> str:
    """"1 error", "3 errors": a count in a message to the user."""
    return f"{count} {word}{'s' if count != 1 else ''}"


class ReportError(Exception):
    """Base of every error reportgen reports to a user (never a traceback)."""

    exit_code = ExitCode.ERROR


class InputError(ReportError):
    """The session files have one or more errors; all of them are listed."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class OutputError(ReportError):
    """The outputs cannot be written (the folder cannot be made, permission denied,
    disk full, the output stream closed): the user's environment, not the session."""

    exit_code = ExitCode.OUTPUT_FAILED

    @classmethod
    def from_os_error(cls, exc: OSError, action: str,
                      remedy: str = "choose another folder with --out") -> OutputError:
        """``cannot <action>: <why> (<what to do>)``, for the error the system gave."""
        why, advice = _OUTPUT_FAULTS.get(exc.errno or 0, ("", ""))
        if not why:
            strerror = exc.strerror or type(exc).__name__
            why = strerror[:1].lower() + strerror[1:]
        return cls(f"cannot {action}: {why} ({advice}{remedy})")


# Why an output cannot be written, and what to do before the caller's remedy.
_OUTPUT_FAULTS = {
    errno.ENOSPC: ("no space left on device", "free some space or "),
    errno.EDQUOT: ("your disk quota is used up", "free some space or "),
    errno.EFBIG: ("the file is too large for this file system", ""),
    errno.EROFS: ("the file system is read-only", ""),
    errno.EACCES: ("permission denied", "make the folder writable or "),
    errno.EPERM: ("the file or its folder may not be changed", "make it writable or "),
    errno.EISDIR: ("a folder of that name is in the way", "delete or rename that folder, or "),
    errno.EEXIST: ("a file of that name is in the way", "delete or rename that file, or "),
    errno.ENOTDIR: ("a file stands where one of the folders of its path should be", ""),
    errno.EIO: ("the device reported an input/output error", ""),
}


class ToolError(ReportError):
    """An external tool (pandoc, typst, LibreOffice) failed or is missing.

    Keeps the command and the tool's own stderr so the user sees what it said.
    """

    exit_code = ExitCode.TOOL_FAILED

    def __init__(self, tool: str, message: str, command: list[str] | None = None,
                 stderr: str = ""):
        self.tool = tool
        self.command = command or []
        self.stderr = stderr
        super().__init__(message)

    def __str__(self) -> str:
        lines = [f"error: {self.tool}: {self.args[0]}"]
        if self.command:
            lines.append("  command: " + " ".join(self.command))
        if self.stderr.strip():
            lines.extend("  " + line for line in self.stderr.strip().splitlines())
        return inert("\n".join(lines))  # the tool's stderr can hold anything


def _unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Each problem once: text that two documents share (a draft part repeats the final
    report's paragraphs) is checked in each, and gives the same diagnostic twice."""
    found: dict[tuple[Location, str, str, str], Diagnostic] = {}
    for d in diagnostics:
        found.setdefault((d.location, d.message, d.severity, d.code), d)
    return list(found.values())


@dataclass
class Diagnostics:
    """Collects every problem of a run so that all are reported at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, message))

    def warning(self, location: Location, message: str, code: str) -> None:
        """A warning, unless its line says ``# reportgen: ignore[code]``."""
        if not suppressed(location, code):
            self.items.append(Diagnostic(location, message, "warning", code))

    @property
    def errors(self) -> list[Diagnostic]:
        return _unique(d for d in self.items if d.severity == "error")

    @property
    def warnings(self) -> list[Diagnostic]:
        return _unique(d for d in self.items if d.severity == "warning")

    def raise_if_errors(self) -> None:
        """Raise every error at once, in the order of the files and lines they point at."""
        if self.errors:
            raise InputError(sorted(self.errors, key=_position))

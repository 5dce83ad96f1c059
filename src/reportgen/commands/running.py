"""How a command runs: every line it prints, and every failure mapped to one message
and a named exit code (errors.ExitCode). This is the only place that does so."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from reportgen import errors
from reportgen.cli import _interruptible
from reportgen.errors import (
    Diagnostic,
    ExitCode,
    InputError,
    OutputError,
    ReportError,
    inert,
    plural,
)


def say(text: str, err: bool = False, nl: bool = True) -> None:
    """Print a line for the user. Every text a command prints goes through here,
    made inert: a session file, a file name or a tool's stderr can hold escape
    sequences and bidirectional overrides, which a terminal would obey."""
    try:
        click.echo(inert(text), err=err, nl=nl)
    except BrokenPipeError:  # the reader went away while a long list was printed
        _discard_stdout(stderr=True)
        sys.exit(ExitCode.BROKEN_PIPE)


def echo_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for block in errors.shown(diagnostics):
        say(block, err=True)


def _save_traceback() -> Path:
    import tempfile
    import traceback

    handle = tempfile.NamedTemporaryFile("w", prefix="reportgen-crash-", suffix=".txt",
                                         delete=False, encoding="utf-8")
    with handle:
        traceback.print_exc(file=handle)
    return Path(handle.name)


def run_action(action: Callable[[], None], show_traceback: bool) -> None:
    """Run a command; map every failure to one message and a named exit code."""
    from reportgen import build

    try:
        _check_working_folder()
        with _interruptible():
            action()
    except build.WarningsAsErrors as exc:
        echo_diagnostics(exc.warnings)
        say(str(exc), err=True)
        sys.exit(exc.exit_code)
    except InputError as exc:
        echo_diagnostics(exc.diagnostics)
        say(f"{plural(len(exc.diagnostics), 'error')}; nothing was written", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    except ReportError as exc:
        say(str(exc) if str(exc).startswith("error") else f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt as exc:  # a build says what it changed (build.Interrupted)
        say(str(exc) or build.BEFORE_COMMIT, err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # the reader of our output went away (`| head`)
        _discard_stdout()
        sys.exit(ExitCode.BROKEN_PIPE)  # as if killed by SIGPIPE, the shell's convention
    except OSError as exc:
        fault = _environment_fault(exc)
        if fault is None:
            _internal_error(exc, show_traceback)
        say(f"error: {fault}", err=True)
        sys.exit(ExitCode.OUTPUT_FAILED)
    except Exception as exc:  # a bug: one line here, the whole story in a file
        _internal_error(exc, show_traceback)


def _internal_error(exc: Exception, show_traceback: bool) -> NoReturn:
    import traceback

    if show_traceback:
        say(traceback.format_exc(), err=True, nl=False)
    else:
        saved = _save_traceback()
        say(f"internal error: {type(exc).__name__}: {exc} "
            f"(traceback saved to {saved}; please report it)", err=True)
    sys.exit(ExitCode.ERROR)


_NO_WORKING_FOLDER = ("the current folder no longer exists (it was deleted or moved); "
                      "cd into an existing folder and run the command again")


def _check_working_folder() -> None:
    """Paths are shown and resolved from the current folder: without it, stop at once."""
    try:
        os.getcwd()
    except FileNotFoundError:
        raise OutputError(_NO_WORKING_FOLDER) from None


def _environment_fault(exc: OSError) -> OutputError | None:
    """What an OSError that reached the command was, when it is no bug of reportgen's:
    the standard output cannot take what was written (a full device), or the current
    folder went away while the command ran."""
    if exc.filename is None and exc.errno in _FULL and _stdout_full():
        _discard_stdout()
        return OutputError.from_os_error(exc, "write to the standard output",
                                         "redirect it to a file or device with room")
    try:
        os.getcwd()
    except FileNotFoundError:
        return OutputError(_NO_WORKING_FOLDER)
    return None


# What a write to a full device or file system fails with.
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _stdout_full() -> bool:
    """Whether the standard output is what is full: a device that refuses any write
    (/dev/full), or a file on a file system with no room left.

    Writes of reportgen's own files name their file (build wraps them); an error
    without a name is a stream's, and stderr is where this message goes.
    """
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # closed, or an in-process test's
        return False
    try:
        os.write(descriptor, b"")  # nothing is written: only a full device refuses it
        status = os.fstat(descriptor)
        return stat.S_ISREG(status.st_mode) and os.fstatvfs(descriptor).f_bavail == 0
    except OSError:
        return True


def _discard_stdout(*, stderr: bool = False) -> None:
    """Point the standard output (and error) at the null device: what is still buffered
    for it is dropped at exit instead of failing again (Python would then exit 120)."""
    for stream in (sys.stdout, sys.stderr) if stderr else (sys.stdout,):
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        except (AttributeError, OSError, ValueError):  # no descriptor (an in-process test's)
            pass

"""The ``reportgen`` process: its entry point, how a signal stops it, and the group
of commands.

Each command is defined in its own module below reportgen.commands, imported when
the command runs or its own help is asked for: ``reportgen --help`` (and a mistyped
command's message) needs only click and the names and one-line helps in
``commands.COMMANDS``, so that it answers at once.
"""

from __future__ import annotations

import _thread
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from types import FrameType
from typing import Any

import click

from reportgen import __version__, helppage
from reportgen.commands import COMMANDS

HELP = """Write the official report of a meeting from its session file.

\b
A session is described in a YAML file (session.yaml): the agenda,
attendance, recommendations and deliberations. reportgen numbers the
paragraphs, writes the standard sentences and lays the report out in
United Nations house style.

\b
  reportgen new meetings/my-meeting            start a session (--from the last one)
  reportgen check meetings/my-meeting          find mistakes, write nothing
  reportgen build meetings/my-meeting          write build/<symbol>.txt/.docx/.pdf
  reportgen build session.yaml --to docx       only the Word file
  reportgen build meetings/ --strict           every session; fail on warnings
  reportgen watch meetings/my-meeting --serve  rebuild on every save; preview

\b
Defaults for a project come from reportgen.toml, found in the session's
folder or above it; command-line options override them.
"""


class _Commands(MutableMapping[str, click.Command]):
    """The group's commands by name, each imported from its module when first looked up.

    click takes the names from the keys (the suggestion for a mistyped command, the
    names shell completion offers) and looks a command up to run it, show its help or
    complete its options. A command is added in commands.COMMANDS, not here: the
    group's help lists that registry.
    """

    def __init__(self) -> None:
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, _summary = COMMANDS[name]  # KeyError: no such command
            self._loaded[name] = importlib.import_module(f"reportgen.commands.{module}").command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        raise TypeError(f"add the command {name!r} to reportgen.commands.COMMANDS")

    def __delitem__(self, name: str) -> None:
        raise TypeError(f"remove the command {name!r} from reportgen.commands.COMMANDS")

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class _Group(click.Group):
    """The ``reportgen`` group: its help lists the commands without importing them."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click's own listing, of stand-ins that carry only each command's first line:
        # the same rows, shortened alike to the terminal's width.
        listing = click.Group(commands=[click.Command(name, help=summary)
                                        for name, (_module, summary) in COMMANDS.items()])
        listing.format_commands(ctx, formatter)

    def get_help(self, ctx: click.Context) -> str:
        page = super().get_help(ctx)
        if _WHOLE_PROCESS:  # the reportgen command, not a test's or a library user's
            helppage.keep(page, os.path.dirname(os.path.abspath(click.__file__)))
        return page


@click.group(cls=_Group, commands=_Commands(), help=HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    pass


def _terminated(_signum: int, _frame: FrameType | None) -> None:
    """SIGTERM (a CI time-out, ``kill``) stops a command as Ctrl-C does: temporary files
    are removed on the way out, and the folder keeps a whole set of outputs."""
    raise KeyboardInterrupt


_REDELIVER_SECONDS = 0.01

# Set by ``run``: this process is the reportgen command, not a library user or a test.
_WHOLE_PROCESS = False


def run() -> None:
    """The ``reportgen`` command as a process (the console script, ``python -m reportgen``)."""
    global _WHOLE_PROCESS
    _WHOLE_PROCESS = True
    main()


@contextmanager
def _interruptible() -> Iterator[None]:
    """SIGTERM as Ctrl-C while a command runs; afterwards, as it was before (or, at the
    end of a reportgen process, ignored: the command is over, the process only ends,
    and a late signal must not make it look interrupted or killed)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # (only the main thread may set a handler: a command run by a library user)
        return
    previous = signal.signal(signal.SIGTERM, _terminated)
    previous_hook = sys.unraisablehook

    def lost(unraisable: Any) -> None:
        # Ctrl-C (or SIGTERM, raised as it) that arrives while Python runs code that
        # cannot raise, such as the callback that frees an import's lock, is dropped
        # there and printed with a traceback. It is delivered again a moment later from
        # another thread, once that code has returned (raised here, it would be dropped
        # again); should it land in such code once more, this repeats.
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            again = threading.Timer(_REDELIVER_SECONDS, _thread.interrupt_main)
            again.daemon = True
            again.start()
        else:
            previous_hook(unraisable)

    sys.unraisablehook = lost
    try:
        yield
    finally:
        sys.unraisablehook = previous_hook
        if _WHOLE_PROCESS:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        else:
            signal.signal(signal.SIGTERM, previous)

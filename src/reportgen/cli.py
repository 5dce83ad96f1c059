"""The ``reportgen`` command: parse options, call the library, report.

This is the only place that turns errors into messages and exit codes.
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__, build, renumber
from .errors import Diagnostic, ExitCode, InputError, ReportError

HELP = """Write the official report of a meeting from its session file.

\b
A session is described in a YAML file (session.yaml): the agenda,
attendance, recommendations and deliberations. reportgen numbers the
paragraphs, writes the standard sentences and lays the report out in
United Nations house style.

\b
  reportgen check meetings/my-meeting          find mistakes, write nothing
  reportgen build meetings/my-meeting          write build/<symbol>.txt/.docx/.pdf
  reportgen build session.yaml --to docx       only the Word file
"""


def _echo_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def _save_traceback() -> Path:
    handle = tempfile.NamedTemporaryFile("w", prefix="reportgen-crash-", suffix=".txt",
                                         delete=False, encoding="utf-8")
    with handle:
        traceback.print_exc(file=handle)
    return Path(handle.name)


def _run(action: Callable[[], None], show_traceback: bool) -> None:
    """Run a command; map every failure to one message and a named exit code."""
    try:
        action()
    except InputError as exc:
        _echo_diagnostics(exc.diagnostics)
        errors = len(exc.diagnostics)
        click.echo(f"{errors} error{'s' if errors != 1 else ''}; nothing was written",
                   err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    except ReportError as exc:
        click.echo(str(exc) if str(exc).startswith("error") else f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted; no output was changed", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: one line here, the whole story in a file
        if show_traceback:
            traceback.print_exc()
        else:
            saved = _save_traceback()
            click.echo(f"internal error: {type(exc).__name__}: {exc} "
                       f"(traceback saved to {saved}; please report it)", err=True)
        sys.exit(ExitCode.ERROR)


def _formats(_ctx: Any, _param: Any, value: str) -> list[str]:
    chosen = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in build.FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(build.FORMATS)} "
                                 "(for example --to docx,pdf)")
    return chosen


traceback_option = click.option("--traceback", is_flag=True,
                                help="Show the full traceback of an internal error.")
paths_argument = click.argument("paths", nargs=-1, required=True,
                                type=click.Path(path_type=Path))


@click.group(help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    pass


@main.command("build")
@paths_argument
@click.option("--to", "formats", default=",".join(build.FORMATS), callback=_formats,
              show_default=True, help="Formats to write, separated by commas.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"),
              show_default=True, help="Folder to write the documents into.")
@traceback_option
def build_command(paths: tuple[Path, ...], formats: list[str], out_dir: Path,
                  traceback: bool) -> None:
    """Build the report of each session in PATHS.

    A PATH is a session.yaml file or a folder holding one (or several, below it).
    Every file is checked before anything is written: if one has a mistake,
    no output changes.
    """
    def action() -> None:
        started = time.perf_counter()
        result = build.build(list(paths), formats, out_dir)
        _echo_diagnostics(result.warnings)
        for path in result.written:
            click.echo(f"wrote {path}")
        elapsed = time.perf_counter() - started
        click.echo(f"built {result.sessions} session{'s' if result.sessions != 1 else ''} "
                   f"into {len(result.written)} files in {elapsed:.1f} s; "
                   f"{len(result.warnings)} warnings")

    _run(action, traceback)


@main.command("check")
@paths_argument
@traceback_option
def check_command(paths: tuple[Path, ...], traceback: bool) -> None:
    """Check the sessions in PATHS for mistakes without writing anything."""
    def action() -> None:
        prepared, diagnostics = build.check(list(paths))
        diagnostics.raise_if_errors()
        _echo_diagnostics(diagnostics.warnings)
        paragraphs = sum(p.numbers.paragraph_count for p in prepared)
        click.echo(f"checked {len(prepared)} session{'s' if len(prepared) != 1 else ''}: "
                   f"{paragraphs} numbered paragraphs, 0 errors, "
                   f"{len(diagnostics.warnings)} warnings")

    _run(action, traceback)


@main.command("numbers")
@click.argument("old")
@click.argument("new")
@click.option("--all", "show_all", is_flag=True, help="List unchanged numbers too.")
@traceback_option
def numbers_command(old: str, new: str, show_all: bool, traceback: bool) -> None:
    """Show how paragraph and recommendation numbers moved from OLD to NEW.

    \b
    OLD and NEW are session files (or folders), or a file at a git
    revision written PATH@REV:
      reportgen numbers meetings/x/session.yaml@HEAD meetings/x/session.yaml
    Paste the result into the note to translators.
    """
    def action() -> None:
        report = renumber.compare(renumber.load_version(old), renumber.load_version(new))
        click.echo(report.render(show_all), nl=False)

    _run(action, traceback)

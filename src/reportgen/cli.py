"""The ``reportgen`` command: parse options, call the library, report.

This is the only place that turns errors into messages and exit codes.

Importing this module imports only what ``reportgen --help`` needs (click, the
messages and the registry of formats): each command imports the library it runs
when it runs, so that the help and a mistyped option answer at once.
"""

from __future__ import annotations

import _thread
import errno
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import click

from reportgen import __version__, errors
from reportgen.errors import (
    Diagnostic,
    ExitCode,
    InputError,
    OutputError,
    ReportError,
    inert,
    plural,
)
from reportgen.writers import FORMATS, engines

PDF_ENGINES = engines("pdf")

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


def _say(text: str, err: bool = False, nl: bool = True) -> None:
    """Print a line for the user. Every text this command prints goes through here,
    made inert: a session file, a file name or a tool's stderr can hold escape
    sequences and bidirectional overrides, which a terminal would obey."""
    try:
        click.echo(inert(text), err=err, nl=nl)
    except BrokenPipeError:  # the reader went away while a long list was printed
        _discard_stdout(stderr=True)
        sys.exit(ExitCode.BROKEN_PIPE)


def _echo_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for block in errors.shown(diagnostics):
        _say(block, err=True)


def _save_traceback() -> Path:
    import tempfile
    import traceback

    handle = tempfile.NamedTemporaryFile("w", prefix="reportgen-crash-", suffix=".txt",
                                         delete=False, encoding="utf-8")
    with handle:
        traceback.print_exc(file=handle)
    return Path(handle.name)


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


def _run(action: Callable[[], None], show_traceback: bool) -> None:
    """Run a command; map every failure to one message and a named exit code."""
    from reportgen import build

    try:
        _check_working_folder()
        with _interruptible():
            action()
    except build.WarningsAsErrors as exc:
        _echo_diagnostics(exc.warnings)
        _say(str(exc), err=True)
        sys.exit(exc.exit_code)
    except InputError as exc:
        _echo_diagnostics(exc.diagnostics)
        _say(f"{plural(len(exc.diagnostics), 'error')}; nothing was written", err=True)
        sys.exit(ExitCode.INVALID_INPUT)
    except ReportError as exc:
        _say(str(exc) if str(exc).startswith("error") else f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt as exc:  # a build says what it changed (build.Interrupted)
        _say(str(exc) or build.BEFORE_COMMIT, err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # the reader of our output went away (`| head`)
        _discard_stdout()
        sys.exit(ExitCode.BROKEN_PIPE)  # as if killed by SIGPIPE, the shell's convention
    except OSError as exc:
        fault = _environment_fault(exc)
        if fault is None:
            _internal_error(exc, show_traceback)
        _say(f"error: {fault}", err=True)
        sys.exit(ExitCode.OUTPUT_FAILED)
    except Exception as exc:  # a bug: one line here, the whole story in a file
        _internal_error(exc, show_traceback)


def _internal_error(exc: Exception, show_traceback: bool) -> NoReturn:
    import traceback

    if show_traceback:
        _say(traceback.format_exc(), err=True, nl=False)
    else:
        saved = _save_traceback()
        _say(f"internal error: {type(exc).__name__}: {exc} "
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


def _formats(_ctx: Any, _param: Any, value: str | None) -> list[str] | None:
    if value is None:
        return None
    chosen = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} "
                                 "(for example --to docx,pdf)")
    return list(dict.fromkeys(chosen))


def _languages(_ctx: Any, _param: Any, value: str | None) -> list[str] | None:
    if value is None:
        return None
    from reportgen import config

    chosen = config.languages([part.strip() for part in value.split(",") if part.strip()])
    if not isinstance(chosen, list) or not chosen:
        raise click.BadParameter(f"choose from {', '.join(config.LANGUAGES)}, or all "
                                 "(for example --lang fr,es)")
    return chosen


lang_option = click.option("--lang", "languages", default=None, callback=_languages,
                           metavar="CODES",
                           help="Language versions to make besides each session's own, "
                                "separated by commas (ar, zh, en, fr, ru, es) or all "
                                "(default: reportgen.toml, else none).")
traceback_option = click.option("--traceback", is_flag=True,
                                help="Show the full traceback of an internal error.")
paths_argument = click.argument("paths", nargs=-1, required=True,
                                type=click.Path(path_type=Path))
strict_option = click.option("--strict/--no-strict", default=None,
                             help="Fail on warnings, after listing all of them "
                                  "(default: reportgen.toml, else no).")


def formats_option(default: str) -> Callable[[Any], Any]:
    """``--to``, saying what is written without it."""
    return click.option("--to", "formats", default=None, callback=_formats, metavar="FORMATS",
                        help=f"Formats to write, separated by commas: {', '.join(FORMATS)} "
                             f"(default: reportgen.toml, else {default}).")


out_option = click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
                          help="Folder to write the documents into (default: reportgen.toml, "
                               "else build).")
pdf_engine_option = click.option("--pdf-engine", type=click.Choice(PDF_ENGINES),
                                 default=None, help="typst lays out the PDF (default); "
                                 "libreoffice converts the DOCX itself.")
config_option = click.option("--config", "config_file", type=click.Path(path_type=Path),
                             help="The project configuration (default: the nearest "
                                  "reportgen.toml above the sessions).")


@click.group(help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    pass


@main.command("build")
@paths_argument
@formats_option("txt, docx and pdf")
@out_option
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="Documents built in parallel (default: one per CPU; 0 = one per CPU).")
@click.option("--force", is_flag=True, help="Rebuild every document, even unchanged ones.")
@pdf_engine_option
@lang_option
@strict_option
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@click.option("-v", "--verbose", is_flag=True,
              help="Also list unchanged documents and every file written.")
@config_option
@traceback_option
def build_command(paths: tuple[Path, ...], formats: list[str] | None, out_dir: Path | None,
                  jobs: int | None, force: bool, pdf_engine: str | None,
                  languages: list[str] | None, strict: bool | None, quiet: bool, verbose: bool,
                  config_file: Path | None, traceback: bool) -> None:
    """Build every document of each session in PATHS.

    A PATH is a session.yaml file or a folder holding one (or several, below it).
    Every file is checked before anything is written: if one has a mistake,
    no output changes. Documents whose inputs have not changed since the last
    build are not rebuilt. Files are named after the document symbol, in the
    output folder, beside manifest.json, which lists them all.
    """
    def action() -> None:
        from reportgen import build, config
        from reportgen.outputs import progress

        started = time.perf_counter()
        settings = config.load(list(paths), config_file, formats=formats, out=out_dir,
                               jobs=jobs, pdf_engine=pdf_engine, strict=strict,
                               languages=languages)
        options = build.Options(jobs=settings.jobs, force=force, pdf_engine=settings.pdf_engine,
                                strict=settings.strict, root=settings.root,
                                languages=tuple(settings.languages))
        display = progress.for_terminal(quiet, verbose)
        result = build.build(list(paths), settings.formats, settings.out, options, display)
        try:
            _echo_diagnostics(result.warnings)
            if not quiet:
                elapsed = time.perf_counter() - started
                _say(f"built {plural(len(result.documents), 'document')} "
                     f"({result.unchanged} unchanged) in {elapsed:.1f} s; 0 errors, "
                     f"{plural(len(result.warnings), 'warning')}")
        except KeyboardInterrupt:  # while reporting: every output is written already
            raise build.Interrupted(build.AFTER_COMMIT) from None

    _run(action, traceback)


@main.command("check")
@paths_argument
@lang_option
@strict_option
@config_option
@traceback_option
def check_command(paths: tuple[Path, ...], languages: list[str] | None, strict: bool | None,
                  config_file: Path | None, traceback: bool) -> None:
    """Check the sessions in PATHS (and their translations) without writing anything."""
    def action() -> None:
        from reportgen import build, config

        settings = config.load(list(paths), config_file, strict=strict, languages=languages)
        prepared, diagnostics = build.check(list(paths), settings.languages)
        diagnostics.raise_if_errors()
        if settings.strict and diagnostics.warnings:
            raise build.WarningsAsErrors(diagnostics.warnings)
        _echo_diagnostics(diagnostics.warnings)
        paragraphs = sum(p.numbers.paragraph_count for p in prepared if p.numbers)
        _say(f"checked {plural(len(prepared), 'session')}: {paragraphs} numbered "
             f"paragraphs, 0 errors, {plural(len(diagnostics.warnings), 'warning')}")

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
        from reportgen.tools import numbers

        report = numbers.compare(numbers.load_version(old), numbers.load_version(new))
        _say(report.render(show_all), nl=False)

    _run(action, traceback)


def _revision_date(_ctx: Any, _param: Any, value: str | None) -> str | None:
    from reportgen.tools import compare

    try:
        return None if value is None else compare.word_date(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: write it as YYYY-MM-DD or "
                                 "YYYY-MM-DDTHH:MM:SSZ") from None


@main.command("compare")
@click.argument("old")
@click.argument("new")
@click.option("--to", "fmt", type=click.Choice(("docx", "pdf")), default="docx",
              show_default=True, help="A DOCX with tracked changes, or a PDF showing them "
                                      "(made by LibreOffice).")
@click.option("-o", "--out", "target", type=click.Path(path_type=Path), default=None,
              help="The file to write [default: build/<symbol>.changes.docx].")
@click.option("--document", "symbol", metavar="SYMBOL", default=None,
              help="Which document of the session (a draft part: …/L.1/Add.2); "
                   "default: the final report.")
@click.option("--author", default=None, help="The changes' author [default: git's user.name, "
                                             "else your login name].")
@click.option("--date", default=None, callback=_revision_date, metavar="DATE",
              help="The changes' date, YYYY-MM-DD [default: the new version's date].")
@traceback_option
def compare_command(old: str, new: str, fmt: str, target: Path | None, symbol: str | None,
                    author: str | None, date: str | None, traceback: bool) -> None:
    """Write NEW's report with every change from OLD as tracked changes.

    \b
    OLD and NEW are session files (or folders), or a file at a git
    revision written PATH@REV:
      reportgen compare meetings/x/session.yaml@v1 meetings/x/session.yaml
    Accepting every change in Word or LibreOffice gives NEW's report,
    rejecting every change OLD's.
    """
    def action() -> None:
        from reportgen.tools import compare
        from reportgen.util import atomic

        comparison = compare.compare(old, new, symbol, author, date)
        data = compare.render(comparison, fmt)
        path = target or compare.default_output(comparison, fmt, Path("build"))
        try:
            atomic.write_bytes(path, data)
        except OSError as exc:
            raise atomic.output_error(path, exc) from exc
        if comparison.changed:
            _say(f"wrote {path}: the changes from {old} to {new}, tracked")
        else:
            _say(f"wrote {path}: no change from {old} to {new}")

    _run(action, traceback)


@main.command("corrigendum")
@click.argument("issued")
@click.argument("corrected")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"),
              show_default=True, help="The folder to write it into.")
@click.option("--number", type=click.IntRange(min=1), default=None,
              help="N of …/Corr.N [default: the next one the folder has not got].")
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The corrigendum's date, YYYY-MM-DD [default: today].")
@click.option("--job-number", default="", metavar="JOB",
              help="The corrigendum's job number (V.17-07011), for its first-page footer.")
@click.option("--document", "symbol", metavar="SYMBOL", default=None,
              help="Which document of the session; default: the final report.")
@traceback_option
def corrigendum_command(issued: str, corrected: str, out_dir: Path, number: int | None,
                        date: Any, job_number: str, symbol: str | None,
                        traceback: bool) -> None:
    """Write the corrigendum that corrects ISSUED to read as CORRECTED.

    \b
    ISSUED and CORRECTED are session files (or folders), or PATH@REV:
      reportgen corrigendum meetings/x/session.yaml@issued meetings/x/session.yaml
    The issued document keeps its numbers: each change is said where it
    is ("Paragraph 14, second sentence: For … read …"). Changes too large
    for that are refused: revise the report instead (document.revision).
    """
    def action() -> None:
        from reportgen.tools import corrigendum

        made = corrigendum.make(issued, corrected, out_dir, number=number,
                                date=date.date() if date else None, job_number=job_number,
                                symbol=symbol)
        paths = corrigendum.write(made, out_dir)
        _say(f"wrote {made.document.masthead.symbol} ({plural(made.corrections, 'correction')}): "
             + ", ".join(str(p) for p in paths))

    _run(action, traceback)


@main.command("pages")
@click.argument("pdf", type=click.Path(path_type=Path))
@click.argument("docx", type=click.Path(path_type=Path))
@traceback_option
def pages_command(pdf: Path, docx: Path, traceback: bool) -> None:
    """Show where each page of PDF and of DOCX (laid out by LibreOffice) begins.

    \b
    Exit 0 when both have the same pages, each beginning with the same
    line; 3 (PAGES_DIFFER) when they do not.
      reportgen pages build/CTOC_COP_WG.7_2017_5.pdf build/CTOC_COP_WG.7_2017_5.docx
    """
    def action() -> None:
        from reportgen.tools import pages

        comparison = pages.compare_files(pdf, docx)
        _say(pages.render(comparison), nl=False)
        if not comparison.same:
            sys.exit(ExitCode.PAGES_DIFFER)

    _run(action, traceback)


@main.command("style-diff")
@click.argument("ours", type=click.Path(path_type=Path))
@click.argument("theirs", type=click.Path(path_type=Path))
@click.option("--styles", metavar="IDS", help="Comma-separated styleIds to compare "
              "(default: the UN house styles, then every style in both files).")
@click.option("--explain", type=click.Path(path_type=Path), metavar="FILE",
              help="YAML file of known differences, 'key: reason' "
                   "(default: docs/style-differences.yaml if present).")
@click.option("--no-explain", is_flag=True, help="Ignore every explanation.")
@click.option("--only-diff", is_flag=True, help="Print differing rows only.")
def style_diff_command(ours: Path, theirs: Path, styles: str | None, explain: Path | None,
                       no_explain: bool, only_diff: bool) -> None:
    """Compare the Word styles, page setup and headers/footers of two DOCX files.

    \b
    A maintainer tool: exit 0 when no difference is unexplained, 1 when
    some are, 2 for usage errors and unreadable files.
      reportgen style-diff build/CTOC_COP_WG.7_2017_5.docx real-un-file.docx
    """
    from reportgen.tools import stylediff

    argv = [str(ours), str(theirs)]
    if styles is not None:
        argv += ["--styles", styles]
    if explain is not None:
        argv += ["--explain", str(explain)]
    argv += ["--no-explain"] * no_explain + ["--only-diff"] * only_diff
    sys.exit(stylediff.main(argv))


@main.command("schema")
@click.option("--path", "show_path", is_flag=True,
              help="Print where the installed schema file is, not the schema.")
@traceback_option
def schema_command(show_path: bool, traceback: bool) -> None:
    """Print the JSON Schema (draft-07) of a session file.

    \b
    It ships with reportgen; an editor with a YAML language server (VS Code's
    YAML extension) reads it from the first line of a session file,
      # yaml-language-server: $schema=<path or URL of the schema>
    and completes keys, shows their documentation and underlines mistakes.
    """
    def action() -> None:
        from reportgen.tools import schema

        _say(str(schema.SHIPPED) if show_path else schema.shipped(), nl=show_path)

    _run(action, traceback)


_DAY = click.DateTime(["%Y-%m-%d"])


@main.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--from", "previous", type=click.Path(path_type=Path), metavar="PATH",
              help="The previous session of the same body: its structure, agenda, "
                   "attendance categories and officers are carried, its number and "
                   "year advanced.")
@click.option("--shape", metavar="SHAPE",
              help="Without --from: working-group (default), working-group-paragraphs, "
                   "review-group, expert-group or commission (docs/writing-your-report.md).")
@click.option("--organ", help="The organ the report goes to.")
@click.option("--body", help="The body that meets.")
@click.option("--short-name", help="What the report calls the body for short.")
@click.option("--number", type=click.IntRange(1, 999), help="Its number (the 4th meeting: 4).")
@click.option("--instrument", help="The treaty's short name (a treaty body's).")
@click.option("--venue", help="Where it meets.")
@click.option("--start", type=_DAY, metavar="YYYY-MM-DD", help="Its first day.")
@click.option("--end", type=_DAY, metavar="YYYY-MM-DD", help="Its last day.")
@click.option("--date", type=_DAY, metavar="YYYY-MM-DD",
              help="The report's date (default: the last day).")
@click.option("--symbol", help="The report's symbol, or its series ending in '/' to take "
                               "the number after the documents (default with --from: the "
                               "previous one, its year advanced).")
@click.option("--chair", help="The Chair's name.")
@click.option("--chair-country", help="The Chair's country.")
@click.option("--schema", "schema_ref", metavar="PATH-OR-URL",
              help="The schema the file's first line names (default: the installed one).")
@click.option("--prompt/--no-prompt", default=None,
              help="Ask for what the options do not give (default: on a terminal).")
@traceback_option
def new_command(folder: Path, previous: Path | None, shape: str | None,
                schema_ref: str | None, prompt: bool | None, traceback: bool,
                **given: Any) -> None:
    """Start a session in FOLDER: write FOLDER/session.yaml, ready to check and build.

    \b
      reportgen new meetings/wg-2024 --shape working-group     (asked the rest)
      reportgen new meetings/wg7-2018 --from meetings/ctoc-cop-wg7-2017 \\
          --start 2018-06-04 --end 2018-06-06
    An existing session file is never overwritten.
    """
    def action() -> None:
        from reportgen.tools import new

        answers = {k: v.date() if hasattr(v, "date") else v for k, v in given.items()}
        asking = sys.stdin.isatty() if prompt is None else prompt
        path = new.create(folder, previous, shape, answers, new.ask if asking else None,
                          schema_ref)
        _say(f"wrote {path}: check it with 'reportgen check {folder}', "
             f"build it with 'reportgen build {folder}'")

    _run(action, traceback)


@main.command("watch")
@paths_argument
@formats_option("txt, docx and pdf; --serve adds html")
@out_option
@click.option("--serve", is_flag=True,
              help="Also show the report in a browser, following every rebuild.")
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="The preview's port on 127.0.0.1 (default: a free one, printed).")
@pdf_engine_option
@strict_option
@config_option
@traceback_option
def watch_command(paths: tuple[Path, ...], formats: list[str] | None, out_dir: Path | None,
                  serve: bool, port: int, pdf_engine: str | None, strict: bool | None,
                  config_file: Path | None, traceback: bool) -> None:
    """Build the sessions in PATHS, then again after every save, until Ctrl-C.

    \b
    One line per rebuild, with its time; a mistake is shown located and the
    outputs stay those of the last good build. The process stays loaded, so
    a rebuild takes only what the edit changed.
      reportgen watch meetings/my-meeting --serve
    """
    def action() -> None:
        from reportgen import config
        from reportgen.tools import watch

        settings = config.load(list(paths), config_file, formats=formats, out=out_dir,
                               pdf_engine=pdf_engine, strict=strict)
        chosen = list(settings.formats)
        if serve and "html" not in chosen:
            chosen.append("html")
        watch.run(list(paths), settings, chosen, _say, serve=serve, port=port)

    _run(action, traceback)

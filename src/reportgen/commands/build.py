"""`reportgen build`: write the documents of the sessions given."""

from __future__ import annotations

import time
from pathlib import Path

import click

from reportgen.commands.options import (
    config_option,
    formats_option,
    lang_option,
    out_option,
    paths_argument,
    pdf_engine_option,
    strict_option,
    traceback_option,
)
from reportgen.commands.running import echo_diagnostics, run_action, say
from reportgen.errors import plural


@click.command("build")
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
def command(paths: tuple[Path, ...], formats: list[str] | None, out_dir: Path | None,
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
            echo_diagnostics(result.warnings)
            if not quiet:
                elapsed = time.perf_counter() - started
                say(f"built {plural(len(result.documents), 'document')} "
                     f"({result.unchanged} unchanged) in {elapsed:.1f} s; 0 errors, "
                     f"{plural(len(result.warnings), 'warning')}")
        except KeyboardInterrupt:  # while reporting: every output is written already
            raise build.Interrupted(build.AFTER_COMMIT) from None

    run_action(action, traceback)

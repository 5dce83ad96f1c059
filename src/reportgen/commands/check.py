"""`reportgen check`: every mistake of the sessions given, located; nothing written."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.commands.options import (
    config_option,
    lang_option,
    paths_argument,
    strict_option,
    traceback_option,
)
from reportgen.commands.running import echo_diagnostics, run_action, say
from reportgen.errors import plural


@click.command("check")
@paths_argument
@lang_option
@strict_option
@config_option
@traceback_option
def command(paths: tuple[Path, ...], languages: list[str] | None, strict: bool | None,
            config_file: Path | None, traceback: bool) -> None:
    """Check the sessions in PATHS (and their translations) without writing anything."""
    def action() -> None:
        from reportgen import build, config

        settings = config.load(list(paths), config_file, strict=strict, languages=languages)
        prepared, diagnostics = build.check(list(paths), settings.languages)
        diagnostics.raise_if_errors()
        if settings.strict and diagnostics.warnings:
            raise build.WarningsAsErrors(diagnostics.warnings)
        echo_diagnostics(diagnostics.warnings)
        paragraphs = sum(p.numbers.paragraph_count for p in prepared if p.numbers)
        say(f"checked {plural(len(prepared), 'session')}: {paragraphs} numbered "
             f"paragraphs, 0 errors, {plural(len(diagnostics.warnings), 'warning')}")

    run_action(action, traceback)

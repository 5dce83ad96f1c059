"""`reportgen watch`: build, then build again after every save."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.commands.options import (
    config_option,
    formats_option,
    out_option,
    paths_argument,
    pdf_engine_option,
    strict_option,
    traceback_option,
)
from reportgen.commands.running import run_action, say


@click.command("watch")
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
def command(paths: tuple[Path, ...], formats: list[str] | None, out_dir: Path | None,
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
        watch.run(list(paths), settings, chosen, say, serve=serve, port=port)

    run_action(action, traceback)

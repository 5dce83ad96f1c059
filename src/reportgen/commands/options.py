"""The options and arguments that several commands share, and their checks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from reportgen.writers import FORMATS, engines

PDF_ENGINES = engines("pdf")


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

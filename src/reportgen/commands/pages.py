"""`reportgen pages`: where the pages of the PDF and of the DOCX begin."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reportgen.commands.options import traceback_option
from reportgen.commands.running import run_action, say
from reportgen.errors import ExitCode


@click.command("pages")
@click.argument("pdf", type=click.Path(path_type=Path))
@click.argument("docx", type=click.Path(path_type=Path))
@traceback_option
def command(pdf: Path, docx: Path, traceback: bool) -> None:
    """Show where each page of PDF and of DOCX (laid out by LibreOffice) begins.

    \b
    Exit 0 when both have the same pages, each beginning with the same
    line; 3 (PAGES_DIFFER) when they do not.
      reportgen pages build/CTOC_COP_WG.7_2017_5.pdf build/CTOC_COP_WG.7_2017_5.docx
    """
    def action() -> None:
        from reportgen.tools import pages

        comparison = pages.compare_files(pdf, docx)
        say(pages.render(comparison), nl=False)
        if not comparison.same:
            sys.exit(ExitCode.PAGES_DIFFER)

    run_action(action, traceback)

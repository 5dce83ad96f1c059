"""`reportgen corrigendum`: the corrigendum of an issued report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from reportgen.commands.options import traceback_option
from reportgen.commands.running import run_action, say
from reportgen.errors import plural


@click.command("corrigendum")
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
def command(issued: str, corrected: str, out_dir: Path, number: int | None,
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
        say(f"wrote {made.document.masthead.symbol} ({plural(made.corrections, 'correction')}): "
             + ", ".join(str(p) for p in paths))

    run_action(action, traceback)

"""`reportgen new`: a new session file, from flags, prompts or the previous session."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from reportgen.commands.options import traceback_option
from reportgen.commands.running import run_action, say

_DAY = click.DateTime(["%Y-%m-%d"])


@click.command("new")
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
def command(folder: Path, previous: Path | None, shape: str | None,
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
        say(f"wrote {path}: check it with 'reportgen check {folder}', "
             f"build it with 'reportgen build {folder}'")

    run_action(action, traceback)

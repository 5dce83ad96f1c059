"""`reportgen numbers`: how the paragraph numbers moved between two versions."""

from __future__ import annotations

import click

from reportgen.commands.options import traceback_option
from reportgen.commands.running import run_action, say


@click.command("numbers")
@click.argument("old")
@click.argument("new")
@click.option("--all", "show_all", is_flag=True, help="List unchanged numbers too.")
@traceback_option
def command(old: str, new: str, show_all: bool, traceback: bool) -> None:
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
        say(report.render(show_all), nl=False)

    run_action(action, traceback)

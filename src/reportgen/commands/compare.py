"""`reportgen compare`: a report with the changes from another version tracked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from reportgen.commands.options import traceback_option
from reportgen.commands.running import run_action, say


def _revision_date(_ctx: Any, _param: Any, value: str | None) -> str | None:
    from reportgen.tools import compare

    try:
        return None if value is None else compare.word_date(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: write it as YYYY-MM-DD or "
                                 "YYYY-MM-DDTHH:MM:SSZ") from None


@click.command("compare")
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
def command(old: str, new: str, fmt: str, target: Path | None, symbol: str | None,
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
            say(f"wrote {path}: the changes from {old} to {new}, tracked")
        else:
            say(f"wrote {path}: no change from {old} to {new}")

    run_action(action, traceback)

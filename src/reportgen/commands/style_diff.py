"""`reportgen style-diff`: the Word styles of two DOCX files compared (a maintainer tool)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("style-diff")
@click.argument("ours", type=click.Path(path_type=Path))
@click.argument("theirs", type=click.Path(path_type=Path))
@click.option("--styles", metavar="IDS", help="Comma-separated styleIds to compare "
              "(default: the UN house styles, then every style in both files).")
@click.option("--explain", type=click.Path(path_type=Path), metavar="FILE",
              help="YAML file of known differences, 'key: reason' "
                   "(default: docs/style-differences.yaml if present).")
@click.option("--no-explain", is_flag=True, help="Ignore every explanation.")
@click.option("--only-diff", is_flag=True, help="Print differing rows only.")
def command(ours: Path, theirs: Path, styles: str | None, explain: Path | None,
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

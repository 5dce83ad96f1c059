"""``reportgen`` as a process: the console script and ``python -m reportgen``."""

from __future__ import annotations

import sys

from reportgen import helppage


def run() -> None:
    """The group's page as kept (helppage), when that is what is asked; else the command."""
    if sys.argv[1:] in helppage.HELP_ARGUMENTS and helppage.print_kept():
        return
    from reportgen import cli

    cli.run()


if __name__ == "__main__":
    run()

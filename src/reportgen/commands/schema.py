"""`reportgen schema`: the JSON Schema of a session file."""

from __future__ import annotations

import click

from reportgen.commands.options import traceback_option
from reportgen.commands.running import run_action, say


@click.command("schema")
@click.option("--path", "show_path", is_flag=True,
              help="Print where the installed schema file is, not the schema.")
@traceback_option
def command(show_path: bool, traceback: bool) -> None:
    """Print the JSON Schema (draft-07) of a session file.

    \b
    It ships with reportgen; an editor with a YAML language server (VS Code's
    YAML extension) reads it from the first line of a session file,
      # yaml-language-server: $schema=<path or URL of the schema>
    and completes keys, shows their documentation and underlines mistakes.
    """
    def action() -> None:
        from reportgen.tools import schema

        say(str(schema.SHIPPED) if show_path else schema.shipped(), nl=show_path)

    run_action(action, traceback)

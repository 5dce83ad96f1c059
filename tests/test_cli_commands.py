"""The commands live in modules of their own, imported only when used: the group's help
lists them from the registry (commands.COMMANDS) exactly as click lists the commands
themselves, and ``reportgen --help`` imports none of them."""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import ROOT
from reportgen import cli
from reportgen.cli import main
from reportgen.commands import COMMANDS

PACKAGE = ROOT / "src" / "reportgen" / "commands"
# The modules below reportgen.commands that define no command.
SHARED = {"__init__", "options", "running"}


def _command(name: str) -> click.Command:
    return importlib.import_module(f"reportgen.commands.{COMMANDS[name][0]}").command


def test_every_command_module_is_registered_under_its_commands_name() -> None:
    modules = {path.stem for path in PACKAGE.glob("*.py")} - SHARED
    assert sorted(module for module, _summary in COMMANDS.values()) == sorted(modules)
    assert [_command(name).name for name in COMMANDS] == list(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_registry_has_each_commands_own_first_line(name: str) -> None:
    help_text = _command(name).help
    assert help_text is not None
    assert COMMANDS[name][1] == help_text.splitlines()[0]


def _eager_group() -> click.Group:
    """The group as it was before the commands were imported lazily: every command
    defined and added, the listing click's own."""
    group = click.Group("main", help=cli.HELP, commands=[_command(name) for name in COMMANDS],
                        context_settings={"help_option_names": ["-h", "--help"]})
    return click.version_option(cli.__version__, prog_name="reportgen")(group)


@pytest.mark.parametrize("width", [30, 45, 60, 78, 100, 200])
def test_the_groups_help_is_what_click_writes_for_the_commands_themselves(width: int) -> None:
    runner = CliRunner()
    lazy = runner.invoke(main, ["--help"], prog_name="reportgen", terminal_width=width)
    eager = runner.invoke(_eager_group(), ["--help"], prog_name="reportgen",
                          terminal_width=width)
    assert (lazy.exit_code, lazy.stdout) == (eager.exit_code, eager.stdout)
    assert all(f"\n  {name} " in lazy.stdout for name in COMMANDS)


def test_a_mistyped_command_is_still_suggested() -> None:
    result = CliRunner().invoke(main, ["buil"], prog_name="reportgen")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: No such command 'buil'. Did you mean 'build'?"


@pytest.mark.parametrize(("words", "index", "expected"), [
    ("reportgen b", "1", "plain,build\n"),
    ("reportgen st", "1", "plain,style-diff\n"),
    ("reportgen build --pdf", "2", "plain,--pdf-engine\n"),
    ("reportgen build --pdf-engine ", "3", "plain,typst\nplain,libreoffice\n"),
])
def test_shell_completion_finds_commands_options_and_choices(words: str, index: str,
                                                              expected: str) -> None:
    environment = {"_REPORTGEN_COMPLETE": "bash_complete", "COMP_WORDS": words,
                   "COMP_CWORD": index}
    result = CliRunner().invoke(main, [], prog_name="reportgen", env=environment)
    assert (result.exit_code, result.stdout) == (0, expected)


# What ``reportgen --help`` does without: every command, the library, and the standard
# library's modules that only the commands use.
NOT_FOR_HELP = ["reportgen.errors", "reportgen.writers", "reportgen.build", "reportgen.config",
                "reportgen.commands.running", "reportgen.commands.options",
                *(f"reportgen.commands.{module}" for module, _summary in COMMANDS.values()),
                "pathlib", "dataclasses", "unicodedata", "yaml", "jinja2"]


def _imported(tmp_path: Path, *args: str) -> set[str]:
    """The modules loaded once ``reportgen ARGS`` has run in a new interpreter, started
    as the console script starts it, with no help page kept (helppage): click writes it."""
    script = (f"import sys\nsys.argv[1:] = {list(args)!r}\nfrom reportgen.__main__ import run\n"
              "try:\n    run()\nfinally:\n    print(sorted(sys.modules), file=sys.stderr)")
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"),
                   "REPORTGEN_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=environment, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return set(ast.literal_eval(result.stderr.splitlines()[-1]))


def test_the_groups_help_imports_no_command_and_no_pathlib(tmp_path: Path) -> None:
    imported = _imported(tmp_path, "--help")
    assert {"click", "reportgen.cli", "reportgen.commands"} <= imported  # the reading works
    assert sorted(imported & set(NOT_FOR_HELP)) == []


def test_a_commands_help_imports_that_command_only(tmp_path: Path) -> None:
    imported = _imported(tmp_path, "pages", "--help")
    assert "reportgen.commands.pages" in imported
    others = {f"reportgen.commands.{module}" for module, _summary in COMMANDS.values()} \
        - {"reportgen.commands.pages"}
    assert sorted(imported & others) == []

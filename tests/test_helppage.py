"""``reportgen --help`` prints the page click wrote last time, without importing click,
only while everything the page is made of is unchanged: reportgen's help text and list
of commands, click's code, the width, the language and who wrote the kept file."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import ROOT
from reportgen import helppage
from reportgen.cli import main

SOURCE = ROOT / "src"


def _help(cache: Path, *, path: list[Path] | None = None, program: str = "reportgen",
          **variables: str) -> tuple[str, bool]:
    """What ``reportgen --help`` prints in a new interpreter started as the console script
    starts it, and whether it imported click."""
    script = (f"import sys\nsys.argv[:] = [{program!r}, '--help']\n"
              "from reportgen.__main__ import run\n"
              "try:\n    run()\nfinally:\n    print(sorted(sys.modules), file=sys.stderr)")
    environment = {**os.environ, "REPORTGEN_CACHE_DIR": str(cache), "COLUMNS": "80",
                   "PYTHONPATH": os.pathsep.join(str(p) for p in path or [SOURCE]), **variables}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=environment, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout, "click" in ast.literal_eval(result.stderr.splitlines()[-1])


def _clicks_page(width: int) -> str:
    """The page click writes in this process at a terminal of ``width`` columns."""
    result = CliRunner().invoke(main, ["--help"], prog_name="reportgen",
                                terminal_width=max(min(width, 80) - 2, 50))
    return result.stdout


def test_the_page_click_wrote_is_printed_again_without_click(tmp_path: Path) -> None:
    first, by_click = _help(tmp_path)
    assert by_click and first == _clicks_page(80)
    again, by_click = _help(tmp_path)
    assert (again, by_click) == (first, False)


def test_another_width_or_language_is_written_by_click_and_kept_beside(tmp_path: Path) -> None:
    _help(tmp_path)
    narrow, by_click = _help(tmp_path, COLUMNS="60")
    assert by_click and narrow == _clicks_page(60) != _clicks_page(80)
    assert _help(tmp_path, COLUMNS="60") == (narrow, False)
    assert _help(tmp_path, LANGUAGE="fr")[1]
    assert _help(tmp_path) == (_clicks_page(80), False)


def test_a_program_of_another_name_has_a_page_of_its_own(tmp_path: Path) -> None:
    _help(tmp_path)
    page, by_click = _help(tmp_path, program="/usr/local/bin/rg")
    assert by_click and page.startswith("Usage: rg [OPTIONS] COMMAND [ARGS]...\n")


def test_python_m_reportgen_has_a_page_of_its_own(tmp_path: Path) -> None:
    _help(tmp_path)
    environment = {**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path), "COLUMNS": "80",
                   "PYTHONPATH": str(SOURCE)}
    runs = [subprocess.run([sys.executable, "-X", "importtime", "-m", "reportgen", "--help"],
                           capture_output=True, text=True, env=environment, timeout=60,
                           check=True) for _ in range(2)]
    for run in runs:
        assert run.stdout.startswith("Usage: python -m reportgen [OPTIONS] COMMAND [ARGS]...\n")
    assert runs[1].stdout == runs[0].stdout
    imported = [{line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()}
                for run in runs]
    assert ["click" in modules for modules in imported] == [True, False]


def _copy_of_reportgen(tmp_path: Path) -> Path:
    """The modules of this checkout, in a folder of their own to be edited."""
    copy = tmp_path / "src"
    shutil.copytree(SOURCE / "reportgen", copy / "reportgen",
                    ignore=shutil.ignore_patterns("fonts", "data", "templates", "__pycache__"))
    return copy


def test_an_edit_of_the_help_text_is_shown_at_once(tmp_path: Path) -> None:
    copy = _copy_of_reportgen(tmp_path)
    assert _help(tmp_path / "cache", path=[copy])[1]
    assert not _help(tmp_path / "cache", path=[copy])[1]
    cli = copy / "reportgen" / "cli.py"
    cli.write_text(cli.read_text(encoding="utf-8").replace(
        "Write the official report of a meeting", "Write the report of a meeting"),
        encoding="utf-8")
    edited, by_click = _help(tmp_path / "cache", path=[copy])
    assert by_click and "  Write the report of a meeting from its session file." in edited
    assert _help(tmp_path / "cache", path=[copy]) == (edited, False)


def test_an_edit_of_the_list_of_commands_is_shown_at_once(tmp_path: Path) -> None:
    copy = _copy_of_reportgen(tmp_path)
    _help(tmp_path / "cache", path=[copy])
    registry = copy / "reportgen" / "commands" / "__init__.py"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "Print the JSON Schema (draft-07) of a session file.", "Print the schema."),
        encoding="utf-8")
    edited, by_click = _help(tmp_path / "cache", path=[copy])
    assert by_click and "  schema       Print the schema.\n" in edited


def test_another_click_or_an_edit_of_clicks_code_is_a_new_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(Path(click.__file__).parent, site / "click",
                    ignore=shutil.ignore_patterns("__pycache__"))
    assert _help(tmp_path / "cache", path=[site, SOURCE])[1]  # this click: written
    assert not _help(tmp_path / "cache", path=[site, SOURCE])[1]
    assert _help(tmp_path / "cache")[1]  # the installed click, another path: its own page
    formatting = site / "click" / "formatting.py"
    formatting.write_text(formatting.read_text(encoding="utf-8") + "\n# edited\n",
                          encoding="utf-8")
    assert _help(tmp_path / "cache", path=[site, SOURCE])[1]


def test_a_reader_gone_away_ends_it_as_click_does(tmp_path: Path) -> None:
    """Status 1 and nothing on stderr (no traceback), whether click or the kept page
    wrote into the closed pipe."""
    environment = {**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path), "COLUMNS": "80",
                   "PYTHONPATH": str(SOURCE)}
    ends = []
    for _ in range(2):
        process = subprocess.Popen([sys.executable, "-m", "reportgen", "--help"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=environment)
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        ends.append((process.wait(timeout=60), process.stderr.read()))
        process.stderr.close()
    assert ends == [(1, b""), (1, b"")]
    assert len(list((tmp_path / "help").iterdir())) == 1  # the second was the kept page


def _kept_file(cache: Path) -> Path:
    (kept,) = (cache / "help").iterdir()
    return kept


def test_a_kept_page_with_an_escape_sequence_is_not_printed(tmp_path: Path) -> None:
    page, _ = _help(tmp_path)
    kept = _kept_file(tmp_path)
    state, _, text = kept.read_text(encoding="utf-8").partition("\n")
    kept.write_text(f"{state}\n\x1b]0;owned\x07{text}", encoding="utf-8")
    assert _help(tmp_path) == (page, True)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no owners and modes of files here")
def test_a_kept_page_that_others_could_write_is_not_printed(tmp_path: Path) -> None:
    page, _ = _help(tmp_path)
    kept = _kept_file(tmp_path)
    kept.write_text(kept.read_text(encoding="utf-8").replace("Write the", "Pwn the"),
                    encoding="utf-8")
    kept.chmod(0o666)
    assert _help(tmp_path) == (page, True)


def test_pages_unused_for_a_week_go_when_another_is_kept(tmp_path: Path) -> None:
    (tmp_path / "help").mkdir(mode=0o700)
    old, recent = tmp_path / "help" / "00000000.txt", tmp_path / "help" / "11111111.txt"
    for kept in (old, recent):
        kept.write_text("state\npage", encoding="utf-8")
    eight_days_ago = time.time() - 8 * 24 * 3600
    os.utime(old, (eight_days_ago, eight_days_ago))
    _help(tmp_path)
    names = sorted(p.name for p in (tmp_path / "help").iterdir())
    assert len(names) == 2 and old.name not in names and recent.name in names


def test_a_page_shown_by_a_test_runner_or_a_library_is_not_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    assert CliRunner().invoke(main, ["--help"]).exit_code == 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("columns", [None, "100", "0", "-3", "wide", "132"])
def test_the_width_is_the_one_click_reads(columns: str | None,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert helppage.terminal_columns() == shutil.get_terminal_size().columns

"""A bug never shows a user a traceback: one line, and the traceback saved to a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE
from reportgen.cli import main
from reportgen.errors import ExitCode
from reportgen.pipeline import load


def _explode(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("an unexpected failure")


def test_unexpected_exception_is_one_line_and_a_saved_traceback(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "load", _explode)
    result = CliRunner().invoke(main, ["check", str(EXAMPLE)])
    assert result.exit_code == ExitCode.ERROR
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("internal error: RuntimeError: an unexpected failure "
                               "(traceback saved to ")
    saved = Path(lines[0].split("traceback saved to ")[1].split(";")[0])
    text = saved.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "an unexpected failure" in text
    saved.unlink()


def test_traceback_option_shows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "load", _explode)
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--traceback"])
    assert result.exit_code == ExitCode.ERROR
    assert "Traceback (most recent call last)" in result.output
    assert "RuntimeError: an unexpected failure" in result.output

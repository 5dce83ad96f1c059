"""Files too large or too deep are refused at once with a clear message (timed in
benchmarks/bench_hostile.py, not here)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main
from reportgen.errors import ExitCode


def test_a_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "session.yaml"
    with big.open("w", encoding="utf-8") as stream:
        stream.write("introduction:\n")
        line = "  - " + "x" * 1020 + "\n"
        for _ in range(50 * 1024):
            stream.write(line)
    result = CliRunner().invoke(main, ["check", str(big)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stderr.splitlines()[0] == (
        f"{big}: error: the file is 50.0 MB; a session file may be at most 5 MB "
        "(is this the right file?)")


def test_nesting_a_hundred_thousand_levels_deep_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "session.yaml"
    deep.write_text("document: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(deep)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stderr.splitlines()[0] == (
        f"{deep}:1:74: error: the file is nested more than 64 levels deep")

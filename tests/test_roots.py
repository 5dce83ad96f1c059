"""Bad inputs under tests/roots/: the exact messages and exit codes are user interface.

Each folder holds a session.yaml and ``expected.txt``: the exit code on the first
line, then what ``reportgen check`` prints. ``pytest --update-golden`` rewrites them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main

ROOTS = Path(__file__).resolve().parent / "roots"
CASES = sorted(p.name for p in ROOTS.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", CASES)
def test_message_snapshot(name: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # Run from tests/ so that paths in messages read "roots/<name>/session.yaml".
    monkeypatch.chdir(ROOTS.parent)
    result = CliRunner().invoke(main, ["check", os.path.join("roots", name)])
    produced = f"exit {result.exit_code}\n{result.stderr}{result.stdout}"
    expected = ROOTS / name / "expected.txt"
    if update_golden:
        expected.write_text(produced, encoding="utf-8")
    assert produced == expected.read_text(encoding="utf-8")


def test_every_bad_root_fails_and_the_good_ones_pass() -> None:
    for name in CASES:
        first = (ROOTS / name / "expected.txt").read_text(encoding="utf-8").splitlines()[0]
        assert first == ("exit 2" if name.startswith("bad-") else "exit 0"), name

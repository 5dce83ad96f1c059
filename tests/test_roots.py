"""Bad inputs under tests/roots/: the exact messages and exit codes are user interface.

Each folder holds the fault (``fault.diff`` against the minimal session, a whole
short ``session.yaml``, or a template override: see rootcases.py) and ``expected.txt``:
the exit code on the first line, then what ``reportgen check`` prints.
``pytest --update-golden`` rewrites the expected files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import rootcases
from reportgen.cli import main

ROOTS = rootcases.ROOTS
CASES = rootcases.names()


@pytest.fixture(scope="module")
def made_roots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every root written out as a user would have it, in roots/ of a fresh folder."""
    top = tmp_path_factory.mktemp("made")
    for name in CASES:
        rootcases.materialise(name, top / "roots")
    return top


@pytest.mark.parametrize("name", CASES)
def test_message_snapshot(name: str, update_golden: bool, made_roots: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    # Run from the folder above roots/ so that messages read "roots/<name>/session.yaml".
    monkeypatch.chdir(made_roots)
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


def test_each_root_shows_only_its_fault() -> None:
    """A derived root holds no copy of the minimal session, and its diff still applies."""
    for name in CASES:
        folder = ROOTS / name
        if (folder / rootcases.SESSION).is_file():
            assert (folder / rootcases.DIFF).is_file() is False, name
            made = (folder / rootcases.SESSION).read_bytes()
            assert made != rootcases.MINIMAL.read_bytes() or name == "minimal", name
        else:
            made = rootcases.session_bytes(name)
        if (folder / rootcases.DIFF).is_file():
            assert made != rootcases.MINIMAL.read_bytes(), name


def test_a_diff_that_does_not_match_the_minimal_session_fails_loudly() -> None:
    diff = b"--- a\n+++ b\n@@ -1,1 +1,1 @@\n-no such line\n+other\n"
    with pytest.raises(ValueError, match="line 1 of the minimal session does not match"):
        rootcases.apply_diff(rootcases.MINIMAL.read_bytes(), diff)

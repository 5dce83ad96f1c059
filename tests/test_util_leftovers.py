"""``atomic.remove_leftovers``: what a killed writer left beside a target goes at the next
write of that target; nothing else does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reportgen.util import atomic


def _gone_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                             capture_output=True, text=True, check=True)
    return int(process.stdout)


def test_the_leftovers_of_ended_writers_of_the_target_go_and_nothing_else(
        tmp_path: Path) -> None:
    gone, alive = _gone_pid(), os.getpid()
    target = tmp_path / "CTOC_[x]_2017_5.pdf"  # a name is no pattern: "[x]" is text
    names = {
        f".{target.name}.ab12cd.{gone}.part": "gone",  # a killed writer's prepared file
        f".{target.name}.ab12cd.{gone}.old": "gone",  # and the old file it kept aside
        f".{target.name}..{gone}.part": "gone",  # (mkstemp's part may be empty)
        f".{target.name}.ab12cd.{alive}.part": "kept",  # a writer still at work
        f".{target.name}.part": "kept",  # not one of ours: no writer's part in it
        f".{target.name}.ab12cd.{gone}.txt": "kept",
        f".CTOC_x_2017_5.pdf.ab12cd.{gone}.part": "kept",  # another target's
        f".other.{target.name}.ab12cd.{gone}.part": "kept",
        target.name: "kept",
    }
    for name in names:
        (tmp_path / name).write_text(name, encoding="utf-8")
    atomic.write_bytes(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        name for name, fate in names.items() if fate == "kept")
    assert target.read_bytes() == b"new"


def test_a_target_in_a_folder_not_made_yet_has_no_leftovers(tmp_path: Path) -> None:
    atomic.remove_leftovers(tmp_path / "new" / "x.pdf")
    assert not (tmp_path / "new").exists()

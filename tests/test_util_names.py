"""``files.name_below``: the names the caches and the manifest give files below a folder."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reportgen.util import files

SEGMENT = st.sampled_from(["a", "b", "ab", "templates", "report.j2", "é", "x y", ".hidden",
                           "..", "languages", "fr.toml"])


def _as_pathlib_names(path: str, bases: list[tuple[str, str]]) -> str | None:
    """What name_below gave when it made a Path of every name (its earlier form)."""
    for base, prefix in bases:
        folder = base.rstrip(os.sep) + os.sep
        if path.startswith(folder):
            return prefix + Path(path[len(folder):]).as_posix()
    return None


@given(st.lists(SEGMENT, max_size=5), st.lists(SEGMENT, max_size=3),
       st.lists(SEGMENT, max_size=3))
def test_names_are_those_of_the_paths_as_pathlib_reads_them(
        below: list[str], base: list[str], other: list[str]) -> None:
    folder = str(Path("/", *base))
    bases = [(str(Path("/", *other)), "project:"), (folder, "builtin:")]
    for path in (str(Path(folder, *below)), os.path.abspath(os.path.join(folder, *below))):
        assert files.name_below(path, bases) == _as_pathlib_names(path, bases)


def test_names_below_the_first_folder_that_holds_the_file() -> None:
    bases = [("/p/templates", "project:"), ("/p", "builtin:"), ("/", "root:")]
    assert files.name_below("/p/templates/sentences/x.j2", bases) == "project:sentences/x.j2"
    assert files.name_below("/p/templatesx/y.j2", bases) == "builtin:templatesx/y.j2"
    assert files.name_below("/q/z", bases) == "root:q/z"
    assert files.name_below("/q/z", bases[:2]) is None

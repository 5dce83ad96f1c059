"""The workers' temporary folder (``util.scratch``) is made for a build that starts
workers, and only then: a build rendered in its own process makes none."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from conftest import EXAMPLE
from reportgen import build
from reportgen.outputs.progress import Progress
from reportgen.util import scratch


class _WhereWorkersWrite(Progress):
    """Notes, once rendering has begun, where workers make their temporary files."""

    def __init__(self) -> None:
        self.folders: list[str] = []

    def started(self) -> None:
        self.folders.append(scratch.for_workers())


@pytest.mark.parametrize(("jobs", "formats"), [(1, ["txt", "pdf"]), (2, ["txt"]),
                                                (2, ["pdf"])])
def test_only_a_build_with_workers_makes_their_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, formats: list[str]) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    progress = _WhereWorkersWrite()
    result = build.build([EXAMPLE], formats, tmp_path / "out", build.Options(jobs=jobs),
                         progress)
    assert len(result.written) == 4 * len(formats)
    [folder] = progress.folders
    if jobs == 2 and formats == ["pdf"]:  # four PDFs: two workers
        assert Path(folder).parent == temporary
        assert Path(folder).name.startswith("reportgen-build-")
    else:  # text is written here, and one job renders here: no worker, no folder
        assert folder == str(temporary)
    assert sorted(p.name for p in temporary.iterdir() if p.name.startswith("reportgen-build-")) \
        == []

"""The user cache: private, never touching what is not its own, and never in the way."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE
from reportgen import build
from reportgen.pipeline import compose
from reportgen.util import usercache


def test_older_versions_go_after_a_day_and_nothing_else_ever(cache_dir: Path) -> None:
    old = cache_dir / "jinja-0123456789abcdef"
    recent = cache_dir / "jinja-fedcba9876543210"
    notes = cache_dir / "jinja-notes"  # a shared folder may hold anything
    for folder in (old, recent, notes):
        folder.mkdir(parents=True)
    two_days_ago = time.time() - 2 * 24 * 3600
    for folder in (old, notes):
        os.utime(folder, (two_days_ago, two_days_ago))
    current = usercache.folder("jinja")
    assert current is not None and current.is_dir()
    assert oct(current.stat().st_mode & 0o777) == oct(0o700)
    assert not old.exists() and recent.is_dir() and notes.is_dir()


def test_a_folder_others_can_write_is_not_used(cache_dir: Path) -> None:
    current = usercache.folder("jinja")
    assert current is not None
    current.chmod(0o777)  # anyone could plant compiled templates here
    usercache.folder.cache_clear()
    assert usercache.folder("jinja") is None


def test_a_cache_deleted_during_a_run_costs_nothing_but_time(cache_dir: Path,
                                                            tmp_path: Path) -> None:
    first = build.build([EXAMPLE], ["docx"], tmp_path / "a")
    shutil.rmtree(cache_dir)  # while this process still holds the folders' names
    compose.environment.cache_clear()
    second = build.build([EXAMPLE], ["docx"], tmp_path / "b", build.Options(force=True))
    assert [p.read_bytes() for p in first.written] == [p.read_bytes() for p in second.written]


def test_without_a_cache_no_temporary_folder_outlives_the_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(not_a_folder / "cache"))
    usercache.folder.cache_clear()
    before = set(Path(tempfile.gettempdir()).glob("reportgen-ref-*"))
    try:
        result = build.build([EXAMPLE], ["docx"], tmp_path / "out", build.Options(jobs=2))
    finally:
        usercache.folder.cache_clear()
    assert len(result.written) == 4  # four documents: two workers made the DOCX files
    assert set(Path(tempfile.gettempdir()).glob("reportgen-ref-*")) == before

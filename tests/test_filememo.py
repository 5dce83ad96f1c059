"""What a process keeps of a file or a folder (``util.filememo``): used again only while
``os.stat`` gives the same status, and never for what changed in the last seconds."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.pipeline.templates import files_below
from reportgen.util import filememo
from reportgen.util.digests import sha256


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    filememo.forget()
    yield
    filememo.forget()


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as old enough to be kept."""
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0)


def test_a_file_just_written_is_hashed_again_every_time(tmp_path: Path) -> None:
    path = tmp_path / "report.j2"
    path.write_text("one", encoding="utf-8")
    assert filememo.digest(path) == sha256(b"one")
    assert path not in filememo._digests  # too recent to trust its status
    stamp = os.stat(path)
    path.write_text("two", encoding="utf-8")  # same size; its times put back
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert filememo.digest(path) == sha256(b"two")


@pytest.mark.usefixtures("settled")
def test_a_kept_digest_follows_every_change_of_status(tmp_path: Path) -> None:
    path = tmp_path / "report.j2"
    path.write_text("one", encoding="utf-8")
    assert filememo.digest(path) == sha256(b"one")
    assert path in filememo._digests
    stamp = os.stat(path)
    # Same size and modification time put back: the time of the status change moved.
    path.write_text("two", encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert filememo.digest(path) == sha256(b"two")
    # Replaced by another file (an editor's save by renaming): another inode.
    (tmp_path / "new").write_text("three", encoding="utf-8")
    os.replace(tmp_path / "new", path)
    assert filememo.digest(path) == sha256(b"three")
    path.unlink()
    with pytest.raises(FileNotFoundError):
        filememo.digest(path)


@pytest.mark.usefixtures("settled")
def test_a_kept_listing_is_used_until_a_folder_in_it_changes(tmp_path: Path) -> None:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "report.j2").write_text("", encoding="utf-8")
    (tmp_path / "chapters" / "a.j2").write_text("", encoding="utf-8")
    walks: list[Path] = []

    def walk(folder: Path) -> tuple[list[Path], list[Path]]:
        walks.append(folder)
        found = sorted(p for p in folder.rglob("*") if p.is_file())
        return found, [folder, *sorted(p for p in folder.rglob("*") if p.is_dir())]

    first = filememo.listing(tmp_path, walk)
    assert filememo.listing(tmp_path, walk) == first and len(walks) == 1
    (tmp_path / "chapters" / "b.j2").write_text("", encoding="utf-8")  # in a sub-folder
    assert filememo.listing(tmp_path, walk) == sorted([*first, tmp_path / "chapters" / "b.j2"])
    (tmp_path / "chapters" / "a.j2").unlink()
    assert tmp_path / "chapters" / "a.j2" not in filememo.listing(tmp_path, walk)
    (tmp_path / "sentences").mkdir()
    (tmp_path / "sentences" / "c.j2").write_text("", encoding="utf-8")
    assert tmp_path / "sentences" / "c.j2" in filememo.listing(tmp_path, walk)
    assert len(walks) == 4


@pytest.mark.usefixtures("settled")
def test_template_folders_are_listed_afresh_after_each_change(tmp_path: Path) -> None:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "a.j2").write_text("", encoding="utf-8")
    assert files_below(tmp_path) == [tmp_path / "chapters" / "a.j2"]
    (tmp_path / "chapters" / "a.j2").rename(tmp_path / "chapters" / "b.j2")
    assert files_below(tmp_path) == [tmp_path / "chapters" / "b.j2"]
    assert files_below(tmp_path, ".typ") == []


@pytest.mark.usefixtures("settled")
def test_a_missing_folder_is_listed_afresh_once_it_is_made(tmp_path: Path) -> None:
    # A project's templates/ may be gone for a moment (a checkout in progress).
    folder = tmp_path / "templates"
    assert files_below(folder) == []
    folder.mkdir()
    (folder / "report.j2").write_text("", encoding="utf-8")
    assert files_below(folder) == [folder / "report.j2"]


@pytest.mark.usefixtures("settled")
def test_a_folders_digest_follows_its_files_names_and_contents(tmp_path: Path) -> None:
    """The zipped reference document is named after this digest: a changed part of
    the house style must give another name, an unchanged folder the same one."""
    folder = tmp_path / "reference-docx"
    (folder / "word").mkdir(parents=True)
    (folder / "word" / "styles.xml").write_text("<styles/>", encoding="utf-8")
    (folder / "[Content_Types].xml").write_text("<Types/>", encoding="utf-8")

    def digest() -> str:
        return filememo.files_digest(folder, files_below(folder))

    first = digest()
    assert digest() == first
    assert len(first) == 64 and first != filememo.files_digest(folder, [])
    (folder / "word" / "styles.xml").write_text("<styles2/>", encoding="utf-8")
    changed = digest()
    assert changed != first
    (folder / "word" / "styles.xml").rename(folder / "word" / "other.xml")
    assert digest() not in (first, changed)  # same bytes, another name
    with pytest.raises(ValueError, match="is not below"):
        filememo.files_digest(folder / "word", [folder / "[Content_Types].xml"])


@pytest.mark.usefixtures("settled")
def test_a_link_turned_to_another_file_while_it_is_read_keeps_no_wrong_digest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new, link = tmp_path / "old.j2", tmp_path / "new.j2", tmp_path / "report.j2"
    old.write_text("old", encoding="utf-8")
    new.write_text("new", encoding="utf-8")
    link.symlink_to(old)
    real = filememo.sha256

    def while_reading_the_link_moves(data: bytes) -> str:
        (tmp_path / "moved").symlink_to(new)
        os.replace(tmp_path / "moved", link)
        return real(data)

    monkeypatch.setattr(filememo, "sha256", while_reading_the_link_moves)
    assert filememo.digest(link) == sha256(b"old")  # what was read
    monkeypatch.setattr(filememo, "sha256", real)
    assert filememo.digest(link) == sha256(b"new")  # what the link leads to now

"""What one process learnt of reportgen's own files (their digests, their folders'
listings: ``filememo``) is handed to the next one through the user cache
(``usercache.recall_files``, ``keep_files``), and used there only while each file and
folder has the status it had then: never for a file changed since, never from a cache
folder others can write, never when damaged."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLE, STEM
from reportgen import PACKAGE_DIR
from reportgen.pipeline.templates import builtin_dir, files_below
from reportgen.util import digests, filememo, usercache
from reportgen.util.digests import sha256

SENTINEL = "0" * 64  # a digest no file here has: seen only if the kept one is used


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(folder))
    usercache.folder.cache_clear()
    _new_process()
    yield folder
    usercache.folder.cache_clear()
    _new_process()


def _new_process() -> None:
    """What a new process starts with: nothing learnt, nothing recalled yet."""
    filememo.forget()
    usercache._handed.clear()


@pytest.fixture
def own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder standing for reportgen's own, with files old enough to be kept."""
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0)
    folder = tmp_path / "own"
    (folder / "sentences").mkdir(parents=True)
    (folder / "report.j2").write_text("report", encoding="utf-8")
    (folder / "sentences" / "opened.j2").write_text("opened", encoding="utf-8")
    return folder


def _learn(folder: Path) -> list[Path]:
    """What a build does with the folder: list it, hash every file."""
    found = files_below(folder)
    for path in found:
        filememo.digest(path)
    return found


def _kept_file(cache_dir: Path) -> Path:
    [path] = cache_dir.glob("files-*/*.json")
    return path


def _rewrite_kept(cache_dir: Path, change: dict[str, str]) -> None:
    """Give kept files other digests (sealed as reportgen seals them)."""
    path = _kept_file(cache_dir)
    kept = json.loads(usercache.load(path, "", "") or b"")
    for name, digest in change.items():
        kept["digests"][name][5] = digest
    usercache.store(path, json.dumps(kept).encode("utf-8"))


def test_a_new_process_uses_what_the_last_one_learnt_while_nothing_changed(
        own: Path, cache_dir: Path) -> None:
    report = own / "report.j2"
    assert _learn(own) == [report, own / "sentences" / "opened.j2"]
    usercache.keep_files([own])
    kept = json.loads(usercache.load(_kept_file(cache_dir), "", "") or b"")
    assert {name: entry[5] for name, entry in kept["digests"].items()} == {
        str(report): sha256(b"report"), str(own / "sentences" / "opened.j2"): sha256(b"opened")}
    assert [entry[3] for entry in kept["listings"]] == [[str(report),
                                                         str(own / "sentences" / "opened.j2")]]
    # The next process takes the kept digest as it is, without reading the file.
    _rewrite_kept(cache_dir, {str(report): SENTINEL})
    _new_process()
    usercache.recall_files([own])
    assert filememo.digest(report) == SENTINEL
    assert files_below(own) == [report, own / "sentences" / "opened.j2"]


def test_a_file_or_folder_changed_since_is_read_again(own: Path, cache_dir: Path) -> None:
    report, opened = own / "report.j2", own / "sentences" / "opened.j2"
    _learn(own)
    usercache.keep_files([own])
    _rewrite_kept(cache_dir, {str(report): SENTINEL, str(opened): SENTINEL})
    time.sleep(0.05)  # past a tick of the file system's clock
    # Same size and modification time put back: the time of the status change moved.
    stamp = os.stat(report)
    report.write_text("tropre", encoding="utf-8")
    os.utime(report, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    # Replaced by another file (an editor's save by renaming): another inode.
    (own / "new").write_text("OPENED", encoding="utf-8")
    os.replace(own / "new", opened)
    (own / "sentences" / "closed.j2").write_text("closed", encoding="utf-8")
    _new_process()
    usercache.recall_files([own])
    assert filememo.digest(report) == sha256(b"tropre")
    assert filememo.digest(opened) == sha256(b"OPENED")
    assert files_below(own) == [report, own / "sentences" / "closed.j2", opened]


def test_nothing_is_written_while_nothing_new_was_learnt(own: Path, cache_dir: Path) -> None:
    _learn(own)
    usercache.keep_files([own])
    path = _kept_file(cache_dir)
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    _new_process()
    usercache.recall_files([own])
    _learn(own)
    usercache.keep_files([own])
    assert (path.read_bytes(), path.stat().st_mtime_ns) == (before, stamp)
    (own / "closed.j2").write_text("closed", encoding="utf-8")
    _learn(own)
    usercache.keep_files([own])
    kept = json.loads(usercache.load(path, "", "") or b"")
    assert kept["digests"][str(own / "closed.j2")][5] == sha256(b"closed")


def test_only_settled_files_below_the_folders_are_handed_on(
        own: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "session.yaml"
    outside.write_text("session", encoding="utf-8")
    filememo.digest(outside)
    filememo.listing(own, lambda folder: ([folder / "report.j2"], [folder]))  # no name
    _learn(own)
    kept = filememo.kept_below([str(own)])
    assert sorted(kept["digests"]) == [str(own / "report.j2"),
                                       str(own / "sentences" / "opened.j2")]
    assert [(folder, walk) for folder, walk, *_ in kept["listings"]] == [
        (str(own), "reportgen.pipeline.templates._walk")]
    # A file changed in the last seconds is not even kept by this process.
    monkeypatch.setattr(filememo, "RACY_SECONDS", 3)
    _new_process()
    (own / "report.j2").write_text("again", encoding="utf-8")
    filememo.digest(own / "report.j2")
    assert filememo.kept_below([str(own)])["digests"] == {}


def test_a_walk_without_a_name_takes_no_listing_handed_on(own: Path) -> None:
    def nameless(folder: Path) -> tuple[list[Path], list[Path]]:
        return [folder / "walked.j2"], [folder]

    kept = [str(own), "", [[str(own), list(filememo.status(own))]], [str(own / "kept.j2")]]
    filememo.adopt({"digests": {}, "listings": [kept]})
    assert filememo.listing(own, nameless) == [own / "walked.j2"]


def test_data_of_another_shape_is_not_taken() -> None:
    for wrong in ({"digests": {"/a": [1, 2, 3]}, "listings": []},
                  {"digests": {"/a": [1, 2, 3, 4, 5, 6]}, "listings": []},
                  {"digests": {"/a": [1, 2, 3, 4, 5, None]}, "listings": []},
                  {"digests": {}, "listings": [["/a", "w", [["/a", [1, 2, 3, 4]]], []]]},
                  {"digests": []}, [], "text"):
        with pytest.raises(ValueError, match="not what kept_below gives"):
            filememo.adopt(wrong)
    assert filememo.kept_below(["/"]) == {"digests": {}, "listings": []}


def test_a_cache_folder_others_can_write_is_neither_read_nor_written(
        own: Path, cache_dir: Path) -> None:
    _learn(own)
    usercache.keep_files([own])
    path = _kept_file(cache_dir)
    before = path.read_bytes()
    path.parent.chmod(0o777)  # anyone could plant digests here
    usercache.folder.cache_clear()
    _new_process()
    usercache.recall_files([own])
    assert filememo.kept_below([str(own)]) == {"digests": {}, "listings": []}
    (own / "closed.j2").write_text("closed", encoding="utf-8")
    _learn(own)
    usercache.keep_files([own])
    assert path.read_bytes() == before


@pytest.mark.parametrize("damage", [b"", b"\x00not sealed", None], ids=["empty", "garbage",
                                                                        "another shape"])
def test_a_damaged_file_is_reported_and_not_taken(own: Path, cache_dir: Path,
                                                  damage: bytes | None) -> None:
    _learn(own)
    usercache.keep_files([own])
    path = _kept_file(cache_dir)
    if damage is None:
        usercache.store(path, json.dumps({"digests": {str(own): [1]}}).encode("utf-8"))
    else:
        path.write_bytes(damage)
    _new_process()
    digests.take_damage()
    usercache.recall_files([own])
    [warning] = digests.take_damage()
    assert (warning.location.path, warning.message) == (path, (
        "this cache file, the digests of reportgen's own files, is damaged (truncated or "
        "changed); the files are read again"))
    assert filememo.kept_below([str(own)]) == {"digests": {}, "listings": []}


_BUILD = """
import json, sys
from pathlib import Path
from reportgen import build
build.build([Path(sys.argv[1])], ["docx", "pdf"], Path(sys.argv[2]))
"""


def test_new_processes_build_the_same_bytes_and_keep_the_files_as_they_are(
        tmp_path: Path, cache_dir: Path) -> None:
    def build_in_a_new_process(out: str) -> dict[str, bytes]:
        subprocess.run([sys.executable, "-c", _BUILD, str(EXAMPLE), str(tmp_path / out)],
                       check=True, env={**os.environ, "REPORTGEN_CACHE_DIR": str(cache_dir)})
        return {p.name: p.read_bytes() for p in (tmp_path / out).glob(f"{STEM}.*")}

    first = build_in_a_new_process("first")
    path = _kept_file(cache_dir)
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    kept = json.loads(usercache.load(path, "", "") or b"")
    # Every digest is that of the file's bytes; the listing, that of the folder.
    assert len(kept["digests"]) > 300
    assert all(entry[5] == sha256(Path(name).read_bytes())
               for name, entry in kept["digests"].items())
    assert any(name.startswith(str(PACKAGE_DIR / "fonts")) for name in kept["digests"])
    listings = {folder: found for folder, _walk, _seen, found in kept["listings"]}
    assert listings[str(builtin_dir())] == [str(p) for p in files_below(builtin_dir())]
    assert build_in_a_new_process("again") == first and len(first) == 2
    assert (path.read_bytes(), path.stat().st_mtime_ns) == (before, stamp)


# ------------------------------------------------------- the digest of reportgen's code


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package folder standing for reportgen's, with files old enough to be kept."""
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0)
    folder = tmp_path / "package"
    for name, text in (("__init__.py", "version"), ("writers/docx.py", "docx"),
                       ("data/states.csv", "Austria"), ("data/notes.txt", "not code")):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(usercache, "PACKAGE_DIR", folder)
    usercache.code_digest.cache_clear()
    yield folder
    usercache.code_digest.cache_clear()


def _code_digest_read(folder: Path) -> str:
    """The digest of the package's code read from its files, as every build made it:
    the version, then each file's name in the package and its bytes, by path."""
    digest = hashlib.sha256(usercache.__version__.encode())
    for path in sorted([*folder.rglob("*.py"), *(folder / "data").rglob("*.csv")]):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _code_digest_of_a_new_process() -> str:
    usercache.code_digest.cache_clear()
    return usercache.code_digest()


def _plant_code_digest(cache_dir: Path, digest: str) -> Path:
    [record] = (cache_dir / "code").glob("*.json")
    kept = json.loads(usercache.load(record, "", "") or b"")
    usercache.store(record, json.dumps({**kept, "digest": digest}).encode("utf-8"))
    return record


def test_the_code_digest_is_kept_and_used_while_the_code_is_unchanged(
        package: Path, cache_dir: Path) -> None:
    assert usercache.code_digest() == _code_digest_read(package)
    [record] = (cache_dir / "code").glob("*.json")
    kept = json.loads(usercache.load(record, "", "") or b"")
    assert sorted(name for name, _ in kept["statuses"]) == sorted(
        str(p) for p in (package, package / "data", package / "writers", package / "__init__.py",
                         package / "data" / "states.csv", package / "writers" / "docx.py"))
    _plant_code_digest(cache_dir, SENTINEL)
    assert _code_digest_of_a_new_process() == SENTINEL  # the files were not read


@pytest.mark.parametrize("change", ["edited", "added", "added below", "removed"])
def test_the_code_digest_is_made_again_after_any_change_of_the_code(
        package: Path, cache_dir: Path, change: str) -> None:
    usercache.code_digest()
    record = _plant_code_digest(cache_dir, SENTINEL)
    time.sleep(0.05)  # past a tick of the file system's clock
    docx = package / "writers" / "docx.py"
    if change == "edited":  # same size and modification time put back
        stamp = os.stat(docx)
        docx.write_text("DOCX", encoding="utf-8")
        os.utime(docx, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    elif change == "added":
        (package / "writers" / "pdf.py").write_text("pdf", encoding="utf-8")
    elif change == "added below":
        (package / "writers" / "new").mkdir()
        (package / "writers" / "new" / "html.py").write_text("html", encoding="utf-8")
    else:
        docx.unlink()
    assert _code_digest_of_a_new_process() == _code_digest_read(package) != SENTINEL
    kept = json.loads(usercache.load(record, "", "") or b"")
    assert kept["digest"] == _code_digest_read(package)  # kept anew


def test_each_place_keeps_its_own_code_digest(package: Path, cache_dir: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    usercache.code_digest()
    _plant_code_digest(cache_dir, SENTINEL)
    other = tmp_path / "other"
    other.mkdir()
    (other / "__init__.py").write_text("version", encoding="utf-8")
    monkeypatch.setattr(usercache, "PACKAGE_DIR", other)
    assert _code_digest_of_a_new_process() == _code_digest_read(other)
    assert len(list((cache_dir / "code").glob("*.json"))) == 2
    # What is kept of a place not used for a week goes when another is kept.
    monkeypatch.setattr(usercache, "PACKAGE_DIR", package)
    for record in (cache_dir / "code").glob("*.json"):
        os.utime(record, (time.time() - 8 * 24 * 3600,) * 2)
    (package / "new.py").write_text("new", encoding="utf-8")
    assert _code_digest_of_a_new_process() == _code_digest_read(package)
    assert len(list((cache_dir / "code").glob("*.json"))) == 1


def test_a_code_digest_changed_in_the_last_seconds_is_not_kept(
        package: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filememo, "RACY_SECONDS", 3)
    assert usercache.code_digest() == _code_digest_read(package)
    assert list((cache_dir / "code").glob("*.json")) == []


def test_a_code_digest_from_a_folder_others_can_write_is_not_used(
        package: Path, cache_dir: Path) -> None:
    usercache.code_digest()
    record = _plant_code_digest(cache_dir, SENTINEL)
    record.parent.chmod(0o777)
    assert _code_digest_of_a_new_process() == _code_digest_read(package)


@pytest.mark.parametrize("damage", [b"\x00not sealed", None], ids=["garbage", "another shape"])
def test_a_damaged_code_digest_is_reported_and_made_again(package: Path, cache_dir: Path,
                                                          damage: bytes | None) -> None:
    usercache.code_digest()
    [record] = (cache_dir / "code").glob("*.json")
    if damage is None:
        usercache.store(record, json.dumps({"digest": SENTINEL}).encode("utf-8"))
    else:
        record.write_bytes(damage)
    digests.take_damage()
    assert _code_digest_of_a_new_process() == _code_digest_read(package)
    [warning] = digests.take_damage()
    assert (warning.location.path, warning.message) == (record, (
        "this cache file, the digest of reportgen's code, is damaged (truncated or changed); "
        "the code is read again"))

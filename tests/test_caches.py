"""Every cache is checked before use: a damaged item is rebuilt, with one warning
naming its file, and the outputs are those of a build without any cache."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from reportgen import build
from reportgen.cli import main
from reportgen.errors import Diagnostic, ExitCode, Location
from reportgen.outputs import cache, sessioncache
from reportgen.pipeline import compose
from reportgen.pipeline.templates import TemplateSet
from reportgen.util import digests, filememo, usercache

MINIMAL = ROOT / "tests" / "roots" / "minimal" / "session.yaml"
STEM = "CTOC_COP_WG.9_2026_2"
DAMAGED = "is damaged (truncated or changed)"


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _garbage(data: bytes) -> bytes:
    return b"\x00\xffnot what was stored\x80" * 8


def _one_byte_changed(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1:]


DAMAGE = {"truncated": _truncated, "garbage": _garbage, "one byte changed": _one_byte_changed}


def _damage(path: Path, how: Callable[[bytes], bytes]) -> None:
    path.write_bytes(how(path.read_bytes()))


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A session, its output folder out/ and a user cache of its own, cache/."""
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    usercache.folder.cache_clear()
    compose.environment.cache_clear()
    session = tmp_path / "meeting" / "session.yaml"
    session.parent.mkdir()
    session.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    yield tmp_path
    usercache.folder.cache_clear()
    compose.environment.cache_clear()


def _build(project: Path, *args: str) -> tuple[int, list[str]]:
    """Build (in this process, as a new process would: no template compiled yet); the
    warnings about caches printed (the session itself has one of its own)."""
    compose.environment.cache_clear()
    result = CliRunner().invoke(main, ["build", str(project / "meeting"), "--out",
                                       str(project / "out"), "-q", *args])
    assert "Traceback" not in result.output
    return result.exit_code, [line for line in result.stderr.splitlines()
                              if line.endswith("[cache.damaged]")]


def _warning(path: Path, what: str, remedy: str) -> str:
    return f"{path}: warning: this cache file, {what}, {DAMAGED}; {remedy} [cache.damaged]"


def _outputs(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "out").glob(f"{STEM}.*"))}


@pytest.mark.parametrize("how", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_reference_document_is_made_again(project: Path,
                                                    how: Callable[[bytes], bytes]) -> None:
    assert _build(project, "--to", "docx") == (ExitCode.OK, [])
    before = _outputs(project)
    [reference] = (project / "cache").glob("reference-docx-*/*.docx")
    _damage(reference, how)
    code, warnings = _build(project, "--to", "docx", "--force")
    assert code == ExitCode.OK
    assert warnings == [_warning(reference, "the zipped reference document",
                                 "it was made again")]
    assert _outputs(project) == before
    assert _build(project, "--to", "docx", "--force") == (ExitCode.OK, [])


def test_workers_report_a_damaged_reference_document_once(project: Path) -> None:
    """Four DOCX files made by two workers, each of which finds the damage; under
    --strict too: the warning is about the cache, which the build has just rebuilt."""
    example = ROOT / "meetings" / "ctoc-cop-wg7-2017" / "session.yaml"
    (project / "meeting" / "session.yaml").write_text(example.read_text(encoding="utf-8"),
                                                      encoding="utf-8")
    assert _build(project, "--to", "docx", "-j", "2") == (ExitCode.OK, [])
    [reference] = (project / "cache").glob("reference-docx-*/*.docx")
    _damage(reference, _truncated)
    assert _build(project, "--to", "docx", "-j", "2", "--force", "--strict") == (ExitCode.OK, [
        _warning(reference, "the zipped reference document", "it was made again")])


@pytest.mark.parametrize("how", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_compiled_templates_are_compiled_again(project: Path,
                                                       how: Callable[[bytes], bytes]) -> None:
    assert _build(project, "--to", "txt") == (ExitCode.OK, [])
    before = _outputs(project)
    compiled = sorted((project / "cache").glob("jinja-*/*"))
    assert len(compiled) > 5
    for path in compiled:
        _damage(path, how)
    code, warnings = _build(project, "--to", "txt", "--force")
    assert code == ExitCode.OK
    assert sorted(warnings) == sorted(
        _warning(path, "a compiled template", "it was compiled again") for path in compiled)
    assert _outputs(project) == before
    assert _build(project, "--to", "txt", "--force") == (ExitCode.OK, [])


def _wrong_shape(data: bytes) -> bytes:
    """JSON with a right digest, of a shape reportgen never writes."""
    return digests.seal(json.dumps({"version": 2, "outputs": {"x": {"key": 7}},
                                  "documents": [{"_": "Nothing"}], "warnings": 3})).encode()


JSON_DAMAGE = {**DAMAGE, "wrong shape": _wrong_shape,
               "not UTF-8": lambda data: b"\xff" + data}


@pytest.mark.parametrize("how", JSON_DAMAGE.values(), ids=JSON_DAMAGE.keys())
def test_a_damaged_build_record_means_a_full_build(project: Path,
                                                   how: Callable[[bytes], bytes]) -> None:
    assert _build(project) == (ExitCode.OK, [])
    before = _outputs(project)
    record = project / "out" / cache.CACHE_FILE
    _damage(record, how)
    code, warnings = _build(project)
    assert code == ExitCode.OK
    assert warnings == [
        _warning(record, "the build record", "every output is built again")]
    assert _outputs(project) == before
    assert digests.unseal(record.read_text(encoding="utf-8")) is not None
    assert _build(project) == (ExitCode.OK, [])


@pytest.mark.parametrize("how", JSON_DAMAGE.values(), ids=JSON_DAMAGE.keys())
def test_a_damaged_remembered_session_is_prepared_again(
        project: Path, how: Callable[[bytes], bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    assert _build(project, "--to", "txt") == (ExitCode.OK, [])
    before = _outputs(project)
    [remembered] = (project / "out" / sessioncache.FOLDER).glob("*.json")
    _damage(remembered, how)
    prepared: list[Path] = []
    real_prepare = build.prepare

    def counting_prepare(path: Path, *args: object, **kwargs: object) -> object:
        prepared.append(path)
        return real_prepare(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "prepare", counting_prepare)
    code, warnings = _build(project, "--to", "txt")
    assert code == ExitCode.OK
    assert warnings == [_warning(remembered, "a remembered session",
                                 "the session is prepared again")]
    assert len(prepared) == 1
    assert _outputs(project) == before
    # Remembered anew, intact: the next build prepares nothing.
    assert digests.unseal(remembered.read_text(encoding="utf-8")) is not None
    assert _build(project, "--to", "txt") == (ExitCode.OK, [])
    assert len(prepared) == 1


@pytest.mark.parametrize("how", JSON_DAMAGE.values(), ids=JSON_DAMAGE.keys())
def test_damaged_digests_of_reportgens_own_files_are_computed_again(
        project: Path, how: Callable[[bytes], bytes]) -> None:
    assert _build(project, "--to", "txt") == (ExitCode.OK, [])
    before = _outputs(project)
    [kept] = (project / "cache").glob("files-*/*.json")
    _damage(kept, how)
    filememo.forget()  # as a new process starts: nothing learnt, nothing recalled
    usercache._handed.clear()
    code, warnings = _build(project, "--to", "txt", "--force")
    assert code == ExitCode.OK
    assert warnings == [_warning(kept, "the digests of reportgen's own files",
                                 "the files are read again")]
    assert _outputs(project) == before
    usercache._handed.clear()  # kept anew, intact
    assert _build(project, "--to", "txt", "--force") == (ExitCode.OK, [])


def _not_utf8_folder(project: Path) -> Path:
    """The project's meeting folder moved to a folder whose name is not UTF-8."""
    odd = Path(os.fsdecode(os.fsencode(project) + b"/bad\xff"))
    (project / "meeting").rename(odd)
    return odd


def test_caches_keep_a_session_in_a_folder_whose_name_is_not_utf8(project: Path) -> None:
    """The sessions' names and the record's paths are written as escapes and read back."""
    session = _not_utf8_folder(project) / "session.yaml"
    remembered = sessioncache.SessionCache(project / "out", cache.InputHasher())
    assert remembered.key(session, TemplateSet.for_session(session)).endswith(".json")
    (project / "out").mkdir()
    record = cache.Record(project / "out")
    record.entries["x.txt"] = cache.Entry("key", "0" * 64, 1, session=str(session), warnings=[
        Diagnostic(Location(session, 2, 3), "a warning", "warning", "code")])
    record.save()
    again = cache.Record.load(project / "out")
    assert again.entries == record.entries


def test_a_session_in_a_folder_whose_name_is_not_utf8_builds(project: Path) -> None:
    odd = _not_utf8_folder(project)
    result = CliRunner().invoke(main, ["build", str(odd), "--out", str(project / "out"),
                                       "-q", "--to", "txt"])
    assert "internal error" not in result.stderr
    assert result.exit_code == ExitCode.OK, result.stderr
    sources = json.loads((project / "out" / "manifest.json").read_bytes())["outputs"][0]
    assert os.fsencode(sources["session"]).endswith(b"\xff/session.yaml")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _too_large(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: no disk used
        handle.truncate(cache.CACHE_FILE_LIMIT + 1)


NOT_CACHE_FILES = {"named pipe": _fifo, "link to /dev/zero": _zero, "too large": _too_large}


@pytest.mark.parametrize("how", NOT_CACHE_FILES.values(), ids=NOT_CACHE_FILES.keys())
def test_a_cache_file_that_is_no_file_a_build_wrote_is_damaged(
        project: Path, how: Callable[[Path], None]) -> None:
    """A project may ship its output folder: what it holds under a cache's names is
    refused before a byte is read (no wait on a pipe, no endless read), and replaced."""
    assert _build(project, "--to", "txt") == (ExitCode.OK, [])
    before = _outputs(project)
    record = project / "out" / cache.CACHE_FILE
    [remembered] = (project / "out" / sessioncache.FOLDER).glob("*.json")
    for path in (record, remembered):
        path.unlink()
        how(path)
    code, warnings = _build(project, "--to", "txt")
    assert code == ExitCode.OK
    assert sorted(warnings) == sorted([
        _warning(record, "the build record", "every output is built again"),
        _warning(remembered, "a remembered session", "the session is prepared again")])
    assert _outputs(project) == before
    assert _build(project, "--to", "txt") == (ExitCode.OK, [])

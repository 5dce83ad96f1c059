"""The parses of a session's prose kept in the user cache from one build of it to the next
(``pipeline.parses``): the next build gives the same documents, parses only what changed,
and never trusts a damaged file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from reportgen import build
from reportgen.pipeline import parses, prose
from reportgen.pipeline.tree import Emph, Note, Ref, Strong, Text
from reportgen.util import digests, usercache

QUOTES = ("“", "”", "‘", "’")


@pytest.fixture()
def session(tmp_path: Path) -> Path:
    """A copy of the example session, to be edited."""
    folder = tmp_path / "meeting"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder / EXAMPLE.name


@pytest.fixture()
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts markdown-it is asked to parse, in order."""
    asked: list[str] = []
    real = prose._parse_inline

    def noted(text: str, **options: object) -> object:
        asked.append(text)
        return real(text, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(prose, "_parse_inline", noted)
    return asked


def _documents(path: Path) -> list[object]:
    prepared, diagnostics = build.check([path])
    assert not diagnostics.errors
    return prepared[0].documents


def _kept_file(cache_dir: Path) -> Path:
    [path] = cache_dir.glob(f"{parses.FOLDER}-*/*.json")
    return path


def _kept(cache_dir: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(_kept_file(cache_dir).read_bytes()[32:])
    return data


def test_every_kind_of_node_is_kept_as_it_was_parsed() -> None:
    text = ('A **strong** and *emphasised* "quoted" word,^[A note citing '
            '[[paragraph:carriers]].] then [[Paras:a, b]] and \\*no emphasis\\*.')
    nodes = prose.parse(text, quotes=QUOTES)
    kinds = set()

    def walk(found: list[object]) -> None:
        for node in found:
            kinds.add(type(node))
            walk(getattr(node, "children", []))

    walk(nodes)
    assert kinds == {Text, Strong, Emph, Note, Ref}
    data = parses.to_data(nodes)
    assert parses.from_data(json.loads(json.dumps(data))) == nodes


def test_the_next_build_parses_nothing_again_and_gives_the_same_documents(
        cache_dir: Path, session: Path, parsed: list[str]) -> None:
    first = _documents(session)
    assert len(parsed) > 50  # the example's paragraphs, titles and names
    texts = len(set(parsed))
    parsed.clear()
    again = _documents(session)
    assert parsed == []
    assert again == first
    assert len(_kept(cache_dir)) == texts
    assert digests.take_damage() == []


def test_an_edited_paragraph_alone_is_parsed_and_the_file_keeps_only_the_current_texts(
        cache_dir: Path, session: Path, parsed: list[str]) -> None:
    text = session.read_text(encoding="utf-8")
    old = "Many speakers made reference"
    assert old in text
    _documents(session)
    before = set(_kept(cache_dir))
    parsed.clear()
    session.write_text(text.replace(old, "*Many* speakers made reference", 1), encoding="utf-8")
    edited = _documents(session)
    assert len(parsed) == 1 and "*Many* speakers made reference" in parsed[0]
    assert Emph([Text("Many")]) in [
        node for block in edited[0].blocks for node in getattr(block, "text", [])]
    after = set(_kept(cache_dir))
    assert len(after - before) == 1 and len(before - after) == 1  # the old text is gone


def test_references_are_located_anew_in_each_build(cache_dir: Path, session: Path) -> None:
    """A kept parse holds no location: an unknown reference is reported where it is
    written, in every build, also after lines were added above it."""
    text = session.read_text(encoding="utf-8")
    anchor = "Many speakers made reference"
    session.write_text(text.replace(anchor, f"{anchor} (see [[para:no-such-paragraph]])", 1),
                       encoding="utf-8")

    def reported() -> list[tuple[int | None, int | None]]:
        _, diagnostics = build.check([session])
        return [(d.location.line, d.location.column) for d in diagnostics.errors
                if "no-such-paragraph" in d.message]

    first = reported()
    assert len(first) == 1 and first[0][0] is not None
    assert reported() == first  # its parse now kept
    session.write_text("# two lines\n# above\n" + session.read_text(encoding="utf-8"),
                       encoding="utf-8")
    [(line, column)] = reported()
    assert (line, column) == (first[0][0] + 2, first[0][1])  # type: ignore[operator]


def _sealed(data: bytes) -> bytes:
    return hashlib.sha256(data).digest() + data


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],
    lambda data: data[:-3] + b"x" + data[-2:],
    lambda data: _sealed(b"[1, 2]"),  # not a table
    lambda data: _sealed(b"\xff"),  # not UTF-8
    lambda data: _sealed(json.dumps({key: [["bold", []]] for key in json.loads(
        data[32:])}).encode()),  # nodes no parse gives
    lambda data: _sealed(json.dumps({key: [["ref", "para", [1], "[[para:1]]", False]]
                                     for key in json.loads(data[32:])}).encode()),
], ids=["truncated", "changed", "a list", "not UTF-8", "an unknown node", "a bad reference"])
def test_a_damaged_file_is_reported_and_its_texts_parsed_again(
        cache_dir: Path, session: Path, damage: Callable[[bytes], bytes],
        parsed: list[str]) -> None:
    first = _documents(session)
    path = _kept_file(cache_dir)
    path.write_bytes(damage(path.read_bytes()))
    parsed.clear()
    assert _documents(session) == first
    assert parsed  # parsed again
    found = {(d.location.path, d.message, d.code) for d in digests.take_damage()}
    assert found == {(path, "this cache file, the parses of a session's prose kept between "
                            "builds, is damaged (truncated or changed); its prose was "
                            "parsed again", "cache.damaged")}
    parsed.clear()
    assert _documents(session) == first  # written whole again
    assert parsed == [] and digests.take_damage() == []


def test_a_build_that_fails_forgets_no_text(cache_dir: Path, session: Path) -> None:
    _documents(session)
    before = _kept(cache_dir)
    text = session.read_text(encoding="utf-8")
    session.write_text(text + "no_such_key: 1\n", encoding="utf-8")
    _, diagnostics = build.check([session])
    assert diagnostics.errors
    assert set(before) <= set(_kept(cache_dir))


def test_a_process_that_keeps_its_own_parses_writes_none(cache_dir: Path,
                                                        session: Path) -> None:
    prose.keep_parses()
    try:
        _documents(session)
    finally:
        prose.keep_parses(False)
    assert not list(cache_dir.glob(f"{parses.FOLDER}-*/*"))


def test_kept_parses_in_a_folder_others_can_write_are_not_used(
        cache_dir: Path, session: Path, parsed: list[str]) -> None:
    _documents(session)
    _kept_file(cache_dir).parent.chmod(0o777)  # anyone could have written them
    usercache.folder.cache_clear()
    parsed.clear()
    _documents(session)
    assert parsed


def test_a_new_process_with_every_text_kept_does_not_import_markdown_it(
        cache_dir: Path, session: Path) -> None:
    script = ("import sys; from pathlib import Path; from reportgen import build; "
              "prepared, found = build.check([Path(sys.argv[1])]); "
              "assert prepared and not found.errors, found.errors; "
              "print(sorted({m.split('.')[0] for m in sys.modules} "
              "& {'markdown_it', 'mdit_py_plugins'}))")
    environment = {**os.environ, "REPORTGEN_CACHE_DIR": str(cache_dir),
                   "PYTHONPATH": str(ROOT / "src")}

    def imported() -> str:
        ran = subprocess.run([sys.executable, "-c", script, str(session)], env=environment,
                             capture_output=True, text=True, check=True)
        return ran.stdout.strip()

    assert imported() == "['markdown_it', 'mdit_py_plugins']"  # nothing kept yet
    assert imported() == "[]"


def test_the_least_recently_built_sessions_are_forgotten_past_the_limit(
        cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parses, "LIMIT", 2)
    sessions = []
    for name in ("one", "two", "three"):
        folder = tmp_path / name
        shutil.copytree(EXAMPLE.parent, folder)
        sessions.append(folder / EXAMPLE.name)
    for index, path in enumerate(sessions[:2]):
        _documents(path)
        os.utime(_kept_file_of(path), (1_000_000 + index, 1_000_000 + index))
    _documents(sessions[0])  # read again: now the most recently used
    _documents(sessions[2])
    assert {path for path in sessions if _kept_file_of(path).exists()} == {
        sessions[0], sessions[2]}


def _kept_file_of(session: Path) -> Path:
    path = parses.Parses(session)._path
    assert path is not None
    return path

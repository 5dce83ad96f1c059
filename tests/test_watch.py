"""``reportgen watch``, in-process: each save rebuilds once, what it changed; a mistake
keeps the last outputs and says where; a template edit rebuilds; a warm rebuild (typst's
compiler and the parsed paragraphs kept) gives the bytes a one-off build gives."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from reportgen import build
from reportgen.config import Settings
from reportgen.outputs import sessioncache
from reportgen.pipeline import prose
from reportgen.tools.watch import Rebuild, Watcher, stay_warm
from reportgen.writers import pdf

SEED = ROOT / "meetings" / "ctoc-cop-wg7-2017"
OTHER = ROOT / "meetings" / "ctoc-cop-wg4-2010"
SEED_DOCUMENTS = {"CTOC/COP/WG.7/2017/5", "CTOC/COP/WG.7/2017/L.1",
                  "CTOC/COP/WG.7/2017/L.1/Add.1", "CTOC/COP/WG.7/2017/L.1/Add.2"}
OLD = "aware of their responsibilities"
NEW = "aware of their new responsibilities"
# Long enough for a stray second rebuild (the outputs' own writes, say) to show.
SETTLE_SECONDS = 0.6


class Running:
    """A watcher in a thread, and the rebuilds it reported."""

    def __init__(self, project: Path, watcher: Watcher):
        self.project, self.watcher = project, watcher
        self.rebuilds: list[Rebuild] = []
        self.arrived = threading.Condition()

    def heard(self, rebuild: Rebuild) -> None:
        with self.arrived:
            self.rebuilds.append(rebuild)
            self.arrived.notify_all()

    def after(self, edit: Callable[[], None]) -> Rebuild:
        """Do ``edit``, wait for the rebuild it causes, and check that it is the only one."""
        count = len(self.rebuilds)
        edit()
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.rebuilds) > count, 20), "no rebuild"
        time.sleep(SETTLE_SECONDS)
        assert len(self.rebuilds) == count + 1, [r.line() for r in self.rebuilds[count:]]
        return self.rebuilds[-1]

    @property
    def out(self) -> Path:
        return self.watcher.settings.out


def _project(tmp_path: Path) -> Path:
    """Two sessions and a template folder of the project's own, the outputs inside it."""
    project = tmp_path / "project"
    shutil.copytree(SEED, project / "wg7")
    shutil.copytree(OTHER, project / "wg4")
    (project / "templates" / "html").mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "html" / "report.css", project / "templates" / "html")
    return project


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    yield from _running(_project(tmp_path), ["txt", "html"], warm=True)


def _running(project: Path, formats: list[str], warm: bool = False) -> Iterator[Running]:
    stay_warm(warm)
    settings = Settings(formats=formats, out=project / "build", root=project)
    state = Running(project, Watcher([project], settings, formats))
    state.watcher.listeners.append(state.heard)
    first = state.watcher.rebuild()
    assert not first.failed, first.problems
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=state.watcher.watch, args=(stop, ready.set), daemon=True)
    thread.start()
    assert ready.wait(10)
    time.sleep(0.2)  # the operating system's notifications are on
    try:
        yield state
    finally:
        stop.set()
        thread.join(10)
        stay_warm(False)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_rebuilds_once_and_only_the_documents_it_changed(running: Running) -> None:
    assert len(running.rebuilds) == 1 and len(running.rebuilds[0].rebuilt) == 7
    session = running.project / "wg7" / "session.yaml"
    rebuild = running.after(lambda: _replace(session, OLD, NEW))
    assert not rebuild.failed
    # The recommendation stands in the final report and in the draft's part that holds
    # the recommendations; the other parts and the other session are not rendered again.
    assert rebuild.rebuilt == ["CTOC/COP/WG.7/2017/5", "CTOC/COP/WG.7/2017/L.1/Add.1"]
    assert len(rebuild.documents) == 7
    assert sorted(p.name for p in rebuild.written) == [
        "CTOC_COP_WG.7_2017_5.html", "CTOC_COP_WG.7_2017_5.txt",
        "CTOC_COP_WG.7_2017_L.1_Add.1.html", "CTOC_COP_WG.7_2017_L.1_Add.1.txt"]
    assert NEW in (running.out / "CTOC_COP_WG.7_2017_5.txt").read_text(encoding="utf-8")
    line = rebuild.line()
    assert " rebuilt CTOC/COP/WG.7/2017/5, CTOC/COP/WG.7/2017/L.1/Add.1 in " in line
    assert line.endswith(" ms (5 unchanged)")


def test_a_mistake_keeps_the_last_outputs_and_says_where(running: Running) -> None:
    session = running.project / "wg7" / "session.yaml"
    before = {p.name: p.read_bytes() for p in running.out.iterdir() if p.is_file()}
    line = session.read_text(encoding="utf-8").splitlines().index("attendance:") + 1
    rebuild = running.after(lambda: _replace(session, "\nattendance:", "\natendance:"))
    assert rebuild.failed and rebuild.rebuilt == []
    assert rebuild.problems == [
        f"{session}:{line}:1: error: unknown key 'atendance' (did you mean 'attendance'?)\n"
        f" {line} | atendance:\n     | ^"]
    assert "not rebuilt" in rebuild.line() and "1 error" in rebuild.line()
    assert {p.name: p.read_bytes() for p in running.out.iterdir() if p.is_file()} == before
    # Put right, the next save builds again, from the last good outputs on.
    fixed = running.after(lambda: _replace(session, "\natendance:", "\nattendance:"))
    assert not fixed.failed and fixed.rebuilt == []  # the same text as the good build's


def test_a_template_edit_rebuilds_what_uses_it(running: Running) -> None:
    sheet = running.project / "templates" / "html" / "report.css"
    text = {p: p.read_bytes() for p in running.out.glob("*.txt")}
    rebuild = running.after(lambda: _replace(sheet, "color: #000;", "color: #111;"))
    assert not rebuild.failed
    assert set(rebuild.rebuilt) == SEED_DOCUMENTS | {
        "CTOC/COP/WG.4/2010/6", "CTOC/COP/WG.4/2010/L.1", "CTOC/COP/WG.4/2010/L.1/Add.1"}
    assert {p.suffix for p in rebuild.written} == {".html"}  # the TXT files do not use it
    assert "color: #111;" in (running.out / "CTOC_COP_WG.4_2010_6.html").read_text(
        encoding="utf-8")
    assert {p: p.read_bytes() for p in running.out.glob("*.txt")} == text


def test_a_warm_rebuild_gives_a_one_off_builds_bytes(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SEED, project / "wg7")
    watching = _running(project, ["pdf"], warm=True)
    state = next(watching)
    try:
        session = project / "wg7" / "session.yaml"
        rebuild = state.after(lambda: _replace(session, OLD, NEW))
        assert rebuild.rebuilt == ["CTOC/COP/WG.7/2017/5", "CTOC/COP/WG.7/2017/L.1/Add.1"]
        assert pdf._warm is not None and pdf._warm.compilers  # the compiler was kept
        assert prose._kept  # and the parsed paragraphs
        cold = tmp_path / "cold"
        stay_warm(False)
        build.build([project], ["pdf"], cold)
        for name in ("CTOC_COP_WG.7_2017_5.pdf", "CTOC_COP_WG.7_2017_L.1_Add.1.pdf"):
            assert (state.out / name).read_bytes() == (cold / name).read_bytes(), name
    finally:
        watching.close()


def test_the_command_prints_a_line_per_rebuild_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SEED, project / "wg7")
    command = [sys.executable, "-m", "reportgen", "watch", str(project), "--to", "txt",
               "--out", str(tmp_path / "out")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8", cwd=tmp_path,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    lines = []
    try:
        while not any(line.startswith("watching ") for line in lines):
            lines.append(process.stdout.readline())
            assert lines[-1], (lines, process.stderr.read() if process.stderr else "")
        time.sleep(0.3)
        _replace(project / "wg7" / "session.yaml", OLD, NEW)
        lines.append(process.stdout.readline())
    finally:
        process.send_signal(signal.SIGINT)
        rest, err = process.communicate(timeout=20)
    assert " rebuilt CTOC/COP/WG.7/2017/5, CTOC/COP/WG.7/2017/L.1, " in lines[0]
    assert "(0 unchanged)" in lines[0]
    assert lines[1] == f"watching {project} for changes (Ctrl-C stops)\n"
    assert " rebuilt CTOC/COP/WG.7/2017/5, CTOC/COP/WG.7/2017/L.1/Add.1 in " in lines[2]
    assert rest == "stopped watching\n" and err == ""
    assert process.returncode == 0


def test_the_sessions_kept_in_memory_are_written_when_watching_stops(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path)
    watching = _running(project, ["txt"], warm=True)
    state = next(watching)
    try:
        session = project / "wg7" / "session.yaml"
        kept = state.out / ".reportgen-sessions"
        state.after(lambda: _replace(session, OLD, NEW))
        # While watching, the prepared sessions stay in memory only.
        assert list(kept.glob("*.json")) == []
    finally:
        watching.close()
    assert len(list(kept.glob("*.json"))) == 2
    # The next one-off build recalls both sessions: it prepares nothing.
    monkeypatch.setattr(build, "prepare", lambda *a, **k: pytest.fail("prepared again"))
    result = build.build([project], ["txt"], state.out)
    assert result.sessions == 2 and result.rebuilt == []


def test_a_session_remembered_on_disk_is_read_once_while_watching(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(SEED, project / "wg7")
    build.build([project], ["txt"], project / "build")  # a one-off build remembers it
    read: list[Path] = []
    original = sessioncache.SessionCache._read

    def reading(self: sessioncache.SessionCache, key: str, session: Path) -> object:
        read.append(session)
        return original(self, key, session)

    monkeypatch.setattr(sessioncache.SessionCache, "_read", reading)
    stay_warm()
    try:
        watcher = Watcher([project], Settings(formats=["txt"], out=project / "build",
                                              root=project), ["txt"])
        outcomes = [watcher.rebuild() for _ in range(3)]
    finally:
        stay_warm(False)
    assert [o.rebuilt for o in outcomes] == [[], [], []]
    assert len(read) == 1  # then kept in memory


def test_the_cycle_collector_waits_until_the_rebuild_is_reported(running: Running) -> None:
    """No collection while a rebuild runs (in a process that stays loaded each one looks
    through everything kept); one full collection once the watcher has had no change for
    a while, and one at the next rebuild's start if saves came too fast for that."""
    collections: list[int] = []
    enabled_when_reported: list[bool] = []

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    running.watcher.listeners.append(lambda _: enabled_when_reported.append(gc.isenabled()))
    session = running.project / "wg7" / "session.yaml"
    gc.callbacks.append(counted)
    try:
        rebuild = running.after(lambda: _replace(session, OLD, NEW))
        assert not rebuild.failed and enabled_when_reported == [False]
        # Tidied after IDLE_MS without a change (SETTLE_SECONDS is far longer).
        assert not running.watcher.untidy and 2 in collections
    finally:
        gc.callbacks.remove(counted)
    assert gc.isenabled()


def test_saves_in_quick_succession_tidy_before_the_next_rebuild(tmp_path: Path) -> None:
    project = _project(tmp_path)
    settings = Settings(formats=["txt"], out=project / "build", root=project)
    watcher = Watcher([project / "wg7"], settings, ["txt"])
    collections: list[int] = []

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    watcher.listeners.append(lambda _: collections.append(-1))  # the report
    gc.callbacks.append(counted)
    try:
        watcher.rebuild()
        assert watcher.untidy and collections[0] == -1  # none while it ran
        _replace(project / "wg7" / "session.yaml", OLD, NEW)
        del collections[:]
        watcher.rebuild()
        # The first's tidying, then none until the second was reported.
        assert collections[:2] == [2, -1] and watcher.untidy
        del collections[:]
        watcher.tidy()
        assert 2 in collections and not watcher.untidy
    finally:
        gc.callbacks.remove(counted)

"""Work queued for the build's waits (util.meanwhile): done once, during a writer's wait for
pandoc or typst when there is one, else when its result is asked for; and the build's use
of it, the prepared session encoded to be remembered."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from conftest import EXAMPLE
from reportgen import build
from reportgen.errors import Diagnostics
from reportgen.outputs import cache, sessioncache
from reportgen.pipeline.prepare import prepare
from reportgen.pipeline.templates import TemplateSet
from reportgen.pipeline.tree import Document
from reportgen.util import meanwhile
from reportgen.writers import docx, pdf

WAIT = 10  # seconds: far longer than any of the queued work here takes


@pytest.fixture(autouse=True)
def empty_queue() -> Iterator[None]:
    yield
    while meanwhile._queue:  # (a failed test's work is not done in the next test's waits)
        meanwhile._queue.pop().cancel()


def _recording(done: list[str],
               value: str = "done") -> tuple[threading.Event, Callable[[], str]]:
    """Work that notes which thread did it, and an event set when it has."""
    finished = threading.Event()

    def work() -> str:
        done.append(threading.current_thread().name)
        finished.set()
        return value

    return finished, work


def test_queued_work_is_done_in_a_thread_during_a_wait() -> None:
    done: list[str] = []
    finished, work = _recording(done, "encoded")
    job = meanwhile.later(work)
    assert done == []  # queued, not done
    with meanwhile.waiting():
        assert finished.wait(WAIT)  # done while this thread waited
    assert job.result() == "encoded"
    assert done == ["reportgen-meanwhile"]


def test_work_no_wait_has_done_is_done_when_its_result_is_asked_for() -> None:
    done: list[str] = []
    _, work = _recording(done, "encoded")
    job = meanwhile.later(work)
    assert job.result() == "encoded"
    assert done == [threading.current_thread().name]
    assert job.result() == "encoded" and len(done) == 1  # once
    with meanwhile.waiting():
        pass
    assert len(done) == 1 and not meanwhile._queue


def test_a_result_asked_for_while_the_thread_does_the_work_waits_for_it() -> None:
    started, calls = threading.Event(), []

    def slow() -> int:
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return 42

    job = meanwhile.later(slow)
    with meanwhile.waiting():
        assert started.wait(WAIT)
    assert job.result() == 42  # waited for the thread's run, not run again
    assert calls == [1]


def test_an_error_of_the_work_is_raised_where_its_result_is_asked_for() -> None:
    def failing() -> None:
        raise OSError("the disk is full")

    job = meanwhile.later(failing)
    with meanwhile.waiting():
        pass
    with pytest.raises(OSError, match="the disk is full"):
        job.result()


def test_cancelled_work_is_not_done() -> None:
    cancelled: list[str] = []
    done: list[str] = []
    _, unwanted = _recording(cancelled)
    finished, wanted = _recording(done)
    meanwhile.later(unwanted).cancel()
    meanwhile.later(wanted)
    with meanwhile.waiting():
        assert finished.wait(WAIT)
    assert cancelled == [] and done == ["reportgen-meanwhile"]


def _example_document() -> tuple[Document, TemplateSet]:
    prepared = prepare(EXAMPLE, Diagnostics())
    assert prepared is not None
    return prepared.documents[0], prepared.templates


@pytest.mark.parametrize(("writer", "magic"), [(docx, b"PK"), (pdf, b"%PDF-")],
                         ids=["docx, while pandoc runs", "pdf, while typst runs"])
def test_the_writers_do_queued_work_while_their_program_runs(writer: ModuleType,
                                                             magic: bytes) -> None:
    document, templates = _example_document()
    done: list[str] = []
    finished, work = _recording(done)
    job = meanwhile.later(work)
    data = writer.write(document, templates).data
    assert data.startswith(magic)
    assert finished.wait(WAIT) and job.result() == "done"
    assert done == ["reportgen-meanwhile"]


def test_a_build_encodes_the_session_it_remembers_while_pandoc_runs(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    encoded_in: list[str] = []
    original = sessioncache._encoded

    def encoding(session: Path, remembered: sessioncache.Remembered) -> bytes:
        encoded_in.append(threading.current_thread().name)
        return original(session, remembered)

    monkeypatch.setattr(sessioncache, "_encoded", encoding)
    build.build([EXAMPLE], ["docx"], tmp_path, build.Options())
    assert encoded_in == ["reportgen-meanwhile"]
    (written,) = (tmp_path / sessioncache.FOLDER).iterdir()
    # The same file as encoded on the spot, and read back as the same documents.
    prepared = prepare(EXAMPLE, Diagnostics())
    assert prepared is not None
    assert written.read_bytes() == original(EXAMPLE, sessioncache.Remembered(
        prepared.documents, []))
    recalled = sessioncache.SessionCache(tmp_path, cache.InputHasher())._read(
        written.name, EXAMPLE)
    assert recalled is not None and recalled.documents == prepared.documents


def test_a_build_does_not_do_what_an_earlier_build_queued(tmp_path: Path) -> None:
    done: list[str] = []
    _, work = _recording(done)
    job = meanwhile.later(work)  # queued by a build that then failed, say
    build.build([EXAMPLE], ["txt"], tmp_path, build.Options())
    assert not meanwhile._queue
    assert job.result() is None and done == []  # cancelled: never done


def test_a_session_changed_while_prepared_leaves_no_encoding_queued(tmp_path: Path) -> None:
    session = tmp_path / "session.yaml"
    session.write_bytes(EXAMPLE.read_bytes())
    prepared = prepare(session, Diagnostics())
    assert prepared is not None
    sessions = sessioncache.SessionCache(tmp_path / "out", cache.InputHasher())
    key = sessions.key(session, prepared.templates)
    sessions.encode_meanwhile(key, session, prepared.documents, [])
    assert len(meanwhile._queue) == 1
    session.write_bytes(EXAMPLE.read_bytes() + b"\n# edited meanwhile\n")
    sessions.remember(key, session, prepared.documents, [])
    assert not meanwhile._queue  # cancelled, not left holding the documents
    assert not (tmp_path / "out" / sessioncache.FOLDER / key).exists()

"""Worker processes for rendering.

fork starts a worker in milliseconds with everything already imported, so it is
used when it is safe: when this process has a single thread. A process that
has already run typst (a test run, a library user) has typst's thread pool,
which a forked child would inherit without its threads; then a fork server
(a clean process that forks the workers) is used instead, and elsewhere spawn.

A worker may start before the caller changes its environment or folder (a fork
server is started once per process): each task carries both.

A worker stops cleanly: Ctrl-C (which the terminal sends to every process of
the build), SIGTERM (which the build sends its workers when it is interrupted
itself, and the kernel when the build dies) raise ``Stopped`` in it once, so
that the task's temporary files and folders are removed and its pandoc ended
on the way out.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from typing import Any, Generic, TypeVar

from reportgen.util import scratch as scratch_folder

T = TypeVar("T")


def context() -> BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _threads() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        chosen = multiprocessing.get_context("forkserver")
        chosen.set_forkserver_preload(["reportgen.build", "reportgen.writers.docx",
                                       "reportgen.writers.pdf"])
        return chosen
    return multiprocessing.get_context("spawn")


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 2  # cannot tell: assume the worst


class Stopped(SystemExit):
    """In a worker: the build was interrupted, or the process that started it died.

    A SystemExit, so that a worker stopped between tasks ends quietly (multiprocessing
    prints the traceback of any other exception); a stopped task tells the build
    (see render._work), which raises KeyboardInterrupt there.
    """

    def __init__(self) -> None:
        super().__init__(128 + signal.SIGTERM)


_parent = 0  # in a worker: the process that started it
_ORPHAN_GRACE_SECONDS = 3.0
_stopping = False
_starting = True  # in a worker: until its initializer has set its signal handlers
_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class _Pool(ProcessPoolExecutor):
    """A process pool that forks its workers with Ctrl-C and SIGTERM blocked.

    A forked worker has this process's signal handlers until its initializer sets its
    own; a signal in between would raise KeyboardInterrupt in multiprocessing's start-up
    code, which prints a traceback. Blocked, the signal waits for the worker's handler.
    """

    def submit(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            return super().submit(*args, **kwargs)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start_worker(builder: int, scratch: str) -> None:
    """In a worker, first: stop on Ctrl-C and SIGTERM as described above, and make
    temporary files in the build's own folder (``scratch.scratch_folder``).

    ``builder`` is the process that forked it, when it forked it (0 under a fork server):
    a build killed the moment after the fork has already left the worker to another
    parent, so its parent now would be the wrong one to watch.
    """
    global _parent, _starting
    scratch_folder.use(scratch)
    _parent = builder or os.getppid()
    for number in _SIGNALS:
        signal.signal(number, _stop)
    _orphan_guard(_parent)
    # The build forked this worker with both signals blocked (see _Pool): one that came
    # meanwhile is delivered now, to _stop.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    _starting = False


def _stop(signum: int, _frame: object) -> None:
    global _stopping
    if _starting:
        # Interrupted before it took a task: nothing of its own to remove, and raising
        # here would fail the pool's initializer, loudly.
        os._exit(128 + signum)
    if os.getppid() != _parent:
        # The build is gone. Stopped removes the task's files on the way out, but
        # concurrent.futures catches what a task raises outside render's own try and
        # the worker would wait for tasks forever: it ends after a grace time anyway.
        timer = threading.Timer(_ORPHAN_GRACE_SECONDS, os._exit, args=(128 + signum,))
        timer.daemon = True
        timer.start()
    if _stopping:
        return  # once only: a second signal would cut short the removal of files
    _stopping = True
    raise Stopped()


def after_stopped_task() -> None:
    """After a stopped task: end now if the build that started this worker is gone
    (it would never send another task, nor tell the worker to end); else say nothing
    more on the terminal.

    The build is ending and says so itself. Its pool may be cut off while it sends
    this worker another task: the worker then reads half a task, and multiprocessing
    prints the EOFError's traceback under the build's one line.
    """
    if os.getppid() != _parent:
        os._exit(128 + signal.SIGTERM)
    with open(os.devnull, "wb") as nowhere:
        os.dup2(nowhere.fileno(), 2)


def _orphan_guard(parent: int) -> None:
    """In a worker: end with the process that started it.

    If the build is killed (a CI time limit, the out-of-memory killer, kill -9),
    its workers would otherwise wait for tasks forever. On Linux the kernel
    sends SIGTERM when the parent dies; elsewhere a thread watches the parent.
    """
    try:
        libc = ctypes.CDLL(None)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):  # no prctl: not Linux
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the guard was set
        os._exit(1)


_PR_SET_PDEATHSIG = 1


@contextmanager
def pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool; on any failure the tasks not started are cancelled, and on
    Ctrl-C or SIGTERM the running ones stopped (each worker removes its files)."""
    others = set(multiprocessing.active_children())
    chosen = context()
    builder = os.getpid() if chosen.get_start_method() == "fork" else 0
    executor = _Pool(workers, mp_context=chosen, initializer=_start_worker,
                     initargs=(builder, scratch_folder.for_workers()))
    try:
        yield executor
    except BaseException as exc:
        ours = set(multiprocessing.active_children()) - others
        if isinstance(exc, KeyboardInterrupt):
            for worker in ours:
                worker.terminate()  # SIGTERM: see _stop
        executor.shutdown(wait=True, cancel_futures=True)
        # Each removes its files on the way out: the build's folder goes after them.
        for worker in ours:
            worker.join(_ORPHAN_GRACE_SECONDS + 1)
        raise
    executor.shutdown(wait=True)


@dataclass
class Task(Generic[T]):
    """An argument for a function run in a worker, with the caller's environment."""

    argument: T
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: str = field(default_factory=os.getcwd)

    def enter(self) -> T:
        """In the worker: take the caller's environment and folder, then the argument."""
        if os.environ != self.environ:
            os.environ.clear()
            os.environ.update(self.environ)
        if os.getcwd() != self.cwd:
            os.chdir(self.cwd)
        return self.argument


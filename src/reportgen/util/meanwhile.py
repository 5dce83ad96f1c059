"""Work done while this process waits for a program of its own.

A build spends much of its time waiting: pandoc lays out the DOCX in a process of its
own, typst the PDF in a thread that releases the interpreter. Some of the build's
later work does not depend on what they make (the prepared sessions encoded to be
remembered, once the outputs are written). Queued here with ``later``, such work is
done in a thread of its own while a writer waits (``waiting``); whatever has not been
done when it is needed is done then, by ``Job.result``. Done while the writer's own
Python work runs, it would only slow that down: the two would take turns.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Job(Generic[Value]):
    """Work queued by ``later``: done once, by the waiting thread or by ``result``."""

    def __init__(self, work: Callable[[], Value]):
        self._work: Callable[[], Value] | None = work
        self._lock = threading.Lock()
        self._value: Value | None = None
        self._error: BaseException | None = None

    def result(self) -> Value:
        """The work's value (done now if no wait has done it yet); raises what it raised."""
        self._unqueue()
        self._do()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

    def cancel(self) -> None:
        """The work is no longer needed: it is not done (unless it is being done now)."""
        with self._lock:
            self._work = None
        self._unqueue()

    def _unqueue(self) -> None:
        try:
            _queue.remove(self)  # type: ignore[arg-type]
        except ValueError:
            pass  # taken by the waiting thread already

    def _do(self) -> None:
        with self._lock:  # (a job the waiting thread is doing is waited for)
            work, self._work = self._work, None
            if work is None:
                return
            try:
                self._value = work()
            except Exception as exc:  # kept for result(), in the thread that asks
                self._error = exc


_queue: deque[Job[object]] = deque()
_draining: list[threading.Thread] = []  # the thread doing the queued work, while it runs


def later(work: Callable[[], Value]) -> Job[Value]:
    """Queue ``work`` to be done during the next wait (or when its result is asked for)."""
    job = Job(work)
    _queue.append(job)  # type: ignore[arg-type]
    return job


def forget() -> None:
    """Cancel all queued work: an earlier build's, which it did not need (it failed)."""
    while _queue:
        try:
            job = _queue.popleft()
        except IndexError:
            return  # (taken by the waiting thread meanwhile)
        job.cancel()


@contextmanager
def waiting() -> Iterator[None]:
    """Around a wait for another program: the queued work is done meanwhile, in a
    thread that goes on after the wait until the queue is empty. A daemon: a process
    that ends (interrupted, say) does not wait for work it no longer needs."""
    if _queue and not any(thread.is_alive() for thread in _draining):
        thread = threading.Thread(target=_drain, name="reportgen-meanwhile", daemon=True)
        _draining[:] = [thread]
        thread.start()
    yield


def _drain() -> None:
    while True:
        try:
            job = _queue.popleft()
        except IndexError:
            return
        job._do()

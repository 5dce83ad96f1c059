"""``reportgen watch``: one process that stays loaded and rebuilds on every save.

A rapporteur edits the session between two statements; each save of a session
file or of a template rebuilds what it changed and prints one line, with the
time the rebuild took and, when the new text has a mistake, the located errors.
The rebuild is an ordinary build (``build.build``): its caches skip the sessions
and the documents an edit did not touch, and a build with errors writes nothing,
so the folder keeps the last good outputs.

What staying loaded saves: the libraries are imported once, typst keeps its
compilers (``writers.pdf.keep_compilers_warm``), which lay out again only what an
edit changed, and a paragraph's text is parsed once (``pipeline.prose.keep_parses``).
Every document is rendered in this process, one after another: a
worker process would start cold.

Changes are seen by watchfiles (the operating system's notifications, grouped
over a few milliseconds, so that an editor's save of several files is one
rebuild); the output folder and editors' temporary files are not watched.
"""

from __future__ import annotations

import functools
import gc
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from reportgen import build, errors
from reportgen.config import Settings
from reportgen.errors import InputError, OutputError, ReportError, ToolError, plural
from reportgen.pipeline.templates import project_dir

# How long watchfiles waits for more changes after the first before it reports them
# (an editor that saves by writing a temporary file and renaming it makes several).
STEP_MS = 15
# How long without a change before the watcher tidies up after its last rebuild.
IDLE_MS = 50


@dataclass
class Rebuild:
    """What one rebuild did: which documents it rendered, or why it could not."""

    number: int
    seconds: float
    documents: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # each error shown, file:line:col
    warnings: list[str] = field(default_factory=list)
    failed: bool = False

    def line(self) -> str:
        """The one line printed for it (the problems follow it, when there are some)."""
        clock = time.strftime("%H:%M:%S")
        took = f"{self.seconds * 1000:.0f} ms"
        if self.failed:
            return (f"{clock} not rebuilt ({took}): {plural(len(self.problems), 'error')}; "
                    "the outputs are still those of the last good build")
        if not self.rebuilt:
            return f"{clock} nothing to rebuild ({took}): no document changed"
        names = ", ".join(self.rebuilt)
        unchanged = len(self.documents) - len(self.rebuilt)
        notes = f"; {plural(len(self.warnings), 'warning')}" if self.warnings else ""
        return (f"{clock} rebuilt {names} in {took} "
                f"({unchanged} unchanged){notes}")


Listener = Callable[[Rebuild], None]


def _shown(diagnostics: list[errors.Diagnostic]) -> list[str]:
    """Each problem shown once: text that two documents share (a draft part repeats
    the report's) gives the same error in each."""
    return list(dict.fromkeys(errors.shown(diagnostics)))


class Watcher:
    """Builds ``paths`` into ``settings.out`` now and after every change."""

    def __init__(self, paths: Sequence[Path], settings: Settings, formats: Sequence[str],
                 listener: Listener | None = None):
        self.paths = list(paths)
        self.settings = settings
        self.formats = list(formats)
        self.listeners: list[Listener] = [listener] if listener else []
        self.count = 0
        self.untidy = False
        self.options = build.Options(jobs=1, pdf_engine=settings.pdf_engine,
                                     strict=settings.strict, root=settings.root)

    def rebuild(self) -> Rebuild:
        """One build; its errors are reported, not raised (Ctrl-C is)."""
        started = time.perf_counter()
        self.tidy()  # saves in quick succession: the last rebuild's tidying is still owed
        self.count += 1
        outcome = Rebuild(self.count, 0.0)
        with _collector_held():
            self._build(outcome)
            outcome.seconds = time.perf_counter() - started
            for listener in self.listeners:
                listener(outcome)
        self.untidy = True
        return outcome

    def tidy(self) -> None:
        """What a rebuild leaves to be done once it has been reported, while the rapporteur
        reads it: free the reference cycles it made, and hand the memory freed back to the
        operating system."""
        if self.untidy:
            gc.collect()
            _give_back_memory()
            self.untidy = False

    def _build(self, outcome: Rebuild) -> None:
        try:
            result = build.build(self.paths, self.formats, self.settings.out, self.options)
        except build.WarningsAsErrors as exc:
            outcome.failed, outcome.problems = True, _shown(exc.warnings)
        except InputError as exc:
            outcome.failed, outcome.problems = True, _shown(exc.diagnostics)
        except (ToolError, OutputError) as exc:
            outcome.failed, outcome.problems = True, [str(exc)]
        except ReportError as exc:
            outcome.failed, outcome.problems = True, [f"error: {exc}"]
        else:
            outcome.documents, outcome.rebuilt = result.documents, result.rebuilt
            outcome.written = result.written
            outcome.warnings = _shown(result.warnings)

    def folders(self) -> list[Path]:
        """The folders to watch: those of the sessions and their project's templates."""
        found: list[Path] = []
        for path in self.paths:
            folder = (path if path.is_dir() else path.parent).resolve()
            found.append(folder)
            for session in build.find_sessions([path]):
                templates = project_dir(session)
                if templates is not None:
                    found.append(templates.resolve())
        # A folder inside another is watched through it.
        unique = sorted(set(found))
        return [f for f in unique if not any(f != o and f.is_relative_to(o) for o in unique)]

    def watch(self, stop: threading.Event | None = None,
              ready: Callable[[], None] | None = None) -> None:
        """Rebuild after each batch of changes until ``stop`` is set (or Ctrl-C)."""
        import watchfiles

        out = self.settings.out.resolve()
        ignored = watchfiles.DefaultFilter(ignore_paths=[out])
        changes = watchfiles.watch(*self.folders(), watch_filter=ignored, step=STEP_MS,
                                   stop_event=stop, yield_on_timeout=True,
                                   rust_timeout=IDLE_MS, raise_interrupt=True)
        if ready is not None:
            ready()
        for batch in changes:
            if batch:
                self.rebuild()
            else:  # no change for a while
                self.tidy()


@contextmanager
def _collector_held() -> Iterator[None]:
    """Python's cycle collector kept from running while a rebuild runs (``Watcher.tidy``
    runs it afterwards).

    A process that stays loaded holds every module, template and kept parse: each full
    collection during a rebuild looks through all of them to free next to nothing (a
    build makes few reference cycles), while the rapporteur waits for the result.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _give_back_memory() -> None:
    """Hand the memory freed by a rebuild back to the operating system, where the C
    library can (glibc's ``malloc_trim``). Without it the process keeps the high-water
    mark of typst's caches, which typst empties only every few rebuilds, as its own."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes

    try:  # the symbols of the running program, the C library's among them
        found: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, TypeError, AttributeError):
        return None  # another C library (macOS, Windows): it has no such call
    return found


def stay_warm(on: bool = True) -> None:
    """Keep between rebuilds what a one-off build makes anew: typst's compilers, each
    paragraph's parsed text, and the prepared sessions in memory (``on=False`` lets them
    go, writing the sessions to the output folders for the next build); and write
    without forcing every file onto the disk (see ``atomic.sync_to_disk``)."""
    from reportgen.outputs import sessioncache
    from reportgen.pipeline import prose
    from reportgen.util import atomic
    from reportgen.writers import pdf

    atomic.sync_to_disk(not on)  # first: the kept sessions are written when on is False
    pdf.keep_compilers_warm(on)
    prose.keep_parses(on)
    sessioncache.keep_sessions(on)


def run(paths: Sequence[Path], settings: Settings, formats: Sequence[str],
        say: Callable[[str], None], serve: bool = False, port: int = 0) -> None:
    """The whole command: build, report, (serve,) then watch until Ctrl-C."""
    stay_warm()

    def report(outcome: Rebuild) -> None:
        say(outcome.line())
        for block in outcome.problems + outcome.warnings:
            say(block)

    watcher = Watcher(paths, settings, formats, report)
    preview = None
    if serve:
        from reportgen.tools.serve import Preview

        preview = Preview(settings.out)
        shown = preview
        watcher.listeners.append(lambda r: shown.publish(r.failed, r.documents, r.problems))
    try:
        watcher.rebuild()
        if preview is not None:
            say(f"preview at {preview.start(port)} (Ctrl-C stops)")
        folders = ", ".join(str(f) for f in watcher.folders())
        say(f"watching {folders} for changes (Ctrl-C stops)")
        watcher.watch()
    except KeyboardInterrupt as exc:
        if isinstance(exc, build.Interrupted):
            raise  # stopped during a build: its message says what the folder holds
        say("stopped watching")
    finally:
        if preview is not None:
            preview.stop()
        stay_warm(False)

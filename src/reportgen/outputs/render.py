"""Rendering outputs in memory, in parallel worker processes.

Each output (a document in one format) is a task; tasks go to a pool of
processes, largest documents first so that the last one to finish is a short
one. The
workers return bytes: nothing is written here (``build`` writes once every
output has rendered). PDFs made by LibreOffice need the DOCX first: those are
converted afterwards, all at once, one ``soffice`` process per worker.

With one job, or one task, everything runs in this process: no pool to start.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportgen import writers
from reportgen.errors import Diagnostic, InputError, ToolError
from reportgen.outputs.manifest import pdf_pages
from reportgen.outputs.plan import DocumentPlan, Output
from reportgen.outputs.progress import Progress
from reportgen.pipeline.templates import TemplateSet
from reportgen.pipeline.tree import Document
from reportgen.util import digests, meanwhile

if TYPE_CHECKING:
    from concurrent.futures import Future

    from reportgen.outputs import workers

@dataclass
class Rendered:
    """One output in memory, with the warnings its writer gave."""

    data: bytes
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    pages: int | None = None
    # Damaged cache files a worker found (and rebuilt): reported once, never recorded.
    damage: list[Diagnostic] = field(default_factory=list)


def render(document: Document, templates: TemplateSet, writer: writers.Writer) -> Rendered:
    """One document by one writer; problems of layout come back as warnings."""
    # The writer's module is imported when used: a no-op build imports none, a PDF
    # build not the DOCX writer's libraries.
    started = time.perf_counter()
    written = writer.load().write(document, templates)
    return Rendered(written.data, written.warnings, time.perf_counter() - started,
                    pdf_pages(written.data) if writer.paged else None)


@dataclass
class _Job:
    document: Document
    templates: TemplateSet
    writer: writers.Writer


@dataclass
class _Failure:
    """A worker's exception, carried back as plain data (ToolError does not pickle)."""

    tool: str = ""
    message: str = ""
    command: list[str] = field(default_factory=list)
    stderr: str = ""
    remote_traceback: str = ""
    stopped: bool = False  # by Ctrl-C or SIGTERM (see workers.Stopped)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # an InputError's

    def raise_it(self) -> None:
        if self.stopped:
            raise KeyboardInterrupt
        if self.diagnostics:
            raise InputError(self.diagnostics)
        if self.tool:
            raise ToolError(self.tool, self.message, self.command, self.stderr)
        error = RuntimeError(f"a build worker failed: {self.message}")
        error.add_note(self.remote_traceback)
        raise error


def _work(task: workers.Task[_Job]) -> Rendered | _Failure:
    """The worker's side: render, and turn any failure into data."""
    from reportgen.outputs import workers

    try:
        job = task.enter()
        rendered = render(job.document, job.templates, job.writer)
        rendered.damage = digests.take_damage()
        return rendered
    except workers.Stopped:
        # The render's temporary files are gone by now (removed on the way here).
        workers.after_stopped_task()
        return _Failure(stopped=True)
    except ToolError as exc:
        return _Failure(exc.tool, str(exc.args[0]), exc.command, exc.stderr)
    except InputError as exc:  # a template the writer found wrong
        return _Failure(diagnostics=exc.diagnostics)
    except Exception as exc:  # a bug: its traceback travels back
        import traceback  # (only then)

        return _Failure(message=f"{type(exc).__name__}: {exc}",
                        remote_traceback=traceback.format_exc())


Done = Callable[[Output, Rendered], None]


def render_all(outputs: Sequence[Output], jobs: int, done: Done,
               started: Callable[[], None] | None = None) -> dict[Output, Rendered]:
    """Render every output; call ``done`` as each one finishes (in this process).

    ``started`` is called once the workers exist (a progress display starts
    its thread then, not before the fork). The first failure stops the build:
    tasks not yet started are cancelled and the error is raised.
    """
    direct = [o for o in outputs if not o.writer.needs]
    converted = [o for o in outputs if o.writer.needs]
    # Each converted output needs its source (a LibreOffice PDF, its DOCX): the one
    # being built, or one made for it and dropped afterwards.
    source_of: dict[Output, Output] = {}
    for output in converted:
        needs = output.writer.needs
        twin = next((o for o in direct if o.fmt == needs and o.document is output.document),
                    None)
        source_of[output] = twin or Output(
            output.session, output.document, output.templates, needs,
            output.path.with_suffix(f".{needs}"), "", "")
    intermediate = [o for o in source_of.values() if o not in direct]
    results: dict[Output, Rendered] = {}

    def collect(output: Output, rendered: Rendered) -> None:
        results[output] = rendered
        if output not in intermediate:
            done(output, rendered)

    _render_tasks(direct + intermediate, jobs, collect, started)
    if converted:
        if started is not None and not direct + intermediate:
            started()
        _convert(converted, source_of, results, jobs, done)
    for output in intermediate:
        del results[output]
    return results


def _render_tasks(outputs: list[Output], jobs: int, done: Done,
                  started: Callable[[], None] | None) -> None:
    # The largest documents first, each document's outputs together (so that
    # documents finish one after another, as the progress lines show them).
    order = sorted(outputs, key=lambda o: (-len(o.document.blocks), id(o.document),
                                           -o.writer.weight))
    # Plain text takes milliseconds: it is written here, and workers (a process
    # each, with its own copy of the documents) only start for two or more heavy
    # outputs. A single document's DOCX is thus built without any worker.
    light = [o for o in order if o.writer.light]
    heavy = [o for o in order if not o.writer.light]
    count = min(jobs, len(heavy))
    if count <= 1:
        if started is not None:
            started()
        for output in heavy + light:
            done(output, render(output.document, output.templates, output.writer))
        return
    order = heavy
    # Imported here: a build with nothing to render starts no workers.
    from reportgen.outputs import workers
    from reportgen.util.scratch import scratch_folder

    # The workers' temporary files go in a folder of their own, made before the pool and
    # removed, however it ends, once every worker has ended.
    with scratch_folder(), workers.pool(count) as pool:
        futures: dict[Future[Rendered | _Failure], Output] = {
            pool.submit(_work, workers.Task(_Job(o.document, o.templates, o.writer))): o
            for o in order}
        if started is not None:
            started()
        for output in light:  # while the workers work
            done(output, render(output.document, output.templates, output.writer))
        with meanwhile.waiting():
            _collect(futures, done)


def _collect(futures: dict[Future[Rendered | _Failure], Output], done: Done) -> None:
    """Each worker's output as it comes; its failure raised here."""
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    for future in as_completed(futures):
        try:
            outcome = future.result()
        except BrokenProcessPool as exc:
            raise ToolError("reportgen", "a build worker stopped before it finished "
                            "(killed, or out of memory?); nothing was written") from exc
        if isinstance(outcome, _Failure):
            outcome.raise_it()
        assert isinstance(outcome, Rendered)
        done(futures[future], outcome)


def _convert(outputs: list[Output], source_of: dict[Output, Output],
             results: dict[Output, Rendered], jobs: int, done: Done) -> None:
    """Each converter's outputs in one batch (LibreOffice: one soffice per worker)."""
    for writer in dict.fromkeys(o.writer for o in outputs):
        batch = [o for o in outputs if o.writer == writer]
        started = time.perf_counter()
        written = writer.load().write_all(
            [(o.path.stem, results[source_of[o]].data, o.document) for o in batch],
            workers=jobs)
        each = (time.perf_counter() - started) / len(batch)
        for output, item in zip(batch, written, strict=True):
            rendered = Rendered(item.data, item.warnings, each,
                                pdf_pages(item.data) if writer.paged else None)
            results[output] = rendered
            done(output, rendered)


def render_documents(plans: Sequence[DocumentPlan], todo: Sequence[Output], jobs: int,
                     progress: Progress) -> dict[Output, Rendered]:
    """``render_all`` for whole documents: ``progress`` hears of each finished document."""
    owner = {output: plan for plan in plans for output in plan.outputs}
    remaining: dict[DocumentPlan, list[Output]] = {}
    for output in todo:
        remaining.setdefault(owner[output], []).append(output)
    seconds: dict[DocumentPlan, float] = dict.fromkeys(remaining, 0.0)

    def done(output: Output, rendered: Rendered) -> None:
        plan = owner[output]
        progress.output(plan, output.fmt)
        seconds[plan] += rendered.seconds
        remaining[plan].remove(output)
        if not remaining[plan]:
            formats = [o.fmt for o in plan.outputs if o in todo_set]
            progress.document(plan, formats, seconds[plan])

    todo_set = set(todo)
    unchanged = [plan for plan in plans if plan not in remaining]
    progress.planned(len(plans), unchanged, len(todo))
    try:
        return render_all(todo, jobs, done, progress.started)
    finally:
        progress.finished()

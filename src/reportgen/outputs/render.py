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
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportgen.errors import Diagnostic, Diagnostics, InputError, Location, ToolError
from reportgen.outputs.manifest import pdf_pages
from reportgen.outputs.plan import DocumentPlan, Output
from reportgen.outputs.progress import Progress
from reportgen.pipeline.templates import TemplateSet
from reportgen.pipeline.tree import Document
from reportgen.util import digests

if TYPE_CHECKING:
    from concurrent.futures import Future

    from reportgen.outputs import workers

# Relative cost of the formats: a document's PDF starts before its DOCX and TXT.
_WEIGHT = {"pdf": 4.0, "docx": 2.0, "txt": 0.1}


@dataclass
class Rendered:
    """One output in memory, with the warnings its writer gave."""

    data: bytes
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    pages: int | None = None
    # Damaged cache files a worker found (and rebuilt): reported once, never recorded.
    damage: list[Diagnostic] = field(default_factory=list)


def render(document: Document, templates: TemplateSet, fmt: str) -> Rendered:
    """One document in one format (PDF by typst); problems of layout become warnings."""
    # The writers are imported when used: a no-op build imports none, a PDF build
    # not the DOCX writer's libraries.
    started = time.perf_counter()
    diagnostics = Diagnostics()
    pages = None
    if fmt == "txt":
        from reportgen.writers import text

        data = text.render_text(document).encode("utf-8")
    elif fmt == "docx":
        from reportgen.writers import docx

        data = docx.render_docx(document, templates.find("reference-docx"))
    elif fmt == "pdf":
        from reportgen.writers import pdf

        template = templates.find("report.typ")
        data, warnings = pdf.render_pdf(document, template, [pdf.bundled_font_dir()])
        for warning in warnings:
            diagnostics.warning(Location(template), f"typst: {warning}", "pdf.typst")
        pages = pdf_pages(data)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return Rendered(data, diagnostics.warnings, time.perf_counter() - started, pages)


@dataclass
class _Job:
    document: Document
    templates: TemplateSet
    fmt: str


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
        rendered = render(job.document, job.templates, job.fmt)
        rendered.damage = digests.take_damage()
        return rendered
    except workers.Stopped:
        # The render's temporary files are gone by now (removed on the way here).
        workers.leave_if_orphaned()
        return _Failure(stopped=True)
    except ToolError as exc:
        return _Failure(exc.tool, str(exc.args[0]), exc.command, exc.stderr)
    except InputError as exc:  # a template the writer found wrong
        return _Failure(diagnostics=exc.diagnostics)
    except Exception as exc:  # a bug: its traceback travels back
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
    typst_or_text = [o for o in outputs if not (o.fmt == "pdf" and o.engine == "libreoffice")]
    through_docx = [o for o in outputs if o not in typst_or_text]
    # Each LibreOffice PDF needs its DOCX: the one being built, or one made for it.
    docx_for: dict[Output, Output] = {}
    for pdf_output in through_docx:
        twin = next((o for o in typst_or_text if o.fmt == "docx"
                     and o.document is pdf_output.document), None)
        docx_for[pdf_output] = twin or Output(
            pdf_output.session, pdf_output.document, pdf_output.templates, "docx",
            pdf_output.path.with_suffix(".docx"), "", "")
    intermediate = [o for o in docx_for.values() if o not in typst_or_text]
    results: dict[Output, Rendered] = {}

    def collect(output: Output, rendered: Rendered) -> None:
        results[output] = rendered
        if output not in intermediate:
            done(output, rendered)

    _render_tasks(typst_or_text + intermediate, jobs, collect, started)
    if through_docx:
        if started is not None and not typst_or_text + intermediate:
            started()
        _convert_with_libreoffice(through_docx, docx_for, results, jobs, done)
    for output in intermediate:
        del results[output]
    return results


def _render_tasks(outputs: list[Output], jobs: int, done: Done,
                  started: Callable[[], None] | None) -> None:
    # The largest documents first, each document's outputs together (so that
    # documents finish one after another, as the progress lines show them).
    order = sorted(outputs, key=lambda o: (-len(o.document.blocks), id(o.document),
                                           -_WEIGHT.get(o.fmt, 1)))
    # Plain text takes milliseconds: it is written here, and workers (a process
    # each, with its own copy of the documents) only start for two or more heavy
    # outputs. A single document's DOCX is thus built without any worker.
    light = [o for o in order if o.fmt == "txt"]
    heavy = [o for o in order if o.fmt != "txt"]
    count = min(jobs, len(heavy))
    if count <= 1:
        if started is not None:
            started()
        for output in heavy + light:
            done(output, render(output.document, output.templates, output.fmt))
        return
    order = heavy
    # Imported here: a build with nothing to render starts no workers.
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    from reportgen.outputs import workers

    with workers.pool(count) as pool:
        futures: dict[Future[Rendered | _Failure], Output] = {
            pool.submit(_work, workers.Task(_Job(o.document, o.templates, o.fmt))): o
            for o in order}
        if started is not None:
            started()
        for output in light:  # while the workers work
            done(output, render(output.document, output.templates, output.fmt))
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


def _convert_with_libreoffice(pdfs: list[Output], docx_for: dict[Output, Output],
                              results: dict[Output, Rendered], jobs: int, done: Done) -> None:
    from reportgen.writers import libreoffice

    started = time.perf_counter()
    batch = [libreoffice.Job(output.path.stem, results[docx_for[output]].data,
                             output.document.masthead.issued) for output in pdfs]
    converted = libreoffice.convert(batch, workers=jobs)
    each = (time.perf_counter() - started) / len(pdfs)
    for output, data in zip(pdfs, converted.pdfs, strict=True):
        rendered = Rendered(data, [], each, pdf_pages(data))
        results[output] = rendered
        done(output, rendered)


def render_documents(documents: Sequence[DocumentPlan], todo: Sequence[Output], jobs: int,
                     progress: Progress) -> dict[Output, Rendered]:
    """``render_all`` for whole documents: ``progress`` hears of each finished document."""
    owner = {output: plan for plan in documents for output in plan.outputs}
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
    unchanged = [plan for plan in documents if plan not in remaining]
    progress.planned(len(documents), unchanged, len(todo))
    try:
        return render_all(todo, jobs, done, progress.started)
    finally:
        progress.finished()

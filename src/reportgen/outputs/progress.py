"""What a build shows while it runs.

- On a terminal: a progress bar (rich) that disappears when the build ends,
  leaving the closing summary.
- Elsewhere (CI logs, a pipe): one line per document as it is finished, so a
  log shows what was built and how long it took, readable with parallel jobs
  (a whole line is printed at a time, by this process only).
- ``--quiet``: nothing but warnings and errors. ``--verbose``: a line per document
  on a terminal too, the unchanged documents, and every file written.

The build calls these methods; the CLI chooses which display to give it. What
they print is inert (errors.inert): a symbol or a file name can hold characters a
terminal would obey.
"""

from __future__ import annotations

import sys
from typing import IO, Any

from reportgen.errors import inert
from reportgen.outputs.plan import DocumentPlan


class Progress:
    """Silent: the base for library use and ``--quiet``."""

    verbose = False

    def planned(self, total: int, unchanged: list[DocumentPlan], outputs: int = 0) -> None:
        """The build knows its documents; ``unchanged`` ones will not be rendered;
        ``outputs`` files will be."""

    def started(self) -> None:
        """Rendering begins (the worker processes exist)."""

    def output(self, plan: DocumentPlan, fmt: str) -> None:
        """One output of ``plan`` has rendered."""

    def document(self, plan: DocumentPlan, formats: list[str], seconds: float) -> None:
        """Every output of ``plan`` that needed it has rendered."""

    def wrote(self, path: str) -> None:
        """A file was written."""

    def removed(self, path: str) -> None:
        """An output of a document that no longer exists was deleted."""

    def finished(self) -> None:
        """Rendering is over (the files are about to be written)."""


class Lines(Progress):
    """One line per document, for logs."""

    def __init__(self, stream: IO[str] | None = None, verbose: bool = False):
        self.stream: IO[str] | None = stream or sys.stdout
        self.verbose = verbose
        self.total = self.count = self.outputs = 0

    def _print(self, line: str) -> None:
        if self.stream is None:
            return
        try:
            self.stream.write(inert(line) + "\n")
            self.stream.flush()
        except BrokenPipeError:  # `reportgen build | head`: the build goes on, unlogged
            self.stream = None

    def planned(self, total: int, unchanged: list[DocumentPlan], outputs: int = 0) -> None:
        self.total = total - len(unchanged)
        self.outputs = outputs
        if self.verbose:
            for plan in unchanged:
                self._print(f"unchanged {plan.symbol}")

    def document(self, plan: DocumentPlan, formats: list[str], seconds: float) -> None:
        self.count += 1
        width = len(str(self.total))
        self._print(f"[{self.count:>{width}}/{self.total}] {plan.symbol} "
                    f"({', '.join(formats)}) {seconds:.1f} s")

    def wrote(self, path: str) -> None:
        if self.verbose:
            self._print(f"wrote {path}")

    def removed(self, path: str) -> None:
        self._print(f"removed {path} (its document no longer exists)")


class Bar(Lines):
    """A rich progress bar on the terminal (stderr), gone when the build ends."""

    def __init__(self, stream: IO[str] | None = None, verbose: bool = False):
        super().__init__(stream, verbose)
        self._bar: Any = None
        self._task: Any = None

    def started(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        if self.total == 0:
            return
        self._bar = Progress(SpinnerColumn(), TextColumn("building"), BarColumn(),
                             MofNCompleteColumn(), TextColumn("files"), TimeElapsedColumn(),
                             TextColumn("{task.description}"),
                             console=Console(stderr=True), transient=True)
        # The bar counts files, so that it moves while a large document renders.
        self._task = self._bar.add_task("", total=self.outputs or self.total)
        self._bar.start()

    def output(self, plan: DocumentPlan, fmt: str) -> None:
        if self._bar is not None:
            from rich.markup import escape

            # The description is rich markup: "[red]" in a symbol is text, not a colour.
            self._bar.update(self._task, advance=1,
                             description=escape(inert(f"{plan.symbol} ({fmt})")))

    def document(self, plan: DocumentPlan, formats: list[str], seconds: float) -> None:
        if self._bar is None:
            super().document(plan, formats, seconds)
            return
        self.count += 1
        if self.verbose:
            self._bar.console.print(inert(f"[{self.count}/{self.total}] {plan.symbol} "
                                          f"({', '.join(formats)}) {seconds:.1f} s"),
                                    markup=False, highlight=False)

    def finished(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def for_terminal(quiet: bool, verbose: bool, stream: IO[str] | None = None) -> Progress:
    """The display for this run: silent, a bar on a terminal, or lines in a log."""
    stream = stream or sys.stdout
    if quiet:
        return Progress()
    if _is_terminal(stream) and _is_terminal(sys.stderr):
        return Bar(stream, verbose)
    return Lines(stream, verbose)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False

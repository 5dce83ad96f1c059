"""Benchmarks of ``reportgen watch`` and of start-up: medians and ratios, side by side.

For the generated sessions of 35, 350 and 3,500 paragraphs, one document a build:

- the warm rebuild of the PDF after a one-paragraph edit (``Watcher.rebuild`` with
  typst's compiler and the parsed paragraphs kept, ``stay_warm``), beside the same
  rebuild with a one-off typst compile and parse; and typst's floor, its warm
  compiler given the same document again (layout all reused, the PDF exported anew);
- from the save to the updated PDF, DOCX and HTML on disk (change detection
  included), the DOCX beside pandoc's own run on the same document, and (at 350
  paragraphs, where Chromium and selenium are installed) to the new text in the
  live preview's page;
- the memory of a watching process after 1 and after 20 rebuilds (350 paragraphs);
- ``reportgen --help`` (the console script a user types, and ``python -m reportgen``;
  the page kept from the first run, and with nothing kept) beside a bare
  ``python -c pass``, all run in turn.

Run: ``.venv/bin/python benchmarks/bench_watch.py [--repeat 5] [--startup-only]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gensession  # noqa: E402

from reportgen.config import Settings  # noqa: E402
from reportgen.tools.watch import Watcher, stay_warm  # noqa: E402
from reportgen.writers import docx as docx_writer  # noqa: E402
from reportgen.writers import pdf as pdf_writer  # noqa: E402

SIZES = (35, 350, 3500)
TARGETS = {  # the issue's: warm PDF rebuild, save → PDF, at each size (seconds)
    35: (0.040, 0.100), 350: (0.150, 0.250), 3500: (1.2, 1.5)}


class Edits:
    """A session file and one line of prose in it, changed differently each time."""

    def __init__(self, folder: Path, size: int):
        self.session = folder / "session.yaml"
        self.lines = gensession.generate(size).splitlines()
        prose = [i for i, line in enumerate(self.lines) if line.startswith(" ")
                 and line.strip()[:1].isalpha() and ":" not in line]
        self.line = prose[len(prose) * 2 // 3]  # a paragraph in the body, not the first
        self.count = 0
        self.session.parent.mkdir(parents=True, exist_ok=True)
        self.session.write_text("\n".join(self.lines) + "\n", encoding="utf-8")

    def save(self) -> None:
        self.count += 1
        lines = list(self.lines)
        lines[self.line] += f" revision {self.count}"
        self.session.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _watcher(folder: Path, formats: list[str]) -> Watcher:
    settings = Settings(formats=formats, out=folder / "build", root=folder)
    watcher = Watcher([folder], settings, formats)
    first = watcher.rebuild()
    assert not first.failed, first.problems
    watcher.tidy()
    return watcher


def warm_rebuilds(folder: Path, size: int, repeat: int) -> tuple[float, float, float]:
    """Medians of the PDF's rebuild after an edit: warm (compiler and parses kept), and
    one-off (as a new process would compile and parse); and of the warm compiler's
    compile of the last document again, unchanged (typst's floor: its layout is all
    reused, its PDF export is not)."""
    edits = Edits(folder, size)
    stay_warm()
    watcher = _watcher(folder, ["pdf"])
    with _last_compile() as again:
        kept = _rebuilds(watcher, edits, repeat)
    unchanged = _median(again[0], repeat)
    stay_warm(False)
    one_off = _rebuilds(watcher, edits, repeat)
    return statistics.median(kept), statistics.median(one_off), unchanged


@contextmanager
def _last_compile() -> Iterator[list[Callable[[], object]]]:
    """A list whose first item, once a warm compile has run, compiles its input again."""
    original = pdf_writer.WarmCompiler.compile
    again: list[Callable[[], object]] = []

    def remembered(self: pdf_writer.WarmCompiler, template: Path, **options: Any) -> Any:
        again[:] = [lambda: original(self, template, **options)]
        return original(self, template, **options)

    pdf_writer.WarmCompiler.compile = remembered  # type: ignore[method-assign]
    try:
        yield again
    finally:
        pdf_writer.WarmCompiler.compile = original  # type: ignore[method-assign]


def _rebuilds(watcher: Watcher, edits: Edits, repeat: int) -> list[float]:
    """The times of ``repeat`` rebuilds, each after an edit (one more first, not kept)."""
    timings = []
    for _ in range(repeat + 1):
        edits.save()
        rebuild = watcher.rebuild()
        assert rebuild.rebuilt and not rebuild.failed, rebuild.line()
        timings.append(rebuild.seconds)
        watcher.tidy()  # as ``watch`` does once no change has come for IDLE_MS
    return timings[1:]


def save_to_disk(folder: Path, size: int, fmt: str, repeat: int) -> float:
    """Median time from the save to the new output on disk, while ``watch`` watches."""
    edits = Edits(folder, size)
    stay_warm()
    watcher = _watcher(folder, [fmt])
    output = next((folder / "build").glob(f"*.{fmt}"))
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=watcher.watch, args=(stop, ready.set), daemon=True)
    thread.start()
    ready.wait()
    time.sleep(0.3)
    timings = []
    for index in range(repeat + 1):
        before = output.stat().st_mtime_ns
        started = time.perf_counter()
        edits.save()
        while output.stat().st_mtime_ns == before:
            time.sleep(0.001)
        if index:
            timings.append(time.perf_counter() - started)
        time.sleep(0.2)  # the rebuild ends (the manifest) before the next save
    stop.set()
    thread.join()
    stay_warm(False)
    return statistics.median(timings)


def save_to_browser(folder: Path, size: int, repeat: int) -> float | None:
    """Median time from the save to the new text in the preview's page (headless Chromium,
    as tests/test_preview.py drives it); None without Chromium or selenium."""
    import shutil

    from reportgen.tools.serve import Preview

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    try:
        from selenium import webdriver
    except ImportError:
        return None
    if not (chromium and driver):
        return None
    edits = Edits(folder, size)
    stay_warm()  # as the command does
    watcher = _watcher(folder, ["html"])
    preview = Preview(watcher.settings.out)
    watcher.listeners.append(lambda r: preview.publish(r.failed, r.documents, r.problems))
    url = preview.start()
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=watcher.watch, args=(stop, ready.set), daemon=True)
    thread.start()
    ready.wait()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=webdriver.ChromeService(driver), options=options)
    timings = []
    try:
        browser.get(url)
        time.sleep(0.5)
        for index in range(repeat + 1):
            started = time.perf_counter()
            edits.save()
            # textContent, not innerText: reading innerText lays the page out at every
            # poll, which the page itself does once, after the change.
            shown = f"return document.body.textContent.includes('revision {edits.count}')"
            while not browser.execute_script(shown):
                time.sleep(0.002)
            if index:
                timings.append(time.perf_counter() - started)
            time.sleep(0.2)
    finally:
        browser.quit()
        stop.set()
        thread.join()
        preview.stop()
        stay_warm(False)
    return statistics.median(timings)


def pandoc_alone(folder: Path, size: int, repeat: int) -> tuple[float, float]:
    """pandoc's own run on the document's JSON AST: with its own runtime settings, as a
    user would run it, and with the runtime options the DOCX writer gives it."""
    from reportgen import build
    from reportgen.pipeline.templates import builtin_dir

    edits = Edits(folder, size)
    prepared, _ = build.check([edits.session])
    source = folder / "ast.json"
    source.write_text(docx_writer.pandoc_json(prepared[0].document), encoding="utf-8")
    reference = docx_writer._reference_docx(builtin_dir() / "reference-docx", folder)
    as_written = docx_writer.pandoc_command(source, folder / "ast.docx", reference)
    plain = [word for word in as_written
             if word not in docx_writer.runtime_options(as_written[0])]
    return (_median(lambda: subprocess.run(plain, check=True), repeat),
            _median(lambda: subprocess.run(as_written, check=True), repeat))


def _median(action: Callable[[], object], repeat: int) -> float:
    action()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


# Start-up is timed over at least this many runs of each command: a run is a few tens of ms.
STARTUP_REPEAT = 21


def help_commands(work: Path) -> list[tuple[str, list[str], dict[str, str]]]:
    """``--help`` as a user runs it: the console script installed beside this Python
    (``python -m reportgen`` where there is none), then through ``-m``, which adds runpy,
    each with the page kept in a user cache of its own (helppage); then the console
    script with nothing kept (a cache folder that cannot be made), where click writes
    the page every time."""
    kept = {"REPORTGEN_CACHE_DIR": str(work / "startup-cache")}
    blocked = work / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    nothing_kept = {"REPORTGEN_CACHE_DIR": str(blocked)}
    module = [sys.executable, "-m", "reportgen", "--help"]
    script = Path(sys.executable).with_name("reportgen")
    typed, name = ([str(script), "--help"], "reportgen --help") if script.exists() else \
        (module, "python -m reportgen --help (no console script)")
    return [(f"{name}, page kept", typed, kept),
            ("python -m reportgen --help, page kept", module, kept),
            (f"{name}, nothing kept (click)", typed, nothing_kept)]


def startup(work: Path, repeat: int) -> dict[str, float]:
    """Median wall time of each ``--help`` command and of ``python -c pass``, run in turn
    (side by side: a load on the machine weighs on all of them alike).

    As on a user's machine, Python keeps the compiled modules (__pycache__): some CI
    images turn that off, which would time compiling reportgen's code on every run.
    """
    environment = {**os.environ}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    commands = [*help_commands(work), ("python -c pass", [sys.executable, "-c", "pass"], {})]
    timings: dict[str, list[float]] = {name: [] for name, _, _ in commands}
    for round_ in range(repeat + 1):  # the first round writes the bytecode and the page
        for name, argv, variables in commands:
            started = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True,
                           env={**environment, **variables})
            if round_:
                timings[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in timings.items()}


def memory_child(folder: Path, warm: bool) -> None:
    """In a process of its own: RSS after 1 and after 20 rebuilds at 350 paragraphs."""
    edits = Edits(folder, 350)
    stay_warm(warm)
    watcher = _watcher(folder, ["pdf"])
    readings = []
    for _ in range(20):
        edits.save()
        watcher.rebuild()
        watcher.tidy()
        readings.append(_rss_mb())
    print(json.dumps({"first": readings[0], "last": readings[-1]}))


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def memory(work: Path) -> dict[str, dict[str, float]]:
    found = {}
    for name, warm in (("warm", True), ("one-off compiles", False)):
        folder = work / f"memory-{name.split()[0]}"
        result = subprocess.run([sys.executable, __file__, "--memory-child", str(folder),
                                 "--warm" if warm else "--cold"],
                                capture_output=True, text=True, check=True)
        found[name] = json.loads(result.stdout)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--startup-only", action="store_true",
                        help="measure only reportgen --help beside python -c pass")
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child, args.warm)
        return
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-watch-"))
    print(f"reportgen watch: median of {args.repeat} runs (3,500 paragraphs: 3), one document",
          file=sys.stderr)
    print(f"{'measurement':58} {'reportgen':>10} {'baseline':>10} {'ratio':>7}")

    def row(name: str, mine: float, baseline: float) -> None:
        print(f"{name:58} {mine * 1000:8.0f}ms {baseline * 1000:8.0f}ms "
              f"{mine / baseline:7.2f}", flush=True)

    verdicts = []
    for size in () if args.startup_only else SIZES:
        repeat = args.repeat if size < 3500 else 3
        kept, one_off, unchanged = warm_rebuilds(work / f"{size}-warm", size, repeat)
        row(f"{size:>5} ¶ PDF rebuild, warm vs one-off compile and parse", kept, one_off)
        row(f"{size:>5} ¶ typst: unchanged document again vs warm rebuild", unchanged, kept)
        to_pdf = save_to_disk(work / f"{size}-pdf", size, "pdf", repeat)
        row(f"{size:>5} ¶ save → PDF on disk vs the rebuild alone", to_pdf, kept)
        to_docx = save_to_disk(work / f"{size}-docx", size, "docx", repeat)
        pandoc, as_run = pandoc_alone(work / f"{size}-pandoc", size, repeat)
        row(f"{size:>5} ¶ save → DOCX on disk vs pandoc alone", to_docx, pandoc)
        row(f"{size:>5} ¶   pandoc as the writer runs it vs alone", as_run, pandoc)
        to_html = save_to_disk(work / f"{size}-html", size, "html", repeat)
        row(f"{size:>5} ¶ save → HTML on disk vs save → PDF", to_html, to_pdf)
        in_browser = save_to_browser(work / f"{size}-browser", size, repeat) \
            if size == 350 else None
        if in_browser is not None:
            row(f"{size:>5} ¶ save → HTML in the browser vs on disk", in_browser, to_html)
            verdicts.append((f"save → HTML in the browser ≤ 150 ms at {size}", in_browser,
                             in_browser <= 0.150))
        rebuild_target, save_target = TARGETS[size]
        verdicts += [
            (f"warm PDF rebuild ≤ {rebuild_target * 1000:.0f} ms at {size}", kept,
             kept <= rebuild_target),
            (f"save → PDF ≤ {save_target * 1000:.0f} ms at {size}", to_pdf,
             to_pdf <= save_target),
            (f"save → DOCX ≤ pandoc + 50 ms at {size}", to_docx, to_docx <= pandoc + 0.05)]
    timings = startup(work, max(args.repeat, STARTUP_REPEAT))
    bare = timings.pop("python -c pass")
    for name, value in timings.items():
        row(f"{name} vs python -c pass", value, bare)
    typed, help_time = next(iter(timings.items()))
    verdicts.append((f"{typed} < 100 ms", help_time, help_time < 0.1))
    if args.startup_only:
        _print_targets(verdicts)
        return
    print("\nmemory of a watching process, 350 paragraphs, PDF (RSS, MB):")
    for name, readings in memory(work).items():
        growth = readings["last"] / readings["first"] - 1
        print(f"  {name:18} after 1 rebuild {readings['first']:6.0f}   after 20 "
              f"{readings['last']:6.0f}   ({growth:+.0%})")
        if name == "warm":
            verdicts.append(("memory after 20 rebuilds within 10 % of after 1", growth,
                             abs(growth) <= 0.10))
    _print_targets(verdicts)


def _print_targets(verdicts: list[tuple[str, float, bool]]) -> None:
    print("\ntargets:")
    for name, value, ok in verdicts:
        shown = f"{value:+.0%}" if "memory" in name else f"{value * 1000:.0f} ms"
        print(f"  {name}: {shown} {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()

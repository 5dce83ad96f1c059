"""Benchmarks: reportgen against the baselines a user would script, measured side by side.

Run ``make bench`` (or ``.venv/bin/python benchmarks/bench_build.py``). Everything is
measured in one run, alternating the two sides of each comparison, and reported as
medians and ratios, because the machine is noisy: compare ratios, not seconds.
Every reportgen figure is the ``reportgen`` command run as a user runs it (a new
process: interpreter start-up, YAML loading, validation, composition, numbering,
writing), with ``--force`` so that it really builds.

1. Generated sessions of 35, 350 and 3,500 paragraphs (``gensession.py``):
   - reportgen YAML → DOCX  vs  ``pandoc report.md --reference-doc=UN.docx -o
     report.docx`` on the same content written as Markdown (headings, numbered
     paragraphs, emphasis, footnotes), with the same UN reference document; and the
     same build as a rapporteur runs it, one paragraph edited before each (without
     ``--force``: the edit makes it build);
   - reportgen PDF (typst)  vs  LibreOffice converting reportgen's DOCX of it;
     and the two engines alone, each in a new process: typst on reportgen's template
     and prepared data, LibreOffice on the DOCX.
2. A set of 20 sessions: cold build, no-op rebuild, one session changed (and which
   documents that rebuilt).
3. Peak memory of the 3,500-paragraph build (all three formats).
4. The PDF's derived font (Reportgen Serif, Liberation Serif at 103 %) against Liberation
   Serif itself: a warm 350-paragraph PDF, in-process (``--only font``).

Targets (issues 6 and 17) are checked at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

import gensession  # noqa: E402
from bench_watch import Edits  # noqa: E402

from reportgen import build  # noqa: E402
from reportgen.pipeline.templates import builtin_dir  # noqa: E402
from reportgen.pipeline.tree import Document, Emph, Heading, Inline, Note, Strong, Text  # noqa: E402
from reportgen.writers import docx as docx_writer  # noqa: E402

SIZES = (35, 350, 3500)
# The cold command's targets (issue 17): reportgen's YAML → DOCX at most this many times
# pandoc's Markdown → DOCX, and LibreOffice's DOCX → PDF at least this many times
# reportgen's PDF.
DOCX_TARGETS = {35: 2.0, 350: 1.0, 3500: 0.6}
PDF_TARGETS = {35: 5.0, 350: 2.5, 3500: 2.0}
# What every build of a session imports from other projects before it can do any work:
# the CLI, the templates, the YAML parser. The cold rows build sessions built before: the
# dates, number words and parsed prose come from the user cache, without Babel,
# num2words or markdown-it-py (a build after an edit imports markdown-it-py for the
# edited paragraph). The cold command's floor is the interpreter, these, and the engine
# alone: no Python tool built on them goes below.
LIBRARIES = "import click, jinja2.sandbox, yaml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
ENV.pop("SOURCE_DATE_EPOCH", None)
# As on a user's machine, Python keeps the compiled modules (__pycache__); some CI
# images turn that off, which would time compiling reportgen's code on every run.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


# ------------------------------------------------------------------ helpers


def reportgen(*args: str) -> subprocess.CompletedProcess[str]:
    """The reportgen command, as a user runs it."""
    result = subprocess.run([sys.executable, "-m", "reportgen", *args], capture_output=True,
                            text=True, env=ENV, check=False)
    if result.returncode != 0:
        raise SystemExit(f"reportgen {' '.join(args)} failed:\n{result.stderr}")
    return result


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, env=ENV)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def side_by_side(ours: Callable[[], object], theirs: Callable[[], object],
                 repeat: int) -> tuple[float, float]:
    """Medians of both, measured alternately after one warm-up of each."""
    ours(), theirs()
    mine, baseline = [], []
    for index in range(repeat):
        # Alternate who goes first, so that neither always follows the other.
        pair = [(mine, ours), (baseline, theirs)]
        for timings, action in pair if index % 2 == 0 else reversed(pair):
            timings.append(timed(action))
    return statistics.median(mine), statistics.median(baseline)


def markdown(document: Document) -> str:
    """The report as the Markdown a user would write by hand for pandoc."""
    def inline(nodes: list[Inline]) -> str:
        out = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(re.sub(r"([\\`*_{}\[\]<>#+!|$^~@])", r"\\\1", node.value))
            elif isinstance(node, Emph):
                out.append(f"*{inline(node.children)}*")
            elif isinstance(node, Strong):
                out.append(f"**{inline(node.children)}**")
            elif isinstance(node, Note):
                out.append(f"^[{inline(node.children)}]")
        return "".join(out)

    m = document.masthead
    lines = [f"% {m.title}", "", m.symbol, "", m.organ, "", m.date, ""]
    levels = {"chapter": "#", "section": "##"}
    for block in document.blocks:
        if isinstance(block, Heading):
            lines.append(f"{levels.get(block.level, '###')} {block.label} {inline(block.text)}")
        else:
            number = block.number.replace(".", "\\.")  # "14." is text, not a list
            lines.append(f"{number} {inline(block.text)}".strip())
            for item in block.items:  # "(a)" stays text
                label = item.label.replace("(", "\\(")
                lines += ["", f"{label} {inline(item.text)}"]
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------- the parts


def sizes(work: Path, repeat: int) -> tuple[list[tuple[str, float, float]], Path]:
    """YAML → DOCX vs pandoc, typst vs LibreOffice, for each size."""
    pandoc = docx_writer.pandoc_path()
    # The user's script asks for the same UN styles: pandoc's --reference-doc.
    reference = docx_writer._reference_docx(builtin_dir() / "reference-docx", work)
    style = [f"--reference-doc={reference}"]
    soffice = shutil.which("soffice")
    profile = (work / "lo-profile").as_uri()
    rows = []
    big = work / "3500"
    for size in SIZES:
        folder = work / str(size)
        folder.mkdir()
        session = folder / "session.yaml"
        session.write_text(gensession.generate(size), encoding="utf-8")
        prepared, diagnostics = build.check([session])
        assert not diagnostics.items and prepared[0].numbers.paragraph_count == size
        (folder / "report.md").write_text(markdown(prepared[0].document), encoding="utf-8")
        n = repeat if size < 3500 else max(3, repeat // 2)

        ours, theirs = side_by_side(
            lambda f=folder, s=session: reportgen("build", str(s), "--to", "docx", "--out",
                                                  str(f / "out"), "--force", "--quiet"),
            lambda f=folder: run([pandoc, str(f / "report.md"), *style, "-o",
                                  str(f / "md.docx")]), n)
        rows.append((f"{size:>5} ¶  YAML → DOCX   vs pandoc Markdown → DOCX", ours, theirs))
        # As a rapporteur builds: one paragraph edited before each build.
        edits = Edits(folder / "edited", size)
        ours, theirs = side_by_side(
            lambda e=edits, f=folder: (e.save(), reportgen(
                "build", str(e.session), "--to", "docx", "--out", str(f / "edited-out"),
                "--quiet")),
            lambda f=folder: run([pandoc, str(f / "report.md"), *style, "-o",
                                  str(f / "md.docx")]), n)
        rows.append((f"{size:>5} ¶    (an edit)    vs pandoc Markdown → DOCX", ours, theirs))
        floor = pandoc_floor_job(prepared[0], folder, style)
        ours, theirs = side_by_side(
            lambda job=floor: run(job),
            lambda f=folder: run([pandoc, str(f / "report.md"), *style, "-o",
                                  str(f / "md.docx")]), n)
        rows.append((f"{size:>5} ¶    (floor)      vs pandoc Markdown → DOCX", ours, theirs))
        # The same build as a library call in a warm process (an editor's preview server):
        # no interpreter start-up or imports.
        ours, theirs = side_by_side(
            lambda f=folder, s=session: build.build([s], ["docx"], f / "lib",
                                                    build.Options(force=True)),
            lambda f=folder: run([pandoc, str(f / "report.md"), *style, "-o",
                                  str(f / "md.docx")]), n)
        rows.append((f"{size:>5} ¶    (in-process) vs pandoc Markdown → DOCX", ours, theirs))

        if soffice:
            docx_file = next((folder / "out").glob("*.docx"))
            libreoffice = [soffice, f"-env:UserInstallation={profile}", "--headless",
                           "--norestore", "--convert-to", "pdf", "--outdir",
                           str(folder / "lo"), str(docx_file)]
            ours, theirs = side_by_side(
                lambda f=folder, s=session: reportgen("build", str(s), "--to", "pdf", "--out",
                                                      str(f / "out"), "--force", "--quiet"),
                lambda job=libreoffice: run(job), n)
            rows.append((f"{size:>5} ¶  PDF by typst  vs LibreOffice DOCX → PDF", ours, theirs))
            # The engines alone, each in a new process on the same document: typst with
            # our template and the prepared data, LibreOffice with our DOCX of it.
            typst_alone = typst_job(prepared[0], folder)
            ours, theirs = side_by_side(lambda job=typst_alone: run(job),
                                        lambda job=libreoffice: run(job), n)
            rows.append((f"{size:>5} ¶    (typst alone) vs LibreOffice DOCX → PDF", ours, theirs))
            floor = typst_floor_job(typst_alone)
            ours, theirs = side_by_side(lambda job=floor: run(job),
                                        lambda job=libreoffice: run(job), n)
            rows.append((f"{size:>5} ¶    (floor)      vs LibreOffice DOCX → PDF", ours, theirs))
        print(f"  measured {size} paragraphs", file=sys.stderr)
    return rows, big / "session.yaml"


def typst_job(item: build.Prepared, folder: Path) -> list[str]:
    """A command that runs typst alone (in a new Python process) on ``item``'s document,
    with reportgen's template, fonts and data, as the PDF writer calls it."""
    from reportgen.writers import pdf as pdf_writer

    template = item.templates.find("report.typ").resolve()
    data = pdf_writer.typst_data(item.document, template)
    options = pdf_writer.typst_options(item.document, template,
                                       [pdf_writer.bundled_font_dir()], data)
    # The document (megabytes) goes in a file, the other options on the command line.
    inputs = folder / "typst-inputs.json"
    inputs.write_text(options.pop("sys_inputs")["document"], encoding="utf-8")
    script = ("import json, sys, typst; options = json.loads(sys.argv[1]); "
              "options['sys_inputs'] = {'document': open(sys.argv[2], encoding='utf-8').read()}; "
              "typst.compile(sys.argv[3], output=sys.argv[4], **options)")
    return [sys.executable, "-c", script, json.dumps(options, default=str), str(inputs),
            str(template), str(folder / "typst-alone.pdf")]


def pandoc_floor_job(item: build.Prepared, folder: Path, style: list[str]) -> list[str]:
    """The cold DOCX command's floor: a new Python process that imports the libraries
    every build needs (``LIBRARIES``) and runs pandoc on ``item``'s prepared AST as the
    DOCX writer does (its runtime options too), with nothing of reportgen's own."""
    source = folder / "floor.json"
    source.write_text(docx_writer.pandoc_json(item.document), encoding="utf-8")
    script = (f"{LIBRARIES}; import subprocess, sys; "
              "subprocess.run(sys.argv[1:], check=True)")
    (reference,) = (Path(option.split("=", 1)[1]) for option in style)
    return [sys.executable, "-c", script,
            *docx_writer.pandoc_command(source, folder / "floor.docx", reference)]


def typst_floor_job(typst_alone: list[str]) -> list[str]:
    """The cold PDF command's floor: ``typst_job``'s process, importing ``LIBRARIES``
    first."""
    python, flag, script, *arguments = typst_alone
    return [python, flag, f"{LIBRARIES}; {script}", *arguments]


def breakdown(session: Path) -> list[tuple[str, float]]:
    """Where the time of a build goes, stage by stage (one run each, in this process)."""
    from reportgen.outputs.render import render
    from reportgen.pipeline import load

    def importing(modules: str) -> float:
        return statistics.median(timed(lambda: run([sys.executable, "-c", f"import {modules}"]))
                                 for _ in range(3))

    startup = importing("reportgen.cli")
    # The libraries every build of a session needs, and nothing of reportgen's own: what
    # a new process pays before reportgen does any work.
    libraries = statistics.median(timed(lambda: run([sys.executable, "-c", LIBRARIES]))
                                  for _ in range(3))
    # What a build imports on demand: the stages, then a writer and its libraries.
    everything = importing("reportgen.cli, reportgen.pipeline.compose, "
                           "reportgen.pipeline.validate, reportgen.pipeline.checks, "
                           "reportgen.pipeline.drafts, reportgen.writers.docx, "
                           "reportgen.writers.docx_parts, reportgen.pipeline.barcodes, "
                           "PIL.Image, segno, barcode, num2words, typst, reportgen.writers.pdf")
    loading = timed(lambda: load.load(session))
    prepared: list[build.Prepared] = []
    preparing = timed(lambda: prepared.extend(build.check([session])[0]))
    item = prepared[0]
    return [("interpreter start-up and CLI imports", startup),
            ("  the libraries alone (click, Jinja2, markdown-it, PyYAML, num2words, Babel "
             "with one date)", libraries),
            ("  … and all modules a build may use", everything),
            ("load the YAML (libyaml, fastyaml.py)", loading),
            ("validate, compose, number", preparing - loading),
            ("DOCX writer (AST, pandoc, headers)",
             timed(lambda: render(item.document, item.templates, "docx"))),
            ("PDF writer (typst)", timed(lambda: render(item.document, item.templates, "pdf")))]


def project(work: Path, repeat: int) -> dict[str, object]:
    """The 20-session set: cold, no-op, one session changed."""
    meetings = work / "set" / "meetings"
    sessions = gensession.write_set(meetings, 20, 35)
    out = work / "set" / "build"
    documents = len([d for s in sessions for d in build.check([s])[0][0].documents])

    def cold() -> None:
        shutil.rmtree(out, ignore_errors=True)
        reportgen("build", str(meetings), "--out", str(out), "--quiet")

    cold_times = [timed(cold) for _ in range(max(3, repeat // 2))]
    noop = [timed(lambda: reportgen("build", str(meetings), "--out", str(out), "--quiet"))
            for _ in range(repeat)]
    noop_inside = []
    for _ in range(repeat):
        result: list[build.BuildResult] = []
        noop_inside.append(timed(lambda r=result: r.append(
            build.build([meetings], list(build.FORMATS), out, build.Options(jobs=2)))))
        assert result[0].written == []
    target = sessions[6]  # session-07: one document, no draft
    text = target.read_text(encoding="utf-8")
    changed, summaries = [], []
    for index in range(max(3, repeat // 2)):
        target.write_text(text.replace("Ana Pereira", f"Ana Pereira {index}"), encoding="utf-8")
        started = time.perf_counter()
        result_text = reportgen("build", str(meetings), "--out", str(out)).stdout
        changed.append(time.perf_counter() - started)
        summaries.append(result_text.splitlines()[-1])
        rebuilt_lines = [line for line in result_text.splitlines() if line.startswith("[")]
    target.write_text(text, encoding="utf-8")
    # PDF for the whole set: typst in the workers, against LibreOffice converting the
    # same DOCX files, two soffice processes (one per CPU) as --pdf-engine libreoffice does.
    from reportgen.writers import libreoffice

    docx_files = sorted(out.glob("*.docx"))
    jobs = [libreoffice.Job(p.stem, p.read_bytes()) for p in docx_files]
    set_pdf = side_by_side(
        lambda: reportgen("build", str(meetings), "--out", str(out), "--to", "pdf", "--force",
                          "--quiet"),
        lambda: libreoffice.convert(jobs, workers=os.cpu_count() or 1),
        max(3, repeat // 2)) if shutil.which("soffice") else None
    return {"documents": documents, "set_pdf": set_pdf, "cold": statistics.median(cold_times),
            "noop": statistics.median(noop), "noop_inside": statistics.median(noop_inside),
            "changed": statistics.median(changed), "summary": summaries[-1],
            "rebuilt": rebuilt_lines}


def peak_memory(session: Path, work: Path, formats: str) -> tuple[float, float, float, str]:
    """Peak memory (MB) of a build: RSS summed over its processes, PSS summed (shared
    pages counted once), the largest single process (its VmHWM) and what each peaked at."""
    command = [sys.executable, "-m", "reportgen", "build", str(session), "--to", formats,
               "--out", str(work / f"rss-{formats}"), "--force", "--quiet"]
    process = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL)
    peak_rss = peak_pss = 0
    each: dict[int, tuple[int, str]] = {}
    while process.poll() is None:
        tree = _tree(process.pid)
        peak_rss = max(peak_rss, sum(_status(p, "VmRSS") for p in tree))
        peak_pss = max(peak_pss, sum(_pss(p) for p in tree))
        for pid in tree:
            high = _status(pid, "VmHWM")
            if high > each.get(pid, (0, ""))[0]:
                each[pid] = (high, _name(pid))
        time.sleep(0.01)
    ranked = sorted(each.values(), reverse=True)
    shown = ", ".join(f"{name} {high / 1024:.0f}" for high, name in ranked[:3])
    return peak_rss / 1024, peak_pss / 1024, (ranked[0][0] if ranked else 0) / 1024, shown


def _name(pid: int) -> str:
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    program = Path(arguments[0].decode(errors="replace")).name
    return "reportgen" if program.startswith("python") else program


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _status(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# -------------------------------------------------------------------- main


def font(work: Path, repeat: int) -> tuple[float, float]:
    """A warm PDF of 350 paragraphs, in-process: the template as shipped (Reportgen
    Serif, Liberation Serif at 103 %) against the same template set in Liberation Serif
    itself, so that the derived font's cost shows as a ratio."""
    from reportgen.writers import pdf

    session = work / "font" / "session.yaml"
    session.parent.mkdir(parents=True)
    session.write_text(gensession.generate(350), encoding="utf-8")
    prepared, _ = build.check([session])
    document = prepared[0].document
    shipped = prepared[0].templates.find("report.typ")
    plain = work / "font" / "templates"
    shutil.copytree(shipped.parent, plain)
    (plain / shipped.name).write_text(shipped.read_text(encoding="utf-8").replace(
        'font: "Reportgen Serif"', 'font: "Liberation Serif"', 1), encoding="utf-8")
    fonts = [pdf.bundled_font_dir()]
    return side_by_side(lambda: pdf.render_pdf(document, shipped, fonts),
                        lambda: pdf.render_pdf(document, plain / shipped.name, fonts), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--only", choices=["sizes", "set", "memory", "font"], action="append",
                        help="run only this part (may be repeated; default: all)")
    args = parser.parse_args()
    parts = set(args.only or ["sizes", "set", "memory", "font"])
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    try:
        print(f"reportgen benchmarks: {os.cpu_count()} CPUs, median of {args.repeat} runs "
              "(3,500 paragraphs: fewer), side by side\n", file=sys.stderr)
        rows: list[tuple[str, float, float]] = []
        big = work / "3500" / "session.yaml"
        if "sizes" in parts:
            rows, big = sizes(work, args.repeat)
            print(f"{'comparison':54} {'reportgen':>10} {'baseline':>10} {'ratio':>7}")
            for name, mine, baseline in rows:
                print(f"{name:54} {mine * 1000:8.0f}ms {baseline * 1000:8.0f}ms "
                      f"{mine / baseline:7.2f}")
        else:
            big.parent.mkdir()
            big.write_text(gensession.generate(3500), encoding="utf-8")
        sets: dict[str, object] = {}
        if "set" in parts:
            sets = project(work, args.repeat)
            print(f"\n20 sessions ({sets['documents']} documents, 3 formats each), "
                  "reportgen command:")
            print(f"  cold build                 {sets['cold']:7.2f} s")
            print(f"  no-op rebuild              {sets['noop']:7.2f} s   "
                  f"(in-process build(): {sets['noop_inside']:.2f} s)")
            print(f"  one session changed        {sets['changed']:7.2f} s   "
                  f"({sets['summary']})")
            for line in sets["rebuilt"]:  # type: ignore[attr-defined]
                print(f"      rebuilt: {line}")
            if sets["set_pdf"]:
                mine, baseline = sets["set_pdf"]  # type: ignore[misc]
                print(f"  all PDFs by typst          {mine:7.2f} s   vs LibreOffice converting "
                      f"the same DOCX: {baseline:.2f} s ({baseline / mine:.1f}× slower)")
        memory: dict[str, tuple[float, float, float]] = {}
        if "memory" in parts:
            print("\nwhere the time goes, 3,500 paragraphs, in-process:")
            for stage, seconds in breakdown(big):
                print(f"  {stage:38} {seconds:6.2f} s")
            print("\npeak memory, 3,500 paragraphs (MB): sum of RSS, sum of PSS over the "
                  "build's processes, and the largest processes (peak RSS)")
            for formats in ("txt,docx,pdf", "txt,docx", "pdf"):
                rss, pss, largest, shown = peak_memory(big, work, formats)
                memory[formats] = (rss, pss, largest)
                print(f"  --to {formats:14} {rss:7.0f} {pss:7.0f}   {shown}")
        if "font" in parts:
            scaled, liberation = font(work, args.repeat)
            print(f"\nwarm PDF, 350 paragraphs, in-process: Reportgen Serif "
                  f"{scaled * 1000:.0f} ms, Liberation Serif {liberation * 1000:.0f} ms "
                  f"(ratio {scaled / liberation:.2f})")
        _targets(rows, sets, memory)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _targets(rows: list[tuple[str, float, float]], sets: dict[str, object],
             memory: dict[str, tuple[float, float, float]]) -> None:
    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print("\ntargets:")
    for name, mine, baseline in rows:
        size = int(name.split("¶")[0])
        if "YAML → DOCX" in name:
            most = DOCX_TARGETS[size]
            print(f"  YAML → DOCX ≤ {most:.1f}× pandoc at {size}: {mine / baseline:.2f}× "
                  f"{verdict(mine <= most * baseline)}")
        if "PDF by typst" in name:
            least = PDF_TARGETS[size]
            print(f"  typst ≥ {least:g}× faster than LibreOffice at {size}: "
                  f"{baseline / mine:.1f}× {verdict(baseline >= least * mine)}")
        if "typst alone" in name:
            least = PDF_TARGETS[size]
            print(f"    (typst alone, without reportgen's start-up and preparation: "
                  f"{baseline / mine:.1f}× {verdict(baseline >= least * mine)})")
        if "(an edit)" in name:
            print(f"    (one paragraph edited before each build: {mine / baseline:.2f}×)")
        if "(floor)" in name:
            bound = (f"≤ {DOCX_TARGETS[size]:.1f}×: {mine / baseline:.2f}×" if "pandoc" in name
                     else f"≥ {PDF_TARGETS[size]:g}×: {baseline / mine:.1f}×")
            print(f"    (the floor, the interpreter with the libraries every build imports "
                  f"and the engine alone, {bound})")
    if sets.get("set_pdf"):
        mine, baseline = sets["set_pdf"]  # type: ignore[misc]
        print(f"  typst ≥ 5× faster than LibreOffice, 20-session set: {baseline / mine:.1f}× "
              f"{verdict(baseline >= 5 * mine)}")
    if sets:
        noop = float(sets["noop"])  # type: ignore[arg-type]
        print(f"  no-op rebuild of 20 sessions < 0.5 s: {noop:.2f} s {verdict(noop < 0.5)}")
        rebuilt = len(sets["rebuilt"])  # type: ignore[arg-type]
        print(f"  one changed session rebuilds only its documents: {rebuilt} rebuilt "
              f"{verdict(rebuilt == 1)}")
    if not memory:
        return
    _, pss, largest = memory["txt,docx,pdf"]
    print(f"  peak memory < 300 MB at 3,500 paragraphs: {pss:.0f} MB (PSS of the whole build; "
          f"largest process {largest:.0f} MB) {verdict(pss < 300)}")

if __name__ == "__main__":
    main()

"""Benchmark: building the example session, against the baselines a user would script.

Run with ``.venv/bin/python benchmarks/bench_build.py [--repeat N]``. Everything is
measured side by side in one run, and medians and ratios are printed, because
this machine is noisy: compare ratios, not seconds.

- reportgen YAML → DOCX  vs  pandoc Markdown → DOCX of the same text
- reportgen PDF (typst)  vs  LibreOffice converting reportgen's DOCX
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportgen import build
from reportgen.writers import docx as docx_writer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "meetings" / "ctoc-cop-wg7-2017" / "session.yaml"


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    action()  # warm-up: imports, caches, the reference document zip
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    build.build([EXAMPLE], ["txt", "docx"], work)
    text = next(work.glob("*.txt"))
    markdown = work / "report.md"
    # The text as Markdown paragraphs, escaped so pandoc reads it as text.
    markdown.write_text(text.read_text(encoding="utf-8").replace("$", "\\$"),
                        encoding="utf-8")
    pandoc = docx_writer.pandoc_path()
    rows: list[tuple[str, float, float]] = []

    ours = median_seconds(lambda: build.build([EXAMPLE], ["docx"], work / "d"), args.repeat)
    theirs = median_seconds(lambda: subprocess.run(
        [pandoc, str(markdown), "-o", str(work / "md.docx")], check=True), args.repeat)
    rows.append(("YAML → DOCX vs pandoc Markdown → DOCX", ours, theirs))

    ours = median_seconds(lambda: build.build([EXAMPLE], ["pdf"], work / "p"), args.repeat)
    soffice = shutil.which("soffice")
    if soffice:
        docx_file = next(work.glob("*.docx"))
        profile = work / "lo-profile"
        theirs = median_seconds(lambda: subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(work / "lo"), str(docx_file)],
            check=True, capture_output=True), max(3, args.repeat // 2))
        rows.append(("PDF: typst vs LibreOffice from the DOCX", ours, theirs))

    print(f"{'comparison':45} {'reportgen':>10} {'baseline':>10} {'ratio':>7}")
    for name, mine, baseline in rows:
        print(f"{name:45} {mine * 1000:8.0f}ms {baseline * 1000:8.0f}ms {mine / baseline:7.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

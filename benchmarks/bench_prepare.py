"""Preparing a session (load, validate, compose, number), this checkout beside another
revision, side by side in one run.

For the generated sessions of 35, 350 and 3,500 paragraphs:

- ``prepare`` alone, warm: one process preparing the session again after each
  one-paragraph edit, the parsed paragraphs kept, as ``reportgen watch`` does;
- the warm rebuild of the PDF after such an edit (``Watcher.rebuild``, as
  ``bench_watch.py`` times it);
- at 350 paragraphs, a cold ``reportgen build --to txt --force`` (a new process).

Each measurement runs in a new process for each revision, the two alternating round by
round (A B A B …), so that a busy machine slows both alike; the table gives the median of
each, and the ratio. The other revision is checked out by ``git archive`` into a
temporary folder and imported from there (its ``src`` first on ``PYTHONPATH``).

Run: ``.venv/bin/python benchmarks/bench_prepare.py [--against main] [--rounds 5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

SIZES = (35, 350, 3500)
EDITS = {35: 9, 350: 7, 3500: 3}  # timed edits a round (after one not timed)


def warm_prepare(folder: Path, size: int) -> list[float]:
    """The times of ``prepare`` after each edit, in one process with parses kept."""
    from bench_watch import Edits

    from reportgen.errors import Diagnostics
    from reportgen.pipeline import prose
    from reportgen.pipeline.prepare import prepare, template_set

    edits = Edits(folder, size)
    prose.keep_parses(True)
    diagnostics = Diagnostics()
    templates = template_set(edits.session, diagnostics)
    assert prepare(edits.session, diagnostics, templates=templates) is not None
    timings = []
    for _ in range(EDITS[size] + 1):
        edits.save()
        started = time.perf_counter()
        prepared = prepare(edits.session, Diagnostics(), templates=templates)
        timings.append(time.perf_counter() - started)
        assert prepared is not None
    return timings[1:]


def warm_pdf(folder: Path, size: int) -> list[float]:
    """The times of the PDF's warm rebuild after each edit (``bench_watch``'s way)."""
    from bench_watch import Edits, _rebuilds, _watcher

    from reportgen.tools.watch import stay_warm

    edits = Edits(folder, size)
    stay_warm()
    watcher = _watcher(folder, ["pdf"])
    return _rebuilds(watcher, edits, EDITS[size])


def cold_txt(folder: Path, size: int) -> list[float]:
    """The time of a new process building the TXT of the session (nothing recalled)."""
    import gensession

    session = folder / "session.yaml"
    session.write_text(gensession.generate(size), encoding="utf-8")
    command = [sys.executable, "-m", "reportgen", "build", str(session), "--to", "txt",
               "--force", "--out", str(folder / "build")]
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=os.environ.copy())
        timings.append(time.perf_counter() - started)
    return timings[1:]


MEASURES = {"warm-prepare": warm_prepare, "warm-pdf": warm_pdf, "cold-txt": cold_txt}


def _worker(measure: str, size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(MEASURES[measure](Path(folder), size)))


def _round(source: Path, measure: str, size: int) -> list[float]:
    """One round of ``measure`` in a new process importing reportgen from ``source``."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run([sys.executable, __file__, "--worker", measure, str(size)],
                          check=True, capture_output=True, text=True, env=env)
    return list(json.loads(done.stdout.splitlines()[-1]))


def _checkout(revision: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="main", help="the other revision (main)")
    parser.add_argument("--this", default="",
                        help="a revision to measure instead of the working tree")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--measures", default="warm-prepare,warm-pdf,cold-txt")
    parser.add_argument("--worker", nargs=2, metavar=("MEASURE", "SIZE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker[0], int(args.worker[1]))
        return
    with tempfile.TemporaryDirectory() as other, tempfile.TemporaryDirectory() as this:
        sources = {args.against: _checkout(args.against, Path(other)),
                   args.this or "this checkout":
                       _checkout(args.this, Path(this)) if args.this else REPO / "src"}
        names = " (ms) | ".join(sources)
        print(f"| measure | size | {names} (ms) | ratio |")
        print("|---|---:|---:|---:|---:|")
        for measure in args.measures.split(","):
            for size in map(int, args.sizes.split(",")):
                if measure == "cold-txt" and size != 350:
                    continue
                timings: dict[str, list[float]] = {name: [] for name in sources}
                for _ in range(args.rounds):
                    for name, source in sources.items():
                        timings[name] += _round(source, measure, size)
                before, after = (statistics.median(t) * 1000 for t in timings.values())
                print(f"| {measure} | {size} | {before:.1f} | {after:.1f} | "
                      f"{after / before:.2f} |", flush=True)


if __name__ == "__main__":
    main()

"""Benchmark: hostile session files fail fast, in bounded memory.

Run with ``.venv/bin/python benchmarks/bench_hostile.py``. Each file is checked
by ``reportgen check`` in a fresh process, several times; the script prints the
median wall time, the peak resident memory of the process and the message.
Targets (issue "Every bad input gets a clear error"): under 5 s and under
500 MB each.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEAT = 3


def billion_laughs(folder: Path) -> Path:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    path = folder / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fifty_megabytes(folder: Path) -> Path:
    """A session whose introduction has enough paragraphs to weigh 50 MB."""
    paragraph = "  - " + "The Working Group discussed the questionnaire at length. " * 20 + "\n"
    count = 50 * 1024 * 1024 // len(paragraph) + 1
    path = folder / "fifty.yaml"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("introduction:\n")
        for _ in range(count):
            stream.write(paragraph)
    return path


def just_under_the_limit(folder: Path) -> Path:
    """The largest file reportgen still parses (just under load.MAX_BYTES)."""
    paragraph = "  - " + "The Working Group discussed the questionnaire at length. " * 10 + "\n"
    path = folder / "near-limit.yaml"
    path.write_text("introduction:\n" + paragraph * (int(4.9 * 1024 * 1024) // len(paragraph)),
                    encoding="utf-8")
    return path


def deep_nesting(folder: Path) -> Path:
    path = folder / "deep.yaml"
    path.write_text("document: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return path


def measure(path: Path) -> tuple[float, float, str]:
    """Median seconds, peak RSS in MB of the slowest-memory run, and the first message line."""
    timings, peaks, message = [], [], ""
    for _ in range(REPEAT):
        started = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result = subprocess.run([sys.executable, "-m", "reportgen", "check", str(path)],
                                capture_output=True, text=True, check=False)
        timings.append(time.perf_counter() - started)
        # ru_maxrss of children is the largest so far (kB on Linux): each run is a new max
        # only if it used more; report the largest seen.
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
        message = result.stderr.splitlines()[0] if result.stderr else result.stdout.strip()
    return statistics.median(timings), max(peaks) / 1024, message


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = [billion_laughs(Path(folder)), fifty_megabytes(Path(folder)),
                 just_under_the_limit(Path(folder)), deep_nesting(Path(folder))]
        print(f"{'file':14} {'size':>9} {'median':>8} {'peak RSS':>9}  message")
        for path in files:
            seconds, megabytes, message = measure(path)
            size = path.stat().st_size / 1024 / 1024
            print(f"{path.name:14} {size:7.1f}MB {seconds:7.2f}s {megabytes:7.0f}MB  {message}")


if __name__ == "__main__":
    main()

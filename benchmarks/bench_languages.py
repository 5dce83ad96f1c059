"""Benchmark: every language version of the example against its English build alone.

``reportgen build meetings/ctoc-cop-wg7-2017 --lang all`` (six versions of the final
report, beside the English draft parts) against the same build without ``--lang``,
each a new process with ``--force``, alternately; medians and their ratio are
printed, per format set.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_build import ROOT, reportgen, side_by_side  # noqa: E402

SESSION = ROOT / "meetings" / "ctoc-cop-wg7-2017"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    print(f"{SESSION.name}, medians of {options.repeat}:")
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-languages-") as tmp:
        for formats in ("txt", "txt,docx,pdf"):
            def build(*extra: str, out: str, formats: str = formats) -> None:
                reportgen("build", str(SESSION), "--to", formats, "--force", "-q",
                          "--out", str(Path(tmp) / out), *extra)

            every, english = side_by_side(lambda: build("--lang", "all", out="all"),
                                          lambda: build(out="en"), options.repeat)
            print(f"  --to {formats:<13} all six {every:6.2f} s   English only "
                  f"{english:6.2f} s   ratio {every / english:.2f}")


if __name__ == "__main__":
    main()

"""The command line of ``reportgen style-diff OURS.docx THEIRS.docx``: options, run, exit status.

The exit status is 0 when no difference is unexplained, 1 otherwise, 2 for usage errors
and unreadable files, so the command can guard the reference document in CI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reportgen.errors import inert
from reportgen.tools.stylediff.comparing import compare, explain, load_explanations
from reportgen.tools.stylediff.reading import StyleDiffError, read_docx
from reportgen.tools.stylediff.reporting import format_report

PROG = "reportgen style-diff"
EXPLAIN_FILE = Path("docs") / "style-differences.yaml"


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage, so errors stay on one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise StyleDiffError(message)


def build_parser() -> argparse.ArgumentParser:
    """The command-line options of ``reportgen style-diff``."""
    parser = _Parser(prog=PROG, description="Compare the Word styles, page setup and "
                     "headers/footers of two DOCX files, side by side.")
    parser.add_argument("ours", type=Path, help="our DOCX (for example build/….docx)")
    parser.add_argument("theirs", type=Path, help="the DOCX to compare with (a real UN file)")
    parser.add_argument("--styles", help="comma-separated styleIds to compare "
                        "(default: the UN house styles, then every style in both files)")
    parser.add_argument("--explain", type=Path, help="YAML file of known differences, "
                        f"'key: reason', wildcards allowed (default: {EXPLAIN_FILE} if present)")
    parser.add_argument("--no-explain", action="store_true", help="ignore every explanation")
    parser.add_argument("--only-diff", action="store_true", help="print differing rows only")
    return parser


def default_explain_file() -> Path | None:
    """docs/style-differences.yaml in the current folder, else in this source checkout."""
    if EXPLAIN_FILE.is_file():
        return EXPLAIN_FILE
    # The checkout above src/reportgen/tools/stylediff/.
    checkout = Path(__file__).resolve().parents[4] / EXPLAIN_FILE
    return checkout if checkout.is_file() else None


def _style_ids(option: str | None) -> list[str] | None:
    if option is None:
        return None
    ids = [part.strip() for part in option.split(",") if part.strip()]
    if not ids:
        raise StyleDiffError("--styles needs at least one styleId (for example --styles SingleTxt)")
    return ids


def run(args: argparse.Namespace) -> int:
    """Compare, print the report, and return the exit status (0 or 1)."""
    explain_file = None if args.no_explain else (args.explain or default_explain_file())
    explanations = load_explanations(explain_file) if explain_file else {}
    style_ids = _style_ids(args.styles)
    ours, theirs = read_docx(args.ours), read_docx(args.theirs)
    rows = compare(ours, theirs, style_ids)
    stale = explain(rows, explanations)
    # Style names and texts come from the two files, which may be anyone's.
    sys.stdout.write(inert(format_report(args.ours, args.theirs, rows, only_diff=args.only_diff,
                                         explain_file=explain_file, stale=stale)))
    return 0 if all(r.reason for r in rows if r.differs) else 1


def main(argv: list[str] | None = None) -> int:
    """Entry point: 0 = no unexplained difference, 1 = some, 2 = usage or file error."""
    try:
        return run(build_parser().parse_args(argv))
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    except StyleDiffError as exc:
        print(inert(f"{PROG}: error: {exc}"), file=sys.stderr)
        return 2

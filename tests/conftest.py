"""Shared fixtures: the example session built once, golden files, external tools."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen import build
from reportgen.pipeline import compose
from reportgen.util import digests, usercache

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "meetings" / "ctoc-cop-wg7-2017" / "session.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"
STEM = "CTOC_COP_WG.7_2017_5"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def require_tool(name: str) -> str:
    """The path of an external program; skipped where missing, but never in CI."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing in CI: .ci/run must install it")
    pytest.skip(f"{name} is not installed (see README: make system-deps)")


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A user cache of the test's own (``$REPORTGEN_CACHE_DIR``), with nothing of it
    remembered by this process before or after: its folders, compiled templates and
    reported damage."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(folder))
    _forget_user_cache()
    yield folder
    _forget_user_cache()


def _forget_user_cache() -> None:
    usercache.folder.cache_clear()
    compose.environment.cache_clear()
    digests.take_damage()


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example session built into TXT, DOCX and PDF, once for the whole run."""
    out = tmp_path_factory.mktemp("example")
    build.build([EXAMPLE], list(build.FORMATS), out)
    return out


def normalise(text: str) -> list[str]:
    """The comparison the issue sets: strip, collapse spaces, drop "- " and empty lines."""
    lines = []
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", line.strip())
        if line.startswith("- "):
            line = line[2:]
        if line:
            lines.append(line)
    return lines


def from_organ_line(lines: list[str]) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.startswith("Conference of the"))
    return lines[start:]

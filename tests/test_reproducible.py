"""Same inputs, same bytes: across runs, time zones, and serial or parallel builds."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE, ROOT
from reportgen import build


def _digests(folder: Path) -> dict[str, str]:
    """Every output and the manifest, by name (not the cache record, which holds keys)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.suffix in (".txt", ".docx", ".pdf", ".json") and not p.name.startswith(".")}


def _cli_build(out: Path, **env: str) -> None:
    environ = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **env}
    environ.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", str(EXAMPLE), "--out",
                             str(out), "--quiet"], capture_output=True, text=True, env=environ,
                            cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr


def test_two_builds_in_two_time_zones_give_the_same_bytes(tmp_path: Path) -> None:
    _cli_build(tmp_path / "utc", TZ="UTC", LC_ALL="C.UTF-8")
    # The other side of the date line, and another locale.
    _cli_build(tmp_path / "kiritimati", TZ="Pacific/Kiritimati", LC_ALL="C")
    first, second = _digests(tmp_path / "utc"), _digests(tmp_path / "kiritimati")
    assert len(first) == 4 * 3 + 1  # four documents in three formats, and the manifest
    assert first == second


def test_parallel_builds_give_the_same_bytes_as_serial_ones(tmp_path: Path) -> None:
    serial = build.build([EXAMPLE], list(build.FORMATS), tmp_path / "serial",
                         build.Options(jobs=1, root=ROOT))
    parallel = build.build([EXAMPLE], list(build.FORMATS), tmp_path / "parallel",
                           build.Options(jobs=3, root=ROOT))
    assert len(serial.written) == len(parallel.written) == 4 * len(build.FORMATS)
    assert _digests(tmp_path / "serial") == _digests(tmp_path / "parallel")

"""reportgen installed with pip, outside the repository, finds its house style."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, STEM


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                    "--wheel-dir", str(out), str(ROOT)], check=True, timeout=600)
    return next(out.glob("reportgen-*.whl"))


def test_wheel_carries_templates_and_fonts(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("reportgen/templates/report.j2",
                     "reportgen/templates/report.typ",
                     "reportgen/templates/sentences/meeting-held.j2",
                     "reportgen/templates/languages/en.toml",
                     "reportgen/templates/reference-docx/word/styles.xml",
                     "reportgen/templates/reference-docx/[Content_Types].xml",
                     "reportgen/fonts/LiberationSerif-Regular.ttf",
                     "reportgen/templates/html/report.css",
                     "reportgen/tools/preview.js",
                     "reportgen/cli.py"):
        assert required in names, required


def test_installed_package_builds_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)],
                   check=True, timeout=900)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    session = elsewhere / "session.yaml"
    session.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([str(environment / "bin" / "reportgen"), "build", "session.yaml",
                             "--out", "out"], cwd=elsewhere, capture_output=True, text=True,
                            env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    text = (elsewhere / "out" / f"{STEM}.txt").read_text(encoding="utf-8")
    assert "32. On 13 September 2017, the Working Group adopted the present report" in text
    assert (elsewhere / "out" / f"{STEM}.docx").stat().st_size > 5000
    assert (elsewhere / "out" / f"{STEM}.pdf").read_bytes().startswith(b"%PDF")
    # The installed copy, not this checkout, provided the templates.
    where = subprocess.run([str(python), "-c", "import reportgen.pipeline.templates as t; "
                            "print(t.builtin_dir())"], capture_output=True, text=True,
                           env=env, cwd=elsewhere, check=True).stdout.strip()
    assert str(environment) in where

"""Cold start: ``reportgen --help`` imports no library a build needs, and the cover's
codes come from the user cache, without the libraries that draw them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import EXAMPLE, STEM

# What a build needs and --help does not (the standard library's included).
BUILD_ONLY = ["reportgen.build", "reportgen.config", "reportgen.outputs", "reportgen.pipeline",
              "reportgen.tools", "yaml", "ruamel", "jinja2", "markdown_it", "babel",
              "num2words", "rich", "barcode", "segno", "PIL", "typst", "pypandoc",
              "tempfile", "traceback", "concurrent", "multiprocessing"]
DRAWING = ["barcode", "segno", "PIL"]


def _loaded(code: str, env: dict[str, str] | None = None) -> list[str]:
    """The modules of BUILD_ONLY a new interpreter has loaded after ``code``."""
    script = (f"import sys\n{code}\nimport json\n"
              f"print(json.dumps(sorted(m for m in sys.modules if any(m == n or "
              f"m.startswith(n + '.') for n in {BUILD_ONLY!r}))))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, env={**os.environ, **(env or {})})
    return sorted({name.split(".")[0] if not name.startswith("reportgen") else
                   ".".join(name.split(".")[:2]) for name in json.loads(result.stdout)})


def test_the_command_module_imports_only_what_help_needs() -> None:
    assert _loaded("import reportgen.cli") == []
    assert _loaded("import contextlib, io\nfrom reportgen.cli import main\n"
                   "with contextlib.redirect_stdout(io.StringIO()):\n"
                   "    try:\n        main(['--help'])\n    except SystemExit:\n        pass") == []


def test_the_codes_are_drawn_once_then_taken_from_the_user_cache(tmp_path: Path) -> None:
    env = {"REPORTGEN_CACHE_DIR": str(tmp_path / "cache")}
    build = ("from pathlib import Path\nfrom reportgen import build\n"
             f"build.build([Path({str(EXAMPLE)!r})], ['docx', 'pdf'], Path({{out!r}}))")
    first = _loaded(build.format(out=str(tmp_path / "first")), env)
    assert set(DRAWING) <= set(first)  # drawn: the cache was empty
    again = _loaded(build.format(out=str(tmp_path / "again")), env)
    assert not set(DRAWING) & set(again)
    for suffix in (".docx", ".pdf"):
        name = STEM + suffix
        assert (tmp_path / "first" / name).read_bytes() == \
            (tmp_path / "again" / name).read_bytes(), name
    kept = Counter(p.name.rsplit("-", 1)[0] for p in (tmp_path / "cache").glob("codes-*/*"))
    # Each of the 4 documents (the report and its three draft parts) has a job number:
    # its barcode and its QR code, each drawn for the PDF and as the DOCX's image.
    assert kept == {"code39": 4, "code39-png": 4, "qr": 4, "qr-png": 4}

"""UN document symbols: what a symbol may look like, and the file name it gives.

The full grammar (series, subsidiary bodies, L./Add./Rev. components) and its
validator grow here; this first part covers what every build needs: a file
name derived from a symbol that is portable and cannot leave the output folder.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9.\-]+")


def filename(symbol: str) -> str:
    """"CTOC/COP/WG.7/2017/5" → "CTOC_COP_WG.7_2017_5", as the UN names its files.

    Only letters, digits, dots and hyphens survive, each run of anything else
    becomes one "_", and leading dots are dropped, so the name is the same on
    Windows, macOS and Linux and never a path ("..", "/").
    """
    name = _UNSAFE.sub("_", symbol.strip()).strip("_").lstrip(".")
    return name or "document"

"""reportgen: the official report of an intergovernmental meeting, from YAML to a UN document."""

from __future__ import annotations

# typing.TYPE_CHECKING without importing typing, which the kept --help page does
# without (helppage); mypy takes any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

__version__ = "0.1.0"


def __getattr__(name: str) -> Path:
    """``PACKAGE_DIR``: the installed package, below which lie its data, fonts and (in a
    wheel) templates. Computed when first asked for, so that what only imports the
    package (``reportgen --help``) does not import pathlib."""
    if name != "PACKAGE_DIR":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from pathlib import Path

    package_dir = Path(__file__).resolve().parent
    globals()["PACKAGE_DIR"] = package_dir  # kept: later lookups find it at once
    return package_dir

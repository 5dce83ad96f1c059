"""reportgen: the official report of an intergovernmental meeting, from YAML to a UN document."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

# The installed package: its data, fonts and (in a wheel) templates lie below it.
PACKAGE_DIR = Path(__file__).resolve().parent

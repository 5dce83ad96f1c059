"""reportgen: the official report of an intergovernmental meeting, from YAML to a UN document."""

from __future__ import annotations

__version__ = "0.1.0"

"""JSON text as the writers hand it to their programs (pandoc's AST, typst's data):
what ``json.dumps(value, ensure_ascii=False)`` gives, the characters as they are.

One encoder serves every call: ``json.dumps`` makes a new one at each call that is
given an option, and the writers make the JSON of a long report block by block.
"""

from __future__ import annotations

import json
from typing import Any

_ENCODER = json.JSONEncoder(ensure_ascii=False)


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``."""
    return _ENCODER.encode(value)

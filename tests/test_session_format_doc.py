"""docs/session-format.md documents every key of the session format."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from reportgen.pipeline import model

DOC = Path(__file__).resolve().parent.parent / "docs" / "session-format.md"
INTERNAL = {"loc", "field_locs", "value", "references"}  # positions, the text of a name, ref places


def _model_classes() -> list[type]:
    return [cls for cls in vars(model).values()
            if isinstance(cls, type) and dataclasses.is_dataclass(cls)
            and issubclass(cls, model.Node)]


def test_every_key_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    missing = sorted({f"{cls.__name__}.{f.name}" for cls in _model_classes()
                      for f in dataclasses.fields(cls)
                      if f.name not in INTERNAL and f"`{f.name}`" not in doc})
    assert not missing, f"not in docs/session-format.md: {missing}"


def test_every_sentence_template_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    sentences = Path(__file__).resolve().parent.parent / "templates" / "sentences"
    missing = [p.stem for p in sentences.glob("*.j2") if f"`{p.stem}`" not in doc]
    assert not missing

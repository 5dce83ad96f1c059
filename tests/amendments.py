"""Amended copies of the example session: the changes an editor makes after issue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from conftest import EXAMPLE

Data = dict[str, Any]


def insert_recommendation(data: Data) -> None:
    """A recommendation inserted before recommendation 11 (which recommendation 12 cites)."""
    group = data["recommendations"]["groups"][0]["groups"][0]["recommendations"]
    at = next(i for i, r in enumerate(group) if isinstance(r, dict)
              and r.get("id") == "commercial-carriers")
    group.insert(at, "States parties should consider sharing information on smuggling "
                     "routes through regional networks.")


def delete_deliberation(data: Data) -> None:
    """The second paragraph of chapter III deleted."""
    del data["deliberations"][0]["paragraphs"][1]


def change_words(data: Data) -> None:
    paragraphs = data["deliberations"][0]["paragraphs"]
    paragraphs[2] = str(paragraphs[2]).replace("Most speakers said", "Many speakers said")


def add_state(data: Data) -> None:
    data["attendance"]["states_parties"].insert(2, "Andorra")


def rename_heading(data: Data) -> None:
    group = data["recommendations"]["groups"][0]["groups"][0]
    group["title"] = "Use of the Convention against the smuggling of migrants"


AMENDMENTS: dict[str, Callable[[Data], None]] = {
    "recommendation inserted": insert_recommendation,
    "paragraph deleted": delete_deliberation,
    "words changed": change_words,
    "State added": add_state,
    "heading renamed": rename_heading,
}


def amended(folder: Path, *changes: Callable[[Data], None]) -> Path:
    yaml = YAML()
    data = yaml.load(EXAMPLE.read_text(encoding="utf-8"))
    for change in changes:
        change(data)
    path = folder / "session.yaml"
    folder.mkdir(parents=True)
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    return path



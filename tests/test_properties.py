"""Property tests: however editors insert, delete and move paragraphs, numbers stay right.

Random amendments are applied to the example session, whose paragraphs all
carry ids and whose recommendation 15 cites some of them. After each:
paragraph numbers run 1, 2, 3 … with no gap; every reference prints the
number its target now has (or, if the target was deleted, the build fails
naming it); and the renumbering report agrees with both versions.
"""

from __future__ import annotations

import copy
import io
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from conftest import EXAMPLE
from reportgen import build
from reportgen.errors import Diagnostics
from reportgen.pipeline.tree import Paragraph
from reportgen.tools import numbers

LISTS = ("introduction", "deliberation", "other")


def _base() -> Any:
    yaml = YAML()
    data = yaml.load(EXAMPLE.read_text(encoding="utf-8"))
    data.pop("draft")  # its parts name chapters that amendments may empty
    count = 0
    for paragraphs in _lists(data).values():
        for index, text in enumerate(paragraphs):
            count += 1
            paragraphs[index] = CommentedMap(id=f"p{count}", text=str(text))
    return data


def _lists(data: Any) -> dict[str, Any]:
    return {"introduction": data["introduction"],
            "deliberation": data["deliberations"][0]["paragraphs"],
            "other": data["other_matters"]["paragraphs"]}


BASE = _base()
IDS = [p["id"] for paragraphs in _lists(BASE).values() for p in paragraphs]


def _dump(data: Any) -> str:
    stream = io.StringIO()
    YAML().dump(data, stream)
    return stream.getvalue()


def _prepare(text: str) -> tuple[build.Prepared | None, Diagnostics]:
    diagnostics = Diagnostics()
    return build.prepare(EXAMPLE, diagnostics, text), diagnostics


operation = st.one_of(
    st.tuples(st.just("insert"), st.sampled_from(LISTS), st.integers(0, 20)),
    st.tuples(st.just("delete"), st.sampled_from(LISTS), st.integers(0, 20)),
    st.tuples(st.just("move"), st.sampled_from(LISTS), st.integers(0, 20),
              st.sampled_from(LISTS), st.integers(0, 20)),
)


def _amend(data: Any, operations: list[tuple[Any, ...]]) -> Any:
    amended = copy.deepcopy(data)
    lists = _lists(amended)
    for number, op in enumerate(operations):
        paragraphs = lists[op[1]]
        if op[0] == "insert":
            paragraphs.insert(op[2] % (len(paragraphs) + 1),
                              CommentedMap(id=f"new{number}", text=f"Inserted text {number}."))
        elif paragraphs and op[0] == "delete":
            del paragraphs[op[2] % len(paragraphs)]
        elif paragraphs and op[0] == "move":
            moved = paragraphs.pop(op[2] % len(paragraphs))
            target = lists[op[3]]
            target.insert(op[4] % (len(target) + 1), moved)
    return amended


def _cite(data: Any, cited: list[str]) -> None:
    general = data["recommendations"]["groups"][1]["recommendations"]
    general[0] = str(general[0]) + " See " + " and ".join(f"[[para:{i}]]" for i in cited) + "."


def _numbers_by_id(prepared: build.Prepared) -> dict[str, int]:
    return {b.id: int(b.number.rstrip(".")) for b in prepared.document.blocks
            if isinstance(b, Paragraph) and b.numbered and b.id}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=st.lists(operation, max_size=8),
       cited=st.lists(st.sampled_from(IDS), min_size=1, max_size=3, unique=True))
def test_numbers_and_references_survive_any_amendment(operations: list[tuple[Any, ...]],
                                                      cited: list[str]) -> None:
    old_data = copy.deepcopy(BASE)
    _cite(old_data, cited)
    new_data = _amend(old_data, operations)
    old, _ = _prepare(_dump(old_data))
    new, diagnostics = _prepare(_dump(new_data))
    assert old is not None
    surviving = {p["id"] for paragraphs in _lists(new_data).values() for p in paragraphs}
    lost = [i for i in cited if i not in surviving]
    if lost:  # a reference to a deleted paragraph fails the build, naming it
        assert new is None
        assert any(f"nothing has the id '{lost[0]}'" in d.message for d in diagnostics.errors)
        return
    assert new is not None, [str(d) for d in diagnostics.errors]
    numbered = [b for b in new.document.blocks if isinstance(b, Paragraph) and b.numbered]
    assert [b.number for b in numbered] == [f"{n}." for n in range(1, len(numbered) + 1)]
    numbers = _numbers_by_id(new)
    citing = next(c for c in new.citations if c.source == f"[[para:{cited[0]}]]")
    assert citing.printed == f"para. {numbers[cited[0]]}"
    for citation in new.citations:
        target = re.fullmatch(r"\[\[para:(.+)\]\]", citation.source)
        if target:
            assert citation.printed == f"para. {numbers[target[1]]}"
    _check_report(old, new)


def _check_report(old: build.Prepared, new: build.Prepared) -> None:
    report = numbers.compare(old, new)
    old_numbers, new_numbers = _numbers_by_id(old), _numbers_by_id(new)
    moves = report.paragraphs
    for before, after in moves.pairs:
        assert before.number == old_numbers.get(before.id, before.number)
        assert after.number == new_numbers.get(after.id, after.number)
        if before.id and after.id:
            assert before.id == after.id
    # Paragraphs written by reportgen (the standard sentences) have no id.
    paired_old = {b.id for b, _ in moves.pairs if b.id}
    paired_new = {a.id for _, a in moves.pairs if a.id}
    assert {i.id for i in moves.deleted if i.id} == set(old_numbers) - set(new_numbers)
    assert {i.id for i in moves.inserted if i.id} == set(new_numbers) - set(old_numbers)
    assert paired_old == paired_new == set(old_numbers) & set(new_numbers)
    # Every paragraph of each version is accounted for exactly once.
    old_count = len([b for b in old.document.blocks if isinstance(b, Paragraph) and b.numbered])
    new_count = len([b for b in new.document.blocks if isinstance(b, Paragraph) and b.numbered])
    assert len(moves.pairs) + len(moves.deleted) == old_count
    assert len(moves.pairs) + len(moves.inserted) == new_count
    for before, after in report.citations:
        assert before.source == after.source

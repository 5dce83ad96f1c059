"""The fast loader (libyaml) reads a file exactly as the full one (ruamel.yaml) does, or not at all.

``load`` reads ordinary files with ``fastyaml`` and everything else with
``fullyaml``. For that to change nothing a user sees, the two trees must be
equal: same keys in the same order, same values of the same types, same
line and column for every key, value and list entry. Where the fast loader
declines (``NotOrdinary``), the full one decides.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import rootcases
from conftest import EXAMPLE
from reportgen.errors import InputError
from reportgen.pipeline import fastyaml, fullyaml, load

SESSION_TEXTS = {f"roots/{name}": rootcases.session_bytes(name) for name in rootcases.names()}
SESSION_TEXTS["example"] = EXAMPLE.read_bytes()


def assert_same(fast: Any, full: Any, where: str = "top") -> None:
    """Equal values, types and positions, recursively."""
    if isinstance(full, dict):
        assert list(fast) == list(full), where
        assert (fast.lc.line, fast.lc.col) == (full.lc.line, full.lc.col), where
        for key in full:
            assert tuple(fast.lc.data[key]) == tuple(full.lc.data[key]), f"{where}.{key}"
            assert_same(fast[key], full[key], f"{where}.{key}")
    elif isinstance(full, list):
        assert len(fast) == len(full), where
        assert (fast.lc.line, fast.lc.col) == (full.lc.line, full.lc.col), where
        for index, entry in enumerate(full):
            assert tuple(fast.lc.data[index]) == tuple(full.lc.data[index]), f"{where}[{index}]"
            assert_same(fast[index], entry, f"{where}[{index}]")
    else:
        assert fast == full, where
        assert type(fast) is _base_type(full), where


def _base_type(value: Any) -> type:
    """ruamel.yaml returns subclasses (LiteralScalarString, ScalarInt): compare the base."""
    for kind in (bool, int, str, dt.date):
        if isinstance(value, kind):
            return kind
    return type(value)


def both(text: str) -> tuple[Any, Any]:
    """(fast tree or None if it declined, full tree)."""
    full = fullyaml.load_tree(Path("x.yaml"), text)
    try:
        fast = fastyaml.load_tree(text, load.MAX_DEPTH)
    except fastyaml.NotOrdinary:
        fast = None
    return fast, full


def test_libyaml_is_there() -> None:
    # Without it every file still loads, slowly: the speed of the build depends on it.
    assert fastyaml.available()


def test_the_example_session_takes_the_fast_path_and_reads_the_same() -> None:
    fast, full = both(EXAMPLE.read_text(encoding="utf-8"))
    assert fast is not None
    assert_same(fast, full)
    line, column = fast["meeting"].lc.value("start")
    assert fast.lc.line == 7 and fast["meeting"].lc.line == 18  # document:, then body:
    assert EXAMPLE.read_text(encoding="utf-8").splitlines()[line][column:] == "2017-09-11"


@pytest.mark.parametrize("name", sorted(SESSION_TEXTS))
def test_every_test_session_reads_the_same_or_goes_the_full_way(name: str) -> None:
    text = SESSION_TEXTS[name].decode("utf-8-sig", errors="replace")
    try:
        fast, full = both(text)
    except Exception:  # noqa: BLE001 - the full loader refuses it: so must the fast one
        with pytest.raises(fastyaml.NotOrdinary):
            fastyaml.load_tree(text, load.MAX_DEPTH)
        return
    if fast is not None:
        assert_same(fast, full)


@pytest.mark.parametrize("scalar, value", [
    ("12", 12), ("-3", -3), ("0", 0), ("2017-09-11", dt.date(2017, 9, 11)), ("~", None),
    ("null", None), ("true", True), ("False", False), ("yes", "yes"),
    ("no", "no"), ("on", "on"), ("2017 session", "2017 session"), ("1 a", "1 a"),
    ("'12'", "12"), ('"2017-09-11"', "2017-09-11"), ("US$ 3", "US$ 3"),
])
def test_plain_scalars_resolve_as_yaml_1_2(scalar: str, value: Any) -> None:
    fast, full = both(f"key: {scalar}\n")
    assert fast is not None and fast["key"] == value == full["key"]
    assert type(fast["key"]) is type(value)


@pytest.mark.parametrize("text", [
    "key: 0777\n", "key: 1.5\n", "key: 1.\n", "key: 1_000\n", "key: 0x1f\n", "key: .inf\n",
    "key: 2017-02-30\n", "key: 2017-09-11 10:00:00\n", "key: !!str 5\n", "key: !x y\n",
    "a: &a 1\nb: *a\n", "a: 1\na: 2\n", "%YAML 1.1\n---\nkey: yes\n", "? [a]\n: b\n",
    "a: [\n", "a: 1\n---\nb: 2\n", "<<: {a: 1}\n",
    "a:\n" + "".join("  " * depth + "- \n" for depth in range(1, 80)),
    # Where ruamel.yaml places an empty value by rules of its own, or reads the text
    # otherwise than libyaml (found in review):
    "key:\n", "a: # c\nb: 1\n", "{a: , b: 1}\n", "a: 1\nb:", "- \n- 1\n",
    "venue: Vienna\t\n", "a:\tb\n", "notes: |\n \n  text\n", "a: 1\u2028b: 2\n",
    "a:\x85b: 1\n", '["a":b]\n', "a: " + "1" * 5000 + "\n",
    "notes: |\r \r  text\r", "notes: |\r\n \r  text\r\n", "# c\n\ufeffm: 1\n",
    "item\ufeffs: 12\n",
])
def test_anything_unusual_is_left_to_the_full_loader(text: str) -> None:
    with pytest.raises(fastyaml.NotOrdinary):
        fastyaml.load_tree(text, load.MAX_DEPTH)


KEYS = st.sampled_from(["text", "id", "date", "items", "a b", "12", "x"])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
    st.sampled_from(["yes", "No", "1.", "14–16", "US$ 3 million", "#hash", "a: b", "- x",
                     "line\nbreak", "  lead", "trail  ", "'q'", '"d"', "2017 session"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(TREES, st.sampled_from([None, True, False]))
def test_random_documents_read_the_same(tree: Any, flow: bool | None) -> None:
    yaml = YAML(typ="rt")
    yaml.default_flow_style = flow
    buffer = io.StringIO()
    yaml.dump({"root": tree}, buffer)
    try:
        fast, full = both(buffer.getvalue())
    except InputError:
        return  # ruamel.yaml cannot read back what it wrote ("?0" unquoted): not our case

    if fast is not None:
        assert_same(fast, full)


def test_the_byte_test_of_unprintable_characters_agrees_with_the_pattern() -> None:
    """``load`` asks the UTF-8 bytes first whether a text may hold a character the
    located search reports; for every code point of one and two bytes, and those whose
    three bytes open as U+FFFE's (alone, after ASCII, after an accented letter and after
    a typographic apostrophe), and for some of four, the answer is the pattern's."""
    points = [*range(0x800), *range(0xEF00, 0x10000), 0x10000, 0x1F600, 0x10FFFF]
    for point in points:
        character = chr(point)
        for text in (character, "ab" + character, "é" + character + "x", "’" + character):
            assert load._may_be_unprintable(text) == bool(load._UNPRINTABLE.search(text)), \
                hex(point)
    assert load._may_be_unprintable("a\ud800b")  # a lone surrogate: left to the pattern


@pytest.mark.parametrize("text", ["a: b \n", "a: b\n \n", "a: b\r \r", "a: b\n  "])
def test_a_line_of_spaces_is_found_whatever_ends_it(text: str) -> None:
    """The string test asked before the pattern finds every line that ends in a space."""
    assert fastyaml._space_before_break(text)
    assert fastyaml._unusual(text) == bool(fastyaml._SPACES_LINE.search(text)
                                           or fastyaml._SPACES_LINE_FIRST.match(text))

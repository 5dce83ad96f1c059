"""User prose → inline nodes of the document tree.

Prose is Markdown for inline formatting and footnotes only. It is parsed in
markdown-it's inline mode with a short list of rules switched on, so it can
never make a heading, a list, a numbered paragraph, raw HTML or XML: what
users type appears as text, or as the emphasis they meant. Straight quotes
become typographic (“ ” ’) as in UN documents: the language's quotation marks
(``[prose] quotes`` of its language file), passed in as ``quotes``.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.pipeline.parses import Parses
from reportgen.pipeline.tree import Emph, Inline, Note, Ref, Strong, Text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

# [[paragraph:carriers]], [[paras:a,b,c]], [[Recommendation:x]], [[carriers]].
XREF = re.compile(r"\[\[(?:(?P<kind>[A-Za-z][A-Za-z.-]*):)?"
                  r"(?P<targets>[A-Za-z0-9_.-]+(?:\s*,\s*[A-Za-z0-9_.-]+)*)\]\]")


def _xref_rule(state: StateInline, silent: bool) -> bool:
    """Read a cross-reference; anything that does not match stays text."""
    if not state.src.startswith("[[", state.pos):
        return False
    match = XREF.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("xref", "", 0)
        token.content = match.group(0)
        kind = match["kind"] or ""
        token.meta = {"kind": kind.lower(), "capital": kind[:1].isupper(),
                      "targets": [t.strip() for t in match["targets"].split(",")]}
    state.pos = match.end()
    return True


@lru_cache(maxsize=16)
def _parser(markdown: bool, quotes: tuple[str, ...]) -> MarkdownIt:
    # Imported at the first text that was not parsed before (see ``parses_kept_for``).
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("zero", {"typographer": True, "quotes": list(quotes)})
    # "zero" starts with every rule off; "replacements" stays off on purpose:
    # it would turn "(c)" into "©" in "paragraph 3 (c)".
    rules = ["smartquotes", "newline"]
    if markdown:
        md.use(footnote_plugin)
        md.inline.ruler.before("emphasis", "xref", _xref_rule)
        # The plugin switches on all its rules; only inline notes ^[…] are wanted.
        md.disable(["footnote_def", "footnote_ref", "footnote_tail"])
        rules += ["emphasis", "escape", "footnote_inline", "xref"]
    md.enable(rules)
    return md


def parse(text: str, locations: dict[str, list[Any]] | None = None, *,
          quotes: tuple[str, ...]) -> list[Inline]:
    """Parse Markdown prose (emphasis, strong, ``^[footnote]``, ``[[cross-reference]]``).

    ``locations`` maps each reference as typed to where it stands in the
    session file, in order of appearance, so that errors can point at it.
    ``quotes`` are the language's: opening and closing double, then single.
    """
    nodes = _inline(text, markdown=True, quotes=quotes)
    if locations:
        _locate(nodes, {key: list(value) for key, value in locations.items()})
    return nodes


def _locate(nodes: list[Inline], locations: dict[str, list[Any]]) -> None:
    for node in nodes:
        if isinstance(node, Ref) and locations.get(node.source):
            node.location = locations[node.source].pop(0)
        elif isinstance(node, (Emph, Strong, Note)):
            _locate(node.children, locations)


def plain(text: str, *, quotes: tuple[str, ...]) -> list[Inline]:
    """A plain-text field (a title, a name): typographic quotes, nothing else."""
    return _inline(text, markdown=False, quotes=quotes)


def typographic(text: str, *, quotes: tuple[str, ...]) -> str:
    """The text of a plain field with typographic quotes, as a string."""
    return "".join(node.value for node in plain(text, quotes=quotes) if isinstance(node, Text))


# A process that stays loaded (reportgen watch) parses the same paragraphs again at every
# rebuild; it asks for what it parsed to be kept (``keep_parses``). Callers change the
# nodes they get (references are located, then resolved, in place; emphasis gets new
# children): each gets a copy. Text runs are never changed, only replaced, so the usual
# nodes (text, and emphasis of text) are kept as they are and copied by hand with their
# runs shared; others (references, notes) are kept pickled: unpickling a copy is several
# times faster than deepcopy.
_kept: dict[tuple[str, bool, tuple[str, ...]], bytes | tuple[Inline, ...]] | None = None
_KEPT_LIMIT = 50_000  # texts; a day's edits of the largest report stay far below


def keep_parses(on: bool = True) -> None:
    """From now on (``on``), each text is parsed once and its nodes kept for this process;
    ``on=False`` forgets them and parses every time again (a one-off build's way)."""
    global _kept
    _kept = {} if on else None


# A one-off build of a session parses the texts the last build of it parsed but one or
# two: it takes them from the user cache (``parses_kept_for``). (One for each thread: a
# library user may prepare sessions in threads.)
_recalled: ContextVar[Parses | None] = ContextVar("recalled_parses", default=None)


@contextmanager
def parses_kept_for(session: Path) -> Iterator[Parses]:
    """While the session at ``session`` is prepared, each text is taken from what the
    last build of it parsed where it is the same (``pipeline.parses``); the caller then
    keeps what this build parsed for the next (``Parses.save``). A process that keeps
    its own parses (``keep_parses``) reads none."""
    recalled = Parses(session)
    token = _recalled.set(recalled)
    try:
        yield recalled
    finally:
        _recalled.reset(token)


def _inline(text: str, *, markdown: bool, quotes: tuple[str, ...]) -> list[Inline]:
    if _kept is None:
        return _recalled_or_parsed(text, markdown=markdown, quotes=quotes)
    key = (text, markdown, quotes)
    if key not in _kept:
        if len(_kept) >= _KEPT_LIMIT:
            _kept.clear()
        parsed = _parse_inline(text, markdown=markdown, quotes=quotes)
        _kept[key] = tuple(parsed) if all(map(_plain_node, parsed)) else pickle.dumps(parsed)
    kept = _kept[key]
    if isinstance(kept, bytes):
        nodes: list[Inline] = pickle.loads(kept)
        return nodes
    return [node if type(node) is Text else type(node)(list(node.children))  # type: ignore
            for node in kept]


def _recalled_or_parsed(text: str, *, markdown: bool,
                        quotes: tuple[str, ...]) -> list[Inline]:
    recalled = _recalled.get()
    if recalled is None:
        return _parse_inline(text, markdown=markdown, quotes=quotes)
    key = recalled.key(text, markdown, quotes)
    nodes = recalled.find(key)
    if nodes is None:
        nodes = _parse_inline(text, markdown=markdown, quotes=quotes)
        recalled.keep(key, nodes)
    return nodes


def _plain_node(node: Inline) -> bool:
    """Text, or emphasis of text only: nodes a kept parse copies by hand."""
    return type(node) is Text or (type(node) in (Emph, Strong) and all(
        type(child) is Text for child in node.children))  # type: ignore[union-attr]


def _parse_inline(text: str, *, markdown: bool, quotes: tuple[str, ...]) -> list[Inline]:
    env: dict[str, Any] = {}
    tokens = _parser(markdown, quotes).parseInline(text.strip(), env)
    children = tokens[0].children or [] if tokens else []
    nodes = _convert(children, env, quotes)
    return merge_text(nodes)


def _convert(tokens: list[Token], env: dict[str, Any], quotes: tuple[str, ...]) -> list[Inline]:
    """Turn a flat token stream with open/close pairs into nested nodes."""
    root: list[Inline] = []
    stack: list[list[Inline]] = [root]
    for token in tokens:
        if token.type == "text":
            stack[-1].append(Text(token.content))
        elif token.type in ("softbreak", "hardbreak"):
            stack[-1].append(Text(" "))
        elif token.type in ("em_open", "strong_open"):
            node: Emph | Strong = Emph([]) if token.type == "em_open" else Strong([])
            stack[-1].append(node)
            stack.append(node.children)
        elif token.type in ("em_close", "strong_close"):
            stack.pop()
        elif token.type == "xref":
            stack[-1].append(Ref(kind=token.meta["kind"], targets=token.meta["targets"],
                                 source=token.content, capital=token.meta["capital"]))
        elif token.type == "footnote_ref":
            content = env["footnotes"]["list"][token.meta["id"]]["content"]
            stack[-1].append(Note(parse(content, quotes=quotes)))
        else:  # no other rule is enabled; keep any stray markup as text
            stack[-1].append(Text(token.content or token.markup))
    return root


def merge_text(nodes: list[Inline]) -> list[Inline]:
    """Join neighbouring text runs so that writers see whole words."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, (Emph, Strong)):
            node.children = merge_text(node.children)
        if out and isinstance(node, Text) and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].value + node.value)
        else:
            out.append(node)
    return out

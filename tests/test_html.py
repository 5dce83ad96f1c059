"""The HTML writer: the same text and numbers as the TXT file, escaped, accessible."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, ROOT, STEM
from reportgen import build
from reportgen.cli import main
from reportgen.errors import ExitCode
from reportgen.pipeline.tree import Document, Heading, Paragraph
from reportgen.writers import html, text

SESSIONS = sorted((ROOT / "meetings").glob("*/session.yaml"))
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "td", "th", "caption",
              "tr", "header", "nav", "main", "aside", "ol", "table"}


class _Page(HTMLParser):
    """What a reader of the page sees: the words of its body (footnote marks written
    "[1]" as the TXT writes them), its headings, and its elements' attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.in_body = False
        self.heading: list[str] | None = None
        self.title = ""
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append((tag, values))
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag == "body":
            self.in_body = True
        if tag in BLOCK_TAGS:
            self.words.append(" ")
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = []
        if tag != "img":
            self.stack.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            opened, values = self.stack.pop()
            if opened == tag:
                break
        if tag in BLOCK_TAGS:
            self.words.append(" ")
        if re.fullmatch(r"h[1-6]", tag) and self.heading is not None:
            self.headings.append((int(tag[1]), " ".join("".join(self.heading).split())))
            self.heading = None
        if tag == "span" and values.get("class") == "label" and self._inside("caption"):
            self.words.append(":")  # the TXT file writes "Table 1: Title"

    def _inside(self, tag: str) -> bool:
        return any(opened == tag for opened, _ in self.stack)

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "title":
            self.title += data
        if not self.in_body:
            return
        classes = {c for _, values in self.stack for c in values.get("class", "").split()}
        if self.stack and (self.stack[-1][1].get("class") == "note-mark" or
                           "noteref" in classes):
            data = f"[{data}]"
        self.words.append(data)
        if self.heading is not None:
            self.heading.append(data)


def page(source: str) -> _Page:
    parser = _Page()
    parser.feed(source)
    return parser


def words(source: str) -> list[str]:
    return "".join(page(source).words).split()


def txt_words(document: Document) -> list[str]:
    """The TXT file's words, without its leaders and rules (layout, not text)."""
    return [w for w in text.render_text(document).split() if not re.fullmatch(r"[.\-]{3,}", w)]


@pytest.fixture(scope="module")
def documents() -> list[tuple[Path, Document, str]]:
    """Every document of every example session, with its HTML."""
    prepared, diagnostics = build.check(SESSIONS)
    diagnostics.raise_if_errors()
    return [(p.path, d, html.write(d, p.templates).data.decode("utf-8"))
            for p in prepared for d in p.documents]


def test_every_example_session_is_rendered(documents: list[tuple[Path, Document, str]]) -> None:
    assert {path for path, _, _ in documents} == set(SESSIONS)
    assert len(documents) >= 10  # the reports and the parts of the draft reports


def test_text_and_numbers_equal_the_txt_file(documents: list[tuple[Path, Document, str]]
                                             ) -> None:
    for path, document, source in documents:
        assert words(source) == txt_words(document), (path, document.masthead.symbol)


def test_paragraph_numbers_and_ids_in_order(documents: list[tuple[Path, Document, str]]
                                            ) -> None:
    cited = 0
    for _path, document, source in documents:
        found = page(source)
        numbers = [values for tag, values in found.elements
                   if tag == "a" and values.get("class") == "num"]
        expected = [b for b in document.blocks if isinstance(b, Paragraph) and b.number]
        assert len(numbers) == len(expected)
        for link, block in zip(numbers, expected, strict=True):
            assert link["href"] == f"#{block.id}" if block.id else \
                link["href"].startswith("#rg-block-")
        divs = {values["id"]: values for tag, values in found.elements
                if tag == "div" and "id" in values}
        for block in expected:
            if block.id:
                assert divs[block.id]["data-cite"] == f"[[para:{block.id}]]"
                cited += 1
    assert cited >= 5  # the examples cite paragraphs by id


def test_headings_are_ranked_for_a_screen_reader(documents: list[tuple[Path, Document, str]]
                                                 ) -> None:
    for _path, document, source in documents:
        found = page(source)
        assert found.lang == document.masthead.language == "en"
        assert found.title.startswith(document.masthead.symbol)
        ranks = [rank for rank, _ in found.headings]
        assert ranks.count(1) == 1 and ranks[0] == 1
        assert found.headings[0][1] == document.masthead.title
        # Never deeper by more than one step (h2 then h4 would skip a level).
        assert all(b - a <= 1 for a, b in zip(ranks, ranks[1:], strict=False)), ranks
        chapters = [b for b in document.blocks if isinstance(b, Heading)
                    and b.level == "chapter"]
        h2 = [t for rank, t in found.headings if rank == 2]
        assert all(f"{b.label} " in " ".join(h2) for b in chapters)


def test_recommendation_ids_cite_as_recommendations(
        documents: list[tuple[Path, Document, str]]) -> None:
    source = next(s for _p, d, s in documents if d.masthead.symbol == "CTOC/COP/WG.7/2017/5")
    # Under a subsection (h4): one rank down.
    assert ('<h5 class="h recommendation" id="commercial-carriers" '
            'data-cite="[[recommendation:commercial-carriers]]">Recommendation 11</h5>'
            in source)


def test_the_style_sheet_and_emblem_travel_inside_the_page(
        documents: list[tuple[Path, Document, str]]) -> None:
    source = documents[0][2]
    assert "font-size: 10pt" in source and "--axis: 63.35pt" in source
    assert '<img class="emblem" src="data:image/jpeg;base64,/9j/' in source
    assert "<link" not in source and "<script" not in source and "http" not in source.split(
        "</style>")[1].replace("https://undocs.org", "")


def test_user_text_is_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    shutil.copytree(EXAMPLE.parent, folder)
    session = folder / "session.yaml"
    hostile = '<script>alert(1)</script> & <b onclick="x">'
    source = session.read_text(encoding="utf-8")
    session.write_text(source.replace("aware of their responsibilities",
                                      f"aware of {hostile} their responsibilities", 1),
                       encoding="utf-8")
    code, err = _build(session, tmp_path / "out")
    assert code == ExitCode.OK, err
    written = (tmp_path / "out" / f"{STEM}.html").read_text(encoding="utf-8")
    assert "<script" not in written and "<b " not in written
    assert ("aware of &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b onclick=&quot;x&quot;"
            "&gt; their" in written.replace("\u201c", "&quot;").replace("\u201d", "&quot;"))


def test_a_style_sheet_cannot_close_its_element() -> None:
    document = Document(masthead=build_masthead())
    written = html.render_html(document, "p { color: red } </style><script>x()</script>")
    # One element ends the sheet, after all of it: the script stays text inside it.
    assert written.count("</style>") == 1
    assert written.index("<script>x()") < written.index("</style>")
    assert "<\\/style><script>x()<\\/script>" in written


def build_masthead() -> html.Masthead:
    return html.Masthead(symbol="A/1", distribution="General", date="1 May 2025",
                         original_language="English", organ="General Assembly", title="T")


def _build(session: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(session), "--to", "html", "--out", str(out),
                                       "-q"])
    return result.exit_code, result.stderr


def test_build_to_html_writes_one_page_per_document(tmp_path: Path) -> None:
    code, err = _build(EXAMPLE, tmp_path)
    assert code == ExitCode.OK, err
    pages = sorted(p.name for p in tmp_path.glob("*.html"))
    assert pages == [f"{STEM}.html", "CTOC_COP_WG.7_2017_L.1.html",
                     "CTOC_COP_WG.7_2017_L.1_Add.1.html", "CTOC_COP_WG.7_2017_L.1_Add.2.html"]
    first = page((tmp_path / f"{STEM}.html").read_text(encoding="utf-8"))
    assert [t for r, t in first.headings if r == 2][:2] == ["I. Introduction",
                                                           "II. Recommendations"]

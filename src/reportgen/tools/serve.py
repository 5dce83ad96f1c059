"""The live preview of ``reportgen watch --serve``: the HTML pages in a browser.

A small server (the standard library's, in a thread) on 127.0.0.1 serves the
HTML outputs of the build folder, as the last good build wrote them (``/`` lists
them, or opens the only one), and tells
each open page of every rebuild through server-sent events (``/events``). The
page's script (``preview.js``, added to each page as it is served) then fetches
its new text, puts it in place, and scrolls to the first block that changed; when
the rebuild failed, the located errors stand in a banner over the last good
rendering.

The server reads nothing but the ``.html`` files of the build folder, by name,
and listens only on the loopback address.
"""

from __future__ import annotations

import json
import re
import threading
from functools import partial
from html import escape, unescape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from reportgen.pipeline import symbols

SCRIPT = Path(__file__).with_name("preview.js")
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
# How often an idle event stream says it is alive (a closed page is then noticed).
KEEPALIVE_SECONDS = 10.0


class Preview:
    """The server, and the state every page follows: the last rebuild's outcome."""

    def __init__(self, out: Path):
        self.out = out
        self.version = 0  # counts the good rebuilds: a page is out of date below it
        self.problems: list[str] = []
        self.first = ""  # the first document's page, listed first at "/"
        self.changed = threading.Condition()
        self.server: ThreadingHTTPServer | None = None
        self.script = SCRIPT.read_text(encoding="utf-8")

    def publish(self, failed: bool, documents: list[str], problems: list[str]) -> None:
        """A rebuild of ``documents`` (symbols) finished, or ``failed`` with ``problems``
        (each shown, located): wake every page's event stream."""
        with self.changed:
            if not failed:
                self.version += 1
                if documents:
                    self.first = symbols.filename(documents[0]) + ".html"
            self.problems = list(problems)
            self.changed.notify_all()

    def key(self) -> tuple[int, list[str]]:
        return self.version, self.problems

    def moved(self, seen: tuple[int, list[str]] | None) -> bool:
        """Whether a page that was sent ``seen`` has something new to hear (or the
        preview stopped)."""
        return self.version < 0 or self.key() != seen

    def state(self) -> dict[str, Any]:
        return {"version": self.version, "problems": self.problems}

    def start(self, port: int = 0) -> str:
        """Serve in a thread on ``port`` (0: any free one); returns the page's address."""
        preview = self

        class Handler(_Handler):
            owner = preview

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, name="preview",
                         daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        with self.changed:
            self.version = -1  # ends the event streams
            self.changed.notify_all()

    def names(self) -> list[str]:
        """The HTML outputs of the build folder: the first document's first, then the
        others by name."""
        try:
            found = sorted(p.name for p in self.out.iterdir() if p.suffix == ".html")
        except OSError:
            return []
        return sorted(found, key=lambda name: name != self.first)

    def page(self, name: str) -> bytes | None:
        """An HTML output of the build folder, with the preview's script, or None."""
        if name not in self.names():
            return None
        try:
            html = (self.out / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # not ours, or not whole: not shown
            return None
        return html.replace("</body>", self._tail() + "\n</body>", 1).encode("utf-8")

    def _tail(self) -> str:
        return f'<script id="rg-preview" data-version="{self.version}">{self.script}</script>'

    def index_page(self, names: list[str]) -> bytes:
        """What "/" shows when the folder holds several documents: a link to each, with
        its title, following the rebuilds as a report's page does (and, before any
        build succeeded, the errors over an empty list)."""
        items = "".join(
            f'<li data-block="{number}"><a href="/{quote(name)}">{escape(title)}</a></li>'
            for number, (name, title) in enumerate((n, self._title(n)) for n in names))
        return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                '<title>reportgen preview</title></head><body><article class="document">'
                f'<main><ul class="rg-documents">{items}</ul></main></article>'
                f"{self._tail()}</body></html>").encode()

    def _title(self, name: str) -> str:
        """The page's own title (the HTML writer's "<symbol> — <title>"), else its name."""
        try:
            found = _TITLE.search((self.out / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            found = None
        return unescape(found[1]) if found else name


class _Handler(BaseHTTPRequestHandler):
    owner: Preview

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        """Quiet: the terminal shows rebuilds, not requests."""

    def do_GET(self) -> None:  # noqa: N802 (the base class's name)
        path = unquote(urlsplit(self.path).path)
        if path == "/events":
            self.events()
        elif path == "/state":
            self.send(HTTPStatus.OK, "application/json", json.dumps(self.owner.state()).encode())
        elif path == "/":
            names = self.owner.names()
            if len(names) == 1:
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", "/" + quote(names[0]))
                self.end_headers()
            else:
                self.send(HTTPStatus.OK, "text/html; charset=utf-8",
                          self.owner.index_page(names))
        else:
            page = self.owner.page(path.lstrip("/"))
            if page is None:
                self.send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8",
                          b"no such page in the build folder\n")
            else:
                self.send(HTTPStatus.OK, "text/html; charset=utf-8", page)

    def send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def events(self) -> None:
        """The state now, then again after every rebuild, until the page goes away."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        owner = self.owner
        seen: tuple[int, list[str]] | None = None
        try:
            while True:
                # The socket is written outside the lock: a slow page never holds up
                # the rebuild that publishes.
                with owner.changed:
                    owner.changed.wait_for(partial(owner.moved, seen), KEEPALIVE_SECONDS)
                    if owner.version < 0:
                        return
                    key, state = owner.key(), json.dumps(owner.state())
                if key == seen:
                    self.wfile.write(b": alive\n\n")
                else:
                    self.wfile.write(f"data: {state}\n\n".encode())
                    seen = key
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
